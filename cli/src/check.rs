//! `dockwright check`: find Dockerfiles, pick each one's configuration, check (and fix) them in
//! parallel, write the report in path order as results arrive, and exit with the status CI needs.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};

use clap::{Args, ValueEnum as _};
use dockwright::context::{BuildContext, FsContext};
use dockwright::source::LineIndex;
use dockwright::{Applicability, Severity};
use rayon::prelude::*;

use crate::discover::discover;
use crate::input::{self, AtomicFile};
use crate::render::{self, ColorChoice, FileView, Format, Renderer, Summary};
use crate::settings::{Lookup, Overrides, Profile, Resolver};
use crate::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

#[derive(Args)]
pub struct CheckArgs {
    /// Files or directories to check (`-` for standard input); the current directory by default.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (replaced atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Count findings per rule instead of listing them (with --format human or json).
    #[arg(long)]
    pub statistics: bool,
    /// Apply safe fixes, writing the files in place (standard input: print the fixed file).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply unsafe fixes (they may change the image); on its own it
    /// changes no file and counts them as fixable.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the changes fixes would make as a unified diff instead of writing them (exit 1 when
    /// there are any).
    #[arg(long)]
    pub diff: bool,
    /// Rules to run instead of the configured ones (names, codes, aliases, categories, `all`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Rules not to run.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The lowest severity that makes the exit status 1 [default: warning].
    #[arg(long, value_parser = crate::parse_severity, value_name = "LEVEL")]
    pub fail_level: Option<Severity>,
    /// The stage that is built (as `docker build --target`).
    #[arg(long)]
    pub target: Option<String>,
    /// The build context: COPY and ADD sources are looked up in DIR and its `.dockerignore`
    /// applies. Without it, the Dockerfile's directory is presumed to be the context for
    /// `.dockerignore` only, and missing sources are not reported.
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
    /// Use this configuration for every file instead of the nearest `.dockwright.toml` (a `.yaml`
    /// or `.yml` file is read as hadolint configuration).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files: defaults and command-line flags only.
    #[arg(long)]
    pub isolated: bool,
    /// Exit 0 even when findings reach the fail level (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// The path standard input is reported as, and from which its configuration is found.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub fn run(args: CheckArgs) -> u8 {
    if let Err(e) = check_flags(&args) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    let overrides = Overrides {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        fail_level: args.fail_level,
        target: args.target.clone(),
    };
    if let Err(e) = overrides.validate() {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    let lookup = match (&args.config, args.isolated) {
        (Some(file), _) => Lookup::File(file.clone()),
        (None, true) => Lookup::None,
        (None, false) => Lookup::Nearest,
    };
    let mut resolver = Resolver::new(overrides, lookup);

    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let found = discover(&paths);
    let stdin_path = args.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("-"));
    let jobs: Vec<Job> = found
        .files
        .into_iter()
        .filter_map(|path| {
            let is_stdin = path.as_os_str() == "-";
            let profile = resolver.profile_for(if is_stdin { &stdin_path } else { &path })?;
            Some(Job { path, profile, is_stdin })
        })
        .collect();
    let mut errors = found.errors;
    if !resolver.errors.is_empty() {
        for e in resolver.errors.iter().chain(&errors) {
            eprintln!("error: {e}");
        }
        return EXIT_ERROR;
    }
    if jobs.is_empty() && errors.is_empty() {
        let dirs: Vec<String> = found.empty_dirs.iter().map(|d| d.display().to_string()).collect();
        eprintln!("warning: no Dockerfiles found in {}", dirs.join(", "));
    }

