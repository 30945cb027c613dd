use crate::diagnostic::Fix;
use crate::rules::Context;
use crate::rules::scripts::{every_package_command, insert_after};
use crate::shell::tools::{Action, Manager};

declare_rule! {
    /// ## What it does
    /// Flags an `apt-get` (or `apt`, `aptitude`), `yum`, `dnf`, `microdnf`, `tdnf` or `zypper`
    /// command that installs, removes or upgrades packages without answering its confirmation
    /// prompt in advance: `-y` (`--yes`, `--assume-yes`, `--assumeyes`, apt's `-qq`), or
    /// zypper's `-n`/`--non-interactive`.
    ///
    /// ## Why
    /// A build has no terminal. When the package manager asks "Do you want to continue?" it
    /// reads end-of-file and aborts, so the build fails as soon as the package set pulls in
    /// one more dependency than before. `DEBIAN_FRONTEND=noninteractive` silences debconf
    /// questions, not this prompt.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix
    /// Safe: inserts `-y` after the action (`install -y`), or `-n` after `zypper`; it only
    /// answers the prompt the way a build needs. Unsafe for `microdnf`: before version 3.9
    /// (RHEL 8 based images) it never asks, and rejects `-y`.
    ///
    /// ## Divergences from hadolint
    /// hadolint checks installs only (DL3014, DL3030, DL3034, DL3038), with `apt-get`, yum,
    /// zypper and dnf; removals and upgrades prompt too, and `apt`, `aptitude` and `tdnf` ask
    /// the same question, so all are reported here. `-o APT::Get::Assume-Yes=true` is
    /// accepted, and commands behind wrappers (`sudo apt-get ...`) and inside `sh -c '...'`
    /// strings are checked.
    pub struct InstallWithoutAssumeYes {
        code: "DW051",
        name: "install-without-assume-yes",
        category: Correctness,
        severity: Warning,
        aliases: ["DL3014", "DL3030", "DL3034", "DL3038", "DS-0021"],
        fix: Safe,
        default: true,
        summary: "A package manager would stop at its confirmation prompt",
    }
}

impl_rule!(InstallWithoutAssumeYes, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, p) in every_package_command(sem) {
        let prompts = p.manager.is_apt() || p.manager.is_rpm() || p.manager == Manager::Zypper;
        let changes =
            matches!(p.action, Action::Install | Action::Remove | Action::Upgrade | Action::DistUpgrade);
        if !prompts || !changes || p.assumes_yes() {
            continue;
        }
        let Some(action) = p.action_word else { continue };
        let command = p.command();
        let what = format!("{} {}", p.invocation.name().unwrap_or(p.manager.name()), action.value);
        let finding = ctx.report(
            rs.span(&command.range),
            format!("`{what}` waits for a confirmation that a build cannot give"),
        );
        // zypper's `-n` is a global option, valid for every command; `-y` is not.
        let (after, flag) = match p.manager {
            Manager::Zypper => (p.invocation.words.first().unwrap_or(action), " -n"),
            _ => (action, " -y"),
        };
        finding.help(format!("add{flag} so that it does not ask"));
        if let Some(edit) = insert_after(rs, command, after, flag) {
            // microdnf before 3.9 (RHEL 8 images) never prompts and rejects `-y`.
            let fix = match p.manager {
                Manager::Microdnf => Fix::unsafe_(format!("Add{flag}"), vec![edit]),
                _ => Fix::safe(format!("Add{flag}"), vec![edit]),
            };
            finding.fix(fix);
        }
    }
}
