use crate::model::Span;
use crate::rules::Context;
use crate::rules::scripts::commands;
use crate::shell::tools::{DownloadTool, download};

declare_rule! {
    /// ## What it does
    /// Flags a stage that ships in the image and downloads with both `curl` and `wget`:
    /// every use of either tool from the `RUN` where the second one appears on.
    ///
    /// ## Why
    /// The two tools do the same job. Needing both means installing (and keeping up to date,
    /// and exposing) two HTTP clients with their TLS libraries where one would do. Pick the
    /// one the base image already has. Throw-away build stages are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
    /// RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
    ///  && curl -fsSLo /tmp/b.tgz https://example.com/b.tgz
    /// ```
    ///
    /// ## Fix
    /// None: the options of the two tools differ.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL4001 also reports throw-away build stages.
    pub struct CurlAndWget {
        code: "DW115",
        name: "curl-and-wget",
        category: ImageSize,
        severity: Info,
        aliases: ["DL4001", "DS-0014"],
        fix: None,
        default: true,
        summary: "A stage uses both curl and wget",
    }
}

impl_rule!(CurlAndWget, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for stage in &ctx.doc.stages {
        if !sem.stages[stage.index].in_final_image {
            continue;
        }
        let (mut curl, mut wget) = (false, false);
        for i in stage.body() {
            let mut uses: Vec<(Span, DownloadTool)> = Vec::new();
            for (rs, _, command) in commands(sem, i) {
                let Some(d) = download(command) else { continue };
                let Some(word) = d.invocation.words.first() else { continue };
                curl |= d.tool == DownloadTool::Curl;
                wget |= d.tool == DownloadTool::Wget;
                uses.push((rs.span(&word.range), d.tool));
            }
            // Only the RUNs from the one where both tools are in use on.
            if !(curl && wget) {
                continue;
            }
            for (span, tool) in uses {
                let (this, other) = match tool {
                    DownloadTool::Curl => ("curl", "wget"),
                    DownloadTool::Wget => ("wget", "curl"),
                };
                ctx.report(span, format!("this stage downloads with both {this} and {other}"))
                    .help(format!("use one tool: replace {this} with {other} or the other way round"));
            }
        }
    }
}
