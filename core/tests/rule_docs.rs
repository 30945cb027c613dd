//! Every rule's documentation is executable: the `## Example` blocks must trigger the rule, the
//! `## Use instead` blocks must not, and where the rule has a fix, fixing the example must
//! silence it. A ```toml block under `## Options` configures the examples; a ```dockerignore
//! block (the ignore file) or a ```context block (the file list, one per line) under `## Example`
//! gives them a build context.

use dockwright::rules::{self, FixKind};
use dockwright::{Applicability, Config, Linter, MemoryContext};

/// The fenced blocks of a given language in a Markdown section (`## Title` up to the next `## `).
fn blocks(docs: &str, section: &str, lang: &str) -> Vec<String> {
    let Some(start) = docs.find(&format!("## {section}\n")) else {
        return Vec::new();
    };
    let body = &docs[start + section.len() + 4..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let mut out = Vec::new();
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("```") && line.trim_start()[3..].trim() == lang {
            let mut block = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                block.push_str(l);
                block.push('\n');
            }
            out.push(block);
        }
    }
    out
}

fn linter_for(name: &str, options: Option<&str>) -> Linter {
    let mut config = match options {
        Some(toml) => Config::from_toml(toml).unwrap_or_else(|e| panic!("{name}: bad options block: {e}")),
        None => Config::default(),
    };
    config.select = Some(vec![name.to_string()]);
    Linter::new(config).unwrap()
}

/// The build context an example declares, if any.
fn example_context(docs: &str) -> Option<MemoryContext> {
    let ignore = blocks(docs, "Example", "dockerignore");
    let files = blocks(docs, "Example", "context");
    if ignore.is_empty() && files.is_empty() {
        return None;
    }
    let mut context = MemoryContext::new();
    if let Some(text) = ignore.first() {
        context = context.with_dockerignore(text.as_str());
    }
    if let Some(list) = files.first() {
        context = context.with_files(list.lines().map(str::trim).filter(|l| !l.is_empty()));
    }
    Some(context)
}

#[test]
fn every_rule_documents_itself_with_runnable_examples() {
    let mut problems = Vec::new();
    let mut examples = 0;
    for rule in rules::all() {
        let meta = rule.meta();
        let docs = rules::docs_markdown(meta);
        for section in ["What it does", "Why", "Example", "Use instead", "Fix"] {
            if !docs.contains(&format!("## {section}\n")) {
                problems.push(format!("{}: no `## {section}` section", meta.name));
            }
        }
        let options = blocks(&docs, "Options", "toml");
        let linter = linter_for(meta.name, options.first().map(String::as_str));
        let bad = blocks(&docs, "Example", "dockerfile");
        let good = blocks(&docs, "Use instead", "dockerfile");
        let context = example_context(&docs);
        let context = context.as_ref().map(|c| c as &dyn dockwright::BuildContext);
        if bad.is_empty() || good.is_empty() {
            problems
                .push(format!("{}: needs a ```dockerfile block in Example and in Use instead", meta.name));
        }
        for example in &bad {
            examples += 1;
            let found = linter.check_with_context(example, context);
            if !found.iter().any(|d| d.code == meta.code) {
                problems.push(format!("{}: example does not trigger it:\n{example}", meta.name));
                continue;
            }
            let allow = match meta.fix {
                FixKind::None => continue,
                FixKind::Safe => Applicability::Safe,
                FixKind::Unsafe => Applicability::Unsafe,
            };
            let outcome = linter.fix(example, allow);
            if !outcome.changed() {
                problems.push(format!("{}: fix of the example changes nothing", meta.name));
            } else if outcome.remaining.iter().any(|d| d.code == meta.code) {
                problems.push(format!("{}: still reported after fixing:\n{}", meta.name, outcome.output));
            }
        }
        for example in &good {
            examples += 1;
            let found: Vec<_> = linter
                .check_with_context(example, context)
                .into_iter()
                .filter(|d| d.code == meta.code)
                .collect();
            if !found.is_empty() {
                problems.push(format!(
                    "{}: `Use instead` example triggers it: {:?}\n{example}",
                    meta.name, found[0].message
                ));
            }
        }
    }
    assert!(examples >= 2 * rules::all().len(), "only {examples} examples ran");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn codes_names_and_aliases_are_unique_and_well_formed() {
    let all = rules::all();
    let mut seen = std::collections::HashSet::new();
    for rule in all {
        let m = rule.meta();
        assert!(
            m.code.len() == 5 && m.code.starts_with("DW") && m.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            m.code
        );
        assert!(m.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", m.name);
        let first_digit = (m.code.as_bytes()[2] - b'0') as usize;
        let category_index = rules::Category::ALL.iter().position(|c| *c == m.category).unwrap();
        assert_eq!(first_digit, category_index, "{}: code digit does not match its category", m.name);
        for id in std::iter::once(m.code).chain([m.name]).chain(m.aliases.iter().copied()) {
            assert!(seen.insert(id.to_ascii_lowercase()), "`{id}` names two rules");
        }
        assert!(!m.summary.is_empty() && !m.summary.ends_with('.'), "{}: summary", m.name);
    }
}
