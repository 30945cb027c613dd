//! Image size: base image choice, build tools and leftovers in the image that ships.

mod apk_no_cache;
mod apt_lists_cleanup;
mod apt_no_install_recommends;
mod build_tools_in_final_stage;
mod curl_and_wget;
mod extract_archive_with_add;
mod pip_no_cache_dir;
mod prefer_slim_base_image;
mod python_on_alpine;
mod rpm_cache_cleanup;
mod useradd_no_log_init;
mod yarn_cache_clean;

use super::Rule;

pub use apk_no_cache::ApkNoCache;
pub use apt_lists_cleanup::AptListsCleanup;
pub use apt_no_install_recommends::AptNoInstallRecommends;
pub use build_tools_in_final_stage::BuildToolsInFinalStage;
pub use curl_and_wget::CurlAndWget;
pub use extract_archive_with_add::ExtractArchiveWithAdd;
pub use pip_no_cache_dir::PipNoCacheDir;
pub use prefer_slim_base_image::PreferSlimBaseImage;
pub use python_on_alpine::PythonOnAlpine;
pub use rpm_cache_cleanup::RpmCacheCleanup;
pub use useradd_no_log_init::UseraddNoLogInit;
pub use yarn_cache_clean::YarnCacheClean;

pub(crate) static RULES: &[&dyn Rule] = &[
    &PreferSlimBaseImage,
    &PythonOnAlpine,
    &BuildToolsInFinalStage,
    &AptNoInstallRecommends,
    &AptListsCleanup,
    &PipNoCacheDir,
    &ApkNoCache,
    &RpmCacheCleanup,
    &YarnCacheClean,
    &UseraddNoLogInit,
    &ExtractArchiveWithAdd,
    &CurlAndWget,
];
