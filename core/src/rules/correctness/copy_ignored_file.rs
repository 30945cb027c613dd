use std::borrow::Cow;

use crate::context::{DockerIgnore, context_path};
use crate::model::{Instruction, InstructionKind, Word};
use crate::rules::Context;
use crate::rules::structure::literal;

declare_rule! {
    /// ## What it does
    /// Flags `COPY` and `ADD` sources that the build context's `.dockerignore` excludes (or the
    /// `<Dockerfile>.dockerignore` next to the Dockerfile, which BuildKit prefers). Needs the
    /// build context (`dockwright check --context DIR`); silent without it. As in BuildKit,
    /// nothing is reported when the ignore file has `!` exceptions, which make the outcome for
    /// a directory hard to tell statically. Sources with variables, URLs, heredocs and
    /// `--from` sources are not judged.
    ///
    /// ## Why
    /// An excluded file is not sent to the builder: the `COPY` fails with "not found", or a
    /// directory arrives without the excluded part, and the image misses files that are right
    /// there in the repository.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY node_modules ./node_modules
    /// ```
    /// with a context whose `.dockerignore` is:
    /// ```dockerignore
    /// node_modules
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// ```
    ///
    /// ## Fix
    /// None: either the `COPY` or the ignore file is wrong.
    pub struct CopyIgnoredFile {
        code: "DW014",
        name: "copy-ignored-file",
        category: Correctness,
        severity: Warning,
        aliases: ["CopyIgnoredFile"],
        fix: None,
        default: true,
        summary: "COPY reads a file that .dockerignore excludes",
    }
}

impl_rule!(CopyIgnoredFile, check);

/// The sources of a top-level `COPY`/`ADD` that are read from the build context, with their
/// literal value: not `--from`, heredocs, URLs, or words with variables.
pub(crate) fn context_sources<'d, 'a>(
    ins: &'d Instruction<'a>,
    escape: char,
) -> Vec<(&'d Word<'a>, Cow<'d, str>)> {
    let (InstructionKind::Copy(copy) | InstructionKind::Add(copy)) = &ins.kind else { return Vec::new() };
    if ins.flag("from").is_some() {
        return Vec::new();
    }
    copy.sources()
        .iter()
        .filter(|w| !w.text.starts_with("<<") && !is_remote(&w.text))
        .filter_map(|w| Some((w, literal(&w.text, escape)?)))
        .collect()
}

fn is_remote(source: &str) -> bool {
    ["http://", "https://", "git://", "git@", "ssh://"].iter().any(|p| source.starts_with(p))
}

fn check(ctx: &mut Context<'_, '_>) {
    let Some(text) = ctx.build_context.and_then(|c| c.dockerignore()) else { return };
    let ignore = DockerIgnore::parse(text);
    if ignore.invalid || ignore.has_exclusions() {
        return;
    }
    let doc = ctx.doc;
    for ins in &doc.instructions {
        for (word, source) in context_sources(ins, doc.escape) {
            let path = context_path(&source);
            let pattern = if path.is_empty() {
                // The whole context: only an ignore-everything pattern excludes it.
                ignore.patterns().find(|(p, _)| matches!(*p, "*" | "**" | "**/*")).map(|(p, _)| p)
            } else {
                ignore.excluded_by(&path)
            };
            if let Some(pattern) = pattern {
                ctx.report(word.span, format!("`{source}` is excluded from the build context by the .dockerignore pattern `{pattern}`"))
                    .help("remove the pattern from .dockerignore, or stop copying the file");
            }
        }
    }
}
