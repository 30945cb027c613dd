use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE 22` (or a range that includes port 22).
    ///
    /// ## Why
    /// A container is not a virtual machine: to get a shell in it, use `docker exec` (or
    /// `kubectl exec`). Running an SSH server means another daemon, keys to manage and a
    /// remote login surface on every copy of the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// EXPOSE 22 8080
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix
    /// None: the SSH server itself has to go too.
    pub struct ExposeSshPort {
        code: "DW203",
        name: "expose-ssh-port",
        category: Security,
        severity: Warning,
        aliases: ["CKV_DOCKER_1", "DS-0004"],
        fix: None,
        default: true,
        summary: "The image exposes the SSH port",
    }
}

impl_rule!(ExposeSshPort, check);

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let InstructionKind::Expose(expose) = &ins.effective().kind else { continue };
        for (word, spec) in expose.specs() {
            if spec.is_some_and(|s| s.error.is_none() && s.start <= 22 && 22 <= s.end) {
                ctx.report(
                    word.span,
                    "port 22 is exposed: containers are entered with `docker exec`, not SSH",
                );
            }
        }
    }
}
