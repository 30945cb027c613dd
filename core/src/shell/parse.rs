//! The parser: a recursive-descent reader of the shell grammar that records simple commands.
//!
//! It keeps a cursor into the text and asks the token machine of the current context for one
//! token at a time, so quotes, substitutions and heredoc bodies switch context without
//! re-lexing. Every loop consumes input or stops, every recursion goes through [`Parser::enter`]
//! (bounded by [`MAX_DEPTH`]), and strings that are parsed again (`sh -c`, escaped backticks)
//! are bounded by [`MAX_REPARSE`], so time is linear in the input and the stack is bounded.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

use memchr::{memchr, memchr2};

use super::lex::{self, DqTok, ParamTok, Tok};
use super::{Command, Connector, MAX_DEPTH, Redirect, Script, Word, assignment_name_len};

/// How many strings may be parsed inside one another (`sh -c "sh -c '...'"`).
const MAX_REPARSE: u32 = 4;

pub(super) fn parse(text: &str) -> Script<'_> {
    let mut parser = Parser::new(text);
    parser.list(&[]);
    parser.finish()
}

/// Reserved words, recognised in command position only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kw {
    If,
    Then,
    Elif,
    Else,
    Fi,
    While,
    Until,
    For,
    Select,
    Do,
    Done,
    Case,
    Esac,
    In,
    Function,
    LBrace,
    RBrace,
    Bang,
    DBracket,
}

impl Kw {
    fn from_str(s: &str) -> Option<Kw> {
        // Most command names start with no keyword's first character.
        if !matches!(
            s.as_bytes().first(),
            Some(b'i' | b't' | b'e' | b'f' | b'w' | b'u' | b's' | b'd' | b'c' | b'{' | b'}' | b'!' | b'[')
        ) {
            return None;
        }
        Some(match s {
            "if" => Kw::If,
            "then" => Kw::Then,
            "elif" => Kw::Elif,
            "else" => Kw::Else,
            "fi" => Kw::Fi,
            "while" => Kw::While,
            "until" => Kw::Until,
            "for" => Kw::For,
            "select" => Kw::Select,
            "do" => Kw::Do,
            "done" => Kw::Done,
            "case" => Kw::Case,
            "esac" => Kw::Esac,
            "in" => Kw::In,
            "function" => Kw::Function,
            "{" => Kw::LBrace,
            "}" => Kw::RBrace,
            "!" => Kw::Bang,
            "[[" => Kw::DBracket,
            _ => return None,
        })
    }

    /// Words that end a list.
    fn ends_list(self) -> bool {
        matches!(self, Kw::Then | Kw::Elif | Kw::Else | Kw::Fi | Kw::Do | Kw::Done | Kw::Esac | Kw::RBrace)
    }
}

/// Whether a word, as written, is a reserved word where a command name would stand (`}`,
/// `if`, `!` ...): a fix that moves a word there must not turn it into syntax.
pub(crate) fn is_reserved_word(raw: &str) -> bool {
    Kw::from_str(raw).is_some()
}

/// What ended a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Eof,
    RParen,
    CaseEnd,
    Kw(Kw),
}

/// Tokens that start (or continue) a word.
fn starts_word(tok: Tok) -> bool {
    matches!(
        tok,
        Tok::Lit
            | Tok::Escape
            | Tok::Backslash
            | Tok::Single
            | Tok::SingleOpen
            | Tok::Ansi
            | Tok::DQuote
            | Tok::Backtick
            | Tok::DollarParen
            | Tok::DollarParen2
            | Tok::DollarBrace
            | Tok::Var
            | Tok::Dollar
            | Tok::ProcSubst
    )
}

/// Redirection operators, interned so that commands re-parsed from owned text keep them.
fn intern_op(op: &str) -> &'static str {
    match op {
        ">" => ">",
        ">>" => ">>",
        "<" => "<",
        "<>" => "<>",
        ">|" => ">|",
        ">&" => ">&",
        "<&" => "<&",
        "&>" => "&>",
        "&>>" => "&>>",
        "<<" => "<<",
        "<<-" => "<<-",
        "<<<" => "<<<",
        _ => ">",
    }
}

/// A word's value under construction: a slice of the source for as long as the pieces are
/// contiguous there, an owned string once quote removal makes a gap.
enum Value {
    /// Nothing yet; the offset stands for where an empty value would be.
    Empty(usize),
    Slice(Range<usize>),
    Owned(String),
    /// The value is not wanted (a word inside `${...}`).
    Discard,
}

impl Value {
    // Inlined for its common cases, a value that starts or stays a slice of the source.
    #[inline]
    fn push(&mut self, src: &str, range: Range<usize>) {
        match self {
            _ if range.is_empty() => {}
            Value::Empty(_) => *self = Value::Slice(range),
            Value::Slice(cur) if cur.end == range.start => cur.end = range.end,
            // A gap (quote removal): the value becomes owned.
            _ => self.push_str(src, &src[range]),
        }
    }

    fn push_str(&mut self, src: &str, text: &str) {
        match self {
            Value::Empty(_) => *self = Value::Owned(text.to_string()),
            Value::Slice(cur) => {
                let mut s = String::with_capacity(cur.len() + text.len() + 8);
                s.push_str(&src[cur.clone()]);
                s.push_str(text);
                *self = Value::Owned(s);
            }
            Value::Owned(s) => s.push_str(text),
            Value::Discard => {}
        }
    }

    fn finish(self, src: &str) -> Cow<'_, str> {
        match self {
            Value::Empty(at) => Cow::Borrowed(&src[at..at]),
            Value::Slice(range) => Cow::Borrowed(&src[range]),
            Value::Owned(s) => Cow::Owned(s),
            Value::Discard => Cow::Borrowed(""),
        }
    }
}

/// A heredoc whose body starts after the next newline. When the text ends first, there is no
/// body and nothing is wrong: that is how a Dockerfile's `RUN <<EOF` line reads, its body being
/// held by the Dockerfile model.
struct PendingHeredoc<'s> {
    /// The command and redirection to give the body range to.
    owner: Option<(usize, usize)>,
    delimiter: Cow<'s, str>,
    strip_tabs: bool,
}

/// The context a command is recorded with.
#[derive(Clone, Copy)]
struct Ctx {
    depth: u32,
    in_subst: bool,
    in_cond: bool,
    parent: Option<usize>,
    subst_level: u32,
}

