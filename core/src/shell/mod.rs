//! Static analysis of the shell code of `RUN` instructions.
//!
//! Rules ask questions such as "which packages does this `apt-get install` install", "is there an
//! `rm -rf /var/lib/apt/lists/*`" or "is a download piped into `sh`", and need exact byte ranges
//! to underline and to edit. [`parse`] turns one script into a flat, source-ordered list of
//! [`Command`]s (simple commands: argv words, leading assignments, redirections) with the context
//! each runs in (how it is joined to the one before, nesting, substitution, condition). The
//! [`tools`] module reads the commands rules care most about: package managers, downloads, user
//! management and file removal.
//!
//! The language is POSIX `sh` with the bash-isms seen in Dockerfiles: `[[ ]]`, `$'...'`,
//! `<(...)`, `&>`, `|&`, `function f`, arrays in assignments. Nothing is expanded or executed;
//! `$VAR`, `${...}`, `$(...)` and backticks stay in word values as written, and the commands
//! inside substitutions are listed like the others. The string argument of `sh -c` (any common
//! shell, also under `sudo`, and `su -c`) and backticks holding escapes are parsed too.
//!
//! It is a focused logos lexer plus a small recursive-descent parser rather than a bash parser
//! crate: the crate is compiled to WebAssembly and must stay small, the analysis needs borrowed
//! words and exact ranges rather than an AST, and it must accept anything (a broken script still
//! yields every command that can be read; [`Script::incomplete`] and [`Script::syntax_error`]
//! say that it is broken). Parsing is linear in the input, nesting is bounded by [`MAX_DEPTH`],
//! and no input makes it panic.

mod lex;
mod options;
mod parse;
pub mod tools;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

pub use options::{Invocation, Opt, OptionSpec, OptionValue, Options};
pub(crate) use parse::is_reserved_word;

/// How deeply constructs may nest (subshells, groups, compound commands, substitutions,
/// quotes inside substitutions). Deeper input is not analysed: parsing stops there and marks the
/// script [`incomplete`](Script::incomplete). Real scripts stay far below; the bound keeps hostile
/// input (megabytes of `$(((((`) from exhausting the stack, which is small in WebAssembly.
pub const MAX_DEPTH: u32 = 64;

/// Parses a shell script (the text of a shell-form `RUN`, or a heredoc body) into its commands.
///
/// Never panics and accepts any text: what cannot be read as shell is skipped and flagged.
pub fn parse(text: &str) -> Script<'_> {
    parse::parse(text)
}

/// A parsed script: its simple commands in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script<'s> {
    /// The text every range points into.
    pub text: &'s str,
    /// Every simple command, in source order; a command comes before the commands nested in its
    /// words (substitutions, `sh -c` strings).
    pub commands: Vec<Command<'s>>,
    /// Something runs to the end of the text unterminated (a quote, a substitution, a compound
    /// command without its `fi`/`done`/`}`/`)`, a heredoc body without its delimiter line), or nesting
    /// went deeper than [`MAX_DEPTH`]: the analysis may miss commands, so rules should not claim
    /// that something is absent.
    pub incomplete: bool,
    /// The first token a POSIX shell would reject here (a stray `)`, `fi` or `;;`, a missing
    /// `then`): fixes that rewrite the script should keep off such text.
    pub syntax_error: Option<Range<usize>>,
}

impl<'s> Script<'s> {
    /// The source text of a range, e.g. a command's.
    pub fn slice(&self, range: &Range<usize>) -> &'s str {
        self.text.get(range.clone()).unwrap_or("")
    }

    /// The index of the command that reads the standard output of command `index` through a
    /// pipe, e.g. `sh` in `curl -fsSL https://x | sh` (or in `{ echo a; curl x; } | sh`).
    pub fn pipe_reader(&self, index: usize) -> Option<usize> {
        let writer = self.commands.get(index)?;
        if !writer.piped_to_next {
            return None;
        }
        // Skip the commands nested in the writer's words (substitutions, `sh -c` strings: they
        // lie inside its range) and the writers that share its pipe (the rest of a group).
        for (i, c) in self.commands.iter().enumerate().skip(index + 1) {
            if c.range.start < writer.range.end {
                continue;
            }
            if c.connector == Connector::Pipe {
                return Some(i);
            }
            if !c.piped_to_next {
                return None;
            }
        }
        None
    }

    /// The commands whose effective name (after `sudo`, `env` and other wrappers) is `name`.
    pub fn commands_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = (usize, Invocation<'a, 's>)> + 'a {
        self.commands.iter().enumerate().filter_map(move |(i, c)| {
            let inv = c.unwrap_wrappers();
            (inv.name() == Some(name)).then_some((i, inv))
        })
    }
}

