//! Image size: base image choice, build tools and leftovers in the image that ships.

mod prefer_slim_base_image;

use super::Rule;

pub use prefer_slim_base_image::PreferSlimBaseImage;

pub(crate) static RULES: &[&dyn Rule] = &[&PreferSlimBaseImage];
