//! Package managers: which action, which packages, which flags.

use super::{ToolIndex, ValueIndex, word_index};
use crate::shell::{Command, Invocation, Opt, OptionSpec, OptionValue, Options, Word, basename};

/// A package manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manager {
    /// Debian's `apt-get`.
    AptGet,
    /// Debian's interactive `apt`.
    Apt,
    /// Debian's `aptitude`.
    Aptitude,
    /// Alpine's `apk`.
    Apk,
    /// `yum` (RHEL 7, CentOS, Amazon Linux 2).
    Yum,
    /// `dnf`, `dnf5` (Fedora, RHEL 8+).
    Dnf,
    /// `microdnf` (UBI minimal images).
    Microdnf,
    /// `tdnf` (Photon OS, Azure Linux).
    Tdnf,
    /// openSUSE's `zypper`.
    Zypper,
    /// `pip`, `pip3`, `pip3.12`, `python -m pip`.
    Pip,
    /// `uv pip ...`, `uv tool install`, `uv add`.
    Uv,
    /// `npm`.
    Npm,
    /// `yarn` (classic and berry).
    Yarn,
    /// `pnpm`.
    Pnpm,
    /// Ruby's `gem`.
    Gem,
    /// `go install`, `go get`.
    Go,
    /// `cargo install`.
    Cargo,
    /// `conda`.
    Conda,
    /// `mamba`.
    Mamba,
    /// `micromamba`.
    Micromamba,
}

impl Manager {
    /// The usual command name.
    pub fn name(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Yum => "yum",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Tdnf => "tdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Uv => "uv",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Cargo => "cargo",
            Manager::Conda => "conda",
            Manager::Mamba => "mamba",
            Manager::Micromamba => "micromamba",
        }
    }

    /// Whether it manages the operating system's packages (apt, apk, rpm and zypper families).
    pub fn is_system(self) -> bool {
        matches!(
            self,
            Manager::AptGet
                | Manager::Apt
                | Manager::Aptitude
                | Manager::Apk
                | Manager::Yum
                | Manager::Dnf
                | Manager::Microdnf
                | Manager::Tdnf
                | Manager::Zypper
        )
    }

    /// Whether it is one of the Debian family (`apt-get`, `apt`, `aptitude`).
    pub fn is_apt(self) -> bool {
        matches!(self, Manager::AptGet | Manager::Apt | Manager::Aptitude)
    }

    /// Whether it is one of the RPM family (`yum`, `dnf`, `microdnf`, `tdnf`).
    pub fn is_rpm(self) -> bool {
        matches!(self, Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf)
    }

    /// The manager a command name stands for (`pip3.11` is pip); `python -m pip` and `uv` are
    /// recognised by [`package_command`].
    pub fn from_name(name: &str) -> Option<Manager> {
        Some(match name {
            "apt-get" => Manager::AptGet,
            "apt" => Manager::Apt,
            "aptitude" => Manager::Aptitude,
            "apk" => Manager::Apk,
            "yum" => Manager::Yum,
            "dnf" | "dnf5" | "dnf-3" => Manager::Dnf,
            "microdnf" => Manager::Microdnf,
            "tdnf" => Manager::Tdnf,
            "zypper" => Manager::Zypper,
            "uv" => Manager::Uv,
            "npm" => Manager::Npm,
            "yarn" | "yarnpkg" => Manager::Yarn,
            "pnpm" => Manager::Pnpm,
            "gem" => Manager::Gem,
            "go" => Manager::Go,
            "cargo" => Manager::Cargo,
            "conda" => Manager::Conda,
            "mamba" => Manager::Mamba,
            "micromamba" => Manager::Micromamba,
            _ if is_versioned(name, "pip") => Manager::Pip,
            _ => return None,
        })
    }

    /// How the manager reads its options.
    fn spec(self) -> OptionSpec<'static> {
        let takes_value: &'static [&'static str] = match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => APT,
            Manager::Apk => APK,
            Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf => RPM,
            Manager::Zypper => ZYPPER,
            Manager::Pip | Manager::Uv => PIP,
            Manager::Npm => NPM,
            Manager::Yarn => YARN,
            Manager::Pnpm => PNPM,
            Manager::Gem => GEM,
            Manager::Go => GO,
            Manager::Cargo => CARGO,
            Manager::Conda | Manager::Mamba | Manager::Micromamba => CONDA,
        };
        OptionSpec { takes_value, single_dash_long: self == Manager::Go, stop_at_positional: false }
    }
}