/// How a command is joined to the command before it.
///
/// The first command inside a subshell, group or loop body takes the operator in front of that
/// compound command (in `a && (b; c)`, `b` is [`And`](Connector::And)); the first command of a
/// `then` or `while ... do` body is `And` (it runs when the condition succeeded), of an `else`
/// or `elif` part or an `until ... do` body `Or`. The first command of a substitution or of an
/// `sh -c` string is [`First`](Connector::First): it starts a list of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Connector {
    /// The first command of the script, a substitution or an `sh -c` string.
    First,
    /// `&&`: runs if the previous command succeeded.
    And,
    /// `||`: runs if the previous command failed.
    Or,
    /// `;` or a newline: runs after the previous command, whatever its status.
    Seq,
    /// `|` or `|&`: reads the previous command's output.
    Pipe,
    /// `&`: the previous command runs in the background.
    Background,
}

/// One simple command: what a shell runs with `execve` (or as a builtin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'s> {
    /// The argument vector: the words left once leading `NAME=value` assignments and
    /// redirections are taken out. Empty for an assignment-only or redirection-only command.
    pub words: Vec<Word<'s>>,
    /// The leading `NAME=value` words (also `NAME+=value` and `NAME=(array)`).
    pub assignments: Vec<Word<'s>>,
    /// The redirections, wherever they stand among the words.
    pub redirects: Vec<Redirect<'s>>,
    /// The command's extent in [`Script::text`], from its first word, assignment or redirection
    /// to its last.
    pub range: Range<usize>,
    /// How it is joined to the previous command.
    pub connector: Connector,
    /// Its standard output goes into a pipe (see [`Script::pipe_reader`]).
    pub piped_to_next: bool,
    /// How many constructs enclose it: subshells, groups, `if`/`for`/`while`/`until`/`case`,
    /// function bodies, substitutions and `sh -c` strings each add one.
    pub depth: u32,
    /// It runs inside `$(...)`, backticks or `<(...)`/`>(...)`: its output becomes text, so it is
    /// not a step of the script proper.
    pub in_substitution: bool,
    /// It is (part of) the condition of an `if`, `elif`, `while` or `until`: its failure is
    /// expected and does not stop a `set -e` script.
    pub in_condition: bool,
    /// For the commands read from the string of `sh -c '...'` (or `bash -c`, `su -c` ...), the
    /// index of that shell command in [`Script::commands`]. When the string is verbatim in the
    /// text (single quotes, or double quotes without escapes) ranges point into it; otherwise
    /// every range of these commands is the range of the whole string argument.
    pub parent: Option<usize>,
    /// How many leading words are wrappers (see [`Command::unwrap_wrappers`]): computed once
    /// when the words are set, as every rule asks for the effective command.
    wrapper_words: usize,
    /// Where the effective name (the basename of the first word after the wrappers) starts in
    /// that word's value: measured once too, as rules ask for names all the time.
    name_start: usize,
    /// Its reading as a package-manager command, download or `rm`, made once (see
    /// [`tools::package_command`], [`tools::download`], [`tools::removal`]).
    tool: Option<Box<tools::ToolIndex>>,
    /// Its ranges are its own: false when it was read from text that had to be unescaped first
    /// (an `sh -c` string or a backtick substitution), whose every range is the whole string's.
    exact: bool,
    /// How many substitutions enclose it, counted from the script it was read in: the parser
    /// tells by it which commands write into a pipe.
    subst_level: u32,
}

