//! dockwright: a Dockerfile parser, checker and fixer.
//!
//! The crate reads a Dockerfile the way BuildKit does ([`parse`]) into a typed, lossless
//! [`Dockerfile`] model whose every node carries a byte [`Span`].

pub mod expand;
pub mod lexer;
pub mod model;
pub mod parser;
pub mod source;
pub mod suggest;

pub use model::dump::buildkit_dump;
pub use model::{Dockerfile, Instruction, InstructionKind, Keyword, Span};
pub use parser::parse;
pub use source::{DecodeError, Decoded, Encoding, decode};
