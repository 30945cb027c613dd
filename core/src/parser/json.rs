//! The JSON (exec) form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD and VOLUME.
//!
//! BuildKit decodes the arguments with Go's `encoding/json` into `[]any`: anything that is not
//! valid JSON silently falls back to shell form, while valid JSON whose elements are not all
//! strings is a hard error. This reader reproduces that split, iteratively (nesting depth is
//! bounded the way Go bounds it, and deep input cannot overflow the stack).

use std::borrow::Cow;

/// Go's `encoding/json` refuses nesting deeper than this.
const MAX_DEPTH: usize = 10_000;

/// One decoded string with its byte range (quotes included) in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonString<'s> {
    pub value: Cow<'s, str>,
    pub start: usize,
    pub end: usize,
}

/// What an argument list is, with its strings made into `T`s as they are read (no list of
/// decoded strings in between).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonArray<T> {
    /// Not a JSON array (shell form).
    NotJson,
    /// Valid JSON, but some element is not a string: BuildKit rejects the instruction.
    NotStrings,
    Strings(Vec<T>),
}

/// Reads `s` (which should start with `[` after optional whitespace) as a JSON array of strings,
/// each turned into a `T` by `element`.
#[inline]
pub fn parse_string_array<'s, T>(s: &'s str, element: impl FnMut(JsonString<'s>) -> T) -> JsonArray<T> {
    // Shell form, the common case, is settled by the first byte after the whitespace.
    match s.bytes().find(|&b| !is_json_space(b)) {
        Some(b'[') => parse_array(s, element),
        _ => JsonArray::NotJson,
    }
}

/// JSON's insignificant whitespace.
fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn parse_array<'s, T>(s: &'s str, mut element: impl FnMut(JsonString<'s>) -> T) -> JsonArray<T> {
    let mut r = Reader { s: s.as_bytes(), pos: 0 };
    r.skip_ws();
    if r.peek() != Some(b'[') {
        return JsonArray::NotJson;
    }
    r.pos += 1;
    let mut strings = Vec::new();
    let mut all_strings = true;
    r.skip_ws();
    if r.peek() == Some(b']') {
        r.pos += 1;
    } else {
        loop {
            r.skip_ws();
            match r.peek() {
                Some(b'"') => {
                    let start = r.pos;
                    let Some(value) = r.string(s) else {
                        return JsonArray::NotJson;
                    };
                    strings.push(element(JsonString { value, start, end: r.pos }));
                }
                Some(_) => {
                    all_strings = false;
                    if !r.skip_value() {
                        return JsonArray::NotJson;
                    }
                }
                None => return JsonArray::NotJson,
            }
            r.skip_ws();
            match r.next() {
                Some(b',') => continue,
                Some(b']') => break,
                _ => return JsonArray::NotJson,
            }
        }
    }
    r.skip_ws();
    if r.pos != r.s.len() {
        return JsonArray::NotJson;
    }
    if all_strings { JsonArray::Strings(strings) } else { JsonArray::NotStrings }
}

