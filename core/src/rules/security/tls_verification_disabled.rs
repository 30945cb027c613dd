use std::ops::Range;

use crate::rules::Context;
use crate::rules::scripts::{every_command, option_extent, words_extent};
use crate::rules::structure::literal;
use crate::shell::tools::{DownloadTool, Manager, download, package_command};
use crate::shell::{Command, OptionSpec};

declare_rule! {
    /// ## What it does
    /// Flags settings that turn off TLS certificate verification, so that downloads are no
    /// longer protected against tampering: environment variables set by `ENV` (or given a
    /// default by `ARG`, which `RUN` sees as well), and options of commands in `RUN`:
    ///
    /// | Variable | Disables verification when | Checkov |
    /// |---|---|---|
    /// | `PYTHONHTTPSVERIFY` | `0` (Python's `urllib`/`http.client`) | CKV2_DOCKER_5 |
    /// | `NODE_TLS_REJECT_UNAUTHORIZED` | `0` (Node.js) | CKV2_DOCKER_6 |
    /// | `NPM_CONFIG_STRICT_SSL` | `false` (npm, any case) | CKV2_DOCKER_12 |
    /// | `GIT_SSL_NO_VERIFY` | set at all, even empty (git) | CKV2_DOCKER_14 |
    /// | `PIP_TRUSTED_HOST` | set to a host (pip skips verification for it) | CKV2_DOCKER_16 |
    ///
    /// | Command | Option | Checkov |
    /// |---|---|---|
    /// | curl | `-k`, `--insecure` | CKV2_DOCKER_2 |
    /// | wget | `--no-check-certificate` | CKV2_DOCKER_3 |
    /// | pip, uv | `--trusted-host`, `pip config set global.trusted-host`, `--allow-insecure-host` | CKV2_DOCKER_4 |
    /// | npm, yarn, pnpm | `config set strict-ssl false`, `--strict-ssl=false`, `--no-strict-ssl` | CKV2_DOCKER_13 |
    /// | yum, dnf, microdnf, tdnf, `*-config-manager` | `--setopt=sslverify=0` (or `false`) | CKV2_DOCKER_15 |
    /// | git | `-c http.sslVerify=false`, `git config http.sslVerify false` | |
    /// | apt-get | `-o Acquire::https::Verify-Peer=false` (or `Verify-Host`) | |
    ///
    /// ## Why
    /// Without verification, anyone on the network path (a proxy, a compromised mirror, a
    /// hostile Wi-Fi) can substitute the packages and sources the build downloads. Set in the
    /// image with `ENV`, the setting also stays active for every process of every container.
    /// The usual reason, a corporate proxy with its own CA, is better solved by adding that CA
    /// to the trust store (or passing it as a build secret).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// ENV NODE_TLS_REJECT_UNAUTHORIZED=0
    /// RUN npm ci
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLk https://example.com/tool.tar.gz | tar -xz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY corp-ca.crt /usr/local/share/ca-certificates/
    /// RUN update-ca-certificates
    /// ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-ca.crt
    /// RUN npm ci
    /// ```
    ///
    /// ## Fix
    /// None: removing the setting breaks the build until the CA problem it hid is solved.
    pub struct TlsVerificationDisabled {
        code: "DW210",
        name: "tls-verification-disabled",
        category: Security,
        severity: Warning,
        aliases: [
            "CKV2_DOCKER_5",
            "CKV2_DOCKER_6",
            "CKV2_DOCKER_12",
            "CKV2_DOCKER_14",
            "CKV2_DOCKER_16",
            "CKV2_DOCKER_2",
            "CKV2_DOCKER_3",
            "CKV2_DOCKER_4",
            "CKV2_DOCKER_13",
            "CKV2_DOCKER_15",
        ],
        fix: None,
        default: true,
        summary: "TLS certificate verification is turned off",
    }
}

impl_rule!(TlsVerificationDisabled, check);

fn check(ctx: &mut Context<'_, '_>) {
    check_environment(ctx);
    check_commands(ctx);
}

