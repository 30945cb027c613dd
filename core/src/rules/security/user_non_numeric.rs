use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::structure::{is_windows, literal};

declare_rule! {
    /// ## What it does
    /// Flags `USER` with a user name instead of a numeric user id (`USER app`, `USER app:app`).
    /// Users given by a variable, and Windows images (whose users are names), are not judged.
    ///
    /// ## Why
    /// A name is resolved through the image's `/etc/passwd` at run time; the host, a volume's
    /// owner and policies such as Kubernetes' `runAsNonRoot` only see numbers, and the latter
    /// refuses to start a container whose user it cannot verify as non-root.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// USER root
    /// RUN apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// USER 0
    /// RUN apt-get update
    /// ```
    ///
    /// `USER app` is reported the same way; write the id the image gives that user
    /// (`USER 10001`).
    ///
    /// ## Fix
    /// Safe for `root`, which is user (and group) 0 by definition: `USER root` becomes
    /// `USER 0`. Other names need the id the image gives them.
    pub struct UserNonNumeric {
        code: "DW213",
        name: "user-non-numeric",
        category: Security,
        severity: Info,
        aliases: ["DL3066"],
        fix: Safe,
        default: true,
        summary: "USER names a user instead of a numeric id",
    }
}

impl_rule!(UserNonNumeric, check);

fn check(ctx: &mut Context<'_, '_>) {
    let escape = ctx.doc.escape;
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        let InstructionKind::User(user) = &ins.effective().kind else { continue };
        // Windows containers have no numeric ids (`USER ContainerUser`).
        if ctx.doc.stage_of(i).is_some_and(|s| is_windows(ctx.semantic, s, i)) {
            continue;
        }
        let Some(word) = &user.value else { continue };
        let Some(value) = literal(&word.text, escape) else { continue };
        let (name, group) = match value.split_once(':') {
            Some((name, group)) => (name, Some(group)),
            None => (&*value, None),
        };
        if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let finding = ctx.report(
            word.span,
            format!("USER `{name}` is a name: the host and runAsNonRoot policies only see numeric ids"),
        );
        finding.help("use the numeric id (`USER 10001:10001`)");
        if name == "root" && word.is_verbatim() {
            let fixed = match group {
                Some("root") => Some("0:0".to_string()),
                Some(g) if g.bytes().all(|b| b.is_ascii_digit()) => Some(format!("0:{g}")),
                Some(_) => None,
                None => Some("0".to_string()),
            };
            if let Some(fixed) = fixed {
                finding.fix(Fix::safe(format!("Write `{fixed}`"), vec![Edit::replace(word.span, fixed)]));
            }
        }
    }
}
