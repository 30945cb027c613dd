//! `--format json`: the flat array of diagnostics shared with the Python and JS bindings, each with
//! its `file` first and then the diagnostic's fields in their declared order.

use dockwright::Diagnostic;

use super::{FileView, Renderer, Summary, close_array, json_items};

pub struct Json;

#[derive(serde::Serialize)]
struct Entry<'r> {
    file: &'r str,
    #[serde(flatten)]
    diagnostic: &'r Diagnostic,
}

impl Renderer for Json {
    fn begin(&self) -> String {
        "[".to_string()
    }

    fn file(&self, file: &FileView<'_>) -> String {
        json_items(file.diagnostics.iter().map(|d| Entry { file: file.name, diagnostic: d }), 1)
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn end(&self, summary: &Summary) -> String {
        close_array(summary.total() == 0, 0) + "\n"
    }
}
