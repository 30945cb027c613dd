use std::collections::HashSet;

use crate::diagnostic::{Edit, Fix};
use crate::expand::{Env, Lex};
use crate::model::{Dockerfile, Instruction, InstructionKind, Span, Word};
use crate::rules::Context;
use crate::rules::correctness::undefined_arg_in_from::global_arg_names;
use crate::rules::structure::{
    ancestors, instruction_lines, process, references, rooted_in_scratch, within, word_span,
};
use crate::semantic::{PREDEFINED_ARGS, Semantic, VarKind};
use crate::suggest::{CANDIDATES_WEIGHED, Shape, did_you_mean, one_edit_apart, reach};

declare_rule! {
    /// ## What it does
    /// Flags variables used before they are defined in the instructions whose arguments
    /// BuildKit expands: `ADD`, `COPY` (sources, destination, `--chown`, `--chmod`, heredoc
    /// bodies), `ENV`, `ARG` defaults, `LABEL`, `EXPOSE`, `STOPSIGNAL`, `USER`, `VOLUME`,
    /// `WORKDIR`, and the same inside `ONBUILD`. Shell-form `RUN`, `CMD` and `ENTRYPOINT` are
    /// expanded by the shell at run time and are not checked (nor `FROM`: see
    /// `undefined-arg-in-from`). Typos get a "did you mean" from the names in scope (in a scope
    /// of more than 500 names, from the 500 defined last before the use).
    ///
    /// It also covers hadolint's DL3044: `ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin` sets
    /// `APP_BIN` from the value `APP_HOME` had *before* the instruction, not from `/opt/app`
    /// (write two `ENV` instructions).
    ///
    /// A stage's variables also come from its base image's `ENV`, which is not known without
    /// pulling it. So, in a stage built on an image (not `scratch`), a name that this file never
    /// defines is only reported when the mistake is clear: it is a global `ARG` not declared
    /// again in the stage, it is defined later in the stage or in the same `ENV`, it is one
    /// edit away from a name in scope, or it has lower-case letters (images set upper-case
    /// names such as `JAVA_HOME` or `PYTHON_VERSION`). `PATH` is always defined, as BuildKit
    /// guarantees. In stages built from `scratch`, and among the global `ARG`s, every undefined
    /// name is reported.
    ///
    /// ## Why
    /// An undefined variable expands to an empty string without any error: `COPY $SRC /app`
    /// copies the whole context, `WORKDIR /opt/$APP` is `/opt/`, a label is empty.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION=1.4.2
    /// FROM alpine:3.20
    /// COPY dist/app-${VERSION}.tar.gz /tmp/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VERSION=1.4.2
    /// FROM alpine:3.20
    /// ARG VERSION
    /// COPY dist/app-${VERSION}.tar.gz /tmp/
    /// ENV APP_HOME=/opt/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Fix
    /// Unsafe, for a global `ARG` used in a stage: declares `ARG <name>` right after the
    /// stage's `FROM`, which gives the variable the global value (it was empty). None otherwise.
    pub struct UndefinedVar {
        code: "DW003",
        name: "undefined-var",
        category: Correctness,
        severity: Warning,
        aliases: ["UndefinedVar", "DL3044"],
        fix: Unsafe,
        default: true,
        summary: "A variable is used before it is defined",
    }
}

impl_rule!(UndefinedVar, check);

/// BuildKit sets `PATH` in every stage that lacks one.
const ALWAYS_DEFINED: [&str; 1] = ["PATH"];

/// `(name, position)` pairs sorted by name, then position: where a name occurs, by binary
/// search, so that files with thousands of variables do not search them all for every use. (A
/// sorted list rather than a hash map: it costs the WebAssembly module far less.)
struct NameIndex<'d>(Vec<(&'d str, usize)>);