    let allow = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    // `--unsafe-fixes` widens what `--fix` and `--diff` apply; on its own it writes nothing (a
    // check asked for a report, not for rewritten files).
    let fix_mode = (args.fix || args.diff).then_some(allow);
    let fixing_stdin = fix_mode.is_some() && !args.diff && jobs.iter().any(|j| j.is_stdin);
    let mut out = match Output::open(args.output.as_deref(), fixing_stdin) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let options = render::Options {
        color: args.color.enabled(out.is_terminal()),
        fixing: fix_mode.is_some(),
        allow,
        rules: resolver.rules_run(),
    };
    let renderer: Option<Box<dyn Renderer>> = if args.diff {
        None
    } else if args.statistics {
        render::statistics(args.format, options)
    } else {
        Some(render::renderer(args.format, options))
    };
    let stdin_name = args.stdin_filename.as_ref().map_or("<stdin>".to_string(), |p| p.display().to_string());
    let worker = Worker {
        renderer: renderer.as_deref(),
        profiles: &resolver.profiles,
        fix_mode,
        diff: args.diff,
        stdin_name: &stdin_name,
        context: args.context.as_deref(),
        ignore_files: IgnoreFileListings::default(),
    };

    if let Some(r) = &renderer {
        out.write(&r.begin());
    }
    let mut run = RunState::default();
    run.summary.unreadable = errors.len();
    let separator = renderer.as_ref().map_or("", |r| r.separator());
    for_each_in_order(
        &jobs,
        |job| worker.check(job),
        |outcome| {
            run.add(outcome, &mut out, separator);
        },
    );
    if let Some(r) = &renderer {
        out.write(&r.end(&run.summary));
    }
    if let Err(e) = out.finish() {
        errors.push(e);
    }

    if args.diff && run.summary.fixed > 0 {
        let (problems, files) =
            (render::plural(run.summary.fixed, "problem"), render::plural(run.changed_files, "file"));
        eprintln!("Would fix {problems} in {files}.");
    }
    for warning in &run.warnings {
        eprintln!("warning: {warning}");
    }
    for note in &run.notes {
        eprintln!("note: {note}");
    }
    errors.extend(run.errors);
    for e in &errors {
        eprintln!("error: {e}");
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if (args.diff && run.changed_files > 0) || (!args.diff && run.failing && !args.exit_zero) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn check_flags(args: &CheckArgs) -> Result<(), String> {
    let format = args.format.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
    if args.diff && args.format != Format::Human {
        return Err(format!("--diff prints a unified diff and cannot be combined with --format {format}"));
    }
    if args.diff && args.statistics {
        return Err("--diff and --statistics cannot be combined".to_string());
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        return Err(format!("--statistics works with --format human or json, not {format}"));
    }
    if let Some(dir) = &args.context
        && !dir.is_dir()
    {
        return Err(format!("--context {}: not a directory", dir.display()));
    }
    Ok(())
}

/// One file to check and the profile (configuration) it is checked with.
struct Job {
    path: PathBuf,
    profile: usize,
    is_stdin: bool,
}

/// What checking one file produced: only what the report needs, not the file's text.
#[derive(Default)]
struct Outcome {
    /// The file's part of the report.
    part: String,
    /// `--diff`: the unified diff of the fixes.
    diff: String,
    /// Fixing standard input: the bytes to print (fixed or not).
    stdout: Option<Vec<u8>>,
    summary: Summary,
    /// Something at or above the file's fail level remains.
    failing: bool,
    error: Option<String>,
    note: Option<String>,
    /// What went wrong in fixing that the user should hear of: each is a bug in dockwright.
    warnings: Vec<String>,
}

struct Worker<'a> {
    renderer: Option<&'a dyn Renderer>,
    profiles: &'a [Profile],
    fix_mode: Option<Applicability>,
    diff: bool,
    stdin_name: &'a str,
    /// `--context`.
    context: Option<&'a Path>,
    ignore_files: IgnoreFileListings,
}

/// The `*.dockerignore` files of each directory a build context is looked for in, listed once:
/// checking a directory of thousands of Dockerfiles would otherwise try two opens per file for
/// ignore files that are almost never there.
#[derive(Default)]
struct IgnoreFileListings {
    /// `None` where the directory could not be listed: its files are then tried one by one.
    /// Keyed by the directory as written (hashing a `Path` walks its components; `a` and `./a`
    /// merely get listed twice).
    by_dir: Mutex<HashMap<OsString, Option<HashSet<OsString>>>>,
}

impl IgnoreFileListings {
    /// Whether the ignore file `path` may exist: false only when its directory's listing lacks it.
    fn may_exist(&self, path: &Path) -> bool {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return true };
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        // A poisoned lock only means another worker panicked mid-insert; the map is still usable.
        let mut by_dir = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        let listing = match by_dir.get(dir.as_os_str()) {
            Some(listing) => listing,
            None => {
                let listing = std::fs::read_dir(dir).ok().map(|entries| {
                    entries
                        .filter_map(|e| e.ok().map(|e| e.file_name()))
                        .filter(|name| name.as_encoded_bytes().ends_with(b".dockerignore"))
                        .collect()
                });
                by_dir.entry(dir.as_os_str().to_owned()).or_insert(listing)
            }
        };
        listing.as_ref().is_none_or(|names| names.contains(name))
    }
}