/// `name`, or `name` followed by a version such as `3` or `3.11`.
fn is_versioned(name: &str, base: &str) -> bool {
    name.strip_prefix(base).is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

const APT: &[&str] = &[
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
    "--default-release",
    "-a",
    "--host-architecture",
    "-P",
    "--build-profiles",
    "-F",
    "--display-format",
    "-w",
    "--width",
];
const APK: &[&str] = &[
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "-t",
    "--virtual",
    "--cache-dir",
    "--keys-dir",
    "--repositories-file",
    "--cache-max-age",
    "--timeout",
];
const RPM: &[&str] = &[
    "-c",
    "--config",
    "--enablerepo",
    "--disablerepo",
    "--setopt",
    "--installroot",
    "--releasever",
    "-x",
    "--exclude",
    "--repo",
    "--repoid",
    "--forcearch",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--downloaddir",
    "--destdir",
    "--color",
    "--rpmverbosity",
    "--repofrompath",
    "--advisory",
    "--advisories",
    "--bz",
    "--cve",
    "--sec-severity",
    "--secseverity",
    "--comment",
    "--best-effort",
];
const ZYPPER: &[&str] = &[
    "-c",
    "--config",
    "-R",
    "--root",
    "-r",
    "--repo",
    "-t",
    "--type",
    "--from",
    "-D",
    "--reposd-dir",
    "-C",
    "--cache-dir",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "--download",
    "--installroot",
];
const PIP: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--upgrade-strategy",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--only-binary",
    "--no-binary",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--trusted-host",
    "--cert",
    "--client-cert",
    "--exists-action",
    "--global-option",
    "--install-option",
    "-C",
    "--config-settings",
    "--report",
    "--root-user-action",
    "--python",
    "-p",
    "--index-strategy",
    "--keyring-provider",
    "--resolution",
    "--prerelease",
    "--python-platform",
    "--extra",
    "--group",
    "--default-index",
    "--index",
];
const NPM: &[&str] = &[
    "--prefix",
    "--registry",
    "--cache",
    "-w",
    "--workspace",
    "--omit",
    "--include",
    "--tag",
    "--loglevel",
    "--userconfig",
    "--globalconfig",
    "--install-strategy",
    "--location",
];
const YARN: &[&str] = &[
    "--cwd",
    "--modules-folder",
    "--cache-folder",
    "--network-timeout",
    "--registry",
    "--mutex",
    "--global-folder",
    "--link-folder",
    "--preferred-cache-folder",
    "--network-concurrency",
    "--use-yarnrc",
];
const PNPM: &[&str] = &[
    "--filter",
    "-F",
    "--dir",
    "-C",
    "--store-dir",
    "--registry",
    "--reporter",
    "--loglevel",
    "--virtual-store-dir",
    "--modules-dir",
];
const GEM: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--source",
    "-s",
    "-P",
    "--trust-policy",
    "--platform",
    "--build-root",
    "-g",
    "--file",
];
const GO: &[&str] = &[
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-tags",
    "-o",
    "-mod",
    "-modfile",
    "-p",
    "-C",
    "-pkgdir",
    "-overlay",
    "-exec",
    "-toolexec",
    "-compiler",
    "-installsuffix",
    "-buildmode",
    "-gccgoflags",
    "-pgo",
    "-covermode",
    "-coverpkg",
    "--ldflags",
    "--tags",
];
const CARGO: &[&str] = &[
    "--version",
    "--vers",
    "--git",
    "--branch",
    "--tag",
    "--rev",
    "--path",
    "--root",
    "--index",
    "--registry",
    "--features",
    "-F",
    "-j",
    "--jobs",
    "--target",
    "--target-dir",
    "--profile",
    "--bin",
    "--example",
    "--config",
    "-Z",
    "--color",
];
const CONDA: &[&str] = &[
    "-n",
    "--name",
    "-p",
    "--prefix",
    "-c",
    "--channel",
    "--file",
    "--revision",
    "--solver",
    "--repodata-fn",
    "--platform",
    "--subdir",
    "--clone",
    "-f",
    "-r",
    "--root-prefix",
];

