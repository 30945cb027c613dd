use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `ADD` of a remote URL (or git repository) without `--checksum`.
    ///
    /// ## Why
    /// Without a checksum the build trusts whatever the server returns today: a compromised or
    /// changed download silently changes the image, and the layer cannot be reproduced.
    /// `--checksum=sha256:...` (for files) or a pinned commit (for git) makes the build fail
    /// instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD https://example.com/tool-1.2.3.tar.gz /tmp/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.3.tar.gz /tmp/
    /// ```
    ///
    /// ## Fix
    /// None: the checksum must come from a trusted source, not from downloading the file now.
    pub struct AddRemoteUrl {
        code: "DW501",
        name: "add-remote-url",
        category: Reproducibility,
        severity: Warning,
        aliases: [],
        fix: None,
        default: true,
        summary: "ADD downloads a URL without --checksum",
    }
}

impl_rule!(AddRemoteUrl, check);

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let ins = ins.effective();
        let InstructionKind::Add(add) = &ins.kind else { continue };
        if ins.flag("checksum").is_some() {
            continue;
        }
        for source in add.sources() {
            let lower = source.text.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("git@") {
                ctx.report(source.span, format!("`{}` is downloaded without --checksum", source.text))
                    .help("add --checksum=sha256:<digest> (a commit for git sources), or download with curl and verify in RUN");
            }
        }
    }
}
