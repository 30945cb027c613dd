//! Lexing and parsing throughput over the whole corpus, next to the `parse-dockerfile` crate
//! parsing the same files in the same run.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dockwright_benches::{corpus, largest, total_bytes};

fn benches(c: &mut Criterion) {
    let inputs = corpus();
    let bytes = total_bytes(&inputs);

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("lex/dockwright", |b| {
        b.iter(|| {
            let mut lines = 0usize;
            for input in &inputs {
                let mut lexer = dockwright::lexer::LineLexer::new(black_box(&input.text));
                while lexer.next_line().is_some() {
                    lines += 1;
                }
            }
            lines
        })
    });
    group.bench_function("parse/dockwright", |b| {
        b.iter(|| {
            let mut instructions = 0usize;
            for input in &inputs {
                instructions += dockwright::parse(black_box(&input.text)).instructions.len();
            }
            instructions
        })
    });
    group.bench_function("parse/parse-dockerfile", |b| {
        b.iter(|| {
            let mut instructions = 0usize;
            for input in &inputs {
                if let Ok(doc) = parse_dockerfile::parse(black_box(&input.text)) {
                    instructions += doc.instructions.len();
                }
            }
            instructions
        })
    });
    group.finish();

    let mut group = c.benchmark_group("largest-file");
    for input in largest(&inputs, 1) {
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        group.bench_function(format!("parse/dockwright/{}", input.name), |b| {
            b.iter(|| dockwright::parse(black_box(&input.text)).instructions.len())
        });
        group.bench_function(format!("parse/parse-dockerfile/{}", input.name), |b| {
            b.iter(|| parse_dockerfile::parse(black_box(&input.text)).map(|d| d.instructions.len()))
        });
    }
    group.finish();
}

criterion_group!(parse, benches);
criterion_main!(parse);
