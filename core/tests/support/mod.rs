//! Locating the shared test data (`../shared` beside the repository), and the promises every
//! fix keeps ([`fix_promises`]).
//!
//! A user's fresh clone has no `../shared`; tests that need it say so loudly and pass.
//! CI sets `DOCKWRIGHT_REQUIRE_SHARED=1`, which turns a missing directory into a failure,
//! so the data-driven tests can never be skipped there by accident.
#![allow(dead_code)]

use std::path::PathBuf;

pub mod fix_promises;

/// The shared data directory: `$DOCKWRIGHT_SHARED`, else `<workspace>/../shared`.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("DOCKWRIGHT_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    dir.is_dir().then_some(dir)
}

/// `shared/<relative>` when present. When absent, prints a SKIPPED line naming what is missing
/// (or panics under `DOCKWRIGHT_REQUIRE_SHARED=1`) and returns `None`.
pub fn shared_path(relative: &str, test_name: &str) -> Option<PathBuf> {
    let found = shared_dir().map(|dir| dir.join(relative)).filter(|p| p.exists());
    if found.is_none() {
        let message = format!(
            "SKIPPED {test_name}: shared test data `{relative}` not found \
             (expected beside the repository in ../shared, or set DOCKWRIGHT_SHARED)"
        );
        if std::env::var_os("DOCKWRIGHT_REQUIRE_SHARED").is_some_and(|v| v == "1") {
            panic!("{message}; DOCKWRIGHT_REQUIRE_SHARED=1 forbids skipping");
        }
        eprintln!("{message}");
    }
    found
}

/// A Python interpreter that can `import` the given module: `$DOCKWRIGHT_PYTHON`, else the
/// project's `.venv` (which the test command creates). Without one, the caller skips loudly
/// (or fails under `DOCKWRIGHT_REQUIRE_SHARED=1`, as in CI).
pub fn python_with(module: &str, test_name: &str) -> Option<PathBuf> {
    let candidates = std::env::var_os("DOCKWRIGHT_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python")]);
    for python in candidates {
        let ok = std::process::Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(python);
        }
    }
    let message = format!(
        "SKIPPED {test_name}: no Python with the `{module}` module \
         (run the README's test command, which creates .venv, or set DOCKWRIGHT_PYTHON)"
    );
    if std::env::var_os("DOCKWRIGHT_REQUIRE_SHARED").is_some_and(|v| v == "1") {
        panic!("{message}; DOCKWRIGHT_REQUIRE_SHARED=1 forbids skipping");
    }
    eprintln!("{message}");
    None
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
