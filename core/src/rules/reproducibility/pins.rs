//! What the two version-pinning rules share: walking installs and reporting unpinned packages.

use crate::rules::Context;
use crate::rules::scripts::{Pinning, every_command, name_list, unpinned_packages};
use crate::shell::tools::{Action, PackageCommand, PackageSpec, package_command};

/// How one pinning rule reads installs.
pub(super) struct PinPolicy {
    /// Whether the rule checks this install command at all.
    pub applies: fn(&PackageCommand<'_, '_>) -> bool,
    /// Whether one package of a checked command names a version.
    pub pinning: fn(&PackageCommand<'_, '_>, &PackageSpec<'_, '_>) -> Pinning,
    /// How to pin with this command's manager.
    pub help: fn(&PackageCommand<'_, '_>) -> &'static str,
}

/// Reports, once per install command, the packages it installs without a version.
pub(super) fn report_unpinned(ctx: &mut Context<'_, '_>, policy: &PinPolicy) {
    let sem = ctx.semantic;
    for (rs, index, command) in every_command(sem) {
        let Some(p) = package_command(command) else { continue };
        if p.action != Action::Install || !(policy.applies)(&p) {
            continue;
        }
        let unpinned = unpinned_packages(sem, rs, index, &p, |spec| (policy.pinning)(&p, spec));
        let (Some((first, _)), Some((last, _))) = (unpinned.first(), unpinned.last()) else { continue };
        let span = rs.span(&first.range).cover(rs.span(&last.range));
        let names: Vec<_> = unpinned.into_iter().map(|(_, n)| n).collect();
        let manager = p.invocation.name().unwrap_or(p.manager.name());
        let verb = if names.len() == 1 { "is" } else { "are" };
        ctx.report(span, format!("{} {verb} installed by {manager} without a version", name_list(&names)))
            .help((policy.help)(&p));
    }
}
