use crate::diagnostic::{Edit, Fix};
use crate::model::Keyword;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags instruction keywords that are not written in the file's prevailing case: mixed
    /// case (`Run`) always, and upper or lower case when most keywords use the other one.
    ///
    /// ## Why
    /// Keywords are case-insensitive, but a file that mixes `RUN` and `run` is harder to scan
    /// and suggests copy-pasted fragments. Upper case is the convention; BuildKit warns when a
    /// file is inconsistent.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run apk add --no-cache curl
    /// Copy app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// COPY app /app
    /// ```
    ///
    /// ## Fix
    /// Safe: rewrites the keyword in the majority case (upper case on a tie).
    pub struct ConsistentInstructionCasing {
        code: "DW412",
        name: "consistent-instruction-casing",
        category: Style,
        severity: Warning,
        aliases: ["ConsistentInstructionCasing"],
        fix: Safe,
        default: true,
        summary: "Instruction keywords are not consistently cased",
    }
}

impl_rule!(ConsistentInstructionCasing, check);

fn check(ctx: &mut Context<'_, '_>) {
    let keywords = || ctx.doc.instructions.iter().filter(|i| i.keyword != Keyword::Unknown);
    let (mut lower, mut upper) = (0usize, 0usize);
    for ins in keywords() {
        let text: &str = &ins.keyword_text;
        if !text.bytes().any(|b| b.is_ascii_uppercase()) {
            lower += 1;
        } else if !text.bytes().any(|b| b.is_ascii_lowercase()) {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    let wrong: Vec<_> = keywords()
        .filter_map(|ins| {
            let text: &str = &ins.keyword_text;
            let keyword = ins.keyword.as_str();
            // Compared before building the wanted text: most keywords are already right.
            let right = if majority_lower {
                text.len() == keyword.len()
                    && text.bytes().zip(keyword.bytes()).all(|(t, k)| t == k.to_ascii_lowercase())
            } else {
                text == keyword
            };
            let wanted = || if majority_lower { keyword.to_ascii_lowercase() } else { keyword.to_string() };
            (!right).then(|| {
                (ins.keyword_span, text.to_string(), wanted(), ins.keyword_span.len() as usize == text.len())
            })
        })
        .collect();
    let case = if majority_lower { "lower" } else { "upper" };
    for (span, text, wanted, verbatim) in wrong {
        let finding = ctx.report(
            span,
            format!("`{text}` should be `{wanted}`, like the file's other {case}-case keywords"),
        );
        if verbatim {
            finding.fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(span, wanted)]));
        }
    }
}
