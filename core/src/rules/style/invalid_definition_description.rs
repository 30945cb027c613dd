use crate::model::{InstructionKind, ItemKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags a comment directly above an `ARG` or a named `FROM ... AS <stage>` that does not
    /// start with the argument's or the stage's name. Off by default, as it is experimental in
    /// BuildKit.
    ///
    /// ## Why
    /// `docker build --call=outline` and `--call=targets` show such comments as the
    /// descriptions of build arguments and targets, but only when they have the form
    /// `# <name> <description>`. A comment that is not meant as a description should be
    /// separated from the instruction by an empty line.
    ///
    /// ## Example
    /// ```dockerfile
    /// # the compiler image
    /// FROM golang:1.22 AS build
    /// # pinned for reproducible builds
    /// ARG VERSION=1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # build compiles the service
    /// FROM golang:1.22 AS build
    /// # VERSION is the release to build
    /// ARG VERSION=1.4.2
    /// ```
    ///
    /// ## Fix
    /// None: either the comment or the blank line after it has to change.
    pub struct InvalidDefinitionDescription {
        code: "DW423",
        name: "invalid-definition-description",
        category: Style,
        severity: Warning,
        aliases: ["InvalidDefinitionDescription"],
        fix: None,
        default: false,
        summary: "A comment above ARG or FROM ... AS is not a `# <name> <description>`",
    }
}

impl_rule!(InvalidDefinitionDescription, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    for (k, item) in doc.items.iter().enumerate() {
        let ItemKind::Instruction(i) = item.kind else { continue };
        // Most definitions have no comment right above them: that is looked at first.
        let Some(ItemKind::Comment(c)) = k.checked_sub(1).map(|p| doc.items[p].kind) else { continue };
        let names: Vec<&str> = match &doc.instructions[i].kind {
            InstructionKind::Arg(arg) => arg.args.iter().map(|d| &*d.name.text).collect(),
            InstructionKind::From(from) => from.stage_name().map(|w| &*w.text).into_iter().collect(),
            _ => continue,
        };
        let comment = &doc.comments[c];
        let first = comment.text.split_whitespace().next().unwrap_or("");
        if names.is_empty() || names.contains(&first) {
            continue;
        }
        let example = if names.len() == 1 { names[0] } else { "<arg-name>" };
        ctx.report(
            comment.span,
            format!("a comment right above the definition should read `# {example} <description>`"),
        )
        .help("start it with the name, or put an empty line between the comment and the instruction");
    }
}
