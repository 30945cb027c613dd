use crate::diagnostic::Fix;
use crate::rules::Context;
use crate::rules::scripts::{every_package_command, insert_after};
use crate::shell::tools::Action;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `--no-install-recommends` in a layer that ships in the
    /// image.
    ///
    /// ## Why
    /// By default apt also installs every package the requested ones merely *recommend*:
    /// documentation, optional tools, often whole toolchains. That commonly doubles the size of
    /// what gets installed. Install exactly what the image needs and name anything else you want
    /// explicitly. Throw-away build stages are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Unsafe: inserts `--no-install-recommends` after `install`. Something may have relied
    /// on a recommended package (e.g. `ca-certificates` for `curl`).
    pub struct AptNoInstallRecommends {
        code: "DW104",
        name: "apt-no-install-recommends",
        category: ImageSize,
        severity: Info,
        aliases: ["DL3015", "DS-0029"],
        fix: Unsafe,
        default: true,
        summary: "apt installs recommended packages too",
    }
}

impl_rule!(AptNoInstallRecommends, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, p) in every_package_command(sem) {
        if !p.manager.is_apt()
            || p.action != Action::Install
            || p.no_install_recommends()
            || !sem.in_final_image(rs.instruction)
        {
            continue;
        }
        let Some(action) = p.action_word else { continue };
        let finding =
            ctx.report(rs.span(&p.command().range), "apt also installs the recommended packages here");
        finding.help("add --no-install-recommends and name what you need");
        if let Some(edit) = insert_after(rs, p.command(), action, " --no-install-recommends") {
            finding.fix(Fix::unsafe_("Add --no-install-recommends", vec![edit]));
        }
    }
}
