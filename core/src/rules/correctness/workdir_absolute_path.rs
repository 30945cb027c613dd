use std::borrow::Cow;

use crate::context::clean_path;
use crate::diagnostic::{Edit, Fix};
use crate::model::{InstructionKind, Word};
use crate::rules::Context;
use crate::rules::structure::literal;

declare_rule! {
    /// ## What it does
    /// Flags a `WORKDIR` with a relative path (`WORKDIR app`).
    ///
    /// ## Why
    /// A relative `WORKDIR` is resolved against the working directory in force. For the first
    /// one of a stage that is the base image's `WORKDIR`, which this file does not show and a
    /// new tag of the image may change; after an earlier `WORKDIR` the reader has to work the
    /// path out. An absolute path says where the files go.
    ///
    /// Paths that start with a variable (`$HOME/app`) and Windows paths (`C:\app`) count as
    /// absolute. hadolint (DL3000), Trivy (DS-0009) and Checkov (CKV_DOCKER_10) report every
    /// relative `WORKDIR`, BuildKit (WorkdirRelativePath) only the first of a build; this rule
    /// reports every one, and fixes those it can resolve.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /srv
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /srv/app
    /// ```
    ///
    /// ## Fix
    /// Safe, when an earlier `WORKDIR` of the stage (or of the stages it is built `FROM`) is a
    /// known absolute path: the relative path is joined to it, as BuildKit does (`WORKDIR /srv`
    /// then `WORKDIR app` becomes `WORKDIR /srv/app`). None for a relative first `WORKDIR`: the
    /// base image's directory is not known.
    ///
    /// Default severity: warning (hadolint says error, but the build works; BuildKit warns).
    pub struct WorkdirAbsolutePath {
        code: "DW002",
        name: "workdir-absolute-path",
        category: Correctness,
        severity: Warning,
        aliases: ["DL3000", "WorkdirRelativePath", "DS-0009", "CKV_DOCKER_10"],
        fix: Safe,
        default: true,
        summary: "WORKDIR uses a relative path",
    }
}

impl_rule!(WorkdirAbsolutePath, check);

/// The working directory a stage has set, as far as this file tells.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Workdir {
    /// No `WORKDIR` yet: the base image's.
    Unset,
    /// A plain absolute Unix path.
    Known(String),
    /// Set, but to something that cannot be joined (variables, quotes, Windows paths).
    Opaque,
}

/// How a `WORKDIR` value reads.
pub(crate) enum WorkdirPath<'w> {
    /// Absolute, with its literal value when it has no variables.
    Absolute(Option<Cow<'w, str>>),
    /// Relative, with its literal value when it has no variables.
    Relative(Option<Cow<'w, str>>),
}

/// Classifies a `WORKDIR` word: absolute when it starts with `/`, `\`, a drive letter or a
/// variable (which usually holds an absolute path, such as `$HOME`).
pub(crate) fn workdir_path<'w>(word: &'w Word<'_>, escape: char) -> WorkdirPath<'w> {
    let value = literal(&word.text, escape);
    let shown = value.as_deref().unwrap_or(&word.text);
    let unquoted = shown.trim_start_matches(['"', '\'']);
    let bytes = unquoted.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if unquoted.starts_with(['/', '\\', '$']) || drive {
        WorkdirPath::Absolute(value)
    } else {
        WorkdirPath::Relative(value)
    }
}

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let mut last: Vec<Workdir> = Vec::with_capacity(doc.stages.len());
    for stage in &doc.stages {
        let mut current =
            stage.base_stage.filter(|&p| p < stage.index).map_or(Workdir::Unset, |p| last[p].clone());
        for i in stage.body() {
            let ins = &doc.instructions[i];
            let on_build = !std::ptr::eq(ins, ins.effective());
            let InstructionKind::Workdir(workdir) = &ins.effective().kind else { continue };
            let Some(word) = &workdir.value else { continue };
            let resolved = match workdir_path(word, doc.escape) {
                WorkdirPath::Absolute(Some(path)) if path.starts_with('/') && is_plain(&path) => {
                    Workdir::Known(clean_path(&path))
                }
                WorkdirPath::Absolute(_) => Workdir::Opaque,
                WorkdirPath::Relative(value) => {
                    // An ONBUILD trigger runs in another build, against that build's directory.
                    let base = if on_build { &Workdir::Unset } else { &current };
                    report(ctx, word, value.as_deref(), base)
                }
            };
            if !on_build {
                current = resolved;
            }
        }
        last.push(current);
    }
}

/// Reports a relative `WORKDIR` and returns the directory it leads to.
fn report(ctx: &mut Context<'_, '_>, word: &Word<'_>, value: Option<&str>, base: &Workdir) -> Workdir {
    let shown = &word.text;
    match (base, value) {
        (Workdir::Known(base), Some(path)) if is_plain(path) && word.is_verbatim() => {
            let joined = clean_path(&format!("{base}/{path}"));
            ctx.report(
                word.span,
                format!("relative WORKDIR `{shown}` is `{joined}`: write the absolute path"),
            )
            .fix(Fix::safe(format!("Write `{joined}`"), vec![Edit::replace(word.span, joined.clone())]));
            Workdir::Known(joined)
        }
        (Workdir::Unset, _) => {
            ctx.report(
                word.span,
                format!("relative WORKDIR `{shown}` depends on the base image's working directory"),
            )
            .help("use an absolute path, e.g. `/app`");
            Workdir::Opaque
        }
        _ => {
            ctx.report(word.span, format!("relative WORKDIR `{shown}` depends on the previous WORKDIR"))
                .help("use an absolute path");
            Workdir::Opaque
        }
    }
}

/// A path that can be written back unquoted: no spaces, quotes, escapes or variables.
fn is_plain(path: &str) -> bool {
    !path.is_empty()
        && path.chars().all(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '\\' | '`' | '$'))
}
