//! Where dockwright's parse is slower or faster than `parse-dockerfile`'s, by kind of line: each
//! corpus file is cut into one document per group of instruction keywords (and one of its comment
//! lines, one of its blank lines), each document keeping only that group's lines after a
//! `FROM scratch`; the two parsers then take turns over each group's documents, as in
//! `parse_ratio`. A group of `FROM scratch` alone gives the fixed cost of a document, which every
//! other group includes.
//!
//!     cargo run --release -p dockwright-benches --example parse_kinds [ROUNDS]
//!
//! Prints a table: per group its documents' bytes, each parser's median pass, the time left once
//! the fixed cost is taken off, and the ratio of the medians (above 1 when dockwright is faster).
//! The groups' times do not add up to a pass over the corpus: whole files cost both parsers more
//! than their lines cut into these smaller documents, dockwright more so (see docs/ARCHITECTURE.md,
//! "Where the parse gap is").

use dockwright::model::{ItemKind, Keyword};
use dockwright_benches::{corpus, median, passes_in_turns, rounds_argument};

/// What a group keeps of a file.
#[derive(Clone, Copy)]
enum Keep {
    Nothing,
    Instructions(&'static [Keyword]),
    Comments,
    Blanks,
}

const GROUPS: [(&str, Keep); 9] = [
    ("FROM scratch alone", Keep::Nothing),
    ("ENV, ARG, LABEL", Keep::Instructions(&[Keyword::Env, Keyword::Arg, Keyword::Label])),
    ("RUN", Keep::Instructions(&[Keyword::Run])),
    ("COPY, ADD", Keep::Instructions(&[Keyword::Copy, Keyword::Add])),
    ("FROM", Keep::Instructions(&[Keyword::From])),
    ("CMD, ENTRYPOINT, SHELL", Keep::Instructions(&[Keyword::Cmd, Keyword::Entrypoint, Keyword::Shell])),
    (
        "the other instructions",
        Keep::Instructions(&[
            Keyword::Workdir,
            Keyword::User,
            Keyword::Expose,
            Keyword::Volume,
            Keyword::Maintainer,
            Keyword::Stopsignal,
            Keyword::Healthcheck,
            Keyword::Onbuild,
            Keyword::Unknown,
        ]),
    ),
    ("comment lines", Keep::Comments),
    ("blank lines", Keep::Blanks),
];

fn main() {
    let rounds = rounds_argument("parse_kinds", 21);
    let Some(inputs) = corpus() else { std::process::exit(1) };
    println!(
        "| lines | bytes | dockwright | parse-dockerfile | dockwright less fixed cost | parse-dockerfile less fixed cost | ratio |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut fixed = (0.0, 0.0);
    for (name, keep) in GROUPS {
        let documents: Vec<String> = inputs.iter().filter_map(|input| cut(&input.text, keep)).collect();
        let bytes: usize = documents.iter().map(String::len).sum();
        let (ours, theirs) = time_in_turns(&documents, rounds);
        if matches!(keep, Keep::Nothing) {
            fixed = (ours, theirs);
        }
        println!(
            "| {name} | {bytes} | {} µs | {} µs | {} µs | {} µs | {:.3}x |",
            micros(ours),
            micros(theirs),
            micros(ours - fixed.0),
            micros(theirs - fixed.1),
            theirs / ours
        );
    }
}

/// The lines of `text` that `keep` asks for, after a `FROM scratch`; `None` for a file whose
/// escape character is not the default (its lines would read differently without the directive).
fn cut(text: &str, keep: Keep) -> Option<String> {
    let doc = dockwright::parse(text);
    if doc.escape != '\\' {
        return None;
    }
    let mut out = String::from("FROM scratch\n");
    for item in &doc.items {
        let kept = match (keep, item.kind) {
            (Keep::Instructions(keywords), ItemKind::Instruction(i)) => {
                keywords.contains(&doc.instructions[i].keyword)
            }
            (Keep::Comments, ItemKind::Comment(_)) | (Keep::Blanks, ItemKind::Blank) => true,
            _ => false,
        };
        if kept {
            out.push_str(doc.text(item.span));
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    Some(out)
}

/// Each parser's median pass over `documents`, the two taking turns round by round.
fn time_in_turns(documents: &[String], rounds: usize) -> (f64, f64) {
    let texts: Vec<&str> = documents.iter().map(String::as_str).collect();
    let ours = |text: &str| dockwright::parse(text).instructions.len();
    let theirs = |text: &str| parse_dockerfile::parse(text).map_or(0, |doc| doc.instructions.len());
    let (mut a, mut b) = passes_in_turns(&texts, rounds, ours, theirs);
    (median(&mut a), median(&mut b))
}

/// Whole microseconds (a difference within the noise reads 0, not -0).
fn micros(seconds: f64) -> i64 {
    (seconds * 1e6).round() as i64
}
