//! Correctness: files that do not build, or build something other than they say.

mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_ignored_file;
mod copy_multiple_sources;
mod copy_relative_destination;
mod copy_source_not_found;
mod copy_whole_stage;
mod duplicate_stage_name;
mod expose_invalid_format;
mod from_platform_constant;
mod install_without_assume_yes;
mod invalid_default_arg_in_from;
mod meaningless_command;
mod missing_pipefail;
mod multiple_instructions;
mod reserved_stage_name;
mod syntax_error;
mod undefined_arg_in_from;
mod undefined_var;
pub(crate) mod workdir_absolute_path;

use super::Rule;

pub use copy_from_own_stage::CopyFromOwnStage;
pub use copy_from_unknown_stage::CopyFromUnknownStage;
pub use copy_ignored_file::CopyIgnoredFile;
pub use copy_multiple_sources::CopyMultipleSources;
pub use copy_relative_destination::CopyRelativeDestination;
pub use copy_source_not_found::CopySourceNotFound;
pub use copy_whole_stage::CopyWholeStage;
pub use duplicate_stage_name::DuplicateStageName;
pub use expose_invalid_format::ExposeInvalidFormat;
pub use from_platform_constant::FromPlatformConstant;
pub use install_without_assume_yes::InstallWithoutAssumeYes;
pub use invalid_default_arg_in_from::InvalidDefaultArgInFrom;
pub use meaningless_command::MeaninglessCommand;
pub use missing_pipefail::MissingPipefail;
pub use multiple_instructions::MultipleInstructions;
pub use reserved_stage_name::ReservedStageName;
pub use syntax_error::SyntaxError;
pub use undefined_arg_in_from::UndefinedArgInFrom;
pub use undefined_var::UndefinedVar;
pub use workdir_absolute_path::WorkdirAbsolutePath;

pub(crate) static RULES: &[&dyn Rule] = &[
    &SyntaxError,
    &MeaninglessCommand,
    &InstallWithoutAssumeYes,
    &MissingPipefail,
    // Structure: stages, variables, COPY and WORKDIR.
    &WorkdirAbsolutePath,
    &UndefinedVar,
    &UndefinedArgInFrom,
    &InvalidDefaultArgInFrom,
    &DuplicateStageName,
    &ReservedStageName,
    &MultipleInstructions,
    &CopyFromUnknownStage,
    &CopyFromOwnStage,
    &CopyMultipleSources,
    &ExposeInvalidFormat,
    &CopyRelativeDestination,
    &CopyIgnoredFile,
    &CopySourceNotFound,
    &FromPlatformConstant,
    &CopyWholeStage,
];
