//! What the two version-pinning rules share: walking installs and reporting unpinned packages.

use std::fmt::Write as _;

use crate::rules::Context;
use crate::rules::scripts::{Pinning, every_indexed_package_command, push_name_list, unpinned_packages};
use crate::shell::tools::{Action, PackageCommand, PackageSpec};

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
    let mut unpinned = Vec::new();
    for (rs, index, p) in every_indexed_package_command(sem) {
        if p.action != Action::Install || !(policy.applies)(&p) {
            continue;
        }
        unpinned_packages(sem, rs, index, &p, |spec| (policy.pinning)(&p, spec), &mut unpinned);
        let (Some((first, _)), Some((last, _))) = (unpinned.first(), unpinned.last()) else { continue };
        let span = rs.span(&first.range).cover(rs.span(&last.range));
        let manager = p.invocation.name().unwrap_or(p.manager.name());
        let verb = if unpinned.len() == 1 { "is" } else { "are" };
        let mut message = String::new();
        push_name_list(&mut message, &unpinned, |(_, name)| name);
        // Writing into a String cannot fail.
        let _ = write!(message, " {verb} installed by {manager} without a version");
        ctx.report(span, message).help((policy.help)(&p));
    }
}
