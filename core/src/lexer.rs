//! The physical layer of a Dockerfile: lines, blanks and words, lexed with logos.
//!
//! A Dockerfile is line-oriented: whether a line is a comment, a blank, a parser directive or part of
//! an instruction, and whether it continues onto the next, is decided from its first word and its end.
//! The token classes follow BuildKit's own splitting: `[\t\v\f\r ]` is whitespace between words
//! (the set of its `reWhitespace`), and a line ends at `\n` with any `\r` before it trimmed.

use logos::Logos;

use crate::source::{LineIndex, Span};

/// One physical token.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// A line break; `\r\n` is one token so that CRLF files keep their line endings intact.
    #[token("\n")]
    #[token("\r\n")]
    Newline,
    /// Horizontal whitespace between words.
    #[regex(r"[ \t\x0B\x0C]+")]
    Space,
    /// A carriage return that does not end a line: whitespace to BuildKit.
    #[token("\r")]
    CarriageReturn,
    /// Anything else up to the next whitespace.
    #[regex(r"[^ \t\x0B\x0C\r\n]+", allow_greedy = true)]
    Word,
}

/// Every token of `src` with its byte span; the spans tile the input exactly.
pub fn tokenize(src: &str) -> impl Iterator<Item = (Token, Span)> + '_ {
    Token::lexer(src).spanned().map(|(tok, range)| {
        // Every byte belongs to one of the classes above, so lexing cannot fail.
        (tok.unwrap_or(Token::Word), Span::from_usize(range.start, range.end))
    })
}

/// One physical line, located by byte offsets into the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawLine {
    /// First byte of the line.
    pub start: usize,
    /// First byte of its first word (after leading whitespace, Unicode spaces included as BuildKit
    /// trims them), or `content_end` for a blank line.
    pub indent_end: usize,
    /// End of the content: before the line break and any `\r` right before it.
    pub content_end: usize,
    /// After the line break (the next line's start); the source length on the last line.
    pub end: usize,
}

impl RawLine {
    pub fn is_blank(&self) -> bool {
        self.indent_end == self.content_end
    }

    pub fn span(&self) -> Span {
        Span::from_usize(self.start, self.end)
    }

    /// Whether the first word starts with `#` (`src` is the text the line was lexed from).
    pub fn is_comment(&self, src: &str) -> bool {
        self.indent_end < self.content_end && src.as_bytes().get(self.indent_end) == Some(&b'#')
    }
}

/// Splits a source into [`RawLine`]s, one at a time, so the parser can switch to reading heredoc
/// bodies verbatim at any point. Line starts are found in one SIMD pass up front; they are also
/// the [`LineIndex`] the model keeps for positions.
#[derive(Debug, Clone)]
pub struct LineLexer<'a> {
    src: &'a str,
    lines: LineIndex,
    /// 0-based number of the next line.
    next: usize,
}

impl<'a> LineLexer<'a> {
    pub fn new(src: &'a str) -> LineLexer<'a> {
        LineLexer { src, lines: LineIndex::new(src), next: 0 }
    }

    /// Offset of the next unread line.
    pub fn position(&self) -> usize {
        self.line_start(self.next)
    }

    pub fn at_end(&self) -> bool {
        self.position() >= self.src.len()
    }

    /// Number of physical lines (see [`LineIndex::line_count`]).
    pub fn line_count(&self) -> usize {
        self.lines.line_count()
    }

    /// The index of line starts, for the model.
    pub fn into_line_index(self) -> LineIndex {
        self.lines
    }

    fn line_start(&self, line: usize) -> usize {
        self.lines.starts().get(line).map_or(self.src.len(), |&s| s as usize)
    }

    /// Lexes the next physical line: its end is known from the line index, the indentation with
    /// the logos token machine (the rest of a line is never tokenized here: instruction arguments
    /// are read per instruction, by the rules BuildKit applies to each).
    #[inline]
    pub fn next_line(&mut self) -> Option<RawLine> {
        let starts = self.lines.starts();
        let start = *starts.get(self.next)? as usize;
        if start >= self.src.len() {
            return None;
        }
        self.next += 1;
        // Every line but the last ends with the `\n` that the next one starts after.
        let (end, mut content_end) = match starts.get(self.next) {
            Some(&next) => (next as usize, next as usize - 1),
            None => (self.src.len(), self.src.len()),
        };
        let bytes = self.src.as_bytes();
        // BuildKit trims every trailing `\r`; interior ones stay in the content as whitespace.
        while content_end > start && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let indent_end = match bytes[start] {
            // Most lines start with a word; a printable ASCII byte is never whitespace of any kind.
            0x21..=0x7E if start < content_end => start,
            _ => self.indent_end(start, content_end),
        };
        Some(RawLine { start, indent_end, content_end, end })
    }

    /// Where the first word of `src[start..content_end]` starts.
    fn indent_end(&self, start: usize, content_end: usize) -> usize {
        let line = &self.src.as_bytes()[start..content_end];
        // The leading `Space` token (`[ \t\x0B\x0C]+`), scanned directly: a logos lexer costs
        // more to set up than this short run of bytes takes to walk.
        let indent = space_run(line);
        // Leading whitespace in BuildKit's sense also covers `\r` and Unicode spaces (NBSP etc.).
        let more_space = match line.get(indent) {
            Some(&b) if b < 0x80 => b.is_ascii_whitespace() || b == 0x0B,
            Some(_) => self.src[start + indent..content_end].starts_with(char::is_whitespace),
            None => false,
        };
        if more_space {
            return content_end - self.src[start..content_end].trim_start().len();
        }
        start + indent
    }
}

/// Length of the leading run of `[ \t\x0B\x0C]` in `bytes`.
fn space_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    // Indentation is mostly spaces: eight bytes at a time, a zero byte of `x` being a space.
    while let Some(chunk) = bytes[i..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*chunk) ^ u64::from_ne_bytes([b' '; 8]);
        if x != 0 {
            i += (x.trailing_zeros() / 8) as usize;
            break;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t' | 0x0B | 0x0C)) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str) -> Vec<RawLine> {
        let mut lexer = LineLexer::new(src);
        std::iter::from_fn(|| lexer.next_line()).collect()
    }

