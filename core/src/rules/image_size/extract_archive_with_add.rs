use crate::model::{InstructionKind, Span};
use crate::rules::Context;
use crate::rules::scripts::{commands, resolve_path};
use crate::shell::{Invocation, Opt, OptionSpec};

declare_rule! {
    /// ## What it does
    /// Flags a local tar archive that is `COPY`'d into the image and then unpacked with `tar`
    /// by a later `RUN` of the same stage, in a stage that ships.
    ///
    /// ## Why
    /// The `COPY` layer keeps the archive, and the `RUN` layer adds its unpacked contents:
    /// the image carries both, even if the `RUN` deletes the archive. `ADD` unpacks a local
    /// tar archive (gzip, bzip2 or xz compressed) in one layer, and a bind mount lets `tar`
    /// read it without ever storing it, keeping options such as `--strip-components`.
    /// Zip files are not reported: `ADD` does not unpack them. Throw-away build stages are
    /// not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix
    /// None: `ADD` and `tar` differ in ownership, `--strip-components` and the like, so the
    /// rewrite needs a look. `RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz
    /// tar -xzf /tmp/app.tar.gz -C /opt` keeps the `tar` command as it is.
    ///
    /// ## Divergences from hadolint
    /// hadolint's DL3010 only recognises `tar -x...` with a leading dash (not `tar xzf` or
    /// `--extract`), works in the last stage only, and also reports `.zip` files unpacked with
    /// `unzip`, which `ADD` would not unpack.
    pub struct ExtractArchiveWithAdd {
        code: "DW114",
        name: "extract-archive-with-add",
        category: ImageSize,
        severity: Info,
        aliases: ["DL3010"],
        fix: None,
        default: true,
        summary: "A copied archive is unpacked in a later layer, so the image keeps both",
    }
}

impl_rule!(ExtractArchiveWithAdd, check);

/// Archive types `ADD` unpacks.
const TAR_SUFFIXES: &[&str] = &[".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz"];

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    let doc = ctx.doc;
    for stage in &doc.stages {
        if !sem.stages[stage.index].in_final_image {
            continue;
        }
        // Archives copied so far: their path in the image and the source word.
        let mut copied: Vec<(String, Span)> = Vec::new();
        let mut workdir = String::from("/");
        for i in stage.body() {
            let ins = &doc.instructions[i];
            match &ins.kind {
                InstructionKind::Workdir(w) => {
                    if let Some(path) = &w.value {
                        workdir = resolve_path(&workdir, &path.text).unwrap_or_else(|| "/".into());
                    }
                }
                InstructionKind::Copy(c) if ins.flag("from").is_none() => {
                    let Some(dest) = c.dest() else { continue };
                    let Some(dest_path) = resolve_path(&workdir, &dest.text) else { continue };
                    // Into a directory when the destination says so; `COPY a.tgz /opt` may be
                    // either, so both paths are kept.
                    let dest_text = dest.text.as_ref();
                    let into_dir = dest_text.ends_with('/')
                        || matches!(dest_text, "." | "..")
                        || dest_text.ends_with("/.")
                        || c.sources().len() > 1;
                    for source in c.sources().iter().filter(|s| is_tar(&s.text)) {
                        let name = source.text.rsplit('/').next().unwrap_or("");
                        let inside = format!("{}/{name}", dest_path.trim_end_matches('/'));
                        if !into_dir {
                            copied.push((dest_path.clone(), source.span));
                        }
                        copied.push((inside, source.span));
                    }
                }
                InstructionKind::Run(_) if !copied.is_empty() => {
                    for (_, _, command) in commands(sem, i) {
                        let Some(file) = tar_extracts(command.unwrap_wrappers()) else { continue };
                        let Some(path) = resolve_path(&workdir, file) else { continue };
                        if let Some(at) = copied.iter().position(|(p, _)| *p == path) {
                            let (_, span) = copied.remove(at);
                            copied.retain(|(_, s)| *s != span);
                            ctx.report(
                                span,
                                format!("this archive is unpacked by the RUN on line {}, so the image keeps both", ins.line),
                            )
                            .help("use `ADD` to unpack it in one layer, or extract it from a `RUN --mount=type=bind`");
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_tar(path: &str) -> bool {
    !path.contains(['$', '*', '?']) && TAR_SUFFIXES.iter().any(|s| path.ends_with(s))
}

/// Options of `tar` that take a value.
const TAR_VALUES: &[&str] = &[
    "-f",
    "--file",
    "-C",
    "--directory",
    "-T",
    "--files-from",
    "-X",
    "--exclude-from",
    "-b",
    "--blocking-factor",
    "-g",
    "--listed-incremental",
    "-I",
    "--use-compress-program",
    "-H",
    "--format",
    "-N",
    "--newer",
    "-L",
    "--tape-length",
    "-V",
    "--label",
];

/// The archive a `tar` command extracts: `tar -xzf FILE`, `tar --extract --file=FILE`, or the
/// traditional `tar xzf FILE`, whose first word is a bundle of letters without a dash.
fn tar_extracts<'a>(inv: Invocation<'a, '_>) -> Option<&'a str> {
    if inv.name()? != "tar" {
        return None;
    }
    let args = inv.args();
    let first = args.first()?;
    if !first.value.starts_with('-') {
        // Traditional form: the letters that take a value take the following words, in order.
        let letters = first.value.as_ref();
        if !letters.contains('x') {
            return None;
        }
        let f = letters.find('f')?;
        let before = letters[..f].chars().filter(|c| "bCTXgILNVH".contains(*c)).count();
        return args.get(1 + before).map(|w| w.value.as_ref());
    }
    let spec = OptionSpec { takes_value: TAR_VALUES, ..OptionSpec::default() };
    let mut extract = false;
    let mut file = None;
    for opt in inv.options(spec) {
        if opt.is(Some('x'), &["--extract", "--get"]) {
            extract = true;
        } else if opt.is(Some('f'), &["--file"])
            && let Opt::Short { value: Some(v), .. } | Opt::Long { value: Some(v), .. } = &opt
        {
            file = Some(v.value);
        }
    }
    file.filter(|_| extract)
}
