use crate::context::clean_path;
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::correctness::workdir_absolute_path::{WorkdirPath, workdir_path};

declare_rule! {
    /// ## What it does
    /// Flags a `WORKDIR` inside a kernel or boot directory: `/proc`, `/sys`, `/dev`, `/boot`,
    /// `/initrd`, `/lost+found`.
    ///
    /// ## Why
    /// These are the host's pseudo-filesystems and boot files as the container sees them.
    /// Working there (`WORKDIR /proc/self/fd`) makes every later `RUN`, `COPY` and the
    /// container's process start in a place that talks to the kernel; files written there are
    /// a container-breakout vector and are lost or rejected at run time.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /proc/self/fd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix
    /// None: only the author knows where the files belong.
    pub struct WorkdirSystemDirectory {
        code: "DW211",
        name: "workdir-system-directory",
        category: Security,
        severity: Warning,
        aliases: ["DS-0030"],
        fix: None,
        default: true,
        summary: "WORKDIR points into a kernel or boot directory",
    }
}

impl_rule!(WorkdirSystemDirectory, check);

const SYSTEM_DIRECTORIES: [&str; 6] = ["/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"];

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let InstructionKind::Workdir(workdir) = &ins.effective().kind else { continue };
        let Some(word) = &workdir.value else { continue };
        let WorkdirPath::Absolute(Some(path)) = workdir_path(word, ctx.doc.escape) else { continue };
        let path = clean_path(&path);
        let Some(dir) = SYSTEM_DIRECTORIES
            .iter()
            .find(|d| path == **d || path.strip_prefix(**d).is_some_and(|rest| rest.starts_with('/')))
        else {
            continue;
        };
        ctx.report(word.span, format!("WORKDIR `{path}` is inside `{dir}`, a kernel or boot directory"))
            .help("work in an application directory such as `/app`");
    }
}
