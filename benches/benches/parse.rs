//! Lexing and parsing throughput, over the whole corpus (group `corpus`) and per file on a small,
//! a medium and the largest corpus file (group `file`, see `PER_FILE`), with the
//! `parse-dockerfile` crate parsing the same files in the same run. One thread; the files are
//! read into memory first.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dockwright_benches::{Input, corpus, per_file, total_bytes};

/// Counts the logical lines of `text`, continuation lines joined: the lexer on its own.
fn lex(text: &str) -> usize {
    let mut lexer = dockwright::lexer::LineLexer::new(text);
    let mut lines = 0;
    while lexer.next_line().is_some() {
        lines += 1;
    }
    lines
}

fn parse_dockwright(text: &str) -> usize {
    dockwright::parse(text).instructions.len()
}

/// The instructions `parse-dockerfile` found, or 0 where it rejects the file.
fn parse_other(text: &str) -> usize {
    parse_dockerfile::parse(text).map_or(0, |doc| doc.instructions.len())
}

/// A measured operation on one file's text; what it returns keeps the work from being optimised away.
type Op = fn(&str) -> usize;

const OPS: [(&str, Op); 3] = [
    ("lex/dockwright", lex),
    ("parse/dockwright", parse_dockwright),
    ("parse/parse-dockerfile", parse_other),
];

fn benches(c: &mut Criterion) {
    let Some(inputs) = corpus() else { return };
    let rejected: Vec<&str> = inputs
        .iter()
        .filter(|i| parse_dockerfile::parse(&i.text).is_err())
        .map(|i| i.name.as_str())
        .collect();
    eprintln!(
        "parse: {} files, {} bytes; parse-dockerfile rejects {} of them{}{}",
        inputs.len(),
        total_bytes(&inputs),
        rejected.len(),
        if rejected.is_empty() { "" } else { ": " },
        rejected.join(", ")
    );

    let mut group = c.benchmark_group("corpus");
    // A pass over the corpus takes milliseconds to tens of milliseconds: ten samples are plenty.
    group.sample_size(10);
    group.throughput(Throughput::Bytes(total_bytes(&inputs)));
    for (name, op) in OPS {
        group.bench_function(name, |b| b.iter(|| over(&inputs, op)));
    }
    group.finish();

    let mut group = c.benchmark_group("file");
    for (label, input) in per_file(&inputs) {
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        for (name, op) in OPS {
            group.bench_function(format!("{name}/{label}"), |b| b.iter(|| op(black_box(&input.text))));
        }
    }
    group.finish();
}

fn over(inputs: &[Input], op: Op) -> usize {
    inputs.iter().map(|input| op(black_box(&input.text))).sum()
}

criterion_group! {
    name = parse;
    // Short runs: the machine these run on is small and shared. `cargo bench -- --measurement-time
    // N` overrides.
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(parse);