impl<'d> NameIndex<'d> {
    fn new(entries: impl Iterator<Item = (&'d str, usize)>) -> Self {
        let mut entries: Vec<_> = entries.collect();
        entries.sort_unstable();
        NameIndex(entries)
    }

    /// The positions of `name`, in order.
    fn positions(&self, name: &str) -> &[(&'d str, usize)] {
        let start = self.0.partition_point(|&(n, _)| n < name);
        let len = self.0[start..].partition_point(|&(n, _)| n == name);
        &self.0[start..start + len]
    }

    fn first(&self, name: &str) -> Option<usize> {
        self.positions(name).first().map(|&(_, position)| position)
    }
}

/// A list of names and where each occurs in it.
struct Names<'d> {
    list: Vec<&'d str>,
    index: NameIndex<'d>,
}

impl<'d> Names<'d> {
    fn new(list: Vec<&'d str>) -> Self {
        let index = NameIndex::new(list.iter().copied().zip(0..));
        Names { list, index }
    }

    fn contains(&self, name: &str) -> bool {
        self.index.first(name).is_some()
    }

    /// Whether `name` is among the first `count` names.
    fn among_first(&self, name: &str, count: usize) -> bool {
        self.index.first(name).is_some_and(|first| first < count)
    }

    /// Whether `name` is at some position other than `position`.
    fn occurs_other_than(&self, name: &str, position: usize) -> bool {
        match self.index.positions(name) {
            [] => false,
            [(_, only)] => *only != position,
            _ => true,
        }
    }
}

/// One definition: the name, its instruction, what defines it, and the name's shape (for
/// suggestions).
#[derive(Clone, Copy)]
struct Def<'d> {
    name: &'d str,
    instruction: usize,
    kind: VarKind,
    shape: Shape,
}

/// The definitions of a region of the file, in source order, and where each name is defined.
struct Region<'d> {
    defs: Vec<Def<'d>>,
    /// `(name, instruction)` of every definition.
    by_name: NameIndex<'d>,
}

impl<'d> Region<'d> {
    fn new(defs: Vec<Def<'d>>) -> Self {
        let by_name = NameIndex::new(defs.iter().map(|d| (d.name, d.instruction)));
        Region { defs, by_name }
    }

    fn before(&self, at: usize) -> &[Def<'d>] {
        &self.defs[..self.defs.partition_point(|d| d.instruction < at)]
    }

    fn defines_before(&self, name: &str, at: usize) -> bool {
        self.by_name.first(name).is_some_and(|first| first < at)
    }

    /// The first definition of `name` after instruction `at`.
    fn defined_after(&self, name: &str, at: usize) -> Option<usize> {
        let defs = self.by_name.positions(name);
        defs.get(defs.partition_point(|&(_, d)| d <= at)).map(|&(_, d)| d)
    }
}

/// The definitions of a file, gathered once for all the instructions that use variables (a
/// file with thousands of both would otherwise gather them for every use). Region 0 is the
/// global scope, `1 + s` stage `s`, `1 + stages + s` the triggers (`ONBUILD`) of stage `s`.
/// What a stage inherits from the stages it is built on is found by walking up to them rather
/// than copied into every stage (a chain of thousands of stages would copy millions of names).
struct Regions<'d> {
    doc: &'d Dockerfile<'d>,
    regions: Vec<Region<'d>>,
    /// `(name, stage)` of every definition in a stage, and of the ENV ones among them.
    in_stages: NameIndex<'d>,
    env_in_stages: NameIndex<'d>,
}

