//! Facts computed once per file and shared by every rule: the stage graph and which stages end
//! up in the image, the effective user, the shell in force, build-argument and environment
//! scopes, and the parsed shell scripts of every `RUN`.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use crate::model::*;
use crate::rules::structure::{FromReference, from_references};
use crate::shell::{self, Script};

/// How one stage relates to the image that is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageFacts {
    pub index: usize,
    /// `FROM <earlier stage>`.
    pub parent: Option<usize>,
    /// Stages this one reads files from (`COPY --from`, `RUN --mount=from=`), with the instruction.
    pub reads_from: Vec<(usize, usize)>,
    /// The stage that is built (the last, or the configured target).
    pub is_final: bool,
    /// Its layers or all of its files end up in the built image: the final stage, its `FROM`
    /// ancestors, and stages copied wholesale (`COPY --from=x / /`) into one of those.
    pub in_final_image: bool,
    /// Whether the final stage depends on it at all (throw-away stages that nothing uses are
    /// not built by BuildKit).
    pub used: bool,
    /// The last `USER` instruction of the stage, or inherited from its parent stage.
    pub user: Option<usize>,
}

impl StageFacts {
    /// A throw-away build stage: only some of its files reach the image.
    pub fn is_builder(&self) -> bool {
        !self.in_final_image
    }
}

/// The kind of shell a `SHELL` instruction sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellKind {
    /// sh, bash, ash, dash, zsh, ksh, busybox: scripts are analysed.
    Posix,
    PowerShell,
    Cmd,
    /// Anything else: scripts are not analysed.
    Other,
}

impl ShellKind {
    pub fn of(program: &str) -> ShellKind {
        // Compared ignoring case in place: this is asked for every `RUN`.
        let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
        let base = match base.len().checked_sub(4) {
            Some(at) if base.get(at..).is_some_and(|ext| ext.eq_ignore_ascii_case(".exe")) => &base[..at],
            _ => base,
        };
        let is = |names: &[&str]| names.iter().any(|n| base.eq_ignore_ascii_case(n));
        if is(&["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"]) {
            ShellKind::Posix
        } else if is(&["powershell", "pwsh"]) {
            ShellKind::PowerShell
        } else if is(&["cmd"]) {
            ShellKind::Cmd
        } else {
            ShellKind::Other
        }
    }
}

/// One variable definition visible to later instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarDef<'a> {
    pub name: Cow<'a, str>,
    pub kind: VarKind,
    /// The defining instruction.
    pub instruction: usize,
    /// The value as written, when there is one.
    pub value: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// `ARG` before the first `FROM`.
    GlobalArg,
    Arg,
    Env,
}

/// Build arguments BuildKit always defines.
pub const PREDEFINED_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETSTAGE",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_SYNTAX",
    "SOURCE_DATE_EPOCH",
];

/// Semantic facts of one parsed file.
#[derive(Debug)]
pub struct Semantic<'d, 'a> {
    pub doc: &'d Dockerfile<'a>,
    pub stages: Vec<StageFacts>,
    /// The stage that is built.
    pub final_stage: Option<usize>,
    /// The stages by name, for rules that look names up.
    pub stage_names: StageNames<'d>,
    /// Variable definitions in order; each instruction sees those defined before it in its
    /// stage (see [`Semantic::visible_vars`]).
    pub vars: Vec<VarDef<'a>>,
    /// The `SHELL` instruction in force for each instruction (index into instructions).
    shell_at: Vec<Option<usize>>,
    /// For each stage, the stage at the root of its `FROM <stage>` chain (itself when it builds
    /// on an image).
    roots: Vec<usize>,
    /// For each stage, whether it builds on a Windows image (see [`Semantic::is_windows_stage`]).
    windows: Vec<bool>,
    /// For each stage, the image word of its `FROM` and that reference parsed (several rules
    /// read it).
    images: Vec<Option<(&'d Word<'a>, ImageRef<'d>)>>,
    /// The shell scripts of every `RUN` (and `ONBUILD RUN`) under a POSIX shell, parsed once.
    pub scripts: Vec<RunScript<'d, 'a>>,
    /// For each instruction, its ranges in `scripts` and `package_commands`.
    scripts_of: Vec<ScriptRanges>,
    /// Every package-manager command of the scripts, as (script, command) indices in order: a
    /// dozen rules look only at these, a small part of all commands.
    package_commands: Vec<(u32, u32)>,
    /// The `--from` references of the stages, gathered when a rule first asks.
    from_references: OnceCell<Vec<FromReference>>,
}

/// What of [`Semantic::scripts`] and [`Semantic::package_commands`] belongs to an instruction.
#[derive(Debug, Clone)]
struct ScriptRanges {
    scripts: Range<u32>,
    package_commands: Range<u32>,
}

/// Where a script comes from in its `RUN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptOrigin {
    /// The shell-form command line.
    Command,
    /// A heredoc body run as a script: the whole `RUN <<EOF`, or the stdin of a shell
    /// (`RUN bash <<EOF`). The index is into the instruction's heredocs.
    Heredoc(usize),
    /// The string of an exec-form `["sh", "-c", "..."]`.
    ExecShell,
}

