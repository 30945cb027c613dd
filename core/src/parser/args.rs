//! BuildKit's line parsers: how each instruction's argument text is split into words.
//!
//! All functions work on one logical line and return byte ranges into it, so the caller can map
//! every word back to its source span.

use std::borrow::Cow;
use std::ops::Range;

use crate::model::ThinList;

/// The whitespace of BuildKit's `[\t\v\f\r ]+` splitting regex.
pub fn is_split_space(b: u8) -> bool {
    CLASS[b as usize] & SPLIT != 0
}

/// Go's `unicode.IsSpace` applied to a byte cast to a rune (what BuildKit's flag scanner does):
/// ASCII whitespace plus U+0085 and U+00A0, which we match as characters.
pub fn is_go_byte_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ' | '\u{85}' | '\u{A0}')
}

// Byte classes, so that the scanners below test one table entry per byte.
/// `[\t\v\f\r ]`, BuildKit's word splitting.
const SPLIT: u8 = 1;
/// ASCII whitespace (`unicode.IsSpace` below 0x80): `SPLIT` and `\n`.
const SPACE: u8 = 2;
const QUOTE: u8 = 4;
const BACKSLASH: u8 = 8;
const BACKTICK: u8 = 16;
/// A byte of a multi-byte character: only decoding tells whether it is a Unicode space.
const NON_ASCII: u8 = 32;

static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' | b'\t' | 0x0B | 0x0C | b'\r' => SPLIT | SPACE,
            b'\n' => SPACE,
            b'"' | b'\'' => QUOTE,
            b'\\' => BACKSLASH,
            b'`' => BACKTICK,
            0x80..=0xFF => NON_ASCII,
            _ => 0,
        };
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// The offset in `text[range]` of its first `=` (names are short: a plain scan beats a searcher).
pub fn find_equals(text: &str, range: Range<usize>) -> Option<usize> {
    text.as_bytes().get(range)?.iter().position(|&b| b == b'=')
}

/// The range of `text[range]` without leading and trailing Unicode whitespace (`strings.TrimSpace`).
#[inline]
pub fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    // Usually both ends are printable ASCII, which is never whitespace.
    if range.start < range.end
        && matches!(bytes.get(range.start), Some(0x21..=0x7E))
        && matches!(bytes.get(range.end - 1), Some(0x21..=0x7E))
    {
        return range;
    }
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// Splits on runs of `[\t\v\f\r ]` (BuildKit's `parseStringsWhitespaceDelimited`). An empty
/// range gives no words.
pub fn split_whitespace(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes().get(..range.end).unwrap_or_default();
    let mut next = range.start;
    std::iter::from_fn(move || {
        // A local cursor: the closure's own state lives in memory wherever the iterator is not
        // inlined, and advancing it there byte by byte stalls on every store.
        let mut i = next;
        while bytes.get(i).is_some_and(|&b| is_split_space(b)) {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(|&b| !is_split_space(b)) {
            i += 1;
        }
        next = i;
        (i > start).then_some(start..i)
    })
}

/// Splits at the first run of `[\t\v\f\r ]` (Go's `regexp.Split(s, 2)`); `None` when there is none.
pub fn split_once_whitespace(text: &str, range: Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    let first = (range.clone()).find(|&i| is_split_space(bytes[i]))?;
    let mut rest = first;
    while rest < range.end && is_split_space(bytes[rest]) {
        rest += 1;
    }
    Some((range.start..first, rest..range.end))
}

/// BuildKit's `parseWords` (ENV, LABEL, ARG): words separated by Unicode whitespace outside
/// quotes; quotes and escapes are kept in the word, so every word is a plain substring. An escape
/// character at the very end is dropped. `escape` is `\` or `` ` ``, the two the directive allows.
pub fn parse_words(text: &str, range: Range<usize>, escape: char) -> Words<'_> {
    let escape = if escape == '`' { BACKTICK } else { BACKSLASH };
    Words { text, pos: range.start, end: range.end, escape }
}