impl<'d> Regions<'d> {
    fn new(doc: &'d Dockerfile<'d>, sem: &'d Semantic<'_, '_>) -> Self {
        let stages = doc.stages.len();
        let mut defs = vec![Vec::new(); 2 * stages + 1];
        let def = |name, instruction, kind| Def { name, instruction, kind, shape: Shape::of(name) };
        for var in &sem.vars {
            // The global scope sees only the global ARGs; a stage every definition in it.
            let region = match doc.stage_of(var.instruction) {
                _ if var.kind == VarKind::GlobalArg => 0,
                Some(stage) => stage + 1,
                None => continue,
            };
            defs[region].push(def(&*var.name, var.instruction, var.kind));
        }
        for stage in &doc.stages {
            for i in stage.body() {
                let ins = &doc.instructions[i];
                let trigger = ins.effective();
                if !std::ptr::eq(ins, trigger) {
                    let kind = match trigger.kind {
                        InstructionKind::Env(_) => VarKind::Env,
                        _ => VarKind::Arg,
                    };
                    defs[1 + stages + stage.index].extend(defined_by(trigger).map(|name| def(name, i, kind)));
                }
            }
        }
        let in_stage = |env_only: bool| {
            NameIndex::new((0..stages).flat_map(|s| {
                defs[1 + s]
                    .iter()
                    .filter(move |d| !env_only || d.kind == VarKind::Env)
                    .map(move |d| (d.name, s))
            }))
        };
        let (in_stages, env_in_stages) = (in_stage(false), in_stage(true));
        Regions { doc, regions: defs.into_iter().map(Region::new).collect(), in_stages, env_in_stages }
    }

    /// Whether stage `ancestor` is one the stage `stage` is built on, through `FROM <stage>`.
    fn is_ancestor(&self, ancestor: usize, stage: usize) -> bool {
        ancestors(self.doc, stage).take_while(|&p| p >= ancestor).any(|p| p == ancestor)
    }
}

/// The names an instruction can see, and what is known about the others.
struct Scope<'x, 'd> {
    regions: &'x Regions<'d>,
    /// The instruction.
    at: usize,
    stage: Option<usize>,
    /// Whether the instruction is an `ONBUILD` trigger: it sees the image's ENV, all of it,
    /// and what earlier triggers define, when it runs in another build.
    on_build: bool,
    /// The global ARGs, for the instructions of a stage (which see them only once declared).
    globals: Option<&'x Names<'d>>,
}

impl<'d> Scope<'_, 'd> {
    /// The region of the instruction's own definitions.
    fn region(&self) -> &Region<'d> {
        let stages = self.regions.doc.stages.len();
        &self.regions.regions[match self.stage {
            None => 0,
            Some(s) if self.on_build => 1 + stages + s,
            Some(s) => 1 + s,
        }]
    }

    /// The stages whose definitions the instruction sees whole: those its stage is built on
    /// (BuildKit carries their ENV and ARGs), and for a trigger its own stage too.
    fn inherited(&self) -> impl Iterator<Item = usize> + '_ {
        let own = self.stage.filter(|_| self.on_build);
        let parents = self.stage.into_iter().flat_map(|s| ancestors(self.regions.doc, s));
        own.into_iter().chain(parents)
    }

    /// Whether the file's ARGs and ENVs define `name` at this point.
    fn by_file(&self, name: &str) -> bool {
        if self.region().defines_before(name, self.at) {
            return true;
        }
        let Some(stage) = self.stage else { return false };
        let index = if self.on_build { &self.regions.env_in_stages } else { &self.regions.in_stages };
        index
            .positions(name)
            .iter()
            .any(|&(_, s)| (self.on_build && s == stage) || self.regions.is_ancestor(s, stage))
    }

    /// The names in scope that may be within `edits` of a word of this shape (see [`Shape`]):
    /// a report compares those rather than every name in scope. Of a scope larger than
    /// [`CANDIDATES_WEIGHED`], the names defined last before the use.
    fn names_near(&self, shape: Shape, edits: usize) -> impl Iterator<Item = &'d str> + '_ {
        let env_only = self.on_build;
        let inherited = self.inherited().flat_map(move |s| {
            self.regions.regions[1 + s].defs.iter().filter(move |d| !env_only || d.kind == VarKind::Env)
        });
        let builtin = PREDEFINED_ARGS.iter().copied().chain(ALWAYS_DEFINED);
        (self.region().before(self.at).iter().rev().chain(inherited))
            .take(CANDIDATES_WEIGHED)
            .filter(move |d| shape.may_be_within(d.shape, edits))
            .map(|d| d.name)
            .chain(builtin.filter(move |name| shape.may_be_within(Shape::of(name), edits)))
    }

    /// The line of the first definition of `name` later in the stage (or the global scope).
    fn later(&self, name: &str) -> Option<u32> {
        let later = self.region().defined_after(name, self.at).filter(|_| !self.on_build)?;
        Some(self.regions.doc.instructions[later].line)
    }

    fn defines(&self, name: &str) -> bool {
        self.by_file(name) || PREDEFINED_ARGS.contains(&name) || ALWAYS_DEFINED.contains(&name)
    }

    /// A global ARG the stage has not declared.
    fn out_of_scope_global(&self, name: &str) -> bool {
        self.globals.is_some_and(|g| g.contains(name))
            && !self.by_file(name)
            && !PREDEFINED_ARGS.contains(&name)
    }
}

