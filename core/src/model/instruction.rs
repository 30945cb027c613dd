//! Instructions: one typed variant per Dockerfile instruction.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{Flag, Heredoc, ImageRef, LogicalLine, Mount, PortSpec, Span, ThinList, Word};

/// An instruction keyword. Keywords are case-insensitive in Dockerfiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Not a Dockerfile instruction; the text is kept in the instruction.
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Case-insensitive lookup; anything else is `Unknown`.
    pub fn parse(word: &str) -> Keyword {
        let b = word.as_bytes();
        // Length and first letter (`| 0x20` lower-cases letters and maps nothing else onto them)
        // leave one candidate, which is then compared in full.
        let candidate = match (b.len(), b.first().map_or(0, |&c| c | 0x20)) {
            (3, b'a') if b[1] | 0x20 == b'd' => Keyword::Add,
            (3, b'a') => Keyword::Arg,
            (3, b'c') => Keyword::Cmd,
            (4, b'c') => Keyword::Copy,
            (10, b'e') => Keyword::Entrypoint,
            (3, b'e') => Keyword::Env,
            (6, b'e') => Keyword::Expose,
            (4, b'f') => Keyword::From,
            (11, b'h') => Keyword::Healthcheck,
            (5, b'l') => Keyword::Label,
            (10, b'm') => Keyword::Maintainer,
            (7, b'o') => Keyword::Onbuild,
            (3, b'r') => Keyword::Run,
            (5, b's') => Keyword::Shell,
            (10, b's') => Keyword::Stopsignal,
            (4, b'u') => Keyword::User,
            (6, b'v') => Keyword::Volume,
            (7, b'w') => Keyword::Workdir,
            _ => return Keyword::Unknown,
        };
        // Keywords are all letters, so clearing bit 5 upper-cases exactly the bytes that can match.
        let upper = candidate.as_str().as_bytes();
        if b.iter().zip(upper).all(|(&c, &u)| c & !0x20 == u) { candidate } else { Keyword::Unknown }
    }

    /// Upper-case name (`UNKNOWN` for unknown instructions; use `Instruction::keyword_text`).
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }
}

impl std::fmt::Display for Keyword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One instruction with everything BuildKit reads from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction<'a> {
    pub keyword: Keyword,
    /// The keyword as written (`run`, `Run`, ...).
    pub keyword_text: Cow<'a, str>,
    pub keyword_span: Span,
    /// From the keyword to the end of the last line that belongs to the instruction (heredoc
    /// terminators included, the final line break excluded).
    pub span: Span,
    /// 1-based first line, as BuildKit counts it.
    pub line: u32,
    /// 1-based last line, as BuildKit counts it (continuations, skipped comment and empty lines,
    /// and heredoc terminators included).
    pub end_line: u32,
    pub flags: ThinList<Flag<'a>>,
    /// The arguments after the flags, as one source span (empty when there are none).
    pub args_span: Span,
    pub kind: InstructionKind<'a>,
    pub heredocs: ThinList<Heredoc<'a>>,
    /// The joined instruction text and its map back to the source.
    pub line_text: LogicalLine<'a>,
    /// Comment lines inside the continuation (BuildKit drops them).
    pub inner_comments: ThinList<Span>,
    /// Whitespace-only lines inside the continuation (BuildKit warns: they will become errors).
    pub empty_continuation_lines: ThinList<Span>,
}

impl<'a> Instruction<'a> {
    /// The variables an `ENV` or `ARG` defines: each name with its value (`None` for an `ARG`
    /// without a default). Nothing for other instructions.
    pub fn definitions(&self) -> impl Iterator<Item = (&Word<'a>, Option<&Word<'a>>)> {
        let (pairs, declarations): (&[KeyValue<'a>], &[ArgDecl<'a>]) = match &self.kind {
            InstructionKind::Env(env) => (&env.pairs, &[]),
            InstructionKind::Arg(arg) => (&[], &arg.args),
            _ => (&[], &[]),
        };
        let pairs = pairs.iter().map(|p| (&p.key, Some(&p.value)));
        pairs.chain(declarations.iter().map(|d| (&d.name, d.default.as_ref())))
    }

