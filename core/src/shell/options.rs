//! Reading a command's arguments: options, option values, positionals, and wrappers such as
//! `sudo` and `env` that run another command.
//!
//! Nothing here allocates: options are read lazily from the words, bundles (`-yq`) letter by
//! letter.

use std::ops::Range;

use super::{Command, Word, assignment_name_len, basename};

/// A view of a command's argv from the effective command name on, after wrappers.
#[derive(Debug, Clone, Copy)]
pub struct Invocation<'a, 's> {
    /// The command this is a view of.
    pub command: &'a Command<'s>,
    /// The words before the effective command: wrappers with their options and arguments
    /// (`sudo -u app`, `env DEBIAN_FRONTEND=noninteractive`). Empty when nothing was unwrapped.
    pub wrappers: &'a [Word<'s>],
    /// The effective argv: `words[0]` is the command that runs.
    pub words: &'a [Word<'s>],
}

impl<'a, 's> Invocation<'a, 's> {
    /// The basename of the effective `argv[0]`.
    #[inline]
    pub fn name(self) -> Option<&'a str> {
        let first = self.words.first()?;
        let command = self.command;
        // The command's own effective name was measured when its words were set.
        if command.words.get(command.wrapper_words).is_some_and(|w| std::ptr::eq(w, first))
            && let Some(name) = first.value.get(command.name_start..)
        {
            return Some(name);
        }
        Some(basename(&first.value))
    }

    /// The effective `argv[1..]`.
    pub fn args(self) -> &'a [Word<'s>] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// The names of the wrappers that were skipped, outermost first (`["sudo", "env"]`).
    pub fn wrapper_names(self) -> impl Iterator<Item = &'a str> + 'a {
        let mut rest = self.wrappers;
        std::iter::from_fn(move || {
            let first = rest.first()?;
            let name = basename(&first.value);
            let skip = wrapped_start(rest).unwrap_or(rest.len()).max(1);
            rest = rest.get(skip..).unwrap_or(&[]);
            Some(name)
        })
    }

    /// Whether the command runs under this wrapper (`"sudo"`).
    pub fn is_wrapped_by(self, name: &str) -> bool {
        self.wrapper_names().any(|n| n == name)
    }

    /// The value an environment variable is given for this command, by a leading assignment
    /// (`DEBIAN_FRONTEND=noninteractive apt-get ...`) or by `env`/`sudo` (`env FOO=1 cmd`).
    pub fn env_value(self, name: &str) -> Option<&'a str> {
        self.command
            .assignments
            .iter()
            .chain(self.wrappers.iter())
            .filter_map(|w| w.assignment())
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .next_back()
    }

    /// The arguments read as options and positionals.
    pub fn options<'p>(self, spec: OptionSpec<'p>) -> Options<'a, 's, 'p> {
        Options::new(self.args(), spec)
    }

    /// See [`Command::has_option`].
    pub fn has_option(self, short: Option<char>, long: &[&str]) -> bool {
        self.options(OptionSpec::default()).any(|opt| opt.is(short, long))
    }

    /// See [`Command::option_value`].
    pub fn option_value(self, short: Option<char>, long: &[&str]) -> Option<OptionValue<'a, 's>> {
        self.option_values(short, long).last()
    }

    /// Every value given to an option (`-G a -G b`), in order.
    pub fn option_values<'p>(
        self,
        short: Option<char>,
        long: &'p [&'p str],
    ) -> impl Iterator<Item = OptionValue<'a, 's>> + 'p
    where
        'a: 'p,
    {
        let mut options = Options::new(self.args(), OptionSpec::default());
        options.extra_short = short;
        options.extra_long = long;
        options.filter_map(move |opt| match opt {
            Opt::Short { letter, value, .. } if Some(letter) == short => value,
            Opt::Long { name, value, .. } if long.contains(&name) => value,
            _ => None,
        })
    }

    /// The positional arguments, given the options that take a value (`&["-o", "--output"]`).
    pub fn positionals<'p>(self, takes_value: &'p [&'p str]) -> impl Iterator<Item = &'a Word<'s>> + 'p
    where
        'a: 'p,
    {
        self.options(OptionSpec { takes_value, ..OptionSpec::default() }).filter_map(|opt| match opt {
            Opt::Positional(word) => Some(word),
            _ => None,
        })
    }
}