/// What a target word sees: the names in scope and those it can also see, all set.
struct Visible<'x, 'd> {
    scope: &'x Scope<'x, 'd>,
    target: &'x Target<'x, 'd, 'x>,
}

impl Env for Visible<'_, '_> {
    fn lookup(&self, name: &str) -> Option<&str> {
        (self.scope.defines(name) || self.target.also_defines(name)).then_some("1")
    }

    /// Not used: [`process`] looks names up exactly.
    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        self.lookup(name)
    }
}

/// A word to check and where it is in the source.
enum Place<'d, 'a> {
    Word(&'d Word<'a>),
    Whole(Span),
    /// Verbatim source text starting here.
    Base(u32),
}

struct Target<'x, 'd, 'a> {
    text: &'d str,
    place: Place<'d, 'a>,
    /// Heredoc bodies: quotes are plain characters.
    raw: bool,
    /// The names this ENV or ARG instruction defines, and the position of this word's own:
    /// an ENV value cannot see the other pairs' names, an ARG default sees the earlier ones.
    own: Option<(&'x Names<'d>, usize)>,
    /// The variable an ENV value or ARG default is assigned to, and whether it is an ARG.
    own_key: Option<(&'d str, bool)>,
}

impl<'x, 'd, 'a> Target<'x, 'd, 'a> {
    fn new(text: &'d str, place: Place<'d, 'a>) -> Self {
        Target { text, place, raw: false, own: None, own_key: None }
    }

    /// Names this word can see beyond the scope: the earlier names of the same ARG.
    fn also_defined(&self) -> &'x [&'d str] {
        match self.own {
            Some((names, k)) if self.own_key.is_some_and(|(_, is_arg)| is_arg) => &names.list[..k],
            _ => &[],
        }
    }

    fn also_defines(&self, name: &str) -> bool {
        match self.own {
            Some((names, k)) if self.own_key.is_some_and(|(_, is_arg)| is_arg) => names.among_first(name, k),
            _ => false,
        }
    }

    /// Whether another pair of the same ENV sets `name`.
    fn set_by_same_env(&self, name: &str) -> bool {
        match self.own {
            Some((names, k)) if self.own_key.is_some_and(|(_, is_arg)| !is_arg) => {
                names.occurs_other_than(name, k)
            }
            _ => false,
        }
    }
}

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let lex = Lex::new(doc.escape);
    let raw_lex = Lex::new('\\').skip_process_quotes(true);
    let globals = Names::new(global_arg_names(doc));
    // Gathered when a first instruction uses a variable.
    let mut regions = None;
    let mut fixed_globals: HashSet<(usize, String)> = HashSet::new();
    for (i, outer) in doc.instructions.iter().enumerate() {
        let ins = outer.effective();
        // Every target's text comes from the instruction's text or its heredoc bodies: with no
        // `$` in them there is nothing to look at.
        if memchr::memchr(b'$', ctx.text(outer.span).as_bytes()).is_none()
            && ins.heredocs.iter().all(|h| memchr::memchr(b'$', h.body.as_bytes()).is_none())
        {
            continue;
        }
        let own_names = Names::new(defined_by(ins).collect());
        let targets = targets(ins, &own_names);
        if targets.is_empty() {
            continue;
        }
        let on_build = !std::ptr::eq(ins, outer);
        let stage = doc.stage_of(i);
        let scope = Scope {
            regions: regions.get_or_insert_with(|| Regions::new(doc, ctx.semantic)),
            at: i,
            stage,
            on_build,
            globals: (stage.is_some() && !on_build).then_some(&globals),
        };
        for target in &targets {
            let env = Visible { scope: &scope, target };
            let processed = process(if target.raw { &raw_lex } else { &lex }, target.text, &env);
            // A word that does not expand fails the build for another reason.
            if processed.value.is_err() {
                continue;
            }
            for (name, defined) in processed.names {
                // `${NAME:-default}` and the like handle the unset case on purpose.
                let Some((range, _)) = references(target.text, &name).find(|(_, guarded)| !guarded) else {
                    continue;
                };
                // hadolint's DL3044: set by another pair of the same ENV, and by no earlier ARG
                // or ENV of the file (PATH, say, is only the base image's).
                let same = target.set_by_same_env(&name) && !scope.by_file(&name);
                if !defined || same {
                    report(ctx, &scope, target, &name, range, same, &mut fixed_globals);
                }
            }
        }
    }
}

