use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::scripts::{LaterInLineage, append_command, commands, package_commands};
use crate::shell::tools::{Action, Manager, package_command, removal};

declare_rule! {
    /// ## What it does
    /// Flags `yarn install` (also bare `yarn`, `yarn add`, `yarn global add`) in a layer that
    /// ships in the image when the same `RUN` does not run `yarn cache clean` (or remove the
    /// cache directory) and no cache or tmpfs mount covers yarn's cache.
    ///
    /// ## Why
    /// Yarn keeps a copy of every package it fetched in its global cache
    /// (`/usr/local/share/.cache/yarn` for root), often as large as `node_modules` itself.
    /// Nothing reads it at run time. Throw-away build stages are not judged: there the cache
    /// costs nothing, and a cache mount makes rebuilds faster.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix
    /// Safe: appends `yarn cache clean` to the end of the `RUN`, following its layout. Not
    /// offered when a later `RUN` built on this one installs with `--offline` (it needs the
    /// cache), nor for heredocs or commands that end in a comment.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3060 checks `yarn install` only, also in throw-away build stages, and does
    /// not accept a removed cache directory.
    pub struct YarnCacheClean {
        code: "DW112",
        name: "yarn-cache-clean",
        category: ImageSize,
        severity: Info,
        aliases: ["DL3060"],
        fix: Safe,
        default: true,
        summary: "yarn leaves its package cache in the layer",
    }
}

impl_rule!(YarnCacheClean, check);

fn is_yarn_cache(path: &str) -> bool {
    path.contains(".cache/yarn") || path.contains("/yarn-cache") || path.ends_with("/.yarn/cache")
}

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    let mut later_offline = None;
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        if !sem.in_final_image(i) {
            continue;
        }
        let mounted = match &ins.effective().kind {
            InstructionKind::Run(run) => {
                run.mounts.iter().any(|m| m.target.as_deref().is_some_and(is_yarn_cache))
            }
            _ => false,
        };
        let Some((rs, install)) =
            package_commands(sem, i).find(|(_, p)| p.manager == Manager::Yarn && p.action == Action::Install)
        else {
            continue;
        };
        let folder = install.option_value(None, &["--cache-folder"]);
        let cleaned = commands(sem, i).any(|(_, _, c)| {
            package_command(c).is_some_and(|p| p.manager == Manager::Yarn && p.action == Action::Clean)
                || removal(c).is_some_and(|r| {
                    r.targets.iter().any(|t| is_yarn_cache(&t.value))
                        || folder.as_ref().is_some_and(|f| r.covers(f.value))
                })
        });
        if mounted || cleaned {
            continue;
        }
        let later_offline =
            later_offline.get_or_insert_with(|| LaterInLineage::new(sem, |j| offline_install(ctx, j)));
        let fix = match later_offline.any_after(i) {
            true => None,
            false => append_command(sem, i, "yarn cache clean"),
        };
        let finding =
            ctx.report(rs.span(&install.command().range), "yarn leaves its package cache in this layer");
        finding.help("end the RUN with `&& yarn cache clean`, or mount a cache on yarn's cache folder");
        if let Some((at, text)) = fix {
            finding.fix(Fix::safe("Run `yarn cache clean` in the same RUN", vec![Edit::insert(at, text)]));
        }
    }
}

/// Whether instruction `j` installs from yarn's cache alone (so an earlier layer must keep it).
fn offline_install(ctx: &Context<'_, '_>, j: usize) -> bool {
    package_commands(ctx.semantic, j)
        .any(|(_, p)| p.manager == Manager::Yarn && p.has_option(None, &["--offline"]))
}
