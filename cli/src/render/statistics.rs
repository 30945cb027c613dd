//! `--statistics`: how often each rule fired, most frequent first, instead of the findings.

use std::fmt::Write;

use super::human::Human;
use super::{FileView, Renderer, Summary};

pub enum Statistics {
    /// A table followed by the usual summary line.
    Table(Human),
    Json,
}

impl Renderer for Statistics {
    fn file(&self, _file: &FileView<'_>) -> String {
        String::new()
    }

    fn end(&self, summary: &Summary) -> String {
        let mut rows: Vec<_> = summary.by_rule.iter().collect();
        rows.sort_by(|(a_code, a), (b_code, b)| b.count.cmp(&a.count).then(a_code.cmp(b_code)));
        match self {
            Statistics::Json => {
                #[derive(serde::Serialize)]
                struct Row<'a> {
                    code: &'a str,
                    name: &'a str,
                    count: usize,
                    fixable: usize,
                }
                let list: Vec<Row<'_>> = rows
                    .iter()
                    .map(|(code, r)| Row { code, name: r.name, count: r.count, fixable: r.fixable })
                    .collect();
                serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
            }
            Statistics::Table(human) => {
                let count_width = rows.first().map_or(1, |(_, r)| r.count.to_string().len());
                let name_width = rows.iter().map(|(_, r)| r.name.len()).max().unwrap_or(0);
                let mut out = String::new();
                for (code, r) in &rows {
                    let fixable =
                        if r.fixable > 0 { format!("  ({} fixable)", r.fixable) } else { String::new() };
                    let row = format!("{:>count_width$}  {code}  {:<name_width$}{fixable}", r.count, r.name);
                    let _ = writeln!(out, "{}", row.trim_end());
                }
                out + &human.summary_line(summary)
            }
        }
    }
}