/// What a package-manager command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action<'a> {
    /// Installs packages (`install`, `add`, `reinstall`, `groupinstall`, `npm ci`, bare `yarn`,
    /// `conda create`, `go get`).
    Install,
    /// Refreshes the package index only: `apt-get update`, `apk update`, `zypper refresh`,
    /// `yum/dnf makecache`.
    Update,
    /// Upgrades installed packages: `apt-get upgrade`, `apk upgrade`, `yum/dnf update|upgrade`
    /// (yum's `update` upgrades), `zypper update`, `npm update`, `gem update`, `conda update`.
    Upgrade,
    /// `apt-get dist-upgrade|full-upgrade`, `zypper dist-upgrade`, `dnf distro-sync`.
    DistUpgrade,
    /// `remove`, `purge`, `autoremove`, `del`, `erase`, `uninstall`.
    Remove,
    /// Cleans caches: `apt-get clean|autoclean`, `apk cache clean`, `yum/dnf clean`,
    /// `zypper clean`, `npm|yarn cache clean`, `pnpm store prune`, `gem cleanup`, `conda clean`,
    /// `pip cache purge`.
    Clean,
    /// Anything else, as written (`""` when the action is missing).
    Other(&'a str),
}

/// A package-manager command.
#[derive(Debug, Clone)]
pub struct PackageCommand<'a, 's> {
    /// Which package manager.
    pub manager: Manager,
    /// What it is asked to do.
    pub action: Action<'a>,
    /// The word naming the action (`install`; the last one for `yarn global add`).
    pub action_word: Option<&'a Word<'s>>,
    /// The packages named, for install, remove and upgrade actions: positional arguments after
    /// the action, without option values (`-t bookworm-backports`, `--index-url URL`,
    /// `--virtual .deps`). Editable pip installs (`-e .`) are packages too.
    pub packages: Packages<'a, 's>,
    /// Requirement files: pip's `-r FILE` and conda's `--file FILE`.
    pub requirement_files: Vec<OptionValue<'a, 's>>,
    /// The invocation from the manager on (for `python -m pip`, from `pip`), after wrappers.
    pub invocation: Invocation<'a, 's>,
}

/// Whether `://` occurs in a package word, found in one byte scan (every package is asked).
fn has_scheme_separator(word: &str) -> bool {
    let b = word.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b':' && b.get(i + 1) == Some(&b'/') && b.get(i + 2) == Some(&b'/'))
}

/// Reads a package-manager command; `None` for any other command.
///
/// The reading is made once, when the shell parser sets the command's words (see
/// [`PackageIndex`]); this only rebuilds the borrowed view.
// Inlined: rules ask about every command, most of which are no such command.
#[inline]
pub fn package_command<'a, 's>(command: &'a Command<'s>) -> Option<PackageCommand<'a, 's>> {
    match command.tool.as_deref() {
        Some(ToolIndex::Package(p)) => Some(p.view(command)),
        _ => None,
    }
}

/// The package words of a [`PackageCommand`], by their indices in the command's words: rules
/// rebuild the view many times per command, and this way it allocates nothing.
#[derive(Debug, Clone, Copy)]
pub struct Packages<'a, 's> {
    words: &'a [Word<'s>],
    indices: &'a [usize],
}

impl<'a, 's> Packages<'a, 's> {
    pub fn len(&self) -> usize {
        self.indices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a Word<'s>> {
        self.indices.get(i).map(|&w| &self.words[w])
    }

    pub fn iter(&self) -> PackageIter<'a, 's> {
        PackageIter { words: self.words, indices: self.indices.iter() }
    }
}

impl<'s> std::ops::Index<usize> for Packages<'_, 's> {
    type Output = Word<'s>;

    fn index(&self, i: usize) -> &Word<'s> {
        &self.words[self.indices[i]]
    }
}

impl<'a, 's> IntoIterator for Packages<'a, 's> {
    type Item = &'a Word<'s>;
    type IntoIter = PackageIter<'a, 's>;

    fn into_iter(self) -> PackageIter<'a, 's> {
        self.iter()
    }
}

impl<'a, 's> IntoIterator for &Packages<'a, 's> {
    type Item = &'a Word<'s>;
    type IntoIter = PackageIter<'a, 's>;

    fn into_iter(self) -> PackageIter<'a, 's> {
        self.iter()
    }
}

/// The words of [`Packages`], in order.
#[derive(Debug, Clone)]
pub struct PackageIter<'a, 's> {
    words: &'a [Word<'s>],
    indices: std::slice::Iter<'a, usize>,
}