/// How offsets in a script map back to the source.
#[derive(Debug, Clone, Copy)]
enum ScriptMap<'d, 'a> {
    /// Through the instruction's joined line, from a logical offset.
    Line(&'d LogicalLine<'a>, usize),
    /// Contiguous source text starting here.
    Base(u32),
    /// Text that is not verbatim in the source: every range maps to this span.
    Whole(Span),
}

/// One parsed shell script of a `RUN`.
#[derive(Debug, Clone)]
pub struct RunScript<'d, 'a> {
    /// The top-level instruction (an `ONBUILD` for its trigger's scripts).
    pub instruction: usize,
    pub origin: ScriptOrigin,
    pub script: Script<'d>,
    map: ScriptMap<'d, 'a>,
}

impl RunScript<'_, '_> {
    /// The source span of a byte range of the script text.
    pub fn span(&self, range: &Range<usize>) -> Span {
        match self.map {
            ScriptMap::Line(line, offset) => line.span(offset + range.start, offset + range.end),
            ScriptMap::Base(base) => Span::new(base + range.start as u32, base + range.end as u32),
            ScriptMap::Whole(span) => span,
        }
    }

    /// Whether source spans of this script are exact (so fixes may edit inside it).
    pub fn is_exact(&self) -> bool {
        !matches!(self.map, ScriptMap::Whole(_))
    }
}

