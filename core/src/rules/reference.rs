//! The rules reference (`docs/rules.md`), generated from the rule metadata so that it cannot
//! drift from the code: an index, the other tools' checks that have no rule and why, the
//! deliberate differences from those tools, and every rule's documentation.

use std::fmt::Write;

use super::{FixKind, RuleMeta, all, docs_markdown, find};

/// The checks of hadolint 2.15 (71 DL rules), BuildKit (22 checks), Trivy (28 DS checks) and
/// Checkov (28 Dockerfile checks), which the rules take as aliases.
pub const PEER_IDS: &[(&str, &[&str])] = &[
    (
        "hadolint",
        &[
            "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008",
            "DL3009", "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018",
            "DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026", "DL3027",
            "DL3028", "DL3029", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037",
            "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045", "DL3046", "DL3047",
            "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056",
            "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL3063", "DL3064", "DL3065",
            "DL3066", "DL3067", "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006",
        ],
    ),
    (
        "BuildKit",
        &[
            "StageNameCasing",
            "FromAsCasing",
            "NoEmptyContinuation",
            "ConsistentInstructionCasing",
            "DuplicateStageName",
            "ReservedStageName",
            "JSONArgsRecommended",
            "MaintainerDeprecated",
            "UndefinedArgInFrom",
            "WorkdirRelativePath",
            "UndefinedVar",
            "MultipleInstructionsDisallowed",
            "LegacyKeyValueFormat",
            "InvalidBaseImagePlatform",
            "RedundantTargetPlatform",
            "SecretsUsedInArgOrEnv",
            "InvalidDefaultArgInFrom",
            "FromPlatformFlagConstDisallowed",
            "CopyIgnoredFile",
            "InvalidDefinitionDescription",
            "ExposeProtoCasing",
            "ExposeInvalidFormat",
        ],
    ),
    (
        "Trivy",
        &[
            "DS-0001", "DS-0002", "DS-0004", "DS-0005", "DS-0006", "DS-0007", "DS-0008", "DS-0009",
            "DS-0010", "DS-0011", "DS-0012", "DS-0013", "DS-0014", "DS-0015", "DS-0016", "DS-0017",
            "DS-0019", "DS-0020", "DS-0021", "DS-0022", "DS-0023", "DS-0024", "DS-0025", "DS-0026",
            "DS-0027", "DS-0029", "DS-0030", "DS-0031",
        ],
    ),
    (
        "Checkov",
        &[
            "CKV_DOCKER_1",
            "CKV_DOCKER_2",
            "CKV_DOCKER_3",
            "CKV_DOCKER_4",
            "CKV_DOCKER_5",
            "CKV_DOCKER_6",
            "CKV_DOCKER_7",
            "CKV_DOCKER_8",
            "CKV_DOCKER_9",
            "CKV_DOCKER_10",
            "CKV_DOCKER_11",
            "CKV2_DOCKER_1",
            "CKV2_DOCKER_2",
            "CKV2_DOCKER_3",
            "CKV2_DOCKER_4",
            "CKV2_DOCKER_5",
            "CKV2_DOCKER_6",
            "CKV2_DOCKER_7",
            "CKV2_DOCKER_8",
            "CKV2_DOCKER_9",
            "CKV2_DOCKER_10",
            "CKV2_DOCKER_11",
            "CKV2_DOCKER_12",
            "CKV2_DOCKER_13",
            "CKV2_DOCKER_14",
            "CKV2_DOCKER_15",
            "CKV2_DOCKER_16",
            "CKV2_DOCKER_17",
        ],
    ),
];

/// Peer checks that cannot be done from the Dockerfile and its context alone.
const NOT_IMPLEMENTABLE: &[(&str, &str)] = &[(
    "InvalidBaseImagePlatform",
    "compares the platforms a base image is published for with the target platform, which needs \
     the image's manifest from its registry",
)];