impl Worker<'_> {
    /// The build context `job` is checked with: `--context` when given, else the Dockerfile's
    /// directory presumed to be it (standard input has none).
    fn build_context(&self, job: &Job) -> Result<Option<FsContext>, String> {
        if !self.profiles[job.profile].linter.reads_build_context() {
            return Ok(None);
        }
        let context = match (self.context, job.is_stdin) {
            (Some(root), true) => FsContext::new(root),
            (Some(root), false) => {
                FsContext::for_dockerfile_listed(root, &job.path, &|p| self.ignore_files.may_exist(p))
            }
            (None, true) => return Ok(None),
            (None, false) => {
                let dir = job.path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
                FsContext::presumed(dir, &job.path, &|p| self.ignore_files.may_exist(p))
            }
        };
        context
            .map(Some)
            .map_err(|e| format!("{}: reading the build context's ignore file: {e}", job.path.display()))
    }

    fn check(&self, job: &Job) -> Outcome {
        let profile = &self.profiles[job.profile];
        let source = match input::read(&job.path, self.stdin_name) {
            Ok(s) => s,
            Err(e) => {
                let summary = Summary { unreadable: 1, ..Summary::default() };
                return Outcome { error: Some(e), summary, ..Outcome::default() };
            }
        };
        let context = match self.build_context(job) {
            Ok(c) => c,
            Err(e) => {
                let summary = Summary { unreadable: 1, ..Summary::default() };
                return Outcome { error: Some(e), summary, ..Outcome::default() };
            }
        };
        let context = context.as_ref().map(|c| c as &dyn BuildContext);
        let mut outcome = Outcome::default();
        let (text, lines, diagnostics, fixed) = match self.fix_mode {
            Some(allow) => {
                // The core never rewrites a file that has syntax errors; say why nothing changed.
                let fixed = profile.linter.fix_with_context(&source.text, allow, context);
                let has_syntax_errors = fixed.remaining.iter().any(|d| d.name == "syntax-error");
                let fixable =
                    fixed.remaining.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.applicability <= allow));
                if !fixed.changed() && has_syntax_errors && fixable {
                    outcome.note = Some(format!("{}: not fixed, because it has syntax errors", source.name));
                }
                outcome.warnings =
                    fixed.warnings().into_iter().map(|w| format!("{}: {w}", source.name)).collect();
                let count = fixed.applied.len();
                let lines = LineIndex::new(&fixed.output);
                (Cow::Owned(fixed.output), lines, fixed.remaining, count)
            }
            None => {
                let doc = dockwright::parse(&source.text);
                let diagnostics = profile.linter.check_document_with_context(&doc, context);
                (Cow::Borrowed(source.text.as_str()), doc.lines, diagnostics, 0)
            }
        };
        if self.diff {
            outcome.diff = dockwright::diff::unified(
                &source.text,
                &text,
                // As git labels absolute paths: `a/tmp/x`, not `a//tmp/x`.
                &format!("a/{}", source.name.trim_start_matches('/')),
                &format!("b/{}", source.name.trim_start_matches('/')),
            );
        } else if job.is_stdin && self.fix_mode.is_some() {
            outcome.stdout = Some(source.encoding.encode(&text));
        } else if fixed > 0 {
            outcome.error = input::write_atomically(&job.path, &source.encoding.encode(&text)).err();
        }
        if let Some(renderer) = self.renderer {
            outcome.part = renderer.file(&FileView {
                name: &source.name,
                text: &text,
                lines: &lines,
                diagnostics: &diagnostics,
            });
        }
        outcome.failing = !profile.no_fail && diagnostics.iter().any(|d| d.severity >= profile.fail_level);
        outcome.summary = Summary::of_file(&diagnostics, fixed);
        outcome
    }
}

