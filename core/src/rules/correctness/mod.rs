//! Correctness: files that do not build, or build something other than they say.

mod syntax_error;

use super::Rule;

pub use syntax_error::SyntaxError;

pub(crate) static RULES: &[&dyn Rule] = &[&SyntaxError];
