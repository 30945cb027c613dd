//! Layers and the build cache: layer count, leftovers, cache-busting order.

mod combine_consecutive_run;

use super::Rule;

pub use combine_consecutive_run::CombineConsecutiveRun;

pub(crate) static RULES: &[&dyn Rule] = &[&CombineConsecutiveRun];
