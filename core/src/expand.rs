//! Shell-word processing and variable expansion, the way BuildKit does it.
//!
//! BuildKit expands `$VAR` and `${VAR...}` in instruction arguments with its own small lexer
//! (`frontend/dockerfile/shell/lex.go` in moby/buildkit), which is shell-like but not POSIX
//! `sh`. A checker that wants to predict what a build will do has to agree with that lexer
//! rather than with a real shell, so this module reproduces its results and its errors, quirks
//! included. The quirks worth knowing, all kept on purpose:
//!
//! - A byte-order mark (U+FEFF) at the very start of a word is dropped.
//! - Variable names are letters, decimal digits and `_` as Go's `unicode` package (Unicode 15.0)
//!   classifies them, so a combining vowel sign ends a name (`$नाम` looks up `न`).
//! - With [`Lex::raw_escapes`], an escape before an ordinary character inside double quotes
//!   comes out twice (`"\t"` gives `\\t`).
//! - Empty quotes (`''`, `""`) never make a word of their own.
//! - An unquoted `<<` keeps the spaces, tabs and carriage returns after it in the same word, so
//!   that heredoc markers such as `<< EOF` stay one word.
//! - When splitting into words, a `${name<op>...}` expansion with an operator throws away the part
//!   of the word already read before it (`ab${x:-c}d` splits to `["cd"]`): BuildKit shares one
//!   word buffer between a word and the expansions inside it. [`Lex::fix_nested_word_split`]
//!   turns this off.
//! - In patterns (`#`, `%`, `/`) the escape is always `\`, whatever the escape token is, and only
//!   `*`, `?`, `\`, `}` and `/` may be escaped; `*` and `?` never match a newline.
//! - `${v//pat/rep}` treats `$0` and `${0}` in `rep` as the matched text, `$$` as `$`, and any
//!   other `$name` as empty (Go's regexp template), while `${v/pat/rep}` inserts `rep` as is.
//! - With [`Lex::skip_unset_env`], an unset `${v//pat/rep}` is written back as `${v/pat/rep}`.
//! - `${v:X...}` with an unknown `X` reads up to the closing `}` before failing, so with
//!   [`Lex::skip_unset_env`] and `v` unset it is left as written instead of failing.
//!
//! Where this module differs from BuildKit, deliberately: errors carry BuildKit's message without
//! its `failed to process "<word>": ` prefix; `${name` cut off at the end of the input reports
//! "missing '}'" (BuildKit reports an unsupported modifier named U+FFFD); and `${...}` nested
//! more than [`MAX_NESTING`] deep is an error instead of unbounded recursion.

use std::borrow::{Borrow, Cow};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash};

/// How deep `${...}` may nest inside the words of other `${...}` before processing fails.
///
/// BuildKit has no limit; one is needed here so that hostile input cannot exhaust the stack.
/// Real Dockerfiles nest two or three levels.
pub const MAX_NESTING: usize = 128;

/// Where variable values come from.
///
/// A trait rather than a map type so that callers can hand over scoped ARG/ENV tables (or a
/// chain of them) without copying them into one map per instruction.
pub trait Env {
    /// The value of `name`, compared exactly (Linux semantics).
    fn lookup(&self, name: &str) -> Option<&str>;

    /// The value of `name`, compared ignoring case as Windows does (both names upper-cased).
    fn lookup_ignore_case(&self, name: &str) -> Option<&str>;
}

/// An environment with nothing set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn lookup(&self, _name: &str) -> Option<&str> {
        None
    }

    fn lookup_ignore_case(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl<T: Env + ?Sized> Env for &T {
    fn lookup(&self, name: &str) -> Option<&str> {
        (**self).lookup(name)
    }

    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        (**self).lookup_ignore_case(name)
    }
}

/// Ignoring case, an exact match wins; among keys differing only in case, any may be picked.
impl<K, V, S> Env for HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn lookup(&self, name: &str) -> Option<&str> {
        self.get(name).map(AsRef::as_ref)
    }

    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        self.lookup(name).or_else(|| {
            self.iter().find(|(k, _)| keys_equal_fold((*k).borrow(), name)).map(|(_, v)| v.as_ref())
        })
    }
}

/// Ignoring case, an exact match wins, then the first key in order.
impl<K, V> Env for BTreeMap<K, V>
where
    K: Borrow<str> + Ord,
    V: AsRef<str>,
{
    fn lookup(&self, name: &str) -> Option<&str> {
        self.get(name).map(AsRef::as_ref)
    }

    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        self.lookup(name).or_else(|| {
            self.iter().find(|(k, _)| keys_equal_fold((*k).borrow(), name)).map(|(_, v)| v.as_ref())
        })
    }
}

/// Pairs in definition order: the last pair for a name wins, as in BuildKit's env lists.
impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(k, _)| k.as_ref() == name).map(|(_, v)| v.as_ref())
    }

    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(k, _)| keys_equal_fold(k.as_ref(), name)).map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Env for [(K, V); N] {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.as_slice().lookup(name)
    }

    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        self.as_slice().lookup_ignore_case(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.as_slice().lookup(name)
    }

    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        self.as_slice().lookup_ignore_case(name)
    }
}

/// Windows env-name equality: Go's `strings.ToUpper` on both sides, which maps each character
/// to one character (so `ß` stays `ß`, unlike Rust's full case mapping).
fn keys_equal_fold(a: &str, b: &str) -> bool {
    fn upper(c: char) -> char {
        let mut up = c.to_uppercase();
        match (up.next(), up.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    }
    a == b || a.chars().map(upper).eq(b.chars().map(upper))
}

/// Why a word could not be processed. The messages are BuildKit's, without its
/// `failed to process "<word>": ` prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExpandError {
    /// A `'` with no closing `'`.
    #[error("unexpected end of statement while looking for matching single-quote")]
    UnterminatedSingleQuote,
    /// A `"` with no closing `"`.
    #[error("unexpected end of statement while looking for matching double-quote")]
    UnterminatedDoubleQuote,
    /// `${` with no closing `}` (also reported when anything inside fails at the end of input).
    #[error("syntax error: missing '}}'")]
    MissingBrace,
    /// `${v/pattern` with no second `/`.
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash,
    /// `${}`, `${{...}` or `${:...}`.
    #[error("syntax error: bad substitution")]
    BadSubstitution,
    /// An operator BuildKit does not support, such as `${v=x}` or `${v:#x}`; holds the operator.
    #[error("unsupported modifier ({0}) in substitution")]
    UnsupportedModifier(String),
    /// `${v?msg}` with `v` unset, or `${v:?msg}` with `v` unset or empty.
    #[error("{name}: {message}")]
    Required {
        /// The variable, as written.
        name: String,
        /// The word after `?`, or BuildKit's default text when that is empty.
        message: String,
    },
    /// A pattern with a `\` before a character other than `*`, `?`, `\`, `}` or `/`.
    /// For `%` and `%%` BuildKit reverses the pattern first, and so does `pattern` here.
    #[error("invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'")]
    InvalidPattern {
        /// The pattern after expansion.
        pattern: String,
        /// The escaped character; U+FFFD when the pattern ends in `\`.
        escaped: char,
    },
    /// `${...}` nested more than [`MAX_NESTING`] levels deep.
    #[error("syntax error: substitutions nested more than 128 levels deep")]
    TooDeep,
}

/// BuildKit's `shell.Lex`: how words are read. The fields mirror BuildKit's options; each has a
/// builder method of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lex {
    /// The escape token: `\`, or `` ` `` after `# escape=``.
    pub escape: char,
    /// Keep quote characters in the result (BuildKit uses this to find heredoc markers).
    pub raw_quotes: bool,
    /// Keep escape tokens in the result.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written, e.g. `${v:-x}` stays `${v:-x}`.
    pub skip_unset_env: bool,
    /// Compare variable names ignoring case, as BuildKit does on Windows.
    pub case_insensitive_keys: bool,
    /// Split words as BuildKit means to, keeping the text before a `${v<op>...}` expansion in
    /// its word. Off by default, which splits as BuildKit actually does (see the module docs).
    pub fix_nested_word_split: bool,
}

impl Default for Lex {
    fn default() -> Self {
        Lex::new('\\')
    }
}

/// Everything one pass over a word yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The processed word, spaces kept (BuildKit's `ProcessWord`).
    pub result: String,
    /// The word split at unquoted whitespace (BuildKit's `ProcessWords`).
    pub words: Vec<String>,
    /// Variables referred to that were set, as written (for checks such as UndefinedVar).
    pub matched: BTreeSet<String>,
    /// Variables referred to that were not set, as written.
    pub unmatched: BTreeSet<String>,
}

impl Lex {
    /// A lexer with every option off.
    pub const fn new(escape: char) -> Self {
        Lex {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
            case_insensitive_keys: false,
            fix_nested_word_split: false,
        }
    }

    /// Sets [`Lex::escape`].
    #[must_use]
    pub const fn escape(mut self, escape: char) -> Self {
        self.escape = escape;
        self
    }

    /// Sets [`Lex::raw_quotes`].
    #[must_use]
    pub const fn raw_quotes(mut self, on: bool) -> Self {
        self.raw_quotes = on;
        self
    }

    /// Sets [`Lex::raw_escapes`].
    #[must_use]
    pub const fn raw_escapes(mut self, on: bool) -> Self {
        self.raw_escapes = on;
        self
    }

    /// Sets [`Lex::skip_process_quotes`].
    #[must_use]
    pub const fn skip_process_quotes(mut self, on: bool) -> Self {
        self.skip_process_quotes = on;
        self
    }

    /// Sets [`Lex::skip_unset_env`].
    #[must_use]
    pub const fn skip_unset_env(mut self, on: bool) -> Self {
        self.skip_unset_env = on;
        self
    }

    /// Sets [`Lex::case_insensitive_keys`].
    #[must_use]
    pub const fn case_insensitive_keys(mut self, on: bool) -> Self {
        self.case_insensitive_keys = on;
        self
    }

    /// Sets [`Lex::fix_nested_word_split`].
    #[must_use]
    pub const fn fix_nested_word_split(mut self, on: bool) -> Self {
        self.fix_nested_word_split = on;
        self
    }

