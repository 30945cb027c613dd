use crate::rules::Context;
use crate::rules::scripts::package_commands;
use crate::shell::tools::{Action, Manager, PackageCommand};

declare_rule! {
    /// ## What it does
    /// Flags compilers and build tooling installed into a layer that ships in the image: gcc,
    /// g++, make, build-essential, build-base, cmake, autoconf, clang, pkg-config, `-dev` and
    /// `-devel` header packages, musl-dev, linux-headers and the like. It names them.
    ///
    /// ## Why
    /// Build tools are needed to build, not to run: they add hundreds of megabytes and give
    /// anyone who gets into the container a compiler. Build in a builder stage and copy only
    /// the result into the final image. Tools removed again in the same `RUN` (`apk add
    /// --virtual .build-deps ... && apk del .build-deps`, `apt-get purge`) are not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \
    ///  && pip install --no-cache-dir psycopg2==2.9.9 && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \
    ///  && pip wheel --wheel-dir /wheels psycopg2==2.9.9
    ///
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
    ///  && rm -rf /var/lib/apt/lists/*
    /// COPY --from=build /wheels /wheels
    /// RUN pip install --no-cache-dir /wheels/*
    /// ```
    ///
    /// ## Fix
    /// None: moving a build into its own stage is a design change.
    pub struct BuildToolsInFinalStage {
        code: "DW103",
        name: "build-tools-in-final-stage",
        category: ImageSize,
        severity: Warning,
        aliases: [],
        fix: None,
        default: true,
        summary: "Compilers and build tools are installed in the image that ships",
    }
}

impl_rule!(BuildToolsInFinalStage, check);

/// The package names of compilers and build tools.
fn is_tool_name(name: &str) -> bool {
    matches!(
        name,
        "gcc"
            | "g++"
            | "gcc-c++"
            | "cpp"
            | "make"
            | "build-essential"
            | "build-base"
            | "alpine-sdk"
            | "cmake"
            | "autoconf"
            | "automake"
            | "libtool"
            | "pkg-config"
            | "pkgconf"
            | "pkgconfig"
            | "clang"
            | "llvm"
            | "gfortran"
            | "bison"
            | "flex"
            | "nasm"
            | "yasm"
            | "ninja"
            | "ninja-build"
            | "meson"
            | "musl-dev"
            | "libc-dev"
            | "libc6-dev"
            | "glibc-devel"
            | "linux-headers"
            | "kernel-headers"
            | "kernel-devel"
            | "dpkg-dev"
            | "patch"
            | "m4"
            | "binutils"
    )
}

/// Whether a package name is a compiler, build tool or header package.
pub(crate) fn is_build_tool(name: &str) -> bool {
    // Asked of every package installed: cut at the first `:` or `=` in one scan.
    let name = &name[..name.bytes().position(|b| b == b':' || b == b'=').unwrap_or(name.len())];
    if is_tool_name(name) || name.ends_with("-dev") || name.ends_with("-devel") {
        return true;
    }
    // Versioned compilers: gcc-12, g++-13, clang-17.
    ["gcc-", "g++-", "clang-", "llvm-"].iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !v.is_empty())
    })
}

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for i in 0..ctx.doc.instructions.len() {
        if !sem.in_final_image(i) {
            continue;
        }
        let commands: Vec<_> = package_commands(sem, i).filter(|(_, p)| p.manager.is_system()).collect();
        // Looked up once per instruction rather than once per install: a long `a && b && ...`
        // script made these scans quadratic.
        let removal_positions: Vec<usize> =
            (0..commands.len()).filter(|&k| commands[k].1.action == Action::Remove).collect();
        let mut marks_all_auto = None;
        for (k, (rs, install)) in commands.iter().enumerate() {
            if install.action != Action::Install || !install.specs().any(|s| is_build_tool(s.name)) {
                continue;
            }
            let virtual_name = install.option_value(Some('t'), &["--virtual"]).map(|v| v.value.to_string());
            let removals: Vec<&PackageCommand<'_, '_>> = removal_positions
                [removal_positions.partition_point(|&r| r <= k)..]
                .iter()
                .map(|&r| &commands[r].1)
                .filter(|p| same_family(p.manager, install.manager))
                .collect();
            // docker-library's pattern: `apt-mark auto '.*'` then `apt-get purge --auto-remove`
            // removes everything installed since `apt-mark showmanual` was saved.
            let auto_purge = install.manager.is_apt()
                && removals.iter().any(|r| r.packages.is_empty())
                && *marks_all_auto.get_or_insert_with(|| {
                    crate::rules::scripts::commands(sem, i).any(|(_, _, c)| {
                        let inv = c.unwrap_wrappers();
                        inv.name() == Some("apt-mark")
                            && inv.args().first().is_some_and(|w| w.value == "auto")
                    })
                });
            let removed = |name: &str| {
                auto_purge
                    || removals.iter().any(|r| {
                        r.packages.iter().any(|w| {
                            w.dynamic
                                || w.value == name
                                || virtual_name.as_deref().is_some_and(|v| w.value == v)
                        })
                    })
            };
            let tools: Vec<&str> =
                install.specs().map(|s| s.name).filter(|n| is_build_tool(n) && !removed(n)).collect();
            if tools.is_empty() {
                continue;
            }
            let list = tools.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
            ctx.report(
                rs.span(&install.command().range),
                format!("build tools are installed in the image that ships: {list}"),
            )
            .help("build in a separate stage and COPY --from it only what the image needs to run");
        }
    }
}

fn same_family(a: Manager, b: Manager) -> bool {
    a == b || (a.is_apt() && b.is_apt()) || (a.is_rpm() && b.is_rpm())
}
