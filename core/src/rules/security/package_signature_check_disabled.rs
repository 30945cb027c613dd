use crate::rules::Context;
use crate::rules::scripts::{every_command, option_extent};
use crate::shell::tools::{Action, Manager, package_command};
use std::ops::Range;

use crate::shell::{Invocation, Opt, OptionSpec};

declare_rule! {
    /// ## What it does
    /// Flags package installs that skip signature checks: apk's `--allow-untrusted`,
    /// apt's `--allow-unauthenticated`, `--force-yes` and
    /// `-o APT::Get::AllowUnauthenticated=true`, `--nogpgcheck` (yum, dnf, microdnf, tdnf)
    /// and `--setopt=gpgcheck=0`, zypper's `--no-gpg-checks`, and rpm's `--nosignature`,
    /// `--nodigest`, `--nofiledigest` and `--noverify`.
    ///
    /// ## Why
    /// Package signatures are what proves a package comes from the distribution (or vendor)
    /// and was not changed on a mirror, a proxy or in transit. Without the check, whoever can
    /// tamper with the download decides what runs in the image, as root. Import the
    /// repository's key instead (`rpm --import`, a keyring under `/etc/apt/keyrings` with
    /// `signed-by=`, apk's `/etc/apk/keys`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache --allow-untrusted /tmp/glibc.apk
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY glibc.rsa.pub /etc/apk/keys/
    /// RUN apk add --no-cache /tmp/glibc.apk
    /// ```
    ///
    /// ## Fix
    /// None: the right key has to be imported first.
    pub struct PackageSignatureCheckDisabled {
        code: "DW231",
        name: "package-signature-check-disabled",
        category: Security,
        severity: Warning,
        aliases: ["CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_11"],
        fix: None,
        default: true,
        summary: "A package install skips the signature check",
    }
}

impl_rule!(PackageSignatureCheckDisabled, check);

const RPM_SKIPS: &[&str] = &["--nosignature", "--nodigest", "--nofiledigest", "--noverify"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        let found = match package_command(command) {
            Some(p) if matches!(p.action, Action::Install | Action::Upgrade | Action::DistUpgrade) => {
                p.options().find(|o| unverified(p.manager, o)).and_then(|o| option_extent(&o))
            }
            Some(_) => None,
            None => rpm_skip(command.unwrap_wrappers()),
        };
        let Some((range, option)) = found else { continue };
        ctx.report(
            rs.span(&range),
            format!("`{option}` installs packages without checking their signatures"),
        )
        .help("import the repository's signing key instead of turning the check off");
    }
}

/// Whether an option of a package-manager command turns signatures off.
fn unverified(manager: Manager, opt: &Opt<'_, '_>) -> bool {
    let (name, value) = match opt {
        Opt::Long { name, value, .. } => (*name, value.as_ref().map(|v| v.value)),
        Opt::Short { letter: 'o', value: Some(v), .. } => ("-o", Some(v.value)),
        _ => return false,
    };
    // `gpgcheck=0`, `*.gpgcheck=0`, `localpkg_gpgcheck=0`; `repo_gpgcheck` is about metadata.
    let gpgcheck_off = |v: Option<&str>| {
        v.and_then(|v| v.split_once('=')).is_some_and(|(k, v)| {
            (k == "gpgcheck" || k.ends_with(".gpgcheck") || k == "localpkg_gpgcheck")
                && matches!(v.to_ascii_lowercase().as_str(), "0" | "false" | "no")
        })
    };
    match manager {
        Manager::Apk => name == "--allow-untrusted",
        m if m.is_apt() => {
            matches!(name, "--allow-unauthenticated" | "--force-yes")
                || (matches!(name, "-o" | "--option")
                    && value.and_then(|v| v.split_once('=')).is_some_and(|(k, v)| {
                        k.eq_ignore_ascii_case("APT::Get::AllowUnauthenticated")
                            && matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes")
                    }))
        }
        m if m.is_rpm() => name == "--nogpgcheck" || (name == "--setopt" && gpgcheck_off(value)),
        Manager::Zypper => name == "--no-gpg-checks",
        _ => false,
    }
}

/// `rpm -i --nosignature ...` and its siblings.
fn rpm_skip(inv: Invocation<'_, '_>) -> Option<(Range<usize>, String)> {
    if inv.name()? != "rpm" {
        return None;
    }
    inv.options(OptionSpec::default()).find_map(|o| match o {
        Opt::Long { word, name, .. } if RPM_SKIPS.contains(&name) => {
            Some((word.range.clone(), name.to_string()))
        }
        _ => None,
    })
}
