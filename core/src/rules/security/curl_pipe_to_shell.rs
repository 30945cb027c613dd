use crate::rules::Context;
use crate::rules::scripts::every_command;
use crate::shell::tools::{download, executed_by};

declare_rule! {
    /// ## What it does
    /// Flags a download that is run straight away: `curl ... | sh`, `wget -qO- ... | bash`,
    /// `sh -c "$(curl ...)"`, `bash <(curl ...)`, `curl ... | python3 -`.
    ///
    /// ## Why
    /// The script runs with the build's privileges without ever being checked: a compromised
    /// or changed server, a truncated download or a redirect changes the image silently. Fetch
    /// the file, verify its checksum (or signature), then run it; better still, install the tool
    /// from a package or copy it from an official image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
    ///  && echo "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae  /tmp/install.sh" | sha256sum -c - \
    ///  && sh /tmp/install.sh && rm /tmp/install.sh
    /// ```
    ///
    /// ## Fix
    /// None: the checksum has to come from a trusted source.
    pub struct CurlPipeToShell {
        code: "DW205",
        name: "curl-pipe-to-shell",
        category: Security,
        severity: Warning,
        aliases: [],
        fix: None,
        default: true,
        summary: "A downloaded script is run without being verified",
    }
}

impl_rule!(CurlPipeToShell, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, index, command) in every_command(sem) {
        let Some(dl) = download(command) else { continue };
        let Some(runner) = executed_by(&rs.script, index) else { continue };
        let tool = if dl.tool == crate::shell::tools::DownloadTool::Curl { "curl" } else { "wget" };
        let runner_name = runner.unwrap_wrappers().name().unwrap_or("a shell").to_string();
        let span = rs.span(&command.range).cover(rs.span(&runner.range));
        ctx.report(span, format!("the {tool} download is run by `{runner_name}` without being verified"))
            .help("download to a file, check its sha256 (or signature), then run it");
    }
}
