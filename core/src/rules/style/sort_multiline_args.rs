use crate::diagnostic::{Edit, Fix};
use crate::rules::Context;
use crate::rules::scripts::{every_package_command, is_editable};

declare_rule! {
    /// ## What it does
    /// Flags a package list written one package per line that is not sorted alphanumerically.
    ///
    /// ## Why
    /// A sorted list shows at a glance whether a package is there, avoids duplicates, and keeps
    /// diffs small: adding a package touches one line in a predictable place. Lists that share a
    /// line with other packages are left alone; only one-per-line lists have an order worth
    /// keeping.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends \
    ///       git \
    ///       curl \
    ///       ca-certificates \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends \
    ///       ca-certificates \
    ///       curl \
    ///       git \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Safe: sorts the packages in place, keeping every line break, indent and continuation;
    /// package managers do not depend on the order of the names. No fix is offered when a name
    /// ends in the escape character or is a blank to BuildKit (a no-break space): moved to the
    /// end of the list, it would continue the line.
    pub struct SortMultilineArgs {
        code: "DW401",
        name: "sort-multiline-args",
        category: Style,
        severity: Style,
        aliases: [],
        fix: Safe,
        default: true,
        summary: "A one-per-line package list is not sorted",
    }
}

impl_rule!(SortMultilineArgs, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    let doc = ctx.doc;
    for (rs, p) in every_package_command(sem) {
        if p.packages.len() < 2 || !is_editable(rs, p.command()) || p.packages.iter().any(|w| w.dynamic) {
            continue;
        }
        let spans: Vec<_> = p.packages.iter().map(|w| rs.span(&w.range)).collect();
        let lines: Vec<u32> = spans.iter().map(|s| doc.lines.line(s.start)).collect();
        if !lines.windows(2).all(|w| w[0] < w[1]) {
            continue;
        }
        // Compared as lower-cased bytes, without building the lower-cased texts.
        fn key(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.trim_matches(['"', '\'']).bytes().map(|b| b.to_ascii_lowercase())
        }
        let texts: Vec<&str> = spans.iter().map(|s| doc.text(*s)).collect();
        let mut sorted = texts.clone();
        sorted.sort_by(|a, b| key(a).cmp(key(b)));
        if sorted == texts {
            continue;
        }
        let first_wrong = (0..texts.len()).find(|&k| texts[k] != sorted[k]).unwrap_or(0);
        let edits = spans
            .iter()
            .zip(&sorted)
            .zip(&texts)
            .filter(|((_, new), old)| new != old)
            .map(|((span, new), _)| Edit::replace(*span, *new))
            .collect();
        let manager = p.manager.name();
        let message =
            format!("the {manager} package list is not sorted: `{}` is out of place", texts[first_wrong]);
        let finding =
            ctx.report(spans[first_wrong], message).help("sort the one-per-line list alphanumerically");
        // Moved onto the list's last line, a word ending in the escape character (`zlib1g\ `,
        // an escaped space) would continue that line, and a word the shell reads but BuildKit
        // sees as blank (a no-break space) would leave a blank line that continues it: either
        // way the next instruction would join the RUN.
        let rereads_lines = |t: &&str| t.trim().is_empty() || t.trim_end().ends_with(doc.escape);
        if !texts.iter().any(rereads_lines) {
            finding.fix(Fix::safe("Sort the package list", edits));
        }
    }
}
