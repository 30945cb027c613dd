//! Runs selected rules over many Dockerfiles and prints, per rule, how many files and findings
//! there are, with a few samples to read: the way to look for false positives.
//!
//! ```text
//! cargo run -p dockwright --example rule_corpus -- --select undefined-var,DL3000 \
//!     [--samples 5] [--config .dockwright.toml] FILE_OR_DIR...
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dockwright::{Config, Linter};

fn main() {
    let mut select = None;
    let mut samples = 5usize;
    let mut config_path = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--select" => select = args.next(),
            "--samples" => samples = args.next().and_then(|n| n.parse().ok()).unwrap_or(samples),
            "--config" => config_path = args.next(),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let mut config = match config_path {
        Some(p) => Config::from_toml(&std::fs::read_to_string(p).expect("config")).expect("valid config"),
        None => Config::default(),
    };
    if let Some(list) = select {
        config.select = Some(list.split(',').map(str::to_string).collect());
    }
    let linter = Linter::new(config).expect("valid selection");
    let mut files = Vec::new();
    for path in &paths {
        collect(path, &mut files);
    }
    files.sort();
    // rule -> (files, findings, samples)
    let mut table: BTreeMap<(&str, &str), (usize, usize, Vec<String>)> = BTreeMap::new();
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else { continue };
        let Ok(decoded) = dockwright::decode(&bytes) else { continue };
        let diagnostics = linter.check(&decoded.text);
        let mut seen = Vec::new();
        for d in diagnostics {
            let entry = table.entry((d.code, d.name)).or_default();
            if !seen.contains(&d.code) {
                seen.push(d.code);
                entry.0 += 1;
            }
            entry.1 += 1;
            if entry.2.len() < samples {
                let text = decoded.text.get(d.span.range()).unwrap_or("").lines().next().unwrap_or("");
                entry.2.push(format!("{}:{}:{} {} | {}", file.display(), d.line, d.column, d.message, text));
            }
        }
    }
    println!("{} files", files.len());
    println!("| code | rule | files | findings |\n|---|---|---|---|");
    for ((code, name), (n_files, n, _)) in &table {
        println!("| {code} | {name} | {n_files} | {n} |");
    }
    for ((code, name), (_, _, lines)) in &table {
        println!("\n## {code} {name}");
        for line in lines {
            println!("  {line}");
        }
    }
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), out);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
}
