//! BuildKit's AST dump (`parser.Node.Dump`), rendered from the typed model.
//!
//! This is the format of BuildKit's own parser fixtures, so rendering the model in it is how the
//! conformance tests compare our reading of a file with BuildKit's.

use std::fmt::Write;

use super::{Dockerfile, Instruction, InstructionKind, ShellOrExec};

/// One line per instruction: `(keyword ["--flag"...] "arg"...)`.
pub fn buildkit_dump(doc: &Dockerfile<'_>) -> String {
    let mut out = String::new();
    for instruction in &doc.instructions {
        out.push('(');
        dump_node(instruction, &mut out);
        out.push_str(")\n");
    }
    out
}

fn dump_node(ins: &Instruction<'_>, out: &mut String) {
    let start = out.len();
    out.push_str(&ins.keyword_text.to_lowercase());
    if !ins.flags.is_empty() {
        out.push_str(" [");
        for (i, flag) in ins.flags.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            go_quote_into(&flag.text, out);
        }
        out.push(']');
    }
    let mut arg = |s: &str| {
        out.push(' ');
        go_quote_into(s, out);
    };
    match &ins.kind {
        InstructionKind::Run(run) => command_args(run.command.as_ref(), &mut arg),
        InstructionKind::Cmd(c) | InstructionKind::Entrypoint(c) | InstructionKind::Shell(c) => {
            command_args(c.command.as_ref(), &mut arg)
        }
        InstructionKind::Add(c) | InstructionKind::Copy(c) => c.args.iter().for_each(|w| arg(&w.text)),
        InstructionKind::Volume(v) => v.paths.iter().for_each(|w| arg(&w.text)),
        InstructionKind::From(f) => f.args.iter().for_each(|w| arg(&w.text)),
        InstructionKind::Expose(e) => e.ports.iter().for_each(|w| arg(&w.text)),
        InstructionKind::Maintainer(s)
        | InstructionKind::Stopsignal(s)
        | InstructionKind::User(s)
        | InstructionKind::Workdir(s) => s.value.iter().for_each(|w| arg(&w.text)),
        InstructionKind::Env(kv) | InstructionKind::Label(kv) => {
            for pair in &kv.pairs {
                arg(&pair.key.text);
                arg(&pair.value.text);
                arg(if pair.legacy { "" } else { "=" });
            }
        }
        InstructionKind::Arg(a) => a.args.iter().for_each(|d| arg(&d.word.text)),
        InstructionKind::Healthcheck(h) => {
            h.kind.iter().for_each(|w| arg(&w.text));
            command_args(h.command.as_ref(), &mut arg);
        }
        InstructionKind::Onbuild(o) => {
            if let Some(trigger) = &o.trigger {
                out.push_str(" (");
                dump_node(trigger, out);
                out.push(')');
            }
        }
        // BuildKit keeps no arguments for an unknown instruction, just one empty node.
        InstructionKind::Unknown(_) => arg(""),
    }
    // Go's Dump trims the whole node string.
    let trimmed_len = out[start..].trim_end().len();
    out.truncate(start + trimmed_len);
}

fn command_args(command: Option<&ShellOrExec<'_>>, arg: &mut impl FnMut(&str)) {
    match command {
        Some(ShellOrExec::Shell { command }) => arg(&command.text),
        Some(ShellOrExec::Exec { args, .. }) => args.iter().for_each(|w| arg(&w.text)),
        None => {}
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    go_quote_into(s, &mut out);
    out
}

fn go_quote_into(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0C' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0B' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
}

/// An approximation of Go's `unicode.IsPrint`: graphic characters and the ASCII space; not
/// other spaces, controls, or the common format characters.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF
        | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("\0\x07\n\u{7f}"), r#""\x00\a\n\x7f""#);
        assert_eq!(go_quote("♥ ☃"), "\"♥ ☃\"");
        assert_eq!(go_quote("\u{a0}\u{feff}"), r#""\u00a0\ufeff""#);
    }
}