struct Parser<'s> {
    src: &'s str,
    pos: usize,
    end: usize,
    commands: Vec<Command<'s>>,
    /// The words, assignments and redirections of the simple commands being read, innermost
    /// last (a word may hold a substitution with commands of its own): each command takes its
    /// part off the top into a vector of the exact size, sparing the re-growing of three
    /// vectors per command.
    pending_words: Vec<Word<'s>>,
    pending_assignments: Vec<Word<'s>>,
    pending_redirects: Vec<Redirect<'s>>,
    incomplete: bool,
    syntax_error: Option<Range<usize>>,
    heredocs: Vec<PendingHeredoc<'s>>,
    ctx: Ctx,
    /// How a command recorded next is joined to the previous one.
    pending: Connector,
    /// Recursion depth, bounded by `MAX_DEPTH`.
    nest: u32,
    /// Nesting of re-parsed strings, bounded by `MAX_REPARSE`.
    reparse: u32,
    /// Commands at this substitution level or deeper are not recorded: when re-parsing an
    /// expanded `sh -c` string, the outer parse has recorded its substitutions already.
    unrecorded_level: Option<u32>,
    /// The last token lexed, by its position and the end in force: the parser looks at most
    /// tokens more than once (skipping blanks, choosing a construct, reading a word).
    peeked: Cell<Option<Lexed>>,
}

/// A token lexed at a position with an end in force: `(position, end, token and length)`.
type Lexed = (usize, usize, Option<(Tok, usize)>);

impl<'s> Parser<'s> {
    fn new(src: &'s str) -> Parser<'s> {
        // Scripts in Dockerfiles hold about a command per 40 bytes: reserving for that spares
        // most of the re-growing of a Vec of large `Command`s.
        let expected_commands = src.len() / 40 + 1;
        Parser {
            src,
            pos: 0,
            end: src.len(),
            commands: Vec::with_capacity(expected_commands),
            pending_words: Vec::with_capacity(16),
            pending_assignments: Vec::new(),
            pending_redirects: Vec::new(),
            incomplete: false,
            syntax_error: None,
            heredocs: Vec::new(),
            ctx: Ctx { depth: 0, in_subst: false, in_cond: false, parent: None, subst_level: 0 },
            pending: Connector::First,
            nest: 0,
            reparse: 0,
            unrecorded_level: None,
            peeked: Cell::new(None),
        }
    }

    fn finish(self) -> Script<'s> {
        Script {
            text: self.src,
            commands: self.commands,
            incomplete: self.incomplete,
            syntax_error: self.syntax_error,
        }
    }

    // ---- cursor ----

    #[inline]
    fn peek(&self) -> Option<(Tok, usize)> {
        self.peek_at(self.pos)
    }

    #[inline]
    fn peek_at(&self, pos: usize) -> Option<(Tok, usize)> {
        if let Some((at, end, token)) = self.peeked.get()
            && at == pos
            && end == self.end
        {
            return token;
        }
        let token = lex::next_unquoted(self.src, pos, self.end);
        self.peeked.set(Some((pos, self.end, token)));
        token
    }

    fn byte_at(&self, pos: usize) -> Option<u8> {
        if pos < self.end { self.src.as_bytes().get(pos).copied() } else { None }
    }

    fn error(&mut self, range: Range<usize>) {
        if self.syntax_error.is_none() {
            // Callers point at "the next character" by byte; keep the range on char boundaries.
            let start = self.src.floor_char_boundary(range.start.min(self.src.len()));
            let end = self.src.ceil_char_boundary(range.end.clamp(start, self.src.len()));
            self.syntax_error = Some(start..end);
        }
    }

    /// Enters one level of nesting; past `MAX_DEPTH`, gives up on the rest of the text.
    fn enter(&mut self) -> bool {
        if self.nest >= MAX_DEPTH {
            self.incomplete = true;
            self.pos = self.end;
            return false;
        }
        self.nest += 1;
        true
    }

    fn leave(&mut self) {
        self.nest -= 1;
    }

    /// Skips blanks, line continuations and a comment; stops at a newline.
    ///
    /// This runs before every word, so it reads bytes rather than tokens, with the outcome of
    /// the token machine's longest match: a run of blanks (`Tok::Blank`) unless it is the `\r`
    /// of a CRLF line break, `\` before a line break (`Tok::LineCont`), and a comment from `#`
    /// (no token but a word starts with `#`).
    fn skip_blanks(&mut self) {
        let src = self.src;
        let bytes = &src.as_bytes()[..self.end];
        let blank = |b: u8| matches!(b, b' ' | b'\t' | 0x0B | 0x0C | b'\r');
        while let Some(&b) = bytes.get(self.pos) {
            let next = bytes.get(self.pos + 1).copied();
            if blank(b) && !(b == b'\r' && next == Some(b'\n')) {
                self.pos += 1;
                while bytes.get(self.pos).copied().is_some_and(blank) {
                    self.pos += 1;
                }
            } else if b == b'\\' && next == Some(b'\n') {
                self.pos += 2;
            } else if b == b'\\' && next == Some(b'\r') && bytes.get(self.pos + 2) == Some(&b'\n') {
                self.pos += 3;
            } else if b == b'#' {
                self.pos = memchr(b'\n', &bytes[self.pos..]).map_or(self.end, |i| self.pos + i);
                // Leave a `\r` of a CRLF line break for the newline token.
                if self.pos > 0 && self.pos < self.end && bytes[self.pos - 1] == b'\r' {
                    self.pos -= 1;
                }
            } else {
                return;
            }
        }
    }

