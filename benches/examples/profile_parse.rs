//! Parses the corpus a number of times; run under `valgrind --tool=callgrind` to count
//! instructions (repeatable on a noisy machine) and see where parsing spends them.
//! `profile_parse N parse-dockerfile` runs the other parser the parse bench compares with, for
//! the same counts on its side.
//!
//!     cargo build --profile profiling -p dockwright-benches --example profile_parse
//!     valgrind --tool=callgrind target/profiling/examples/profile_parse [ROUNDS] [parse-dockerfile]

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let other = match args.next().as_deref() {
        None => false,
        Some("parse-dockerfile") => true,
        Some(unknown) => {
            eprintln!("profile_parse: unknown parser `{unknown}` (the other one is `parse-dockerfile`)");
            std::process::exit(2)
        }
    };
    let Some(inputs) = dockwright_benches::corpus() else { std::process::exit(1) };
    let mut instructions = 0;
    for _ in 0..rounds {
        for input in &inputs {
            instructions += if other {
                parse_dockerfile::parse(&input.text).map_or(0, |doc| doc.instructions.len())
            } else {
                dockwright::parse(&input.text).instructions.len()
            };
        }
    }
    println!("{} files, {instructions} instructions", inputs.len());
}