impl<'d, 'a> Semantic<'d, 'a> {
    /// Computes the facts; `target` names the stage that is built (the last one by default).
    pub fn new(doc: &'d Dockerfile<'a>, target: Option<&str>) -> Semantic<'d, 'a> {
        let stage_names = StageNames::new(&doc.stages);
        let final_stage =
            target.and_then(|t| stage_names.named(t).next()).or_else(|| doc.stages.len().checked_sub(1));
        let mut stages: Vec<StageFacts> = doc
            .stages
            .iter()
            .map(|s| StageFacts {
                index: s.index,
                parent: s.base_stage,
                reads_from: Vec::new(),
                is_final: Some(s.index) == final_stage,
                in_final_image: false,
                used: false,
                user: None,
            })
            .collect();
        let mut wholesale: Vec<(usize, usize)> = Vec::new();
        for stage in &doc.stages {
            for i in stage.body() {
                let ins = doc.instructions[i].effective();
                let reference = match &ins.kind {
                    InstructionKind::Copy(copy) => ins.flag("from").and_then(|f| f.value()).map(|from| {
                        let whole = copy.sources().iter().any(|s| matches!(s.as_str(), "/" | "/." | "/*"));
                        (from.to_string(), whole)
                    }),
                    _ => None,
                };
                let mut refs: Vec<(String, bool)> = reference.into_iter().collect();
                if let InstructionKind::Run(run) = &ins.kind {
                    refs.extend(run.mounts.iter().filter_map(|m| m.from.clone()).map(|f| (f, false)));
                }
                for (name, whole) in refs {
                    if let Some(from) = resolve_stage_named(doc, &stage_names, &name, stage.index) {
                        stages[stage.index].reads_from.push((from, i));
                        if whole {
                            wholesale.push((stage.index, from));
                        }
                    }
                }
            }
        }
        // Stages in the image: the final stage, its FROM ancestors, and wholesale copies into them.
        if let Some(f) = final_stage {
            let mut work = vec![f];
            while let Some(s) = work.pop() {
                if std::mem::replace(&mut stages[s].in_final_image, true) {
                    continue;
                }
                work.extend(stages[s].parent);
                work.extend(wholesale.iter().filter(|(into, _)| *into == s).map(|(_, from)| *from));
            }
            let mut work = vec![f];
            while let Some(s) = work.pop() {
                if std::mem::replace(&mut stages[s].used, true) {
                    continue;
                }
                work.extend(stages[s].parent);
                work.extend(stages[s].reads_from.iter().map(|(from, _)| *from));
            }
        }
        // Effective USER: own last USER, else the parent stage's.
        for s in 0..stages.len() {
            let own = doc.stages[s]
                .body()
                .rev()
                .find(|&i| matches!(doc.instructions[i].kind, InstructionKind::User(_)));
            stages[s].user = own.or_else(|| stages[s].parent.filter(|&p| p < s).and_then(|p| stages[p].user));
        }
        let shell_at = shell_in_force(doc, &stages);
        let vars = variables(doc);
        // A stage's root is its parent's (parents are earlier stages), so one pass finds them all.
        let mut roots: Vec<usize> = Vec::with_capacity(stages.len());
        for (s, facts) in stages.iter().enumerate() {
            let root = facts.parent.filter(|&p| p < s).map_or(s, |p| roots[p]);
            roots.push(root);
        }
        let windows = roots.iter().map(|&root| is_windows_base(doc, root)).collect();
        let images = doc
            .stages
            .iter()
            .map(|stage| match &doc.instructions[stage.from].kind {
                InstructionKind::From(from) => from.image().map(|word| (word, ImageRef::parse(&word.text))),
                _ => None,
            })
            .collect();
        let mut semantic = Semantic {
            doc,
            stages,
            final_stage,
            stage_names,
            vars,
            shell_at,
            roots,
            windows,
            images,
            scripts: Vec::new(),
            scripts_of: Vec::new(),
            package_commands: Vec::new(),
            from_references: OnceCell::new(),
        };
        semantic.parse_scripts();
        semantic
    }

    /// Every `COPY --from` and `RUN --mount=from=` reference of the stages, in source order,
    /// with what it names (several rules read them; they are gathered once).
    pub(crate) fn stage_references(&self) -> &[FromReference] {
        self.from_references.get_or_init(|| from_references(self.doc))
    }

    /// Parses the shell scripts of every `RUN` once, for all rules.
    fn parse_scripts(&mut self) {
        let doc = self.doc;
        self.scripts_of = Vec::with_capacity(doc.instructions.len());
        // About one script per RUN.
        let runs =
            doc.instructions.iter().filter(|i| matches!(i.effective().kind, InstructionKind::Run(_))).count();
        self.scripts = Vec::with_capacity(runs);
        for (i, outer) in doc.instructions.iter().enumerate() {
            let start = self.scripts.len();
            let packages_start = self.package_commands.len() as u32;
            let ins = outer.effective();
            // ONBUILD triggers run under the downstream image's shell, which is unknown: assume sh.
            // (The shell is looked up only for a RUN: it is the costlier test.)
            if matches!(ins.kind, InstructionKind::Run(_))
                && (!std::ptr::eq(ins, outer) || self.shell_kind(i) == ShellKind::Posix)
            {
                scripts_of_run(i, ins, &mut self.scripts);
                for (s, rs) in self.scripts.iter().enumerate().skip(start) {
                    let commands = rs.script.commands.iter().enumerate();
                    let packages = commands.filter(|(_, c)| shell::tools::package_command(c).is_some());
                    self.package_commands.extend(packages.map(|(c, _)| (s as u32, c as u32)));
                }
            }
            self.scripts_of.push(ScriptRanges {
                scripts: start as u32..self.scripts.len() as u32,
                package_commands: packages_start..self.package_commands.len() as u32,
            });
        }
    }

