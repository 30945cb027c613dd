//! Finding the Dockerfiles to check: files as given, directories searched like ripgrep does.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

/// What to check, in output order.
pub struct Discovered {
    /// Paths sorted and without duplicates; `-` stands for standard input.
    pub files: Vec<PathBuf>,
    /// Paths that do not exist or could not be searched.
    pub errors: Vec<String>,
    /// Directories that held no Dockerfile, for a hint.
    pub empty_dirs: Vec<PathBuf>,
}

/// Expands directories into the Dockerfiles inside them, honouring `.gitignore`, `.ignore` and
/// git's global excludes even outside a git repository (as ruff does); hidden directories are
/// searched, `.git` is not. Files named explicitly are always checked, whatever their name.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut found = Discovered { files: Vec::new(), errors: Vec::new(), empty_dirs: Vec::new() };
    // Thousands of paths can come from a shell glob: look them up on every core, in order.
    let metadata: Vec<_> =
        paths.par_iter().map(|path| (path.as_os_str() != "-").then(|| std::fs::metadata(path))).collect();
    for (path, metadata) in paths.iter().zip(metadata) {
        let Some(metadata) = metadata else {
            found.files.push(path.clone());
            continue;
        };
        match metadata {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                found.files.push(normalize(path));
                continue;
            }
            Err(e) => {
                found.errors.push(format!("{}: {}", path.display(), crate::input::describe_io(&e)));
                continue;
            }
        }
        let before = found.files.len();
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_dockerfile_name(e.path()) => {
                    found.files.push(normalize(e.path()))
                }
                Ok(_) => {}
                Err(e) => found.errors.push(walk_error(&e)),
            }
        }
        if found.files.len() == before {
            found.empty_dirs.push(path.clone());
        }
    }
    found.files.sort();
    found.files.dedup();
    found
}

/// `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*`.
pub fn is_dockerfile_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || name.strip_suffix(".Dockerfile").is_some_and(|stem| !stem.is_empty())
        || name.strip_suffix(".dockerfile").is_some_and(|stem| !stem.is_empty())
}

/// Drops `./` components so `.` and `./Dockerfile` name files the way `Dockerfile` does: one
/// spelling per file keeps duplicates out and paths in reports (and SARIF URIs) clean.
fn normalize(path: &Path) -> PathBuf {
    let clean: PathBuf = path.components().filter(|c| *c != Component::CurDir).collect();
    if clean.as_os_str().is_empty() { PathBuf::from(".") } else { clean }
}

/// The walker's errors carry the path in varying places; name it first, as other errors do.
fn walk_error(e: &ignore::Error) -> String {
    let mut inner = e;
    let mut path = None;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => inner = err,
            ignore::Error::Io(io) => {
                let what = crate::input::describe_io(io);
                return match path {
                    Some(p) => format!("{}: {what}", normalize(&p).display()),
                    None => what,
                };
            }
            _ => return e.to_string(),
        }
    }
}
