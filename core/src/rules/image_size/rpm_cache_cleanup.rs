use crate::diagnostic::{Edit, Fix};
use crate::rules::Context;
use crate::rules::scripts::{LaterInLineage, append_command, commands, mount_covers, package_commands};
use crate::shell::tools::{Action, Manager, PackageCommand, removal};

declare_rule! {
    /// ## What it does
    /// Flags `yum`, `dnf`, `microdnf`, `tdnf` or `zypper` installing or upgrading packages in a
    /// layer that ships in the image when the same `RUN` does not clean the package cache
    /// (`yum clean all`, `dnf clean all`, `zypper clean`, or `rm -rf /var/cache/yum`,
    /// `/var/cache/dnf`, `/var/cache/zypp`) and no cache or tmpfs mount covers it.
    ///
    /// ## Why
    /// These managers keep repository metadata and, depending on the distribution, the
    /// downloaded packages under `/var/cache`: often a hundred megabytes or more that nothing
    /// reads at run time. Cleaned in a later `RUN`, they still weigh on the earlier layer.
    /// A `RUN --mount=type=cache,target=/var/cache/dnf` keeps them out of the image and speeds
    /// up rebuilds. Throw-away build stages are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install -y httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Safe: appends `<manager> clean all` (`zypper clean --all`) to the end of the `RUN`,
    /// following its layout. The managers download metadata again when they need it, so later
    /// installs still work; the fix is not offered when a later `RUN` built on this one reads
    /// the cache only (`-C`/`--cacheonly`, zypper's `--no-refresh`), nor for heredocs or
    /// commands that end in a comment.
    ///
    /// ## Divergences from hadolint
    /// hadolint (DL3032, DL3036, DL3040) also reports throw-away build stages, checks `install`
    /// only (not upgrades, `groupinstall` or `localinstall`) and not `tdnf`, does not accept a
    /// cache mount for dnf, and misses a `clean` that follows a comment line inside the `RUN`.
    pub struct RpmCacheCleanup {
        code: "DW111",
        name: "rpm-cache-cleanup",
        category: ImageSize,
        severity: Warning,
        aliases: ["DL3032", "DL3036", "DL3040", "DS-0015", "DS-0019", "DS-0020", "DS-0027"],
        fix: Safe,
        default: true,
        summary: "yum, dnf or zypper leaves its package cache in the layer",
    }
}

impl_rule!(RpmCacheCleanup, check);

/// The two families whose caches are told apart: the yum/dnf one and zypper's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Rpm,
    Zypper,
}

impl Family {
    fn of(manager: Manager) -> Option<Family> {
        match manager {
            m if m.is_rpm() => Some(Family::Rpm),
            Manager::Zypper => Some(Family::Zypper),
            _ => None,
        }
    }

    fn caches(self) -> &'static [&'static str] {
        match self {
            Family::Rpm => &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"],
            Family::Zypper => &["/var/cache/zypp"],
        }
    }
}

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    // Per family, built when first asked.
    let mut later_cache_only: [Option<LaterInLineage>; 2] = [None, None];
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        if !sem.in_final_image(i) {
            continue;
        }
        for (family, later_cache_only) in [Family::Rpm, Family::Zypper].into_iter().zip(&mut later_cache_only)
        {
            let in_family = |p: &PackageCommand<'_, '_>| Family::of(p.manager) == Some(family);
            let Some((rs, install)) = package_commands(sem, i).find(|(_, p)| {
                in_family(p) && matches!(p.action, Action::Install | Action::Upgrade | Action::DistUpgrade)
            }) else {
                continue;
            };
            let caches = family.caches();
            let cleaned = commands(sem, i).any(|(_, _, c)| {
                removal(c).is_some_and(|r| caches.iter().any(|path| r.covers(path)))
                    || crate::shell::tools::package_command(c)
                        .is_some_and(|p| in_family(&p) && p.action == Action::Clean)
            });
            if cleaned || caches.iter().any(|path| mount_covers(ins, path)) {
                continue;
            }
            let name = install.invocation.name().unwrap_or(install.manager.name()).to_string();
            let clean = match family {
                Family::Rpm => format!("{name} clean all"),
                Family::Zypper => format!("{name} clean --all"),
            };
            let later_cache_only = later_cache_only
                .get_or_insert_with(|| LaterInLineage::new(sem, |j| reads_cache_only(ctx, j, family)));
            let fix = match later_cache_only.any_after(i) {
                true => None,
                false => append_command(sem, i, &clean),
            };
            let finding = ctx
                .report(rs.span(&install.command().range), format!("{name} leaves its cache in this layer"));
            finding.help(format!("end the RUN with `&& {clean}`"));
            if let Some((at, text)) = fix {
                finding
                    .fix(Fix::safe(format!("Run `{clean}` in the same RUN"), vec![Edit::insert(at, text)]));
            }
        }
    }
}

/// Whether instruction `j` installs from the family's cache alone (so an earlier layer must keep it).
fn reads_cache_only(ctx: &Context<'_, '_>, j: usize, family: Family) -> bool {
    package_commands(ctx.semantic, j).any(|(_, p)| {
        Family::of(p.manager) == Some(family)
            && match family {
                Family::Rpm => p.has_option(Some('C'), &["--cacheonly"]),
                Family::Zypper => p.has_option(None, &["--no-refresh"]),
            }
    })
}
