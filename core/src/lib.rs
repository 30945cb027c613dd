//! dockwright: a Dockerfile parser, checker and fixer.
//!
//! The crate reads a Dockerfile the way BuildKit does ([`parse`]) into a typed, lossless
//! [`Dockerfile`] model whose every node carries a byte [`Span`], computes [`Semantic`] facts
//! once, and runs the [`rules`] through a [`Linter`], which also applies fixes.
//!
//! ```
//! let linter = dockwright::Linter::with_defaults();
//! let diagnostics = linter.check("FROM alpine:3.20\nRUNN echo hi\n");
//! assert!(diagnostics.iter().any(|d| d.name == "syntax-error" && d.line == 2));
//! ```

pub mod check;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod diff;
pub mod expand;
pub mod fix;
pub mod lexer;
pub mod model;
pub mod parser;
pub mod rules;
pub mod semantic;
pub mod shell;
pub mod source;
pub mod suggest;
pub mod suppress;

pub use check::{Context, Finding, Linter};
pub use config::{Config, ConfigError};
#[cfg(not(target_arch = "wasm32"))]
pub use context::FsContext;
pub use context::{BuildContext, DockerIgnore, MemoryContext};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use fix::FixOutcome;
pub use model::dump::buildkit_dump;
pub use model::{Dockerfile, Instruction, InstructionKind, Keyword, Span};
pub use parser::parse;
pub use semantic::Semantic;
pub use source::{DecodeError, Decoded, Encoding, decode};

/// The README's Rust examples, run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