impl<'a, 's> Iterator for PackageIter<'a, 's> {
    type Item = &'a Word<'s>;

    fn next(&mut self) -> Option<&'a Word<'s>> {
        self.indices.next().map(|&w| &self.words[w])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indices.size_hint()
    }
}

impl DoubleEndedIterator for PackageIter<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.indices.next_back().map(|&w| &self.words[w])
    }
}

impl ExactSizeIterator for PackageIter<'_, '_> {}

/// A [`PackageCommand`] kept by word indices (see [`word_index`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackageIndex {
    manager: Manager,
    /// `Action::Other` stands for the action word's value (or `""` without one).
    action: Action<'static>,
    action_word: Option<usize>,
    packages: Vec<usize>,
    requirement_files: Vec<ValueIndex>,
    /// Where the invocation starts in the command's words.
    start: usize,
}

impl PackageIndex {
    /// Reads a command whose words are set.
    pub(crate) fn of(command: &Command<'_>) -> Option<PackageIndex> {
        let mut inv = command.unwrap_wrappers();
        let name = inv.name()?;
        let manager = match Manager::from_name(name) {
            Some(m) => m,
            None if is_versioned(name, "python") || name == "py" => {
                // `python3 -m pip ...`: the invocation starts at `pip`.
                let args = inv.args();
                let m = args.iter().position(|w| w.value == "-m")?;
                let pip = args.get(m + 1)?;
                if !is_versioned(&pip.value, "pip") {
                    return None;
                }
                let at = inv.wrappers.len() + 1 + m + 1;
                inv = Invocation { command, wrappers: &command.words[..at], words: &command.words[at..] };
                Manager::Pip
            }
            None => return None,
        };
        Some(read(manager, inv))
    }

    fn view<'a, 's>(&'a self, command: &'a Command<'s>) -> PackageCommand<'a, 's> {
        let words = &command.words;
        let action_word = self.action_word.map(|i| &words[i]);
        let action = match self.action {
            Action::Other(_) => Action::Other(action_word.map_or("", |w| &w.value)),
            a => a,
        };
        // Views are rebuilt many times per command and most have no requirement file.
        let requirement_files = if self.requirement_files.is_empty() {
            Vec::new()
        } else {
            self.requirement_files.iter().map(|v| v.view(words)).collect()
        };
        let (wrappers, rest) = words.split_at(self.start);
        PackageCommand {
            manager: self.manager,
            action,
            action_word,
            packages: Packages { words, indices: &self.packages },
            requirement_files,
            invocation: Invocation { command, wrappers, words: rest },
        }
    }
}

fn read(manager: Manager, invocation: Invocation<'_, '_>) -> PackageIndex {
    let mut options = Options::new(invocation.args(), manager.spec());
    let mut action = None;
    let mut action_word = None;
    let mut packages = Vec::new();
    let mut requirement_files = Vec::new();
    for opt in options.by_ref() {
        match opt {
            Opt::Positional(word) => match action {
                None => match classify(manager, &word.value, action_word.is_some()) {
                    Step::Action(a) => {
                        action = Some(a);
                        action_word = Some(word);
                    }
                    Step::Prefix => action_word = Some(word),
                },
                Some(_) => packages.push(word),
            },
            Opt::Short { letter, value, .. } => {
                let long = match letter {
                    'r' => "--requirement",
                    'e' => "--editable",
                    'f' => "-f",
                    _ => "",
                };
                take_value(manager, long, value, &mut packages, &mut requirement_files);
            }
            Opt::Long { name, value, .. } => {
                take_value(manager, name, value, &mut packages, &mut requirement_files);
            }
        }
    }
    let action = match action {
        Some(a) => a,
        // `yarn` alone installs; `npm`, `apt-get` alone do nothing useful.
        None if manager == Manager::Yarn && action_word.is_none() => Action::Install,
        None => Action::Other(action_word.map_or("", |w| &w.value)),
    };
    if !matches!(action, Action::Install | Action::Remove | Action::Upgrade | Action::DistUpgrade) {
        packages.clear();
    }
    let words = &invocation.command.words;
    let index = |w: &Word<'_>| word_index(words, w);
    PackageIndex {
        manager,
        // The view reads `Other`'s text from the action word again.
        action: match action {
            Action::Other(_) => Action::Other(""),
            Action::Install => Action::Install,
            Action::Update => Action::Update,
            Action::Upgrade => Action::Upgrade,
            Action::DistUpgrade => Action::DistUpgrade,
            Action::Remove => Action::Remove,
            Action::Clean => Action::Clean,
        },
        action_word: action_word.map(index),
        packages: packages.into_iter().map(index).collect(),
        requirement_files: requirement_files.iter().map(|v| ValueIndex::of(words, v)).collect(),
        start: invocation.wrappers.len(),
    }
}