/// The words of an instruction that BuildKit expands and that read a variable; `own_names` are
/// the names it defines.
fn targets<'x, 'd, 'a>(ins: &'d Instruction<'a>, own_names: &'x Names<'d>) -> Vec<Target<'x, 'd, 'a>> {
    let plain = |word: &'d Word<'a>| Target::new(&word.text, Place::Word(word));
    let mut out = Vec::new();
    match &ins.kind {
        InstructionKind::Env(env) => {
            for (k, pair) in env.pairs.iter().enumerate() {
                out.push(plain(&pair.key));
                out.push(Target {
                    own: Some((own_names, k)),
                    own_key: Some((&pair.key.text, false)),
                    ..plain(&pair.value)
                });
            }
        }
        InstructionKind::Label(labels) => {
            for pair in &labels.pairs {
                out.push(plain(&pair.key));
                out.push(plain(&pair.value));
            }
        }
        InstructionKind::Arg(arg) => {
            for (k, decl) in arg.args.iter().enumerate() {
                if let Some(default) = &decl.default {
                    out.push(Target {
                        own: Some((own_names, k)),
                        own_key: Some((&decl.name.text, true)),
                        ..plain(default)
                    });
                }
            }
        }
        InstructionKind::Copy(copy) | InstructionKind::Add(copy) => {
            out.extend(copy.args.iter().map(plain));
            for flag in ins.flags.iter().filter(|f| matches!(f.name(), "chown" | "chmod")) {
                if let Some(value) = flag.value() {
                    out.push(Target::new(value, Place::Whole(flag.span)));
                }
            }
            for heredoc in ins.heredocs.iter().filter(|h| h.expand) {
                out.push(Target {
                    raw: true,
                    ..Target::new(heredoc.body, Place::Base(heredoc.body_span.start))
                });
            }
        }
        InstructionKind::Expose(expose) => out.extend(expose.ports.iter().map(plain)),
        InstructionKind::Volume(volume) => out.extend(volume.paths.iter().map(plain)),
        InstructionKind::Stopsignal(v) | InstructionKind::User(v) | InstructionKind::Workdir(v) => {
            out.extend(v.value.iter().map(plain))
        }
        _ => {}
    }
    // Only a word with a `$` reads a variable.
    out.retain(|t| memchr::memchr(b'$', t.text.as_bytes()).is_some());
    out
}

/// The names an ARG or ENV instruction defines.
fn defined_by<'d>(ins: &'d Instruction<'_>) -> Box<dyn Iterator<Item = &'d str> + 'd> {
    match &ins.kind {
        InstructionKind::Arg(arg) => Box::new(arg.args.iter().map(|d| &*d.name.text)),
        InstructionKind::Env(env) => Box::new(env.pairs.iter().map(|p| &*p.key.text)),
        _ => Box::new(std::iter::empty()),
    }
}

