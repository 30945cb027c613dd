//! The `dockwright` command line.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "dockwright",
    version,
    about = "Check, fix and parse Dockerfiles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the typed model of a Dockerfile (`-` reads standard input).
    Parse {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    /// The typed model as JSON.
    Json,
    /// BuildKit's AST dump, one S-expression per instruction.
    Buildkit,
}

/// Exit statuses shared by every subcommand.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file, format } => parse(&file, format),
    }
}

/// Reads a file (or stdin for `-`), naming the path in any error.
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("<stdin>: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn parse(path: &Path, format: ParseFormat) -> ExitCode {
    let bytes = match read_input(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let decoded = match dockwright::decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}: {e}", display_name(path));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let doc = dockwright::parse(&decoded.text);
    let rendered = match format {
        ParseFormat::Json => {
            let mut value = dockwright::model::to_json(&doc);
            value["file"] = serde_json::Value::String(display_name(path));
            value["encoding"] = serde_json::to_value(decoded.encoding).unwrap_or_default();
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s
        }
        ParseFormat::Buildkit => dockwright::buildkit_dump(&doc),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(rendered.as_bytes())
        .and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: writing output: {e}");
        return ExitCode::from(EXIT_ERROR);
    }
    if doc.errors.is_empty() {
        return ExitCode::SUCCESS;
    }
    for error in &doc.errors {
        let at = doc.line_column(error.span.start);
        eprintln!(
            "{}:{}:{}: syntax error: {}",
            display_name(path),
            at.line,
            at.column,
            error.message
        );
    }
    ExitCode::from(EXIT_FINDINGS)
}
