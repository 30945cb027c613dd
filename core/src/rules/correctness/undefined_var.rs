use std::collections::HashSet;

use crate::diagnostic::{Edit, Fix};
use crate::expand::{Env, Lex};
use crate::model::{Dockerfile, Instruction, InstructionKind, Span, Word};
use crate::rules::Context;
use crate::rules::correctness::undefined_arg_in_from::global_arg_names;
use crate::rules::structure::{
    ancestors, instruction_lines, process, references, rooted_in_scratch, word_span,
};
use crate::semantic::{PREDEFINED_ARGS, VarKind};
use crate::suggest::{did_you_mean, one_edit_apart};

declare_rule! {
    /// ## What it does
    /// Flags variables used before they are defined in the instructions whose arguments
    /// BuildKit expands: `ADD`, `COPY` (sources, destination, `--chown`, `--chmod`, heredoc
    /// bodies), `ENV`, `ARG` defaults, `LABEL`, `EXPOSE`, `STOPSIGNAL`, `USER`, `VOLUME`,
    /// `WORKDIR`, and the same inside `ONBUILD`. Shell-form `RUN`, `CMD` and `ENTRYPOINT` are
    /// expanded by the shell at run time and are not checked (nor `FROM`: see
    /// `undefined-arg-in-from`). Typos get a "did you mean" from the names in scope.
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

/// The names an instruction can see, and what is known about the others.
/// A scope is built for every instruction that uses a variable, so its names borrow from the
/// file and sit in plain lists (short, and only searched a few times).
struct Scope<'d> {
    /// Names the file's ARGs and ENVs define at this point (BuildKit's own come on top).
    by_file: Vec<&'d str>,
    /// Global ARGs not declared in the stage.
    out_of_scope_globals: Vec<&'d str>,
    /// Names defined later in the stage (or the global scope), with the line; the first entry
    /// of a name counts.
    later: Vec<(&'d str, u32)>,
    stage: Option<usize>,
}

impl Scope<'_> {
    /// Every name in scope: the file's and BuildKit's own.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.by_file.iter().copied().chain(PREDEFINED_ARGS.iter().copied()).chain(ALWAYS_DEFINED)
    }

    fn defines(&self, name: &str) -> bool {
        self.by_file.contains(&name) || PREDEFINED_ARGS.contains(&name) || ALWAYS_DEFINED.contains(&name)
    }
}

/// What a target word sees: the names in scope and those it can also see, all set.
struct Visible<'x, 'd> {
    scope: &'x Scope<'d>,
    also_defined: &'x [&'x str],
}

impl Env for Visible<'_, '_> {
    fn lookup(&self, name: &str) -> Option<&str> {
        (self.scope.defines(name) || self.also_defined.contains(&name)).then_some("1")
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

struct Target<'d, 'a> {
    text: &'d str,
    place: Place<'d, 'a>,
    /// Heredoc bodies: quotes are plain characters.
    raw: bool,
    /// Names the same instruction defines that this word cannot see (other pairs of an ENV).
    same_instruction: Vec<&'d str>,
    /// Names this word can see beyond the scope (earlier names of the same ARG).
    also_defined: Vec<&'d str>,
    /// The variable an ENV value or ARG default is assigned to, and whether it is an ARG.
    own_key: Option<(&'d str, bool)>,
}

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let lex = Lex::new(doc.escape);
    let raw_lex = Lex::new('\\').skip_process_quotes(true);
    let globals = global_arg_names(doc);
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
        let targets = targets(ins);
        if targets.iter().all(|t| !t.text.contains('$')) {
            continue;
        }
        let on_build = !std::ptr::eq(ins, outer);
        let scope = scope(ctx, i, on_build, &globals);
        for target in targets.iter().filter(|t| t.text.contains('$')) {
            let env = Visible { scope: &scope, also_defined: &target.also_defined };
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
                let same = target.same_instruction.contains(&name.as_str())
                    && !scope.by_file.contains(&name.as_str());
                if !defined || same {
                    report(ctx, &scope, target, &name, range, same, &mut fixed_globals);
                }
            }
        }
    }
}

impl<'d, 'a> Target<'d, 'a> {
    fn new(text: &'d str, place: Place<'d, 'a>) -> Self {
        Target {
            text,
            place,
            raw: false,
            same_instruction: Vec::new(),
            also_defined: Vec::new(),
            own_key: None,
        }
    }
}