    /// Skips blanks, comments and newlines.
    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some((Tok::Newline, len)) => self.newline(len),
                _ => return,
            }
        }
    }

    /// Consumes a newline, then the bodies of the heredocs started on the line it ends.
    fn newline(&mut self, len: usize) {
        self.pos += len;
        if self.heredocs.is_empty() {
            return;
        }
        let bytes = self.src.as_bytes();
        for heredoc in std::mem::take(&mut self.heredocs) {
            let body_start = self.pos;
            let mut body_end = None;
            while self.pos < self.end {
                let line_end = memchr(b'\n', &bytes[self.pos..self.end]).map_or(self.end, |i| self.pos + i);
                let mut line = &self.src[self.pos..line_end];
                line = line.strip_suffix('\r').unwrap_or(line);
                if heredoc.strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                let line_start = self.pos;
                self.pos = (line_end + 1).min(self.end);
                if line == heredoc.delimiter {
                    body_end = Some(line_start);
                    break;
                }
            }
            if body_end.is_none() {
                self.incomplete = true;
            }
            let body = body_start..body_end.unwrap_or(self.end);
            if let Some((c, r)) = heredoc.owner
                && let Some(redirect) = self.commands.get_mut(c).and_then(|c| c.redirects.get_mut(r))
            {
                redirect.heredoc = Some(body);
            }
        }
    }

    /// The reserved word at the cursor, if the next word is one, and its length.
    fn keyword(&self) -> Option<(Kw, usize)> {
        let (tok, len) = self.peek()?;
        if tok != Tok::Lit || len > 8 {
            return None;
        }
        let kw = Kw::from_str(&self.src[self.pos..self.pos + len])?;
        match self.peek_at(self.pos + len) {
            Some((next, _)) if starts_word(next) => None,
            _ => Some((kw, len)),
        }
    }

    // ---- lists ----

    /// Parses commands until one of `stops` (not consumed) or the end; anything else that
    /// cannot start a command is a syntax error and skipped.
    fn list(&mut self, stops: &[Stop]) -> Stop {
        if !self.enter() {
            return Stop::Eof;
        }
        let mut seen = false;
        let stop = loop {
            self.skip_blanks();
            let Some((tok, len)) = self.peek() else {
                break Stop::Eof;
            };
            let stop = match tok {
                Tok::RParen => Some(Stop::RParen),
                Tok::CaseEnd => Some(Stop::CaseEnd),
                Tok::Lit => self.keyword().filter(|(kw, _)| kw.ends_list()).map(|(kw, _)| Stop::Kw(kw)),
                _ => None,
            };
            if let Some(stop) = stop {
                if stops.contains(&stop) {
                    break stop;
                }
                self.error(self.pos..self.pos + len);
                self.pos += len;
                continue;
            }
            match tok {
                Tok::Newline => {
                    self.newline(len);
                    if seen {
                        self.pending = Connector::Seq;
                    }
                }
                Tok::Semi | Tok::Amp => {
                    if !seen {
                        self.error(self.pos..self.pos + len);
                    }
                    self.pos += len;
                    self.pending = if tok == Tok::Amp { Connector::Background } else { Connector::Seq };
                }
                Tok::AndIf | Tok::OrIf | Tok::Pipe => {
                    self.error(self.pos..self.pos + len);
                    self.pos += len;
                }
                _ => {
                    let before = self.pos;
                    self.and_or();
                    seen = true;
                    if self.pos == before {
                        self.error(self.pos..self.pos + len);
                        self.pos += len;
                    }
                }
            }
        };
        self.leave();
        stop
    }

    fn and_or(&mut self) {
        loop {
            self.pipeline();
            self.skip_blanks();
            match self.peek() {
                Some((Tok::AndIf, len)) => {
                    self.pos += len;
                    self.pending = Connector::And;
                }
                Some((Tok::OrIf, len)) => {
                    self.pos += len;
                    self.pending = Connector::Or;
                }
                _ => return,
            }
            self.skip_linebreaks();
        }
    }

    fn pipeline(&mut self) {
        loop {
            self.skip_blanks();
            while let Some((Kw::Bang, len)) = self.keyword() {
                self.pos += len;
                self.skip_blanks();
            }
            let first = self.commands.len();
            self.command();
            self.skip_blanks();
            match self.peek() {
                Some((Tok::Pipe, len)) => {
                    self.pos += len;
                    let level = self.ctx.subst_level;
                    for command in &mut self.commands[first..] {
                        if command.subst_level == level {
                            command.piped_to_next = true;
                        }
                    }
                    self.pending = Connector::Pipe;
                    self.skip_linebreaks();
                }
                _ => return,
            }
        }
    }

    /// One command at the cursor: compound, function definition or simple.
    fn command(&mut self) {
        self.skip_blanks();
        let Some((tok, len)) = self.peek() else {
            return;
        };
        match tok {
            Tok::LParen => {
                if self.byte_at(self.pos + 1) == Some(b'(') {
                    match self.scan_arithmetic(self.pos + 2) {
                        Arith::Closed(end) => self.pos = end,
                        Arith::Unterminated => {
                            self.incomplete = true;
                            self.pos = self.end;
                        }
                        Arith::NotArithmetic => self.subshell(),
                    }
                } else {
                    self.subshell();
                }
                self.compound_redirects();
            }
            Tok::Lit => {
                if let Some((kw, kw_len)) = self.keyword() {
                    let compound = match kw {
                        Kw::LBrace => {
                            self.pos += kw_len;
                            self.nested(|p| {
                                p.expect_list(&[Stop::Kw(Kw::RBrace)]);
                            });
                            true
                        }
                        Kw::If => {
                            self.pos += kw_len;
                            self.nested(Parser::if_clause);
                            true
                        }
                        Kw::While | Kw::Until => {
                            self.pos += kw_len;
                            self.nested(|p| p.loop_clause(kw == Kw::Until));
                            true
                        }
                        Kw::For | Kw::Select => {
                            self.pos += kw_len;
                            self.nested(Parser::for_clause);
                            true
                        }
                        Kw::Case => {
                            self.pos += kw_len;
                            self.nested(Parser::case_clause);
                            true
                        }
                        Kw::Function => {
                            self.pos += kw_len;
                            self.function_keyword();
                            return;
                        }
                        Kw::DBracket => {
                            self.test_command();
                            false
                        }
                        // Terminators end the list (the caller sees them); `in` and `!` here
                        // are ordinary words.
                        _ if kw.ends_list() => return,
                        _ => {
                            self.simple_command();
                            return;
                        }
                    };
                    if compound {
                        self.compound_redirects();
                    }
                    return;
                }
                if self.function_definition_ahead(len) {
                    self.pos += len;
                    self.function_rest();
                    return;
                }
                self.simple_command();
            }
            Tok::Redirect => self.simple_command(),
            t if starts_word(t) => self.simple_command(),
            _ => {}
        }
    }

    /// Runs `f` one nesting level deeper (for compound commands).
    fn nested(&mut self, f: impl FnOnce(&mut Self)) {
        self.ctx.depth += 1;
        f(self);
        self.ctx.depth -= 1;
    }

    /// A list that must end with one of `stops`, which is consumed.
    fn expect_list(&mut self, stops: &[Stop]) -> Stop {
        let stop = self.list(stops);
        match stop {
            Stop::Eof => self.incomplete = true,
            Stop::RParen | Stop::CaseEnd => {
                if let Some((_, len)) = self.peek() {
                    self.pos += len;
                }
            }
            Stop::Kw(_) => self.consume_keyword(),
        }
        stop
    }

    fn subshell(&mut self) {
        self.pos += 1;
        self.nested(|p| {
            p.expect_list(&[Stop::RParen]);
        });
    }

    /// Redirections after a compound command; they apply to all of it, so no command gets them.
    fn compound_redirects(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some((Tok::Redirect, len)) => {
                    self.redirect(len, None);
                }
                _ => return,
            }
        }
    }

    fn if_clause(&mut self) {
        let in_cond = self.ctx.in_cond;
        loop {
            // Condition.
            self.ctx.in_cond = true;
            let stop = self.list(&[Stop::Kw(Kw::Then)]);
            self.ctx.in_cond = in_cond;
            if stop != Stop::Kw(Kw::Then) {
                self.incomplete = true;
                return;
            }
            self.consume_keyword();
            self.pending = Connector::And;
            let mut stop = self.list(&[Stop::Kw(Kw::Elif), Stop::Kw(Kw::Else), Stop::Kw(Kw::Fi)]);
            if stop == Stop::Kw(Kw::Else) {
                self.consume_keyword();
                self.pending = Connector::Or;
                stop = self.list(&[Stop::Kw(Kw::Fi)]);
            }
            match stop {
                Stop::Kw(Kw::Elif) => {
                    self.consume_keyword();
                    self.pending = Connector::Or;
                }
                Stop::Kw(Kw::Fi) => {
                    self.consume_keyword();
                    return;
                }
                _ => {
                    self.incomplete = true;
                    return;
                }
            }
        }
    }

    fn consume_keyword(&mut self) {
        if let Some((_, len)) = self.keyword() {
            self.pos += len;
        }
    }

    fn loop_clause(&mut self, until: bool) {
        let in_cond = self.ctx.in_cond;
        self.ctx.in_cond = true;
        let stop = self.list(&[Stop::Kw(Kw::Do)]);
        self.ctx.in_cond = in_cond;
        if stop != Stop::Kw(Kw::Do) {
            self.incomplete = true;
            return;
        }
        self.consume_keyword();
        self.pending = if until { Connector::Or } else { Connector::And };
        self.expect_list(&[Stop::Kw(Kw::Done)]);
    }

    fn for_clause(&mut self) {
        self.skip_blanks();
        if self.src[self.pos..self.end].starts_with("((") {
            match self.scan_arithmetic(self.pos + 2) {
                Arith::Closed(end) => self.pos = end,
                _ => {
                    self.incomplete = true;
                    self.pos = self.end;
                    return;
                }
            }
        } else if let Some((tok, _)) = self.peek()
            && starts_word(tok)
        {
            self.discard_word();
        }
        self.skip_linebreaks();
        if let Some((Kw::In, len)) = self.keyword() {
            self.pos += len;
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some((tok, _)) if starts_word(tok) => self.discard_word(),
                    _ => break,
                }
            }
        }
        self.skip_blanks();
        if let Some((Tok::Semi, len)) = self.peek() {
            self.pos += len;
        }
        self.skip_linebreaks();
        match self.keyword() {
            Some((Kw::Do, len)) => {
                self.pos += len;
                self.expect_list(&[Stop::Kw(Kw::Done)]);
            }
            Some((Kw::LBrace, len)) => {
                self.pos += len;
                self.expect_list(&[Stop::Kw(Kw::RBrace)]);
            }
            _ => {
                if self.pos >= self.end {
                    self.incomplete = true;
                } else {
                    self.error(self.pos..self.pos + 1);
                }
            }
        }
    }

    fn case_clause(&mut self) {
        self.skip_blanks();
        if let Some((tok, _)) = self.peek()
            && starts_word(tok)
        {
            self.discard_word();
        }
        self.skip_linebreaks();
        match self.keyword() {
            Some((Kw::In, len)) => self.pos += len,
            _ => {
                if self.pos >= self.end {
                    self.incomplete = true;
                    return;
                }
                self.error(self.pos..self.pos + 1);
            }
        }
        let pending = self.pending;
        let mut first = true;
        loop {
            self.skip_linebreaks();
            if self.pos >= self.end {
                self.incomplete = true;
                return;
            }
            if let Some((Kw::Esac, len)) = self.keyword() {
                self.pos += len;
                return;
            }
            if let Some((Tok::LParen, len)) = self.peek() {
                self.pos += len;
            }
            // Patterns: words separated by `|`, up to `)`.
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some((Tok::RParen, len)) => {
                        self.pos += len;
                        break;
                    }
                    Some((Tok::Pipe, len)) => self.pos += len,
                    Some((tok, _)) if starts_word(tok) => self.discard_word(),
                    _ => {
                        self.error(self.pos..(self.pos + 1).min(self.end));
                        break;
                    }
                }
            }
            self.pending = if first { pending } else { Connector::Seq };
            first = false;
            match self.list(&[Stop::CaseEnd, Stop::Kw(Kw::Esac)]) {
                Stop::CaseEnd => {
                    if let Some((_, len)) = self.peek() {
                        self.pos += len;
                    }
                }
                Stop::Kw(_) => {
                    self.consume_keyword();
                    return;
                }
                _ => {
                    self.incomplete = true;
                    return;
                }
            }
        }
    }

    /// `name ( )` ahead, with a `Lit` token of length `len` at the cursor.
    fn function_definition_ahead(&self, len: usize) -> bool {
        let name = &self.src[self.pos..self.pos + len];
        if name.contains(['=', '#', '{', '}', '*', '?', '[']) {
            return false;
        }
        let mut at = self.pos + len;
        if let Some((Tok::Blank, l)) = self.peek_at(at) {
            at += l;
        }
        if !matches!(self.peek_at(at), Some((Tok::LParen, _))) {
            return false;
        }
        at += 1;
        if let Some((Tok::Blank, l)) = self.peek_at(at) {
            at += l;
        }
        matches!(self.peek_at(at), Some((Tok::RParen, _)))
    }

    /// After a function name: `( )`, then the body.
    fn function_rest(&mut self) {
        self.skip_blanks();
        if let Some((Tok::LParen, _)) = self.peek() {
            self.pos += 1;
            self.skip_blanks();
            if let Some((Tok::RParen, _)) = self.peek() {
                self.pos += 1;
            }
        }
        self.skip_linebreaks();
        let before = self.pos;
        self.command();
        if self.pos == before && self.pos < self.end {
            self.error(self.pos..self.pos + 1);
        }
    }

    /// `function name [()] body`.
    fn function_keyword(&mut self) {
        self.skip_blanks();
        if let Some((tok, _)) = self.peek()
            && starts_word(tok)
        {
            self.discard_word();
        }
        self.function_rest();
    }

    /// `[[ ... ]]`: one command whose words are the test's words; operators inside (`&&`, `<`,
    /// `(`) are words here, not shell syntax.
    fn test_command(&mut self) {
        let index = self.begin_command();
        let start = self.pos;
        let mut words = Vec::new();
        loop {
            self.skip_blanks();
            let Some((tok, len)) = self.peek() else {
                self.incomplete = true;
                break;
            };
            match tok {
                Tok::Newline => self.newline(len),
                Tok::Semi | Tok::CaseEnd => {
                    self.error(self.pos..self.pos + len);
                    break;
                }
                _ => {
                    let word = self.word(true);
                    let done = word.raw == "]]";
                    words.push(word);
                    if done {
                        break;
                    }
                }
            }
        }
        let end = words.last().map_or(start, |w| w.range.end);
        self.finish_command(index, words, Vec::new(), Vec::new(), start..end);
    }

    // ---- simple commands ----

    /// Reserves the slot of a command (so that it comes before the commands nested in its
    /// words) and takes the pending connector; `None` when commands are not recorded here.
    fn begin_command(&mut self) -> Option<usize> {
        let connector = std::mem::replace(&mut self.pending, Connector::Seq);
        if self.unrecorded_level.is_some_and(|level| self.ctx.subst_level >= level) {
            return None;
        }
        self.commands.push(Command {
            words: Vec::new(),
            assignments: Vec::new(),
            redirects: Vec::new(),
            range: self.pos..self.pos,
            connector,
            piped_to_next: false,
            depth: self.ctx.depth,
            in_substitution: self.ctx.in_subst,
            in_condition: self.ctx.in_cond,
            parent: self.ctx.parent,
            wrapper_words: 0,
            name_start: 0,
            tool: None,
            exact: true,
            subst_level: self.ctx.subst_level,
        });
        Some(self.commands.len() - 1)
    }

    fn finish_command(
        &mut self,
        index: Option<usize>,
        words: Vec<Word<'s>>,
        assignments: Vec<Word<'s>>,
        redirects: Vec<Redirect<'s>>,
        range: Range<usize>,
    ) {
        if let Some(command) = index.and_then(|i| self.commands.get_mut(i)) {
            command.set_words(words);
            command.assignments = assignments;
            command.redirects = redirects;
            command.range = range;
        }
    }

    fn simple_command(&mut self) {
        let index = self.begin_command();
        let start = self.pos;
        let mut end = start;
        let words_base = self.pending_words.len();
        let assignments_base = self.pending_assignments.len();
        let redirects_base = self.pending_redirects.len();
        loop {
            self.skip_blanks();
            let Some((tok, len)) = self.peek() else {
                break;
            };
            if tok == Tok::Redirect {
                let owner = index.map(|i| (i, self.pending_redirects.len() - redirects_base));
                let redirect = self.redirect(len, owner);
                end = redirect.range.end;
                self.pending_redirects.push(redirect);
            } else if starts_word(tok) {
                let mut word = self.word(false);
                // Only a leading word can be an assignment of the command, and an argument
                // ending in `=` an array (`declare a=(1 2)`): the name is scanned for those.
                let leading = self.pending_words.len() == words_base;
                let assignment =
                    (leading || word.raw.ends_with('=')) && assignment_name_len(word.raw).is_some();
                // `a=(1 2)`, also as an argument of `declare`, `local`, `export`...
                if assignment && word.raw.ends_with('=') && matches!(self.peek(), Some((Tok::LParen, _))) {
                    self.array_value(&mut word);
                }
                end = word.range.end;
                if leading && assignment {
                    self.pending_assignments.push(word);
                } else {
                    self.pending_words.push(word);
                }
            } else {
                break;
            }
        }
        let words = take_from(&mut self.pending_words, words_base);
        let assignments = take_from(&mut self.pending_assignments, assignments_base);
        let redirects = take_from(&mut self.pending_redirects, redirects_base);
        self.finish_command(index, words, assignments, redirects, start..end);
        if let Some(index) = index {
            self.nested_script(index);
        }
    }

    /// `name=(a b c)`: the array joins the assignment word.
    fn array_value(&mut self, word: &mut Word<'s>) {
        self.pos += 1;
        loop {
            self.skip_linebreaks();
            match self.peek() {
                None => {
                    self.incomplete = true;
                    break;
                }
                Some((Tok::RParen, len)) => {
                    self.pos += len;
                    break;
                }
                Some((tok, _)) if starts_word(tok) => self.discard_word(),
                Some((_, len)) => self.pos += len,
            }
        }
        word.range.end = self.pos;
        word.raw = &self.src[word.range.clone()];
        word.value = Cow::Borrowed(word.raw);
    }

    /// A redirection operator of length `len` at the cursor, and its target.
    fn redirect(&mut self, len: usize, owner: Option<(usize, usize)>) -> Redirect<'s> {
        let at = self.pos;
        let text = &self.src[at..at + len];
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let op = intern_op(&text[digits..]);
        let fd = if digits > 0 { text[..digits].parse().ok() } else { None };
        self.pos += len;
        self.skip_blanks();
        let target = match self.peek() {
            Some((tok, _)) if starts_word(tok) => Some(self.word(false)),
            _ => None,
        };
        let end = target.as_ref().map_or(at + len, |t| t.range.end);
        match &target {
            None => self.error(at..at + len),
            Some(word) if op == "<<" || op == "<<-" => self.heredocs.push(PendingHeredoc {
                owner,
                delimiter: word.value.clone(),
                strip_tabs: op == "<<-",
            }),
            Some(_) => {}
        }
        Redirect { op, fd, target, range: at..end, heredoc: None }
    }

    // ---- words ----

    fn discard_word(&mut self) {
        let _ = self.word(false);
    }

    /// A word at the cursor. In `test` mode (`[[ ]]`) operators are word characters.
    fn word(&mut self, test: bool) -> Word<'s> {
        if !test && let Some(word) = self.plain_word() {
            return word;
        }
        self.word_by_tokens(test)
    }

    /// The most common word, a single run of word characters that something ending a word
    /// follows (a command name, an option, a package): the run is the token at the cursor, most
    /// often lexed already to see that a word starts, and what follows is judged by its first
    /// byte instead of by lexing it. `None` for any other word, which
    /// [`Parser::word_by_tokens`] reads.
    fn plain_word(&mut self) -> Option<Word<'s>> {
        let (Tok::Lit, len) = self.peek()? else {
            return None;
        };
        let start = self.pos;
        let end = start + len;
        // Quotes, `$`, backquotes and backslashes continue the word.
        if !self.src.as_bytes()[..self.end].get(end).is_none_or(|&b| lex::ends_word(b)) {
            return None;
        }
        let text = &self.src[start..end];
        self.pos = end;
        let dynamic = has_glob(text) || text.starts_with('~');
        Some(Word { raw: text, value: Cow::Borrowed(text), range: start..end, quoted: false, dynamic })
    }

    /// Any word, token by token.
    fn word_by_tokens(&mut self, test: bool) -> Word<'s> {
        let src = self.src;
        let start = self.pos;
        let mut end = start;
        let mut value = Value::Empty(start);
        let mut quoted = false;
        let mut dynamic = false;
        while let Some((tok, len)) = self.peek() {
            let at = self.pos;
            match tok {
                Tok::Lit => {
                    let text = &src[at..at + len];
                    if has_glob(text) || (at == start && text.starts_with('~')) {
                        dynamic = true;
                    }
                    value.push(src, at..at + len);
                    self.pos += len;
                }
                Tok::Single => {
                    quoted = true;
                    value.push(src, at + 1..at + len - 1);
                    self.pos += len;
                }
                Tok::SingleOpen => {
                    quoted = true;
                    self.incomplete = true;
                    value.push(src, at + 1..self.end);
                    self.pos = self.end;
                }
                Tok::Ansi => {
                    quoted = true;
                    ansi_c(src, at + 2..at + len - 1, &mut value);
                    self.pos += len;
                }
                Tok::DQuote => {
                    quoted = true;
                    self.pos += 1;
                    dynamic |= self.double_quoted(&mut value);
                }
                Tok::Escape => {
                    quoted = true;
                    value.push(src, at + 1..at + len);
                    self.pos += len;
                }
                Tok::Backslash | Tok::Dollar => {
                    value.push(src, at..at + len);
                    self.pos += len;
                }
                Tok::LineCont => {
                    self.pos += len;
                    continue;
                }
                Tok::Var => {
                    dynamic = true;
                    value.push(src, at..at + len);
                    self.pos += len;
                }
                Tok::DollarParen | Tok::DollarParen2 | Tok::DollarBrace | Tok::Backtick => {
                    dynamic = true;
                    self.expansion(tok);
                    value.push(src, at..self.pos);
                }
                Tok::ProcSubst if at == start || test => {
                    dynamic = true;
                    self.pos += len;
                    self.substitution();
                    value.push(src, at..self.pos);
                }
                Tok::Redirect if !test && at != start => {
                    // `"a"2>x`: the digits belong to the word, the operator does not.
                    let digits = src[at..at + len].bytes().take_while(u8::is_ascii_digit).count();
                    value.push(src, at..at + digits);
                    self.pos += digits;
                    end = self.pos;
                    break;
                }
                Tok::Blank | Tok::Newline | Tok::Semi | Tok::CaseEnd => break,
                // `]]` ends the test even when an operator follows it directly.
                _ if test && &src[start..at] != "]]" => {
                    value.push(src, at..at + len);
                    self.pos += len;
                }
                _ => break,
            }
            end = self.pos;
        }
        Word { raw: &src[start..end], value: value.finish(src), range: start..end, quoted, dynamic }
    }

    /// `$(`, `$((`, `${` or a backtick at the cursor: consumes the expansion.
    fn expansion(&mut self, tok: Tok) {
        let at = self.pos;
        match tok {
            Tok::DollarParen => {
                self.pos += 2;
                self.substitution();
            }
            Tok::DollarParen2 => match self.scan_arithmetic(at + 3) {
                Arith::Closed(end) => self.pos = end,
                Arith::Unterminated => {
                    self.incomplete = true;
                    self.pos = self.end;
                }
                Arith::NotArithmetic => {
                    self.pos = at + 2;
                    self.substitution();
                }
            },
            Tok::DollarBrace => {
                self.pos += 2;
                self.parameter(false);
            }
            _ => self.backtick(),
        }
    }

    /// The inside of a double-quoted string, after its `"`; returns whether it expands anything.
    fn double_quoted(&mut self, value: &mut Value) -> bool {
        if !self.enter() {
            return false;
        }
        let src = self.src;
        let mut dynamic = false;
        loop {
            let Some((tok, len)) = lex::next(src, self.pos, self.end, DqTok::Text) else {
                self.incomplete = true;
                break;
            };
            let at = self.pos;
            match tok {
                DqTok::End => {
                    self.pos += 1;
                    break;
                }
                DqTok::Text | DqTok::Backslash | DqTok::Dollar => {
                    value.push(src, at..at + len);
                    self.pos += len;
                }
                DqTok::Escape => {
                    value.push(src, at + 1..at + len);
                    self.pos += len;
                }
                DqTok::LineCont => self.pos += len,
                DqTok::Var => {
                    dynamic = true;
                    value.push(src, at..at + len);
                    self.pos += len;
                }
                DqTok::DollarParen => {
                    dynamic = true;
                    self.expansion(Tok::DollarParen);
                    value.push(src, at..self.pos);
                }
                DqTok::DollarParen2 => {
                    dynamic = true;
                    self.expansion(Tok::DollarParen2);
                    value.push(src, at..self.pos);
                }
                DqTok::DollarBrace => {
                    dynamic = true;
                    self.pos += 2;
                    self.parameter(true);
                    value.push(src, at..self.pos);
                }
                DqTok::Backtick => {
                    dynamic = true;
                    self.expansion(Tok::Backtick);
                    value.push(src, at..self.pos);
                }
            }
        }
        self.leave();
        dynamic
    }

    /// The inside of `${...}`, after `${`. Unquoted, a `'` in it opens a quote as anywhere else
    /// (`${x:-'a}'}` is `a}`), so one left open leaves the script incomplete; inside double
    /// quotes bash takes it literally (`"${x:-don't}"`).
    fn parameter(&mut self, in_double_quotes: bool) {
        if !self.enter() {
            return;
        }
        loop {
            let Some((tok, len)) = lex::next(self.src, self.pos, self.end, ParamTok::Text) else {
                self.incomplete = true;
                break;
            };
            match tok {
                ParamTok::Close => {
                    self.pos += 1;
                    break;
                }
                ParamTok::Open => {
                    self.pos += 2;
                    self.parameter(in_double_quotes);
                }
                ParamTok::DollarParen => self.expansion(Tok::DollarParen),
                ParamTok::DollarParen2 => self.expansion(Tok::DollarParen2),
                ParamTok::Backtick => self.expansion(Tok::Backtick),
                ParamTok::DQuote => {
                    self.pos += 1;
                    self.double_quoted(&mut Value::Discard);
                }
                ParamTok::Other if !in_double_quotes && self.src.as_bytes()[self.pos] == b'\'' => {
                    self.incomplete = true;
                    self.pos = self.end;
                    break;
                }
                ParamTok::Single | ParamTok::Escape | ParamTok::Other | ParamTok::Text => self.pos += len,
            }
        }
        self.leave();
    }

    /// A command substitution body after `$(`, `<(` or `>(`, through its `)`.
    fn substitution(&mut self) {
        let saved = (self.ctx, self.pending);
        self.ctx.depth += 1;
        self.ctx.in_subst = true;
        self.ctx.subst_level += 1;
        self.pending = Connector::First;
        self.expect_list(&[Stop::RParen]);
        (self.ctx, self.pending) = saved;
    }

    /// Scans `$((...))` or `((...))` from after its two parentheses: where it ends, or that the
    /// parentheses close in a way that makes it a subshell instead.
    fn scan_arithmetic(&self, from: usize) -> Arith {
        let bytes = self.src.as_bytes();
        let mut depth = 2u32;
        let mut i = from;
        while i < self.end {
            let Some(k) = memchr2(b'(', b')', &bytes[i..self.end]) else {
                break;
            };
            i += k;
            if bytes[i] == b'(' {
                depth += 1;
            } else {
                depth -= 1;
                if depth == 1 {
                    return if bytes.get(i + 1) == Some(&b')') && i + 1 < self.end {
                        Arith::Closed(i + 2)
                    } else {
                        Arith::NotArithmetic
                    };
                }
            }
            i += 1;
        }
        Arith::Unterminated
    }

    /// A backtick substitution at the cursor, through its closing backtick.
    fn backtick(&mut self) {
        let bytes = self.src.as_bytes();
        let open = self.pos;
        let mut i = open + 1;
        let mut escaped = false;
        let (content_end, close_end) = loop {
            match memchr2(b'`', b'\\', bytes.get(i..self.end).unwrap_or(&[])) {
                None => {
                    self.incomplete = true;
                    break (self.end, self.end);
                }
                Some(k) if bytes[i + k] == b'\\' => {
                    escaped = true;
                    i += k + 2;
                }
                Some(k) => break (i + k, i + k + 1),
            }
        };
        // `i` may have stepped into a multi-byte character after a backslash; the ends found
        // are at backticks or at the end, so always on character boundaries.
        let ctx = Ctx {
            depth: self.ctx.depth + 1,
            in_subst: true,
            subst_level: self.ctx.subst_level + 1,
            ..self.ctx
        };
        if !escaped {
            self.parse_in_place(open + 1..content_end, ctx, false);
        } else if self.reparse < MAX_REPARSE {
            let text = unescape_backticks(&self.src[open + 1..content_end]);
            self.parse_owned(&text, open..close_end, ctx, self.ctx.parent, false);
        } else {
            self.incomplete = true;
        }
        self.pos = close_end;
    }

    // ---- nested scripts ----

    /// Parses `range` of this text as a script of its own (a backtick body or a verbatim
    /// `sh -c` string), recording its commands with `ctx`.
    fn parse_in_place(&mut self, range: Range<usize>, ctx: Ctx, skip_substitutions: bool) {
        let saved_unrecorded = self.unrecorded_level;
        if skip_substitutions && saved_unrecorded.is_none() {
            self.unrecorded_level = Some(ctx.subst_level + 1);
        }
        let saved_pos = self.pos;
        let saved_end = self.end;
        let saved_ctx = self.ctx;
        let saved_pending = self.pending;
        let saved_heredocs = std::mem::take(&mut self.heredocs);
        self.pos = range.start;
        self.end = range.end;
        self.ctx = ctx;
        self.pending = Connector::First;
        self.list(&[]);
        self.heredocs = saved_heredocs;
        self.pos = saved_pos;
        self.end = saved_end;
        self.ctx = saved_ctx;
        self.pending = saved_pending;
        self.unrecorded_level = saved_unrecorded;
    }

    /// Parses `text` (an unescaped string that is not in the source) as a script, recording its
    /// commands with `ctx` and with every range set to `outer`.
    fn parse_owned(
        &mut self,
        text: &str,
        outer: Range<usize>,
        ctx: Ctx,
        top_parent: Option<usize>,
        skip_substitutions: bool,
    ) {
        let mut inner = Parser::new(text);
        inner.ctx = Ctx { parent: None, ..ctx };
        inner.nest = self.nest;
        inner.reparse = self.reparse + 1;
        if skip_substitutions {
            inner.unrecorded_level = Some(ctx.subst_level + 1);
        }
        inner.list(&[]);
        let incomplete = inner.incomplete;
        let had_error = inner.syntax_error.is_some();
        let base = self.commands.len();
        let src = self.src;
        let raw = &src[outer.clone()];
        let word = |w: Word<'_>| Word {
            raw,
            value: Cow::Owned(w.value.into_owned()),
            range: outer.clone(),
            quoted: w.quoted,
            dynamic: w.dynamic,
        };
        for command in inner.commands {
            let mut outer_command = Command {
                words: Vec::new(),
                assignments: command.assignments.into_iter().map(word).collect(),
                redirects: command
                    .redirects
                    .into_iter()
                    .map(|r| Redirect {
                        op: r.op,
                        fd: r.fd,
                        target: r.target.map(word),
                        range: outer.clone(),
                        heredoc: r.heredoc.map(|_| outer.clone()),
                    })
                    .collect(),
                range: outer.clone(),
                connector: command.connector,
                piped_to_next: command.piped_to_next,
                depth: command.depth,
                in_substitution: command.in_substitution,
                in_condition: command.in_condition,
                parent: command.parent.map(|p| base + p).or(top_parent),
                wrapper_words: 0,
                name_start: 0,
                tool: None,
                exact: false,
                subst_level: command.subst_level,
            };
            // Read again: the words' raw text is now the whole string's.
            outer_command.set_words(command.words.into_iter().map(word).collect());
            self.commands.push(outer_command);
        }
        self.incomplete |= incomplete;
        if had_error {
            self.error(outer);
        }
    }

    /// After recording command `index`: parses the script string of `sh -c '...'`, `su -c`...
    fn nested_script(&mut self, index: usize) {
        if self.reparse >= MAX_REPARSE {
            return;
        }
        let command = &self.commands[index];
        let Some(arg) = script_argument(command) else {
            return;
        };
        let ctx = Ctx {
            depth: command.depth + 1,
            in_subst: command.in_substitution,
            in_cond: command.in_condition,
            parent: Some(index),
            subst_level: command.subst_level,
        };
        let outer = arg.range.clone();
        let expanded = arg.dynamic;
        let value = arg.value.clone();
        let verbatim = match &value {
            Cow::Borrowed(v) => offset_in(self.src, v),
            Cow::Owned(_) => None,
        };
        // Substitutions in a string that is not single-quoted were run (and recorded) by the
        // outer shell; only what is left to the inner shell is recorded again.
        match verbatim {
            Some(start) => {
                self.reparse += 1;
                self.parse_in_place(start..start + value.len(), ctx, expanded);
                self.reparse -= 1;
            }
            None => self.parse_owned(&value, outer, ctx, Some(index), expanded),
        }
    }
}

