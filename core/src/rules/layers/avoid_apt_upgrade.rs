use crate::rules::Context;
use crate::rules::scripts::every_package_command;
use crate::shell::tools::Action;

declare_rule! {
    /// ## What it does
    /// Flags upgrades of the installed system packages: `apt-get upgrade`, `dist-upgrade`,
    /// `full-upgrade`, `apk upgrade`, `yum/dnf update|upgrade`, `zypper update|dist-upgrade`.
    ///
    /// ## Why
    /// An upgrade makes the image depend on the day it was built: the same Dockerfile gives
    /// different images, and a build that worked yesterday may break today. It also duplicates
    /// the base image's files into a new, large layer. Rebuild on a newer base image instead
    /// (the official images are rebuilt for security updates), and pin what you install.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3035 covers only `zypper dist-upgrade` (its `apt-get upgrade` rule, DL3005,
    /// was removed); dockwright reports every system package upgrade, as Trivy's DS-0024 does for
    /// `apt-get dist-upgrade`.
    ///
    /// ## Fix
    /// None.
    pub struct AvoidAptUpgrade {
        code: "DW305",
        name: "avoid-apt-upgrade",
        category: Layers,
        severity: Info,
        aliases: ["DL3035", "DS-0024"],
        fix: None,
        default: true,
        summary: "The installed system packages are upgraded during the build",
    }
}

impl_rule!(AvoidAptUpgrade, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, p) in every_package_command(sem) {
        if !p.manager.is_system() || !matches!(p.action, Action::Upgrade | Action::DistUpgrade) {
            continue;
        }
        // `apt-get upgrade pkg`/`yum update pkg` names packages: an install of newer versions.
        if !p.packages.is_empty() && p.action == Action::Upgrade {
            continue;
        }
        let word = p.action_word.map_or_else(|| p.command().range.clone(), |w| w.range.clone());
        let span = rs.span(&word);
        ctx.report(
            span,
            format!(
                "`{} {}` makes the image depend on the day it was built",
                p.manager.name(),
                rs.script.slice(&word)
            ),
        )
        .help("rebuild on an updated base image instead, and pin the packages you install");
    }
}
