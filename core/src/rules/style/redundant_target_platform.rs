use std::collections::HashMap;

use crate::diagnostic::{Edit, Fix};
use crate::expand::Lex;
use crate::rules::Context;
use crate::rules::structure::process;

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why
    /// Stages are built for the target platform unless told otherwise, so the flag says
    /// nothing. It also hides the flags that matter: `--platform=$BUILDPLATFORM` on the stages
    /// that cross-compile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix
    /// Unsafe: removes the flag. The build is the same except when no platform is requested and
    /// the base image lacks the build machine's platform: BuildKit then picks one of the
    /// image's platforms by itself, where the explicit flag would have failed.
    pub struct RedundantTargetPlatform {
        code: "DW417",
        name: "redundant-target-platform",
        category: Style,
        severity: Warning,
        aliases: ["DL3065", "RedundantTargetPlatform"],
        fix: Unsafe,
        default: true,
        summary: "FROM --platform=$TARGETPLATFORM is the default",
    }
}

impl_rule!(RedundantTargetPlatform, check);

/// A value no real platform string has, to recognise a flag that is the variable alone.
const SENTINEL: &str = "\u{0}target";

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let lex = Lex::new(doc.escape);
    for stage in &doc.stages {
        let from = &doc.instructions[stage.from];
        let Some(flag) = from.flag("platform") else { continue };
        let Some(value) = flag.value() else { continue };
        // A map rather than an array: the expander is already built for maps (undefined-arg-in-from),
        // and another instance of it would cost the WebAssembly module 5 kB. Made only here, for
        // the few stages with a `--platform`.
        let env: HashMap<&str, &str> = HashMap::from([("TARGETPLATFORM", SENTINEL)]);
        let processed = process(&lex, value, &env);
        let only_target =
            processed.names.len() == 1 && processed.names[0] == ("TARGETPLATFORM".to_string(), true);
        if !only_target || processed.value.ok().as_deref() != Some(SENTINEL) {
            continue;
        }
        // The flag and the blanks after it.
        let rest = &ctx.source()[flag.span.end as usize..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let removal = crate::model::Span::new(flag.span.start, flag.span.end + blanks as u32);
        ctx.report(
            flag.span,
            format!("`{}` is redundant: stages target $TARGETPLATFORM by default", flag.text),
        )
        .fix(Fix::unsafe_("Remove the flag", vec![Edit::delete(removal)]));
    }
}