struct Reader<'b> {
    s: &'b [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_json_space) {
            self.pos += 1;
        }
    }

    /// Decodes a string starting at `"`; borrows when it holds no escapes.
    fn string<'s>(&mut self, src: &'s str) -> Option<Cow<'s, str>> {
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes.
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    self.pos += 1;
                    return Some(Cow::Borrowed(&src[start..self.pos - 1]));
                }
                b'\\' => break,
                0..=0x1F => return None,
                _ => self.pos += 1,
            }
        }
        let mut out = String::from(&src[start..self.pos]);
        loop {
            let b = self.next()?;
            match b {
                b'"' => return Some(Cow::Owned(out)),
                0..=0x1F => return None,
                b'\\' => match self.next()? {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let unit = self.hex4()?;
                        if (0xD800..0xDC00).contains(&unit) {
                            // A high surrogate pairs with an immediately following low one;
                            // alone it decodes to U+FFFD, as in Go.
                            let save = self.pos;
                            if self.s.get(self.pos..self.pos + 2) == Some(b"\\u") {
                                self.pos += 2;
                                match self.hex4() {
                                    Some(low) if (0xDC00..0xE000).contains(&low) => {
                                        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                        continue;
                                    }
                                    _ => self.pos = save,
                                }
                            }
                            out.push('\u{FFFD}');
                        } else {
                            out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                        }
                    }
                    _ => return None,
                },
                _ => {
                    // Copy the whole UTF-8 sequence this byte starts.
                    let char_start = self.pos - 1;
                    let len = utf8_len(b);
                    let end = (char_start + len).min(self.s.len());
                    out.push_str(&src[char_start..end]);
                    self.pos = end;
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.pos..self.pos + 4)?;
        let mut v = 0;
        for &d in digits {
            v = v * 16 + (d as char).to_digit(16)?;
        }
        self.pos += 4;
        Some(v)
    }

    /// Skips any JSON value without recursion; false when it is not valid JSON.
    fn skip_value(&mut self) -> bool {
        // Each open container: true for an object (expects key:value), false for an array.
        let mut stack: Vec<bool> = Vec::new();
        loop {
            self.skip_ws();
            // Read one value.
            match self.peek() {
                Some(b'[') | Some(b'{') => {
                    let is_object = self.peek() == Some(b'{');
                    self.pos += 1;
                    if stack.len() + 2 > MAX_DEPTH {
                        return false;
                    }
                    stack.push(is_object);
                    self.skip_ws();
                    let close = if is_object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        stack.pop();
                    } else {
                        if is_object && !self.object_key() {
                            return false;
                        }
                        continue;
                    }
                }
                Some(b'"') => {
                    if !self.skip_string() {
                        return false;
                    }
                }
                Some(b't') => {
                    if !self.literal(b"true") {
                        return false;
                    }
                }
                Some(b'f') => {
                    if !self.literal(b"false") {
                        return false;
                    }
                }
                Some(b'n') => {
                    if !self.literal(b"null") {
                        return false;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    if !self.number() {
                        return false;
                    }
                }
                _ => return false,
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&is_object) = stack.last() else {
                    return true;
                };
                self.skip_ws();
                match self.next() {
                    Some(b',') => {
                        if is_object && !self.object_key() {
                            return false;
                        }
                        break;
                    }
                    Some(b'}') if is_object => {
                        stack.pop();
                    }
                    Some(b']') if !is_object => {
                        stack.pop();
                    }
                    _ => return false,
                }
            }
        }
    }

    /// Reads `"key" :` inside an object.
    fn object_key(&mut self) -> bool {
        self.skip_ws();
        if self.peek() != Some(b'"') || !self.skip_string() {
            return false;
        }
        self.skip_ws();
        self.next() == Some(b':')
    }

    fn skip_string(&mut self) -> bool {
        self.pos += 1;
        while let Some(b) = self.next() {
            match b {
                b'"' => return true,
                b'\\' => match self.next() {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                    Some(b'u') => {
                        if self.hex4().is_none() {
                            return false;
                        }
                    }
                    _ => return false,
                },
                0..=0x1F => return false,
                _ => {}
            }
        }
        false
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.s[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> bool {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            self.digits();
        }
        true
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
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

    fn strings(s: &str) -> Vec<String> {
        match parse_string_array(s, |j| j.value.into_owned()) {
            JsonArray::Strings(v) => v,
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    #[test]
    fn decodes_strings_like_go() {
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings(" [ \"a\" ,\t\"b\" ] "), ["a", "b"]);
        assert_eq!(
            strings(r#"["\" \\ \/ \b \f \n \r \t \u0000", "\u2603\ud83d\ude00", "\ud800x"]"#),
            ["\" \\ / \u{8} \u{c} \n \r \t \0", "☃😀", "\u{FFFD}x"]
        );
        assert_eq!(strings("[\"♥\"]"), ["♥"]);
    }

    #[test]
    fn shell_form_fallbacks() {
        for s in ["", "echo", "['a']", "[\"a\",]", "[\"a\"] x", "[\"a\\x\"]", "[\"a", "[", "[\"\t\"]"] {
            assert_eq!(parse_string_array(s, drop), JsonArray::NotJson, "{s:?}");
        }
    }

    #[test]
    fn non_strings_are_errors() {
        for s in ["[1]", "[\"a\", [\"b\"]]", "[null]", "[{\"a\": [1, {}]}, true]", "[-0.5e+3]"] {
            assert_eq!(parse_string_array(s, drop), JsonArray::NotStrings, "{s:?}");
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(parse_string_array(&deep, drop), JsonArray::NotJson);
        let ok = format!("[{}{}]", "[".repeat(100), "]".repeat(100));
        assert_eq!(parse_string_array(&ok, drop), JsonArray::NotStrings);
    }
}