/// The items of `stack` from `base` on, in a vector of their number (no call for none: most
/// commands have no assignment nor redirection).
fn take_from<T>(stack: &mut Vec<T>, base: usize) -> Vec<T> {
    if stack.len() > base { stack.split_off(base) } else { Vec::new() }
}

enum Arith {
    Closed(usize),
    NotArithmetic,
    Unterminated,
}

/// Where `part` (a slice of `src`) starts in `src`.
fn offset_in(src: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    (start + part.len() <= src.len() && src.is_char_boundary(start)).then_some(start)
}

/// An unquoted glob: `*`, `?`, or a `[` closed by a later `]`.
fn has_glob(text: &str) -> bool {
    // One plain scan: the text is one token of a word, mostly a few bytes long, for which
    // calling memchr costs more than it saves.
    let bytes = text.as_bytes();
    match bytes.iter().position(|b| matches!(b, b'*' | b'?' | b'[')) {
        None => false,
        Some(i) if bytes[i] != b'[' => true,
        Some(i) => bytes[i + 1..].iter().any(|b| matches!(b, b']' | b'*' | b'?')),
    }
}

/// Decodes the inside of `$'...'` (`range` of `src`) into `value`.
fn ansi_c(src: &str, range: Range<usize>, value: &mut Value) {
    let text = &src[range.clone()];
    if !text.contains('\\') {
        value.push(src, range);
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('e' | 'E') => out.push('\x1b'),
            Some(c @ ('\\' | '\'' | '"' | '?')) => out.push(c),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => out.push('\\'),
        }
    }
    value.push_str(src, &out);
}

