use crate::rules::Context;
use crate::rules::scripts::every_command;

declare_rule! {
    /// ## What it does
    /// Flags commands in a `RUN` that make no sense while an image is built: `ssh`, `vim`,
    /// `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`.
    ///
    /// ## Why
    /// A `RUN` step executes once, in a throw-away container, and only its file changes are
    /// kept. A service started there is gone when the step ends, process and memory listings
    /// describe the build machine, an editor waits for a keyboard that is not there, and
    /// `mount` or `shutdown` need privileges a build does not have. Start services from the
    /// entrypoint, edit files with `sed` or a `COPY`, and mount with `RUN --mount`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN service nginx start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix
    /// None: what the command was meant to achieve has to move elsewhere.
    ///
    /// ## Divergences from hadolint
    /// The command is found behind wrappers (`sudo service ...`), by path (`/usr/bin/ssh`) and
    /// in `sh -c '...'` strings, which hadolint's DL3001 does not look into.
    pub struct MeaninglessCommand {
        code: "DW050",
        name: "meaningless-command",
        category: Correctness,
        severity: Info,
        aliases: ["DL3001"],
        fix: None,
        default: true,
        summary: "A RUN uses a command that has no lasting effect in a build",
    }
}

impl_rule!(MeaninglessCommand, check);

const COMMANDS: &[&str] =
    &["ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        let inv = command.unwrap_wrappers();
        let Some(name) = inv.name().filter(|n| COMMANDS.contains(n)) else { continue };
        let Some(word) = inv.words.first() else { continue };
        ctx.report(rs.span(&word.range), format!("`{name}` has no lasting effect in a build step"))
            .help(help(name));
    }
}

fn help(name: &str) -> &'static str {
    match name {
        "service" => "start services from the entrypoint or CMD: a RUN step's processes end with it",
        "vim" => "edit files with `sed`, a `COPY`, or a heredoc: nobody types during a build",
        "mount" => "use `RUN --mount=...` for build-time mounts",
        _ => "remove it: it only inspects or changes the throw-away build container",
    }
}
