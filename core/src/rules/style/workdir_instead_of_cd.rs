use crate::rules::Context;
use crate::rules::scripts::commands;

declare_rule! {
    /// ## What it does
    /// Flags `cd` in a `RUN` script (the first one of each `RUN`), pointing at `WORKDIR`.
    ///
    /// ## Why
    /// A `cd` lasts until the end of its `RUN`, so the next `RUN`, `COPY` or the container's
    /// command start somewhere else again, which readers easily miss. `WORKDIR` says once where
    /// the following instructions run, creates the directory if needed, and is visible in the
    /// image's metadata. A `cd` into a scratch directory to build something and leave is fine:
    /// suppress the rule there, or run it in a subshell and accept the finding as a reminder.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY . /app
    /// RUN cd /app && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// ```
    ///
    /// ## Fix
    /// None: the directory may matter to later commands of the same `RUN`.
    ///
    /// ## Divergences from hadolint
    /// None in what is found: like hadolint's DL3003, every `cd` of the script counts (in
    /// subshells and substitutions too), one finding per `RUN`, and `cd` inside an `sh -c '...'`
    /// string does not (that shell's directory is its own business). `ONBUILD RUN` triggers
    /// are checked too.
    pub struct WorkdirInsteadOfCd {
        code: "DW440",
        name: "workdir-instead-of-cd",
        category: Style,
        severity: Style,
        aliases: ["DL3003", "DS-0013"],
        fix: None,
        default: true,
        summary: "A RUN changes directory with cd instead of WORKDIR",
    }
}

impl_rule!(WorkdirInsteadOfCd, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for i in 0..ctx.doc.instructions.len() {
        let first = commands(sem, i).find(|(_, _, c)| c.parent.is_none() && c.name() == Some("cd"));
        if let Some((rs, _, command)) = first {
            let target = command.args().first().map_or("~".to_string(), |w| w.value.to_string());
            ctx.report(
                rs.span(&command.range),
                format!("`cd {target}` lasts only until the end of this RUN"),
            )
            .help(format!("use `WORKDIR {target}` before the RUN"));
        }
    }
}
