//! Turning bytes into text, and byte offsets into lines and columns.
//!
//! Dockerfiles are UTF-8 in practice; Windows tools still write UTF-16 with a byte-order mark, so those
//! are decoded (and re-encoded on write, so a fix never changes a file's encoding). Anything that is not
//! text is refused with the offset of the first bad byte, because guessing would lose data.

use std::borrow::Cow;
use std::fmt;

/// The encoding a file arrived in; fixes are written back in the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Encoding {
    fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"",
            Encoding::Utf8Bom => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Utf32Le => b"\xFF\xFE\x00\x00",
            Encoding::Utf32Be => b"\x00\x00\xFE\xFF",
        }
    }

    /// Detects the encoding from a byte-order mark; no mark means UTF-8.
    pub fn detect(bytes: &[u8]) -> Encoding {
        // UTF-32 LE starts with the UTF-16 LE mark, so it must be tested first.
        [Encoding::Utf32Le, Encoding::Utf32Be, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be]
            .into_iter()
            .find(|e| bytes.starts_with(e.bom()))
            .unwrap_or(Encoding::Utf8)
    }

    /// Encodes `text` in this encoding, byte-order mark included.
    pub fn encode(self, text: &str) -> Vec<u8> {
        let mut out = self.bom().to_vec();
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => out.extend_from_slice(text.as_bytes()),
            Encoding::Utf16Le => text.encode_utf16().for_each(|u| out.extend(u.to_le_bytes())),
            Encoding::Utf16Be => text.encode_utf16().for_each(|u| out.extend(u.to_be_bytes())),
            Encoding::Utf32Le => text.chars().for_each(|c| out.extend((c as u32).to_le_bytes())),
            Encoding::Utf32Be => text.chars().for_each(|c| out.extend((c as u32).to_be_bytes())),
        }
        out
    }
}

/// Why some bytes could not be read as a Dockerfile. Offsets count bytes of the input as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("invalid UTF-8 at byte offset {offset}: the file is not UTF-8 text")]
    InvalidUtf8 { offset: usize },
    #[error("NUL byte at byte offset {offset}: this looks like a binary file, not a Dockerfile")]
    NulByte { offset: usize },
    #[error("invalid {encoding} at byte offset {offset}: {problem}")]
    InvalidUnicode { encoding: &'static str, offset: usize, problem: &'static str },
}

/// Decoded text plus the encoding it came from.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
}

/// Decodes a Dockerfile: strips a UTF-8 BOM, decodes UTF-16/32 with a BOM, keeps CRLF as it is,
/// refuses invalid UTF-8 and NUL bytes. Borrows whenever the input is already plain UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let encoding = Encoding::detect(bytes);
    let body = &bytes[encoding.bom().len()..];
    let bom_len = encoding.bom().len();
    let text: Cow<'_, str> = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => match std::str::from_utf8(body) {
            Ok(s) => Cow::Borrowed(s),
            Err(e) => {
                return Err(DecodeError::InvalidUtf8 { offset: bom_len + e.valid_up_to() });
            }
        },
        Encoding::Utf16Le | Encoding::Utf16Be => Cow::Owned(decode_utf16(body, encoding, bom_len)?),
        Encoding::Utf32Le | Encoding::Utf32Be => Cow::Owned(decode_utf32(body, encoding, bom_len)?),
    };
    if let Some(pos) = memchr::memchr(0, text.as_bytes()) {
        // For UTF-16/32 the offset is reported in the decoded text's code units; map it back.
        let offset = match encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => bom_len + pos,
            Encoding::Utf16Le | Encoding::Utf16Be => bom_len + 2 * text[..pos].encode_utf16().count(),
            Encoding::Utf32Le | Encoding::Utf32Be => bom_len + 4 * text[..pos].chars().count(),
        };
        return Err(DecodeError::NulByte { offset });
    }
    Ok(Decoded { text, encoding })
}

fn decode_utf16(body: &[u8], encoding: Encoding, bom_len: usize) -> Result<String, DecodeError> {
    let name = "UTF-16";
    if !body.len().is_multiple_of(2) {
        return Err(DecodeError::InvalidUnicode {
            encoding: name,
            offset: bom_len + body.len() - 1,
            problem: "odd number of bytes",
        });
    }
    let units = body.chunks_exact(2).map(|c| match encoding {
        Encoding::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
        _ => u16::from_be_bytes([c[0], c[1]]),
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut offset = bom_len;
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => {
                text.push(c);
                offset += c.len_utf16() * 2;
            }
            Err(_) => {
                return Err(DecodeError::InvalidUnicode {
                    encoding: name,
                    offset,
                    problem: "unpaired surrogate",
                });
            }
        }
    }
    Ok(text)
}

