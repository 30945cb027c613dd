//! BuildKit's line parsers: how each instruction's argument text is split into words.
//!
//! All functions work on one logical line and return byte ranges into it, so the caller can map
//! every word back to its source span.

use std::borrow::Cow;
use std::ops::Range;

/// The whitespace of BuildKit's `[\t\v\f\r ]+` splitting regex.
pub fn is_split_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0B | 0x0C | b'\r')
}

/// Go's `unicode.IsSpace` applied to a byte cast to a rune (what BuildKit's flag scanner does):
/// ASCII whitespace plus U+0085 and U+00A0, which we match as characters.
pub fn is_go_byte_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ' | '\u{85}' | '\u{A0}')
}

/// The range of `text[range]` without leading and trailing Unicode whitespace (`strings.TrimSpace`).
pub fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// Splits on runs of `[\t\v\f\r ]` (BuildKit's `parseStringsWhitespaceDelimited`); `text[range]`
/// must already be trimmed. An empty range gives no words.
pub fn split_whitespace(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start = None;
    for i in range.clone() {
        match (is_split_space(bytes[i]), start) {
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..range.end);
    }
    words
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
/// character at the very end is dropped.
pub fn parse_words(text: &str, range: Range<usize>, escape: char) -> Vec<Range<usize>> {
    // Quotes and escape characters are ASCII, so bytes can be scanned directly; only a byte
    // of a multi-byte character needs decoding, to see whether it is a Unicode space.
    let bytes = text.as_bytes();
    let escape = escape as u8;
    let mut words = Vec::new();
    let mut i = range.start;
    while i < range.end {
        // Skip spaces.
        let (is_space, width) = space_at(text, i);
        if is_space {
            i += width;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut quote = 0u8;
        while i < range.end {
            let b = bytes[i];
            if quote == 0 {
                if PLAIN[b as usize] && b != escape {
                    i += 1;
                    end = i;
                    continue;
                }
                let (is_space, width) = space_at(text, i);
                if is_space {
                    break;
                }
                if b == b'\'' || b == b'"' {
                    quote = b;
                } else if b == escape {
                    // The escape keeps the next character in the word; at the very end it is dropped.
                    i += 1;
                    if i < range.end {
                        i += char_width(bytes[i]);
                        end = i;
                    }
                    continue;
                }
                i += width;
                end = i;
            } else {
                if b == quote {
                    quote = 0;
                } else if b == escape && quote != b'\'' {
                    i += 1;
                    if i < range.end {
                        i += char_width(bytes[i]);
                        end = i;
                    } else {
                        quote = 0;
                    }
                    continue;
                }
                i += char_width(b);
                end = i;
            }
        }
        if end > start {
            words.push(start..end);
        }
    }
    words
}

/// ASCII bytes that are neither whitespace nor quotes: nothing to decide for them in a word.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x21;
    while b < 0x7F {
        table[b] = b != b'"' as usize && b != b'\'' as usize;
        b += 1;
    }
    table
};

/// Whether a Unicode space starts at byte `i`, and the width of the character there.
fn space_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_whitespace(), c.len_utf8())
}

fn char_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// One flag word: its range as written and its text as BuildKit reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagWord<'t> {
    pub range: Range<usize>,
    pub text: Cow<'t, str>,
}

/// BuildKit's `extractBuilderFlags`: leading words that start with `--`, with quotes removed and
/// backslash escapes resolved (always backslash, whatever the escape directive says). A bare `--`
/// ends the flags. Returns the flags and where the remaining arguments start.
pub fn extract_flags<'t>(text: &'t str, range: Range<usize>) -> (Vec<FlagWord<'t>>, usize) {
    let mut flags = Vec::new();
    let bytes = text.as_bytes();
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
        let mut owned: Option<String> = None;
        let mut quote: Option<char> = None;
        let mut chars = text[pos..range.end].char_indices().peekable();
        let mut end = range.end;
        let mut plain_end = pos;
        while let Some((i, c)) = chars.next() {
            let at = pos + i;
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
        let word: Cow<'t, str> = match owned {
            Some(o) => Cow::Owned(o),
            None => Cow::Borrowed(&text[start..plain_end]),
        };
        pos = end;
        if word == "--" {
            return (flags, pos);
        }
        flags.push(FlagWord { range: start..end, text: word });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        parse_words(s, 0..s.len(), '\\').into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn parse_words_keeps_quotes_and_escapes() {
        assert_eq!(words(r#"a=1 b="x y" c='p q'\ r"#), [r#"a=1"#, r#"b="x y""#, r#"c='p q'\ r"#]);
        assert_eq!(words(r"name=value\ value2 n2=v"), [r"name=value\ value2", "n2=v"]);
        assert_eq!(words("a\\"), ["a"]);
        assert_eq!(words("  "), Vec::<&str>::new());
        assert_eq!(words("a\u{a0}b"), ["a", "b"]);
        assert_eq!(words(r#"x="unterminated"#), [r#"x="unterminated"#]);
    }

    #[test]
    fn flags_like_buildkit() {
        let s = r#"--from=build --chown="a b" --x=\"q -- rest"#;
        let (flags, rest) = extract_flags(s, 0..s.len());
        let texts: Vec<_> = flags.iter().map(|f| f.text.as_ref()).collect();
        assert_eq!(texts, ["--from=build", "--chown=a b", "--x=\"q"]);
        assert_eq!(&s[rest..], " rest");
        assert!(matches!(flags[0].text, Cow::Borrowed(_)));
        let s = "--mount=type=cache,target=/x  apt-get update";
        let (flags, rest) = extract_flags(s, 0..s.len());
        assert_eq!(flags.len(), 1);
        assert_eq!(&s[rest..], "apt-get update");
        let s = "-x --y";
        assert_eq!(extract_flags(s, 0..s.len()), (vec![], 0));
        let s = "--";
        assert_eq!(extract_flags(s, 0..s.len()).0, vec![]);
    }

    #[test]
    fn whitespace_splitting() {
        let s = "a\t b\u{a0}c  d";
        let w: Vec<_> = split_whitespace(s, 0..s.len()).into_iter().map(|r| &s[r]).collect();
        assert_eq!(w, ["a", "b\u{a0}c", "d"]);
        assert_eq!(split_once_whitespace("k  v w", 0..6), Some((0..1, 3..6)));
        assert_eq!(split_once_whitespace("kv", 0..2), None);
    }
}
