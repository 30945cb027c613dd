//! `--format github`: GitHub Actions workflow commands, which become annotations on the pull
//! request: `::warning file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`.

use std::fmt::Write;

use super::{FileView, Renderer};

pub struct Github;

impl Renderer for Github {
    fn file(&self, file: &FileView<'_>) -> String {
        let mut out = String::new();
        let path = property(&super::slash_path(file.name));
        for d in file.diagnostics {
            let command = super::severity_word(d.severity, ["notice", "notice", "warning", "error"]);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                "::{command} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                property(&format!("{} {}", d.code, d.name)),
                data(&message)
            );
        }
        out
    }
}

/// Escapes a command's message, as the Actions runner unescapes it.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: also `:` and `,`, which delimit properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(super::data("50%\r\nx: a,b"), "50%25%0D%0Ax: a,b");
        assert_eq!(super::property("50%\r\nx: a,b"), "50%25%0D%0Ax%3A a%2Cb");
    }
}