/// How to read a tool's options.
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionSpec<'p> {
    /// The options that take a value, with their dashes: `"-o"`, `"--output"`. The value is the
    /// next word, or attached (`-ofile`, `--output=file`).
    pub takes_value: &'p [&'p str],
    /// Every `-word` is one option (Go's `-ldflags`, `find -name`), never a bundle of letters.
    pub single_dash_long: bool,
    /// Options end at the first positional (POSIX `getopt`, as `sudo`, `env` and `sh` read
    /// them); by default they may follow positionals (GNU style, as `apt-get` reads them).
    pub stop_at_positional: bool,
}

/// One argument read by [`Options`].
#[derive(Debug, Clone)]
pub enum Opt<'a, 's> {
    /// A short option: one letter of `-x` or of a bundle `-xyz`.
    Short {
        /// The option letter.
        letter: char,
        /// The word it was read from.
        word: &'a Word<'s>,
        /// Its value, for an option that takes one.
        value: Option<OptionValue<'a, 's>>,
    },
    /// A long option `--name` (or `-name` with [`OptionSpec::single_dash_long`]).
    Long {
        /// The name with its dashes, without any `=value`.
        name: &'a str,
        /// The word it was read from.
        word: &'a Word<'s>,
        /// Its value: attached with `=`, or the next word for an option that takes one.
        value: Option<OptionValue<'a, 's>>,
    },
    /// A positional argument (also `-` and everything after `--`).
    Positional(&'a Word<'s>),
}

impl<'a, 's> Opt<'a, 's> {
    /// Whether this is the option `short` or one of `long`.
    pub fn is(&self, short: Option<char>, long: &[&str]) -> bool {
        match self {
            Opt::Short { letter, .. } => Some(*letter) == short,
            Opt::Long { name, .. } => long.contains(name),
            Opt::Positional(_) => false,
        }
    }

    /// The option's value, if it has one.
    pub fn value(&self) -> Option<&OptionValue<'a, 's>> {
        match self {
            Opt::Short { value, .. } | Opt::Long { value, .. } => value.as_ref(),
            Opt::Positional(_) => None,
        }
    }
}

/// The value of an option.
#[derive(Debug, Clone)]
pub struct OptionValue<'a, 's> {
    /// The word holding the value: the option's own word for `-ofile` and `--output=file`, the
    /// next word otherwise.
    pub word: &'a Word<'s>,
    /// The value text (quote-removed).
    pub value: &'a str,
    /// Where the value is in the script; the whole word's range when that cannot be told.
    pub range: Range<usize>,
}

impl<'a, 's> OptionValue<'a, 's> {
    pub(crate) fn whole(word: &'a Word<'s>) -> Self {
        OptionValue { word, value: &word.value, range: word.range.clone() }
    }

    /// The part of `word.value` from byte `from` on.
    pub(crate) fn attached(word: &'a Word<'s>, from: usize) -> Self {
        let value = word.value.get(from..).unwrap_or("");
        OptionValue { word, value, range: word.subrange(from..word.value.len()) }
    }

    /// Whether the value is a word of its own (`-o file`, not `-ofile` or `--output=file`).
    pub fn is_separate(&self) -> bool {
        self.value.len() == self.word.value.len()
    }
}

/// Iterator over a command's arguments as [`Opt`]s.
#[derive(Debug, Clone)]
pub struct Options<'a, 's, 'p> {
    words: &'a [Word<'s>],
    spec: OptionSpec<'p>,
    /// An option that takes a value besides those of `spec` (the one `option_value` asks for).
    extra_short: Option<char>,
    extra_long: &'p [&'p str],
    index: usize,
    /// Byte offset of the next letter in the bundle `words[index - 1]`, or 0.
    bundle: usize,
    only_positionals: bool,
}

