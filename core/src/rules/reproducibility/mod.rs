//! Reproducibility: builds that change when nothing in the repository changed.

mod add_remote_url;
mod no_latest_tag;
mod pin_base_image_tag;
mod pin_language_package_versions;
mod pin_system_package_versions;
mod pins;

use super::Rule;

pub use add_remote_url::AddRemoteUrl;
pub use no_latest_tag::NoLatestTag;
pub use pin_base_image_tag::PinBaseImageTag;
pub use pin_language_package_versions::PinLanguagePackageVersions;
pub use pin_system_package_versions::PinSystemPackageVersions;

pub(crate) static RULES: &[&dyn Rule] =
    &[&AddRemoteUrl, &PinBaseImageTag, &NoLatestTag, &PinSystemPackageVersions, &PinLanguagePackageVersions];