    /// The processed word (BuildKit's `ProcessWord`). Borrows the input when there is nothing
    /// to process, which is the common case.
    pub fn process_word<'a, E: Env + ?Sized>(
        &self,
        word: &'a str,
        env: &E,
    ) -> Result<Cow<'a, str>, ExpandError> {
        if self.is_plain(word, false) {
            return Ok(Cow::Borrowed(word));
        }
        Ok(Cow::Owned(self.run(word, env, false, false)?.result))
    }

    /// The word split into words after expansion (BuildKit's `ProcessWords`).
    pub fn process_words<E: Env + ?Sized>(&self, word: &str, env: &E) -> Result<Vec<String>, ExpandError> {
        if self.is_plain(word, true) {
            return Ok(word.split_whitespace().map(str::to_owned).collect());
        }
        Ok(self.run(word, env, true, false)?.words)
    }

    /// The processed word, its words and the variables it referred to, in one pass
    /// (BuildKit's `ProcessWordWithMatches`).
    pub fn process<E: Env + ?Sized>(&self, word: &str, env: &E) -> Result<Expansion, ExpandError> {
        self.run(word, env, true, true)
    }

    /// True when processing cannot change `word` (nor, for `words`, split it other than at
    /// whitespace).
    fn is_plain(&self, word: &str, words: bool) -> bool {
        let bytes = word.as_bytes();
        let special = if self.skip_process_quotes {
            memchr::memchr(b'$', bytes).is_some()
        } else {
            memchr::memchr3(b'$', b'\'', b'"', bytes).is_some()
        };
        let heredoc = words && memchr::memchr(b'<', bytes).is_some();
        !special && !heredoc && !word.contains(self.escape) && !word.starts_with('\u{FEFF}')
    }

    fn run<E: Env + ?Sized>(
        &self,
        word: &str,
        env: &E,
        want_words: bool,
        want_names: bool,
    ) -> Result<Expansion, ExpandError> {
        let mut engine = Engine {
            lex: *self,
            env,
            src: word,
            // Go's text/scanner skips a byte-order mark at the start of its input.
            pos: if word.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 },
            depth: 0,
            words: want_words.then(Words::default),
            names: want_names.then(Names::default),
        };
        let mut out = String::with_capacity(word.len());
        engine.stop_on(None, self.raw_escapes, &mut out, true)?;
        let names = engine.names.take().unwrap_or_default();
        Ok(Expansion {
            result: out,
            words: engine.words.take().map(Words::finish).unwrap_or_default(),
            matched: names.matched,
            unmatched: names.unmatched,
        })
    }
}

#[derive(Debug, Default)]
struct Names {
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

/// Word splitting of the top level of a word.
#[derive(Debug, Default)]
struct Words {
    done: Vec<String>,
    current: String,
}

impl Words {
    /// Text subject to splitting: unquoted literal text and expanded values.
    fn add_split(&mut self, text: &str) {
        for c in text.chars() {
            self.add_char(c);
        }
    }

    fn add_char(&mut self, c: char) {
        // Go's unicode.IsSpace is the White_Space property, as char::is_whitespace.
        if c.is_whitespace() {
            if !self.current.is_empty() {
                self.done.push(std::mem::take(&mut self.current));
            }
        } else {
            self.current.push(c);
        }
    }

    /// Text that never splits: quoted, escaped, or a heredoc operator.
    fn add_raw(&mut self, text: &str) {
        self.current.push_str(text);
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        self.done
    }
}

struct Engine<'s, 'e, E: Env + ?Sized> {
    lex: Lex,
    env: &'e E,
    src: &'s str,
    pos: usize,
    /// How many `${...}` words the scanner is inside.
    depth: usize,
    words: Option<Words>,
    names: Option<Names>,
}

impl<'s, 'e, E: Env + ?Sized> Engine<'s, 'e, E> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    fn bump(&mut self, c: char) {
        self.pos += c.len_utf8();
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.bump(c);
        Some(c)
    }

    fn at_eof(&self) -> bool {
        self.pos >= self.src.len()
    }

    /// Processes up to `stop` (consumed) or the end of input, appending to `out`. Only the top
    /// level (`top`) feeds word splitting: the words of nested levels are never used.
    fn stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        out: &mut String,
        top: bool,
    ) -> Result<(), ExpandError> {
        let quotes = !self.lex.skip_process_quotes;
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.bump(ch);
                return Ok(());
            }
            let mark = out.len();
            let split = match ch {
                '$' => {
                    let value = self.dollar()?;
                    out.push_str(&value);
                    true
                }
                '<' => {
                    self.heredoc_operator(out);
                    false
                }
                '\'' if quotes => {
                    self.single_quote(out)?;
                    false
                }
                '"' if quotes => {
                    self.double_quote(out, raw_escapes)?;
                    false
                }
                _ => {
                    self.bump(ch);
                    if ch == self.lex.escape {
                        if raw_escapes {
                            out.push(ch);
                        }
                        match self.next_char() {
                            Some(c) => out.push(c),
                            // An escape at the end of the input is dropped.
                            None => {
                                if top && let Some(words) = &mut self.words {
                                    words.add_raw(&out[mark..]);
                                }
                                break;
                            }
                        }
                        false
                    } else {
                        out.push(ch);
                        true
                    }
                }
            };
            if top && let Some(words) = &mut self.words {
                let added = out.get(mark..).unwrap_or_default();
                if split {
                    words.add_split(added);
                } else {
                    words.add_raw(added);
                }
            }
        }
        if stop.is_some() {
            // Callers turn any failure at the end of input into "missing '}'" or "missing '/'".
            return Err(ExpandError::MissingBrace);
        }
        Ok(())
    }

    /// The word of a `${name<op>word}`, up to `stop`; `at_end` is the error when it fails at
    /// the end of the input, whatever the failure was.
    fn nested(&mut self, stop: char, raw_escapes: bool, at_end: ExpandError) -> Result<String, ExpandError> {
        if self.depth >= MAX_NESTING {
            return Err(ExpandError::TooDeep);
        }
        if !self.lex.fix_nested_word_split
            && let Some(words) = &mut self.words
        {
            // BuildKit's nested processStopOn resets the word buffer it shares with the top.
            words.current.clear();
        }
        self.depth += 1;
        let mut word = String::new();
        let done = self.stop_on(Some(stop), raw_escapes, &mut word, false);
        self.depth -= 1;
        match done {
            Ok(()) => Ok(word),
            Err(_) if self.at_eof() => Err(at_end),
            Err(e) => Err(e),
        }
    }

    fn single_quote(&mut self, out: &mut String) -> Result<(), ExpandError> {
        self.bump('\'');
        if self.lex.raw_quotes {
            out.push('\'');
        }
        let rest = self.src.get(self.pos..).unwrap_or_default();
        match memchr::memchr(b'\'', rest.as_bytes()) {
            Some(end) => {
                out.push_str(rest.get(..end).unwrap_or_default());
                self.pos += end + 1;
                if self.lex.raw_quotes {
                    out.push('\'');
                }
                Ok(())
            }
            None => {
                self.pos = self.src.len();
                Err(ExpandError::UnterminatedSingleQuote)
            }
        }
    }

    fn double_quote(&mut self, out: &mut String, raw_escapes: bool) -> Result<(), ExpandError> {
        self.bump('"');
        if self.lex.raw_quotes {
            out.push('"');
        }
        loop {
            match self.peek() {
                None => return Err(ExpandError::UnterminatedDoubleQuote),
                Some('"') => {
                    self.bump('"');
                    if self.lex.raw_quotes {
                        out.push('"');
                    }
                    return Ok(());
                }
                Some('$') => {
                    let value = self.dollar()?;
                    out.push_str(&value);
                }
                Some(mut ch) => {
                    self.bump(ch);
                    let escape = self.lex.escape;
                    if ch == escape {
                        if raw_escapes {
                            out.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == escape => {
                                self.bump(next);
                                ch = next;
                            }
                            // Any other escape stays; with raw escapes it is then written
                            // twice, as BuildKit does.
                            Some(_) => {}
                        }
                    }
                    out.push(ch);
                }
            }
        }
    }

    /// `<` is literal, but `<<` takes the blanks after it into its (unsplittable) text.
    fn heredoc_operator(&mut self, out: &mut String) {
        self.bump('<');
        out.push('<');
        if self.peek() == Some('<') {
            self.bump('<');
            out.push('<');
            while let Some(c @ (' ' | '\t' | '\r')) = self.peek() {
                self.bump(c);
                out.push(c);
            }
        }
    }

    /// A name after `$` or `${`: a run of digits, one special parameter, or letters, digits and
    /// `_` (Unicode letters and decimal digits, as Go's `unicode` package classifies them).
    fn name(&mut self) -> &'s str {
        let src = self.src;
        let start = self.pos;
        match self.peek() {
            Some(c) if is_go_digit(c) => {
                while let Some(c) = self.peek()
                    && is_go_digit(c)
                {
                    self.bump(c);
                }
            }
            Some(c @ ('@' | '*' | '#' | '?' | '-' | '$' | '!')) => self.bump(c),
            _ => {
                while let Some(c) = self.peek()
                    && (is_go_letter(c) || is_go_digit(c) || c == '_')
                {
                    self.bump(c);
                }
            }
        }
        src.get(start..self.pos).unwrap_or_default()
    }

    fn get(&mut self, name: &str) -> Option<&'e str> {
        let env: &'e E = self.env;
        let value =
            if self.lex.case_insensitive_keys { env.lookup_ignore_case(name) } else { env.lookup(name) };
        if let Some(names) = &mut self.names {
            let set = if value.is_some() { &mut names.matched } else { &mut names.unmatched };
            if !set.contains(name) {
                set.insert(name.to_owned());
            }
        }
        value
    }

    fn dollar(&mut self) -> Result<Cow<'e, str>, ExpandError> {
        self.bump('$');
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok(Cow::Borrowed("$"));
            }
            return Ok(match self.get(name) {
                Some(value) => Cow::Borrowed(value),
                None if self.lex.skip_unset_env => Cow::Owned(format!("${name}")),
                None => Cow::Borrowed(""),
            });
        }
        self.bump('{');
        match self.peek() {
            None => return Err(ExpandError::MissingBrace),
            Some('{' | '}' | ':') => return Err(ExpandError::BadSubstitution),
            Some(_) => {}
        }
        let name = self.name();
        match self.next_char() {
            Some('}') => Ok(match self.get(name) {
                Some(value) => Cow::Borrowed(value),
                None if self.lex.skip_unset_env => Cow::Owned(format!("${{{name}}}")),
                None => Cow::Borrowed(""),
            }),
            Some(':') => {
                let op = self.next_char();
                self.modifier(name, true, op)
            }
            Some(op @ ('+' | '-' | '?' | '#' | '%')) => self.modifier(name, false, Some(op)),
            Some('/') => self.replace(name),
            Some(other) => Err(ExpandError::UnsupportedModifier(other.to_string())),
            None => Err(ExpandError::MissingBrace),
        }
    }

    /// `${name op word}` for `-`, `+`, `?`, `#`, `%`, `##`, `%%` and their `:` forms; `op` is
    /// the character after the `:` when `colon` (whatever it is, it is known only after the
    /// word has been read, as in BuildKit).
    fn modifier(&mut self, name: &str, colon: bool, op: Option<char>) -> Result<Cow<'e, str>, ExpandError> {
        let mut chs = String::new();
        if colon {
            chs.push(':');
        }
        chs.push(op.unwrap_or('\u{FFFD}'));
        let pattern_op = matches!(op, Some('#' | '%'));
        if colon && pattern_op {
            return Err(ExpandError::UnsupportedModifier(chs));
        }
        let word = self.nested('}', pattern_op, ExpandError::MissingBrace)?;
        let value = self.get(name);
        if self.lex.skip_unset_env && value.is_none() {
            return Ok(Cow::Owned(format!("${{{name}{chs}{word}}}")));
        }
        // With `:`, an empty value counts as unset.
        let unset = match value {
            None => true,
            Some(v) => colon && v.is_empty(),
        };
        match op {
            Some('-') => Ok(match value {
                Some(v) if !unset => Cow::Borrowed(v),
                _ => Cow::Owned(word),
            }),
            Some('+') => Ok(if unset { Cow::Borrowed("") } else { Cow::Owned(word) }),
            Some('?') => match value {
                Some(v) if !unset => Ok(Cow::Borrowed(v)),
                _ => {
                    let message = if !word.is_empty() {
                        word
                    } else if value.is_none() {
                        "is not allowed to be unset".to_owned()
                    } else {
                        "is not allowed to be empty".to_owned()
                    };
                    Err(ExpandError::Required { name: name.to_owned(), message })
                }
            },
            Some(op @ ('#' | '%')) => {
                // A doubled operator (`##`, `%%`) asks for the longest match. The check is on
                // the expanded word, so a quoted `'#'` counts too.
                let longest = word.starts_with(op);
                let pattern = if longest { word.get(op.len_utf8()..).unwrap_or_default() } else { &word };
                let value = value.unwrap_or("");
                if op == '%' {
                    trim_suffix(pattern, value, longest).map(Cow::Borrowed)
                } else {
                    trim_prefix(pattern, value, longest).map(Cow::Borrowed)
                }
            }
            _ => Err(ExpandError::UnsupportedModifier(chs)),
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}`.
    fn replace(&mut self, name: &str) -> Result<Cow<'e, str>, ExpandError> {
        let all = self.peek() == Some('/');
        if all {
            self.bump('/');
        }
        let pattern = self.nested('/', true, ExpandError::MissingSlash)?;
        let replacement = self.nested('}', true, ExpandError::MissingBrace)?;
        let value = self.get(name);
        if self.lex.skip_unset_env && value.is_none() {
            // BuildKit writes one `/` back even for `//`.
            return Ok(Cow::Owned(format!("${{{name}/{pattern}/{replacement}}}")));
        }
        let glob = Glob::compile(&pattern)
            .map_err(|escaped| ExpandError::InvalidPattern { pattern: pattern.clone(), escaped })?;
        let value = value.unwrap_or("");
        Ok(if all {
            Cow::Owned(glob.replace_all(value, &replacement))
        } else {
            match glob.find(value) {
                Some((start, end)) => {
                    let mut out = String::with_capacity(value.len() + replacement.len());
                    out.push_str(value.get(..start).unwrap_or_default());
                    out.push_str(&replacement);
                    out.push_str(value.get(end..).unwrap_or_default());
                    Cow::Owned(out)
                }
                None => Cow::Borrowed(value),
            }
        })
    }
}