fn decode_utf32(body: &[u8], encoding: Encoding, bom_len: usize) -> Result<String, DecodeError> {
    let name = "UTF-32";
    if !body.len().is_multiple_of(4) {
        return Err(DecodeError::InvalidUnicode {
            encoding: name,
            offset: bom_len + body.len() - body.len() % 4,
            problem: "length is not a multiple of 4 bytes",
        });
    }
    let mut text = String::with_capacity(body.len() / 4);
    for (i, c) in body.chunks_exact(4).enumerate() {
        let raw = c.try_into().expect("chunks_exact(4) yields 4 bytes");
        let value = match encoding {
            Encoding::Utf32Le => u32::from_le_bytes(raw),
            _ => u32::from_be_bytes(raw),
        };
        match char::from_u32(value) {
            Some(c) => text.push(c),
            None => {
                return Err(DecodeError::InvalidUnicode {
                    encoding: name,
                    offset: bom_len + 4 * i,
                    problem: "not a Unicode scalar value",
                });
            }
        }
    }
    Ok(text)
}

/// A half-open byte range `[start, end)` into the decoded source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    pub(crate) fn from_usize(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A 1-based line and a 1-based column counted in characters (as editors and SARIF count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// Line starts of a text, for turning byte offsets into line/column positions in O(log lines).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

/// Bit `i` is set when `block[i]` is `\n`. Safe code does not vectorize into the compare and
/// byte mask this needs (`pmovmskb`), hence the intrinsics.
#[cfg(target_arch = "x86_64")]
fn newline_mask(block: &[u8; 32]) -> u32 {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    let half = |h: &[u8; 16]| {
        // SAFETY: SSE2 is part of the x86_64 baseline, so these intrinsics are always available;
        // the unaligned load reads exactly the 16 bytes `h` borrows.
        unsafe {
            let v = _mm_loadu_si128(h.as_ptr().cast::<__m128i>());
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))) as u16 as u32
        }
    };
    let (halves, _) = block.as_chunks::<16>();
    half(&halves[0]) | half(&halves[1]) << 16
}

