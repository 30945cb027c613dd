use crate::diagnostic::{Edit, Fix};
use crate::model::{InstructionKind, KeyValue};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `ENV` and `LABEL` in the legacy space-separated form (`ENV NODE_ENV production`).
    ///
    /// ## Why
    /// The legacy form sets one variable, whose value is the whole rest of the line, spaces
    /// included: `ENV A 1 B 2` sets `A` to `1 B 2`. The `key=value` form is unambiguous, sets
    /// several variables at once, and is the only form documented today; BuildKit warns about
    /// the legacy one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// ENV NODE_ENV production
    /// LABEL description A small web service
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// ENV NODE_ENV=production
    /// LABEL description="A small web service"
    /// ```
    ///
    /// ## Fix
    /// Safe: writes `key=value` with a value that BuildKit reads exactly as before. Quotes,
    /// escapes and variables are kept as written; spaces outside quotes are escaped
    /// (`LABEL description A small web service` becomes
    /// `LABEL description=A\ small\ web\ service`). No fix when the pair spans several lines,
    /// when the key needs quoting, or when a space sits inside `${...}`.
    pub struct LegacyKeyValueFormat {
        code: "DW415",
        name: "legacy-key-value-format",
        category: Style,
        severity: Warning,
        aliases: ["LegacyKeyValueFormat"],
        fix: Safe,
        default: true,
        summary: "ENV or LABEL uses the legacy `key value` form",
    }
}

impl_rule!(LegacyKeyValueFormat, check);

fn check(ctx: &mut Context<'_, '_>) {
    let escape = ctx.doc.escape;
    for ins in &ctx.doc.instructions {
        let ins = ins.effective();
        let (InstructionKind::Env(kv) | InstructionKind::Label(kv)) = &ins.kind else { continue };
        for pair in kv.pairs.iter().filter(|p| p.legacy) {
            let keyword = ins.keyword;
            let finding = ctx.report(
                pair.span,
                format!(
                    "`{keyword} {} ...` is the legacy form: write `{keyword} {}=...`",
                    pair.key.text, pair.key.text
                ),
            );
            if let Some(text) = assignment(pair, escape) {
                finding.fix(Fix::safe("Use `key=value`", vec![Edit::replace(pair.span, text)]));
            }
        }
    }
}

/// `key=value` equivalent to a legacy pair, when one can be written with certainty.
fn assignment(pair: &KeyValue<'_>, escape: char) -> Option<String> {
    let key: &str = &pair.key.text;
    let plain_key =
        !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '/'));
    if !plain_key || !pair.key.is_verbatim() || !pair.value.is_verbatim() {
        return None;
    }
    let mut out = String::with_capacity(key.len() + pair.value.text.len() + 8);
    out.push_str(key);
    out.push('=');
    push_escaping_blanks(&mut out, &pair.value.text, escape)?;
    Some(out)
}

/// Appends the value with every blank outside quotes escaped, so that it stays one word; `None`
/// (with part of it appended) when a blank is inside `${...}`, where an escape would change a
/// pattern.
fn push_escaping_blanks(out: &mut String, value: &str, escape: char) -> Option<()> {
    let mut quote: Option<char> = None;
    let mut braces = 0usize;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            None if c == escape => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
                continue;
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '$' && chars.peek() == Some(&'{') => braces += 1,
            None if c == '}' && braces > 0 => braces -= 1,
            None if c.is_whitespace() => {
                if braces > 0 {
                    return None;
                }
                out.push(escape);
            }
            None => {}
            Some('"') if c == escape => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
                continue;
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
        }
        out.push(c);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::{Env, Lex};

    fn escape_blanks(value: &str, escape: char) -> Option<String> {
        let mut out = String::new();
        push_escaping_blanks(&mut out, value, escape)?;
        Some(out)
    }

    struct AnyEnv;
    impl Env for AnyEnv {
        fn lookup(&self, name: &str) -> Option<&str> {
            (name == "SET").then_some("v a l")
        }
        fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
            self.lookup(name)
        }
    }

    /// The legacy value and its `key=value` rewrite give the same processed value and stay one
    /// word, for BuildKit's word splitting of ENV/LABEL.
    #[test]
    fn rewrites_are_equivalent() {
        let values = [
            "production",
            "a b  c",
            "\"quoted value\" and more",
            "it's 'single quoted' text",
            "$SET and ${SET:-x} $UNSET",
            "tab\tseparated",
            "back\\slash \\$NOT",
            "\"esc \\\" inside\" x",
            "=starts with equals",
            "${SET:-\"a b\"} c",
            "\"${UNSET:-a b}\"",
        ];
        for escape in ['\\', '`'] {
            let lex = Lex::new(escape);
            for value in values {
                let rewritten = escape_blanks(value, escape).unwrap();
                let source = format!("# escape={escape}\nFROM scratch\nENV x={rewritten}\n");
                let doc = crate::parse(&source);
                let InstructionKind::Env(env) = &doc.instructions[1].kind else { panic!("{source}") };
                assert_eq!(env.pairs.len(), 1, "{source}");
                assert_eq!(env.pairs[0].value.text, rewritten);
                assert_eq!(
                    lex.process_word(value, &AnyEnv).ok(),
                    lex.process_word(&rewritten, &AnyEnv).ok(),
                    "{value} -> {rewritten}"
                );
            }
        }
        assert_eq!(escape_blanks("${A:-a b}", '\\'), None);
        // Quoted blanks stay as they are, wherever they are.
        assert_eq!(escape_blanks("\"${A:-a b}\"", '\\').as_deref(), Some("\"${A:-a b}\""));
        assert_eq!(escape_blanks("${A:-\"a b\"} c", '\\').as_deref(), Some("${A:-\"a b\"}\\ c"));
    }
}