/// The body of a backtick substitution as the inner shell sees it: `` \` ``, `\\` and `\$`
/// lose their backslash.
fn unescape_backticks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && matches!(next, '`' | '\\' | '$')
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// The script string a command runs in a new shell: the argument of `sh -c` (and the other
/// common shells, after wrappers such as `sudo`) or of `su -c` / `runuser -c`.
pub(super) fn script_argument<'a, 's>(command: &'a Command<'s>) -> Option<&'a Word<'s>> {
    let inv = command.unwrap_wrappers();
    match inv.name()? {
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "yash" | "posh" | "rbash" => {
            shell_c_argument(inv.args())
        }
        "su" | "runuser" => {
            let value = inv.option_value(Some('c'), &["--command"])?;
            // Only a value that is a word of its own (not `-cfoo`).
            (value.value.len() == value.word.value.len()).then_some(value.word)
        }
        _ => None,
    }
}

/// The command string of a shell's arguments, when `-c` is among its options.
fn shell_c_argument<'a, 's>(args: &'a [Word<'s>]) -> Option<&'a Word<'s>> {
    let mut c = false;
    let mut i = 0;
    while let Some(word) = args.get(i) {
        let v = &*word.value;
        if v == "--" || v == "-" {
            i += 1;
            break;
        }
        if v.len() < 2 || !(v.starts_with('-') || v.starts_with('+')) {
            break;
        }
        // An option word with an expansion in it (`-c$FLAGS`, ``-c`cmd` ``) has flags that are
        // known only when it runs: its text is not a cluster of option letters.
        if word.dynamic {
            return None;
        }
        if v.starts_with("--") {
            if v == "--rcfile" || v == "--init-file" {
                i += 1;
            }
        } else {
            let flags = &v[1..];
            if v.starts_with('-') && flags.contains('c') {
                c = true;
            }
            // `-o pipefail`, `-euxo pipefail`, `-O extglob`: the option name is the next word.
            i += flags.bytes().filter(|b| matches!(b, b'o' | b'O')).count();
        }
        i += 1;
    }
    if c { args.get(i) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever the plain-word reader takes a word, the token reader reads the same word and
    /// stops at the same place.
    fn plain_words_read_as_tokens_do(src: &str) {
        for pos in (0..src.len()).filter(|&p| src.is_char_boundary(p)) {
            let mut plain = Parser::new(src);
            plain.pos = pos;
            let Some(word) = plain.plain_word() else { continue };
            let mut by_tokens = Parser::new(src);
            by_tokens.pos = pos;
            assert_eq!(word, by_tokens.word_by_tokens(false), "{src:?} at {pos}");
            assert_eq!(plain.pos, by_tokens.pos, "{src:?} at {pos}");
        }
    }

    #[test]
    fn plain_words_are_read_alike() {
        for src in [
            "apt-get install -y curl=7.1 a2>x 2>&1 12 3abc 4<y ~/bin *.txt [ab] a[b a]b x;y&z|w(v)u<t",
            "a\"b\" c'd' e$f g`h` i\\j k\r\nl é€x\x0Bm\x0Cn",
        ] {
            plain_words_read_as_tokens_do(src);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_plain_words_alike(src in "[a-z0-9 \t\r\n;&|()<>'\"`$\\#=~é*?\\[\\]{}-]{0,24}") {
            plain_words_read_as_tokens_do(&src);
        }
    }
}