/// Bit `i` is set when `block[i]` is `\n`.
#[cfg(not(target_arch = "x86_64"))]
fn newline_mask(block: &[u8; 32]) -> u32 {
    block.iter().enumerate().fold(0, |mask, (i, &b)| mask | (u32::from(b == b'\n') << i))
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Lines average about 37 bytes in real Dockerfiles, but short-lined files are common: with
        // room for one line per 16 bytes only 42 of the 3908 corpus files regrow (424 at 24).
        let mut starts = Vec::with_capacity(text.len() / 16 + 2);
        starts.push(0);
        // Lines are short, so a `memchr` call per line costs more in setup than the search
        // itself: instead each 32-byte block yields a bit mask of its newlines, which is walked
        // (half the instructions of `memchr_iter` on real files; the line layer runs ~1.5x faster).
        let (blocks, tail) = text.as_bytes().as_chunks::<32>();
        let mut base = 0usize;
        for block in blocks {
            let mut mask = newline_mask(block);
            while mask != 0 {
                starts.push((base + mask.trailing_zeros() as usize) as u32 + 1);
                mask &= mask - 1;
            }
            base += 32;
        }
        let tail = tail.iter().enumerate().filter(|&(_, &b)| b == b'\n');
        starts.extend(tail.map(|(i, _)| (base + i) as u32 + 1));
        LineIndex { starts }
    }

    /// Byte offsets where lines start (the first is 0).
    pub fn starts(&self) -> &[u32] {
        &self.starts
    }

    /// Number of lines; a final line without a newline counts, an empty last line after `\n` does too.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> u32 {
        self.starts[(line.max(1) as usize - 1).min(self.starts.len() - 1)]
    }

    /// The text of 1-based `line` of `text` (the text this index was built from), line break
    /// included.
    pub fn line_text<'t>(&self, text: &'t str, line: u32) -> &'t str {
        let start = self.line_start(line) as usize;
        let end = self.starts.get(line.max(1) as usize).map_or(text.len(), |&next| next as usize);
        &text[start..end]
    }

    /// [`LineIndex::line_column`] of many offsets at once, in the order given. Each position is
    /// counted on from the previous one when that is earlier on the same line (findings come
    /// roughly in source order, rule by rule), so thousands of positions on one long line cost a
    /// pass over it per rule rather than one per position. Start and end offsets alternate
    /// (`[start, end, start, end, ...]`), so each kind keeps its own place.
    pub fn line_columns(&self, text: &str, offsets: &[u32]) -> Vec<LineColumn> {
        let mut places: [Option<CountedTo>; 2] = [None, None];
        offsets
            .iter()
            .enumerate()
            .map(|(i, &offset)| {
                let (position, place) = self.position(text, offset, places[i % 2]);
                places[i % 2] = Some(place);
                position
            })
            .collect()
    }

    /// 1-based line and character column of a byte offset in `text` (the text this index was built from).
    pub fn line_column(&self, text: &str, offset: u32) -> LineColumn {
        self.position(text, offset, None).0
    }

    /// The position of `offset`, counting characters on from `earlier` when that is on the same
    /// line and not past it, else from the line start; also where the count got to.
    fn position(&self, text: &str, offset: u32, earlier: Option<CountedTo>) -> (LineColumn, CountedTo) {
        let offset = offset.min(text.len() as u32);
        let line = self.line(offset);
        let end = text.floor_char_boundary(offset as usize);
        let (from, counted) = match earlier {
            Some(CountedTo { line: at_line, byte, chars }) if at_line == line && byte <= end => (byte, chars),
            _ => (self.starts[line as usize - 1] as usize, 0),
        };
        let chars = counted + text[from..end].chars().count() as u32;
        (LineColumn { line, column: chars + 1 }, CountedTo { line, byte: end, chars })
    }
}

/// How far a column count got: the line, the character boundary, and the characters from the
/// line start to there.
#[derive(Debug, Clone, Copy)]
struct CountedTo {
    line: u32,
    byte: usize,
    chars: u32,
}

/// What a front end counts offsets in: Python strings index by code point, JavaScript strings
/// (and so web editors) by UTF-16 code unit. The core counts UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetUnit {
    Char,
    Utf16,
}

/// Converts the core's byte offsets into another [`OffsetUnit`] in O(log n); free for ASCII text.
#[derive(Debug, Clone)]
pub struct OffsetIndex<'a> {
    text: &'a str,
    /// For each non-ASCII character: its byte offset and how many more bytes than units the text
    /// has up to and including it.
    wide: Vec<(u32, u32)>,
}

impl<'a> OffsetIndex<'a> {
    pub fn new(text: &'a str, unit: OffsetUnit) -> OffsetIndex<'a> {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (at, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
                let units = match unit {
                    OffsetUnit::Char => 1,
                    OffsetUnit::Utf16 => c.len_utf16(),
                };
                extra += (c.len_utf8() - units) as u32;
                wide.push((at as u32, extra));
            }
        }
        OffsetIndex { text, wide }
    }

    /// The offset of a byte offset in this index's unit. An offset past the end counts as the
    /// end; one inside a character as that character's start.
    pub fn offset(&self, byte: u32) -> u32 {
        let byte = self.text.floor_char_boundary(byte as usize) as u32;
        match self.wide.partition_point(|&(at, _)| at < byte) {
            0 => byte,
            n => byte - self.wide[n - 1].1,
        }
    }

    /// A byte span's start and end in this index's unit.
    pub fn span(&self, start: u32, end: u32) -> (u32, u32) {
        (self.offset(start), self.offset(end))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_in_chars_and_utf16_units() {
        let text = "FROM alpine\r\nLABEL a=\"é€\" b=🐳🐳 c=✓\r\nRUN echo ok\n";
        let chars = OffsetIndex::new(text, OffsetUnit::Char);
        let utf16 = OffsetIndex::new(text, OffsetUnit::Utf16);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(chars.offset(byte as u32), text[..byte].chars().count() as u32, "byte {byte}");
            assert_eq!(utf16.offset(byte as u32), text[..byte].encode_utf16().count() as u32, "byte {byte}");
        }
        assert_eq!(chars.offset(1000), text.chars().count() as u32);
        assert_eq!(
            chars.offset(text.find('é').unwrap() as u32 + 1),
            chars.offset(text.find('é').unwrap() as u32)
        );
    }

