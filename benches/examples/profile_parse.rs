//! Parses the corpus a number of times; run under `valgrind --tool=callgrind` to count
//! instructions (repeatable on a noisy machine) and see where parsing spends them.

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let Some(inputs) = dockwright_benches::corpus() else { std::process::exit(1) };
    let mut instructions = 0;
    for _ in 0..rounds {
        for input in &inputs {
            instructions += dockwright::parse(&input.text).instructions.len();
        }
    }
    println!("{} files, {instructions} instructions", inputs.len());
}
