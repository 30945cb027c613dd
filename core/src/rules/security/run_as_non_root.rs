use crate::model::{ImageRef, InstructionKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags an image that runs as root: the stage that is built (or a stage it builds on)
    /// has no `USER` instruction, or its last `USER` is `root` or `0`. Base images known to
    /// run unprivileged already (a `nonroot` tag, `*-unprivileged` images, Chainguard and
    /// Bitnami images) count as non-root.
    ///
    /// ## Why
    /// A process running as root in a container is root on the host's kernel: one escape
    /// from the container, or a writable host mount, and it owns the machine. Most services
    /// need no privilege at all. A system user without a home directory or login shell is
    /// better still (see `harden-user-account`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN adduser --system --no-create-home --shell /bin/false app
    /// COPY app.py /app/
    /// USER app
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Fix
    /// None: creating the user depends on the distribution and on what the service writes.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3002 reports only an explicit `USER root` (in any stage); dockwright also
    /// reports an image that never sets a user, as Trivy's DS-0002 and Checkov's CKV_DOCKER_3 do,
    /// and does not report throw-away build stages that end as root: nothing of them runs.
    pub struct RunAsNonRoot {
        code: "DW201",
        name: "run-as-non-root",
        category: Security,
        severity: Warning,
        aliases: ["DL3002", "DS-0002", "CKV_DOCKER_3", "CKV_DOCKER_8"],
        fix: None,
        default: true,
        summary: "The image runs as root",
    }
}

impl_rule!(RunAsNonRoot, check);

fn check(ctx: &mut Context<'_, '_>) {
    let Some(final_stage) = ctx.semantic.final_stage else { return };
    let facts = &ctx.semantic.stages[final_stage];
    if let Some(user) = facts.user {
        let ins = &ctx.doc.instructions[user];
        let InstructionKind::User(arg) = &ins.kind else { return };
        let Some((name, _)) = arg.user_and_group() else { return };
        if is_root(name) {
            let span = arg.value.as_ref().map_or(ins.span, |w| w.span);
            ctx.report(span, format!("the image runs as `{name}`: the last USER of the final stage is root"))
                .help("switch to an unprivileged user, e.g. `USER app` after creating it with `adduser --system`");
        }
        return;
    }
    // No USER anywhere in the final stage's chain: the base image's user applies.
    let mut root_stage = final_stage;
    while let Some(p) = ctx.semantic.stages[root_stage].parent.filter(|&p| p != root_stage) {
        root_stage = p;
    }
    let Some((_, image)) = ctx.semantic.stage_image(root_stage) else { return };
    if runs_unprivileged(image) {
        return;
    }
    let final_from = &ctx.doc.instructions[ctx.doc.stages[final_stage].from];
    ctx.report(final_from.span, "the image runs as root: no USER instruction in the final stage")
        .help("create an unprivileged user and switch to it: `RUN adduser --system --no-create-home --shell /bin/false app` then `USER app`");
}

fn is_root(user: &str) -> bool {
    let user = user.trim();
    user == "root" || user == "0"
}

/// Base images documented to run as an unprivileged user by default.
fn runs_unprivileged(image: &ImageRef<'_>) -> bool {
    let tag = image.tag.unwrap_or("");
    let text = image.text.to_ascii_lowercase();
    image.has_variables()
        || tag.contains("nonroot")
        || text.contains("unprivileged")
        || text.contains("rootless")
        || image.registry == Some("cgr.dev")
        || image.path.starts_with("bitnami/")
        || image.path == "jenkins/jenkins"
}