    use super::*;

    #[test]
    fn plain_utf8_is_borrowed() {
        let d = decode(b"FROM a\r\n").unwrap();
        assert!(matches!(d.text, Cow::Borrowed("FROM a\r\n")));
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn utf8_bom_is_stripped_and_restored() {
        let d = decode(b"\xEF\xBB\xBFFROM a\n").unwrap();
        assert_eq!(d.text, "FROM a\n");
        assert_eq!(d.encoding.encode(&d.text), b"\xEF\xBB\xBFFROM a\n");
    }

    #[test]
    fn utf16_and_utf32_round_trip() {
        for enc in [Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Utf32Le, Encoding::Utf32Be] {
            let bytes = enc.encode("FROM älpine\r\nRUN ☃\n");
            let d = decode(&bytes).unwrap();
            assert_eq!(d.encoding, enc);
            assert_eq!(d.text, "FROM älpine\r\nRUN ☃\n");
            assert_eq!(d.encoding.encode(&d.text), bytes);
        }
    }

    #[test]
    fn refuses_bad_input_with_offsets() {
        assert_eq!(decode(b"FROM a\n\xFF").unwrap_err(), DecodeError::InvalidUtf8 { offset: 7 });
        assert_eq!(decode(b"FROM \0a").unwrap_err(), DecodeError::NulByte { offset: 5 });
        assert!(matches!(decode(b"\xFF\xFEa").unwrap_err(), DecodeError::InvalidUnicode { offset: 2, .. }));
        assert!(matches!(
            decode(b"\xFF\xFE\x00\xD8a\x00").unwrap_err(),
            DecodeError::InvalidUnicode { offset: 2, .. }
        ));
        let nul16 = Encoding::Utf16Le.encode("ab\0");
        assert_eq!(decode(&nul16).unwrap_err(), DecodeError::NulByte { offset: 6 });
    }

    #[test]
    fn line_starts_match_a_byte_scan() {
        // Every newline position in texts shorter than, equal to and longer than the 32-byte
        // blocks, and some denser patterns, with multi-byte characters between them.
        let naive = |t: &str| {
            let mut starts = vec![0];
            starts.extend(t.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i as u32 + 1));
            starts
        };
        for len in 0..100usize {
            let mut texts: Vec<String> =
                (0..len).map(|nl| (0..len).map(|i| if i == nl { '\n' } else { 'x' }).collect()).collect();
            for step in 1..5 {
                texts.push((0..len).map(|i| if i % step == 0 { '\n' } else { 'é' }).collect());
            }
            for text in texts {
                assert_eq!(LineIndex::new(&text).starts(), naive(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn line_columns_count_characters() {
        let text = "ab\nçd\r\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let lines: Vec<&str> = (1..=3).map(|n| idx.line_text(text, n)).collect();
        assert_eq!(lines, ["ab\n", "çd\r\n", "x"]);
        assert_eq!(LineIndex::new("a\n").line_text("a\n", 2), "");
        assert_eq!(idx.line_column(text, 0), LineColumn { line: 1, column: 1 });
        assert_eq!(idx.line_column(text, 3), LineColumn { line: 2, column: 1 });
        assert_eq!(idx.line_column(text, 5), LineColumn { line: 2, column: 2 });
        assert_eq!(idx.line_column(text, 8), LineColumn { line: 3, column: 1 });
        assert_eq!(idx.line_column(text, 100), LineColumn { line: 3, column: 2 });
    }

    #[test]
    fn many_positions_at_once_agree_with_one_at_a_time() {
        let text = "FROM a\nRUN é€ 🐳 x && y\r\n\n  z ✓\nlast";
        let idx = LineIndex::new(text);
        // Every offset (inside characters and past the end too), in a scrambled order with repeats.
        let mut offsets: Vec<u32> = (0..=text.len() as u32 + 2).collect();
        offsets.extend((0..=text.len() as u32).rev().step_by(3));
        offsets.rotate_left(7);
        let expected: Vec<_> = offsets.iter().map(|&o| idx.line_column(text, o)).collect();
        assert_eq!(idx.line_columns(text, &offsets), expected);
        assert!(idx.line_columns(text, &[]).is_empty());
    }
}