impl<'s> Command<'s> {
    /// The command name: the basename of `argv[0]`'s value (`/usr/bin/apt-get` gives
    /// `apt-get`, `$JAVA_HOME/bin/java` gives `java`). `None` for an assignment- or
    /// redirection-only command.
    pub fn name(&self) -> Option<&str> {
        if self.wrapper_words == 0 {
            return self.invocation().name();
        }
        self.words.first().map(|w| basename(&w.value))
    }

    /// Whether its ranges (and its words') locate it exactly in [`Script::text`], so that an
    /// edit can target a word; false for a command read from an unescaped string.
    pub fn has_exact_ranges(&self) -> bool {
        self.exact
    }

    /// `argv[1..]`.
    pub fn args(&self) -> &[Word<'s>] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// The command as written, without unwrapping (see [`Command::unwrap_wrappers`]).
    pub fn invocation(&self) -> Invocation<'_, 's> {
        Invocation { command: self, wrappers: &[], words: &self.words }
    }

    /// The command that actually runs when `argv` starts with a wrapper: `sudo`, `doas`, `env`,
    /// `nice`, `nohup`, `time`, `exec`, `command`, `builtin`, `xargs`, `gosu`, `su-exec`,
    /// `chroot`, `timeout`, `stdbuf`, `ionice`, `setsid`, `eatmydata`, `fakeroot`, `busybox`,
    /// `runuser -u`, with their options. Rules see `sudo -E apt-get install` as `apt-get`, and
    /// [`Invocation::wrappers`] keeps the words that were skipped.
    pub fn unwrap_wrappers(&self) -> Invocation<'_, 's> {
        let (wrappers, words) = self.words.split_at(self.wrapper_words.min(self.words.len()));
        Invocation { command: self, wrappers, words }
    }

    /// Sets the words (and what follows from them).
    fn set_words(&mut self, words: Vec<Word<'s>>) {
        self.wrapper_words = options::wrapper_words(&words);
        self.name_start =
            words.get(self.wrapper_words).map_or(0, |w| w.value.len() - basename(&w.value).len());
        self.words = words;
        self.tool = tools::ToolIndex::of(self);
    }

    /// Whether an option is given, with the argument conventions of most tools: bundled short
    /// flags (`-yq` has `y` and `q`), `--long` and `--long=value`, nothing after `--`. `long`
    /// names are written with their dashes (`"--yes"`). Without knowing which short options
    /// take a value, a bundle holding a non-alphanumeric character (`-oDpkg::Foo=1`) is read as
    /// one option with an attached value; use [`Invocation::options`] with an [`OptionSpec`] to
    /// be exact.
    pub fn has_option(&self, short: Option<char>, long: &[&str]) -> bool {
        self.invocation().has_option(short, long)
    }

    /// The value of an option: `-o value`, `-ovalue`, `--opt value` or `--opt=value`; the last
    /// one when given several times.
    pub fn option_value(&self, short: Option<char>, long: &[&str]) -> Option<OptionValue<'_, 's>> {
        self.invocation().option_value(short, long)
    }

    /// The arguments that are not options nor option values, given the options that take a
    /// value (`&["-o", "--output"]`); everything after `--` is positional.
    pub fn positionals<'a>(&'a self, takes_value: &'a [&'a str]) -> impl Iterator<Item = &'a Word<'s>> + 'a {
        self.invocation().positionals(takes_value)
    }
}

/// The basename of a path: what follows the last `/`, unless that is the tail of a
/// substitution or quote (`$(curl https://x/install.sh)` stays whole).
pub(crate) fn basename(path: &str) -> &str {
    // One backward scan (rules ask for names very often): a closing character met before any
    // `/` means the tail after the last `/` holds it, or that there is no `/` at all.
    for (i, b) in path.bytes().enumerate().rev() {
        match b {
            b'/' => return &path[i + 1..],
            b')' | b'}' | b'`' | b'"' | b'\'' => return path,
            _ => {}
        }
    }
    path
}

