//! The `dockwright` command line.

mod check;
mod discover;
mod hadolint;
mod input;
mod render;
mod settings;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use dockwright::Severity;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "dockwright", version, about = "Check, fix and parse Dockerfiles", max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Dockerfiles and optionally fix them (`-` reads standard input).
    Check(Box<check::CheckArgs>),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Show a rule's documentation (by name, code or alias).
    Explain { rule: String },
    /// Print the typed model of a Dockerfile (`-` reads standard input).
    Parse {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
    },
    /// Print the `.dockwright.toml` equivalent to another tool's configuration.
    #[command(subcommand)]
    Migrate(Migrate),
}

#[derive(Subcommand)]
enum Migrate {
    /// Convert a `.hadolint.yaml` (by default the nearest one above the current directory).
    Hadolint { file: Option<PathBuf> },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    /// The typed model as JSON.
    Json,
    /// BuildKit's AST dump, one S-expression per instruction.
    Buildkit,
}

/// Nothing at or above the fail level was found.
pub const EXIT_OK: u8 = 0;
/// Findings at or above the fail level (for `parse`: syntax errors).
pub const EXIT_FINDINGS: u8 = 1;
/// Usage, configuration or I/O errors.
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_OK });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Rules { format } => rules(format),
        Command::Explain { rule } => explain(&rule),
        Command::Parse { file, format } => parse(&file, format),
        Command::Migrate(Migrate::Hadolint { file }) => migrate_hadolint(file),
    };
    ExitCode::from(code)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing output: {e}")),
        _ => Ok(()),
    }
}

fn rules(format: ListFormat) -> u8 {
    let all = dockwright::rules::all();
    let text = match format {
        ListFormat::Json => {
            // A struct, not `json!`: the field order must not depend on serde_json's features.
            #[derive(serde::Serialize)]
            struct Entry {
                code: &'static str,
                name: &'static str,
                category: dockwright::rules::Category,
                severity: Severity,
                aliases: &'static [&'static str],
                summary: &'static str,
                fixable: bool,
                fix: dockwright::rules::FixKind,
                default_enabled: bool,
            }
            let list: Vec<Entry> = all
                .iter()
                .map(|r| {
                    let m = r.meta();
                    Entry {
                        code: m.code,
                        name: m.name,
                        category: m.category,
                        severity: m.severity,
                        aliases: m.aliases,
                        summary: m.summary,
                        fixable: m.fixable(),
                        fix: m.fix,
                        default_enabled: m.default_enabled,
                    }
                })
                .collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        ListFormat::Human => {
            let mut text = String::new();
            for rule in all {
                let m = rule.meta();
                let fix = match m.fix {
                    dockwright::rules::FixKind::None => "",
                    dockwright::rules::FixKind::Safe => " [fix]",
                    dockwright::rules::FixKind::Unsafe => " [unsafe fix]",
                };
                let off = if m.default_enabled { "" } else { " (off by default)" };
                text.push_str(&format!(
                    "{} {:<34} {:<8} {}{fix}{off}\n",
                    m.code, m.name, m.severity, m.summary
                ));
            }
            text
        }
    };
    finish(write_stdout(&text), EXIT_OK)
}

fn explain(id: &str) -> u8 {
    let Some(rule) = dockwright::rules::find(id) else {
        let names = dockwright::rules::all().iter().map(|r| r.meta().name);
        let hint = dockwright::suggest::did_you_mean(id, names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        eprintln!("error: no rule named `{id}`{hint}");
        return EXIT_ERROR;
    };
    let m = rule.meta();
    let mut text = format!("# {} ({})\n\n{}\n\n", m.name, m.code, m.summary);
    text.push_str(&format!("Category: {}. Default severity: {}.", m.category, m.severity));
    if !m.default_enabled {
        text.push_str(" Off by default; enable it with `--select`.");
    }
    if !m.aliases.is_empty() {
        text.push_str(&format!("\nAlso known as: {}.", m.aliases.join(", ")));
    }
    text.push_str("\n\n");
    text.push_str(&dockwright::rules::docs_markdown(m));
    finish(write_stdout(&text), EXIT_OK)
}

fn parse(path: &std::path::Path, format: ParseFormat) -> u8 {
    let source = match input::read(path, "<stdin>") {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let doc = dockwright::parse(&source.text);
    let rendered = match format {
        ParseFormat::Json => {
            let mut value = dockwright::model::to_json(&doc);
            value["file"] = serde_json::Value::String(source.name.clone());
            value["encoding"] = serde_json::to_value(source.encoding).unwrap_or_default();
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        ParseFormat::Buildkit => dockwright::buildkit_dump(&doc),
    };
    if let Err(e) = write_stdout(&rendered) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    for error in &doc.errors {
        let at = doc.line_column(error.span.start);
        eprintln!("{}:{}:{}: syntax error: {}", source.name, at.line, at.column, error.message);
    }
    if doc.errors.is_empty() { EXIT_OK } else { EXIT_FINDINGS }
}

fn migrate_hadolint(file: Option<PathBuf>) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let Some(path) = file.or_else(|| settings::nearest_hadolint(&cwd)) else {
        eprintln!("error: no .hadolint.yaml or .hadolint.yml in this directory or above it; name the file");
        return EXIT_ERROR;
    };
    let name = settings::relative(&path, &cwd).display().to_string();
    let converted = std::fs::read_to_string(&path)
        .map_err(|e| settings::ConfigProblem::from(input::describe_io(&e)))
        .and_then(|text| hadolint::convert(&text));
    match converted {
        Ok(converted) => {
            for note in &converted.notes {
                eprintln!("note: {name}: {note}");
            }
            finish(write_stdout(&converted.to_toml(&name)), EXIT_OK)
        }
        Err(problem) => {
            eprintln!("error: {}", problem.describe(&name));
            EXIT_ERROR
        }
    }
}

fn finish(result: Result<(), String>, code: u8) -> u8 {
    match result {
        Ok(()) => code,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// Parses a severity for `--fail-level`.
pub fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}