/// Where a rule deliberately differs from the tool whose check it carries: (rule, difference).
pub const DIVERGENCES: &[(&str, &str)] = &[
    (
        "syntax-error",
        "A broken instruction is reported and the rest of the file is still checked; hadolint stops at \
         the first parse error (DL1000) and reports nothing else.",
    ),
    (
        "combine-consecutive-run",
        "Consecutive `RUN`s are only reported in stages whose layers reach the image; in throw-away \
         build stages the layer count does not matter (hadolint DL3059 reports every stage).",
    ),
    (
        "run-as-non-root",
        "Only the user the image runs as counts; a build stage that ends as root is not reported \
         (hadolint DL3002 reports every stage).",
    ),
    (
        "pin-system-package-versions",
        "Off by default and `info` (hadolint DL3008, DL3018, DL3033, DL3037, DL3041: on, warning): pinned \
         distribution versions disappear from the mirrors and break builds.",
    ),
    (
        "pin-language-package-versions",
        "`info` rather than hadolint's warning (DL3013, DL3016, DL3028, DL3062).",
    ),
    (
        "workdir-absolute-path",
        "`warning` (hadolint DL3000: error; the build works). Every relative `WORKDIR` is reported, as \
         hadolint, Trivy and Checkov do, where BuildKit reports only the first of a build.",
    ),
    ("maintainer-deprecated", "`warning` (hadolint DL4000: error; the build works, and BuildKit warns)."),
    (
        "multiple-instructions",
        "One rule for DL3012, DL4003 and DL4004, at `warning` (hadolint: error, warning, error). \
         Reported at the second instruction, as hadolint does, so its inline ignores keep working; \
         BuildKit points at the first.",
    ),
    (
        "duplicate-stage-name",
        "Stage names are compared ignoring case, as BuildKit resolves them (hadolint DL3024 compares \
         them exactly). The same holds for `reserved-stage-name` and `copy-from-unknown-stage`.",
    ),
    (
        "from-platform-constant",
        "`--platform=$VAR` with any variable is a parameter, not a constant (hadolint DL3029 reports \
         variables other than `BUILDPLATFORM` and `TARGETPLATFORM`).",
    ),
    (
        "copy-whole-stage",
        "Copies into `FROM scratch` stages (squashing) and from images or artifact stages (made to be \
         copied whole) are not reported; hadolint DL3067 reports any `COPY --from=... / /`.",
    ),
    (
        "copy-relative-destination",
        "`WORKDIR` is tracked per stage and through `FROM <stage>` (hadolint DL3045 carries it across \
         unrelated stages), and `ADD` is checked as well as `COPY`.",
    ),
    (
        "copy-from-unknown-stage",
        "References with a registry or a path (`--from=tonistiigi/xx`) are images, as BuildKit reads \
         them; hadolint DL3022 reports every `--from` that is not a stage.",
    ),
    (
        "missing-healthcheck",
        "Only the built image is judged (hadolint DL3057 reports every stage without a HEALTHCHECK).",
    ),
    (
        "required-label-missing",
        "Only the built image (the final stage and the stages it is built from) must carry the labels; \
         hadolint DL3049 checks every stage.",
    ),
    (
        "label-value-invalid",
        "One rule for DL3051-DL3056 and DL3058. SPDX license expressions (`MIT OR Apache-2.0`) and \
         SHA-256 git hashes are accepted (hadolint: single identifiers, SHA-1 only); values given by \
         variables are not judged.",
    ),
    (
        "undefined-var",
        "Also covers hadolint DL3044. The base image's `ENV` is unknown without a registry, so in stages \
         built on an image only clear mistakes are reported (see the rule); references with a default \
         (`${NAME:-x}`) are not reported.",
    ),
    (
        "user-non-numeric",
        "Windows images and users given by variables (`${USER:-app}`) are not reported (hadolint DL3066 \
         reports the latter).",
    ),
    (
        "inline-ignore-used",
        "Reports every kind of inline suppression (dockwright, hadolint, `# check=skip`, Trivy, \
         Checkov); hadolint DL1001 sees only its own pragmas, including those that apply to nothing.",
    ),
    (
        "label-key-invalid",
        "Keys given by variables are not judged (hadolint DL3048 reports `$` as an invalid character).",
    ),
];

