//! Structured readings of the commands rules care about.
//!
//! Each reader takes one [`Command`](super::Command), looks through wrappers (`sudo`, `env`...)
//! and returns `None` quickly for any other command, so rules can call them on every command of
//! every `RUN`. They borrow the command's words; the readings rules ask for most are made once
//! per command, so that asking allocates nothing.
//!
//! - [`package_command`]: apt-get, apt, aptitude, apk, yum, dnf, microdnf, tdnf, zypper, pip
//!   (also `python -m pip`), uv, npm, yarn, pnpm, gem, go, cargo, conda, mamba, micromamba.
//! - [`download`] and [`executed_by`]: curl and wget, and whether what they fetch is run.
//! - [`account`]: useradd, adduser, groupadd, addgroup (shadow, Debian and BusyBox syntaxes).
//! - [`removal`]: `rm` and its targets.

mod accounts;
mod download;
mod packages;
mod remove;

pub use accounts::{Account, AccountSyntax, AccountTool, account};
pub use download::{Download, DownloadTool, download, executed_by};
pub use packages::{Action, Manager, PackageCommand, PackageIter, PackageSpec, Packages, package_command};
pub use remove::{Removal, Removed, removal};

use super::{Command, OptionValue, Word};
use download::DownloadIndex;
use packages::PackageIndex;
use remove::RemovalIndex;

/// The reading of a command that several rules ask for, made once when its words are set (the
/// tools have distinct names, so a command is at most one of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ToolIndex {
    Package(PackageIndex),
    Download(DownloadIndex),
    Removal(RemovalIndex),
}

impl ToolIndex {
    pub(crate) fn of(command: &Command<'_>) -> Option<Box<ToolIndex>> {
        // Every command is read: go by its name to the one reader that may know it.
        let name = command.unwrap_wrappers().name()?;
        let tool = if DownloadTool::named(name).is_some() {
            ToolIndex::Download(DownloadIndex::of(command)?)
        } else if remove::is_removal(name) {
            ToolIndex::Removal(RemovalIndex::of(command)?)
        } else {
            ToolIndex::Package(PackageIndex::of(command)?)
        };
        Some(Box::new(tool))
    }
}

/// The index of `word` in `words`, which holds it. Readings that many rules ask for are made
/// once and kept in the command by word indices (the command cannot hold references to its
/// own words); each call rebuilds the borrowed view from them.
fn word_index(words: &[Word<'_>], word: &Word<'_>) -> usize {
    (word as *const Word<'_> as usize - words.as_ptr() as usize) / std::mem::size_of::<Word<'_>>()
}

/// Some words of a command, picked by index (a download's URLs, the targets of an `rm`): a
/// view borrowed from the reading kept in the command, so that asking for it allocates nothing.
#[derive(Debug, Clone, Copy)]
pub struct PickedWords<'a, 's> {
    words: &'a [Word<'s>],
    picked: &'a [usize],
}

impl<'a, 's> PickedWords<'a, 's> {
    /// The picked words, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &'a Word<'s>> + ExactSizeIterator + use<'a, 's> {
        let words = self.words;
        self.picked.iter().map(move |&i| &words[i])
    }

    pub fn len(&self) -> usize {
        self.picked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.picked.is_empty()
    }

    pub fn first(&self) -> Option<&'a Word<'s>> {
        self.get(0)
    }

    pub fn get(&self, index: usize) -> Option<&'a Word<'s>> {
        self.picked.get(index).map(|&i| &self.words[i])
    }
}

impl<'s> std::ops::Index<usize> for PickedWords<'_, 's> {
    type Output = Word<'s>;

    fn index(&self, index: usize) -> &Word<'s> {
        &self.words[self.picked[index]]
    }
}

/// An [`OptionValue`] kept by word index: the word and the length of the value (its tail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ValueIndex {
    word: usize,
    len: usize,
}

impl ValueIndex {
    fn of(words: &[Word<'_>], value: &OptionValue<'_, '_>) -> ValueIndex {
        ValueIndex { word: word_index(words, value.word), len: value.value.len() }
    }

    fn view<'a, 's>(self, words: &'a [Word<'s>]) -> OptionValue<'a, 's> {
        let word = &words[self.word];
        if self.len == word.value.len() {
            OptionValue::whole(word)
        } else {
            OptionValue::attached(word, word.value.len() - self.len)
        }
    }
}

/// Shells that run a script given with `-c` or on standard input.
pub const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "yash", "posh", "rbash"];

/// Whether `name` is a shell (see [`SHELLS`]).
pub fn is_shell(name: &str) -> bool {
    SHELLS.contains(&name)
}
