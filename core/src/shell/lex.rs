//! Shell tokens, lexed with logos.
//!
//! Shell lexing depends on context (inside double quotes only `$`, `` ` ``, `\` and `"` are
//! special; inside `${...}` a `}` ends the expansion), so there is one token machine per context
//! and the parser asks the one in force for a single token at its cursor ([`next`]). Every
//! machine has a catch-all class, so every byte belongs to some token and lexing never fails.

use logos::Logos;

/// Tokens of unquoted shell text.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// Whitespace between words; a lone `\r` counts (CRLF scripts).
    #[regex(r"[ \t\x0B\x0C\r]+")]
    Blank,
    #[token("\n")]
    #[token("\r\n")]
    Newline,
    /// `\` + newline: removed before anything else, so it joins or separates nothing.
    #[regex(r"\\\r?\n")]
    LineCont,
    /// A backslash quoting the next character.
    #[regex(r"\\[^\n]")]
    Escape,
    /// A backslash at the very end of the text.
    #[token("\\")]
    Backslash,
    #[regex(r"'[^']*'")]
    Single,
    /// An opening `'` that is never closed.
    #[token("'")]
    SingleOpen,
    /// `$'...'`, bash's ANSI-C quoting.
    #[regex(r"\$'([^'\\]|\\[^\n]|\\\n)*'")]
    Ansi,
    #[token("\"")]
    DQuote,
    #[token("`")]
    Backtick,
    #[token("$(")]
    DollarParen,
    #[token("$((")]
    DollarParen2,
    #[token("${")]
    DollarBrace,
    /// `$NAME`, `$1`, `$@` and the other special parameters.
    #[regex(r"\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])")]
    Var,
    /// A `$` that starts no expansion: a literal dollar sign.
    #[token("$")]
    Dollar,
    #[token("&&")]
    AndIf,
    #[token("||")]
    OrIf,
    /// `;;`, `;&` and `;;&`, which end a `case` arm.
    #[token(";;")]
    #[token(";&")]
    #[token(";;&")]
    CaseEnd,
    #[token(";")]
    Semi,
    #[token("&")]
    Amp,
    #[token("|")]
    #[token("|&")]
    Pipe,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    /// `<(` and `>(`: bash process substitution.
    #[token("<(")]
    #[token(">(")]
    ProcSubst,
    /// A redirection operator, with the file descriptor digits written before it.
    #[regex(r"[0-9]*(<|>|>>|<&|>&|<>|>\||<<|<<-|<<<)")]
    #[token("&>")]
    #[token("&>>")]
    Redirect,
    /// A run of ordinary word characters (`#`, `{`, `}`, `=`, `*`, `!` and the like included).
    #[regex(r#"[^ \t\x0B\x0C\r\n;&|()<>'"`$\\]+"#)]
    Lit,
}

/// Tokens inside double quotes.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DqTok {
    #[token("\"")]
    End,
    /// `\$`, `` \` ``, `\"` and `\\`: the backslash is removed.
    #[regex(r#"\\[$`"\\]"#)]
    Escape,
    #[regex(r"\\\r?\n")]
    LineCont,
    /// Any other backslash stays in the value.
    #[token("\\")]
    Backslash,
    #[token("$(")]
    DollarParen,
    #[token("$((")]
    DollarParen2,
    #[token("${")]
    DollarBrace,
    #[regex(r"\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])")]
    Var,
    #[token("$")]
    Dollar,
    #[token("`")]
    Backtick,
    #[regex(r#"[^"\\$`]+"#)]
    Text,
}

/// Tokens inside `${...}`.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamTok {
    #[token("}")]
    Close,
    #[token("${")]
    Open,
    #[token("$(")]
    DollarParen,
    #[token("$((")]
    DollarParen2,
    #[token("`")]
    Backtick,
    #[token("\"")]
    DQuote,
    #[regex(r"'[^']*'")]
    Single,
    #[regex(r"\\[^\n]")]
    #[regex(r"\\\r?\n")]
    Escape,
    #[token("\\")]
    #[token("'")]
    #[token("$")]
    Other,
    #[regex(r#"[^}$`"'\\]+"#)]
    Text,
}

/// The token at `pos` in `src[..end]` and its length; `None` at the end. A byte no class
/// matches (there is none by construction) comes back as `fallback`.
#[inline]
pub(crate) fn next<'s, T>(src: &'s str, pos: usize, end: usize, fallback: T) -> Option<(T, usize)>
where
    T: Logos<'s, Source = str, Extras = ()>,
{
    if pos >= end {
        return None;
    }
    let mut lexer = T::lexer(&src[pos..end]);
    let tok = lexer.next()?;
    let len = lexer.span().end.max(1);
    Some((tok.unwrap_or(fallback), len))
}

