//! Checking with every rule and fixing (unsafe fixes too) throughput, over the whole corpus (group
//! `corpus`) and per file on a small, a medium and the largest corpus file (group `file`, see
//! `PER_FILE`). One thread; the files are read into memory first, and both include parsing.
//! `corpus/check-parallel/dockwright` checks the corpus with its files spread over every core (as
//! the CLI and the Python module's `check_many` do).
//! Group `scripts` parses the shell of every `RUN` (and `RUN` heredoc) of the corpus on its own:
//! the largest single part of checking. `benches/compare.py` reads the results into
//! docs/benchmarks.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dockwright::{Applicability, Config, Linter, Semantic};
use dockwright_benches::{corpus, per_file, total_bytes};
use rayon::prelude::*;

/// A measured operation on one file's text; what it returns keeps the work from being optimised away.
type Op<'a> = &'a dyn Fn(&str) -> usize;

fn benches(c: &mut Criterion) {
    let Some(inputs) = corpus() else { return };
    let linter = Linter::new(Config { select: Some(vec!["all".into()]), ..Config::default() })
        .expect("`all` is a valid selection");
    let check = |text: &str| linter.check(text).len();
    let fix = |text: &str| linter.fix(text, Applicability::Unsafe).output.len();
    let fixable = inputs.iter().filter(|i| linter.fix(&i.text, Applicability::Unsafe).changed()).count();
    eprintln!(
        "check: {} files, {} bytes, {} rules; fix changes {fixable} of the files",
        inputs.len(),
        total_bytes(&inputs),
        linter.rules().len()
    );
    let ops: [(&str, Op); 2] = [("check/dockwright", &check), ("fix/dockwright", &fix)];

    let mut group = c.benchmark_group("corpus");
    // A pass over the corpus takes tenths of a second: ten samples are enough to estimate from
    // and keep the run to seconds.
    group.sample_size(10);
    group.throughput(Throughput::Bytes(total_bytes(&inputs)));
    for (name, op) in ops {
        group.bench_function(name, |b| {
            b.iter(|| inputs.iter().map(|input| op(black_box(&input.text))).sum::<usize>())
        });
    }
    group.bench_function("check-parallel/dockwright", |b| {
        b.iter(|| inputs.par_iter().map(|input| check(black_box(&input.text))).sum::<usize>())
    });
    group.finish();

    // The scripts as checking reads them (shell-form commands, heredoc bodies, `sh -c` strings
    // are found inside them), so that the bench parses what `Semantic` parses.
    let docs: Vec<_> = inputs.iter().map(|i| dockwright::parse(&i.text)).collect();
    let scripts: Vec<&str> = docs
        .iter()
        .flat_map(|doc| {
            let facts = Semantic::new(doc, None);
            (0..doc.instructions.len())
                .flat_map(|i| facts.scripts_of(i).iter().map(|run| run.script.text))
                .collect::<Vec<_>>()
        })
        .collect();
    let script_bytes: usize = scripts.iter().map(|s| s.len()).sum();
    eprintln!("scripts: {} RUN scripts, {script_bytes} bytes", scripts.len());
    let mut group = c.benchmark_group("scripts");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(script_bytes as u64));
    group.bench_function("shell/dockwright", |b| {
        b.iter(|| {
            scripts.iter().map(|s| dockwright::shell::parse(black_box(s)).commands.len()).sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("file");
    for (label, input) in per_file(&inputs) {
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        for (name, op) in ops {
            group.bench_function(format!("{name}/{label}"), |b| b.iter(|| op(black_box(&input.text))));
        }
    }
    group.finish();
}

criterion_group! {
    name = check;
    // Short runs: the machine these run on is small and shared. `cargo bench -- --measurement-time
    // N` overrides.
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(check);
