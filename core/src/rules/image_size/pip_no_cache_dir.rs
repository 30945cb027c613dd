use crate::diagnostic::Fix;
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::scripts::{insert_after, mount_covers, package_commands};
use crate::semantic::VarDef;
use crate::shell::tools::{Action, Manager};

declare_rule! {
    /// ## What it does
    /// Flags `pip install` without `--no-cache-dir` in a layer that ships in the image.
    ///
    /// ## Why
    /// pip keeps every downloaded wheel in `~/.cache/pip`. In an image nothing ever reuses that
    /// cache, so it is dead weight, often as large as the packages themselves. It is not
    /// reported when `PIP_NO_CACHE_DIR` is set (by `ENV` or on the command), when a cache or
    /// tmpfs mount covers pip's cache directory (the better choice: it speeds up rebuilds), or
    /// in throw-away build stages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install flask==3.0.3
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ## Fix
    /// Safe: inserts `--no-cache-dir` after `install`; only the cache is affected.
    pub struct PipNoCacheDir {
        code: "DW106",
        name: "pip-no-cache-dir",
        category: ImageSize,
        severity: Info,
        aliases: ["DL3042"],
        fix: Safe,
        default: true,
        summary: "pip keeps its download cache in the layer",
    }
}

impl_rule!(PipNoCacheDir, check);

const CACHES: &[&str] =
    &["/root/.cache/pip", "/root/.cache", "/home/app/.cache/pip", "$HOME/.cache/pip", "~/.cache/pip"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    // The definitions of PIP_NO_CACHE_DIR, gathered when a pip install first asks.
    let mut definitions: Option<Vec<&VarDef<'_>>> = None;
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        if !sem.in_final_image(i) || !matches!(ins.effective().kind, InstructionKind::Run(_)) {
            continue;
        }
        if CACHES.iter().any(|c| mount_covers(ins, c))
            || ins.effective().flags_named("mount").any(|f| f.text.contains(".cache/pip"))
        {
            continue;
        }
        // Asked only for a RUN that installs with pip: the variables in scope are many in a
        // long file, and looking through them for every RUN made the rule quadratic.
        let mut cache_disabled = None;
        for (rs, p) in package_commands(sem, i) {
            if p.manager != Manager::Pip || p.action != Action::Install || p.no_cache() {
                continue;
            }
            if p.has_option(None, &["--cache-dir"])
                || *cache_disabled.get_or_insert_with(|| {
                    let definitions = definitions.get_or_insert_with(|| {
                        sem.vars.iter().filter(|v| v.name == "PIP_NO_CACHE_DIR").collect()
                    });
                    env_disables_cache(ctx, i, definitions)
                })
            {
                continue;
            }
            let Some(action) = p.action_word else { continue };
            let span = rs.span(&p.command().range);
            let finding = ctx.report(span, "pip keeps its download cache in this layer");
            finding.help(
                "add --no-cache-dir, or mount a cache: `RUN --mount=type=cache,target=/root/.cache/pip`",
            );
            if let Some(edit) = insert_after(rs, p.command(), action, " --no-cache-dir") {
                finding.fix(Fix::safe("Add --no-cache-dir", vec![edit]));
            }
        }
    }
}

/// Whether the `PIP_NO_CACHE_DIR` in force at `instruction` (the latest of its `definitions`
/// visible there) turns the cache off: any value but an explicit false.
fn env_disables_cache(ctx: &Context<'_, '_>, instruction: usize, definitions: &[&VarDef<'_>]) -> bool {
    ctx.semantic.visible_among(instruction, definitions.iter().copied()).next().is_some_and(|v| {
        let value = v.value.as_deref().unwrap_or("").trim_matches(['"', '\'']).to_ascii_lowercase();
        !matches!(value.as_str(), "" | "0" | "false" | "off" | "no")
    })
}