/// Option values that name packages or requirement files.
fn take_value<'a, 's>(
    manager: Manager,
    long: &str,
    value: Option<OptionValue<'a, 's>>,
    packages: &mut Vec<&'a Word<'s>>,
    requirement_files: &mut Vec<OptionValue<'a, 's>>,
) {
    let Some(value) = value else {
        return;
    };
    match (manager, long) {
        (Manager::Pip | Manager::Uv, "--requirement") => requirement_files.push(value),
        (Manager::Pip | Manager::Uv, "--editable") if value.is_separate() => packages.push(value.word),
        (Manager::Conda | Manager::Mamba | Manager::Micromamba, "--file" | "-f") => {
            requirement_files.push(value)
        }
        _ => {}
    }
}

enum Step<'a> {
    Action(Action<'a>),
    /// A word before the action: `yarn global add`, `uv pip install`, `dnf group install`.
    Prefix,
}

fn classify(manager: Manager, word: &str, after_prefix: bool) -> Step<'_> {
    use Action::*;
    let action = match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => match word {
            "install" | "reinstall" => Install,
            "remove" | "purge" | "autoremove" | "autopurge" => Remove,
            "update" => Update,
            "upgrade" | "safe-upgrade" => Upgrade,
            "dist-upgrade" | "full-upgrade" => DistUpgrade,
            "clean" | "autoclean" => Clean,
            _ => Other(word),
        },
        Manager::Apk => match word {
            "add" => Install,
            "del" => Remove,
            "update" => Update,
            "upgrade" => Upgrade,
            "cache" if !after_prefix => return Step::Prefix,
            "clean" | "purge" if after_prefix => Clean,
            _ => Other(word),
        },
        Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf => match word {
            "install" | "reinstall" | "groupinstall" | "localinstall" => Install,
            "remove" | "erase" | "autoremove" | "groupremove" => Remove,
            "update" | "upgrade" | "update-minimal" | "upgrade-minimal" | "groupupdate" => Upgrade,
            "distro-sync" | "distribution-synchronization" | "dsync" => DistUpgrade,
            "makecache" => Update,
            "clean" => Clean,
            "group" | "module" if !after_prefix => return Step::Prefix,
            _ => Other(word),
        },
        Manager::Zypper => match word {
            "install" | "in" => Install,
            "remove" | "rm" => Remove,
            "update" | "up" | "patch" => Upgrade,
            "dist-upgrade" | "dup" => DistUpgrade,
            "refresh" | "ref" => Update,
            "clean" | "cc" => Clean,
            _ => Other(word),
        },
        Manager::Pip => match word {
            "install" => Install,
            "uninstall" => Remove,
            "cache" if !after_prefix => return Step::Prefix,
            "purge" | "remove" if after_prefix => Clean,
            _ => Other(word),
        },
        Manager::Uv => match word {
            "pip" | "tool" if !after_prefix => return Step::Prefix,
            "install" | "add" | "sync" => Install,
            "uninstall" | "remove" => Remove,
            "upgrade" => Upgrade,
            "clean" | "prune" => Clean,
            "cache" if !after_prefix => return Step::Prefix,
            _ => Other(word),
        },
        Manager::Npm | Manager::Yarn | Manager::Pnpm => match word {
            "install" | "i" | "add" | "ci" | "isntall" => Install,
            "uninstall" | "remove" | "rm" | "r" | "un" | "unlink" => Remove,
            "update" | "up" | "upgrade" => Upgrade,
            "global" | "cache" | "store" if !after_prefix => return Step::Prefix,
            "clean" | "prune" if after_prefix => Clean,
            _ => Other(word),
        },
        Manager::Gem => match word {
            "install" | "i" => Install,
            "uninstall" => Remove,
            "update" => Upgrade,
            "cleanup" => Clean,
            _ => Other(word),
        },
        Manager::Go => match word {
            "install" | "get" => Install,
            "clean" => Clean,
            _ => Other(word),
        },
        Manager::Cargo => match word {
            "install" => Install,
            "uninstall" => Remove,
            _ => Other(word),
        },
        Manager::Conda | Manager::Mamba | Manager::Micromamba => match word {
            "install" | "create" => Install,
            "remove" | "uninstall" => Remove,
            "update" | "upgrade" => Upgrade,
            "clean" => Clean,
            _ => Other(word),
        },
    };
    Step::Action(action)
}

