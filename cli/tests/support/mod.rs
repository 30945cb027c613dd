//! Running the `dockwright` binary in throw-away directory trees.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

/// A temporary directory holding `files` (path, content); parents are created.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        write(dir.path(), path, content);
    }
    dir
}

pub fn write(root: &Path, path: &str, content: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
    std::fs::write(path, content).expect("write file");
}

pub fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).expect("read file")
}

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `dockwright args...` in `dir` (relative paths keep temp paths out of the output), with
/// `stdin` as standard input.
pub fn run_with_stdin(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let mut cmd = cargo_bin_cmd!("dockwright");
    cmd.current_dir(dir).args(args).env_remove("NO_COLOR").write_stdin(stdin);
    let output = cmd.output().expect("run dockwright");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_stdin(dir, args, "")
}

/// `run`, asserting the exit code.
pub fn run_expect(dir: &Path, args: &[&str], code: i32) -> Run {
    let result = run(dir, args);
    assert_eq!(result.code, code, "dockwright {args:?}\n{result:#?}");
    result
}

/// The shared data directory: `$DOCKWRIGHT_SHARED`, else `<repository>/../shared`. When the file
/// is absent, prints a SKIPPED line (or panics under `DOCKWRIGHT_REQUIRE_SHARED=1`, as in CI).
pub fn shared_path(relative: &str, test_name: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os("DOCKWRIGHT_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    let path = dir.join(relative);
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "SKIPPED {test_name}: shared test data `{relative}` not found \
         (expected beside the repository in ../shared, or set DOCKWRIGHT_SHARED)"
    );
    if std::env::var_os("DOCKWRIGHT_REQUIRE_SHARED").is_some_and(|v| v == "1") {
        panic!("{message}; DOCKWRIGHT_REQUIRE_SHARED=1 forbids skipping");
    }
    eprintln!("{message}");
    None
}

/// The repository's `examples/` directory.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples")
}