    /// The parsed scripts of an instruction (empty unless it is a `RUN` under a POSIX shell).
    pub fn scripts_of(&self, instruction: usize) -> &[RunScript<'d, 'a>] {
        match self.scripts_of.get(instruction) {
            Some(r) => &self.scripts[r.scripts.start as usize..r.scripts.end as usize],
            None => &[],
        }
    }

    /// The package-manager commands of an instruction's scripts (of every instruction when
    /// `None`), each with its script and its index there, in order.
    pub(crate) fn package_commands_of(
        &self,
        instruction: Option<usize>,
    ) -> impl Iterator<Item = (&RunScript<'d, 'a>, usize, &shell::Command<'d>)> {
        let refs = match instruction.map(|i| self.scripts_of.get(i)) {
            None => &self.package_commands[..],
            Some(Some(r)) => {
                &self.package_commands[r.package_commands.start as usize..r.package_commands.end as usize]
            }
            Some(None) => &[],
        };
        refs.iter().filter_map(|&(s, c)| {
            let rs = self.scripts.get(s as usize)?;
            Some((rs, c as usize, rs.script.commands.get(c as usize)?))
        })
    }

    /// The stage an instruction belongs to.
    pub fn stage_of(&self, instruction: usize) -> Option<&StageFacts> {
        self.doc.stage_of(instruction).map(|s| &self.stages[s])
    }

    /// Whether the layers of this instruction end up in the built image.
    pub fn in_final_image(&self, instruction: usize) -> bool {
        self.stage_of(instruction).is_some_and(|s| s.in_final_image)
    }

    /// The `SHELL` instruction in force at an instruction (`None`: the default `/bin/sh -c`).
    pub fn shell_instruction(&self, instruction: usize) -> Option<&'d Instruction<'a>> {
        self.shell_at.get(instruction).copied().flatten().map(|i| &self.doc.instructions[i])
    }

