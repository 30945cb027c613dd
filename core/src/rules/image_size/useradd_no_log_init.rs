use crate::diagnostic::Fix;
use crate::rules::Context;
use crate::rules::scripts::{every_command, insert_after, variable_words};
use crate::shell::tools::{AccountTool, account};

declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a large numeric uid (100000 or more) without `-l`
    /// (`--no-log-init`), in a layer that ships in the image. A uid given by a variable is
    /// judged by the value the file gives it (`ARG UID=1000`).
    ///
    /// ## Why
    /// `useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, files
    /// indexed by uid. For a uid of a million that is a sparse file of about 300 MB, which
    /// the layer tarball stores in full: the image grows by hundreds of megabytes, and builds
    /// can fail for lack of disk space. `-l` skips those records, which a container never
    /// reads. Throw-away build stages are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -u 1000000 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -l -u 1000000 app
    /// ```
    ///
    /// ## Fix
    /// Safe: inserts `-l` after `useradd`; only the login records are skipped.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3046 reports any uid given by a variable, whatever its value, misses
    /// `--uid=N`, and also reports throw-away build stages.
    pub struct UseraddNoLogInit {
        code: "DW113",
        name: "useradd-no-log-init",
        category: ImageSize,
        severity: Warning,
        aliases: ["DL3046"],
        fix: Safe,
        default: true,
        summary: "useradd with a large uid writes a huge sparse lastlog file",
    }
}

impl_rule!(UseraddNoLogInit, check);

/// From here on the lastlog file reaches tens of megabytes.
const LARGE_UID: u64 = 100_000;

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, index, command) in every_command(sem) {
        if !sem.in_final_image(rs.instruction) {
            continue;
        }
        let Some(acct) = account(command) else { continue };
        if acct.tool != AccountTool::Useradd || acct.no_log_init {
            continue;
        }
        let Some(id) = &acct.id else { continue };
        let uid = match variable_words(sem, rs, index, id.value).as_deref() {
            Some([value]) => value.parse::<u64>().ok(),
            Some(_) => None,
            None => id.value.parse::<u64>().ok(),
        };
        let Some(uid) = uid.filter(|&u| u >= LARGE_UID) else { continue };
        let Some(useradd) = acct.invocation.words.first() else { continue };
        let finding = ctx.report(
            rs.span(&id.range),
            format!("uid {uid} without -l makes useradd write a huge sparse /var/log/lastlog"),
        );
        finding.help("add -l (--no-log-init)");
        if let Some(edit) = insert_after(rs, command, useradd, " -l") {
            finding.fix(Fix::safe("Add -l", vec![edit]));
        }
    }
}
