use crate::diagnostic::{Edit, Fix};
use crate::rules::Context;
use crate::rules::scripts::{every_package_command, is_editable};
use crate::shell::tools::Manager;

declare_rule! {
    /// ## What it does
    /// Flags the `apt` command in a `RUN`.
    ///
    /// ## Why
    /// `apt` is the interactive front end: its output (progress bars, colours) and its
    /// behaviour may change between releases, and it warns "apt does not have a stable CLI
    /// interface" when used in scripts. `apt-get` and `apt-cache` are the stable interfaces
    /// meant for scripts, which is what a Dockerfile is.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Unsafe: replaces `apt` with `apt-get` (or `apt-cache` for `search`, `show`, `policy`,
    /// `depends`, `rdepends`). The result differs slightly: `apt upgrade` also installs new
    /// dependencies where `apt-get upgrade` holds packages back, and `apt` deletes the
    /// downloaded `.deb` files where `apt-get` keeps them unless the base image is configured
    /// to clean them (the official Debian and Ubuntu images are). No fix for commands with
    /// no `apt-get` counterpart (`apt list`, `apt edit-sources`).
    pub struct PreferAptGet {
        code: "DW441",
        name: "prefer-apt-get",
        category: Style,
        severity: Warning,
        aliases: ["DL3027", "CKV_DOCKER_9"],
        fix: Unsafe,
        default: true,
        summary: "apt is used in a script instead of apt-get",
    }
}

impl_rule!(PreferAptGet, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, p) in every_package_command(sem) {
        if p.manager != Manager::Apt {
            continue;
        }
        let Some(apt) = p.invocation.words.first() else { continue };
        let replacement = match p.action_word.map(|w| w.value.as_ref()) {
            Some("search" | "show" | "policy" | "depends" | "rdepends" | "showsrc") => Some("apt-cache"),
            Some(
                "install" | "reinstall" | "remove" | "purge" | "autoremove" | "autopurge" | "update"
                | "upgrade" | "dist-upgrade" | "clean" | "autoclean" | "source" | "build-dep" | "download"
                | "satisfy" | "changelog",
            ) => Some("apt-get"),
            _ => None,
        };
        let finding =
            ctx.report(rs.span(&apt.range), "`apt` is meant for people; scripts should use `apt-get`");
        finding.help(format!("use `{}` instead", replacement.unwrap_or("apt-get or apt-cache")));
        if let Some(replacement) = replacement
            && apt.is("apt")
            && is_editable(rs, p.command())
        {
            finding.fix(Fix::unsafe_(
                format!("Use {replacement}"),
                vec![Edit::replace(rs.span(&apt.range), replacement)],
            ));
        }
    }
}