/// The words of [`parse_words`], as byte ranges.
pub struct Words<'t> {
    text: &'t str,
    pos: usize,
    end: usize,
    /// The class bit of the escape character.
    escape: u8,
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    #[inline(always)]
    fn next(&mut self) -> Option<Range<usize>> {
        // Quotes and escape characters are ASCII, so bytes can be scanned directly; only a byte
        // of a multi-byte character needs decoding, to see whether it is a Unicode space.
        let bytes = self.text.as_bytes().get(..self.end)?;
        let unquoted_stop = SPACE | QUOTE | NON_ASCII | self.escape;
        loop {
            let mut i = self.pos;
            while i < bytes.len()
                && let Some(width) = unicode_space_at(self.text, i)
            {
                i += width;
            }
            let start = i;
            let end = loop {
                i = skip_class(bytes, i, unquoted_stop);
                let Some(&b) = bytes.get(i) else {
                    break i;
                };
                if let Some(width) = unicode_space_at(self.text, i) {
                    let end = i;
                    i += width;
                    break end;
                }
                if class(b) & self.escape != 0 {
                    // The escape keeps the next character in the word; at the very end it is dropped.
                    match bytes.get(i + 1) {
                        Some(&next) => i += 1 + char_width(next),
                        None => {
                            i += 1;
                            break i - 1;
                        }
                    }
                } else if class(b) & QUOTE != 0 {
                    i = self.after_quote(bytes, i);
                } else {
                    i += char_width(b);
                }
            };
            self.pos = i;
            if start >= bytes.len() {
                return None;
            }
            if end > start {
                return Some(start..end);
            }
        }
    }
}

impl Words<'_> {
    /// Skips the quoted part opened at `open`: inside single quotes only the closing quote
    /// counts, inside double quotes the escape does too. An unterminated quote runs to the end;
    /// an escape that ends the text is left for the caller to drop.
    fn after_quote(&self, bytes: &[u8], open: usize) -> usize {
        let quote = bytes[open];
        let escape = if quote == b'"' { self.escape } else { 0 };
        let mut i = open + 1;
        loop {
            i += bytes
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| b != quote && class(b) & escape == 0)
                .count();
            match bytes.get(i) {
                None => return i,
                Some(&b) if b == quote => return i + 1,
                // The escape: it keeps the next character.
                Some(_) => match bytes.get(i + 1) {
                    Some(&next) => i += 1 + char_width(next),
                    None => return i,
                },
            }
        }
    }
}

/// The first position from `i` whose byte is in a class of `stop` (or the end).
fn skip_class(bytes: &[u8], i: usize, stop: u8) -> usize {
    i + bytes.get(i..).unwrap_or_default().iter().take_while(|&&b| class(b) & stop == 0).count()
}

/// The width of the Unicode space at byte `i`, if there is one there.
fn unicode_space_at(text: &str, i: usize) -> Option<usize> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return (class(b) & SPACE != 0).then_some(1);
    }
    let c = text.get(i..)?.chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

fn char_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// BuildKit's `extractBuilderFlags`: leading words that start with `--`, with quotes removed and
/// backslash escapes resolved (always backslash, whatever the escape directive says). A bare `--`
/// ends the flags. Each flag's range as written and text as BuildKit reads it go through `flag`;
/// returns what it made of them and where the remaining arguments start.
#[inline]
pub fn extract_flags<'t, F>(
    text: &'t str,
    range: Range<usize>,
    mut flag: impl FnMut(Range<usize>, Cow<'t, str>) -> F,
) -> (ThinList<F>, usize) {
    let mut flags = ThinList::new();
    let bytes = text.as_bytes();
    // Most instructions have no flags: an ASCII byte that is neither a space nor `-` settles it.
    if let Some(&b) = bytes.get(range.start).filter(|_| range.start < range.end)
        && b < 0x80
        && b != b'-'
        && !is_go_byte_space(b as char)
    {
        return (flags, range.start);
    }
    let mut pos = range.start;
    loop {
        // Skip spaces.
        while let Some(c) = text[pos..range.end].chars().next() {
            if !is_go_byte_space(c) {
                break;
            }
            pos += c.len_utf8();
        }
        if pos >= range.end {
            return (flags, range.end);
        }
        if !(bytes[pos] == b'-' && pos + 1 < range.end && bytes[pos + 1] == b'-') {
            return (flags, pos);
        }
        let start = pos;
        // Most flags are plain ASCII: up to the next space there is nothing to unquote or
        // unescape (below 0x80, Go's byte spaces are exactly the `SPACE` class).
        let stop = skip_class(&bytes[..range.end], start, SPACE | QUOTE | BACKSLASH | NON_ASCII);
        let (word, end) = if bytes.get(stop).is_none_or(|&b| class(b) & SPACE != 0) {
            (Cow::Borrowed(&text[start..stop]), stop)
        } else {
            unquote_flag(text, start..range.end)
        };
        pos = end;
        if word == "--" {
            return (flags, pos);
        }
        flags.push(flag(start..end, word));
    }
}

