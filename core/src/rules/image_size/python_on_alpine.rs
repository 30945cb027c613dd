use crate::rules::Context;
use crate::rules::scripts::package_commands;
use crate::shell::tools::{Action, Manager};

use super::build_tools_in_final_stage::is_build_tool;

declare_rule! {
    /// ## What it does
    /// Flags a Python image on Alpine (`python:*-alpine`, or `alpine` with Python installed)
    /// that compiles Python packages: build headers or compilers installed next to `pip install`.
    ///
    /// ## Why
    /// Most binary Python packages publish wheels for glibc (manylinux) first; on Alpine's musl
    /// pip often falls back to compiling from source. Builds get much slower, need compilers and
    /// headers, and the image ends up larger than the `-slim` (Debian) variant that would have
    /// installed prebuilt wheels in seconds. Alpine is a fine choice for pure-Python code; with
    /// native extensions, use `python:*-slim`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN apk add --no-cache gcc musl-dev postgresql-dev \
    ///  && pip install --no-cache-dir psycopg2==2.9.9
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir psycopg2-binary==2.9.9
    /// ```
    ///
    /// ## Fix
    /// None: the packages to install differ between Alpine and Debian.
    pub struct PythonOnAlpine {
        code: "DW102",
        name: "python-on-alpine",
        category: ImageSize,
        severity: Warning,
        aliases: [],
        fix: None,
        default: true,
        summary: "Python packages are compiled on Alpine, where prebuilt wheels are rare",
    }
}

impl_rule!(PythonOnAlpine, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for stage in &ctx.doc.stages {
        // The image the stage starts from (through FROM <stage> chains).
        let Some((image_word, image)) = sem.stage_image(sem.root_stage(stage.index)) else { continue };
        let tag = image.tag.unwrap_or("");
        let python_alpine = image.name() == "python" && tag.contains("alpine");
        let plain_alpine = image.name() == "alpine";
        if !python_alpine && !plain_alpine {
            continue;
        }
        let (mut python, mut pip, mut headers) = (python_alpine, false, Vec::new());
        for i in stage.body() {
            for (_, p) in package_commands(sem, i) {
                match (p.manager, p.action) {
                    (Manager::Apk, Action::Install) => {
                        for s in p.specs() {
                            python |= s.name.starts_with("python3") || s.name.starts_with("py3-");
                            if is_build_tool(s.name) && !headers.contains(&s.name) {
                                headers.push(s.name);
                            }
                        }
                    }
                    (Manager::Pip, Action::Install) => pip = true,
                    _ => {}
                }
            }
        }
        if python && pip && !headers.is_empty() {
            let shown: Vec<String> = headers.iter().take(4).map(|h| format!("`{h}`")).collect();
            ctx.report(
                image_word.span,
                format!("Python packages are compiled on Alpine here (it installs {}): musl has few prebuilt wheels", shown.join(", ")),
            )
            .help("use a `python:<version>-slim` image, which installs prebuilt wheels");
        }
    }
}
