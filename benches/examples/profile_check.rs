//! Where checking the corpus spends its time, on one thread: parsing, the facts shared by every
//! rule (`Semantic`), and each rule on its own. Each figure is the fastest of a few passes, which
//! a busy machine disturbs least.
//!
//!     cargo run --release -p dockwright-benches --example profile_check [PASSES]

use std::cmp::Reverse;
use std::hint::black_box;
use std::time::{Duration, Instant};

use dockwright::{Config, Linter, Semantic};
use dockwright_benches::{corpus, total_bytes};

fn main() {
    let passes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let Some(inputs) = corpus() else { std::process::exit(1) };
    let bytes = total_bytes(&inputs) as f64;
    let docs: Vec<_> = inputs.iter().map(|i| dockwright::parse(&i.text)).collect();
    let fastest = |work: &dyn Fn()| {
        (0..passes)
            .map(|_| {
                let start = Instant::now();
                work();
                start.elapsed()
            })
            .min()
            .expect("at least one pass")
    };
    // A linter runs `Semantic` and then its rules: one with no rules is the cost a rule adds to.
    let check = |select: &str| {
        let select = if select.is_empty() { vec![] } else { vec![select.to_string()] };
        let linter = Linter::new(Config { select: Some(select), ..Config::default() }).expect("a known rule");
        fastest(&|| {
            for doc in &docs {
                black_box(linter.check_document(doc));
            }
        })
    };

    let parse = fastest(&|| {
        for input in &inputs {
            black_box(dockwright::parse(&input.text));
        }
    });
    let semantic = fastest(&|| {
        for doc in &docs {
            black_box(Semantic::new(doc, None));
        }
    });
    let no_rules = check("");
    let all_rules = check("all");
    let mut rules: Vec<_> = dockwright::rules::all()
        .iter()
        .map(|rule| (rule.meta(), check(rule.meta().name).saturating_sub(no_rules)))
        .collect();
    rules.sort_by_key(|(_, time)| Reverse(*time));

    let total = parse + all_rules;
    let line = |what: &str, time: Duration| {
        let share = 100.0 * time.as_secs_f64() / total.as_secs_f64();
        println!("{what:<45} {:>9.1} ms {share:>5.1}%", time.as_secs_f64() * 1e3);
    };
    println!("{} files, {:.2} MB, fastest of {passes} passes, one thread", inputs.len(), bytes / 1e6);
    println!(
        "parse + check with every rule: {:.1} ms, {:.1} MB/s",
        total.as_secs_f64() * 1e3,
        bytes / 1e6 / total.as_secs_f64()
    );
    line("parse", parse);
    line("semantic facts", semantic);
    line("check with no rules (semantic + overhead)", no_rules);
    line("every rule (check with all - no rules)", all_rules.saturating_sub(no_rules));
    line("sum of the rules one by one", rules.iter().map(|(_, t)| *t).sum());
    println!();
    for (meta, time) in rules.iter().take(15) {
        line(&format!("{} {}", meta.code, meta.name), *time);
    }
}
