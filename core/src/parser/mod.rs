//! Physical lines to the typed model.
//!
//! The parser follows BuildKit's reading of a Dockerfile step by step (directives, comments,
//! continuation joining, per-instruction argument splitting, heredocs), so that the model agrees
//! with what `docker build` sees. Where BuildKit would stop at the first error, this parser records
//! a [`SyntaxError`] with the exact span and carries on with the next instruction.

mod args;
mod heredoc;
pub(crate) mod json;
mod validate;

use std::borrow::Cow;
use std::ops::Range;

use crate::lexer::{LineLexer, RawLine};
use crate::model::*;

use self::args::{is_split_space, trim};
use self::json::JsonArray;

/// Parses decoded Dockerfile text. Never fails: problems become [`Dockerfile::errors`].
pub fn parse(source: &str) -> Dockerfile<'_> {
    Parser::new(source).run()
}

thread_local! {
    /// The piece buffer of the last parse on this thread, handed to the next one: files with
    /// continuation lines (most) would otherwise each allocate one.
    static SPARE_PIECES: std::cell::Cell<Vec<Range<usize>>> = const { std::cell::Cell::new(Vec::new()) };
}

/// ONBUILD triggers nest at most this deep before the parser stops descending (BuildKit rejects
/// any nesting; this only bounds the work on hostile input).
const MAX_ONBUILD_DEPTH: u32 = 4;

