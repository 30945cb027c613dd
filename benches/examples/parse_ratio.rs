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

use std::hint::black_box;
use std::time::Instant;

use dockwright_benches::{Input, corpus, rounds_argument, total_bytes};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ALLOCATOR_NAME: &str = if cfg!(feature = "mimalloc") { "mimalloc" } else { "system" };

fn main() {
    let rounds = rounds_argument("parse_ratio", 41);
    let Some(inputs) = corpus() else { std::process::exit(1) };
    // Untimed passes first: page in the text and warm both parsers' code and the allocator.
    for _ in 0..3 {
        pass(&inputs, parse_dockwright);
        pass(&inputs, parse_other);
    }
    let mut ours = Vec::with_capacity(rounds);
    let mut theirs = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Alternate which parser goes first, so neither always follows the other's garbage.
        if round % 2 == 0 {
            ours.push(pass(&inputs, parse_dockwright));
            theirs.push(pass(&inputs, parse_other));
        } else {
            theirs.push(pass(&inputs, parse_other));
            ours.push(pass(&inputs, parse_dockwright));
        }
    }
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

/// Seconds one pass over every input takes.
fn pass(inputs: &[Input], parse: fn(&str) -> usize) -> f64 {
    let start = Instant::now();
    let found: usize = inputs.iter().map(|input| parse(black_box(&input.text))).sum();
    black_box(found);
    start.elapsed().as_secs_f64()
}

/// Sorts `values` and returns their median.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 }
}