impl<'a, 's> PackageCommand<'a, 's> {
    /// The command this reads.
    pub fn command(&self) -> &'a Command<'s> {
        self.invocation.command
    }

    /// Whether an option is given (anywhere: `apt-get -y install` and `apt-get install -y`),
    /// reading the arguments with this manager's options that take a value.
    pub fn has_option(&self, short: Option<char>, long: &[&str]) -> bool {
        self.options().any(|o| o.is(short, long))
    }

    /// The value of an option (the last one given).
    pub fn option_value(&self, short: Option<char>, long: &[&str]) -> Option<OptionValue<'a, 's>> {
        self.options().filter(|o| o.is(short, long)).filter_map(|o| o.value().cloned()).last()
    }

    /// The arguments read with this manager's options.
    pub fn options(&self) -> Options<'a, 's, 'static> {
        Options::new(self.invocation.args(), self.manager.spec())
    }

    /// The command will not stop to ask for confirmation: `-y`/`--yes`/`--assume-yes` (and apt's
    /// `-qq`, `-o APT::Get::Assume-Yes=true`; not `--force-yes`, which only overrides the
    /// safety checks), `--assumeyes` (rpm), `-n`/`--non-interactive`
    /// and `-y`/`--no-confirm` (zypper), `-y`/`--yes` (conda, `pip uninstall`). Tools that never
    /// prompt (apk, npm, go ...) always answer true.
    pub fn assumes_yes(&self) -> bool {
        match self.manager {
            m if m.is_apt() => {
                self.has_option(Some('y'), &["--yes", "--assume-yes"])
                    || self.options().filter(|o| o.is(Some('q'), &[])).count() >= 2
                    || self
                        .options()
                        .any(|o| o.is(Some('q'), &["--quiet"]) && o.value().is_some_and(|v| v.value == "2"))
                    || self
                        .options()
                        .filter(|o| o.is(Some('o'), &["--option"]))
                        .filter_map(|o| o.value().map(|v| v.value))
                        .any(|v| {
                            v.eq_ignore_ascii_case("APT::Get::Assume-Yes=true")
                                || v.eq_ignore_ascii_case("APT::Get::Assume-Yes=1")
                        })
            }
            m if m.is_rpm() => self.has_option(Some('y'), &["--assumeyes"]),
            Manager::Zypper => {
                self.has_option(Some('y'), &["--non-interactive", "--no-confirm", "--yes"])
                    || self.has_option(Some('n'), &[])
            }
            Manager::Conda | Manager::Mamba | Manager::Micromamba => self.has_option(Some('y'), &["--yes"]),
            Manager::Pip if self.action == Action::Remove => self.has_option(Some('y'), &["--yes"]),
            _ => true,
        }
    }

    /// Recommended packages are not installed: apt's `--no-install-recommends` or
    /// `-o APT::Install-Recommends=false`, aptitude's `-R`/`--without-recommends`.
    pub fn no_install_recommends(&self) -> bool {
        if !self.manager.is_apt() {
            return false;
        }
        self.has_option(None, &["--no-install-recommends"])
            || (self.manager == Manager::Aptitude && self.has_option(Some('R'), &["--without-recommends"]))
            || self
                .options()
                .filter(|o| o.is(Some('o'), &["--option"]))
                .filter_map(|o| o.value().map(|v| v.value))
                .any(|v| {
                    v.eq_ignore_ascii_case("APT::Install-Recommends=false")
                        || v.eq_ignore_ascii_case("APT::Install-Recommends=0")
                        || v.eq_ignore_ascii_case("APT::Install-Recommends=no")
                })
    }

    /// The manager's download cache is not kept: apk's `--no-cache`, pip's `--no-cache-dir` (or
    /// `PIP_NO_CACHE_DIR` set for the command), uv's `--no-cache` (or `UV_NO_CACHE`). False for
    /// managers without such a switch.
    pub fn no_cache(&self) -> bool {
        let env_set = |name: &str| {
            self.invocation.env_value(name).is_some_and(|v| !matches!(v, "" | "0" | "false" | "off" | "no"))
        };
        match self.manager {
            Manager::Apk => self.has_option(None, &["--no-cache"]),
            Manager::Pip => self.has_option(None, &["--no-cache-dir"]) || env_set("PIP_NO_CACHE_DIR"),
            Manager::Uv => self.has_option(Some('n'), &["--no-cache"]) || env_set("UV_NO_CACHE"),
            _ => false,
        }
    }

    /// Whether the command installs globally (npm/pnpm `-g`, `yarn global`): the usual form for
    /// tools installed into an image.
    pub fn is_global(&self) -> bool {
        match self.manager {
            Manager::Npm | Manager::Pnpm => self.has_option(Some('g'), &["--global"]),
            Manager::Yarn => self.invocation.args().first().is_some_and(|w| w.value == "global"),
            _ => false,
        }
    }

    /// The name and version of a package word, by this manager's syntax.
    pub fn spec(&self, package: &'a Word<'s>) -> PackageSpec<'a, 's> {
        PackageSpec::parse(self.manager, package)
    }

    /// Name and version of every package.
    pub fn specs(&self) -> impl Iterator<Item = PackageSpec<'a, 's>> + '_ {
        self.packages.iter().map(|w| self.spec(w))
    }
}

