//! Shared inputs for the benches: the corpus of real Dockerfiles in `../shared/corpus/files`
//! (next to the repository), or wherever `DOCKWRIGHT_SHARED` points.
//!
//! A fresh clone has no `../shared`: then [`corpus`] explains on stderr what is missing and what
//! to do, and the benches measure nothing rather than figures that would not be comparable.

use std::borrow::Borrow;
use std::path::{Path, PathBuf};

/// One benchmark input file.
pub struct Input {
    pub name: String,
    pub text: String,
}

/// The corpus files benched one by one, with the size class each stands for. Picked by name so
/// that runs stay comparable; sizes are the files' bytes (the corpus median is 1.2 kB).
pub const PER_FILE: [(&str, &str); 3] = [
    // 441 bytes (28 lines), the corpus's 25th percentile: jessfraz/dockerfiles clair/Dockerfile,
    // one stage, two RUNs with continuations.
    ("small", "02460.Dockerfile"),
    // 1,183 bytes (40 lines), about the median: docker/getting-started Dockerfile, seven stages,
    // COPY --from.
    ("medium", "01694.Dockerfile"),
    // 45,930 bytes (1,316 lines), the largest file: laradock php-fpm/Dockerfile, one stage,
    // 79 ARGs, 73 RUNs, long shell scripts.
    ("large", "02702.Dockerfile"),
];

/// Where the corpus files are expected: `$DOCKWRIGHT_SHARED/corpus/files`, else
/// `shared/corpus/files` next to the repository.
pub fn corpus_dir() -> PathBuf {
    let shared = std::env::var_os("DOCKWRIGHT_SHARED").map(PathBuf::from).unwrap_or_else(|| {
        // benches/ -> the repository -> the directory that holds it.
        let benches = Path::new(env!("CARGO_MANIFEST_DIR"));
        benches.ancestors().nth(2).unwrap_or(benches).join("shared")
    });
    shared.join("corpus/files")
}

/// The corpus files as UTF-8 text (decoded as dockwright decodes them), sorted by name; `None`,
/// after saying why on stderr, when the corpus is missing or empty.
pub fn corpus() -> Option<Vec<Input>> {
    let dir = corpus_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            missing(&dir, &e.to_string());
            return None;
        }
    };
    let mut paths: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    paths.sort();
    let mut undecodable = Vec::new();
    let inputs: Vec<Input> = paths
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            let decoded = std::fs::read(&p)
                .ok()
                .and_then(|bytes| dockwright::decode(&bytes).ok().map(|d| d.text.into_owned()));
            if decoded.is_none() {
                undecodable.push(name.clone());
            }
            Some(Input { name, text: decoded? })
        })
        .collect();
    if !undecodable.is_empty() {
        eprintln!(
            "dockwright-benches: left out {} file(s) that could not be read or decoded: {}",
            undecodable.len(),
            undecodable.join(", ")
        );
    }
    if inputs.is_empty() {
        missing(&dir, "no readable files in it");
        return None;
    }
    Some(inputs)
}

fn missing(dir: &Path, why: &str) {
    eprintln!(
        "dockwright-benches: the Dockerfile corpus is missing, so nothing was measured.\n\
         \n  expected: {} ({why})\n\n\
         The benches run over the shared corpus of real Dockerfiles (corpus/files/NNNNN.Dockerfile).\n\
         Put the `shared` directory next to the repository (so that `../shared/corpus/files` exists\n\
         from the repository root), or point DOCKWRIGHT_SHARED at the directory that holds `corpus/`:\n\
         \n  DOCKWRIGHT_SHARED=/path/to/shared cargo bench -p dockwright-benches\n",
        dir.display()
    );
}

/// The files of [`PER_FILE`] that are in `inputs`, labelled `small-02460` and so on; says on
/// stderr which are missing (a different corpus) instead of failing.
pub fn per_file(inputs: &[Input]) -> Vec<(String, &Input)> {
    PER_FILE
        .iter()
        .filter_map(|(size, name)| {
            let found = inputs.iter().find(|i| i.name == *name);
            if found.is_none() {
                eprintln!("dockwright-benches: {name} ({size}) is not in the corpus; not benched on its own");
            }
            let id = name.trim_end_matches(".Dockerfile");
            found.map(|input| (format!("{size}-{id}"), input))
        })
        .collect()
}

/// Total size in bytes (of the corpus or of a selection of it).
pub fn total_bytes<I: Borrow<Input>>(inputs: &[I]) -> u64 {
    inputs.iter().map(|i| i.borrow().text.len() as u64).sum()
}

/// The examples' one argument, how many rounds to run: `default` when it is absent; a message and
/// exit status 2 when it is not a positive whole number.
pub fn rounds_argument(example: &str, default: usize) -> usize {
    match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        None => default,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("{example}: ROUNDS must be a positive whole number");
            std::process::exit(2)
        }
    }
}

/// Seconds of each of two parsers' passes over `texts`, `rounds` of each, run in turns so that a
/// shared machine's drift falls on both alike. Which goes first alternates, so neither always
/// follows the other's garbage; three untimed passes of each come first, to page in the text and
/// warm both parsers' code and the allocator.
pub fn passes_in_turns(
    texts: &[&str],
    rounds: usize,
    ours: fn(&str) -> usize,
    theirs: fn(&str) -> usize,
) -> (Vec<f64>, Vec<f64>) {
    let pass = |parse: fn(&str) -> usize| {
        let start = std::time::Instant::now();
        let found: usize = texts.iter().map(|text| parse(std::hint::black_box(text))).sum();
        std::hint::black_box(found);
        start.elapsed().as_secs_f64()
    };
    for _ in 0..3 {
        pass(ours);
        pass(theirs);
    }
    let (mut a, mut b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds {
        if round % 2 == 0 {
            a.push(pass(ours));
            b.push(pass(theirs));
        } else {
            b.push(pass(theirs));
            a.push(pass(ours));
        }
    }
    (a, b)
}

/// Sorts `values` and returns their median.
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 }
}