/// The Markdown of `docs/rules.md`.
pub fn reference_markdown() -> String {
    let rules = all();
    let mut out = String::new();
    out.push_str("# Rules\n\n");
    out.push_str(
        "<!-- Generated from the rule metadata by `dockwright::rules::reference_markdown()`. Do not edit;\n\
         regenerate with `DOCKWRIGHT_BLESS=1 cargo test -p dockwright --test rules_reference`. -->\n\n",
    );
    let on = rules.iter().filter(|r| r.meta().default_enabled).count();
    let _ = writeln!(
        out,
        "{} rules, {on} of them on by default. Every rule can be named by its code, its name or any of \
         its aliases (the ids of the same check in hadolint, BuildKit, Trivy and Checkov) in the \
         configuration, on the command line and in inline ignores.\n",
        rules.len()
    );
    out.push_str("| Code | Name | Severity | Default | Fix | Aliases | Summary |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for rule in rules {
        let m = rule.meta();
        let _ = writeln!(
            out,
            "| {} | [{}](#{}) | {} | {} | {} | {} | {} |",
            m.code,
            m.name,
            m.name,
            m.severity,
            if m.default_enabled { "on" } else { "off" },
            fix_name(m),
            if m.aliases.is_empty() { "".to_string() } else { m.aliases.join(", ") },
            m.summary.replace('|', "\\|"),
        );
    }
    not_implemented(&mut out);
    out.push_str("\n## Differences from the other tools\n\n");
    for (rule, text) in DIVERGENCES {
        let _ = writeln!(out, "- [`{rule}`](#{rule}): {text}");
    }
    for category in super::Category::ALL {
        let _ = writeln!(out, "\n# {}\n", capitalized(category.as_str()));
        for rule in rules.iter().filter(|r| r.meta().category == category) {
            rule_section(&mut out, rule.meta());
        }
    }
    out
}

fn fix_name(meta: &RuleMeta) -> &'static str {
    match meta.fix {
        FixKind::None => "",
        FixKind::Safe => "safe",
        FixKind::Unsafe => "unsafe",
    }
}

/// The peer checks no rule carries, with the reason.
fn not_implemented(out: &mut String) {
    out.push_str("\n## Checks of other tools without a rule\n\n");
    let mut any = false;
    for (tool, ids) in PEER_IDS {
        for id in ids.iter().filter(|id| find(id).is_none()) {
            any = true;
            let reason = NOT_IMPLEMENTABLE
                .iter()
                .find(|(n, _)| n == id)
                .map_or("not implemented yet", |(_, reason)| reason);
            let _ = writeln!(out, "- {tool} `{id}`: {reason}.");
        }
    }
    if !any {
        out.push_str("None.\n");
    }
}

/// A rule's documentation under its own `## <name>` heading, its sections one level down.
fn rule_section(out: &mut String, meta: &RuleMeta) {
    let _ = writeln!(out, "## {}\n", meta.name);
    let aliases = if meta.aliases.is_empty() { "none".to_string() } else { meta.aliases.join(", ") };
    let _ = writeln!(
        out,
        "`{}` · {} · {} · {} by default · fix: {} · aliases: {}\n",
        meta.code,
        meta.category,
        meta.severity,
        if meta.default_enabled { "on" } else { "off" },
        match fix_name(meta) {
            "" => "none",
            name => name,
        },
        aliases
    );
    let mut in_code = false;
    for line in docs_markdown(meta).lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with("## ") {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars.map(|c| if c == '-' { ' ' } else { c }))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_name_real_rules_and_ids() {
        for (rule, _) in DIVERGENCES {
            assert!(find(rule).is_some_and(|r| r.meta().name == *rule), "`{rule}` is not a rule name");
        }
        let counts: Vec<usize> = PEER_IDS.iter().map(|(_, ids)| ids.len()).collect();
        assert_eq!(counts, [71, 22, 28, 28]);
        for (id, _) in NOT_IMPLEMENTABLE {
            assert!(find(id).is_none(), "`{id}` is implemented now");
        }
    }
}
