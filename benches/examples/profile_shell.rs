//! Parses the corpus's `RUN` scripts with the shell parser a number of times; run under
//! `valgrind --tool=callgrind` for instruction counts of the shell parser alone. Collecting the
//! scripts parses them once too: the difference between `profile_shell 1` and `profile_shell 0`
//! is one pass of the shell parser.
//!
//!     cargo build --profile profiling -p dockwright-benches --example profile_shell
//!     valgrind --tool=callgrind target/profiling/examples/profile_shell [ROUNDS]

use dockwright::Semantic;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let Some(inputs) = dockwright_benches::corpus() else { std::process::exit(1) };
    let docs: Vec<_> = inputs.iter().map(|i| dockwright::parse(&i.text)).collect();
    let scripts: Vec<String> = docs
        .iter()
        .flat_map(|doc| {
            let facts = Semantic::new(doc, None);
            (0..doc.instructions.len())
                .flat_map(|i| facts.scripts_of(i).iter().map(|run| run.script.text.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    drop(docs);
    let bytes: usize = scripts.iter().map(String::len).sum();
    let mut commands = 0;
    for _ in 0..rounds {
        commands += scripts.iter().map(|s| dockwright::shell::parse(s).commands.len()).sum::<usize>();
    }
    println!("{} scripts, {bytes} bytes, {commands} commands", scripts.len());
}