/// `${v#p}` / `${v##p}`: `value` without its shortest / longest prefix matching `pattern`.
fn trim_prefix<'v>(pattern: &str, value: &'v str, longest: bool) -> Result<&'v str, ExpandError> {
    let glob = Glob::compile(pattern)
        .map_err(|escaped| ExpandError::InvalidPattern { pattern: pattern.to_owned(), escaped })?;
    let chars = value.char_indices().map(|(i, c)| (i + c.len_utf8(), c));
    Ok(match glob.nfa().end_from(0, chars, longest) {
        Some(end) => value.get(end..).unwrap_or_default(),
        None => value,
    })
}

/// `${v%p}` / `${v%%p}`. BuildKit reverses the pattern (keeping each escape before what it
/// escapes) and the value and trims a prefix; matching the reversed pattern backwards over the
/// value is the same thing, and keeps the odd cases (a lone trailing `\` ends up escaping the
/// pattern's last character; errors show the reversed pattern).
fn trim_suffix<'v>(pattern: &str, value: &'v str, longest: bool) -> Result<&'v str, ExpandError> {
    let reversed = reverse_pattern(pattern);
    let glob = Glob::compile(&reversed)
        .map_err(|escaped| ExpandError::InvalidPattern { pattern: reversed.clone(), escaped })?;
    let chars = value.char_indices().rev();
    Ok(match glob.nfa().end_from(value.len(), chars, longest) {
        Some(cut) => value.get(..cut).unwrap_or_default(),
        None => value,
    })
}

/// The pattern's characters in reverse order, except that a `\` and the character after it
/// stay in that order.
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut units: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut rest = chars.as_slice();
    while !rest.is_empty() {
        let take = if rest.len() > 1 && rest.first() == Some(&'\\') { 2 } else { 1 };
        let (unit, after) = rest.split_at(take);
        units.push(unit);
        rest = after;
    }
    units.iter().rev().flat_map(|unit| unit.iter()).collect()
}

/// One element of a shell pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Lit(char),
    /// `?`: one character other than a newline.
    Any,
    /// `*`: any run of characters without a newline.
    Star,
}

/// A shell pattern as BuildKit turns it into a Go regular expression (`*` becomes `.*` or `.*?`,
/// `?` becomes `.`, the rest is literal), matched without a regex engine.
///
/// Go's regexp picks the leftmost start, then the match a backtracking engine would find first.
/// For these patterns, where every star is greedy or every star is lazy, that first match is
/// the one ending furthest (greedy) or nearest (lazy) among the matches from that start: given
/// the preferred match and another one ending beyond it, the first star where the other one
/// overtakes could have stretched to where the other one's star ends (that stretch lies inside
/// the other one's star, so it has no newline), and the backtracking engine would have preferred
/// that. So a set-of-states simulation that tracks which ends are reachable gives Go's answer,
/// in time proportional to the value times the pattern over 64.
#[derive(Debug)]
struct Glob {
    toks: Vec<Tok>,
}

impl Glob {
    /// BuildKit's `convertShellPatternToRegex`, errors included: the `Err` is the character
    /// after a `\` that may not be escaped. Consecutive stars are one star: they match the same
    /// spans from the same starts.
    fn compile(pattern: &str) -> Result<Glob, char> {
        // Go's text/scanner, which BuildKit reads the pattern with, skips a leading BOM.
        let pattern = pattern.strip_prefix('\u{FEFF}').unwrap_or(pattern);
        let mut toks = Vec::with_capacity(pattern.len());
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' => {
                    if toks.last() != Some(&Tok::Star) {
                        toks.push(Tok::Star);
                    }
                }
                '?' => toks.push(Tok::Any),
                '\\' => match chars.peek() {
                    // `\}` and `\/` inside `${}`: the escape is no part of the pattern.
                    Some('}' | '/') => {}
                    _ => match chars.next() {
                        Some(e @ ('*' | '?' | '\\')) => toks.push(Tok::Lit(e)),
                        Some(other) => return Err(other),
                        None => return Err('\u{FFFD}'),
                    },
                },
                other => toks.push(Tok::Lit(other)),
            }
        }
        Ok(Glob { toks })
    }

    fn nfa(&self) -> Nfa {
        Nfa::new(&self.toks)
    }

    fn reversed_nfa(&self) -> Nfa {
        let reversed: Vec<Tok> = self.toks.iter().rev().copied().collect();
        Nfa::new(&reversed)
    }

    /// Byte offsets where a match can start, as a bit set over `0..=value.len()`: a match of
    /// the reversed pattern run backwards from any end.
    fn starts(&self, value: &str) -> Vec<u64> {
        let nfa = self.reversed_nfa();
        let mut starts = vec![0u64; value.len() / 64 + 1];
        let mut state = nfa.empty();
        let mut next = nfa.empty();
        let mut pos = value.len();
        let mut chars = value.char_indices().rev();
        loop {
            nfa.enter(&mut state);
            if nfa.accepts(&state) {
                set_bit(&mut starts, pos);
            }
            let Some((at, c)) = chars.next() else { break };
            nfa.step(&state, c, &mut next);
            std::mem::swap(&mut state, &mut next);
            pos = at;
        }
        starts
    }

    /// The leftmost-first match in `value`, as byte offsets (Go's `FindStringIndex`).
    fn find(&self, value: &str) -> Option<(usize, usize)> {
        let starts = self.starts(value);
        let start = next_bit(&starts, 0)?;
        let end = self.longest_from(&self.nfa(), value, start);
        Some((start, end))
    }

    fn longest_from(&self, nfa: &Nfa, value: &str, start: usize) -> usize {
        let rest = value.get(start..).unwrap_or_default();
        let chars = rest.char_indices().map(|(i, c)| (start + i + c.len_utf8(), c));
        nfa.end_from(start, chars, true).unwrap_or(start)
    }

    /// Go's `ReplaceAllString`: matches are found left to right, an empty match right after
    /// the previous match is skipped, and the replacement is a template (see [`expand_template`]).
    fn replace_all(&self, value: &str, template: &str) -> String {
        let starts = self.starts(value);
        let nfa = self.nfa();
        let mut out = String::with_capacity(value.len());
        let mut last_end = 0;
        let mut search = 0;
        while search <= value.len() {
            let Some(start) = next_bit(&starts, search) else {
                break;
            };
            let end = self.longest_from(&nfa, value, start);
            out.push_str(value.get(last_end..start).unwrap_or_default());
            if end > last_end || start == 0 {
                expand_template(&mut out, template, value.get(start..end).unwrap_or_default());
            }
            last_end = end;
            // Move on past the match, and always by at least one character.
            let width = value.get(search..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
            if search + width > end {
                search += width;
            } else if search + 1 > end {
                // Only at the end of the value, where there is no character to step over.
                search += 1;
            } else {
                search = end;
            }
        }
        out.push_str(value.get(last_end..).unwrap_or_default());
        out
    }
}

