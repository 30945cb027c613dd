use super::pins::{PinPolicy, report_unpinned};
use crate::rules::Context;
use crate::rules::scripts::Pinning;
use crate::shell::tools::{Manager, PackageCommand, PackageSpec};

declare_rule! {
    /// ## What it does
    /// Flags language packages installed without a version: `pip install flask` (also
    /// `python -m pip`, `uv pip install`), `npm install express`, `yarn add`, `pnpm add`,
    /// `gem install rails`, `go install example.com/tool` (or `@latest`; not the main module's
    /// packages such as `go install tool`), `cargo install`.
    /// Installs from a requirements or constraints file (`-r`, `-c`), `gem install -v`, local
    /// paths, archives and URLs count as pinned; a package list in a variable is judged by the
    /// value the file gives it, and skipped when the value is not in the file.
    ///
    /// ## Why
    /// Unlike distribution mirrors, PyPI, npm, RubyGems, the Go module proxy and crates.io
    /// keep every version they ever published, so a pin never stops working, while an
    /// unpinned install changes whenever a new release comes out, and one day breaks the
    /// build or the application. A dist-tag such as `@latest` or `@next` is not a version.
    /// Better still, install from a lock file (`pip install -r requirements.txt`, `npm ci`).
    ///
    /// One rule covers every language package manager; Selecting or ignoring any of the
    /// hadolint codes (DL3013 pip, DL3016 npm, DL3028 gem, DL3062 go) selects or ignores
    /// this whole rule. OS packages are `pin-system-package-versions`, off by default.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask gunicorn
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is the one the build should use, which only the author knows.
    ///
    /// ## Divergences from hadolint
    /// Info rather than warning. hadolint counts npm dist-tags (`npm@latest`) as versions and
    /// reports local paths, `.gem` files and `git+` URLs (`npm install .`,
    /// `pip install git+https://...`); here it is the other way round. Packages of the main Go
    /// module (`go install app/server`) are not reported: go.mod pins them. hadolint also takes
    /// `pipx` for pip, `go run` for an install, and option values for packages
    /// (`go install -tags netgo`, `gem install --no-document x`). `npm i`, `yarn`, `pnpm`,
    /// `uv`, `cargo`, pip run by path or with options before `install`, and commands in
    /// `sh -c '...'` strings are checked too, and package lists in variables are expanded
    /// instead of being reported unseen.
    pub struct PinLanguagePackageVersions {
        code: "DW531",
        name: "pin-language-package-versions",
        category: Reproducibility,
        severity: Info,
        aliases: ["DL3013", "DL3016", "DL3028", "DL3062"],
        fix: None,
        default: true,
        summary: "A language package is installed without a version",
    }
}

impl_rule!(PinLanguagePackageVersions, check);

fn check(ctx: &mut Context<'_, '_>) {
    report_unpinned(ctx, &PinPolicy { applies, pinning, help });
}

fn applies(p: &PackageCommand<'_, '_>) -> bool {
    match p.manager {
        Manager::Pip | Manager::Uv => {
            let uv_install = p.manager == Manager::Pip
                || p.invocation.args().first().is_some_and(|w| matches!(w.value.as_ref(), "pip" | "tool"));
            uv_install && p.requirement_files.is_empty() && !p.has_option(Some('c'), &["--constraint"])
        }
        Manager::Gem => !p.has_option(Some('v'), &["--version"]),
        Manager::Cargo => !p.has_option(None, &["--version", "--vers", "--path", "--git"]),
        Manager::Npm | Manager::Yarn | Manager::Pnpm | Manager::Go => true,
        _ => false,
    }
}

fn pinning(p: &PackageCommand<'_, '_>, spec: &PackageSpec<'_, '_>) -> Pinning {
    if spec.is_path_or_url() {
        return Pinning::Pinned;
    }
    let version = spec.version.map(|v| v.trim_start_matches('='));
    // A word of letters only after `@` is a tag (`latest`, `next`, `main`), not a version.
    let is_tag = |v: &str| v.chars().all(|c| c.is_ascii_alphabetic());
    let pinned = match p.manager {
        Manager::Npm | Manager::Yarn | Manager::Pnpm => {
            // `npm:alias@1`, `github:user/repo`, `user/repo`: not registry names.
            if spec.name.contains(':') || (spec.name.contains('/') && !spec.name.starts_with('@')) {
                return Pinning::Unknown;
            }
            version.is_some_and(|v| !is_tag(v))
        }
        // A path whose first element has no dot is the main module's or the standard library's
        // (`tool`, `std`, `cmd/...`): its version comes from go.mod or the toolchain.
        Manager::Go => {
            version.is_some_and(|v| !is_tag(v)) || !spec.name.split('/').next().unwrap_or("").contains('.')
        }
        // `name @ https://...` is a direct reference.
        Manager::Pip | Manager::Uv => version.is_some() || spec.name.contains('@'),
        _ => version.is_some(),
    };
    if pinned { Pinning::Pinned } else { Pinning::Unpinned }
}

fn help(p: &PackageCommand<'_, '_>) -> &'static str {
    match p.manager {
        Manager::Pip | Manager::Uv => "pin with `name==version`, or install from a requirements file",
        Manager::Npm | Manager::Yarn | Manager::Pnpm => {
            "pin with `name@version`, or install from a lock file"
        }
        Manager::Gem => "pin with `name:version` or `-v version`",
        Manager::Go => "pin with `path@vX.Y.Z`",
        _ => "pin with `--version X.Y.Z` or `name@X.Y.Z`",
    }
}
