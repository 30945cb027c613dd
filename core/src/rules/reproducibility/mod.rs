//! Reproducibility: builds that change when nothing in the repository changed.

mod add_remote_url;
mod no_latest_tag;
mod pin_base_image_tag;

use super::Rule;

pub use add_remote_url::AddRemoteUrl;
pub use no_latest_tag::NoLatestTag;
pub use pin_base_image_tag::PinBaseImageTag;

pub(crate) static RULES: &[&dyn Rule] = &[&AddRemoteUrl, &PinBaseImageTag, &NoLatestTag];