/// Reads the flag word starting at `range.start` character by character: its text with quotes
/// removed and escapes resolved, and where it ends.
fn unquote_flag(text: &str, range: Range<usize>) -> (Cow<'_, str>, usize) {
    let start = range.start;
    let mut owned: Option<String> = None;
    let mut quote: Option<char> = None;
    let mut chars = text[range.clone()].char_indices().peekable();
    let mut end = range.end;
    let mut plain_end = start;
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        match quote {
            None if is_go_byte_space(c) => {
                end = at;
                break;
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                owned.get_or_insert_with(|| text[start..at].to_string());
            }
            Some(q) if c == q => quote = None,
            _ if c == '\\' => {
                owned.get_or_insert_with(|| text[start..at].to_string());
                if let Some((_, d)) = chars.next()
                    && let Some(o) = owned.as_mut()
                {
                    o.push(d);
                }
            }
            _ => match owned.as_mut() {
                Some(o) => o.push(c),
                None => plain_end = at + c.len_utf8(),
            },
        }
    }
    let word = match owned {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(&text[start..plain_end]),
    };
    (word, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        parse_words(s, 0..s.len(), '\\').map(|r| &s[r]).collect()
    }

    #[test]
    fn parse_words_keeps_quotes_and_escapes() {
        assert_eq!(words(r#"a=1 b="x y" c='p q'\ r"#), [r#"a=1"#, r#"b="x y""#, r#"c='p q'\ r"#]);
        assert_eq!(words(r"name=value\ value2 n2=v"), [r"name=value\ value2", "n2=v"]);
        assert_eq!(words("a\\"), ["a"]);
        assert_eq!(words("  "), Vec::<&str>::new());
        assert_eq!(words("a\u{a0}b"), ["a", "b"]);
        assert_eq!(words(r#"x="unterminated"#), [r#"x="unterminated"#]);
        // A final escape is dropped inside double quotes too, but means nothing in single quotes.
        assert_eq!(words(r#"x="ab\"#), [r#"x="ab"#]);
        assert_eq!(words(r"x='a\"), [r"x='a\"]);
        assert_eq!(words("a\\ b\\"), ["a\\ b"]);
        let backtick =
            |s: &str| parse_words(s, 0..s.len(), '`').map(|r| s[r].to_string()).collect::<Vec<_>>();
        assert_eq!(backtick("a\\ b` c d`"), ["a\\", "b` c", "d"]);
        assert_eq!(backtick(r#"k="a`" b" x\"#), [r#"k="a`" b""#, r"x\"]);
        // Only the range is read, even when spaces follow it.
        assert_eq!(parse_words("a b  c", 0..4, '\\').collect::<Vec<_>>(), [0..1, 2..3]);
    }

    #[test]
    fn flags_like_buildkit() {
        fn pair(range: Range<usize>, text: Cow<'_, str>) -> (Range<usize>, Cow<'_, str>) {
            (range, text)
        }
        let s = &format!(r#"--from=build --chown="a b" --x=\"q {}"#, "--é=1\u{a0}-- rest");
        let (flags, rest) = extract_flags(s, 0..s.len(), pair);
        let texts: Vec<_> = flags.iter().map(|f| f.1.as_ref()).collect();
        assert_eq!(texts, ["--from=build", "--chown=a b", "--x=\"q", "--é=1"]);
        assert_eq!(&s[rest..], " rest");
        assert!(matches!(flags[0].1, Cow::Borrowed(_)));
        assert!(matches!(flags[3].1, Cow::Borrowed(_)));
        assert_eq!(flags[1].0, 13..26);
        let s = "--mount=type=cache,target=/x  apt-get update";
        let (flags, rest) = extract_flags(s, 0..s.len(), pair);
        assert_eq!(*flags, [(0..28, Cow::Borrowed("--mount=type=cache,target=/x"))]);
        assert_eq!(&s[rest..], "apt-get update");
        let s = "-x --y";
        assert_eq!(extract_flags(s, 0..s.len(), pair), (ThinList::new(), 0));
        let s = "--";
        assert_eq!(extract_flags(s, 0..s.len(), pair).0, ThinList::new());
        let s = "--a\t--b";
        assert_eq!(extract_flags(s, 0..s.len(), pair).0.len(), 2);
    }

    #[test]
    fn whitespace_splitting() {
        let s = "a\t b\u{a0}c  d";
        let w: Vec<_> = split_whitespace(s, 0..s.len()).map(|r| &s[r]).collect();
        assert_eq!(w, ["a", "b\u{a0}c", "d"]);
        assert_eq!(split_once_whitespace("k  v w", 0..6), Some((0..1, 3..6)));
        assert_eq!(split_once_whitespace("kv", 0..2), None);
    }
}
