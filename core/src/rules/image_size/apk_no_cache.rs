use crate::diagnostic::Fix;
use crate::rules::Context;
use crate::rules::scripts::{commands, insert_after, mount_covers, package_commands};
use crate::shell::tools::{Action, Manager, removal};

declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache` in a layer that ships in the image, unless the same
    /// `RUN` empties `/var/cache/apk` (`rm -rf /var/cache/apk/*`) or a cache or tmpfs mount
    /// covers it. `apk add --no-network` fetches nothing and is not reported.
    ///
    /// ## Why
    /// Without `--no-cache`, `apk add` (like `apk update`) stores the package indexes, a few
    /// megabytes per repository, in `/var/cache/apk`, where they stay in the layer.
    /// `apk add --no-cache` fetches the indexes into memory for this one command, so it also
    /// replaces `apk update`. `apk cache clean` is no substitute: it removes cached packages, not
    /// the indexes. Throw-away build stages are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix
    /// Safe: inserts `--no-cache` after `add`. The same packages are installed: `--no-cache`
    /// fetches fresh indexes itself instead of reading cached ones, and a later `apk add` that
    /// finds no indexes fetches them by itself. An `apk update` in the same `RUN` still writes
    /// its indexes; remove it, it is redundant with `--no-cache`.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3019 also reports throw-away build stages, `apk add --no-network` (which
    /// fetches no indexes, as in the official images' `.rundeps` step), and does not accept
    /// removing `/var/cache/apk` in the same `RUN`.
    pub struct ApkNoCache {
        code: "DW110",
        name: "apk-no-cache",
        category: ImageSize,
        severity: Info,
        aliases: ["DL3019", "DS-0025"],
        fix: Safe,
        default: true,
        summary: "apk keeps its package indexes in the layer",
    }
}

impl_rule!(ApkNoCache, check);

const CACHE: &str = "/var/cache/apk";

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        if !sem.in_final_image(i) || mount_covers(ins, CACHE) {
            continue;
        }
        if commands(sem, i).any(|(_, _, c)| removal(c).is_some_and(|r| r.covers(CACHE))) {
            continue;
        }
        for (rs, p) in package_commands(sem, i) {
            if p.manager != Manager::Apk || p.action != Action::Install || p.no_cache() {
                continue;
            }
            // `--no-network` installs from what is already there and fetches no indexes.
            if p.has_option(None, &["--cache-dir", "--no-network"]) {
                continue;
            }
            let Some(action) = p.action_word else { continue };
            let command = p.command();
            let fix = insert_after(rs, command, action, " --no-cache");
            let finding = ctx.report(rs.span(&command.range), "apk keeps its package indexes in this layer");
            finding.help("use `apk add --no-cache`, which also makes `apk update` unnecessary");
            if let Some(edit) = fix {
                finding.fix(Fix::safe("Add --no-cache", vec![edit]));
            }
        }
    }
}