    /// The first flag with this name (`from` for `--from=...`).
    pub fn flag(&self, name: &str) -> Option<&Flag<'a>> {
        self.flags.iter().find(|f| f.name() == name)
    }

    /// All flags with this name, for repeatable flags such as `--mount`.
    pub fn flags_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Flag<'a>> + 's {
        self.flags.iter().filter(move |f| f.name() == name)
    }

    /// The upper-case keyword, for unknown instructions the upper-cased text as written.
    pub fn keyword_upper(&self) -> Cow<'static, str> {
        match self.keyword {
            Keyword::Unknown => Cow::Owned(self.keyword_text.to_ascii_uppercase()),
            k => Cow::Borrowed(k.as_str()),
        }
    }

    /// The shell-or-exec command of RUN, CMD, ENTRYPOINT, SHELL and `HEALTHCHECK CMD`.
    pub fn command(&self) -> Option<&ShellOrExec<'a>> {
        match &self.kind {
            InstructionKind::Run(run) => run.command.as_ref(),
            InstructionKind::Cmd(c) | InstructionKind::Entrypoint(c) | InstructionKind::Shell(c) => {
                c.command.as_ref()
            }
            InstructionKind::Healthcheck(h) => h.command.as_ref(),
            _ => None,
        }
    }

    /// The trigger of an `ONBUILD`, or the instruction itself.
    pub fn effective(&self) -> &Instruction<'a> {
        match &self.kind {
            InstructionKind::Onbuild(Onbuild { trigger: Some(inner) }) => inner,
            _ => self,
        }
    }
}

impl Serialize for Instruction<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Instruction", 9)?;
        st.serialize_field("keyword", &self.keyword_upper())?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("end_line", &self.end_line)?;
        st.serialize_field("span", &self.span)?;
        let flags: Vec<&str> = self.flags.iter().map(|f| &*f.text).collect();
        st.serialize_field("flags", &flags)?;
        st.serialize_field("flag_spans", &self.flags.iter().map(|f| f.span).collect::<Vec<_>>())?;
        st.serialize_field("heredocs", &self.heredocs)?;
        st.serialize_field("args", &self.kind)?;
        st.serialize_field("args_span", &self.args_span)?;
        st.end()
    }
}

/// The typed arguments, one variant per instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InstructionKind<'a> {
    Add(CopyArgs<'a>),
    Arg(Arg<'a>),
    Cmd(Cmd<'a>),
    Copy(CopyArgs<'a>),
    Entrypoint(Cmd<'a>),
    Env(KeyValues<'a>),
    Expose(Expose<'a>),
    From(From<'a>),
    Healthcheck(Box<Healthcheck<'a>>),
    Label(KeyValues<'a>),
    Maintainer(SingleArg<'a>),
    Onbuild(Onbuild<'a>),
    Run(Run<'a>),
    Shell(Cmd<'a>),
    Stopsignal(SingleArg<'a>),
    User(SingleArg<'a>),
    Volume(Volume<'a>),
    Workdir(SingleArg<'a>),
    Unknown(Unknown),
}

/// Shell form (one string run by the shell) or exec form (a JSON array of strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "form")]
pub enum ShellOrExec<'a> {
    Shell { command: Word<'a> },
    Exec { args: Vec<Word<'a>>, span: Span },
}

impl ShellOrExec<'_> {
    pub fn is_exec(&self) -> bool {
        matches!(self, ShellOrExec::Exec { .. })
    }

    pub fn span(&self) -> Span {
        match self {
            ShellOrExec::Shell { command } => command.span,
            ShellOrExec::Exec { span, .. } => *span,
        }
    }
}

/// `FROM [--platform=...] image [AS name]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct From<'a> {
    /// The whitespace-separated arguments, as BuildKit splits them.
    pub args: Vec<Word<'a>>,
}

impl<'a> From<'a> {
    pub fn image(&self) -> Option<&Word<'a>> {
        self.args.first()
    }

    /// The `AS` keyword, when the stage is named.
    pub fn as_keyword(&self) -> Option<&Word<'a>> {
        self.args.get(1).filter(|w| w.text.eq_ignore_ascii_case("as"))
    }

    /// The stage name as written.
    pub fn stage_name(&self) -> Option<&Word<'a>> {
        self.as_keyword().and(self.args.get(2))
    }

    pub fn image_ref(&self) -> Option<ImageRef<'_>> {
        self.image().map(|w| ImageRef::parse(&w.text))
    }
}

/// `RUN [--mount=...] [--network=...] [--security=...] command`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run<'a> {
    pub command: Option<ShellOrExec<'a>>,
    /// The parsed `--mount` flags, in order.
    pub mounts: ThinList<Mount>,
}

/// CMD, ENTRYPOINT and SHELL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cmd<'a> {
    pub command: Option<ShellOrExec<'a>>,
}

/// `ENV` and `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValues<'a> {
    pub pairs: Vec<KeyValue<'a>>,
}

/// One `key=value` (or legacy `key value`) pair. `value` keeps its quotes as written; they are
/// removed at build time, together with variable expansion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue<'a> {
    pub key: Word<'a>,
    pub value: Word<'a>,
    /// The legacy space-separated form `ENV key value`.
    pub legacy: bool,
    pub span: Span,
}

/// `ARG name[=default] ...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arg<'a> {
    pub args: Vec<ArgDecl<'a>>,
}

/// One declared build argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgDecl<'a> {
    /// The whole `name=default` word, as BuildKit's parser keeps it.
    pub word: Word<'a>,
    pub name: Word<'a>,
    /// The default value as written (quotes kept), when there is an `=`.
    pub default: Option<Word<'a>>,
}

/// `EXPOSE port[/proto] ...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expose<'a> {
    pub ports: Vec<Word<'a>>,
}

impl Expose<'_> {
    /// Each port word parsed (`None` for words that use variables).
    pub fn specs(&self) -> impl Iterator<Item = (&Word<'_>, Option<PortSpec>)> {
        self.ports.iter().map(|w| (w, PortSpec::parse(&w.text)))
    }
}

/// COPY and ADD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyArgs<'a> {
    /// Sources then destination, as BuildKit splits them.
    pub args: Vec<Word<'a>>,
    /// Exec (JSON array) form.
    pub json: bool,
}

impl<'a> CopyArgs<'a> {
    pub fn sources(&self) -> &[Word<'a>] {
        match self.args.len() {
            0 | 1 => &self.args[..0],
            n => &self.args[..n - 1],
        }
    }

    pub fn dest(&self) -> Option<&Word<'a>> {
        (self.args.len() >= 2).then(|| self.args.last()).flatten()
    }
}

/// `VOLUME path ...` or `VOLUME ["path", ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volume<'a> {
    pub paths: Vec<Word<'a>>,
    pub json: bool,
}

/// MAINTAINER, STOPSIGNAL, USER and WORKDIR: the rest of the line as one argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SingleArg<'a> {
    pub value: Option<Word<'a>>,
}

