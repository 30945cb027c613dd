//! `--format sarif`: SARIF 2.1.0 with a descriptor for every rule that ran (help text and a link
//! into the rules reference) and fixes as `artifactChanges`. Columns count Unicode code points, as
//! dockwright's do, and the run says so (`columnKind`), since SARIF's default is UTF-16 units.

use std::collections::HashMap;

use dockwright::rules::{Category, FixKind, RuleMeta};
use dockwright::source::{LineColumn, LineIndex};
use dockwright::{Diagnostic, Severity};
use serde::Serialize;

use super::{FileView, Renderer, Summary, close_array, json_items};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const RULES_DOC: &str = "https://github.com/dockwright/dockwright/blob/main/docs/rules.md";

// The SARIF objects used, as structs: field order is then fixed, whatever serde_json features
// other crates in the workspace turn on.

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    help_uri: String,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    category: Category,
    tags: [Category; 1],
    aliases: &'a [&'a str],
    fix: FixKind,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Text<'a>>,
}

pub struct Sarif {
    rules: Vec<&'static RuleMeta>,
    /// Rule code -> index in `rules` (`ruleIndex`).
    index: HashMap<&'static str, usize>,
}

impl Sarif {
    pub fn new(rules: Vec<&'static RuleMeta>) -> Sarif {
        let index = rules.iter().enumerate().map(|(i, m)| (m.code, i)).collect();
        Sarif { rules, index }
    }

    /// One result; `edit_positions` yields the start and end position of each fix edit, in order.
    fn result<'a>(
        &self,
        uri: &'a str,
        edit_positions: &mut impl Iterator<Item = LineColumn>,
        d: &'a Diagnostic,
    ) -> SarifResult<'a> {
        let fixes = d.fix.iter().map(|fix| {
            let replacements = fix
                .edits
                .iter()
                .map(|e| {
                    let unknown = || LineColumn { line: 1, column: 1 };
                    let start = edit_positions.next().unwrap_or_else(unknown);
                    let end = edit_positions.next().unwrap_or_else(unknown);
                    Replacement {
                        deleted_region: Region {
                            start_line: start.line,
                            start_column: start.column,
                            end_line: end.line,
                            end_column: end.column,
                        },
                        inserted_content: (!e.content.is_empty()).then_some(Text { text: &e.content }),
                    }
                })
                .collect();
            SarifFix {
                description: Text { text: &fix.title },
                artifact_changes: [ArtifactChange {
                    artifact_location: ArtifactLocation { uri },
                    replacements,
                }],
            }
        });
        SarifResult {
            rule_id: d.code,
            rule_index: self.index.get(d.code).copied(),
            level: level(d.severity),
            message: Text { text: &d.message },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri },
                    region: Region {
                        start_line: d.line,
                        start_column: d.column,
                        end_line: d.end_line,
                        end_column: d.end_column,
                    },
                },
            }],
            fixes: fixes.collect(),
        }
    }
}

impl Renderer for Sarif {
    fn begin(&self) -> String {
        let tool = Tool {
            driver: Driver {
                name: "dockwright",
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                information_uri: env!("CARGO_PKG_REPOSITORY"),
                rules: self.rules.iter().map(|m| descriptor(m)).collect(),
            },
        };
        let tool = serde_json::to_string_pretty(&tool).unwrap_or_default().replace('\n', "\n      ");
        format!(
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \
             \"tool\": {tool},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
        )
    }

    fn file(&self, file: &FileView<'_>) -> String {
        let uri = artifact_uri(file.name);
        let mut edit_positions = edit_positions(file.text, file.diagnostics).into_iter();
        json_items(file.diagnostics.iter().map(|d| self.result(&uri, &mut edit_positions, d)), 4)
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn end(&self, summary: &Summary) -> String {
        close_array(summary.total() == 0, 3) + "\n    }\n  ]\n}\n"
    }
}

/// The start and end positions of every fix edit of `diagnostics`, in order. Offsets are counted
/// in ascending order, each on from the one before, so that thousands of edits on one long line
/// (a generated `RUN`) cost one pass over it rather than one per edit.
fn edit_positions(text: &str, diagnostics: &[Diagnostic]) -> Vec<LineColumn> {
    let offsets: Vec<u32> = diagnostics
        .iter()
        .flat_map(|d| &d.fix)
        .flat_map(|f| &f.edits)
        .flat_map(|e| [e.start, e.end])
        .collect();
    if offsets.is_empty() {
        return Vec::new();
    }
    let mut ascending = offsets.clone();
    ascending.sort_unstable();
    ascending.dedup();
    // Both halves of `line_columns`' alternating streams of an ascending list are ascending.
    let positions = LineIndex::new(text).line_columns(text, &ascending);
    offsets.iter().map(|o| positions[ascending.binary_search(o).unwrap_or_default()]).collect()
}

fn descriptor(m: &'static RuleMeta) -> Descriptor<'static> {
    let docs = dockwright::rules::docs_markdown(m);
    Descriptor {
        id: m.code,
        name: m.name,
        short_description: Text { text: m.summary },
        help_uri: format!("{RULES_DOC}#{}", m.name),
        help: Help { text: docs.clone(), markdown: docs },
        default_configuration: Configuration { level: level(m.severity) },
        properties: RuleProperties {
            category: m.category,
            tags: [m.category],
            aliases: m.aliases,
            fix: m.fix,
        },
    }
}

fn level(s: Severity) -> &'static str {
    super::severity_word(s, ["note", "note", "warning", "error"])
}

/// A relative URI reference for a relative path (`dir/Dockerfile`, resolved against the checkout
/// by code-scanning services), a `file://` URI for an absolute one; reserved bytes percent-encoded.
fn artifact_uri(name: &str) -> String {
    let path = super::slash_path(name);
    let drive = cfg!(windows) && path.as_bytes().get(1) == Some(&b':');
    let (mut out, rest) = if path.starts_with('/') {
        ("file://".to_string(), path.as_str())
    } else if drive {
        // `C:/x` -> `file:///C:/x`.
        (format!("file:///{}", &path[..2]), &path[2..])
    } else {
        (String::with_capacity(path.len()), path.as_str())
    };
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(artifact_uri("sub dir/Dockerfile.dev"), "sub%20dir/Dockerfile.dev");
        assert_eq!(artifact_uri("/abs/Dockerfile"), "file:///abs/Dockerfile");
        assert_eq!(artifact_uri("a:b/Dockerfile"), "a%3Ab/Dockerfile");
        assert_eq!(artifact_uri("é/Dockerfile"), "%C3%A9/Dockerfile");
    }
}
