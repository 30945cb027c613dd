use crate::diagnostic::{Edit, Fix};
use crate::model::{InstructionKind, ShellOrExec};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` in shell form (`CMD gunicorn app:server`) in a stage that
    /// has not set a `SHELL` explicitly.
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
    /// If you need shell features, write `SHELL [...]` explicitly and the rule stays silent, as
    /// BuildKit's check does.
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
        if !matches!(ins.kind, InstructionKind::Cmd(_) | InstructionKind::Entrypoint(_)) {
            continue;
        }
        let Some(ShellOrExec::Shell { command }) = ins.command() else { continue };
        if ctx.semantic.shell_instruction(i).is_some() {
            continue;
        }
        let finding = ctx.report(
            command.span,
            format!(
                "{} in shell form runs under `/bin/sh -c`, which does not pass signals to the program",
                ins.keyword
            ),
        );
        finding.help("write it as a JSON array, e.g. [\"program\", \"arg\"]");
        if let Some(json) = exec_form(&command.text) {
            finding.fix(Fix::unsafe_("Convert to exec form", vec![Edit::replace(command.span, json)]));
        }
    }
}

/// The JSON array for a command made only of plain words; `None` if it needs a shell.
pub(crate) fn exec_form(command: &str) -> Option<String> {
    let needs_shell = |c: char| "$`'\"\\|&;<>()*?[]{}~#!\n\r".contains(c);
    if command.contains(needs_shell) {
        return None;
    }
    let words: Vec<String> = command.split_whitespace().map(|w| format!("\"{w}\"")).collect();
    (!words.is_empty()).then(|| format!("[{}]", words.join(", ")))
}
