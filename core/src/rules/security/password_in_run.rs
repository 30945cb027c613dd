use crate::rules::Context;
use crate::rules::scripts::every_command;
use crate::shell::{Command, OptionSpec, Word};

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that sets or removes an account password: `chpasswd`, `passwd --stdin`,
    /// `passwd -d`, and `useradd`/`usermod` with `-p`/`--password` (except the locked values
    /// `!`, `*` and `x`).
    ///
    /// ## Why
    /// Build steps are stored in the image's history and in the Dockerfile's repository: a
    /// password written there is known to everyone who can pull the image, hashed or not, and
    /// an account whose password was removed accepts any login. Containers seldom need
    /// passwords at all; when one does, set it at run time from a secret.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd app && echo "app:changeme" | chpasswd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd --system --no-create-home --shell /usr/sbin/nologin app
    /// ```
    ///
    /// ## Fix
    /// None: where the password should come from is a design decision.
    pub struct PasswordInRun {
        code: "DW232",
        name: "password-in-run",
        category: Security,
        severity: Warning,
        aliases: ["CKV2_DOCKER_17"],
        fix: None,
        default: true,
        summary: "A RUN sets or removes an account password",
    }
}

impl_rule!(PasswordInRun, check);

/// Password fields that lock the account rather than set a password.
const LOCKED: &[&str] = &["!", "!!", "*", "x"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        let Some((word, message)) = sets_password(command) else { continue };
        ctx.report(rs.span(&word.range), message)
            .help("do not bake passwords into the image; set one at run time from a secret if it is needed");
    }
}

fn sets_password<'a, 's>(command: &'a Command<'s>) -> Option<(&'a Word<'s>, &'static str)> {
    let inv = command.unwrap_wrappers();
    let first = inv.words.first()?;
    match inv.name()? {
        "chpasswd" => Some((first, "`chpasswd` writes a password that everyone with the image can read")),
        "passwd" => {
            let spec = OptionSpec::default();
            if inv.options(spec).any(|o| o.is(None, &["--stdin"])) {
                Some((first, "`passwd --stdin` writes a password that everyone with the image can read"))
            } else if inv.options(spec).any(|o| o.is(Some('d'), &["--delete"])) {
                Some((first, "`passwd -d` leaves an account that accepts an empty password"))
            } else {
                None
            }
        }
        "useradd" | "usermod" => {
            let value = inv.option_value(Some('p'), &["--password"])?;
            (!LOCKED.contains(&value.value)).then_some((
                value.word,
                "a password set by a build step is readable by everyone with the image",
            ))
        }
        _ => None,
    }
}