    /// The shell program in force (`/bin/sh` by default).
    pub fn shell_program(&self, instruction: usize) -> Cow<'d, str> {
        match self.shell_instruction(instruction).and_then(|s| s.command()) {
            Some(ShellOrExec::Exec { args, .. }) if !args.is_empty() => Cow::Borrowed(args[0].as_str()),
            _ => Cow::Borrowed("/bin/sh"),
        }
    }

    /// The kind of shell that runs shell-form instructions here: the `SHELL` in force, else the
    /// platform default (`cmd` on Windows base images, `/bin/sh` elsewhere).
    pub fn shell_kind(&self, instruction: usize) -> ShellKind {
        if self.shell_instruction(instruction).is_none() && self.is_windows_stage(instruction) {
            return ShellKind::Cmd;
        }
        ShellKind::of(&self.shell_program(instruction))
    }

    /// Whether the stage of an instruction builds on a Windows image (judged by the root base
    /// image's name; an image given by a variable counts as Windows when the file uses the
    /// backtick escape, as Windows Dockerfiles do).
    pub fn is_windows_stage(&self, instruction: usize) -> bool {
        self.doc.stage_of(instruction).is_some_and(|s| self.windows[s])
    }

    /// The stage at the root of a stage's `FROM <stage>` chain: the one that names the image
    /// everything above it builds on (the stage itself when it names an image).
    pub fn root_stage(&self, stage: usize) -> usize {
        self.roots.get(stage).copied().unwrap_or(stage)
    }

    /// The image word of a stage's `FROM` and the reference it names, parsed once.
    pub fn stage_image(&self, stage: usize) -> Option<(&'d Word<'a>, &ImageRef<'d>)> {
        self.images.get(stage)?.as_ref().map(|(word, image)| (*word, image))
    }

    /// Variables visible at an instruction, latest definition first: for a `FROM` (and before
    /// the first stage) the global ARGs before it; inside a stage its own ARGs and ENVs before
    /// it and the ENVs of the stages it builds on (ARG values do not carry into child stages,
    /// and a global ARG is visible in a stage only once redeclared there).
    pub fn visible_vars(&self, instruction: usize) -> impl Iterator<Item = &VarDef<'a>> + '_ {
        self.visible_among(instruction, &self.vars)
    }

    /// [`Semantic::visible_vars`] among some of the definitions (a slice of `vars`, or any
    /// definitions of this file in source order): a rule that asks about one name at many
    /// instructions gathers that name's definitions once instead of filtering every variable each
    /// time (quadratic in a file with thousands of both).
    pub fn visible_among<'s>(
        &'s self,
        instruction: usize,
        defs: impl IntoIterator<Item = &'s VarDef<'a>, IntoIter: DoubleEndedIterator> + 's,
    ) -> impl Iterator<Item = &'s VarDef<'a>> + 's {
        let doc = self.doc;
        let stage = doc.stage_of(instruction);
        let is_from =
            matches!(doc.instructions.get(instruction).map(|i| &i.kind), Some(InstructionKind::From(_)));
        let global_only = is_from || stage.is_none();
        let mut ancestors = Vec::new();
        if let Some(s) = stage.filter(|_| !global_only) {
            let mut parent = self.stages[s].parent;
            while let Some(p) = parent.filter(|p| *p != s && !ancestors.contains(p)) {
                ancestors.push(p);
                parent = self.stages[p].parent;
            }
        }
        defs.into_iter().rev().filter(move |v| {
            if global_only {
                return v.kind == VarKind::GlobalArg && v.instruction < instruction;
            }
            match doc.stage_of(v.instruction) {
                None => false,
                Some(vs) if Some(vs) == stage => v.instruction < instruction,
                Some(vs) => v.kind == VarKind::Env && ancestors.contains(&vs),
            }
        })
    }

    /// Whether a variable name is defined at an instruction (by ARG, ENV, a global ARG, or as one
    /// of BuildKit's predefined arguments).
    pub fn is_defined(&self, name: &str, instruction: usize) -> bool {
        PREDEFINED_ARGS.contains(&name) || self.visible_vars(instruction).any(|v| v.name == name)
    }
}

/// The scripts of one `RUN`: its command line, heredoc bodies that run as scripts, or the
/// string of an exec-form `sh -c`.
fn scripts_of_run<'d, 'a>(index: usize, ins: &'d Instruction<'a>, out: &mut Vec<RunScript<'d, 'a>>) {
    match ins.command() {
        Some(ShellOrExec::Shell { command }) => {
            let text: &'d str = &command.text;
            let trimmed = text.trim();
            // `RUN <<EOF` alone: the heredoc is the script (unless its shebang names another language).
            let whole_heredoc = ins.heredocs.len() == 1
                && trimmed.contains("<<")
                && !trimmed.contains(char::is_whitespace)
                && trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with("<<");
            if whole_heredoc {
                let heredoc = &ins.heredocs[0];
                if heredoc.shebang().is_none_or(is_shell_shebang) {
                    let script = shell::parse(heredoc.body);
                    let map = ScriptMap::Base(heredoc.body_span.start);
                    out.push(RunScript { instruction: index, origin: ScriptOrigin::Heredoc(0), script, map });
                }
                return;
            }
            let script = shell::parse(text);
            // Heredocs read by a shell (`bash <<EOF`, `sh -e <<-EOT`) are scripts too.
            let mut bodies = Vec::new();
            for cmd in &script.commands {
                let inv = cmd.unwrap_wrappers();
                if !inv.name().is_some_and(shell::tools::is_shell) || cmd.has_option(Some('c'), &[]) {
                    continue;
                }
                for redirect in cmd.redirects.iter().filter(|r| r.is_heredoc()) {
                    let Some(target) = &redirect.target else { continue };
                    if let Some(k) = ins.heredocs.iter().position(|h| h.name == target.value.as_ref()) {
                        bodies.push(k);
                    }
                }
            }
            out.push(RunScript {
                instruction: index,
                origin: ScriptOrigin::Command,
                script,
                map: ScriptMap::Line(&ins.line_text, command.offset as usize),
            });
            for k in bodies {
                let heredoc = &ins.heredocs[k];
                out.push(RunScript {
                    instruction: index,
                    origin: ScriptOrigin::Heredoc(k),
                    script: shell::parse(heredoc.body),
                    map: ScriptMap::Base(heredoc.body_span.start),
                });
            }
        }
        Some(ShellOrExec::Exec { args, .. }) => {
            let [program, flag, code, ..] = args.as_slice() else { return };
            let is_dash_c =
                flag.text.starts_with('-') && flag.text.ends_with('c') && !flag.text.starts_with("--");
            if shell::tools::is_shell(shell::basename(&program.text)) && is_dash_c {
                let map = if code.is_verbatim() {
                    ScriptMap::Base(code.span.start)
                } else {
                    ScriptMap::Whole(code.span)
                };
                let script = shell::parse(&code.text);
                out.push(RunScript { instruction: index, origin: ScriptOrigin::ExecShell, script, map });
            }
        }
        None => {}
    }
}

