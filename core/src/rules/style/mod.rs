//! Style: readable instructions and clear intent.

mod consistent_instruction_casing;
mod exec_form_cmd;
mod expose_proto_casing;
mod from_as_casing;
mod inline_ignore_used;
mod invalid_definition_description;
mod label_key_invalid;
mod label_not_in_schema;
mod label_value_invalid;
mod labels;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod missing_healthcheck;
mod no_empty_continuation;
mod prefer_apt_get;
pub(crate) mod prefer_copy_over_add;
mod redundant_target_platform;
mod relink_bin_sh;
mod required_label_missing;
mod sort_multiline_args;
mod stage_name_casing;
mod wget_without_progress;
mod workdir_instead_of_cd;

use super::Rule;

pub use consistent_instruction_casing::ConsistentInstructionCasing;
pub use exec_form_cmd::ExecFormCmd;
pub use expose_proto_casing::ExposeProtoCasing;
pub use from_as_casing::FromAsCasing;
pub use inline_ignore_used::InlineIgnoreUsed;
pub use invalid_definition_description::InvalidDefinitionDescription;
pub use label_key_invalid::LabelKeyInvalid;
pub use label_not_in_schema::LabelNotInSchema;
pub use label_value_invalid::LabelValueInvalid;
pub use legacy_key_value_format::LegacyKeyValueFormat;
pub use maintainer_deprecated::MaintainerDeprecated;
pub use missing_healthcheck::MissingHealthcheck;
pub use no_empty_continuation::NoEmptyContinuation;
pub use prefer_apt_get::PreferAptGet;
pub use prefer_copy_over_add::PreferCopyOverAdd;
pub use redundant_target_platform::RedundantTargetPlatform;
pub use relink_bin_sh::RelinkBinSh;
pub use required_label_missing::RequiredLabelMissing;
pub use sort_multiline_args::SortMultilineArgs;
pub use stage_name_casing::StageNameCasing;
pub use wget_without_progress::WgetWithoutProgress;
pub use workdir_instead_of_cd::WorkdirInsteadOfCd;

pub(crate) static RULES: &[&dyn Rule] = &[
    &SortMultilineArgs,
    &PreferCopyOverAdd,
    &ExecFormCmd,
    &WorkdirInsteadOfCd,
    &PreferAptGet,
    &WgetWithoutProgress,
    &RelinkBinSh,
    &StageNameCasing,
    &FromAsCasing,
    &ConsistentInstructionCasing,
    &NoEmptyContinuation,
    &MaintainerDeprecated,
    &LegacyKeyValueFormat,
    &ExposeProtoCasing,
    &RedundantTargetPlatform,
    &LabelKeyInvalid,
    &RequiredLabelMissing,
    &LabelNotInSchema,
    &LabelValueInvalid,
    &MissingHealthcheck,
    &InvalidDefinitionDescription,
    &InlineIgnoreUsed,
];
