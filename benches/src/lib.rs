//! Shared inputs for the benches: the shared corpus when it is present, else the examples that
//! ship with the repository (a fresh clone has no `../shared`).

use std::path::{Path, PathBuf};

/// One benchmark input file.
pub struct Input {
    pub name: String,
    pub text: String,
}

/// The corpus files (`$DOCKWRIGHT_SHARED/corpus/files` or `../shared/corpus/files`) as UTF-8
/// text, sorted by name; falls back to `examples/` with a notice on stderr.
pub fn corpus() -> Vec<Input> {
    let shared = std::env::var_os("DOCKWRIGHT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let dir = shared.join("corpus/files");
    let dir = if dir.is_dir() {
        dir
    } else {
        eprintln!("NOTE: {} not found; benchmarking the repository's examples/ instead", dir.display());
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let decoded = dockwright::decode(&bytes).ok()?;
            Some(Input {
                name: p.file_name()?.to_string_lossy().into_owned(),
                text: decoded.text.into_owned(),
            })
        })
        .collect()
}

/// Total size in bytes.
pub fn total_bytes(inputs: &[Input]) -> u64 {
    inputs.iter().map(|i| i.text.len() as u64).sum()
}

/// The largest inputs, for single-file latency.
pub fn largest(inputs: &[Input], n: usize) -> Vec<&Input> {
    let mut by_size: Vec<&Input> = inputs.iter().collect();
    by_size.sort_by_key(|i| std::cmp::Reverse(i.text.len()));
    by_size.truncate(n);
    by_size
}