/// Go's `Regexp.Expand` for a regex without groups: `$$` is `$`, `$0` / `${0}` the match, any
/// other well-formed `$name` / `${name}` nothing, and a malformed one a literal `$`.
fn expand_template(out: &mut String, template: &str, matched: &str) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(rest.get(..dollar).unwrap_or_default());
        rest = rest.get(dollar + 1..).unwrap_or_default();
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (inner, braced) = match rest.strip_prefix('{') {
            Some(inner) => (inner, true),
            None => (rest, false),
        };
        let len = inner
            .char_indices()
            .find(|&(_, c)| !(is_go_letter(c) || is_go_digit(c) || c == '_'))
            .map_or(inner.len(), |(i, _)| i);
        let name = inner.get(..len).unwrap_or_default();
        let after = inner.get(len..).unwrap_or_default();
        let after = if braced { after.strip_prefix('}') } else { Some(after) };
        match after {
            Some(after) if !name.is_empty() => {
                // Only group 0 (the whole match) exists; "00" and the like are names, not 0.
                if name == "0" {
                    out.push_str(matched);
                }
                rest = after;
            }
            _ => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// Where a literal character occurs in the pattern: as a bit set when it occurs often enough
/// that applying a list would cost as much, else as a list. Either way the memory stays linear
/// in the pattern.
#[derive(Debug)]
enum Occurs {
    Set(Vec<u64>),
    List(Vec<usize>),
}

/// The pattern's automaton: state `i` is "before token `i`", state `len` is a match. Sets of
/// states are bit sets, so one character is handled for up to 64 states at a time.
#[derive(Debug)]
struct Nfa {
    words: usize,
    accept: usize,
    first_is_star: bool,
    star: Vec<u64>,
    any: Vec<u64>,
    /// Literal characters, sorted, with their occurrences.
    lits: Vec<(char, Occurs)>,
}

impl Nfa {
    fn new(toks: &[Tok]) -> Nfa {
        let accept = toks.len();
        let words = accept / 64 + 1;
        let mut star = vec![0; words];
        let mut any = vec![0; words];
        let mut at: BTreeMap<char, Vec<usize>> = BTreeMap::new();
        for (i, tok) in toks.iter().enumerate() {
            match *tok {
                Tok::Lit(c) => at.entry(c).or_default().push(i),
                Tok::Any => set_bit(&mut any, i),
                Tok::Star => set_bit(&mut star, i),
            }
        }
        let lits = at
            .into_iter()
            .map(|(c, positions)| {
                let occurs = if positions.len() >= words {
                    let mut set = vec![0; words];
                    for p in positions {
                        set_bit(&mut set, p);
                    }
                    Occurs::Set(set)
                } else {
                    Occurs::List(positions)
                };
                (c, occurs)
            })
            .collect();
        Nfa { words, accept, first_is_star: toks.first() == Some(&Tok::Star), star, any, lits }
    }

    fn empty(&self) -> Vec<u64> {
        vec![0; self.words]
    }

    /// Adds the start state (and what an empty star reaches from it).
    fn enter(&self, state: &mut [u64]) {
        set_bit(state, 0);
        if self.first_is_star {
            set_bit(state, 1);
        }
    }

    fn accepts(&self, state: &[u64]) -> bool {
        get_bit(state, self.accept)
    }

    /// The states reached from `state` by reading `c`, into `next`.
    fn step(&self, state: &[u64], c: char, next: &mut [u64]) {
        let newline = c == '\n';
        let occurs = self
            .lits
            .binary_search_by_key(&c, |(l, _)| *l)
            .ok()
            .and_then(|i| self.lits.get(i))
            .map(|(_, o)| o);
        let dense = match occurs {
            Some(Occurs::Set(set)) => Some(set.as_slice()),
            _ => None,
        };
        let mut carry = 0;
        for w in 0..self.words {
            let cur = state.get(w).copied().unwrap_or(0);
            let mut consume = dense.and_then(|d| d.get(w)).copied().unwrap_or(0);
            let mut stay = 0;
            if !newline {
                consume |= self.any.get(w).copied().unwrap_or(0);
                stay = cur & self.star.get(w).copied().unwrap_or(0);
            }
            let moved = cur & consume;
            if let Some(slot) = next.get_mut(w) {
                *slot = moved << 1 | carry | stay;
            }
            carry = moved >> 63;
        }
        if let Some(Occurs::List(positions)) = occurs {
            for &p in positions {
                if get_bit(state, p) {
                    set_bit(next, p + 1);
                }
            }
        }
        // A star may match nothing: the state after it is reached too. Stars never follow
        // stars, so one pass is enough.
        let mut carry = 0;
        for w in 0..self.words {
            let star = self.star.get(w).copied().unwrap_or(0);
            if let Some(slot) = next.get_mut(w) {
                let on_star = *slot & star;
                *slot |= on_star << 1 | carry;
                carry = on_star >> 63;
            }
        }
    }

    /// Runs from the start state at position `start` over `chars` (each with the position
    /// after it) and returns the furthest (`longest`) or the nearest position where a match
    /// ends.
    fn end_from(
        &self,
        start: usize,
        chars: impl Iterator<Item = (usize, char)>,
        longest: bool,
    ) -> Option<usize> {
        let mut state = self.empty();
        let mut next = self.empty();
        self.enter(&mut state);
        let mut best = None;
        if self.accepts(&state) {
            if !longest {
                return Some(start);
            }
            best = Some(start);
        }
        for (pos, c) in chars {
            self.step(&state, c, &mut next);
            std::mem::swap(&mut state, &mut next);
            if state.iter().all(|&w| w == 0) {
                break;
            }
            if self.accepts(&state) {
                if !longest {
                    return Some(pos);
                }
                best = Some(pos);
            }
        }
        best
    }
}

fn set_bit(set: &mut [u64], i: usize) {
    if let Some(w) = set.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

fn get_bit(set: &[u64], i: usize) -> bool {
    set.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

/// The first set bit at or after `from`.
fn next_bit(set: &[u64], from: usize) -> Option<usize> {
    let mut w = from / 64;
    let mut bits = set.get(w)? & (u64::MAX << (from % 64));
    loop {
        if bits != 0 {
            return Some(w * 64 + bits.trailing_zeros() as usize);
        }
        w += 1;
        bits = *set.get(w)?;
    }
}

/// Go's `unicode.IsLetter`: general category L.
fn is_go_letter(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() } else { in_table(LETTERS, c) }
}

/// Go's `unicode.IsDigit`: general category Nd.
fn is_go_digit(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_digit() } else { in_table(DIGITS, c) }
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

// Generated from the Unicode Character Database 15.0.0, the version Go's `unicode` package
// (and so BuildKit) uses; Rust has no general-category query, and `char::is_alphabetic` differs
// (it includes combining vowel signs, for one).
/// Non-ASCII code points of general category L (Lu, Ll, Lt, Lm, Lo), Unicode 15.0.0.
#[rustfmt::skip]
const LETTERS: &[(u32, u32)] = &[
    (0xAA, 0xAA), (0xB5, 0xB5), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6),
    (0xF8, 0x2C1), (0x2C6, 0x2D1), (0x2E0, 0x2E4), (0x2EC, 0x2EC), (0x2EE, 0x2EE),
    (0x370, 0x374), (0x376, 0x377), (0x37A, 0x37D), (0x37F, 0x37F), (0x386, 0x386),
    (0x388, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1), (0x3A3, 0x3F5), (0x3F7, 0x481),
    (0x48A, 0x52F), (0x531, 0x556), (0x559, 0x559), (0x560, 0x588), (0x5D0, 0x5EA),
    (0x5EF, 0x5F2), (0x620, 0x64A), (0x66E, 0x66F), (0x671, 0x6D3), (0x6D5, 0x6D5),
    (0x6E5, 0x6E6), (0x6EE, 0x6EF), (0x6FA, 0x6FC), (0x6FF, 0x6FF), (0x710, 0x710),
    (0x712, 0x72F), (0x74D, 0x7A5), (0x7B1, 0x7B1), (0x7CA, 0x7EA), (0x7F4, 0x7F5),
    (0x7FA, 0x7FA), (0x800, 0x815), (0x81A, 0x81A), (0x824, 0x824), (0x828, 0x828),
    (0x840, 0x858), (0x860, 0x86A), (0x870, 0x887), (0x889, 0x88E), (0x8A0, 0x8C9),
    (0x904, 0x939), (0x93D, 0x93D), (0x950, 0x950), (0x958, 0x961), (0x971, 0x980),
    (0x985, 0x98C), (0x98F, 0x990), (0x993, 0x9A8), (0x9AA, 0x9B0), (0x9B2, 0x9B2),
    (0x9B6, 0x9B9), (0x9BD, 0x9BD), (0x9CE, 0x9CE), (0x9DC, 0x9DD), (0x9DF, 0x9E1),
    (0x9F0, 0x9F1), (0x9FC, 0x9FC), (0xA05, 0xA0A), (0xA0F, 0xA10), (0xA13, 0xA28),
    (0xA2A, 0xA30), (0xA32, 0xA33), (0xA35, 0xA36), (0xA38, 0xA39), (0xA59, 0xA5C),
    (0xA5E, 0xA5E), (0xA72, 0xA74), (0xA85, 0xA8D), (0xA8F, 0xA91), (0xA93, 0xAA8),
    (0xAAA, 0xAB0), (0xAB2, 0xAB3), (0xAB5, 0xAB9), (0xABD, 0xABD), (0xAD0, 0xAD0),
    (0xAE0, 0xAE1), (0xAF9, 0xAF9), (0xB05, 0xB0C), (0xB0F, 0xB10), (0xB13, 0xB28),
    (0xB2A, 0xB30), (0xB32, 0xB33), (0xB35, 0xB39), (0xB3D, 0xB3D), (0xB5C, 0xB5D),
    (0xB5F, 0xB61), (0xB71, 0xB71), (0xB83, 0xB83), (0xB85, 0xB8A), (0xB8E, 0xB90),
    (0xB92, 0xB95), (0xB99, 0xB9A), (0xB9C, 0xB9C), (0xB9E, 0xB9F), (0xBA3, 0xBA4),
    (0xBA8, 0xBAA), (0xBAE, 0xBB9), (0xBD0, 0xBD0), (0xC05, 0xC0C), (0xC0E, 0xC10),
    (0xC12, 0xC28), (0xC2A, 0xC39), (0xC3D, 0xC3D), (0xC58, 0xC5A), (0xC5D, 0xC5D),
    (0xC60, 0xC61), (0xC80, 0xC80), (0xC85, 0xC8C), (0xC8E, 0xC90), (0xC92, 0xCA8),
    (0xCAA, 0xCB3), (0xCB5, 0xCB9), (0xCBD, 0xCBD), (0xCDD, 0xCDE), (0xCE0, 0xCE1),
    (0xCF1, 0xCF2), (0xD04, 0xD0C), (0xD0E, 0xD10), (0xD12, 0xD3A), (0xD3D, 0xD3D),
    (0xD4E, 0xD4E), (0xD54, 0xD56), (0xD5F, 0xD61), (0xD7A, 0xD7F), (0xD85, 0xD96),
    (0xD9A, 0xDB1), (0xDB3, 0xDBB), (0xDBD, 0xDBD), (0xDC0, 0xDC6), (0xE01, 0xE30),
    (0xE32, 0xE33), (0xE40, 0xE46), (0xE81, 0xE82), (0xE84, 0xE84), (0xE86, 0xE8A),
    (0xE8C, 0xEA3), (0xEA5, 0xEA5), (0xEA7, 0xEB0), (0xEB2, 0xEB3), (0xEBD, 0xEBD),
    (0xEC0, 0xEC4), (0xEC6, 0xEC6), (0xEDC, 0xEDF), (0xF00, 0xF00), (0xF40, 0xF47),
    (0xF49, 0xF6C), (0xF88, 0xF8C), (0x1000, 0x102A), (0x103F, 0x103F), (0x1050, 0x1055),
    (0x105A, 0x105D), (0x1061, 0x1061), (0x1065, 0x1066), (0x106E, 0x1070), (0x1075, 0x1081),
    (0x108E, 0x108E), (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD), (0x10D0, 0x10FA),
    (0x10FC, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258), (0x125A, 0x125D),
    (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5), (0x12B8, 0x12BE),
    (0x12C0, 0x12C0), (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310), (0x1312, 0x1315),
    (0x1318, 0x135A), (0x1380, 0x138F), (0x13A0, 0x13F5), (0x13F8, 0x13FD), (0x1401, 0x166C),
    (0x166F, 0x167F), (0x1681, 0x169A), (0x16A0, 0x16EA), (0x16F1, 0x16F8), (0x1700, 0x1711),
    (0x171F, 0x1731), (0x1740, 0x1751), (0x1760, 0x176C), (0x176E, 0x1770), (0x1780, 0x17B3),
    (0x17D7, 0x17D7), (0x17DC, 0x17DC), (0x1820, 0x1878), (0x1880, 0x1884), (0x1887, 0x18A8),
    (0x18AA, 0x18AA), (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1950, 0x196D), (0x1970, 0x1974),
    (0x1980, 0x19AB), (0x19B0, 0x19C9), (0x1A00, 0x1A16), (0x1A20, 0x1A54), (0x1AA7, 0x1AA7),
    (0x1B05, 0x1B33), (0x1B45, 0x1B4C), (0x1B83, 0x1BA0), (0x1BAE, 0x1BAF), (0x1BBA, 0x1BE5),
    (0x1C00, 0x1C23), (0x1C4D, 0x1C4F), (0x1C5A, 0x1C7D), (0x1C80, 0x1C88), (0x1C90, 0x1CBA),
    (0x1CBD, 0x1CBF), (0x1CE9, 0x1CEC), (0x1CEE, 0x1CF3), (0x1CF5, 0x1CF6), (0x1CFA, 0x1CFA),
    (0x1D00, 0x1DBF), (0x1E00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D),
    (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D),
    (0x1F80, 0x1FB4), (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC),
    (0x1FD0, 0x1FD3), (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC),
    (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x2102, 0x2102), (0x2107, 0x2107),
    (0x210A, 0x2113), (0x2115, 0x2115), (0x2119, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126),
    (0x2128, 0x2128), (0x212A, 0x212D), (0x212F, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149),
    (0x214E, 0x214E), (0x2183, 0x2184), (0x2C00, 0x2CE4), (0x2CEB, 0x2CEE), (0x2CF2, 0x2CF3),
    (0x2D00, 0x2D25), (0x2D27, 0x2D27), (0x2D2D, 0x2D2D), (0x2D30, 0x2D67), (0x2D6F, 0x2D6F),
    (0x2D80, 0x2D96), (0x2DA0, 0x2DA6), (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE),
    (0x2DC0, 0x2DC6), (0x2DC8, 0x2DCE), (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE), (0x2E2F, 0x2E2F),
    (0x3005, 0x3006), (0x3031, 0x3035), (0x303B, 0x303C), (0x3041, 0x3096), (0x309D, 0x309F),
    (0x30A1, 0x30FA), (0x30FC, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x31A0, 0x31BF),
    (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0xA48C), (0xA4D0, 0xA4FD), (0xA500, 0xA60C),
    (0xA610, 0xA61F), (0xA62A, 0xA62B), (0xA640, 0xA66E), (0xA67F, 0xA69D), (0xA6A0, 0xA6E5),
    (0xA717, 0xA71F), (0xA722, 0xA788), (0xA78B, 0xA7CA), (0xA7D0, 0xA7D1), (0xA7D3, 0xA7D3),
    (0xA7D5, 0xA7D9), (0xA7F2, 0xA801), (0xA803, 0xA805), (0xA807, 0xA80A), (0xA80C, 0xA822),
    (0xA840, 0xA873), (0xA882, 0xA8B3), (0xA8F2, 0xA8F7), (0xA8FB, 0xA8FB), (0xA8FD, 0xA8FE),
    (0xA90A, 0xA925), (0xA930, 0xA946), (0xA960, 0xA97C), (0xA984, 0xA9B2), (0xA9CF, 0xA9CF),
    (0xA9E0, 0xA9E4), (0xA9E6, 0xA9EF), (0xA9FA, 0xA9FE), (0xAA00, 0xAA28), (0xAA40, 0xAA42),
    (0xAA44, 0xAA4B), (0xAA60, 0xAA76), (0xAA7A, 0xAA7A), (0xAA7E, 0xAAAF), (0xAAB1, 0xAAB1),
    (0xAAB5, 0xAAB6), (0xAAB9, 0xAABD), (0xAAC0, 0xAAC0), (0xAAC2, 0xAAC2), (0xAADB, 0xAADD),
    (0xAAE0, 0xAAEA), (0xAAF2, 0xAAF4), (0xAB01, 0xAB06), (0xAB09, 0xAB0E), (0xAB11, 0xAB16),
    (0xAB20, 0xAB26), (0xAB28, 0xAB2E), (0xAB30, 0xAB5A), (0xAB5C, 0xAB69), (0xAB70, 0xABE2),
    (0xAC00, 0xD7A3), (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9),
    (0xFB00, 0xFB06), (0xFB13, 0xFB17), (0xFB1D, 0xFB1D), (0xFB1F, 0xFB28), (0xFB2A, 0xFB36),
    (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E), (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFBB1),
    (0xFBD3, 0xFD3D), (0xFD50, 0xFD8F), (0xFD92, 0xFDC7), (0xFDF0, 0xFDFB), (0xFE70, 0xFE74),
    (0xFE76, 0xFEFC), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0xFF66, 0xFFBE), (0xFFC2, 0xFFC7),
    (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0x10000, 0x1000B), (0x1000D, 0x10026),
    (0x10028, 0x1003A), (0x1003C, 0x1003D), (0x1003F, 0x1004D), (0x10050, 0x1005D), (0x10080, 0x100FA),
    (0x10280, 0x1029C), (0x102A0, 0x102D0), (0x10300, 0x1031F), (0x1032D, 0x10340), (0x10342, 0x10349),
    (0x10350, 0x10375), (0x10380, 0x1039D), (0x103A0, 0x103C3), (0x103C8, 0x103CF), (0x10400, 0x1049D),
    (0x104B0, 0x104D3), (0x104D8, 0x104FB), (0x10500, 0x10527), (0x10530, 0x10563), (0x10570, 0x1057A),
    (0x1057C, 0x1058A), (0x1058C, 0x10592), (0x10594, 0x10595), (0x10597, 0x105A1), (0x105A3, 0x105B1),
    (0x105B3, 0x105B9), (0x105BB, 0x105BC), (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767),
    (0x10780, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA), (0x10800, 0x10805), (0x10808, 0x10808),
    (0x1080A, 0x10835), (0x10837, 0x10838), (0x1083C, 0x1083C), (0x1083F, 0x10855), (0x10860, 0x10876),
    (0x10880, 0x1089E), (0x108E0, 0x108F2), (0x108F4, 0x108F5), (0x10900, 0x10915), (0x10920, 0x10939),
    (0x10980, 0x109B7), (0x109BE, 0x109BF), (0x10A00, 0x10A00), (0x10A10, 0x10A13), (0x10A15, 0x10A17),
    (0x10A19, 0x10A35), (0x10A60, 0x10A7C), (0x10A80, 0x10A9C), (0x10AC0, 0x10AC7), (0x10AC9, 0x10AE4),
    (0x10B00, 0x10B35), (0x10B40, 0x10B55), (0x10B60, 0x10B72), (0x10B80, 0x10B91), (0x10C00, 0x10C48),
    (0x10C80, 0x10CB2), (0x10CC0, 0x10CF2), (0x10D00, 0x10D23), (0x10E80, 0x10EA9), (0x10EB0, 0x10EB1),
    (0x10F00, 0x10F1C), (0x10F27, 0x10F27), (0x10F30, 0x10F45), (0x10F70, 0x10F81), (0x10FB0, 0x10FC4),
    (0x10FE0, 0x10FF6), (0x11003, 0x11037), (0x11071, 0x11072), (0x11075, 0x11075), (0x11083, 0x110AF),
    (0x110D0, 0x110E8), (0x11103, 0x11126), (0x11144, 0x11144), (0x11147, 0x11147), (0x11150, 0x11172),
    (0x11176, 0x11176), (0x11183, 0x111B2), (0x111C1, 0x111C4), (0x111DA, 0x111DA), (0x111DC, 0x111DC),
    (0x11200, 0x11211), (0x11213, 0x1122B), (0x1123F, 0x11240), (0x11280, 0x11286), (0x11288, 0x11288),
    (0x1128A, 0x1128D), (0x1128F, 0x1129D), (0x1129F, 0x112A8), (0x112B0, 0x112DE), (0x11305, 0x1130C),
    (0x1130F, 0x11310), (0x11313, 0x11328), (0x1132A, 0x11330), (0x11332, 0x11333), (0x11335, 0x11339),
    (0x1133D, 0x1133D), (0x11350, 0x11350), (0x1135D, 0x11361), (0x11400, 0x11434), (0x11447, 0x1144A),
    (0x1145F, 0x11461), (0x11480, 0x114AF), (0x114C4, 0x114C5), (0x114C7, 0x114C7), (0x11580, 0x115AE),
    (0x115D8, 0x115DB), (0x11600, 0x1162F), (0x11644, 0x11644), (0x11680, 0x116AA), (0x116B8, 0x116B8),
    (0x11700, 0x1171A), (0x11740, 0x11746), (0x11800, 0x1182B), (0x118A0, 0x118DF), (0x118FF, 0x11906),
    (0x11909, 0x11909), (0x1190C, 0x11913), (0x11915, 0x11916), (0x11918, 0x1192F), (0x1193F, 0x1193F),
    (0x11941, 0x11941), (0x119A0, 0x119A7), (0x119AA, 0x119D0), (0x119E1, 0x119E1), (0x119E3, 0x119E3),
    (0x11A00, 0x11A00), (0x11A0B, 0x11A32), (0x11A3A, 0x11A3A), (0x11A50, 0x11A50), (0x11A5C, 0x11A89),
    (0x11A9D, 0x11A9D), (0x11AB0, 0x11AF8), (0x11C00, 0x11C08), (0x11C0A, 0x11C2E), (0x11C40, 0x11C40),
    (0x11C72, 0x11C8F), (0x11D00, 0x11D06), (0x11D08, 0x11D09), (0x11D0B, 0x11D30), (0x11D46, 0x11D46),
    (0x11D60, 0x11D65), (0x11D67, 0x11D68), (0x11D6A, 0x11D89), (0x11D98, 0x11D98), (0x11EE0, 0x11EF2),
    (0x11F02, 0x11F02), (0x11F04, 0x11F10), (0x11F12, 0x11F33), (0x11FB0, 0x11FB0), (0x12000, 0x12399),
    (0x12480, 0x12543), (0x12F90, 0x12FF0), (0x13000, 0x1342F), (0x13441, 0x13446), (0x14400, 0x14646),
    (0x16800, 0x16A38), (0x16A40, 0x16A5E), (0x16A70, 0x16ABE), (0x16AD0, 0x16AED), (0x16B00, 0x16B2F),
    (0x16B40, 0x16B43), (0x16B63, 0x16B77), (0x16B7D, 0x16B8F), (0x16E40, 0x16E7F), (0x16F00, 0x16F4A),
    (0x16F50, 0x16F50), (0x16F93, 0x16F9F), (0x16FE0, 0x16FE1), (0x16FE3, 0x16FE3), (0x17000, 0x187F7),
    (0x18800, 0x18CD5), (0x18D00, 0x18D08), (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE),
    (0x1B000, 0x1B122), (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167),
    (0x1B170, 0x1B2FB), (0x1BC00, 0x1BC6A), (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88), (0x1BC90, 0x1BC99),
    (0x1D400, 0x1D454), (0x1D456, 0x1D49C), (0x1D49E, 0x1D49F), (0x1D4A2, 0x1D4A2), (0x1D4A5, 0x1D4A6),
    (0x1D4A9, 0x1D4AC), (0x1D4AE, 0x1D4B9), (0x1D4BB, 0x1D4BB), (0x1D4BD, 0x1D4C3), (0x1D4C5, 0x1D505),
    (0x1D507, 0x1D50A), (0x1D50D, 0x1D514), (0x1D516, 0x1D51C), (0x1D51E, 0x1D539), (0x1D53B, 0x1D53E),
    (0x1D540, 0x1D544), (0x1D546, 0x1D546), (0x1D54A, 0x1D550), (0x1D552, 0x1D6A5), (0x1D6A8, 0x1D6C0),
    (0x1D6C2, 0x1D6DA), (0x1D6DC, 0x1D6FA), (0x1D6FC, 0x1D714), (0x1D716, 0x1D734), (0x1D736, 0x1D74E),
    (0x1D750, 0x1D76E), (0x1D770, 0x1D788), (0x1D78A, 0x1D7A8), (0x1D7AA, 0x1D7C2), (0x1D7C4, 0x1D7CB),
    (0x1DF00, 0x1DF1E), (0x1DF25, 0x1DF2A), (0x1E030, 0x1E06D), (0x1E100, 0x1E12C), (0x1E137, 0x1E13D),
    (0x1E14E, 0x1E14E), (0x1E290, 0x1E2AD), (0x1E2C0, 0x1E2EB), (0x1E4D0, 0x1E4EB), (0x1E7E0, 0x1E7E6),
    (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE), (0x1E7F0, 0x1E7FE), (0x1E800, 0x1E8C4), (0x1E900, 0x1E943),
    (0x1E94B, 0x1E94B), (0x1EE00, 0x1EE03), (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24),
    (0x1EE27, 0x1EE27), (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39), (0x1EE3B, 0x1EE3B),
    (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49), (0x1EE4B, 0x1EE4B), (0x1EE4D, 0x1EE4F),
    (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54), (0x1EE57, 0x1EE57), (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B),
    (0x1EE5D, 0x1EE5D), (0x1EE5F, 0x1EE5F), (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A),
    (0x1EE6C, 0x1EE72), (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E), (0x1EE80, 0x1EE89),
    (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9), (0x1EEAB, 0x1EEBB), (0x20000, 0x2A6DF),
    (0x2A700, 0x2B739), (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A), (0x31350, 0x323AF),
];

