//! The linter: configuration + rules + suppressions -> diagnostics.

use crate::config::{Config, ConfigError};
use crate::context::BuildContext;
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::{Dockerfile, Span};
use crate::rules::{self, Rule, RuleMeta};
use crate::semantic::Semantic;
use crate::source::LineColumn;
use crate::suppress::{RuleSuppressions, Suppressions};

/// A finding as a rule reports it, before suppressions, severities and positions are applied.
#[derive(Debug, Clone)]
pub struct Finding {
    meta: &'static RuleMeta,
    span: Span,
    message: String,
    help: Option<String>,
    fix: Option<Fix>,
}

impl Finding {
    /// Adds a hint on what to do instead.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Finding {
        self.help = Some(help.into());
        self
    }

    /// Attaches a fix.
    pub fn fix(&mut self, fix: Fix) -> &mut Finding {
        self.fix = Some(fix);
        self
    }
}

/// What a rule sees while it checks one file.
pub struct Context<'c, 'a> {
    pub doc: &'c Dockerfile<'a>,
    pub semantic: &'c Semantic<'c, 'a>,
    pub config: &'c Config,
    /// The build context, when the caller has one (`COPY` sources, `.dockerignore`).
    pub build_context: Option<&'c dyn BuildContext>,
    suppressions: &'c Suppressions,
    meta: &'static RuleMeta,
    found: &'c mut Vec<Finding>,
}

impl<'c, 'a> Context<'c, 'a> {
    /// Reports a finding of the running rule at `span`.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.found.push(Finding { meta: self.meta, span, message: message.into(), help: None, fix: None });
        self.found.last_mut().expect("just pushed")
    }

    /// The decoded source text.
    pub fn source(&self) -> &'a str {
        self.doc.source
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.doc.text(span)
    }

    /// The line break the file uses, for fixes that insert lines.
    pub fn line_ending(&self) -> &'static str {
        match memchr::memchr(b'\n', self.doc.source.as_bytes()) {
            Some(i) if i > 0 && self.doc.source.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }

    /// The running rule's metadata.
    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    /// The file's suppression comments, read once for the rules and the filtering of findings
    /// (also when the configuration disables them).
    pub fn suppressions(&self) -> &'c Suppressions {
        self.suppressions
    }
}

/// Runs the configured rules over Dockerfiles. Build one and reuse it for every file.
pub struct Linter {
    config: Config,
    rules: Vec<&'static dyn Rule>,
}

impl Linter {
    /// A linter for a configuration (validated: unknown rules are errors).
    pub fn new(config: Config) -> Result<Linter, ConfigError> {
        config.validate()?;
        let rules = rules::all().iter().copied().filter(|r| config.is_enabled(r.meta())).collect();
        Ok(Linter { config, rules })
    }

    /// The default rules with no options.
    pub fn with_defaults() -> Linter {
        Linter::new(Config::default()).expect("the default configuration is valid")
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The rules that run.
    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// Parses and checks a Dockerfile's text.
    pub fn check(&self, source: &str) -> Vec<Diagnostic> {
        let doc = crate::parse(source);
        self.check_document(&doc)
    }

    /// Parses and checks a Dockerfile's text with its build context, so that the rules about
    /// `COPY` sources and `.dockerignore` can run too.
    pub fn check_with_context(&self, source: &str, context: Option<&dyn BuildContext>) -> Vec<Diagnostic> {
        let doc = crate::parse(source);
        self.check_document_with_context(&doc, context)
    }

    /// Checks a parsed Dockerfile. Diagnostics come sorted by position, then code.
    pub fn check_document(&self, doc: &Dockerfile<'_>) -> Vec<Diagnostic> {
        self.check_document_with_context(doc, None)
    }

    /// Checks a parsed Dockerfile with its build context (`None`: the context rules stay silent).
    pub fn check_document_with_context(
        &self,
        doc: &Dockerfile<'_>,
        context: Option<&dyn BuildContext>,
    ) -> Vec<Diagnostic> {
        let semantic = Semantic::new(doc, self.config.target.as_deref());
        let written = Suppressions::from_document(doc);
        let mut found = Vec::new();
        for rule in &self.rules {
            let mut ctx = Context {
                doc,
                semantic: &semantic,
                config: &self.config,
                build_context: context,
                suppressions: &written,
                meta: rule.meta(),
                found: &mut found,
            };
            rule.check(&mut ctx);
        }
        let kept: Vec<Finding> = if self.config.disable_inline_ignores {
            found
        } else {
            // Each rule's findings come together: its suppressions are gathered once for them.
            let mut asked: Option<(&RuleMeta, RuleSuppressions)> = None;
            found
                .into_iter()
                .filter(|f| {
                    let view = match &asked {
                        Some((meta, view)) if std::ptr::eq(*meta, f.meta) => view,
                        _ => &asked.insert((f.meta, written.for_rule(f.meta))).1,
                    };
                    !view.suppresses(f.span)
                })
                .collect()
        };
        let offsets: Vec<u32> = kept.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
        let positions = doc.line_columns(&offsets);
        let mut diagnostics: Vec<Diagnostic> = kept
            .into_iter()
            .zip(positions.chunks_exact(2))
            .map(|(f, at)| self.diagnostic(doc, f, at[0], at[1]))
            .collect();
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
        diagnostics
    }

    fn diagnostic(&self, doc: &Dockerfile<'_>, f: Finding, start: LineColumn, end: LineColumn) -> Diagnostic {
        let fix = f.fix.filter(|fix| is_valid_fix(fix, doc.source));
        debug_assert!(
            f.span.end as usize <= doc.source.len(),
            "{} reported a span past the end",
            f.meta.name
        );
        Diagnostic {
            code: f.meta.code,
            name: f.meta.name,
            severity: self.config.severity_of(f.meta),
            message: f.message,
            span: f.span,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            help: f.help,
            fix,
        }
    }
}

/// Edits must lie inside the text, on character boundaries, in order and without overlap; a
/// fix that breaks this is a bug in its rule and is dropped rather than applied.
fn is_valid_fix(fix: &Fix, source: &str) -> bool {
    let mut last_end = 0;
    for edit in &fix.edits {
        let (start, end) = (edit.start as usize, edit.end as usize);
        if start < last_end
            || start > end
            || end > source.len()
            || !source.is_char_boundary(start)
            || !source.is_char_boundary(end)
        {
            debug_assert!(false, "invalid fix `{}`: {:?}", fix.title, fix.edits);
            return false;
        }
        last_end = end;
    }
    !fix.edits.is_empty()
}
