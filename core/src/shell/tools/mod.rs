//! Structured readings of the commands rules care about.
//!
//! Each reader takes one [`Command`](super::Command), looks through wrappers (`sudo`, `env`...)
//! and returns `None` quickly for any other command, so rules can call them on every command of
//! every `RUN`. They borrow the command's words and allocate only the short lists they return.
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
pub use packages::{Action, Manager, PackageCommand, PackageSpec, package_command};
pub use remove::{Removal, removal};

/// Shells that run a script given with `-c` or on standard input.
pub const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "yash", "posh", "rbash"];

/// Whether `name` is a shell (see [`SHELLS`]).
pub fn is_shell(name: &str) -> bool {
    SHELLS.contains(&name)
}