    #[test]
    fn tokens_tile_the_input() {
        let src = "FROM a\r\n\tRUN  x \r\r\n";
        let toks: Vec<_> = tokenize(src).collect();
        let kinds: Vec<_> = toks.iter().map(|t| t.0).collect();
        use Token::*;
        assert_eq!(
            kinds,
            [Word, Space, Word, Newline, Space, Word, Space, Word, Space, CarriageReturn, Newline]
        );
        let mut pos = 0;
        for (_, span) in toks {
            assert_eq!(span.start as usize, pos);
            pos = span.end as usize;
        }
        assert_eq!(pos, src.len());
    }

    #[test]
    fn lines_know_their_content() {
        let src = "FROM a\r\n  \n\t# c\nRUN x \r\r\nlast";
        let ls = lines(src);
        assert_eq!(ls.len(), 5);
        assert_eq!(&src[ls[0].indent_end..ls[0].content_end], "FROM a");
        assert!(ls[1].is_blank());
        assert_eq!(&src[ls[2].indent_end..ls[2].content_end], "# c");
        assert_eq!(&src[ls[3].indent_end..ls[3].content_end], "RUN x ");
        assert_eq!(&src[ls[4].start..ls[4].end], "last");
        assert_eq!(ls[4].content_end, src.len());
    }

    #[test]
    fn line_ends_agree_with_a_byte_split_across_blocks() {
        // Newlines before, on and after the 32-byte block edges, alone and in runs, with `\r\n`.
        for len in 0..100usize {
            for step in [1, 2, 3, 31, 32, 33, 64, 200] {
                let text: String = (0..len)
                    .map(|i| match i % step {
                        0 => '\n',
                        1 if i % 7 == 1 => '\r',
                        _ => 'x',
                    })
                    .collect();
                let mut expected = Vec::new();
                let mut start = 0;
                while start < text.len() {
                    let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
                    let content = text[start..end].trim_end_matches('\n').trim_end_matches('\r');
                    expected.push((start, start + content.len(), end));
                    start = end;
                }
                let found: Vec<_> = lines(&text).iter().map(|l| (l.start, l.content_end, l.end)).collect();
                assert_eq!(found, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn unicode_leading_space_is_indent() {
        let src = "\u{a0}# not an instruction\n";
        let ls = lines(src);
        assert_eq!(&src[ls[0].indent_end..ls[0].content_end], "# not an instruction");
    }

    #[test]
    fn space_runs() {
        for s in ["", " ", "x", "        ", "         x", "\t\t  \x0B\x0Cx ", "  \t        y", "    \u{a0}"] {
            let reference =
                s.bytes().position(|b| !matches!(b, b' ' | b'\t' | 0x0B | 0x0C)).unwrap_or(s.len());
            assert_eq!(space_run(s.as_bytes()), reference, "{s:?}");
        }
    }

    #[test]
    fn carriage_returns_only() {
        let ls = lines("\r\r");
        assert_eq!(ls.len(), 1);
        assert!(ls[0].is_blank());
    }
}