/// Non-ASCII code points of general category Nd, Unicode 15.0.0.
#[rustfmt::skip]
const DIGITS: &[(u32, u32)] = &[
    (0x660, 0x669), (0x6F0, 0x6F9), (0x7C0, 0x7C9), (0x966, 0x96F), (0x9E6, 0x9EF),
    (0xA66, 0xA6F), (0xAE6, 0xAEF), (0xB66, 0xB6F), (0xBE6, 0xBEF), (0xC66, 0xC6F),
    (0xCE6, 0xCEF), (0xD66, 0xD6F), (0xDE6, 0xDEF), (0xE50, 0xE59), (0xED0, 0xED9),
    (0xF20, 0xF29), (0x1040, 0x1049), (0x1090, 0x1099), (0x17E0, 0x17E9), (0x1810, 0x1819),
    (0x1946, 0x194F), (0x19D0, 0x19D9), (0x1A80, 0x1A89), (0x1A90, 0x1A99), (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9), (0x1C40, 0x1C49), (0x1C50, 0x1C59), (0xA620, 0xA629), (0xA8D0, 0xA8D9),
    (0xA900, 0xA909), (0xA9D0, 0xA9D9), (0xA9F0, 0xA9F9), (0xAA50, 0xAA59), (0xABF0, 0xABF9),
    (0xFF10, 0xFF19), (0x104A0, 0x104A9), (0x10D30, 0x10D39), (0x11066, 0x1106F), (0x110F0, 0x110F9),
    (0x11136, 0x1113F), (0x111D0, 0x111D9), (0x112F0, 0x112F9), (0x11450, 0x11459), (0x114D0, 0x114D9),
    (0x11650, 0x11659), (0x116C0, 0x116C9), (0x11730, 0x11739), (0x118E0, 0x118E9), (0x11950, 0x11959),
    (0x11C50, 0x11C59), (0x11D50, 0x11D59), (0x11DA0, 0x11DA9), (0x11F50, 0x11F59), (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9), (0x16B50, 0x16B59), (0x1D7CE, 0x1D7FF), (0x1E140, 0x1E149), (0x1E2F0, 0x1E2F9),
    (0x1E4F0, 0x1E4F9), (0x1E950, 0x1E959), (0x1FBF0, 0x1FBF9),
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ENV: [(&str, &str); 6] = [
        ("PWD", "/home"),
        ("EMPTY", ""),
        ("SPACE", "a  b "),
        ("FOO", "xxyy"),
        ("PATH_", "/usr/local/bin:/usr/bin"),
        ("नाम", "hindi"),
    ];

    fn word(input: &str) -> Result<String, ExpandError> {
        Lex::default().process_word(input, &ENV).map(Cow::into_owned)
    }

    fn with(lex: Lex, input: &str) -> Result<String, ExpandError> {
        lex.process_word(input, &ENV).map(Cow::into_owned)
    }

    fn words(input: &str) -> Vec<String> {
        Lex::default().process_words(input, &ENV).unwrap()
    }

    fn ok(input: &str) -> String {
        word(input).unwrap_or_else(|e| panic!("{input:?} failed: {e}"))
    }

    fn err(input: &str) -> String {
        match word(input) {
            Ok(w) => panic!("{input:?} should fail, gave {w:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn plain_words_are_borrowed() {
        let lex = Lex::default();
        assert!(matches!(lex.process_word("alpine:3.20", &EmptyEnv), Ok(Cow::Borrowed(_))));
        assert!(matches!(lex.process_word("a$b", &EmptyEnv), Ok(Cow::Owned(_))));
        assert_eq!(lex.process_words(" a  b\tc ", &EmptyEnv).unwrap(), ["a", "b", "c"]);
    }

    #[test]
    fn single_quotes_keep_everything() {
        assert_eq!(ok(r"'a\t$PWD ${x'"), r"a\t$PWD ${x");
        assert_eq!(ok("x''y"), "xy");
        assert_eq!(err("'abc"), "unexpected end of statement while looking for matching single-quote");
    }

    #[test]
    fn double_quotes_escape_only_quote_dollar_and_escape() {
        assert_eq!(ok(r#""a\"b\$c\\d\te""#), r#"a"b$c\d\te"#);
        assert_eq!(ok(r#""$PWD'x'""#), "/home'x'");
        assert_eq!(err(r#""abc\""#), "unexpected end of statement while looking for matching double-quote");
    }

    #[test]
    fn escapes_outside_quotes() {
        assert_eq!(ok(r"a\tb\ c\$PWD"), "atb c$PWD");
        assert_eq!(ok("hello\\"), "hello");
        assert_eq!(ok("hello\\\\"), "hello\\");
        let tick = Lex::new('`');
        assert_eq!(with(tick, r"C:\dir `$PWD a``b").unwrap(), r"C:\dir $PWD a`b");
        assert_eq!(with(tick, r#""a`"b""#).unwrap(), r#"a"b"#);
    }

    #[test]
    fn simple_variables_and_special_parameters() {
        assert_eq!(ok("he$PWD.x"), "he/home.x");
        assert_eq!(ok("${PWD}x$UNSET!"), "/homex!");
        assert_eq!(ok("$ $. $"), "$ $. $");
        assert_eq!(ok("$1x ${999}y $001z"), "x y z");
        assert_eq!(ok("$@@ $* $# $? $- $$ $! $0"), "@       ");
        assert_eq!(ok("${@:-at}${#:-hash}${$:-pid}"), "athashpid");
        // Names are Unicode letters and decimal digits as Go classifies them: the vowel sign
        // in नाम is a combining mark, not a letter, so the name stops before it.
        assert_eq!(ok("$नाम"), "ाम");
        assert_eq!(err("${नाम}"), "unsupported modifier (ा) in substitution");
        assert_eq!(ok("$é_1x"), "");
        assert_eq!(ok("$٣x"), "x");
    }

    #[test]
    fn default_alternative_and_required() {
        assert_eq!(ok("${UNSET:-d} ${EMPTY:-d} ${PWD:-d}"), "d d /home");
        assert_eq!(ok("${UNSET-d} ${EMPTY-d} ${PWD-d}"), "d  /home");
        assert_eq!(ok("${UNSET:+a} ${EMPTY:+a} ${PWD:+a}"), "  a");
        assert_eq!(ok("${UNSET+a} ${EMPTY+a} ${PWD+a}"), " a a");
        assert_eq!(ok("${UNSET:-${PWD:-x}}"), "/home");
        assert_eq!(ok(r"${UNSET:-\${PWD}z}"), "${PWDz}");
        assert_eq!(ok("${UNSET:-'}'}"), "}");
        assert_eq!(ok("${PWD?} ${EMPTY?}"), "/home ");
        assert_eq!(err("${UNSET?}"), "UNSET: is not allowed to be unset");
        assert_eq!(err("${EMPTY:?}"), "EMPTY: is not allowed to be empty");
        assert_eq!(err("${UNSET:?need $PWD}"), "UNSET: need /home");
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(err("${}"), "syntax error: bad substitution");
        assert_eq!(err("${:-x}"), "syntax error: bad substitution");
        assert_eq!(err("${{a}"), "syntax error: bad substitution");
        assert_eq!(err("${"), "syntax error: missing '}'");
        assert_eq!(err("${PWD"), "syntax error: missing '}'");
        assert_eq!(err("${a:-b"), "syntax error: missing '}'");
        assert_eq!(err("${a:-'b}"), "syntax error: missing '}'");
        assert_eq!(err("${a/b}"), "syntax error: missing '/' in ${}");
        assert_eq!(err("${a=b}"), "unsupported modifier (=) in substitution");
        assert_eq!(err("${a.b}"), "unsupported modifier (.) in substitution");
        assert_eq!(err("${a:#b}"), "unsupported modifier (:#) in substitution");
        assert_eq!(err("${a:%b}"), "unsupported modifier (:%) in substitution");
        assert_eq!(err("${a:b}"), "unsupported modifier (:b) in substitution");
        // An unknown operator after `:` is only rejected once its word has been read.
        assert_eq!(err("${a:}"), "syntax error: missing '}'");
        assert_eq!(err("${a:}x}"), "unsupported modifier (:}) in substitution");
        // A failure inside a word that reaches the end of input is a missing brace.
        assert_eq!(err("${a:-${UNSET?}"), "syntax error: missing '}'");
        assert_eq!(err("${a:-${UNSET?}}"), "UNSET: is not allowed to be unset");
    }

    #[test]
    fn skip_unset_env_leaves_references_as_written() {
        let lex = Lex::default().skip_unset_env(true);
        let cases = [
            ("$UNSET $PWD", "$UNSET /home"),
            ("${UNSET}", "${UNSET}"),
            ("${UNSET:-x}", "${UNSET:-x}"),
            ("${UNSET-$PWD}", "${UNSET-/home}"),
            ("${UNSET:+x}", "${UNSET:+x}"),
            ("${UNSET?}", "${UNSET?}"),
            ("${UNSET#*}", "${UNSET#*}"),
            ("${UNSET%%x}", "${UNSET%%x}"),
            ("${UNSET/a/b}", "${UNSET/a/b}"),
            // BuildKit writes a single slash back.
            ("${UNSET//a/b}", "${UNSET/a/b}"),
            // The operator is only checked for set variables.
            ("${UNSET:YY}", "${UNSET:YY}"),
            ("${EMPTY:-x}", "x"),
        ];
        for (input, expected) in cases {
            assert_eq!(with(lex, input).unwrap(), expected, "{input}");
        }
        assert!(with(lex, "${PWD:YY}").is_err());
        assert!(with(lex, "${UNSET=x}").is_err());
    }

    #[test]
    fn raw_quotes_and_raw_escapes() {
        let raw = Lex::default().raw_quotes(true);
        assert_eq!(with(raw, r#"a'b c'"d$PWD""#).unwrap(), r#"a'b c'"d/home""#);
        let esc = Lex::default().raw_escapes(true);
        assert_eq!(with(esc, r"a\ b\$PWD\").unwrap(), r"a\ b\$PWD\");
        assert_eq!(with(esc, r#""\$x\"""#).unwrap(), r#"\$x\""#);
        // An escape that escapes nothing inside double quotes comes out twice.
        assert_eq!(with(esc, r#""\t""#).unwrap(), r"\\t");
    }

    #[test]
    fn skip_process_quotes_makes_quotes_ordinary() {
        let lex = Lex::default().skip_process_quotes(true);
        assert_eq!(with(lex, r#"'$PWD' "a b""#).unwrap(), r#"'/home' "a b""#);
        assert_eq!(lex.process_words("'a b'", &EmptyEnv).unwrap(), ["'a", "b'"]);
    }

    #[test]
    fn case_insensitive_keys() {
        let lex = Lex::default().case_insensitive_keys(true);
        assert_eq!(with(lex, "$pwd ${Pwd}").unwrap(), "/home /home");
        assert_eq!(word("$pwd"), Ok(String::new()));
        let map: HashMap<String, String> = [("Path".to_owned(), "p".to_owned())].into();
        assert_eq!(lex.process_word("$PATH", &map).unwrap(), "p");
        let both = [("A", "1"), ("a", "2")];
        assert_eq!(lex.process_word("$A", &both).unwrap(), "2");
        assert_eq!(Lex::default().process_word("$A", &both).unwrap(), "1");
        assert!(keys_equal_fold("straße", "STRAßE"));
        assert!(!keys_equal_fold("straße", "STRASSE"));
    }

    #[test]
    fn env_impls() {
        let lex = Lex::default();
        let mut btree = BTreeMap::new();
        btree.insert("K", "btree");
        assert_eq!(lex.process_word("$K", &btree).unwrap(), "btree");
        let mut hash: HashMap<&str, String> = HashMap::new();
        hash.insert("K", "hash".to_owned());
        assert_eq!(lex.process_word("$K", &hash).unwrap(), "hash");
        let list = vec![("K".to_owned(), "1".to_owned()), ("K".to_owned(), "2".to_owned())];
        assert_eq!(lex.process_word("$K", &list).unwrap(), "2");
        let slice: &[(&str, &str)] = &[("K", "slice")];
        assert_eq!(lex.process_word("$K", slice).unwrap(), "slice");
        let dynamic: &dyn Env = &btree;
        assert_eq!(lex.process_word("$K", dynamic).unwrap(), "btree");
        assert_eq!(lex.process_word("${K:-none}", &EmptyEnv).unwrap(), "none");
    }

    #[test]
    fn matched_and_unmatched_names() {
        let got = Lex::default().process("${FOO-a} ${EMPTY-b} ${NOPE-c} $PWD ${X:-$Y}", &ENV).unwrap();
        assert_eq!(got.result, "xxyy  c /home ");
        fn names(set: &BTreeSet<String>) -> Vec<&str> {
            set.iter().map(String::as_str).collect()
        }
        assert_eq!(names(&got.matched), ["EMPTY", "FOO", "PWD"]);
        assert_eq!(names(&got.unmatched), ["NOPE", "X", "Y"]);
        let case = Lex::default().case_insensitive_keys(true).process("$pwd", &ENV).unwrap();
        assert_eq!(names(&case.matched), ["pwd"]);
    }

    #[test]
    fn prefix_and_suffix_trimming() {
        let env = [
            ("FOO", "xxyy"),
            ("SPECIAL", r"()[]{}^$.*?|\x"),
            ("STARS", "xx**"),
            ("MANY", "a***yy*"),
            ("Q", "???y"),
            ("BAR", "x"),
            ("EMPTY", ""),
            ("V", "v1.2.3"),
        ];
        let lex = Lex::default();
        let cases = [
            ("${FOO#*x*y}", "y"),
            ("${FOO#*}", "xxyy"),
            ("${FOO##*}", ""),
            ("${FOO#$BAR}", "xyy"),
            ("${FOO#$EMPTY}", "xxyy"),
            ("${FOO#}", "xxyy"),
            ("${FOO##*x}", "yy"),
            ("${FOO##}", "xxyy"),
            (r"${Q#?\?}", "?y"),
            (r"${SPECIAL#()[]{\}^$.\*\?|\\}", "x"),
            (r"${STARS%%\**}", "xx"),
            (r"${MANY%%\**\*}", "a"),
            ("${FOO%y*}", "xxy"),
            ("${FOO%%y*}", "xx"),
            ("${FOO%x}", "xxyy"),
            ("${FOO%}", "xxyy"),
            ("${V#v}", "1.2.3"),
            ("${V%.*}", "v1.2"),
            ("${V%%.*}", "v1"),
            ("${UNSET#x}", ""),
            // The doubled operator is looked for after expansion, quotes gone.
            ("${FOO#'#'*x}", "yy"),
        ];
        for (input, expected) in cases {
            assert_eq!(lex.process_word(input, &env).unwrap(), expected, "{input}");
        }
        let e = lex.process_word(r"${FOO#a\x}", &env).unwrap_err();
        assert_eq!(e.to_string(), r"invalid pattern (a\x) in substitution: invalid escape '\x'");
        // For `%` the pattern is reversed before it is checked, and the message shows it so.
        let e = lex.process_word(r"${FOO%a\xb}", &env).unwrap_err();
        assert_eq!(e.to_string(), r"invalid pattern (b\xa) in substitution: invalid escape '\x'");
        // A lone trailing `\` (possible through single quotes) ends up escaping, reversed.
        assert_eq!(lex.process_word(r"${STARS%'*\'}", &env).unwrap(), "xx*");
        assert!(lex.process_word(r"${STARS#'*\'}", &env).is_err());
    }

    #[test]
    fn patterns_do_not_cross_newlines() {
        let env = [("ML", "ab\ncd")];
        let lex = Lex::default();
        assert_eq!(lex.process_word("${ML#*}", &env).unwrap(), "ab\ncd");
        assert_eq!(lex.process_word("${ML##*}", &env).unwrap(), "\ncd");
        assert_eq!(lex.process_word("${ML#a?}", &env).unwrap(), "\ncd");
        assert_eq!(lex.process_word("${ML#ab?}", &env).unwrap(), "ab\ncd");
        assert_eq!(lex.process_word("${ML%%*}", &env).unwrap(), "ab\n");
        assert_eq!(lex.process_word("${ML//*/X}", &env).unwrap(), "X\nX");
    }

    #[test]
    fn replacement() {
        let env = [
            ("FOO", "/foo*/*/*.txt"),
            ("NEEDLE", r"\*/"),
            ("TMP", "/tmp/tmp/bar.txt"),
            ("SLASH", "/tmp"),
            ("A", "/a/foo/b/c.txt"),
            ("Q", "/?/"),
            ("R", "/"),
            ("URL", "http://google.de"),
            ("HTTP", "http://"),
            ("HTTPS", "https://"),
            ("X", "xxyy"),
            ("EMPTY", ""),
        ];
        let lex = Lex::default();
        let cases = [
            ("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", "/foo.*/*.txt - /foo..*.txt"),
            ("${TMP/$SLASH/} - ${TMP//$SLASH/}", "/tmp/bar.txt - /bar.txt"),
            ("${A/$Q/$R} - ${A//$Q/$R}", "/foo/b/c.txt - /foo/c.txt"),
            ("${URL/$HTTP/$HTTPS}", "https://google.de"),
            (r"${TMP//\//\/}", r"\/tmp\/tmp\/bar.txt"),
            ("${X/$EMPTY/ww}", "wwxxyy"),
            ("${X//$EMPTY/-}", "-x-x-y-y-"),
            ("${X///}", "xxyy"),
            ("${UNSET///}", ""),
            ("${X//x*/Z}", "Z"),
            ("${X/?/Z}", "Zxyy"),
            ("${X//y/Z}", "xxZZ"),
            // `//` takes the replacement as a Go regexp template (`$00` is a name, not group
            // 0; `${` unclosed stays literal), `/` as text.
            ("${X//y/'[$0|${0}|$$|$name|${x}|$00|${|$'}", "xx[y|y|$||||${|$[y|y|$||||${|$"),
            ("${X/y/'[$0]'}", "xx[$0]y"),
        ];
        for (input, expected) in cases {
            assert_eq!(lex.process_word(input, &env).unwrap(), expected, "{input}");
        }
        for bad in ["${X//ww}", "${X//}", "${X/a\\x/b}"] {
            assert!(lex.process_word(bad, &env).is_err(), "{bad}");
        }
    }

    #[test]
    fn splitting_into_words() {
        assert_eq!(words("a${SPACE}b"), ["aa", "b", "b"]);
        assert_eq!(words("a\"${SPACE}\"b"), ["aa  b b"]);
        assert_eq!(words(r"a\ b 'c d' '' e"), ["a b", "c d", "e"]);
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("x$UNSET y"), ["x", "y"]);
        assert_eq!(words("a\u{3000}b\u{a0}c"), ["a", "b", "c"]);
        // `<<` keeps the blanks after it in its word, for heredoc markers.
        assert_eq!(words("cat << EOF >a <b"), ["cat", "<< EOF", ">a", "<b"]);
        assert_eq!(words("cat <<\t'EOF'"), ["cat", "<<\tEOF"]);
        assert_eq!(Lex::default().process_word("a <<  b", &ENV).unwrap(), "a <<  b");
    }

    #[test]
    fn nested_expansions_reset_the_word_as_in_buildkit() {
        assert_eq!(words("ab${UNSET:-c}d e"), ["cd", "e"]);
        assert_eq!(words("x ab\"${UNSET:-c}\"d"), ["x", "cd"]);
        assert_eq!(words("ab${PWD}d"), ["ab/homed"]);
        let fixed = Lex::default().fix_nested_word_split(true);
        assert_eq!(fixed.process_words("ab${UNSET:-c}d e", &ENV).unwrap(), ["abcd", "e"]);
        // The processed word itself is never affected.
        assert_eq!(ok("ab${UNSET:-c}d"), "abcd");
    }

    #[test]
    fn leading_byte_order_mark_is_dropped() {
        assert_eq!(ok("\u{FEFF}$PWD"), "/home");
        assert_eq!(ok("\u{FEFF}a"), "a");
        assert_eq!(ok("a\u{FEFF}"), "a\u{FEFF}");
        let env = [("V", "\u{FEFF}ab")];
        // So does a BOM at the start of a pattern (Go's scanner again), so this one cannot
        // match the BOM that starts the value.
        assert_eq!(Lex::default().process_word("${V#\u{FEFF}?}", &env).unwrap(), "ab");
        assert_eq!(Lex::default().process_word("${V#\u{FEFF}a}", &env).unwrap(), "\u{FEFF}ab");
    }

    #[test]
    fn deep_nesting_fails_instead_of_overflowing() {
        let depth = 100_000;
        let input = "${a:-".repeat(depth) + &"}".repeat(depth);
        assert_eq!(word(&input), Err(ExpandError::TooDeep));
        let ok_depth = MAX_NESTING;
        let input = "${a:-".repeat(ok_depth) + "x" + &"}".repeat(ok_depth);
        assert_eq!(word(&input).unwrap(), "x");
        assert!(ExpandError::TooDeep.to_string().contains(&MAX_NESTING.to_string()));
    }

    #[test]
    fn huge_inputs_stay_fast() {
        let start = std::time::Instant::now();
        let value = "ab".repeat(200_000);
        let env = [("V", value.as_str())];
        let lex = Lex::default();
        let pattern = "a*".repeat(2_000) + "c";
        for op in ["#", "##", "%", "%%", "/", "//"] {
            let input = if op.contains('/') {
                format!("${{V{op}{pattern}/x}}")
            } else {
                format!("${{V{op}{pattern}}}")
            };
            assert_eq!(lex.process_word(&input, &env).unwrap(), value, "{op}");
        }
        assert_eq!(lex.process_word("${V//?/}", &env).unwrap(), "");
        assert_eq!(lex.process_word("${V//a/}", &env).unwrap().len(), 200_000);
        let long = "$S ".repeat(50_000) + &"'q' \"${S:-x}\" \\x".repeat(50_000);
        let got = lex.process(&long, &[("S", "s t")]).unwrap();
        assert_eq!(got.words.len(), 200_001);
        assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
    }

    #[test]
    fn odd_input_never_panics() {
        let lex = Lex::default();
        for input in [
            "$",
            "${",
            "${a",
            "${a:",
            "${a/",
            "${a//",
            "${a/b/",
            "\"",
            "'",
            "\\",
            "<",
            "<<",
            "${a#\\",
            "${a%\\",
            "${a/\\",
            "\u{FEFF}",
            "$\u{FEFF}",
            "${\u{10FFFF}}",
            "${a:-\"}\"}",
        ] {
            let _ = lex.process(input, &ENV);
            let _ = lex.raw_escapes(true).raw_quotes(true).skip_unset_env(true).process(input, &ENV);
        }
    }

    #[test]
    fn unicode_tables_are_sorted_and_disjoint() {
        for table in [LETTERS, DIGITS] {
            for pair in table.windows(2) {
                assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0);
            }
        }
        assert!(is_go_letter('한') && is_go_letter('ª') && !is_go_letter('\u{93E}'));
        assert!(is_go_digit('٣') && !is_go_digit('²') && !is_go_letter('Ⅻ'));
    }

    /// Go's regexp as a backtracking engine would run it: stars tried longest (greedy) or
    /// shortest (lazy) first, starts tried left to right. Exponential, for tiny inputs only.
    fn reference(pattern: &[char], text: &[char], at: usize, greedy: bool) -> Option<usize> {
        match pattern.split_first() {
            None => Some(at),
            Some(('*', rest)) => {
                let mut max = at;
                while text.get(max).is_some_and(|&c| c != '\n') {
                    max += 1;
                }
                let order: Vec<usize> =
                    if greedy { (at..=max).rev().collect() } else { (at..=max).collect() };
                order.into_iter().find_map(|j| reference(rest, text, j, greedy))
            }
            Some(('?', rest)) => match text.get(at) {
                Some(&c) if c != '\n' => reference(rest, text, at + 1, greedy),
                _ => None,
            },
            Some((&lit, rest)) => {
                (text.get(at) == Some(&lit)).then(|| reference(rest, text, at + 1, greedy)).flatten()
            }
        }
    }

    fn byte_offset(chars: &[char], n: usize) -> usize {
        chars.iter().take(n).map(|c| c.len_utf8()).sum()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn glob_matches_like_go_regexp(pattern in "[ab*?\n]{0,7}", value in "[abé\n]{0,9}", greedy: bool) {
            let p: Vec<char> = pattern.chars().collect();
            let v: Vec<char> = value.chars().collect();
            let glob = Glob::compile(&pattern).unwrap();

            let prefix = reference(&p, &v, 0, greedy).map_or(value.as_str(), |n| &value[byte_offset(&v, n)..]);
            prop_assert_eq!(trim_prefix(&pattern, &value, greedy).unwrap(), prefix);

            let rp: Vec<char> = p.iter().rev().copied().collect();
            let rv: Vec<char> = v.iter().rev().copied().collect();
            let suffix = reference(&rp, &rv, 0, greedy)
                .map_or(value.as_str(), |n| &value[..byte_offset(&v, v.len() - n)]);
            prop_assert_eq!(trim_suffix(&pattern, &value, greedy).unwrap(), suffix);

            let leftmost = (0..=v.len()).find_map(|s| reference(&p, &v, s, true).map(|e| (s, e)));
            let found = glob.find(&value);
            prop_assert_eq!(found, leftmost.map(|(s, e)| (byte_offset(&v, s), byte_offset(&v, e))));

            // Go's ReplaceAllString loop, on the reference matcher.
            let mut expected = String::new();
            let (mut last, mut search) = (0, 0);
            while search <= v.len() {
                let Some((s, e)) = (search..=v.len()).find_map(|s| reference(&p, &v, s, true).map(|e| (s, e))) else { break };
                expected.extend(&v[last..s]);
                if e > last || s == 0 {
                    expected.push('<');
                    expected.extend(&v[s..e]);
                    expected.push('>');
                }
                last = e;
                search = if search + 1 > e { search + 1 } else { e };
            }
            expected.extend(&v[last..]);
            prop_assert_eq!(glob.replace_all(&value, "<$0>"), expected);
        }

        #[test]
        fn never_panics(
            input in prop_oneof![
                "[-${}:+?#%/*\\\\'\"`<a-cA-C0-9 \n\t@!é한\u{FEFF}\u{3000}_.]{0,40}",
                any::<String>(),
            ],
            flags in 0u8..128,
        ) {
            let lex = Lex {
                escape: if flags & 1 == 0 { '\\' } else { '`' },
                raw_quotes: flags & 2 != 0,
                raw_escapes: flags & 4 != 0,
                skip_process_quotes: flags & 8 != 0,
                skip_unset_env: flags & 16 != 0,
                case_insensitive_keys: flags & 32 != 0,
                fix_nested_word_split: flags & 64 != 0,
            };
            let env = [("a", "x y"), ("b", ""), ("A", "*"), ("c", "a\\*b"), ("d", "$0")];
            let full = lex.process(&input, &env);
            let single = lex.process_word(&input, &env);
            let split = lex.process_words(&input, &env);
            match full {
                Ok(full) => {
                    prop_assert_eq!(single.unwrap(), full.result);
                    prop_assert_eq!(split.unwrap(), full.words);
                }
                Err(e) => {
                    prop_assert_eq!(single.unwrap_err(), e.clone());
                    prop_assert_eq!(split.unwrap_err(), e);
                }
            }
        }
    }
}
