//! `rm`: what is removed, and how.

use super::{PickedWords, ToolIndex, word_index};
use crate::shell::{Command, Invocation, Opt, OptionSpec, Options};

/// An `rm` command.
#[derive(Debug, Clone)]
pub struct Removal<'a, 's> {
    /// The paths, as written (globs and variables unexpanded).
    pub targets: PickedWords<'a, 's>,
    /// `-r`, `-R` or `--recursive`.
    pub recursive: bool,
    /// `-f` or `--force`.
    pub force: bool,
    /// The invocation from `rm` on, after wrappers.
    pub invocation: Invocation<'a, 's>,
}

/// Reads an `rm` command; `None` for any other command.
///
/// The reading is made once, when the shell parser sets the command's words; this only
/// rebuilds the borrowed view.
// Inlined: rules ask about every command, most of which are no such command.
#[inline]
pub fn removal<'a, 's>(command: &'a Command<'s>) -> Option<Removal<'a, 's>> {
    match command.tool.as_deref() {
        Some(ToolIndex::Removal(r)) => Some(r.view(command)),
        _ => None,
    }
}

/// A [`Removal`] kept by word indices (see [`word_index`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemovalIndex {
    targets: Vec<usize>,
    recursive: bool,
    force: bool,
    /// Where the invocation starts in the command's words.
    start: usize,
}

impl RemovalIndex {
    /// Reads a command whose words are set.
    pub(crate) fn of(command: &Command<'_>) -> Option<RemovalIndex> {
        let invocation = command.unwrap_wrappers();
        if !is_removal(invocation.name()?) {
            return None;
        }
        let mut removal = RemovalIndex {
            targets: Vec::new(),
            recursive: false,
            force: false,
            start: invocation.wrappers.len(),
        };
        for opt in Options::new(invocation.args(), OptionSpec::default()) {
            match opt {
                Opt::Positional(word) => removal.targets.push(word_index(&command.words, word)),
                o if o.is(Some('r'), &["--recursive"]) || o.is(Some('R'), &[]) => removal.recursive = true,
                o if o.is(Some('f'), &["--force"]) => removal.force = true,
                _ => {}
            }
        }
        Some(removal)
    }

    fn view<'a, 's>(&'a self, command: &'a Command<'s>) -> Removal<'a, 's> {
        let words = &command.words;
        let (wrappers, rest) = words.split_at(self.start);
        Removal {
            targets: PickedWords { words, picked: &self.targets },
            recursive: self.recursive,
            force: self.force,
            invocation: Invocation { command, wrappers, words: rest },
        }
    }
}

/// Whether a command name is the one [`removal`] reads.
pub(super) fn is_removal(name: &str) -> bool {
    name == "rm"
}

/// What one `rm` target removes, for matching paths against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed<'t> {
    /// `/`, `/*`: everything.
    Everything,
    /// `/var/lib/apt/lists*`: every path that starts with the stem (a name glob).
    StartingWith(&'t str),
    /// `dir`, `dir/`, `dir/*`, `dir/**`: the directory and everything in it.
    Below(&'t str),
    /// An empty target: nothing.
    Nothing,
}

impl Removed<'_> {
    /// Whether `path` (trailing slashes already trimmed) is removed.
    pub fn covers(self, path: &str) -> bool {
        match self {
            Removed::Everything => true,
            Removed::StartingWith(stem) => path.starts_with(stem),
            Removed::Below(dir) => {
                dir == path || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
            }
            Removed::Nothing => false,
        }
    }
}

impl<'s> Removal<'_, 's> {
    /// What each target removes, in order.
    pub fn removed(&self) -> impl Iterator<Item = Removed<'_>> {
        self.targets.iter().map(|t| {
            let v = t.value.as_ref();
            let v = v.strip_suffix("/**").or_else(|| v.strip_suffix("/*")).unwrap_or(v).trim_end_matches('/');
            if v.is_empty() {
                return if t.value.starts_with('/') { Removed::Everything } else { Removed::Nothing };
            }
            match v.strip_suffix('*').filter(|s| !s.contains(['*', '?', '[']) && s.contains('/')) {
                Some(stem) => Removed::StartingWith(stem),
                None => Removed::Below(v),
            }
        })
    }

    /// Whether the contents of directory `path` are removed: a target is `path`, `path/`,
    /// `path/*` or `path/**`, a directory above it (`/var/lib/apt` covers
    /// `/var/lib/apt/lists`), or a name glob matching it (`/var/lib/apt/lists*`). Trailing
    /// slashes in `path` are ignored.
    pub fn covers(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        self.removed().any(|removed| removed.covers(path))
    }
}
