use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::scripts::{every_command, is_editable};
use crate::shell::{Command, OptionSpec, Options, Word, basename, is_reserved_word};

declare_rule! {
    /// ## What it does
    /// Flags `sudo` in a `RUN` script, also behind other wrappers (`env sudo ...`,
    /// `nice sudo ...`) and in `ONBUILD RUN` triggers.
    ///
    /// ## Why
    /// A build runs as root unless a `USER` says otherwise, so `sudo` adds nothing but a
    /// different environment (it resets `PATH` and most variables, so `ENV` settings silently
    /// stop applying). When the build does run as another user, `sudo` working means the
    /// image ships a passwordless sudo rule: anyone who gets that user is root. Switch users
    /// with `USER root` ... `USER app` around the steps that need it, and use `gosu` or
    /// `su-exec` in entrypoints that must drop privileges at run time.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN sudo apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// USER root
    /// RUN apt-get update
    /// ```
    ///
    /// ## Fix
    /// Unsafe, and only where the build still runs as root (no `USER` before it in the stage or
    /// the stages it builds on) and `sudo` has no options: removes `sudo`. The command then sees
    /// the image's `ENV` settings, which `sudo` had reset. No fix when a redirection stands
    /// between `sudo` and the command, when the command is a word the shell reserves
    /// (`sudo }` runs a program named `}`; without `sudo` it would close a group), or when it
    /// starts with a space other than a blank (a no-break space names a program after `sudo`,
    /// but BuildKit trims it from the start of a `RUN`).
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3004 misses `sudo` behind another wrapper (`env sudo ...`) and inside
    /// `sh -c '...'` strings; both are reported here.
    pub struct SudoInRun {
        code: "DW230",
        name: "sudo-in-run",
        category: Security,
        severity: Error,
        aliases: ["DL3004", "DS-0010", "CKV2_DOCKER_1"],
        fix: Unsafe,
        default: true,
        summary: "sudo is used in a RUN",
    }
}

impl_rule!(SudoInRun, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        // (`ends_with` first: the cheap test rules out nearly every word.)
        let is_sudo = |w: &Word<'_>| w.value.ends_with("sudo") && basename(&w.value) == "sudo";
        let Some(at) = command.words.iter().position(is_sudo) else { continue };
        // `sudo` must be the command or one of the wrappers in front of it, not an argument.
        let inv = command.unwrap_wrappers();
        if at != 0 && !inv.is_wrapped_by("sudo") {
            continue;
        }
        let as_root = builds_as_root(ctx, rs.instruction);
        let sudo = &command.words[at];
        let target = sudo_user(&command.words[at..]);
        let (message, help) = match (&target, as_root) {
            (Some(user), _) => (
                format!("`sudo -u {user}` in a RUN: sudo stays in the image just to switch users"),
                format!("run the step under `USER {user}`, or use `setpriv`/`gosu` within the RUN"),
            ),
            (None, true) => (
                "`sudo` in a RUN: the build already runs as root".to_string(),
                "drop `sudo`; switch users with `USER` where the build must run unprivileged".to_string(),
            ),
            (None, false) => (
                "`sudo` in a RUN: it works only if the image grants the user passwordless sudo".to_string(),
                "run the step under `USER root` and switch back with `USER` afterwards".to_string(),
            ),
        };
        let finding = ctx.report(rs.span(&sudo.range), message);
        finding.help(help);
        if as_root && is_editable(rs, command) && removable_sudo(command, at) {
            let next = &command.words[at + 1];
            let span = rs.span(&(sudo.range.start..next.range.start));
            finding.fix(Fix::unsafe_("Remove `sudo`", vec![Edit::delete(span)]));
        }
    }
}

/// The user of `sudo -u USER` (`--user=USER`), given the words from `sudo` on.
fn sudo_user(words: &[Word<'_>]) -> Option<String> {
    let spec =
        OptionSpec { takes_value: &["-u", "--user"], stop_at_positional: true, ..OptionSpec::default() };
    let mut options = Options::new(words.get(1..)?, spec);
    let user = options.find(|o| o.is(Some('u'), &["--user"]))?;
    user.value().map(|v| v.value.to_string())
}

/// `sudo cmd ...` with nothing between `sudo` and the command that removing `sudo` would change:
/// no options or assignments, no redirection (which the deletion would take along), and a
/// command that is no reserved word once it stands first (`sudo }` runs a program named `}`;
/// `}` alone closes a group) and does not start with whitespace BuildKit trims (a no-break
/// space is a word to the shell, but first in a `RUN` it is dropped).
fn removable_sudo(command: &Command<'_>, at: usize) -> bool {
    let (Some(sudo), Some(next)) = (command.words.get(at), command.words.get(at + 1)) else { return false };
    let between = sudo.range.end..next.range.start;
    !next.value.starts_with('-')
        && next.assignment().is_none()
        && !is_reserved_word(next.raw)
        && !next.raw.starts_with(char::is_whitespace)
        && !command.redirects.iter().any(|r| between.contains(&r.range.start))
}

/// Whether no `USER` precedes instruction `i` in its stage or in the stages it builds on.
fn builds_as_root(ctx: &Context<'_, '_>, i: usize) -> bool {
    let doc = ctx.doc;
    let Some(stage) = doc.stage_of(i) else { return false };
    let is_user = |j: usize| matches!(doc.instructions[j].kind, InstructionKind::User(_));
    if doc.stages[stage].body().take_while(|&j| j < i).any(is_user) {
        return false;
    }
    let mut parent = ctx.semantic.stages[stage].parent;
    for _ in 0..doc.stages.len() {
        match parent {
            Some(p) if ctx.semantic.stages[p].user.is_some() => return false,
            Some(p) => parent = ctx.semantic.stages[p].parent,
            None => return true,
        }
    }
    false
}