impl<'a, 's, 'p> Options<'a, 's, 'p> {
    /// Reads `args` (a command's `argv[1..]`) with `spec`.
    pub fn new(args: &'a [Word<'s>], spec: OptionSpec<'p>) -> Self {
        Options {
            words: args,
            spec,
            extra_short: None,
            extra_long: &[],
            index: 0,
            bundle: 0,
            only_positionals: false,
        }
    }

    /// The index (into the arguments) of the word the next item is read from.
    pub fn position(&self) -> usize {
        if self.bundle > 0 { self.index - 1 } else { self.index }
    }

    fn takes_short(&self, letter: char) -> bool {
        self.extra_short == Some(letter)
            // `t` is `-` and the letter (not `--`); the length test rules out most names first.
            || (letter != '-'
                && self.spec.takes_value.iter().any(|t| {
                    t.len() == 1 + letter.len_utf8() && t.starts_with('-') && t[1..].starts_with(letter)
                }))
    }

    fn takes_long(&self, name: &str) -> bool {
        self.extra_long.contains(&name) || self.spec.takes_value.contains(&name)
    }

    fn next_letter(&mut self) -> Option<Opt<'a, 's>> {
        let word = &self.words[self.index - 1];
        let v: &'a str = &word.value;
        let at = self.bundle;
        let letter = v[at..].chars().next()?;
        let next = at + letter.len_utf8();
        let rest = &v[next..];
        let takes = self.takes_short(letter)
            || (!rest.is_empty()
                && !rest.chars().all(|c| c.is_ascii_alphanumeric())
                && !rest.chars().take_while(char::is_ascii_alphanumeric).any(|c| self.takes_short(c)));
        if takes {
            self.bundle = 0;
            let value = if !rest.is_empty() {
                Some(OptionValue::attached(word, next))
            } else {
                self.words.get(self.index).map(|w| {
                    self.index += 1;
                    OptionValue::whole(w)
                })
            };
            return Some(Opt::Short { letter, word, value });
        }
        self.bundle = if rest.is_empty() { 0 } else { next };
        Some(Opt::Short { letter, word, value: None })
    }
}

impl<'a, 's, 'p> Iterator for Options<'a, 's, 'p> {
    type Item = Opt<'a, 's>;

    fn next(&mut self) -> Option<Opt<'a, 's>> {
        if self.bundle > 0 {
            return self.next_letter();
        }
        loop {
            let words = self.words;
            let word = words.get(self.index)?;
            self.index += 1;
            let v: &'a str = &word.value;
            if self.only_positionals || v.len() < 2 || !v.starts_with('-') {
                if self.spec.stop_at_positional {
                    self.only_positionals = true;
                }
                return Some(Opt::Positional(word));
            }
            if v == "--" {
                self.only_positionals = true;
                continue;
            }
            if v.starts_with("--") || self.spec.single_dash_long {
                let (name, value) = match v.find('=') {
                    Some(eq) => (&v[..eq], Some(OptionValue::attached(word, eq + 1))),
                    None if self.takes_long(v) => (
                        v,
                        words.get(self.index).map(|w| {
                            self.index += 1;
                            OptionValue::whole(w)
                        }),
                    ),
                    None => (v, None),
                };
                return Some(Opt::Long { name, word, value });
            }
            self.bundle = 1;
            return self.next_letter();
        }
    }
}

