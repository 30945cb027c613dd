//! One pass of parse + check with every rule over the corpus, for instruction counts:
//!
//!     valgrind --tool=callgrind target/release/examples/check_once
use std::hint::black_box;

use dockwright::{Config, Linter};
use dockwright_benches::corpus;

fn main() {
    let Some(inputs) = corpus() else { std::process::exit(1) };
    let linter = Linter::new(Config { select: Some(vec!["all".into()]), ..Config::default() })
        .expect("`all` is a valid selection");
    let findings: usize = inputs.iter().map(|input| black_box(linter.check(&input.text)).len()).sum();
    println!("{} files, {findings} findings", inputs.len());
}