/// When a variable's value turns verification off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// The value, compared ignoring case, is one of these.
    Value(&'static [&'static str]),
    /// Any value, even empty.
    Set,
    /// Any non-empty value.
    NonEmpty,
}

/// An environment variable that disables TLS verification for a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TlsEnvVar {
    pub name: &'static str,
    /// Whether the tool reads the name in any case (npm reads `npm_config_*` too).
    pub any_case: bool,
    pub trigger: Trigger,
    pub tool: &'static str,
}

/// The environment variables this rule knows; extend here.
pub(crate) const TLS_ENV_VARS: &[TlsEnvVar] = &[
    TlsEnvVar { name: "PYTHONHTTPSVERIFY", any_case: false, trigger: Trigger::Value(&["0"]), tool: "Python" },
    TlsEnvVar {
        name: "NODE_TLS_REJECT_UNAUTHORIZED",
        any_case: false,
        trigger: Trigger::Value(&["0"]),
        tool: "Node.js",
    },
    TlsEnvVar {
        name: "NPM_CONFIG_STRICT_SSL",
        any_case: true,
        trigger: Trigger::Value(&["false", "0"]),
        tool: "npm",
    },
    TlsEnvVar { name: "GIT_SSL_NO_VERIFY", any_case: false, trigger: Trigger::Set, tool: "git" },
    TlsEnvVar { name: "PIP_TRUSTED_HOST", any_case: false, trigger: Trigger::NonEmpty, tool: "pip" },
];

/// The entry of [`TLS_ENV_VARS`] for a variable whose value (`None`: unknown, it uses other
/// variables) disables verification.
pub(crate) fn tls_env_bypass(name: &str, value: Option<&str>) -> Option<&'static TlsEnvVar> {
    let var = tls_env_var(name)?;
    let disables = match var.trigger {
        Trigger::Set => true,
        Trigger::NonEmpty => value.is_none_or(|v| !v.trim().is_empty()),
        Trigger::Value(values) => {
            value.is_some_and(|v| values.iter().any(|x| x.eq_ignore_ascii_case(v.trim())))
        }
    };
    disables.then_some(var)
}

/// `ENV` variables and `ARG` defaults (ONBUILD triggers included: they set them downstream).
/// The variable of [`TLS_ENV_VARS`] named `name`.
fn tls_env_var(name: &str) -> Option<&'static TlsEnvVar> {
    TLS_ENV_VARS.iter().find(|v| if v.any_case { v.name.eq_ignore_ascii_case(name) } else { v.name == name })
}

fn check_environment(ctx: &mut Context<'_, '_>) {
    let escape = ctx.doc.escape;
    for ins in &ctx.doc.instructions {
        let ins = ins.effective();
        // The name first: reading the value is the costly part, and few names are of interest.
        let settings = ins.definitions().filter_map(|(name, value)| Some((name, value?)));
        for (name, value) in settings.filter(|(name, _)| tls_env_var(&name.text).is_some()) {
            let literal_value = literal(&value.text, escape);
            let Some(var) = tls_env_bypass(&name.text, literal_value.as_deref()) else { continue };
            let shown = literal_value.as_deref().unwrap_or(&value.text);
            let any_value =
                if var.trigger == Trigger::Set { " (any value does, even 0 or false)" } else { "" };
            ctx.report(
                name.span.cover(value.span),
                format!(
                    "`{}={shown}` turns off TLS certificate verification for {}{any_value}",
                    name.text, var.tool
                ),
            )
            .help("trust the needed CA certificate instead of disabling verification");
        }
    }
}

/// Command-line options of `RUN` commands (ONBUILD triggers included).
fn check_commands(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        let Some(((range, shown), tool)) = insecure_option(command) else { continue };
        ctx.report(rs.span(&range), format!("`{shown}` turns off TLS certificate verification for {tool}"))
            .help("trust the needed CA certificate instead of disabling verification");
    }
}