/// Whether the base image of a root stage is a Windows one (see [`Semantic::is_windows_stage`]).
fn is_windows_base(doc: &Dockerfile<'_>, root: usize) -> bool {
    const WINDOWS_NAMES: [&[u8]; 5] =
        [b"windows", b"servercore", b"nanoserver", b"dotnet/framework", b"-ltsc"];
    // Every base is asked about and names are short: one pass that compares a name only where
    // its first letter stands costs less than setting up a substring search per name.
    let base = doc.stages[root].base.as_bytes();
    let windows_name = (0..base.len()).any(|at| {
        let rest = &base[at..];
        let first = rest[0].to_ascii_lowercase();
        WINDOWS_NAMES
            .iter()
            .any(|w| w[0] == first && rest.get(..w.len()).is_some_and(|r| r.eq_ignore_ascii_case(w)))
    });
    windows_name || (memchr::memchr(b'$', base).is_some() && doc.escape == '`')
}

/// `#!/bin/sh`, `#!/usr/bin/env bash -e` and the like.
fn is_shell_shebang(shebang: &str) -> bool {
    let mut parts = shebang.split_whitespace();
    let program = parts.next().unwrap_or("");
    let program = if shell::basename(program) == "env" { parts.next().unwrap_or("") } else { program };
    shell::tools::is_shell(shell::basename(program))
}

/// Resolves `--from=<name|index>` to an earlier stage (BuildKit compares names case-insensitively).
pub fn resolve_stage(doc: &Dockerfile<'_>, reference: &str, current: usize) -> Option<usize> {
    resolve_stage_named(doc, &StageNames::new(&doc.stages), reference, current)
}

/// [`resolve_stage`] through a stage-name index built once per file: it is asked for every
/// `COPY --from` and `RUN --mount=from=`.
fn resolve_stage_named(
    doc: &Dockerfile<'_>,
    names: &StageNames<'_>,
    reference: &str,
    current: usize,
) -> Option<usize> {
    if let Ok(n) = reference.parse::<usize>() {
        return (n < doc.stages.len() && n != current).then_some(n);
    }
    names.named(reference).find(|&index| index != current)
}

/// The `SHELL` instruction in force for every instruction, inherited through `FROM <stage>`.
fn shell_in_force(doc: &Dockerfile<'_>, stages: &[StageFacts]) -> Vec<Option<usize>> {
    let mut at = vec![None; doc.instructions.len()];
    let mut last_of_stage: Vec<Option<usize>> = vec![None; doc.stages.len()];
    for stage in &doc.stages {
        let mut current =
            stages[stage.index].parent.filter(|&p| p < stage.index).and_then(|p| last_of_stage[p]);
        at[stage.from] = current;
        for i in stage.body() {
            at[i] = current;
            if matches!(doc.instructions[i].kind, InstructionKind::Shell(_)) {
                current = Some(i);
            }
        }
        last_of_stage[stage.index] = current;
    }
    at
}

