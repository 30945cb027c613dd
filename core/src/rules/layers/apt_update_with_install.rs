use crate::rules::Context;
use crate::rules::scripts::package_commands;
use crate::shell::tools::Action;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that refreshes the package index (`apt-get update`, `apk update`,
    /// `zypper refresh`, `yum makecache`...) without installing anything in the same `RUN`.
    ///
    /// ## Why
    /// The build cache keeps the layer of a `RUN apt-get update` as long as its text does not
    /// change. A later `RUN apt-get install foo` then runs against package lists that may be
    /// months old: it installs outdated versions, or fails when the mirror has moved on. Update
    /// and install in the same `RUN`, so that changing the package list also refreshes the
    /// index. This matters in every stage, builders included.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// None: joining the two `RUN`s is `combine-consecutive-run`'s fix when they are adjacent.
    pub struct AptUpdateWithInstall {
        code: "DW302",
        name: "apt-update-with-install",
        category: Layers,
        severity: Warning,
        aliases: ["DS-0017", "CKV_DOCKER_5"],
        fix: None,
        default: true,
        summary: "The package index is updated in a RUN that installs nothing",
    }
}

impl_rule!(AptUpdateWithInstall, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for i in 0..ctx.doc.instructions.len() {
        let mut update = None;
        let mut installs_or_upgrades = false;
        for (rs, p) in package_commands(sem, i) {
            if !p.manager.is_system() {
                continue;
            }
            match p.action {
                Action::Update => {
                    update.get_or_insert((rs.span(&p.command().range), p.manager));
                }
                Action::Install | Action::Upgrade | Action::DistUpgrade => installs_or_upgrades = true,
                _ => {}
            }
        }
        if let (Some((span, manager)), false) = (update, installs_or_upgrades) {
            ctx.report(
                span,
                format!(
                    "`{} update` runs alone: a later install will use a stale cached index",
                    manager.name()
                ),
            )
            .help("update and install in the same RUN: `apt-get update && apt-get install -y ...`");
        }
    }
}