/// The option of a command that turns verification off (its extent and text), and the tool.
fn insecure_option(command: &Command<'_>) -> Option<((Range<usize>, String), &'static str)> {
    let falsy = |v: &str| matches!(v.to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off");
    if let Some(d) = download(command) {
        if !d.insecure {
            return None;
        }
        let (tool, long) = match d.tool {
            DownloadTool::Curl => ("curl", "--insecure"),
            DownloadTool::Wget => ("wget", "--no-check-certificate"),
        };
        // `download` read the options exactly; this only finds the word to show.
        let short_k = |v: &str| {
            d.tool == DownloadTool::Curl && !v.starts_with("--") && v.starts_with('-') && v.contains('k')
        };
        let word = d.invocation.args().iter().find(|w| w.value == long || short_k(&w.value))?;
        return Some(((word.range.clone(), word.value.to_string()), tool));
    }
    let inv = command.unwrap_wrappers();
    let args = inv.args();
    // `npm config set strict-ssl false`, `pip config set global.trusted-host x`, `git config
    // http.sslVerify false`, `git -c http.sslVerify=false`: a key and its value.
    let config_set = |key_matches: &dyn Fn(&str) -> bool, disables: &dyn Fn(&str) -> bool| {
        let at = args.iter().position(|w| {
            let key = w.value.split_once('=').map_or(w.value.as_ref(), |(k, _)| k);
            key_matches(&key.to_ascii_lowercase())
        })?;
        let word = &args[at];
        match word.value.split_once('=') {
            Some((_, v)) => disables(v).then(|| (word.range.clone(), word.value.to_string())),
            None => args.get(at + 1).filter(|v| disables(&v.value)).map(|v| words_extent(word, v)),
        }
    };
    // `--setopt=sslverify=0`, `-o Acquire::https::Verify-Peer=false`: an option whose value
    // is a `key=value` setting.
    let setting =
        |takes: &'static [&'static str], short: Option<char>, key_matches: &dyn Fn(&str) -> bool| {
            let spec = OptionSpec { takes_value: takes, ..OptionSpec::default() };
            let opt = inv.options(spec).find(|o| {
                o.is(short, takes)
                    && o.value()
                        .and_then(|v| v.value.split_once('='))
                        .is_some_and(|(k, v)| key_matches(&k.to_ascii_lowercase()) && falsy(v))
            })?;
            option_extent(&opt)
        };
    let found = match inv.name()? {
        "npm" | "yarn" | "yarnpkg" | "pnpm" => {
            let flag = args
                .iter()
                .find(|w| w.value == "--no-strict-ssl" || w.value.eq_ignore_ascii_case("--strict-ssl=false"));
            let found = match flag {
                Some(w) => Some((w.range.clone(), w.value.to_string())),
                None => config_set(&|k| k == "strict-ssl" || k == "strictssl", &falsy),
            };
            (found?, "npm")
        }
        _ if package_command(command).is_some_and(|p| matches!(p.manager, Manager::Pip | Manager::Uv)) => {
            const TRUSTED: &[&str] = &["--trusted-host", "--allow-insecure-host"];
            let spec = OptionSpec { takes_value: TRUSTED, ..OptionSpec::default() };
            let found = match inv.options(spec).find(|o| o.is(None, TRUSTED)) {
                Some(o) => option_extent(&o),
                None => config_set(&|k| k.ends_with(".trusted-host"), &|v| !v.is_empty()),
            };
            (found?, "pip")
        }
        "yum" | "dnf" | "dnf5" | "microdnf" | "tdnf" | "yum-config-manager" | "dnf-config-manager" => {
            let key = |k: &str| k == "sslverify" || k.ends_with(".sslverify");
            (setting(&["--setopt"], None, &key)?, "the package manager")
        }
        "git" => (config_set(&|k| k == "http.sslverify", &falsy)?, "git"),
        "apt-get" | "apt" | "aptitude" => {
            let key = |k: &str| k.ends_with("::verify-peer") || k.ends_with("::verify-host");
            (setting(&["-o", "--option"], Some('o'), &key)?, "apt")
        }
        _ => return None,
    };
    Some(found)
}
