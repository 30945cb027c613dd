//! Finding heredoc markers (`<<EOF`, `<<-"EOF"`, `3<<EOF`) in an instruction line.
//!
//! BuildKit splits the whole joined line into shell words with quotes, escapes and `${...}` kept
//! raw, and treats every word of the shape `[digits]<<[-]word` as a heredoc, in order. A line it
//! cannot split (an unterminated quote, a bad `${`) has no heredocs at all.

use std::borrow::Cow;
use std::ops::Range;

use crate::expand::{EmptyEnv, Lex};
use crate::model::{Instruction, InstructionKind};

/// A heredoc opened by an instruction line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker<'t> {
    pub name: Cow<'t, str>,
    pub chomp: bool,
    pub expand: bool,
    pub fd: Option<u32>,
    /// Where the marker word is in the logical line.
    pub range: Range<usize>,
}

/// RUN, COPY and ADD in shell form (directly or as an ONBUILD trigger) can open heredocs.
pub fn can_contain_heredoc(ins: &Instruction<'_>) -> bool {
    let ins = ins.effective();
    match &ins.kind {
        InstructionKind::Run(run) => !run.command.as_ref().is_some_and(|c| c.is_exec()),
        InstructionKind::Copy(c) | InstructionKind::Add(c) => !c.json,
        _ => false,
    }
}

/// Whether `<<` occurs at all: a cheap test before the full scan (a searcher for a two-byte
/// needle costs more to set up than most lines are long).
pub fn has_double_angle(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|i| bytes.get(i + 1) == Some(&b'<'))
}

/// The heredoc markers of a joined instruction line, in order. An error means BuildKit rejects
/// the line (a marker word that does not lex as one word).
pub fn markers(line: &str) -> Result<Vec<Marker<'static>>, String> {
    let Some(words) = raw_words(line) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for range in words {
        if let Some(marker) = parse_marker_at(&line[range.clone()], range)? {
            out.push(marker);
        }
    }
    Ok(out)
}

/// Whether a single argument word is a heredoc marker (used for COPY/ADD sources and
/// destinations); `None` when it is not one.
pub fn parse_marker(word: &str) -> Option<Marker<'static>> {
    parse_marker_at(word, 0..word.len()).ok().flatten()
}

/// Matches `^(\d*)<<(-?)([^<]*)$` and lexes the delimiter word.
fn parse_marker_at(word: &str, range: Range<usize>) -> Result<Option<Marker<'static>>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let lex = Lex::new('\\').skip_unset_env(true);
    let words =
        lex.process_words(rest, &EmptyEnv).map_err(|e| format!("invalid heredoc marker `{word}`: {e}"))?;
    let [name] = words.as_slice() else {
        return Ok(None);
    };
    let raw = lex.raw_quotes(true).process_words(rest, &EmptyEnv).map_err(|e| e.to_string())?;
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    let expand = raw.first().is_some_and(|r| quotes(r) == quotes(name));
    Ok(Some(Marker {
        name: Cow::Owned(name.clone()),
        chomp,
        expand,
        fd: if digits > 0 { word[..digits].parse().ok() } else { None },
        range,
    }))
}

/// Splits a line into shell words the way BuildKit's heredoc scan does (quotes, escapes and
/// `${...}` kept as written), returning byte ranges. `None` when the line does not lex.
fn raw_words(line: &str) -> Option<Vec<Range<usize>>> {
    let mut s = Scanner { b: line.as_bytes(), pos: 0, words: Vec::new(), start: None, depth: 0 };
    while let Some(c) = s.peek() {
        match c {
            b'$' => s.dollar(true)?,
            b'\'' => {
                s.begin();
                s.single_quote()?;
            }
            b'"' => {
                s.begin();
                s.double_quote()?;
            }
            b'\\' => {
                s.begin();
                s.pos += 1;
                s.skip_char();
            }
            _ => {
                if s.at_space() {
                    s.split();
                } else {
                    s.begin();
                    s.skip_char();
                }
            }
        }
    }
    s.split();
    Some(s.words)
}

struct Scanner<'b> {
    b: &'b [u8],
    pos: usize,
    words: Vec<Range<usize>>,
    /// Start of the word being read.
    start: Option<usize>,
    /// Nesting of `${...}` and quotes, bounded so hostile input cannot exhaust the stack.
    depth: u32,
}