/// Bytes that end an unquoted word: blanks, line ends and the operator characters.
const WORD_END_BYTES: &[u8] = b" \t\x0B\x0C\r\n;&|()<>";
/// Bytes that quote or expand inside a word: they end a run of plain word characters but
/// continue the word.
const QUOTING_BYTES: &[u8] = b"'\"`$\\";

/// A table marking the bytes of `sets`.
const fn byte_table(sets: &[&[u8]]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut s = 0;
    while s < sets.len() {
        let mut i = 0;
        while i < sets[s].len() {
            table[sets[s][i] as usize] = true;
            i += 1;
        }
        s += 1;
    }
    table
}

/// The bytes [`Tok::Lit`] does not take (UTF-8 continuation bytes are all taken, so a run ends
/// on a character boundary).
static NOT_LIT_BYTES: [bool; 256] = byte_table(&[WORD_END_BYTES, QUOTING_BYTES]);
static WORD_ENDS: [bool; 256] = byte_table(&[WORD_END_BYTES]);

/// Whether `b` ends an unquoted word (`a2>x` is the word `a2`, then a redirection).
#[inline]
pub(crate) fn ends_word(b: u8) -> bool {
    WORD_ENDS[b as usize]
}

/// The unquoted token at `pos` in `src[..end]`, as [`next`] lexes it. Most tokens are runs of
/// word characters, which are read here byte by byte without the token machine; a run of
/// digits is left to it, as a redirection (`2>`) may follow.
#[inline]
pub(crate) fn next_unquoted(src: &str, pos: usize, end: usize) -> Option<(Tok, usize)> {
    let bytes = &src.as_bytes()[..end];
    match bytes.get(pos) {
        Some(&b) if !NOT_LIT_BYTES[b as usize] && !b.is_ascii_digit() => {
            let len = bytes[pos..].iter().position(|&b| NOT_LIT_BYTES[b as usize]).unwrap_or(end - pos);
            Some((Tok::Lit, len))
        }
        _ => next(src, pos, end, Tok::Lit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<(Tok, &str)> {
        let mut pos = 0;
        let mut out = Vec::new();
        while let Some((t, len)) = next(src, pos, src.len(), Tok::Lit) {
            out.push((t, &src[pos..pos + len]));
            pos += len;
        }
        out
    }

    /// The byte reader agrees with the token machine at every position and end.
    fn same_as_token_machine(src: &str) {
        for end in (0..=src.len()).filter(|&e| src.is_char_boundary(e)) {
            for pos in (0..=end).filter(|&p| src.is_char_boundary(p)) {
                assert_eq!(
                    next_unquoted(src, pos, end),
                    next(src, pos, end, Tok::Lit),
                    "{src:?} at {pos}..{end}"
                );
            }
        }
    }

    #[test]
    fn word_runs_read_by_bytes_lex_as_the_token_machine_does() {
        for src in [
            "apt-get install -y 2>&1 12>x 3<y a2>b",
            "é€x;y|z&w(v)u<t>s's'\"q\"`b`$v\\n",
            "x\r\ny\tz\x0B\x0C#c",
        ] {
            same_as_token_machine(src);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_lexes_alike_by_bytes(src in "[a-z0-9 \t\r\n;&|()<>'\"`$\\#=é*?\\[\\]{}-]{0,24}") {
            same_as_token_machine(&src);
        }
    }

    #[test]
    fn operators_and_words() {
        use Tok::*;
        assert_eq!(
            toks("a&&b||c;;d 2>&1 &>x <(y) $'q\\'' 'u"),
            vec![
                (Lit, "a"),
                (AndIf, "&&"),
                (Lit, "b"),
                (OrIf, "||"),
                (Lit, "c"),
                (CaseEnd, ";;"),
                (Lit, "d"),
                (Blank, " "),
                (Redirect, "2>&"),
                (Lit, "1"),
                (Blank, " "),
                (Redirect, "&>"),
                (Lit, "x"),
                (Blank, " "),
                (ProcSubst, "<("),
                (Lit, "y"),
                (RParen, ")"),
                (Blank, " "),
                (Ansi, "$'q\\''"),
                (Blank, " "),
                (SingleOpen, "'"),
                (Lit, "u"),
            ]
        );
        assert_eq!(
            toks("#x\\\n$HOME$1$ ${\\"),
            vec![
                (Lit, "#x"),
                (LineCont, "\\\n"),
                (Var, "$HOME"),
                (Var, "$1"),
                (Dollar, "$"),
                (Blank, " "),
                (DollarBrace, "${"),
                (Backslash, "\\"),
            ]
        );
    }
}
