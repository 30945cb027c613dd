use crate::diagnostic::{Edit, Fix};
use crate::model::{InstructionKind, ShellOrExec};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` in shell form (`CMD gunicorn app:server`), and
    /// `HEALTHCHECK CMD` in shell form.
    ///
    /// ## Why
    /// Shell form runs the command as `/bin/sh -c "..."`: the shell becomes PID 1 and does
    /// not forward signals, so `docker stop` waits its full timeout and then kills the
    /// process without a clean shutdown. With an `ENTRYPOINT` in shell form, `CMD` and
    /// `docker run` arguments are ignored too. Exec form (a JSON array) runs the program
    /// directly.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD gunicorn --bind 0.0.0.0:8000 app:server
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:server"]
    /// ```
    ///
    /// ## Fix
    /// Unsafe: rewrites a simple command (words without quotes, variables, globs, operators or
    /// redirections) as a JSON array. Unsafe because the program then runs without a shell.
    /// No fix is offered when a `SHELL` instruction chose the shell on purpose.
    ///
    /// BuildKit's JSONArgsRecommended stays silent once a `SHELL` is set and ignores
    /// `HEALTHCHECK`; hadolint's DL3025 reports both, as this rule does: the shell is PID 1 either
    /// way, and a shell-form healthcheck fails in images without a shell (distroless, scratch).
    pub struct ExecFormCmd {
        code: "DW403",
        name: "exec-form-cmd",
        category: Style,
        severity: Warning,
        aliases: ["DL3025", "JSONArgsRecommended"],
        fix: Unsafe,
        default: true,
        summary: "CMD or ENTRYPOINT in shell form does not receive signals",
    }
}

impl_rule!(ExecFormCmd, check);

fn check(ctx: &mut Context<'_, '_>) {
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        let ins_eff = ins.effective();
        let what = match &ins_eff.kind {
            InstructionKind::Cmd(_) | InstructionKind::Entrypoint(_) => Kind::Process,
            InstructionKind::Healthcheck(h) if !h.is_none() => Kind::Healthcheck,
            _ => continue,
        };
        let Some(ShellOrExec::Shell { command }) = ins_eff.command() else { continue };
        let explicit_shell = ctx.semantic.shell_instruction(i);
        let shell = match explicit_shell.and_then(|s| s.command()) {
            Some(ShellOrExec::Exec { args, .. }) => {
                args.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(" ")
            }
            _ if ctx.semantic.is_windows_stage(i) => "cmd /S /C".to_string(),
            _ => "/bin/sh -c".to_string(),
        };
        let message = match what {
            Kind::Process => format!(
                "{} in shell form runs under `{shell}`, which does not pass signals to the program",
                ins_eff.keyword
            ),
            Kind::Healthcheck => {
                format!("HEALTHCHECK CMD in shell form needs `{shell}` in the image to run")
            }
        };
        let finding = ctx.report(command.span, message);
        finding.help("write it as a JSON array, e.g. [\"program\", \"arg\"]");
        // With an explicit SHELL the author chose a shell on purpose: no automatic rewrite.
        if explicit_shell.is_none()
            && let Some(json) = exec_form(&command.text)
        {
            finding.fix(Fix::unsafe_("Convert to exec form", vec![Edit::replace(command.span, json)]));
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Process,
    Healthcheck,
}

/// The JSON array for a command made only of plain words; `None` if it needs a shell, or holds
/// a control character (raw in a JSON string it is not JSON, and BuildKit would run the array
/// as a shell command).
pub(crate) fn exec_form(command: &str) -> Option<String> {
    let needs_shell = |c: char| "$`'\"\\|&;<>()*?[]{}~#!".contains(c) || (c.is_control() && c != '\t');
    if command.contains(needs_shell) {
        return None;
    }
    // Split where the shell splits: a no-break space is part of a word to it.
    let words: Vec<String> =
        command.split([' ', '\t']).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"")).collect();
    (!words.is_empty()).then(|| format!("[{}]", words.join(", ")))
}