impl SingleArg<'_> {
    /// For USER: the user and the optional group of `user[:group]`.
    pub fn user_and_group(&self) -> Option<(&str, Option<&str>)> {
        let v = self.value.as_ref()?.text.as_ref();
        Some(match v.split_once(':') {
            Some((user, group)) => (user, Some(group)),
            None => (v, None),
        })
    }
}

/// `HEALTHCHECK [options] CMD command` or `HEALTHCHECK NONE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Healthcheck<'a> {
    /// `CMD` or `NONE` as written.
    pub kind: Option<Word<'a>>,
    pub command: Option<ShellOrExec<'a>>,
}

impl Healthcheck<'_> {
    pub fn is_none(&self) -> bool {
        self.kind.as_ref().is_some_and(|k| k.text.eq_ignore_ascii_case("none"))
    }
}

/// `ONBUILD instruction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Onbuild<'a> {
    pub trigger: Option<Box<Instruction<'a>>>,
}

/// An instruction BuildKit does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unknown {
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(word: &str) -> Keyword {
        Keyword::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(word)).unwrap_or(Keyword::Unknown)
    }

    #[test]
    fn keyword_lookup_matches_a_plain_case_insensitive_compare() {
        let odd = ['\0', '@', '[', '`', '{', '\u{7f}', 'ä', 'İ', 'K' /* Kelvin sign */];
        let replacements: Vec<char> = (0u8..128).map(char::from).chain(odd).collect();
        for k in Keyword::ALL {
            let upper = k.as_str();
            assert_eq!(Keyword::parse(upper), k);
            assert_eq!(Keyword::parse(&upper.to_ascii_lowercase()), k);
            for (i, _) in upper.char_indices() {
                for &c in &replacements {
                    let word = format!("{}{c}{}", &upper[..i], &upper[i + 1..]);
                    assert_eq!(Keyword::parse(&word), reference(&word), "{word:?}");
                }
                let shorter = format!("{}{}", &upper[..i], &upper[i + 1..]);
                assert_eq!(Keyword::parse(&shorter), reference(&shorter), "{shorter:?}");
            }
            assert_eq!(Keyword::parse(&format!("{upper}S")), Keyword::Unknown);
        }
        assert_eq!(Keyword::parse(""), Keyword::Unknown);
    }
}