struct Parser<'a> {
    src: &'a str,
    lexer: LineLexer<'a>,
    /// Physical lines consumed so far (BuildKit's `currentLine`).
    line_no: u32,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive<'a>>,
    comments: Vec<Comment<'a>>,
    instructions: Vec<Instruction<'a>>,
    items: Vec<Item>,
    errors: Vec<SyntaxError>,
    /// Reused for every instruction: the source ranges of its joined line pieces.
    pieces: Vec<Range<usize>>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        // Files over 4 GiB cannot be addressed by u32 spans; they are cut off with an error below.
        let lexer = LineLexer::new(src);
        // Sized so that few lists regrow: every item takes at least one line (and an item is
        // small); 94% of the corpus files have at most one instruction per 64 bytes (+4), and all
        // but 10 of 3908 at most one comment per 48 bytes (that room is only made when a first
        // comment comes). One instruction per 32 bytes left only 9 files to regrow, but held six
        // bytes in reserve per source byte, for no measurable gain in parse time.
        let lines = lexer.line_count();
        Parser {
            src,
            lexer,
            line_no: 0,
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            comments: Vec::new(),
            instructions: Vec::with_capacity(src.len() / 64 + 4),
            items: Vec::with_capacity(lines),
            errors: Vec::new(),
            pieces: SPARE_PIECES.take(),
        }
    }

    fn run(mut self) -> Dockerfile<'a> {
        while let Some(line) = self.lexer.next_line() {
            self.line_no += 1;
            if !self.directives_done && self.directive(&line) {
                continue;
            }
            self.directives_done = true;
            if line.is_comment(self.src) {
                let text = &self.src[line.indent_end + 1..line.content_end];
                if self.comments.capacity() == 0 {
                    // A quarter of the files have no comment to keep.
                    self.comments.reserve(self.src.len() / 48 + 1);
                }
                self.comments
                    .push(Comment { text, span: Span::from_usize(line.indent_end, line.content_end) });
                self.push_item(ItemKind::Comment(self.comments.len() - 1), line.start, line.end);
            } else if line.is_blank() {
                self.push_item(ItemKind::Blank, line.start, line.end);
            } else {
                self.instruction(line);
            }
        }
        SPARE_PIECES.set(std::mem::take(&mut self.pieces));
        let (stages, global_args) = self.stages();
        if self.instructions.is_empty() {
            let end = self.src.len();
            self.error(
                Span::from_usize(0, end),
                "the file has no instructions: a Dockerfile needs at least a FROM",
            );
        }
        Dockerfile {
            source: self.src,
            escape: self.escape,
            directives: self.directives,
            comments: self.comments,
            instructions: self.instructions,
            stages,
            global_args,
            errors: self.errors,
            items: self.items,
            lines: self.lexer.into_line_index(),
        }
    }

    fn push_item(&mut self, kind: ItemKind, start: usize, end: usize) {
        self.items.push(Item { kind, span: Span::from_usize(start, end) });
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(SyntaxError { span, message: message.into() });
    }

    /// Reads a parser directive (`# name=value` before anything else). Returns false, ending the
    /// directive section, for any other line.
    fn directive(&mut self, line: &RawLine) -> bool {
        let content = &self.src[line.indent_end..line.content_end];
        let Some(after_hash) = content.strip_prefix('#') else {
            return false;
        };
        let body = after_hash.trim_start();
        let body_start = line.content_end - body.len();
        let name_len = body
            .bytes()
            .enumerate()
            .take_while(|&(i, b)| if i == 0 { b.is_ascii_alphabetic() } else { b.is_ascii_alphanumeric() })
            .count();
        if name_len == 0 {
            return false;
        }
        // Go's RE2 `\s` is [\t\n\f\r ].
        let is_re_space = |c: char| matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' ');
        let after_name = body[name_len..].trim_start_matches(is_re_space);
        let Some(after_eq) = after_name.strip_prefix('=') else {
            return false;
        };
        let trimmed = after_eq.trim_start_matches(is_re_space);
        let value = if trimmed.is_empty() {
            // `(.+?)` must take one character: an all-blank value keeps the last blank.
            match after_eq.char_indices().last() {
                Some((i, _)) => &after_eq[i..],
                None => return false,
            }
        } else {
            trimmed.trim_end_matches(is_re_space)
        };
        let name = &body[..name_len];
        let kind = match name.to_ascii_lowercase().as_str() {
            "syntax" => DirectiveKind::Syntax,
            "escape" => DirectiveKind::Escape,
            "check" => DirectiveKind::Check,
            _ => return false,
        };
        let value_start = value.as_ptr() as usize - self.src.as_ptr() as usize;
        let directive = Directive {
            kind,
            name,
            value,
            span: Span::from_usize(line.indent_end, line.content_end),
            name_span: Span::from_usize(body_start, body_start + name_len),
            value_span: Span::from_usize(value_start, value_start + value.len()),
        };
        if self.directives.iter().any(|d| d.kind == kind) {
            self.error(
                directive.span,
                format!(
                    "only one `{}` parser directive can be used; this one is ignored",
                    name.to_ascii_lowercase()
                ),
            );
            self.comments.push(Comment { text: &content[1..], span: directive.span });
            self.push_item(ItemKind::Comment(self.comments.len() - 1), line.start, line.end);
            return true;
        }
        if kind == DirectiveKind::Escape {
            match value {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => self.error(
                    directive.value_span,
                    format!("invalid escape character `{value}`: it must be `\\` or `` ` ``"),
                ),
            }
        }
        self.directives.push(directive);
        self.push_item(ItemKind::Directive(self.directives.len() - 1), line.start, line.end);
        true
    }

    /// Where the content of a line piece ends, and whether the line continues: the escape
    /// character, then only spaces and tabs, and not itself escaped.
    fn continuation(&self, start: usize, content_end: usize) -> (usize, bool) {
        let bytes = self.src.as_bytes();
        let escape = self.escape as u8;
        let mut end = content_end;
        while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        if end > start && bytes[end - 1] == escape && (end - 1 == start || bytes[end - 2] != escape) {
            return (end - 1, true);
        }
        (content_end, false)
    }

    /// Reads one instruction starting at `first`: continuation lines, then heredoc bodies.
    fn instruction(&mut self, first: RawLine) {
        let start_line = self.line_no;
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let mut inner_comments = ThinList::new();
        let mut empty_continuation_lines = ThinList::new();
        let (end, mut continues) = self.continuation(first.indent_end, first.content_end);
        // Single-line instructions (most of them) never touch `pieces`: a file without
        // continuations allocates no scratch buffer at all.
        let first_piece = first.indent_end..end;
        let mut content_end = first.content_end;
        let mut item_end = first.end;
        while continues {
            let Some(next) = self.lexer.next_line() else {
                break;
            };
            self.line_no += 1;
            item_end = next.end;
            if next.is_comment(self.src) {
                inner_comments.push(Span::from_usize(next.indent_end, next.content_end));
                content_end = next.content_end;
                continue;
            }
            if next.is_blank() {
                empty_continuation_lines.push(Span::from_usize(next.start, next.content_end));
                continue;
            }
            let (end, more) = self.continuation(next.start, next.content_end);
            if pieces.is_empty() {
                // Once per file: the buffer is reused by every later instruction.
                pieces.reserve(16);
                pieces.push(first_piece.clone());
            }
            pieces.push(next.start..end);
            content_end = next.content_end;
            continues = more;
        }
        let line = if pieces.is_empty() {
            let only = first_piece;
            LogicalLine::new(Cow::Borrowed(&self.src[only.clone()]), only.start as u32, Vec::new())
        } else {
            self.logical_line(&pieces)
        };
        self.pieces = pieces;
        // Read and validated here rather than by `parse_instruction`, so that the (large)
        // instruction is built in place instead of being returned through a temporary.
        let mut ctx = InstructionContext::default();
        let mut instruction = self.read_instruction(line, 0, &mut ctx);
        self.validate(&instruction, ctx);
        instruction.inner_comments = inner_comments;
        instruction.empty_continuation_lines = empty_continuation_lines;
        if heredoc::can_contain_heredoc(&instruction)
            && heredoc::has_double_angle(&instruction.line_text.text)
            && let Some((end, next_line_start)) = self.heredocs(&mut instruction)
        {
            content_end = end;
            item_end = next_line_start;
        }
        instruction.line = start_line;
        instruction.end_line = self.line_no;
        instruction.span = Span::from_usize(first.indent_end, content_end.max(first.indent_end));
        if let InstructionKind::Onbuild(Onbuild { trigger: Some(trigger) }) = &mut instruction.kind {
            trigger.line = start_line;
            trigger.end_line = self.line_no;
            trigger.heredocs = instruction.heredocs.clone();
        }
        self.instructions.push(instruction);
        self.push_item(ItemKind::Instruction(self.instructions.len() - 1), first.start, item_end);
    }

    /// Sets each stage's `base_stage`: the first earlier stage named like its base image. A file
    /// with many stages looks names up in an index instead of scanning, so that thousands of stages
    /// do not cost quadratic time.
    fn link_base_stages(stages: &mut [Stage<'_>]) {
        if stages.len() <= 16 {
            for k in 1..stages.len() {
                let (earlier, rest) = stages.split_at_mut(k);
                let stage = &mut rest[0];
                // Stage names are stored lower-cased, so this is `name == base.to_lowercase()`.
                stage.base_stage = earlier
                    .iter()
                    .position(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&stage.base)));
            }
            return;
        }
        let names = StageNames::new(stages);
        let base_stages: Vec<Option<usize>> =
            stages.iter().map(|s| names.named(&s.base).next().filter(|&earlier| earlier < s.index)).collect();
        for (stage, base_stage) in stages.iter_mut().zip(base_stages) {
            stage.base_stage = base_stage;
        }
    }

    /// Joins line pieces into one logical line; borrows when there is a single piece.
    fn logical_line(&self, pieces: &[Range<usize>]) -> LogicalLine<'a> {
        if let [only] = pieces {
            return LogicalLine::new(Cow::Borrowed(&self.src[only.clone()]), only.start as u32, Vec::new());
        }
        let len = pieces.iter().map(|p| p.len()).sum();
        let mut text = String::with_capacity(len);
        let mut joins = Vec::with_capacity(pieces.len() - 1);
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                joins.push((text.len() as u32, piece.start as u32));
            }
            text.push_str(&self.src[piece.clone()]);
        }
        LogicalLine::new(Cow::Owned(text), pieces[0].start as u32, joins)
    }

    /// Reads the bodies of the heredocs the instruction line opens. Returns the end of the last
    /// terminator's content and the start of the line after it.
    fn heredocs(&mut self, instruction: &mut Instruction<'a>) -> Option<(usize, usize)> {
        let markers = match heredoc::markers(&instruction.line_text.text) {
            Ok(markers) => markers,
            Err(message) => {
                self.error(instruction.args_span, message);
                return None;
            }
        };
        let mut last = None;
        for marker in markers {
            let body_start = self.lexer.position();
            let mut terminator = None;
            while let Some(line) = self.lexer.next_line() {
                self.line_no += 1;
                let mut candidate = &self.src[line.start..line.content_end];
                if marker.chomp {
                    candidate = candidate.trim_start_matches('\t');
                }
                if candidate == marker.name {
                    terminator = Some(line);
                    break;
                }
            }
            let marker_span = instruction.line_text.span(marker.range.start, marker.range.end);
            let (body_end, terminator_span) = match terminator {
                Some(t) => {
                    last = Some((t.content_end, t.end));
                    (t.start, Span::from_usize(t.content_end - marker.name.len(), t.content_end))
                }
                None => {
                    let end = self.src.len();
                    self.error(
                        marker_span,
                        format!(
                            "unterminated heredoc: no line `{}` closes it, so the rest of the file became its body",
                            marker.name
                        ),
                    );
                    last = Some((end, end));
                    (end, Span::from_usize(end, end))
                }
            };
            instruction.heredocs.push(Heredoc {
                name: marker.name,
                body: &self.src[body_start..body_end],
                chomp: marker.chomp,
                expand: marker.expand,
                fd: marker.fd,
                marker_span,
                body_span: Span::from_usize(body_start, body_end),
                terminator_span,
            });
        }
        last
    }

    /// A word of a logical line: borrowed from the source when it is contiguous there.
    // Called for every word of every instruction: a call costs more than the work (measured).
    #[inline(always)]
    fn word(&self, line: &LogicalLine<'a>, range: Range<usize>) -> Word<'a> {
        let span = line.span(range.start, range.end);
        let text = if span.len() as usize == range.len() {
            Cow::Borrowed(&self.src[span.range()])
        } else {
            Cow::Owned(line.text[range.clone()].to_string())
        };
        Word { text, span, offset: range.start as u32 }
    }

    /// The parts of `word` (the word of `range`) before and after its `=` at `eq`. A word that is
    /// verbatim in the source, as nearly all are, is cut in place instead of each part being
    /// mapped through the logical line again (ENV, LABEL and ARG read two or three words a pair).
    #[inline(always)]
    fn split_at_equals(
        &self,
        line: &LogicalLine<'a>,
        word: &Word<'a>,
        range: Range<usize>,
        eq: usize,
    ) -> (Word<'a>, Word<'a>) {
        let value_range = range.start + eq + 1..range.end;
        // An empty value right before a join maps to the next line's start: left to `word`.
        if let Cow::Borrowed(text) = word.text
            && word.is_verbatim()
            && !value_range.is_empty()
        {
            let at = word.span.start + eq as u32;
            let name = Word {
                text: Cow::Borrowed(&text[..eq]),
                span: Span::new(word.span.start, at),
                offset: word.offset,
            };
            let value = Word {
                text: Cow::Borrowed(&text[eq + 1..]),
                span: Span::new(at + 1, word.span.end),
                offset: value_range.start as u32,
            };
            return (name, value);
        }
        (self.word(line, range.start..range.start + eq), self.word(line, value_range))
    }

    /// A decoded JSON string as a word; its span covers the characters inside the quotes.
    fn json_word(&self, line: &LogicalLine<'a>, base: usize, s: json::JsonString<'_>) -> Word<'a> {
        let inner = base + s.start + 1..base + s.end - 1;
        let span = line.span(inner.start, inner.end);
        let verbatim = matches!(s.value, Cow::Borrowed(_)) && span.len() as usize == inner.len();
        let text =
            if verbatim { Cow::Borrowed(&self.src[span.range()]) } else { Cow::Owned(s.value.into_owned()) };
        Word { text, span, offset: inner.start as u32 }
    }

    /// Reads an instruction (an ONBUILD trigger) and validates it.
    fn parse_instruction(&mut self, line: LogicalLine<'a>, depth: u32) -> Instruction<'a> {
        let mut ctx = InstructionContext::default();
        let instruction = self.read_instruction(line, depth, &mut ctx);
        self.validate(&instruction, ctx);
        instruction
    }

    /// Checks an instruction the way BuildKit does, recording its errors after those found
    /// while reading it.
    fn validate(&mut self, instruction: &Instruction<'a>, mut ctx: InstructionContext) {
        validate::instruction(instruction, &mut ctx);
        self.errors.append(&mut ctx.errors);
    }

    /// Splits a logical line into keyword, flags and arguments, then reads the arguments the way
    /// BuildKit reads them for that instruction. Argument errors go to `ctx`, which also learns
    /// the keyword and spans validation needs.
    fn read_instruction(
        &mut self,
        line: LogicalLine<'a>,
        depth: u32,
        ctx: &mut InstructionContext,
    ) -> Instruction<'a> {
        let text: &str = &line.text;
        let whole = trim(text, 0..text.len());
        let bytes = text.as_bytes();
        let keyword_end = (whole.clone()).find(|&i| is_split_space(bytes[i])).unwrap_or(whole.end);
        let keyword_word = self.word(&line, whole.start..keyword_end);
        let keyword = Keyword::parse(&keyword_word.text);
        let mut after_keyword = keyword_end;
        while after_keyword < whole.end && is_split_space(bytes[after_keyword]) {
            after_keyword += 1;
        }
        let (flags, rest) =
            args::extract_flags(text, after_keyword..whole.end, |range, text| self.flag(&line, range, text));
        let args = trim(text, rest.min(whole.end)..whole.end);
        let args_span = line.span(args.start, args.end);

        *ctx = InstructionContext { keyword, keyword_span: keyword_word.span, args_span, errors: Vec::new() };
        let kind = match keyword {
            Keyword::Run => {
                let command = self.maybe_json(&line, args.clone(), ctx);
                let mounts = flags
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.name() == "mount")
                    .map(|(i, f)| {
                        let (mount, problem) = Mount::parse(f.value().unwrap_or(""), i);
                        if let Some(problem) = problem {
                            ctx.error(f.span, format!("invalid --mount: {problem}"));
                        }
                        mount
                    })
                    .collect();
                InstructionKind::Run(Run { command, mounts })
            }
            Keyword::Cmd => InstructionKind::Cmd(Cmd { command: self.maybe_json(&line, args.clone(), ctx) }),
            Keyword::Entrypoint => {
                InstructionKind::Entrypoint(Cmd { command: self.maybe_json(&line, args.clone(), ctx) })
            }
            Keyword::Shell => {
                InstructionKind::Shell(Cmd { command: self.maybe_json(&line, args.clone(), ctx) })
            }
            Keyword::Add | Keyword::Copy | Keyword::Volume => {
                let (words, json) = self.maybe_json_to_list(&line, args.clone(), ctx);
                match keyword {
                    Keyword::Add => InstructionKind::Add(CopyArgs { args: words, json }),
                    Keyword::Copy => InstructionKind::Copy(CopyArgs { args: words, json }),
                    _ => InstructionKind::Volume(Volume { paths: words, json }),
                }
            }
            Keyword::From | Keyword::Expose => {
                let words =
                    collect_exact(args::split_whitespace(text, args.clone()).map(|r| self.word(&line, r)));
                if keyword == Keyword::From {
                    InstructionKind::From(From { args: words })
                } else {
                    InstructionKind::Expose(Expose { ports: words })
                }
            }
            Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
                let value = (!args.is_empty()).then(|| self.word(&line, args.clone()));
                let single = SingleArg { value };
                match keyword {
                    Keyword::Maintainer => InstructionKind::Maintainer(single),
                    Keyword::Stopsignal => InstructionKind::Stopsignal(single),
                    Keyword::User => InstructionKind::User(single),
                    _ => InstructionKind::Workdir(single),
                }
            }
            Keyword::Env | Keyword::Label => {
                let pairs = self.name_values(&line, args.clone(), ctx);
                if keyword == Keyword::Env {
                    InstructionKind::Env(KeyValues { pairs })
                } else {
                    InstructionKind::Label(KeyValues { pairs })
                }
            }
            Keyword::Arg => InstructionKind::Arg(Arg {
                args: collect_exact(args::parse_words(text, args.clone(), self.escape).map(|r| {
                    let word = self.word(&line, r.clone());
                    match args::find_equals(text, r.clone()) {
                        Some(eq) => {
                            let (name, default) = self.split_at_equals(&line, &word, r, eq);
                            ArgDecl { word, name, default: Some(default) }
                        }
                        None => ArgDecl { name: word.clone(), word, default: None },
                    }
                })),
            }),
            Keyword::Healthcheck => {
                let (kind, command) = if args.is_empty() {
                    (None, None)
                } else {
                    let type_end = text[args.clone()]
                        .char_indices()
                        .find(|&(_, c)| args::is_go_byte_space(c))
                        .map_or(args.end, |(i, _)| args.start + i);
                    let kind = self.word(&line, args.start..type_end);
                    (Some(kind), self.maybe_json(&line, trim(text, type_end..args.end), ctx))
                };
                InstructionKind::Healthcheck(Box::new(Healthcheck { kind, command }))
            }
            Keyword::Onbuild => {
                let trigger = if args.is_empty() {
                    None
                } else if depth >= MAX_ONBUILD_DEPTH {
                    ctx.error(args_span, "ONBUILD triggers are nested too deeply");
                    None
                } else {
                    Some(Box::new(self.parse_instruction(line.suffix(args.start), depth + 1)))
                };
                InstructionKind::Onbuild(Onbuild { trigger })
            }
            Keyword::Unknown => InstructionKind::Unknown(Unknown { name: keyword_word.text.to_string() }),
        };
        Instruction {
            keyword,
            keyword_text: keyword_word.text,
            keyword_span: keyword_word.span,
            span: line.span(whole.start, whole.end),
            line: 0,
            end_line: 0,
            flags,
            args_span,
            kind,
            heredocs: ThinList::new(),
            line_text: line,
            inner_comments: ThinList::new(),
            empty_continuation_lines: ThinList::new(),
        }
    }

    fn flag(&self, line: &LogicalLine<'a>, range: Range<usize>, text: Cow<'_, str>) -> Flag<'a> {
        let span = line.span(range.start, range.end);
        let verbatim = matches!(text, Cow::Borrowed(_)) && span.len() as usize == range.len();
        let text =
            if verbatim { Cow::Borrowed(&self.src[span.range()]) } else { Cow::Owned(text.into_owned()) };
        Flag { text, span }
    }

    /// `parseMaybeJSON`: a JSON string array is exec form, anything else is one shell string.
    fn maybe_json(
        &self,
        line: &LogicalLine<'a>,
        args: Range<usize>,
        ctx: &mut InstructionContext,
    ) -> Option<ShellOrExec<'a>> {
        if args.is_empty() {
            return None;
        }
        match json::parse_string_array(&line.text[args.clone()], |s| self.json_word(line, args.start, s)) {
            JsonArray::Strings(words) => {
                Some(ShellOrExec::Exec { args: words, span: line.span(args.start, args.end) })
            }
            JsonArray::NotStrings => {
                ctx.error(line.span(args.start, args.end), NOT_STRING_ARRAY);
                Some(ShellOrExec::Shell { command: self.word(line, args) })
            }
            JsonArray::NotJson => Some(ShellOrExec::Shell { command: self.word(line, args) }),
        }
    }

    /// `parseMaybeJSONToList`: a JSON string array, or words split on whitespace.
    fn maybe_json_to_list(
        &self,
        line: &LogicalLine<'a>,
        args: Range<usize>,
        ctx: &mut InstructionContext,
    ) -> (Vec<Word<'a>>, bool) {
        match json::parse_string_array(&line.text[args.clone()], |s| self.json_word(line, args.start, s)) {
            JsonArray::Strings(words) => (words, true),
            other => {
                if other == JsonArray::NotStrings {
                    ctx.error(line.span(args.start, args.end), NOT_STRING_ARRAY);
                }
                let words =
                    collect_exact(args::split_whitespace(&line.text, args).map(|r| self.word(line, r)));
                (words, false)
            }
        }
    }

    /// `parseNameVal` for ENV and LABEL: `k=v ...`, or the legacy `k v` with the rest as value.
    fn name_values(
        &self,
        line: &LogicalLine<'a>,
        args: Range<usize>,
        ctx: &mut InstructionContext,
    ) -> Vec<KeyValue<'a>> {
        let text: &str = &line.text;
        let mut words = args::parse_words(text, args.clone(), self.escape);
        let Some(first) = words.next() else {
            return Vec::new();
        };
        if args::find_equals(text, first.clone()).is_none() {
            return match args::split_once_whitespace(text, args.clone()) {
                Some((key, value)) => vec![KeyValue {
                    key: self.word(line, key.clone()),
                    value: self.word(line, value.clone()),
                    legacy: true,
                    span: line.span(key.start, value.end),
                }],
                None => {
                    ctx.error(
                        line.span(args.start, args.end),
                        format!(
                            "{} needs a value: write `{k}=value` (or the legacy `{k} value`)",
                            ctx.keyword,
                            k = &text[args.clone()]
                        ),
                    );
                    Vec::new()
                }
            };
        }
        let pairs = std::iter::once(first).chain(words).filter_map(|range| {
            match args::find_equals(text, range.clone()) {
                Some(eq) => {
                    let pair = self.word(line, range.clone());
                    let (key, value) = self.split_at_equals(line, &pair, range, eq);
                    Some(KeyValue { key, value, legacy: false, span: pair.span })
                }
                None => {
                    ctx.error(
                        line.span(range.start, range.end),
                        format!(
                            "`{}` has no `=`: {} takes name=value pairs (a value with spaces needs quotes)",
                            &text[range], ctx.keyword
                        ),
                    );
                    None
                }
            }
        });
        collect_exact(pairs)
    }

    /// Groups instructions into stages and reports instructions that come before any `FROM`.
    fn stages(&mut self) -> (Vec<Stage<'a>>, Vec<usize>) {
        let mut stages: Vec<Stage<'a>> = Vec::new();
        let mut global_args = Vec::new();
        let mut early = Vec::new();
        for (i, instruction) in self.instructions.iter().enumerate() {
            match &instruction.kind {
                InstructionKind::From(from) => {
                    if let Some(last) = stages.last_mut() {
                        last.end = i;
                    }
                    stages.push(Stage {
                        index: stages.len(),
                        name: from.stage_name().map(|w| ascii_lowercase(w.text.clone())),
                        base: from.image().map(|w| w.text.clone()).unwrap_or_default(),
                        // Linked below, once every stage is known.
                        base_stage: None,
                        from: i,
                        end: self.instructions.len(),
                    });
                }
                InstructionKind::Arg(_) if stages.is_empty() => global_args.push(i),
                _ if stages.is_empty() => early.push((instruction.keyword_span, instruction.keyword_upper())),
                _ => {}
            }
        }
        Self::link_base_stages(&mut stages);
        for (span, keyword) in early {
            self.error(span, format!("{keyword} comes before the first FROM; only ARG may appear there"));
        }
        if stages.is_empty() && !self.instructions.is_empty() {
            let span = self.instructions[0].keyword_span;
            self.error(span, "the file has no FROM instruction, so there is no stage to build");
        }
        (stages, global_args)
    }
}