fn report(
    ctx: &mut Context<'_, '_>,
    scope: &Scope<'_, '_>,
    target: &Target<'_, '_, '_>,
    name: &str,
    range: std::ops::Range<usize>,
    same: bool,
    fixed_globals: &mut HashSet<(usize, String)>,
) {
    // The base image's ENV could define more names (asked here, for the few names reported).
    let external = scope.stage.is_some_and(|stage| !rooted_in_scratch(ctx.semantic, stage));
    // `ENV PATH=/x:$PATH` extends what the base image set; `ARG V=${V}` reads the build argument.
    if let Some((own, is_arg)) = target.own_key
        && own == name
        && (external || is_arg)
    {
        return;
    }
    let global = scope.out_of_scope_global(name);
    let later = scope.later(name);
    let shape = Shape::of(name);
    let candidates = |edits| {
        let also = target.also_defined().iter().copied();
        scope.names_near(shape, edits).chain(also.filter(move |c| shape.may_be_within(Shape::of(c), edits)))
    };
    // A typo for sure: one edit (or only case) away from a name in scope.
    let typo =
        || candidates(1).any(|c| c != name && (c.eq_ignore_ascii_case(name) || one_edit_apart(c, name)));
    let clear = || same || global || later.is_some() || typo();
    if external && !name.chars().any(|c| c.is_lowercase()) && !clear() {
        return;
    }
    let suggestion = did_you_mean(name, candidates(reach(name)).filter(|c| *c != name));
    let hint = suggestion.map(|s| format!(" (did you mean `${s}`?)")).unwrap_or_default();
    let message = if same {
        format!("`${name}` is set by this same ENV, which substitutes the values from before it{hint}")
    } else if global {
        format!("`${name}` is a global ARG, which a stage does not see until it declares `ARG {name}`{hint}")
    } else if let Some(line) = later {
        format!("`${name}` is used before its definition at line {line}{hint}")
    } else {
        format!("`${name}` is not defined{hint}")
    };
    // Only the first use in a stage declares the ARG, so that fixing them all adds one line.
    let declaration = match scope.stage {
        Some(stage) if global && fixed_globals.insert((stage, name.to_string())) => {
            declare_after_from(ctx.doc, stage, name, ctx.line_ending())
        }
        _ => None,
    };
    let span = locate(target, range, ctx.source());
    let finding = ctx.report(span, message);
    if same {
        finding.help(format!("set `{name}` in an earlier ENV instruction"));
    } else if global {
        finding.help(format!("add `ARG {name}` after the stage's FROM"));
    }
    if let Some(edit) = declaration {
        finding.fix(Fix::unsafe_(format!("Declare `ARG {name}` in the stage"), vec![edit]));
    }
}

/// The source span of a byte range of the target's text (`source` is the document's text).
fn locate(target: &Target<'_, '_, '_>, range: std::ops::Range<usize>, source: &str) -> Span {
    match &target.place {
        Place::Word(word) => word_span(word, Some(range), source),
        Place::Whole(span) => within(*span, target.text, range, source).unwrap_or(*span),
        Place::Base(base) => Span::new(base + range.start as u32, base + range.end as u32),
    }
}

/// Inserts `ARG <name>` on the line after a stage's `FROM`, in the casing of that `FROM`.
fn declare_after_from(doc: &Dockerfile<'_>, stage: usize, name: &str, line_ending: &str) -> Option<Edit> {
    let from = &doc.instructions[doc.stages[stage].from];
    let lines = instruction_lines(doc, doc.stages[stage].from)?;
    let keyword = if from.keyword_text.chars().all(|c| c.is_ascii_lowercase()) { "arg" } else { "ARG" };
    Some(if doc.text(lines).ends_with('\n') {
        Edit::insert(lines.end, format!("{keyword} {name}{line_ending}"))
    } else {
        Edit::insert(lines.end, format!("{line_ending}{keyword} {name}"))
    })
}
