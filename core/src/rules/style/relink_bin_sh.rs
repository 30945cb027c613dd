use crate::rules::Context;
use crate::rules::scripts::every_command;

declare_rule! {
    /// ## What it does
    /// Flags `ln` replacing `/bin/sh` (`ln -sf /bin/bash /bin/sh`).
    ///
    /// ## Why
    /// This is usually done so that `RUN` scripts run under bash. But `/bin/sh` is shared by
    /// every program in the image: system scripts, package maintainer scripts and the
    /// application's own `#!/bin/sh` scripts then run under another shell than the one they
    /// were written and tested for. `SHELL ["/bin/bash", "-c"]` changes the shell of the
    /// following `RUN`s only.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// ```
    ///
    /// ## Fix
    /// None: a `SHELL` instruction does not affect programs run in the container.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL4005 reports any `ln` that mentions `/bin/sh`, also `ln -s /bin/sh
    /// /bin/bash`, which creates another link and leaves `/bin/sh` alone; only links named
    /// `/bin/sh` (or `/usr/bin/sh`, the same file on merged-`/usr` systems) are reported here.
    pub struct RelinkBinSh {
        code: "DW443",
        name: "relink-bin-sh",
        category: Style,
        severity: Warning,
        aliases: ["DL4005"],
        fix: None,
        default: true,
        summary: "A RUN replaces /bin/sh instead of using SHELL",
    }
}

impl_rule!(RelinkBinSh, check);

const LN_VALUES: &[&str] = &["-S", "--suffix", "-t", "--target-directory", "--backup"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        let inv = command.unwrap_wrappers();
        if inv.name() != Some("ln") {
            continue;
        }
        let positionals: Vec<_> = inv.positionals(LN_VALUES).collect();
        let Some(link) = positionals.last().filter(|_| positionals.len() >= 2) else { continue };
        if matches!(link.value.as_ref(), "/bin/sh" | "/usr/bin/sh") {
            ctx.report(
                rs.span(&link.range),
                "replacing /bin/sh changes the shell of every script in the image",
            )
            .help("use `SHELL [\"/bin/bash\", \"-c\"]` to change the shell of the RUN instructions");
        }
    }
}
