use crate::diagnostic::{Edit, Fix};
use crate::rules::Context;
use crate::rules::scripts::{LaterInLineage, append_command, mount_covers, package_commands};
use crate::shell::tools::{Action, removal};

declare_rule! {
    /// ## What it does
    /// Flags `apt-get update` + `apt-get install` (or `apt`, `aptitude`) in a layer that ships in
    /// the image when the same `RUN` does not remove the package lists with
    /// `rm -rf /var/lib/apt/lists/*`.
    ///
    /// ## Why
    /// `apt-get update` downloads tens of megabytes of package lists into
    /// `/var/lib/apt/lists`. Removed in the same `RUN`, they never reach a layer; removed in a
    /// later `RUN` (or not at all), they stay in the image forever. A cache or tmpfs mount on
    /// `/var/lib/apt` or `/var/lib/apt/lists` keeps them out of the layer too and is accepted.
    /// (`apt-get clean` is not needed on the official Debian and Ubuntu images: they already
    /// drop downloaded `.deb` files.) Throw-away build stages are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3009 also reports an install whose `RUN` does not update: there the lists
    /// were downloaded by an earlier layer, and deleting them in this one saves nothing, so
    /// dockwright reports the update's layer instead. Throw-away build stages are not judged.
    ///
    /// ## Fix
    /// Safe: appends `rm -rf /var/lib/apt/lists/*` to the end of the `RUN`, following its
    /// layout. Not offered when a later `RUN` of the same image installs with apt without
    /// running `apt-get update` first (it relies on the lists), nor for heredocs or commands
    /// that end in a comment.
    pub struct AptListsCleanup {
        code: "DW105",
        name: "apt-lists-cleanup",
        category: ImageSize,
        severity: Info,
        aliases: ["DL3009"],
        fix: Safe,
        default: true,
        summary: "apt package lists are left in the layer",
    }
}

impl_rule!(AptListsCleanup, check);

const LISTS: &str = "/var/lib/apt/lists";

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    let mut later_needs_lists = None;
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        if !sem.in_final_image(i) {
            continue;
        }
        let Some((rs, install)) =
            package_commands(sem, i).find(|(_, p)| p.manager.is_apt() && p.action == Action::Install)
        else {
            continue;
        };
        // Without an update in this RUN the lists come from an earlier layer: deleting them here
        // would save nothing (that layer is `cleanup-in-later-layer`'s and `apt-update-with-install`'s).
        let updates = package_commands(sem, i).any(|(_, p)| p.manager.is_apt() && p.action == Action::Update);
        if !updates {
            continue;
        }
        let cleaned = crate::rules::scripts::commands(sem, i)
            .any(|(_, _, c)| removal(c).is_some_and(|r| r.covers(LISTS)));
        if cleaned || mount_covers(ins, LISTS) || mount_covers(ins, "/var/lib/apt/lists/partial") {
            continue;
        }
        let span = rs.span(&install.command().range);
        let later_needs_lists = later_needs_lists
            .get_or_insert_with(|| LaterInLineage::new(sem, |j| installs_without_update(ctx, j)));
        let fix = match later_needs_lists.any_after(i) {
            true => None,
            false => append_command(sem, i, "rm -rf /var/lib/apt/lists/*"),
        };
        let finding =
            ctx.report(span, "the apt package lists stay in this layer: remove them in the same RUN");
        finding.help("end the RUN with `&& rm -rf /var/lib/apt/lists/*`");
        if let Some((at, text)) = fix {
            finding.fix(Fix::safe("Remove the apt lists in the same RUN", vec![Edit::insert(at, text)]));
        }
    }
}

/// Whether instruction `j` installs with apt (something other than local files) without updating
/// the lists first: it needs the lists an earlier layer left.
fn installs_without_update(ctx: &Context<'_, '_>, j: usize) -> bool {
    let (mut install, mut update) = (false, false);
    for (_, p) in package_commands(ctx.semantic, j).filter(|(_, p)| p.manager.is_apt()) {
        install |= p.action == Action::Install && !p.specs().all(|s| s.is_path_or_url());
        update |= p.action == Action::Update;
    }
    install && !update
}
