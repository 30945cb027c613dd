use crate::diagnostic::{Edit, Fix};
use crate::model::{ShellOrExec, Word};
use crate::rules::Context;
use crate::rules::scripts::is_editable;
use crate::semantic::ScriptOrigin;
use crate::shell::{Command, Opt, OptionSpec, Script, basename};

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` whose script pipes one command into another (`curl ... | tar -x`) while
    /// neither the `SHELL` in force (`-o pipefail`) nor the script itself (`set -o pipefail`,
    /// `set -euo pipefail`) turns on `pipefail`.
    ///
    /// ## Why
    /// A pipeline's exit status is its last command's. When `curl` fails (no network, a 404 with
    /// `-f`), `tar` or `sh` reading its empty output may still succeed, and the build goes on
    /// with a step that did nothing. With `pipefail` the failure stops the build. Set it once,
    /// in `SHELL`, and every pipeline is covered, even those whose writer cannot fail
    /// (`echo ... | sha256sum -c -`), which are reported too. Pipelines fed by `yes` are not:
    /// `yes` dies of a broken pipe when its reader is done, so `pipefail` would fail the build.
    ///
    /// `/bin/sh` is `dash` on Debian and Ubuntu, and older `dash` has no `pipefail`: there,
    /// switch the shell with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`. On Alpine,
    /// BusyBox `sh` supports `set -o pipefail`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// SHELL ["/bin/bash", "-c"]
    /// RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    /// ```
    ///
    /// ## Fix
    /// Unsafe, only under an explicit `SHELL` known to have `pipefail` (bash, zsh, ksh, ash,
    /// BusyBox): starts the script with `set -o pipefail;`. A pipeline that failed quietly
    /// before now fails the build, which is the point, but it changes what the build does.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL4006 ignores `set -o pipefail` in the script itself, and reports pipelines
    /// fed by `yes`; neither is reported here. Pipes in a heredoc given to a shell
    /// (`RUN bash <<EOF`) and in `ONBUILD RUN` triggers are checked, and pipes inside
    /// `sh -c '...'` strings are not (the string runs in a shell of its own, which `SHELL`
    /// does not reach). A `|` inside quotes is not a pipe, also where comment lines interrupt
    /// the `RUN` (hadolint misreads those).
    pub struct MissingPipefail {
        code: "DW052",
        name: "missing-pipefail",
        category: Correctness,
        severity: Warning,
        aliases: ["DL4006"],
        fix: Unsafe,
        default: true,
        summary: "A failure on the left of a pipe does not fail the RUN",
    }
}

impl_rule!(MissingPipefail, check);

/// Shells whose `set -o pipefail` is known to work.
const PIPEFAIL_SHELLS: &[&str] = &["bash", "zsh", "ksh", "mksh", "ash", "busybox"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for i in 0..ctx.doc.instructions.len() {
        let scripts = sem.scripts_of(i);
        let Some(first) = scripts.first() else { continue };
        let shell = sem.shell_instruction(i).and_then(|s| s.command());
        let shell_args: &[Word<'_>] = match shell {
            Some(ShellOrExec::Exec { args, .. }) => args,
            _ => &[],
        };
        let shell_pipefail = sets_pipefail(shell_args);
        // A heredoc beside a command line is read by a shell that command starts.
        let own_shell = first.origin == ScriptOrigin::Command;
        let ins = ctx.doc.instructions[i].effective();
        for rs in scripts {
            let inherited = match rs.origin {
                ScriptOrigin::Command => shell_pipefail,
                ScriptOrigin::Heredoc(k) => {
                    (!own_shell && shell_pipefail)
                        || ins
                            .heredocs
                            .get(k)
                            .and_then(|h| h.shebang())
                            .is_some_and(|s| s.contains("pipefail"))
                }
                ScriptOrigin::ExecShell => match ins.command() {
                    Some(ShellOrExec::Exec { args, .. }) => sets_pipefail(args),
                    _ => false,
                },
            };
            if inherited {
                continue;
            }
            let Some((writer, reader)) = unguarded_pipe(&rs.script) else { continue };
            let script = &rs.script;
            let span = rs.span(&script.commands[writer].range).cover(rs.span(&script.commands[reader].range));
            let finding = ctx.report(
                span,
                "a failure left of this `|` goes unnoticed: the pipeline's status is its last command's",
            );
            finding.help("set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`, or start the script with `set -o pipefail`");
            let program = shell_args.first().map(|w| basename(&w.text)).unwrap_or("");
            if rs.origin == ScriptOrigin::Command
                && PIPEFAIL_SHELLS.contains(&program)
                && !script.incomplete
                && let Some(command) = script.commands.first()
                && is_editable(rs, command)
            {
                let at = rs.span(&(0..0)).start;
                finding.fix(Fix::unsafe_(
                    "Start the script with `set -o pipefail`",
                    vec![Edit::insert(at, "set -o pipefail; ")],
                ));
            }
            break;
        }
    }
}

/// Shell arguments that turn `pipefail` on: `-o pipefail`, `-euxo pipefail`.
fn sets_pipefail(args: &[Word<'_>]) -> bool {
    args.windows(2).any(|w| {
        let flag = w[0].text.as_ref();
        flag.starts_with('-') && !flag.starts_with("--") && flag.ends_with('o') && w[1].text == "pipefail"
    })
}

/// The first pipe (writer, reader) that runs without `pipefail` and whose writer can fail.
fn unguarded_pipe(script: &Script<'_>) -> Option<(usize, usize)> {
    let mut pipefail = false;
    for (index, command) in script.commands.iter().enumerate() {
        // An `sh -c` string runs in a shell of its own.
        if command.parent.is_some() {
            continue;
        }
        if !command.in_substitution && command_sets_pipefail(command) {
            pipefail = true;
        }
        if pipefail || !command.piped_to_next || cannot_fail(command) {
            continue;
        }
        if let Some(reader) = script.pipe_reader(index) {
            return Some((index, reader));
        }
    }
    None
}

/// `set -o pipefail`, `set -euo pipefail`, `set -e -o pipefail`.
fn command_sets_pipefail(command: &Command<'_>) -> bool {
    if command.name() != Some("set") {
        return false;
    }
    let spec = OptionSpec { takes_value: &["-o"], ..OptionSpec::default() };
    command.invocation().options(spec).any(|o| match &o {
        Opt::Short { letter: 'o', value: Some(v), .. } => v.value == "pipefail",
        _ => false,
    })
}

/// `yes` never ends by itself: it dies of a broken pipe when its reader exits, so under
/// `pipefail` the pipeline would fail the build.
fn cannot_fail(command: &Command<'_>) -> bool {
    command.name() == Some("yes")
}
