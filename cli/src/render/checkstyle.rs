//! `--format checkstyle`: Checkstyle XML (Jenkins' Warnings plugin, reviewdog), one `<file>` per
//! file with findings.

use std::fmt::Write;

use super::{FileView, Renderer, Summary};

pub struct Checkstyle;

impl Renderer for Checkstyle {
    fn begin(&self) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n".to_string()
    }

    fn file(&self, file: &FileView<'_>) -> String {
        if file.diagnostics.is_empty() {
            return String::new();
        }
        let mut out = format!("  <file name=\"{}\">\n", attr(file.name));
        for d in file.diagnostics {
            let severity = super::severity_word(d.severity, ["info", "info", "warning", "error"]);
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"{}\"/>",
                d.line,
                d.column,
                attr(&d.message),
                d.code
            );
        }
        out.push_str("  </file>\n");
        out
    }

    fn end(&self, _summary: &Summary) -> String {
        "</checkstyle>\n".to_string()
    }
}

/// Escapes an attribute value. Line breaks and tabs become character references (a parser would
/// turn them into spaces otherwise); characters XML 1.0 cannot carry become U+FFFD.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn attributes_are_escaped() {
        assert_eq!(super::attr("a<b & \"c\"\n\u{1}"), "a&lt;b &amp; &quot;c&quot;&#10;\u{FFFD}");
    }
}
