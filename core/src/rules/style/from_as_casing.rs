use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags an `AS` whose casing does not match its `FROM` (`FROM alpine as base`, `from
    /// alpine AS base`).
    ///
    /// ## Why
    /// Keywords are case-insensitive, but mixing cases on one line reads as a mistake and
    /// BuildKit warns about it. (A `FROM` that is itself mixed-case is left to
    /// `consistent-instruction-casing`.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 as build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// ```
    ///
    /// ## Fix
    /// Safe: writes `AS` in the casing of `FROM`.
    pub struct FromAsCasing {
        code: "DW411",
        name: "from-as-casing",
        category: Style,
        severity: Warning,
        aliases: ["FromAsCasing"],
        fix: Safe,
        default: true,
        summary: "AS is not cased like FROM",
    }
}

impl_rule!(FromAsCasing, check);

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let InstructionKind::From(from) = &ins.kind else { continue };
        let Some(as_word) = from.as_keyword() else { continue };
        let keyword: &str = &ins.keyword_text;
        let wanted = if keyword == keyword.to_ascii_uppercase() {
            "AS"
        } else if keyword == keyword.to_ascii_lowercase() {
            "as"
        } else {
            continue;
        };
        if as_word.text == wanted {
            continue;
        }
        let finding = ctx.report(
            as_word.span,
            format!("`{}` is not cased like `{keyword}`: write `{wanted}`", as_word.text),
        );
        if as_word.is_verbatim() {
            finding.fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(as_word.span, wanted)]));
        }
    }
}
