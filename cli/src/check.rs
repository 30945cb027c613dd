//! `dockwright check`: find Dockerfiles, check (and fix) them in parallel, report, exit.

use std::path::{Path, PathBuf};

use clap::Args;
use dockwright::{Applicability, Config, Diagnostic, Linter, Severity};
use rayon::prelude::*;

use crate::input;
use crate::render::{self, ColorChoice, Format};
use crate::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

#[derive(Args)]
pub struct CheckArgs {
    /// Files or directories to check (`-` for standard input); the current directory by default.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Apply safe fixes, writing the files in place.
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (they may change the image); implies --fix unless --diff is given.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the changes fixes would make as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Rules to run instead of the default set (names, codes, aliases, categories, `all`).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Rules not to run.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The lowest severity that makes the exit status 1 (default: warning).
    #[arg(long, value_parser = crate::parse_severity)]
    pub fail_level: Option<Severity>,
    /// The stage that is built (as `docker build --target`).
    #[arg(long)]
    pub target: Option<String>,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// What happened to one input.
pub struct FileResult {
    pub name: String,
    /// The text the diagnostics refer to (after fixing, when fixing).
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The original text, when fixes changed it.
    pub original: Option<String>,
    /// Fixes applied.
    pub fixed: usize,
    /// An error that stopped this input (unreadable, not text, write failed).
    pub error: Option<String>,
}

pub fn run(args: CheckArgs) -> u8 {
    let config = Config {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        target: args.target.clone(),
        ..Config::default()
    };
    let linter = match Linter::new(config) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let fail_level = args.fail_level.or(linter.config().fail_level).unwrap_or(Severity::Warning);
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (files, mut errors) = discover(&paths);
    let fix_mode = if args.unsafe_fixes {
        Some(Applicability::Unsafe)
    } else if args.fix || args.diff {
        Some(Applicability::Safe)
    } else {
        None
    };
    let mut results: Vec<FileResult> =
        files.par_iter().map(|path| check_one(&linter, path, fix_mode, args.diff)).collect();
    results.sort_by(|a, b| a.name.cmp(&b.name));
    let mut output = String::new();
    let mut would_change = false;
    if args.diff {
        for r in &results {
            if let Some(original) = &r.original {
                would_change = true;
                output.push_str(&dockwright::diff::unified(
                    original,
                    &r.text,
                    &format!("a/{}", r.name),
                    &format!("b/{}", r.name),
                ));
            }
        }
    }
    for r in &results {
        if let Some(e) = &r.error {
            errors.push(e.clone());
        }
    }
    let color = args.color.enabled();
    if !args.diff || args.format != Format::Human {
        output.push_str(&render::render(args.format, &results, color, fix_mode));
    }
    if let Err(e) = crate::write_stdout(&output) {
        errors.push(e);
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    if !errors.is_empty() {
        return EXIT_ERROR;
    }
    let failing = results.iter().flat_map(|r| &r.diagnostics).any(|d| d.severity >= fail_level);
    if failing || would_change { EXIT_FINDINGS } else { EXIT_OK }
}

fn check_one(linter: &Linter, path: &Path, fix_mode: Option<Applicability>, diff_only: bool) -> FileResult {
    let source = match input::read(path) {
        Ok(s) => s,
        Err(e) => {
            let name =
                if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() };
            return FileResult {
                name,
                text: String::new(),
                diagnostics: Vec::new(),
                original: None,
                fixed: 0,
                error: Some(e),
            };
        }
    };
    let Some(allow) = fix_mode else {
        let diagnostics = linter.check(&source.text);
        return FileResult {
            name: source.name,
            text: source.text,
            diagnostics,
            original: None,
            fixed: 0,
            error: None,
        };
    };
    let outcome = linter.fix(&source.text, allow);
    if !outcome.changed() {
        return FileResult {
            name: source.name,
            text: source.text,
            diagnostics: outcome.remaining,
            original: None,
            fixed: 0,
            error: None,
        };
    }
    let mut error = None;
    // A file that does not parse cleanly is never rewritten: the fix could land in the wrong place.
    if dockwright::parse(&source.text).errors.is_empty() {
        if !diff_only && path.as_os_str() != "-" {
            error = input::write_atomically(path, &source.encoding.encode(&outcome.output)).err();
        } else if path.as_os_str() == "-" && !diff_only {
            // Fixing stdin prints the fixed file instead of a report.
            print!("{}", outcome.output);
        }
    } else {
        let remaining = linter.check(&source.text);
        return FileResult {
            name: source.name,
            text: source.text,
            diagnostics: remaining,
            original: None,
            fixed: 0,
            error: None,
        };
    }
    FileResult {
        name: source.name,
        text: outcome.output,
        diagnostics: outcome.remaining,
        original: Some(source.text),
        fixed: outcome.applied.len(),
        error,
    }
}

/// Expands directories into the Dockerfiles inside them (honouring .gitignore), keeps files as
/// given. Returns the files and the paths that could not be read.
fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            errors.push(format!("{}: no such file or directory", path.display()));
            continue;
        }
        let walker =
            ignore::WalkBuilder::new(path).hidden(false).filter_entry(|e| e.file_name() != ".git").build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_dockerfile_name(e.path()) => {
                    files.push(e.into_path())
                }
                Ok(_) => {}
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
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
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}