const NOT_STRING_ARRAY: &str = "in JSON (exec) form every element must be a string";

/// Errors found while reading one instruction, with what validation needs to know about it.
pub(crate) struct InstructionContext {
    pub keyword: Keyword,
    pub keyword_span: Span,
    pub args_span: Span,
    pub errors: Vec<SyntaxError>,
}

impl Default for InstructionContext {
    fn default() -> Self {
        InstructionContext {
            keyword: Keyword::Unknown,
            keyword_span: Span::default(),
            args_span: Span::default(),
            errors: Vec::new(),
        }
    }
}

impl InstructionContext {
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(SyntaxError { span, message: message.into() });
    }
}

/// Collects a list of words, pairs or declarations at its exact length. Most instructions have
/// one to three, where `collect` would reserve room for four (160 to 480 bytes); under glibc a
/// chunk of up to 128 bytes is recycled through its fast bins, a larger one is coalesced with its
/// neighbours when freed, and a document frees one or more such lists per instruction.
#[cfg(not(target_arch = "wasm32"))]
fn collect_exact<T>(mut items: impl Iterator<Item = T>) -> Vec<T> {
    let Some(a) = items.next() else { return Vec::new() };
    let Some(b) = items.next() else { return vec![a] };
    let Some(c) = items.next() else { return vec![a, b] };
    let Some(d) = items.next() else { return vec![a, b, c] };
    let mut all = Vec::with_capacity(8);
    all.extend([a, b, c, d]);
    all.extend(items);
    all
}

