//! Style: readable instructions and clear intent.

mod exec_form_cmd;
pub(crate) mod prefer_copy_over_add;
mod sort_multiline_args;

use super::Rule;

pub use exec_form_cmd::ExecFormCmd;
pub use prefer_copy_over_add::PreferCopyOverAdd;
pub use sort_multiline_args::SortMultilineArgs;

pub(crate) static RULES: &[&dyn Rule] = &[&SortMultilineArgs, &PreferCopyOverAdd, &ExecFormCmd];
