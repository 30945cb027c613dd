use std::cell::OnceCell;
use std::collections::HashMap;

use crate::expand::Lex;
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::structure::{flag_value_span, process, reference_range, word_span};
use crate::semantic::PREDEFINED_ARGS;
use crate::suggest::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Flags variables in `FROM` (the image and `--platform`) that are not build arguments
    /// declared before the first `FROM`, nor predefined by BuildKit (`TARGETPLATFORM`,
    /// `BUILDPLATFORM`, ...).
    ///
    /// ## Why
    /// `FROM` only sees the global scope: an `ARG` declared inside an earlier stage, or not
    /// at all, expands to an empty string, and the build pulls the wrong image or fails on an
    /// invalid reference. A typo in the name has the same effect.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG PYTHON_VERSION=3.12
    /// FROM python:${PYTHON_VERSON}-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG PYTHON_VERSION=3.12
    /// FROM python:${PYTHON_VERSION}-slim
    /// ```
    ///
    /// ## Fix
    /// None: the message suggests the closest declared name.
    pub struct UndefinedArgInFrom {
        code: "DW004",
        name: "undefined-arg-in-from",
        category: Correctness,
        severity: Warning,
        aliases: ["UndefinedArgInFrom"],
        fix: None,
        default: true,
        summary: "FROM uses a variable that is not a global build argument",
    }
}

impl_rule!(UndefinedArgInFrom, check);

/// The names of the build arguments declared before the first `FROM`.
pub(crate) fn global_arg_names<'d>(doc: &'d crate::model::Dockerfile<'_>) -> Vec<&'d str> {
    doc.global_args
        .iter()
        .filter_map(|&i| match &doc.instructions[i].kind {
            InstructionKind::Arg(arg) => Some(arg.args.iter().map(|d| &*d.name.text)),
            _ => None,
        })
        .flatten()
        .collect()
}

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    // Built on first use: most FROM lines hold no variable.
    let names: OnceCell<Vec<&str>> = OnceCell::new();
    let names = || {
        names.get_or_init(|| {
            global_arg_names(doc).into_iter().chain(PREDEFINED_ARGS.iter().copied()).collect()
        })
    };
    let env: OnceCell<HashMap<&str, &str>> = OnceCell::new();
    let lex = Lex::new(doc.escape);
    for stage in &doc.stages {
        let from = &doc.instructions[stage.from];
        let InstructionKind::From(args) = &from.kind else { continue };
        // The image word (each name located in it) and the `--platform` value (the whole flag).
        let image = args.image().map(|image| (&*image.text, Some(image), image.span));
        let platform = from.flag("platform").and_then(|f| Some((f.value()?, None, flag_value_span(f))));
        for (text, word, span) in
            [image, platform].into_iter().flatten().filter(|(text, ..)| text.contains('$'))
        {
            let env = env.get_or_init(|| names().iter().map(|&n| (n, "1")).collect());
            for (name, defined) in process(&lex, text, env).names {
                if defined {
                    continue;
                }
                let hint = did_you_mean(&name, names().iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                let at = word.map_or(span, |w| word_span(w, reference_range(&w.text, &name), ctx.source()));
                ctx.report(
                    at,
                    format!("`${name}` in FROM is not a build argument declared before the first FROM{hint}"),
                )
                .help(format!("declare `ARG {name}` at the top of the file"));
            }
        }
    }
}
