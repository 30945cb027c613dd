use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `ADD` of local files or directories that are not archives.
    ///
    /// ## Why
    /// `ADD` does more than copy: it downloads URLs and unpacks local tar archives. When
    /// neither is wanted, `COPY` says what happens, and a file that later becomes an archive
    /// is not unpacked by surprise. Keep `ADD` for the two things only it does: fetching a
    /// remote URL (with `--checksum`) and auto-extracting a local archive.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD config.yaml /etc/app/config.yaml
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY config.yaml /etc/app/config.yaml
    /// ADD rootfs.tar.gz /
    /// ```
    ///
    /// ## Fix
    /// Safe: replaces `ADD` with `COPY`, when no source is a URL, an archive, a git repository
    /// or a variable, and no ADD-only flag (`--checksum`, `--keep-git-dir`, `--unpack`) is used.
    pub struct PreferCopyOverAdd {
        code: "DW402",
        name: "prefer-copy-over-add",
        category: Style,
        severity: Warning,
        aliases: ["DL3020", "DS-0005", "CKV_DOCKER_4"],
        fix: Safe,
        default: true,
        summary: "ADD is used to copy local files; COPY says what it does",
    }
}

impl_rule!(PreferCopyOverAdd, check);

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let ins = ins.effective();
        let InstructionKind::Add(add) = &ins.kind else { continue };
        let sources = add.sources();
        if sources.is_empty() || sources.iter().any(|s| !is_plain_local(&s.text)) {
            continue;
        }
        let add_only = ["checksum", "keep-git-dir", "unpack"];
        let finding =
            ctx.report(ins.keyword_span, "ADD copies local files here; use COPY, which does only that");
        if !ins.flags.iter().any(|f| add_only.contains(&f.name())) {
            let copy = if ins.keyword_text.chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
            finding.fix(Fix::safe("Replace ADD with COPY", vec![Edit::replace(ins.keyword_span, copy)]));
        }
    }
}

/// A source that `ADD` would treat exactly like `COPY`: not a URL, git reference, archive or
/// variable (whose value could be any of those). Heredoc sources are plain files too.
pub(crate) fn is_plain_local(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    !(lower.contains("://") || lower.starts_with("git@") || lower.contains('$') || is_archive(&lower))
}

/// File names `ADD` unpacks.
pub(crate) fn is_archive(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".tar",
        ".tar.gz",
        ".tgz",
        ".tar.bz2",
        ".tbz2",
        ".tbz",
        ".tar.xz",
        ".txz",
        ".tar.zst",
        ".tzst",
        ".tar.lz",
        ".tar.lzma",
        ".gz",
        ".bz2",
        ".xz",
        ".zst",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}
