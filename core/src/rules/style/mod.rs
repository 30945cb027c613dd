//! Style: readable instructions and clear intent.

mod exec_form_cmd;
pub(crate) mod prefer_copy_over_add;

use super::Rule;

pub use exec_form_cmd::ExecFormCmd;
pub use prefer_copy_over_add::PreferCopyOverAdd;

pub(crate) static RULES: &[&dyn Rule] = &[&PreferCopyOverAdd, &ExecFormCmd];
