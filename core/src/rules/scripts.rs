//! Helpers shared by the rules that read `RUN` scripts.

use crate::model::{Instruction, InstructionKind};
use crate::semantic::{RunScript, ScriptOrigin, Semantic};
use crate::shell::Command;
use crate::shell::tools::{PackageCommand, package_command};

/// Every command of every script of an instruction, with its script and index.
pub(crate) fn commands<'x, 'd, 'a>(
    semantic: &'x Semantic<'d, 'a>,
    instruction: usize,
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, usize, &'x Command<'d>)> {
    semantic
        .scripts_of(instruction)
        .iter()
        .flat_map(|rs| rs.script.commands.iter().enumerate().map(move |(i, c)| (rs, i, c)))
}

/// Every package-manager command of an instruction's scripts.
pub(crate) fn package_commands<'x, 'd, 'a>(
    semantic: &'x Semantic<'d, 'a>,
    instruction: usize,
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, PackageCommand<'x, 'd>)> {
    commands(semantic, instruction).filter_map(|(rs, _, c)| package_command(c).map(|p| (rs, p)))
}

/// Whether a `RUN --mount=type=cache|tmpfs` keeps `path` out of the layer.
pub(crate) fn mount_covers(ins: &Instruction<'_>, path: &str) -> bool {
    match &ins.effective().kind {
        InstructionKind::Run(run) => run.mounts.iter().any(|m| m.covers(path)),
        _ => false,
    }
}

/// Where to append a command to the end of a `RUN`'s shell-form command line, and how: the text
/// to insert keeps the instruction's layout (one line, trailing `&& \`, or leading `&&`).
/// `None` when appending is not safe: heredocs, a script that does not parse cleanly, a trailing
/// comment or background job, or a command line that is not exact in the source.
pub(crate) fn append_command(
    semantic: &Semantic<'_, '_>,
    instruction: usize,
    command: &str,
) -> Option<(u32, String)> {
    let doc = semantic.doc;
    let ins = &doc.instructions[instruction];
    let scripts = semantic.scripts_of(instruction);
    let [rs] = scripts else { return None };
    let script = &rs.script;
    if rs.origin != ScriptOrigin::Command
        || !ins.heredocs.is_empty()
        || script.incomplete
        || script.syntax_error.is_some()
        || !rs.is_exact()
    {
        return None;
    }
    let last_end = script.commands.iter().map(|c| c.range.end).max()?;
    let tail = script.text[last_end..].trim();
    if !(tail.is_empty() || tail == ";") {
        return None;
    }
    let at = rs.span(&(0..script.text.len())).end;
    let joiner = if tail == ";" { " " } else { " && " };
    if !ins.line_text.is_joined() {
        return Some((at, format!("{joiner}{command}")));
    }
    // Multi-line: follow the layout of the last line.
    let source = doc.source;
    let line_start = source[..at as usize].rfind('\n').map_or(0, |i| i + 1);
    let last_line = &source[line_start..at as usize];
    let indent: String = last_line.chars().take_while(|c| c.is_whitespace()).collect();
    let eol = if source[..line_start].ends_with("\r\n") { "\r\n" } else { "\n" };
    let leading_operator = last_line.trim_start().starts_with("&&");
    let text = if leading_operator || tail == ";" {
        format!(" \\{eol}{indent}{}{command}", if tail == ";" { "" } else { "&& " })
    } else {
        format!("{} \\{eol}{indent}{command}", joiner.trim_end())
    };
    Some((at, text))
}