/// One shell word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'s> {
    /// The text as written, quotes included (`raw == &script.text[range]`, except for words of a
    /// non-verbatim `sh -c` string, whose raw text and range are the whole string argument's).
    pub raw: &'s str,
    /// The value after quote removal: quotes gone, backslash escapes and line continuations
    /// resolved, `$VAR`, `${...}`, `$(...)` and backticks kept as written (nothing is expanded).
    /// Borrowed from the script unless unquoting changed the text.
    pub value: Cow<'s, str>,
    /// Where the word stands in [`Script::text`].
    pub range: Range<usize>,
    /// Some part was quoted: `'...'`, `"..."`, `$'...'` or a backslash escape.
    pub quoted: bool,
    /// The value is not the runtime text: the word holds a parameter expansion, a command or
    /// arithmetic substitution, an unquoted glob (`*`, `?`, `[...]`) or a leading `~`.
    pub dynamic: bool,
}

impl<'s> Word<'s> {
    /// The value as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether the value is this exact literal text (never true for a dynamic word).
    pub fn is(&self, literal: &str) -> bool {
        !self.dynamic && self.value == literal
    }

    /// The source range of a byte range of [`value`](Word::value), when the value is a
    /// contiguous slice of the script (no quote or escape was removed inside); otherwise the
    /// whole word's range. Lets a rule underline `=1.2` in `pkg=1.2` or the value of `--opt=value`.
    pub fn subrange(&self, within_value: Range<usize>) -> Range<usize> {
        if within_value.start > within_value.end || within_value.end > self.value.len() {
            return self.range.clone();
        }
        if let Cow::Borrowed(value) = &self.value {
            let raw_start = self.raw.as_ptr() as usize;
            let value_start = value.as_ptr() as usize;
            if value_start >= raw_start
                && value_start + value.len() <= raw_start + self.raw.len()
                && self.raw.len() == self.range.len()
            {
                let offset = self.range.start + (value_start - raw_start);
                return offset + within_value.start..offset + within_value.end;
            }
        }
        self.range.clone()
    }

    /// For an assignment word `NAME=value` (or `NAME+=value`): the name and the value part.
    pub fn assignment(&self) -> Option<(&str, &str)> {
        let eq = assignment_name_len(self.raw)?;
        let name = &self.raw[..eq];
        let value = self.value.get(eq + 1..).unwrap_or("");
        Some((name.strip_suffix('+').unwrap_or(name), value))
    }
}

/// The length of `NAME` (or `NAME+`) when `raw` starts with `NAME=` or `NAME+=`.
pub(crate) fn assignment_name_len(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let name_len = bytes.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))?;
    match &bytes[name_len..] {
        [b'=', ..] => Some(name_len),
        [b'+', b'=', ..] => Some(name_len + 1),
        _ => None,
    }
}

/// A redirection: `>file`, `2>&1`, `&>/dev/null`, `<<EOF` ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect<'s> {
    /// The operator, without its file descriptor: `>`, `>>`, `<`, `<>`, `>|`, `>&`, `<&`, `&>`,
    /// `&>>`, `<<`, `<<-` or `<<<`.
    pub op: &'static str,
    /// The file descriptor written before the operator (`2` in `2>&1`).
    pub fd: Option<u32>,
    /// The file, descriptor (`1` in `2>&1`), here-string or heredoc delimiter word; `None` when
    /// missing (a syntax error).
    pub target: Option<Word<'s>>,
    /// The operator and its target.
    pub range: Range<usize>,
    /// For `<<` and `<<-`: the heredoc body, from the line after the command to the delimiter
    /// line (excluded). `None` when the text ends before the body starts, as in a Dockerfile's
    /// `RUN <<EOF` line (the Dockerfile model holds those bodies).
    pub heredoc: Option<Range<usize>>,
}

impl Redirect<'_> {
    /// Whether this redirection sends standard output (fd 1) somewhere else.
    pub fn redirects_stdout(&self) -> bool {
        matches!(self.op, ">" | ">>" | ">|" | "&>" | "&>>") && matches!(self.fd, None | Some(1))
            || self.op == ">&" && matches!(self.fd, None | Some(1))
    }

    /// Whether this is `<<` or `<<-`.
    pub fn is_heredoc(&self) -> bool {
        self.op.starts_with("<<") && self.op != "<<<"
    }
}
