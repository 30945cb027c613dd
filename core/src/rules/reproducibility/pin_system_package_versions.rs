use super::pins::{PinPolicy, report_unpinned};
use crate::rules::Context;
use crate::rules::scripts::Pinning;
use crate::shell::tools::{Manager, PackageCommand, PackageSpec};

declare_rule! {
    /// ## What it does
    /// Flags operating-system packages installed without a version: `apt-get install curl`
    /// rather than `curl=7.88.1-10+deb12u5`, and the same for `apk add`, `yum`, `dnf`,
    /// `microdnf`, `tdnf` and `zypper install`. Accepted as pinned: a version (`=1.2`, apk's
    /// `~1.2`, rpm's `name-1.2`), an apt release (`curl/bookworm-backports`), a local package
    /// file or URL. A package list in a variable (`$PKGS`) is judged by the value the file
    /// gives it, and skipped when the value is not in the file. Package groups (`@core`,
    /// `yum groupinstall`) cannot be pinned and are skipped.
    ///
    /// ## Why
    /// An unpinned install gets whatever the mirror has on the day of the build, so two builds
    /// of the same Dockerfile can differ. Off by default, though: distributions remove
    /// superseded versions from their mirrors (Debian and Alpine within days of a security
    /// update), so pinned OS packages make builds fail until someone bumps the pin, and only
    /// about one Dockerfile in eight pins them in practice. Pin the base image by digest and
    /// let its package set move with it; select this rule where a build must be reproducible
    /// to the package (with a snapshot mirror such as snapshot.debian.org).
    ///
    /// One rule covers every system package manager, since the trade-off is the same for all;
    /// language packages, whose registries keep old versions, are
    /// `pin-language-package-versions`. Selecting or ignoring any of the hadolint codes
    /// (DL3008 apt, DL3018 apk, DL3033 yum, DL3037 zypper, DL3041 dnf) selects or ignores this
    /// whole rule.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is the one the build should use, which only the author knows.
    ///
    /// ## Divergences from hadolint
    /// Off by default (hadolint: on, warning). Package lists in variables are expanded instead
    /// of being reported unseen, and lists from a command substitution (`$(cat pkgs)`) are
    /// skipped; local `.rpm` files, `name-$VERSION` and package groups are not reported for
    /// yum and dnf. `apt install` (hadolint: `apt-get` only), `tdnf`, commands behind wrappers
    /// (`sudo apt-get ...`) and in `sh -c '...'` strings are checked.
    pub struct PinSystemPackageVersions {
        code: "DW530",
        name: "pin-system-package-versions",
        category: Reproducibility,
        severity: Info,
        aliases: ["DL3008", "DL3018", "DL3033", "DL3037", "DL3041"],
        fix: None,
        default: false,
        summary: "An OS package is installed without a version",
    }
}

impl_rule!(PinSystemPackageVersions, check);

fn check(ctx: &mut Context<'_, '_>) {
    report_unpinned(
        ctx,
        &PinPolicy { applies: |p| p.manager.is_system() && !installs_groups(p), pinning, help },
    );
}

/// `yum groupinstall "Development Tools"`, `dnf group install ...`: groups have no versions.
fn installs_groups(p: &PackageCommand<'_, '_>) -> bool {
    p.invocation.args().iter().any(|w| matches!(w.value.as_ref(), "groupinstall" | "group"))
}

fn pinning(p: &PackageCommand<'_, '_>, spec: &PackageSpec<'_, '_>) -> Pinning {
    let pinned = spec.is_path_or_url()
        || spec.version.is_some()
        || match p.manager {
            m if m.is_apt() => spec.name.contains('/'),
            m if m.is_rpm() || m == Manager::Zypper => {
                if spec.name.starts_with('@') {
                    return Pinning::Unknown;
                }
                // `name-1.2-3.el9`, `name-$VERSION`, epochs and module streams (`nodejs:18`).
                spec.name.contains(':') || rpm_versioned(spec.name)
            }
            _ => false,
        };
    if pinned { Pinning::Pinned } else { Pinning::Unpinned }
}

/// RPM's `name-version[-release]`: a dash followed by a digit or a variable.
fn rpm_versioned(name: &str) -> bool {
    name.match_indices('-')
        .any(|(i, _)| i > 0 && name[i + 1..].starts_with(|c: char| c.is_ascii_digit() || c == '$'))
}

fn help(p: &PackageCommand<'_, '_>) -> &'static str {
    match p.manager {
        m if m.is_apt() => "pin with `name=version` (see `apt-cache policy name`)",
        Manager::Apk => "pin with `name=version` or `name~major.minor`",
        Manager::Zypper => "pin with `name=version`",
        _ => "pin with `name-version`",
    }
}
