//! dockwright's parse speed against `parse-dockerfile`'s, measured so that a shared machine's
//! drift falls on both alike: the two parsers take turns, one pass over the corpus each per
//! round, in one process on one thread, and the figure is the median of the rounds' ratios.
//! Criterion's `corpus/parse/*` benches time one parser for seconds and then the other, so a
//! host that slows down in between moves their ratio (0.63x to 0.98x across runs of unchanged
//! code here); the ratio of passes run back to back does not move that way.
//!
//!     cargo run --release -p dockwright-benches --example parse_ratio [ROUNDS]
//!
//! Prints one JSON object (`benches/compare.py` reads it): the allocator, the rounds, the corpus
//! bytes, each parser's median pass in seconds, and the ratio's median, lowest and highest over
//! the rounds (above 1 when dockwright is faster). The allocator is the platform's, as in the
//! criterion benches; `--features mimalloc` measures under the CLI's instead, which serves the two
//! parsers' allocations very differently (see docs/ARCHITECTURE.md).

use dockwright_benches::{corpus, median, passes_in_turns, rounds_argument, total_bytes};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ALLOCATOR_NAME: &str = if cfg!(feature = "mimalloc") { "mimalloc" } else { "system" };

fn main() {
    let rounds = rounds_argument("parse_ratio", 41);
    let Some(inputs) = corpus() else { std::process::exit(1) };
    let texts: Vec<&str> = inputs.iter().map(|input| input.text.as_str()).collect();
    let (mut ours, mut theirs) = passes_in_turns(&texts, rounds, parse_dockwright, parse_other);
    let mut ratios: Vec<f64> = theirs.iter().zip(&ours).map(|(t, o)| t / o).collect();
    println!(
        "{{\"allocator\": \"{ALLOCATOR_NAME}\", \"rounds\": {rounds}, \"bytes\": {}, \"dockwright_seconds\": {:.6}, \"parse_dockerfile_seconds\": {:.6}, \
         \"ratio_median\": {:.4}, \"ratio_min\": {:.4}, \"ratio_max\": {:.4}}}",
        total_bytes(&inputs),
        median(&mut ours),
        median(&mut theirs),
        median(&mut ratios),
        ratios[0],
        ratios[ratios.len() - 1],
    );
}

fn parse_dockwright(text: &str) -> usize {
    dockwright::parse(text).instructions.len()
}

/// The instructions `parse-dockerfile` found, or 0 where it rejects the file (as in the parse bench).
fn parse_other(text: &str) -> usize {
    parse_dockerfile::parse(text).map_or(0, |doc| doc.instructions.len())
}