/// The words of an instruction that BuildKit expands.
fn targets<'d, 'a>(ins: &'d Instruction<'a>) -> Vec<Target<'d, 'a>> {
    let plain = |word: &'d Word<'a>| Target::new(&word.text, Place::Word(word));
    let mut out = Vec::new();
    match &ins.kind {
        InstructionKind::Env(env) => {
            for (k, pair) in env.pairs.iter().enumerate() {
                out.push(plain(&pair.key));
                let mut value = plain(&pair.value);
                value.same_instruction = env
                    .pairs
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, p)| &*p.key.text)
                    .collect();
                value.own_key = Some((&pair.key.text, false));
                out.push(value);
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
                    let mut value = plain(default);
                    value.also_defined = arg.args[..k].iter().map(|d| &*d.name.text).collect();
                    value.own_key = Some((&decl.name.text, true));
                    out.push(value);
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
    out
}

fn scope<'d>(ctx: &Context<'d, '_>, i: usize, on_build: bool, globals: &[&'d str]) -> Scope<'d> {
    let doc = ctx.doc;
    let sem = ctx.semantic;
    let mut defined: Vec<&'d str> = Vec::new();
    let mut later = Vec::new();
    let mut out_of_scope_globals = Vec::new();
    let Some(stage) = doc.stage_of(i) else {
        // The global scope: only earlier global ARGs; nothing else can define a name.
        for var in sem.vars.iter().filter(|v| v.kind == VarKind::GlobalArg) {
            if var.instruction < i {
                defined.push(&var.name);
            } else if var.instruction > i {
                later.push((&*var.name, doc.instructions[var.instruction].line));
            }
        }
        return Scope { by_file: defined, out_of_scope_globals, later, stage: None };
    };
    let mut chain = ancestors(doc, stage);
    if on_build {
        // A trigger runs right after the FROM of another build: it sees this image's ENV.
        chain.push(stage);
        for var in sem.vars.iter().filter(|v| v.kind == VarKind::Env) {
            if doc.stage_of(var.instruction).is_some_and(|s| chain.contains(&s)) {
                defined.push(&var.name);
            }
        }
        let before = doc.instructions[doc.stages[stage].body()]
            .iter()
            .take_while(|t| !std::ptr::eq(*t, &doc.instructions[i]));
        for trigger in before.filter(|t| !std::ptr::eq(*t, t.effective())) {
            defined.extend(defined_by(trigger.effective()));
        }
    } else {
        defined.extend(sem.visible_vars(i).map(|v| &*v.name));
        // BuildKit carries the ARGs of a parent stage into the stages built FROM it.
        for var in sem.vars.iter().filter(|v| v.kind == VarKind::Arg) {
            if doc.stage_of(var.instruction).is_some_and(|s| chain.contains(&s)) {
                defined.push(&var.name);
            }
        }
        for var in sem.vars.iter().filter(|v| v.instruction > i && doc.stage_of(v.instruction) == Some(stage))
        {
            later.push((&*var.name, doc.instructions[var.instruction].line));
        }
        out_of_scope_globals = globals
            .iter()
            .copied()
            .filter(|g| !defined.contains(g) && !PREDEFINED_ARGS.contains(g))
            .collect();
    }
    Scope { by_file: defined, out_of_scope_globals, later, stage: Some(stage) }
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
    scope: &Scope<'_>,
    target: &Target<'_, '_>,
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
    let global = scope.out_of_scope_globals.contains(&name);
    let later = scope.later.iter().find(|(n, _)| *n == name).map(|&(_, line)| line);
    let candidates = || scope.names().chain(target.also_defined.iter().copied());
    // A typo for sure: one edit (or only case) away from a name in scope.
    let typo =
        || candidates().any(|c| c != name && (c.eq_ignore_ascii_case(name) || one_edit_apart(c, name)));
    let clear = || same || global || later.is_some() || typo();
    if external && !name.chars().any(|c| c.is_lowercase()) && !clear() {
        return;
    }
    let suggestion = did_you_mean(name, candidates().filter(|c| *c != name));
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
    let finding = ctx.report(locate(target, range), message);
    if same {
        finding.help(format!("set `{name}` in an earlier ENV instruction"));
    } else if global {
        finding.help(format!("add `ARG {name}` after the stage's FROM"));
    }
    if let Some(edit) = declaration {
        finding.fix(Fix::unsafe_(format!("Declare `ARG {name}` in the stage"), vec![edit]));
    }
}

/// The source span of a byte range of the target's text.
fn locate(target: &Target<'_, '_>, range: std::ops::Range<usize>) -> Span {
    match &target.place {
        Place::Word(word) => word_span(word, Some(range)),
        Place::Whole(span) => *span,
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