/// A package word split into name and version.
#[derive(Debug, Clone)]
pub struct PackageSpec<'a, 's> {
    /// The package argument.
    pub word: &'a Word<'s>,
    /// The package name (with any `[extras]`, `/release` or `@scope/`).
    pub name: &'a str,
    /// The version constraint as written after the name, operator included (`=1.2`, `==1.2`,
    /// `>=1`, `~1.2` for pip/apk; for npm, go and cargo the part after `@`; apt's `=1.2-3`).
    /// `None` when unpinned. RPM-style `name-1.2` is not split: it is ambiguous.
    pub version: Option<&'a str>,
}

impl<'a, 's> PackageSpec<'a, 's> {
    /// Reads any word (say, one a variable's value was split into) as a package of `manager`.
    pub fn new(manager: Manager, word: &'a Word<'s>) -> Self {
        Self::parse(manager, word)
    }

    fn parse(manager: Manager, word: &'a Word<'s>) -> Self {
        let v: &'a str = &word.value;
        let split = match manager {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => v.find('='),
            Manager::Apk => v.find(['=', '<', '>', '~']),
            Manager::Pip | Manager::Uv | Manager::Conda | Manager::Mamba | Manager::Micromamba => {
                // `name @ url` is a direct reference, not a version.
                v.find(['=', '<', '>', '!', '~'])
            }
            Manager::Npm | Manager::Yarn | Manager::Pnpm => {
                v.get(1..).and_then(|rest| rest.rfind('@')).map(|i| i + 1)
            }
            Manager::Go | Manager::Cargo => v.rfind('@'),
            Manager::Gem => v.find(':'),
            Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf | Manager::Zypper => {
                v.find(['=', '<', '>'])
            }
        };
        match split {
            Some(i) => {
                let version_start = match manager {
                    Manager::Npm
                    | Manager::Yarn
                    | Manager::Pnpm
                    | Manager::Go
                    | Manager::Cargo
                    | Manager::Gem => i + 1,
                    _ => i,
                };
                let version = &v[version_start..];
                PackageSpec { word, name: &v[..i], version: (!version.is_empty()).then_some(version) }
            }
            None => PackageSpec { word, name: v, version: None },
        }
    }

    /// A local file, directory or URL rather than a name from a repository (`./x.deb`,
    /// `/tmp/pkg.rpm`, `.`, `https://...`, `git+https://...`).
    pub fn is_path_or_url(&self) -> bool {
        let n = self.word.value.as_ref();
        n.starts_with('.')
            || n.starts_with('/')
            || n.starts_with('~')
            || has_scheme_separator(n)
            || n.ends_with(".deb")
            || n.ends_with(".rpm")
            || n.ends_with(".apk")
            || n.ends_with(".whl")
            || n.ends_with(".tar.gz")
            || n.ends_with(".tgz")
            || n.ends_with(".zip")
            || n.ends_with(".gem")
    }
}

impl Manager {
    /// The manager of a command name as written, for quick filtering (`/usr/bin/pip3` is pip).
    pub fn of_word(word: &Word<'_>) -> Option<Manager> {
        Manager::from_name(basename(&word.value))
    }
}