/// Deeper nesting than this is treated as a line that does not lex (no heredocs).
const MAX_NESTING: u32 = 256;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn begin(&mut self) {
        self.start.get_or_insert(self.pos);
    }

    /// Ends the current word (at a space) and skips the space.
    fn split(&mut self) {
        if let Some(start) = self.start.take() {
            self.words.push(start..self.pos);
        }
        if self.pos < self.b.len() {
            self.skip_char();
        }
    }

    fn at_space(&self) -> bool {
        let rest = &self.b[self.pos..];
        if rest[0] < 0x80 {
            // `char::is_whitespace` below 0x80: `\t`, `\n`, `\v`, `\f`, `\r` and space.
            return matches!(rest[0], b'\t'..=b'\r' | b' ');
        }
        let c = std::str::from_utf8(&rest[..utf8_len(rest[0]).min(rest.len())])
            .ok()
            .and_then(|s| s.chars().next());
        c.is_some_and(char::is_whitespace)
    }

    fn skip_char(&mut self) {
        if let Some(&b) = self.b.get(self.pos) {
            self.pos += utf8_len(b).min(self.b.len() - self.pos);
        }
    }

    fn single_quote(&mut self) -> Option<()> {
        self.pos += 1;
        let close = self.b[self.pos..].iter().position(|&b| b == b'\'')?;
        self.pos += close + 1;
        Some(())
    }

    fn double_quote(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'$' => self.dollar(false)?,
                b'\\' => {
                    self.pos += 1;
                    self.skip_char();
                }
                _ => self.skip_char(),
            }
        }
    }

    /// `$name`, `${name}`, `${name<op>word}`. At the top level, spaces inside the braces still
    /// split words (BuildKit re-splits the text an expansion returns).
    fn dollar(&mut self, top_level: bool) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return None;
        }
        let result = self.dollar_inner(top_level);
        self.depth -= 1;
        result
    }

    fn dollar_inner(&mut self, top_level: bool) -> Option<()> {
        if top_level {
            self.begin();
        }
        self.pos += 1;
        if self.peek() != Some(b'{') {
            self.name();
            return Some(());
        }
        self.pos += 1;
        match self.peek() {
            None | Some(b'{' | b'}' | b':') => return None,
            _ => {}
        }
        self.name();
        let op = self.peek()?;
        self.pos += 1;
        match op {
            b'}' => Some(()),
            b':' | b'+' | b'-' | b'?' | b'#' | b'%' => {
                if op == b':' {
                    self.peek()?;
                    self.skip_char();
                }
                self.until(b'}', top_level)
            }
            b'/' => {
                if self.peek() == Some(b'/') {
                    self.pos += 1;
                }
                self.until(b'/', top_level)?;
                self.until(b'}', top_level)
            }
            _ => None,
        }
    }

    /// Reads a `${...}` word up to `stop`, with quotes, escapes and nested `$` inside.
    fn until(&mut self, stop: u8, top_level: bool) -> Option<()> {
        loop {
            let c = self.peek()?;
            if c == stop {
                self.pos += 1;
                return Some(());
            }
            match c {
                b'$' => self.dollar(false)?,
                b'\'' => self.single_quote()?,
                b'"' => self.double_quote()?,
                b'\\' => {
                    self.pos += 1;
                    self.skip_char();
                }
                _ if top_level && self.at_space() => self.split_inside(),
                _ => self.skip_char(),
            }
        }
    }

    /// A space inside a top-level `${...}`: ends the current word and starts the next one after it.
    fn split_inside(&mut self) {
        if let Some(start) = self.start.take() {
            self.words.push(start..self.pos);
        }
        self.skip_char();
        self.start = Some(self.pos);
    }

    /// BuildKit's `processName`: a run of digits, one special parameter, or letters/digits/`_`.
    fn name(&mut self) {
        match self.peek() {
            Some(b'0'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            Some(b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!') => self.pos += 1,
            _ => {
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || c == b'_' {
                        self.pos += 1;
                    } else if c >= 0x80 {
                        let rest = std::str::from_utf8(&self.b[self.pos..]).ok();
                        match rest.and_then(|s| s.chars().next()) {
                            Some(ch) if ch.is_alphanumeric() => self.pos += ch.len_utf8(),
                            _ => break,
                        }
                    } else {
                        break;
                    }
                }
            }
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool, Option<u32>)> {
        markers(line).unwrap().into_iter().map(|m| (m.name.into_owned(), m.chomp, m.expand, m.fd)).collect()
    }

    #[test]
    fn finds_markers() {
        assert_eq!(names("RUN <<EOF cat"), [("EOF".into(), false, true, None)]);
        assert_eq!(names("RUN <<-'EOT' sh"), [("EOT".into(), true, false, None)]);
        assert_eq!(names("RUN 3<<E\"O\"F x"), [("EOF".into(), false, false, Some(3))]);
        assert_eq!(names(r"RUN <<-\EOT"), [("EOT".into(), true, true, None)]);
        let two = names("RUN <<A cat > a && <<B cat > b");
        assert_eq!(two.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(names("COPY <<a <<b /dir/").len(), 2);
    }

    #[test]
    fn not_markers() {
        assert!(names("RUN echo '<<EOF'").is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
        assert!(names("RUN echo \"unterminated <<EOF").is_empty());
        assert!(names("RUN echo ${} <<EOF").is_empty());
        assert!(names("RUN a <<").is_empty());
        assert!(names("RUN a <<<here").is_empty());
        let deep = format!("RUN {}x{} <<EOF", "${a:-".repeat(100_000), "}".repeat(100_000));
        assert!(names(&deep).is_empty());
    }

    #[test]
    fn ranges_point_at_the_marker() {
        let line = "RUN  python3 <<PY";
        let m = markers(line).unwrap();
        assert_eq!(&line[m[0].range.clone()], "<<PY");
    }
}