/// In WebAssembly the module's size budget counts for more than glibc's bins: the unrolled
/// collection above adds about 2.4 KB to the module.
#[cfg(target_arch = "wasm32")]
fn collect_exact<T>(items: impl Iterator<Item = T>) -> Vec<T> {
    items.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collect_exact_keeps_every_item_in_order_and_short_lists_at_their_length() {
        for n in 0..12 {
            let all = collect_exact(0..n);
            assert_eq!(all, (0..n).collect::<Vec<_>>());
            if n <= 3 && cfg!(not(target_arch = "wasm32")) {
                assert_eq!(all.capacity(), n, "{n} items");
            }
        }
    }

    /// `split_at_equals` cuts verbatim words in place. Every pair must come out as mapping each
    /// part through the logical line gives it, across joins, quotes, escapes and empty parts.
    #[test]
    fn pairs_cut_in_place_match_pairs_mapped_part_by_part() {
        let sources = [
            "FROM a\nENV A=1 B=two C= =x D=e=f\n",
            "FROM a\nENV A=1 \\\n  B=2 \\\n  C=\\\n  D=4 E=\\\n\n",
            "FROM a\nARG X= \\\n  Y Z=z \\\n# note\n  W=\\\n",
            "FROM a\r\nLABEL \"a b\"=c d=\"e \\\r\n f\" g='h=i'\r\n",
            "# escape=`\nFROM a\nENV A=1 `\n  B=`\n\nARG C=`\n  d\n",
            "FROM a\nENV ä=ö ü= =ß\nARG a=b=c\n",
            "FROM a\nENV A=x\\\ny B=p\\ q\n",
        ];
        for source in sources {
            let doc = parse(source);
            let parser = Parser::new(source);
            let mut pairs = 0;
            for ins in &doc.instructions {
                let line = &ins.line_text;
                let cut: Vec<(&Word<'_>, &Word<'_>, Span)> = match &ins.kind {
                    InstructionKind::Env(kv) | InstructionKind::Label(kv) => {
                        kv.pairs.iter().map(|p| (&p.key, &p.value, p.span)).collect()
                    }
                    InstructionKind::Arg(arg) => arg
                        .args
                        .iter()
                        .filter_map(|d| Some((&d.name, d.default.as_ref()?, d.word.span)))
                        .collect(),
                    _ => continue,
                };
                for (key, value, span) in cut {
                    let (start, end) = (key.offset as usize, value.offset as usize + value.text.len());
                    assert_eq!(*key, parser.word(line, start..start + key.text.len()), "{source:?}");
                    assert_eq!(*value, parser.word(line, value.offset as usize..end), "{source:?}");
                    assert_eq!(span, line.span(start, end), "{source:?}");
                    pairs += 1;
                }
            }
            assert!(pairs > 0, "{source:?}");
        }
    }
}
