//! One pass of parse + check with every rule over the corpus, for instruction counts:
//!
//!     cargo build --profile profiling -p dockwright-benches --example check_once
//!     valgrind --tool=callgrind target/profiling/examples/check_once
//!
//! or several, for a sampling profiler to see where the time goes (`check_once 20`).
use std::hint::black_box;

use dockwright::{Config, Linter};
use dockwright_benches::corpus;

fn main() {
    let Some(inputs) = corpus() else { std::process::exit(1) };
    let linter = Linter::new(Config { select: Some(vec!["all".into()]), ..Config::default() })
        .expect("`all` is a valid selection");
    let passes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    for _ in 0..passes {
        let findings: usize = inputs.iter().map(|input| black_box(linter.check(&input.text)).len()).sum();
        println!("{} files, {findings} findings", inputs.len());
    }
}