/// How many leading words are wrappers of the command that actually runs.
pub(super) fn wrapper_words(words: &[Word<'_>]) -> usize {
    let mut start = 0;
    // Each wrapper consumes at least its own name; the bound is for clarity.
    while start < words.len() {
        match wrapped_start(&words[start..]) {
            Some(n) if n > 0 && start + n < words.len() => start += n,
            _ => break,
        }
    }
    start
}

/// Options of wrappers that take a value.
const SUDO: &[&str] = &[
    "-u",
    "-g",
    "-C",
    "-D",
    "-h",
    "-p",
    "-r",
    "-t",
    "-U",
    "-T",
    "-R",
    "--user",
    "--group",
    "--close-from",
    "--chdir",
    "--host",
    "--prompt",
    "--role",
    "--type",
    "--other-user",
    "--command-timeout",
];
const ENV: &[&str] = &["-u", "--unset", "-C", "--chdir", "-P"];
const NICE: &[&str] = &["-n", "--adjustment"];
const TIME: &[&str] = &["-f", "--format", "-o", "--output"];
const EXEC: &[&str] = &["-a"];
const XARGS: &[&str] = &[
    "-a",
    "-d",
    "-E",
    "-I",
    "-L",
    "-n",
    "-P",
    "-s",
    "--arg-file",
    "--delimiter",
    "--eof",
    "--replace",
    "--max-lines",
    "--max-args",
    "--max-procs",
    "--max-chars",
    "--process-slot-var",
];
const TIMEOUT: &[&str] = &["-s", "--signal", "-k", "--kill-after"];
const STDBUF: &[&str] = &["-i", "-o", "-e", "--input", "--output", "--error"];
const IONICE: &[&str] = &["-c", "--class", "-n", "--classdata", "-t"];
const FAKEROOT: &[&str] = &["-l", "--lib", "--faked", "-s", "-i", "-b"];
const RUNUSER: &[&str] = &[
    "-u",
    "--user",
    "-g",
    "--group",
    "-G",
    "--supp-group",
    "-s",
    "--shell",
    "-w",
    "--whitelist-environment",
];
const CHROOT: &[&str] = &["--userspec", "--groups"];

/// When `words` starts with a wrapper: the index of the command it runs.
pub(super) fn wrapped_start(words: &[Word<'_>]) -> Option<usize> {
    let name = basename(&words.first()?.value);
    let args = &words[1..];
    let posix = |takes: &'static [&'static str]| OptionSpec {
        takes_value: takes,
        single_dash_long: false,
        stop_at_positional: true,
    };
    let first_positional = |takes: &'static [&'static str]| {
        let mut options = Options::new(args, posix(takes));
        loop {
            if let Opt::Positional(_) = options.next()? {
                // A positional is always a whole word, the one just read.
                return Some(options.index - 1);
            }
        }
    };
    let has = |short: char, long: &str| Options::new(args, posix(&[])).any(|o| o.is(Some(short), &[long]));
    let skip_assignments = |mut i: usize| {
        while args.get(i).is_some_and(|w| assignment_name_len(w.raw).is_some()) {
            i += 1;
        }
        i
    };
    let at = match name {
        "sudo" | "doas" => {
            if has('e', "--edit") || has('l', "--list") || has('v', "--validate") {
                return None;
            }
            skip_assignments(first_positional(SUDO)?)
        }
        "env" => {
            if has('S', "--split-string") {
                return None;
            }
            let mut i = first_positional(ENV)?;
            while args.get(i).is_some_and(|w| w.value == "-") {
                i += 1;
            }
            skip_assignments(i)
        }
        "nice" => first_positional(NICE)?,
        "time" => first_positional(TIME)?,
        "exec" => first_positional(EXEC)?,
        "command" => {
            if has('v', "") || has('V', "") {
                return None;
            }
            first_positional(&[])?
        }
        "xargs" => first_positional(XARGS)?,
        "timeout" => first_positional(TIMEOUT)? + 1,
        "stdbuf" => first_positional(STDBUF)?,
        "ionice" => {
            if has('p', "--pid") || has('P', "--pgid") || has('u', "--uid") {
                return None;
            }
            first_positional(IONICE)?
        }
        "fakeroot" => first_positional(FAKEROOT)?,
        "runuser" => {
            if !has('u', "--user") || has('c', "--command") {
                return None;
            }
            first_positional(RUNUSER)?
        }
        "gosu" | "su-exec" => first_positional(&[])? + 1,
        "chroot" => first_positional(CHROOT)? + 1,
        "nohup" | "builtin" | "eatmydata" | "setsid" | "busybox" | "unbuffer" | "catchsegv" => {
            first_positional(&[])?
        }
        _ => return None,
    };
    let at = at + 1;
    (at < words.len()).then_some(at)
}