/// Runs `work` over `items` on the rayon pool and hands the results to `emit` on this thread in
/// the items' order, as soon as they and all before them are done. Items travel in small
/// batches: a channel message per file would cost a thread wake-up per file.
fn for_each_in_order<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync, mut emit: impl FnMut(R)) {
    let batch = items.len().div_ceil(rayon::current_num_threads() * 16).clamp(1, 32);
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            items.par_chunks(batch).enumerate().for_each_with(tx, |tx, (i, chunk)| {
                // The receiver lives until every result is in; a send cannot fail before that.
                let _ = tx.send((i, chunk.iter().map(&work).collect::<Vec<R>>()));
            });
        });
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, results) in rx {
            pending.insert(i, results);
            while let Some(results) = pending.remove(&next) {
                results.into_iter().for_each(&mut emit);
                next += 1;
            }
        }
    });
}

/// Totals over the files reported so far.
#[derive(Default)]
struct RunState {
    summary: Summary,
    wrote_part: bool,
    failing: bool,
    changed_files: usize,
    notes: Vec<String>,
    warnings: Vec<String>,
    errors: Vec<String>,
}

impl RunState {
    fn add(&mut self, outcome: Outcome, out: &mut Output, separator: &str) {
        if !outcome.diff.is_empty() {
            self.changed_files += 1;
            out.write(&outcome.diff);
        }
        if let Some(bytes) = outcome.stdout {
            write_raw_stdout(&bytes, &mut self.errors);
        }
        if !outcome.part.is_empty() {
            if self.wrote_part {
                out.write(separator);
            }
            out.write(&outcome.part);
            self.wrote_part = true;
        }
        self.summary.merge(outcome.summary);
        self.failing |= outcome.failing;
        self.notes.extend(outcome.note);
        self.warnings.extend(outcome.warnings);
        self.errors.extend(outcome.error);
    }
}

fn write_raw_stdout(bytes: &[u8], errors: &mut Vec<String>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(bytes).and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        errors.push(format!("writing the fixed file: {e}"));
    }
}

/// Where the report goes: standard output, standard error (when standard output carries a fixed
/// file), or a file replaced atomically once the report is complete.
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    Stderr(std::io::Stderr),
    File(AtomicFile),
}

struct Output {
    sink: Sink,
    /// The first write error; later writes are skipped.
    failed: Option<std::io::Error>,
}

impl Output {
    fn open(path: Option<&Path>, stdout_taken: bool) -> Result<Output, String> {
        let sink = match path {
            Some(path) => Sink::File(AtomicFile::create(path)?),
            None if stdout_taken => Sink::Stderr(std::io::stderr()),
            None => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
        };
        Ok(Output { sink, failed: None })
    }

    fn is_terminal(&self) -> bool {
        match &self.sink {
            Sink::Stdout(_) => std::io::stdout().is_terminal(),
            Sink::Stderr(e) => e.is_terminal(),
            Sink::File(_) => false,
        }
    }

    fn write(&mut self, text: &str) {
        if self.failed.is_some() || text.is_empty() {
            return;
        }
        let result = match &mut self.sink {
            Sink::Stdout(w) => w.write_all(text.as_bytes()),
            Sink::Stderr(w) => w.write_all(text.as_bytes()),
            Sink::File(w) => w.write_all(text.as_bytes()),
        };
        self.failed = result.err();
    }

    /// Flushes (or commits the file); a closed pipe (`| head`) is not an error.
    fn finish(self) -> Result<(), String> {
        let result = match (self.sink, self.failed) {
            (Sink::File(file), None) => return file.commit(),
            (Sink::Stdout(mut w), None) => w.flush(),
            (_, Some(e)) => Err(e),
            (Sink::Stderr(_), None) => Ok(()),
        };
        match result {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing the report: {e}")),
            _ => Ok(()),
        }
    }
}
