//! Image size: base image choice, build tools and leftovers in the image that ships.

mod apt_lists_cleanup;
mod apt_no_install_recommends;
mod build_tools_in_final_stage;
mod pip_no_cache_dir;
mod prefer_slim_base_image;
mod python_on_alpine;

use super::Rule;

pub use apt_lists_cleanup::AptListsCleanup;
pub use apt_no_install_recommends::AptNoInstallRecommends;
pub use build_tools_in_final_stage::BuildToolsInFinalStage;
pub use pip_no_cache_dir::PipNoCacheDir;
pub use prefer_slim_base_image::PreferSlimBaseImage;
pub use python_on_alpine::PythonOnAlpine;

pub(crate) static RULES: &[&dyn Rule] = &[
    &PreferSlimBaseImage,
    &PythonOnAlpine,
    &BuildToolsInFinalStage,
    &AptNoInstallRecommends,
    &AptListsCleanup,
    &PipNoCacheDir,
];
