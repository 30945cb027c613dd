//! Layers and the build cache: layer count, leftovers, cache-busting order.

mod apt_update_with_install;
mod avoid_apt_upgrade;
mod cleanup_in_later_layer;
mod combine_consecutive_run;
mod copy_before_dependency_install;

use super::Rule;

pub use apt_update_with_install::AptUpdateWithInstall;
pub use avoid_apt_upgrade::AvoidAptUpgrade;
pub use cleanup_in_later_layer::CleanupInLaterLayer;
pub use combine_consecutive_run::CombineConsecutiveRun;
pub use copy_before_dependency_install::CopyBeforeDependencyInstall;

pub(crate) static RULES: &[&dyn Rule] = &[
    &CombineConsecutiveRun,
    &AptUpdateWithInstall,
    &CleanupInLaterLayer,
    &CopyBeforeDependencyInstall,
    &AvoidAptUpgrade,
];