/// ARG and ENV definitions in source order.
fn variables<'a>(doc: &Dockerfile<'a>) -> Vec<VarDef<'a>> {
    let mut vars = Vec::new();
    for (i, ins) in doc.instructions.iter().enumerate() {
        match &ins.kind {
            InstructionKind::Arg(arg) => {
                let kind = if doc.stages.first().is_none_or(|s| i < s.from) {
                    VarKind::GlobalArg
                } else {
                    VarKind::Arg
                };
                for decl in &arg.args {
                    vars.push(VarDef {
                        name: decl.name.text.clone(),
                        kind,
                        instruction: i,
                        value: decl.default.as_ref().map(|w| w.text.clone()),
                    });
                }
            }
            InstructionKind::Env(env) => {
                for pair in &env.pairs {
                    vars.push(VarDef {
                        name: pair.key.text.clone(),
                        kind: VarKind::Env,
                        instruction: i,
                        value: Some(pair.value.text.clone()),
                    });
                }
            }
            _ => {}
        }
    }
    vars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_bases_are_known_by_name_in_any_case() {
        // The reading this replaced: lower-case the base, then look for each name in it.
        let by_search = |base: &str, escape: char| {
            let base = base.to_ascii_lowercase();
            ["windows", "servercore", "nanoserver", "dotnet/framework", "-ltsc"]
                .iter()
                .any(|w| base.contains(w))
                || (base.contains('$') && escape == '`')
        };
        let bases = [
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "MCR.Microsoft.com/Windows/ServerCore",
            "mcr.microsoft.com/dotnet/framework/sdk:4.8",
            "python:3.12-windowsservercore-ltsc2022",
            "mcr.microsoft.com/powershell:nanoserver",
            "myimage-LTSC",
            "python:3.12-slim",
            "window",
            "img:-lts",
            "wíndows",
            "ẞnanoserver",
            "dotnet/frameworks",
            "windowswindows",
            "$BASE",
        ];
        for escape in ['\\', '`'] {
            for base in bases {
                let source = format!("# escape={escape}\nFROM {base}\n");
                let doc = crate::parse(&source);
                assert_eq!(is_windows_base(&doc, 0), by_search(&doc.stages[0].base, escape), "{base:?}");
            }
        }
        let doc = crate::parse("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n");
        assert!(is_windows_base(&doc, 0));
    }

    #[test]
    fn stage_graph() {
        let doc = crate::parse(concat!(
            "FROM golang AS build\nRUN go build\n",
            "FROM alpine AS unused\nRUN true\n",
            "FROM build AS test\nRUN go test\n",
            "FROM debian AS base\nUSER app\n",
            "FROM base\nCOPY --from=build /out /out\nCOPY --from=test / /\n",
        ));
        let sem = Semantic::new(&doc, None);
        let facts: Vec<_> = sem.stages.iter().map(|s| (s.is_final, s.in_final_image, s.used)).collect();
        assert_eq!(
            facts,
            [
                (false, true, true),
                (false, false, false),
                (false, true, true),
                (false, true, true),
                (true, true, true)
            ]
        );
        // The final stage inherits USER from `base`.
        assert_eq!(sem.stages[4].user, Some(7));
        let sem = Semantic::new(&doc, Some("test"));
        assert_eq!(sem.final_stage, Some(2));
        assert!(!sem.stages[3].in_final_image);
    }

    #[test]
    fn package_commands_are_indexed_per_instruction_and_in_order() {
        let src = concat!(
            "FROM a\nRUN echo start && apt-get update && sudo apt-get install -y curl\n",
            "COPY . /src\n",
            "RUN <<EOF\nls\napk add x\nEOF\n",
            "ONBUILD RUN pip install y && true\n",
            "RUN make && cd / && npm ci\n",
        );
        let doc = crate::parse(src);
        let sem = Semantic::new(&doc, None);
        let texts = |instruction: Option<usize>| -> Vec<(usize, &str)> {
            sem.package_commands_of(instruction)
                .map(|(rs, i, c)| {
                    assert!(std::ptr::eq(&rs.script.commands[i], c), "the index names the command");
                    (rs.instruction, doc.text(rs.span(&c.range)))
                })
                .collect()
        };
        assert_eq!(texts(Some(1)), [(1, "apt-get update"), (1, "sudo apt-get install -y curl")]);
        assert_eq!(texts(Some(2)), []);
        assert_eq!(texts(Some(3)), [(3, "apk add x")]);
        assert_eq!(texts(Some(4)), [(4, "pip install y")]);
        assert_eq!(texts(Some(99)), []);
        let every = texts(None);
        assert_eq!(every.len(), 5);
        assert_eq!(every[4], (5, "npm ci"));
        // The same commands as walking every command of every instruction and keeping these.
        let walked: Vec<(usize, &str)> = (0..doc.instructions.len())
            .flat_map(|i| sem.scripts_of(i))
            .flat_map(|rs| {
                let packages =
                    rs.script.commands.iter().filter(|c| shell::tools::package_command(c).is_some());
                packages.map(|c| (rs.instruction, doc.text(rs.span(&c.range))))
            })
            .collect();
        assert_eq!(every, walked);
    }

    #[test]
    fn run_scripts_map_to_the_source() {
        let src = concat!(
            "FROM a\nRUN apt-get update && \\\n    apt-get install -y curl\n",
            "RUN <<EOF\napk add x\nEOF\n",
            "RUN python3 <<PY\nprint(1)\nPY\n",
            "RUN bash -e <<SH\necho hi\nSH\n",
            "RUN [\"sh\", \"-c\", \"echo exec\"]\n",
            "FROM mcr.microsoft.com/windows\nSHELL [\"powershell\"]\nRUN dir\n",
        );
        let doc = crate::parse(src);
        let sem = Semantic::new(&doc, None);
        let doc_ref = &doc;
        let texts = |i: usize| -> Vec<String> {
            sem.scripts_of(i)
                .iter()
                .flat_map(|rs| {
                    rs.script.commands.iter().map(move |c| doc_ref.text(rs.span(&c.range)).to_string())
                })
                .collect()
        };
        assert_eq!(texts(1), ["apt-get update", "apt-get install -y curl"]);
        assert_eq!(texts(2), ["apk add x"]);
        assert_eq!(texts(3), ["python3 <<PY"]);
        assert_eq!(texts(4), ["bash -e <<SH", "echo hi"]);
        assert_eq!(texts(5), ["echo exec"]);
        assert!(sem.scripts_of(8).is_empty());
        assert_eq!(sem.scripts_of(4)[1].origin, ScriptOrigin::Heredoc(0));
    }

    #[test]
    fn shells_and_variables() {
        let doc = crate::parse(concat!(
            "ARG V=1\nFROM alpine:${V} AS a\nSHELL [\"/bin/bash\", \"-c\"]\nENV X=1\nRUN echo\n",
            "FROM a\nARG Y\nRUN echo\nFROM mcr.microsoft.com/windows\nSHELL [\"powershell\", \"-Command\"]\nRUN dir\n",
        ));
        let sem = Semantic::new(&doc, None);
        assert_eq!(sem.shell_kind(4), ShellKind::Posix);
        assert_eq!(sem.shell_program(7), "/bin/bash");
        assert_eq!(sem.shell_kind(10), ShellKind::PowerShell);
        assert!(sem.is_defined("V", 1));
        assert!(!sem.is_defined("V", 4));
        assert!(sem.is_defined("X", 4));
        assert!(sem.is_defined("X", 7));
        assert!(sem.is_defined("Y", 7));
        assert!(!sem.is_defined("Y", 6));
        assert!(sem.is_defined("TARGETARCH", 4));
        let doc = crate::parse("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n");
        let sem = Semantic::new(&doc, None);
        assert_eq!(sem.shell_kind(1), ShellKind::Cmd);
        assert!(sem.scripts_of(1).is_empty());
    }
}
