use crate::context::{DockerIgnore, context_path};
use crate::rules::Context;
use crate::rules::correctness::copy_ignored_file::context_sources;

declare_rule! {
    /// ## What it does
    /// Flags `COPY` and `ADD` sources that do not exist in the build context. Needs the build
    /// context (`dockwright check --context DIR`); silent without it. Sources with wildcards or
    /// variables, URLs, heredocs, `--from` sources, and sources that `.dockerignore` excludes
    /// (reported by `copy-ignored-file`) are not judged.
    ///
    /// ## Why
    /// The build stops at that instruction with "failed to compute cache key: not found",
    /// often after minutes of earlier steps, or in CI only because the file is generated
    /// locally and not committed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt /app/
    /// ```
    /// with a context that has:
    /// ```context
    /// requirement.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirement.txt /app/
    /// ```
    ///
    /// ## Fix
    /// None.
    pub struct CopySourceNotFound {
        code: "DW015",
        name: "copy-source-not-found",
        category: Correctness,
        severity: Error,
        aliases: [],
        fix: None,
        default: true,
        summary: "COPY reads a file that is not in the build context",
    }
}

impl_rule!(CopySourceNotFound, check);

fn check(ctx: &mut Context<'_, '_>) {
    let Some(context) = ctx.build_context else { return };
    let ignore = context.dockerignore().map(DockerIgnore::parse);
    let doc = ctx.doc;
    for ins in &doc.instructions {
        for (word, source) in context_sources(ins, doc.escape) {
            if source.contains(['*', '?', '[']) {
                continue;
            }
            let path = context_path(&source);
            if path.is_empty() || ignore.as_ref().is_some_and(|i| i.excludes(&path)) {
                continue;
            }
            if context.exists(&path) == Some(false) {
                ctx.report(word.span, format!("`{source}` does not exist in the build context")).help(
                    "check the path: sources are relative to the context directory, not to the Dockerfile",
                );
            }
        }
    }
}
