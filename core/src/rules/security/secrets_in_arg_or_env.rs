use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `ARG` and `ENV` names that look like they carry a secret: a password, token,
    /// API key, credential or private key (`GITHUB_TOKEN`, `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`).
    ///
    /// ## Why
    /// `ENV` values are baked into the image config, readable by anyone who can pull it.
    /// `ARG` values are recorded in the image history and the build cache. A secret given to
    /// the build either way leaks. BuildKit has secret mounts for exactly this: the value is
    /// available to one `RUN` and never stored.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Fix
    /// None: the build command has to pass the secret differently (`--secret id=npmrc,...`).
    ///
    /// Names that only point at a secret (`..._FILE`, `..._PATH`), switches (`ALLOW_EMPTY_PASSWORD`),
    /// public and signing keys, and versions are not reported, nor values that cannot be secrets:
    /// empty, yes/no, a path or URL, a GPG key fingerprint (also through `ENV X=$X`).
    pub struct SecretsInArgOrEnv {
        code: "DW202",
        name: "secrets-in-arg-or-env",
        category: Security,
        severity: Warning,
        aliases: ["DL3064", "SecretsUsedInArgOrEnv", "DS-0031"],
        fix: None,
        default: true,
        summary: "A build argument or environment variable looks like it carries a secret",
    }
}

impl_rule!(SecretsInArgOrEnv, check);

fn check(ctx: &mut Context<'_, '_>) {
    for (i, ins) in ctx.doc.instructions.iter().enumerate() {
        let ins = ins.effective();
        let names: Vec<_> = match &ins.kind {
            InstructionKind::Arg(arg) => {
                arg.args.iter().map(|d| (&d.name, d.default.as_ref(), "ARG")).collect()
            }
            InstructionKind::Env(env) => env.pairs.iter().map(|p| (&p.key, Some(&p.value), "ENV")).collect(),
            _ => continue,
        };
        for (name, value, keyword) in names {
            if !looks_secret(&name.text) || value.is_some_and(|v| harmless_value(ctx, i, &v.text, 0)) {
                continue;
            }
            let place = if keyword == "ENV" {
                "is stored in the image config"
            } else {
                "is recorded in the image history"
            };
            ctx.report(
                name.span,
                format!("`{}` looks like a secret, and an {keyword} value {place}", name.text),
            )
            .help("pass secrets with `RUN --mount=type=secret,id=...` and `docker build --secret`");
        }
    }
}

/// A value that cannot be a secret: empty, a yes/no flag, a path, a URL, a key fingerprint, or a
/// reference to a variable whose own value is one of those.
fn harmless_value(ctx: &Context<'_, '_>, instruction: usize, value: &str, depth: u32) -> bool {
    let v = value.trim().trim_matches(['"', '\'']).trim();
    let lower = v.to_ascii_lowercase();
    if v.is_empty()
        || matches!(lower.as_str(), "yes" | "no" | "true" | "false" | "0" | "1" | "on" | "off")
        || v.starts_with(['/', '~', '.'])
        || v.contains("://")
        || [".key", ".pem", ".json", ".gpg", ".asc", ".txt"].iter().any(|ext| lower.ends_with(ext))
        || is_fingerprint(v)
    {
        return true;
    }
    // `ENV X=$X` / `${X}`: judge the variable it copies.
    let name = v.strip_prefix("${").and_then(|r| r.strip_suffix('}')).or_else(|| v.strip_prefix('$'));
    match name {
        Some(n) if depth < 4 && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => ctx
            .semantic
            .visible_vars(instruction)
            .find(|d| d.name == n)
            .and_then(|d| d.value.as_deref().map(|dv| harmless_value(ctx, d.instruction, dv, depth + 1)))
            .unwrap_or(false),
        _ => false,
    }
}

/// GPG key ids and fingerprints: long hex strings, possibly several separated by spaces.
fn is_fingerprint(v: &str) -> bool {
    let hex: Vec<&str> = v.split_whitespace().collect();
    !hex.is_empty() && hex.iter().all(|h| h.len() >= 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Words that mark a secret, matched against the name's `_`-separated parts (as BuildKit does),
/// plus the compound names hadolint knows.
const SECRET_PARTS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "pass",
    "secret",
    "token",
    "privatekey",
    "pat",
];
const SECRET_SUBSTRINGS: &[&str] =
    &["api_key", "client_key", "password", "private_key", "secret", "access_key"];
/// Parts that mean the value is not the secret itself.
const HARMLESS_PARTS: &[&str] = &[
    "public",
    "pub",
    "file",
    "path",
    "dir",
    "url",
    "version",
    "gpg",
    "pgp",
    "fingerprint",
    "name",
    "type",
    "id",
    "server",
    "host",
    "length",
    "size",
    "keys",
    "ring",
    "keyring",
    "store",
    "keystore",
    "algorithm",
    "mode",
    "allow",
    "enable",
    "enabled",
    "disable",
    "use",
    "empty",
    "plugin",
    "signing",
    "release",
    "reset",
];

pub(crate) fn looks_secret(name: &str) -> bool {
    // Compared ignoring ASCII case in place: every ENV and ARG name is asked about.
    let parts = || name.split(['_', '-', '.']).filter(|p| !p.is_empty());
    let any_of = |list: &[&str], part: &str| list.iter().any(|w| w.eq_ignore_ascii_case(part));
    if parts().any(|p| any_of(HARMLESS_PARTS, p)) {
        return false;
    }
    parts().any(|p| any_of(SECRET_PARTS, p))
        || SECRET_SUBSTRINGS
            .iter()
            .any(|s| name.as_bytes().windows(s.len()).any(|w| w.eq_ignore_ascii_case(s.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn names() {
        for secret in
            ["GITHUB_TOKEN", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "apikey", "NPM_AUTH", "MY_PASS"]
        {
            assert!(looks_secret(secret), "{secret}");
        }
        for harmless in [
            "GPG_KEY",
            "PUBLIC_KEY",
            "TOKEN_FILE",
            "SECRET_PATH",
            "NODE_VERSION",
            "KEYRING",
            "PATH",
            "MONKEY",
        ] {
            assert!(!looks_secret(harmless), "{harmless}");
        }
    }
}
