use crate::rules::Context;
use crate::rules::scripts::every_command;
use crate::shell::tools::{AccountSyntax, account};

declare_rule! {
    /// ## What it does
    /// Flags a user created with `useradd` or `adduser` in the image that keeps a login shell
    /// or gets a home directory it does not need.
    ///
    /// ## Why
    /// A service account needs neither. A login shell is what an attacker who gets the account
    /// uses next; a home directory is a writable place most services never touch. A system
    /// account without either is the least a container user can be:
    /// `adduser --system --no-create-home --shell /bin/false app` (Debian),
    /// `adduser -S -H -s /sbin/nologin app` (Alpine), `useradd -r -M -s /usr/sbin/nologin app`.
    /// If the service does write to its home (caches, config), keep the home and say so with a
    /// suppression. Throw-away build stages are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -m app
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd --system --no-create-home --shell /usr/sbin/nologin app
    /// USER app
    /// ```
    ///
    /// ## Fix
    /// None: whether the service writes to its home is not visible in the Dockerfile.
    pub struct HardenUserAccount {
        code: "DW204",
        name: "harden-user-account",
        category: Security,
        severity: Info,
        aliases: [],
        fix: None,
        default: true,
        summary: "A user account keeps a login shell or a home directory it does not need",
    }
}

impl_rule!(HardenUserAccount, check);

const NO_LOGIN: &[&str] =
    &["/bin/false", "/usr/bin/false", "/sbin/nologin", "/usr/sbin/nologin", "/bin/nologin"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        if !sem.in_final_image(rs.instruction) {
            continue;
        }
        let Some(acct) = account(command) else { continue };
        if acct.tool.is_group() || acct.is_membership() {
            continue;
        }
        let shell = acct.shell.as_ref().map(|s| s.value);
        let login_shell = match shell {
            Some(s) => !NO_LOGIN.contains(&s) && !s.contains('$'),
            // Without -s, system accounts of Debian's and BusyBox's adduser get nologin;
            // useradd leaves the field empty (meaning /bin/sh) or uses /bin/bash.
            None => !(acct.system && matches!(acct.syntax, AccountSyntax::Debian | AccountSyntax::BusyBox)),
        };
        let home = acct.create_home == Some(true);
        let problem = match (login_shell, home) {
            (true, true) => "keeps a login shell and gets a home directory",
            (true, false) => "keeps a login shell",
            (false, true) => "gets a home directory",
            (false, false) => continue,
        };
        let who = acct.name.map(|w| w.value.to_string()).unwrap_or_else(|| "the user".to_string());
        let help = match acct.syntax {
            AccountSyntax::BusyBox => {
                "create a system user without home or shell: `adduser -S -H -s /sbin/nologin NAME`"
            }
            AccountSyntax::Debian => {
                "create a system user without home or shell: `adduser --system --no-create-home --shell /bin/false NAME`"
            }
            AccountSyntax::Shadow => {
                "create a system user without home or shell: `useradd -r -M -s /usr/sbin/nologin NAME`"
            }
        };
        ctx.report(rs.span(&command.range), format!("`{who}` {problem} it does not need")).help(help);
    }
}
