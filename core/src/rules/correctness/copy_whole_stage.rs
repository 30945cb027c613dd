use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::structure::{FromTarget, literal, rooted_in_scratch};
use crate::semantic::Semantic;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage>` that copies the whole filesystem (`/`, `/.` or `/*`) of a
    /// build stage of this file.
    ///
    /// ## Why
    /// Multi-stage builds exist to leave the build tools behind; copying `/` brings all of
    /// them along (compilers, caches, package lists) and overwrites the target's own system
    /// files, including `/etc/passwd`. Copy the artifacts that are needed instead.
    ///
    /// Not reported, where hadolint (DL3067) reports them: copies into a stage built `FROM
    /// scratch` (the usual way to squash an image), and copies from images, from stages that
    /// only name an image, and from stages built on `scratch`: those are artifact images,
    /// made to be copied whole (`COPY --from=tonistiigi/xx / /`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix
    /// None: which files are needed is the author's call.
    pub struct CopyWholeStage {
        code: "DW017",
        name: "copy-whole-stage",
        category: Correctness,
        severity: Warning,
        aliases: ["DL3067"],
        fix: None,
        default: true,
        summary: "COPY --from copies a whole filesystem",
    }
}

impl_rule!(CopyWholeStage, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let mut has_instructions = None;
    for reference in ctx.semantic.stage_references() {
        let FromTarget::Stage(source) = reference.target else { continue };
        let scratch = ctx.semantic.stage_image(reference.stage).is_some_and(|(_, image)| image.is_scratch());
        let has_instructions = has_instructions.get_or_insert_with(|| lineage_has_instructions(ctx.semantic));
        if scratch || !is_build_stage(ctx.semantic, has_instructions, source) {
            continue;
        }
        let InstructionKind::Copy(copy) = &doc.instructions[reference.instruction].kind else { continue };
        for word in copy.sources() {
            if literal(&word.text, doc.escape).is_some_and(|s| matches!(&*s, "/" | "/." | "/*")) {
                ctx.report(
                    word.span,
                    format!("copies the whole filesystem of the stage `{}`, build tools and system files included", reference.value),
                )
                .help("copy only the files the image needs");
            }
        }
    }
}

/// A stage that runs a build on an operating system: it (or a stage it is built `FROM`) has
/// instructions of its own, and it starts from a known image other than `scratch`. Images and
/// stages that only name an image are often artifact images meant to be copied whole; a base
/// given by a variable may be one of those, or another stage.
fn is_build_stage(semantic: &Semantic<'_, '_>, has_instructions: &[bool], stage: usize) -> bool {
    let root = semantic.root_stage(stage);
    !semantic.doc.stages[root].base.contains('$')
        && !rooted_in_scratch(semantic, stage)
        && has_instructions.get(stage).is_some_and(|&has| has)
}

/// Per stage: it or a stage it is built `FROM` (directly or not) has instructions of its own.
/// Parents are earlier stages, so one pass in order settles every stage.
fn lineage_has_instructions(semantic: &Semantic<'_, '_>) -> Vec<bool> {
    let mut has = Vec::with_capacity(semantic.doc.stages.len());
    for stage in &semantic.doc.stages {
        let parent = semantic.stages[stage.index].parent.filter(|&p| p < stage.index);
        has.push(!stage.body().is_empty() || parent.is_some_and(|p| has[p]));
    }
    has
}
