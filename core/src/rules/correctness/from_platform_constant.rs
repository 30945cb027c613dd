use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::structure::{flag_value_span, literal};

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=` with a constant platform (`--platform=linux/amd64`).
    ///
    /// ## Why
    /// A constant platform makes the stage that platform whatever the build targets: a
    /// multi-platform build (or one on an arm64 machine) silently gets amd64 binaries, or runs
    /// them under emulation. Build stages that cross-compile should run on
    /// `$BUILDPLATFORM`; the final stage follows the target by default.
    ///
    /// As in BuildKit, a stage whose name mentions the platform's OS or architecture
    /// (`AS build-amd64`) is taken as deliberate and not reported. hadolint (DL3029) also
    /// reports `--platform=$VAR` for any variable other than `BUILDPLATFORM` and
    /// `TARGETPLATFORM`; here a variable counts as a parameter, not a constant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.22 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    /// ```
    ///
    /// ## Fix
    /// None: whether the stage should follow the build or the target platform is a choice.
    pub struct FromPlatformConstant {
        code: "DW016",
        name: "from-platform-constant",
        category: Correctness,
        severity: Warning,
        aliases: ["DL3029", "FromPlatformFlagConstDisallowed"],
        fix: None,
        default: true,
        summary: "FROM --platform is set to a constant",
    }
}

impl_rule!(FromPlatformConstant, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    for stage in &doc.stages {
        let from = &doc.instructions[stage.from];
        let Some(flag) = from.flag("platform") else { continue };
        let Some(value) = flag.value().and_then(|v| literal(v, doc.escape)) else { continue };
        let Some((os, arch)) = parse_platform(&value) else { continue };
        let name = match &from.kind {
            InstructionKind::From(f) => f.stage_name().map(|w| w.text.to_ascii_lowercase()),
            _ => None,
        };
        if name.is_some_and(|n| n.contains(&os) || arch.as_ref().is_some_and(|a| n.contains(a.as_str()))) {
            continue;
        }
        ctx.report(
            flag_value_span(flag),
            format!("`--platform={value}` fixes the stage's platform, whatever platform the build targets"),
        )
        .help("use `--platform=$BUILDPLATFORM` for stages that cross-compile, or drop the flag");
    }
}

const KNOWN_OS: [&str; 14] = [
    "linux",
    "windows",
    "darwin",
    "freebsd",
    "netbsd",
    "openbsd",
    "dragonfly",
    "solaris",
    "illumos",
    "android",
    "ios",
    "aix",
    "plan9",
    "js",
];

const KNOWN_ARCH: [&str; 16] = [
    "amd64", "386", "arm", "arm64", "ppc64le", "ppc64", "s390x", "riscv64", "mips", "mipsle", "mips64",
    "mips64le", "loong64", "wasm", "sparc64", "ppc",
];

/// Reads `os[/arch[/variant]]` (or a bare architecture) as containerd does, with architecture
/// aliases normalized; `None` when BuildKit would reject it.
fn parse_platform(value: &str) -> Option<(String, Option<String>)> {
    let lower = value.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let well_formed =
        |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if parts.len() > 3 || !parts.iter().all(well_formed) {
        return None;
    }
    let arch = |a: &str| -> String {
        match a {
            "x86_64" | "x86-64" => "amd64",
            "aarch64" => "arm64",
            "armhf" | "armel" => "arm",
            "i386" | "i686" => "386",
            other => other,
        }
        .to_string()
    };
    match parts.as_slice() {
        [single] if KNOWN_OS.contains(single) => Some((single.to_string(), None)),
        [single] if KNOWN_ARCH.contains(&arch(single).as_str()) => Some(("linux".into(), Some(arch(single)))),
        [_] => None,
        [os, a, ..] => Some((os.to_string(), Some(arch(a)))),
        [] => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms() {
        assert_eq!(parse_platform("linux/amd64"), Some(("linux".into(), Some("amd64".into()))));
        assert_eq!(parse_platform("Linux/aarch64/v8"), Some(("linux".into(), Some("arm64".into()))));
        assert_eq!(parse_platform("windows"), Some(("windows".into(), None)));
        assert_eq!(parse_platform("arm64"), Some(("linux".into(), Some("arm64".into()))));
        assert_eq!(parse_platform("banana"), None);
        assert_eq!(parse_platform("linux//x"), None);
    }
}
