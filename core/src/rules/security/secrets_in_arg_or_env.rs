use crate::model::Keyword;
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
        let keyword = ins.keyword;
        for (name, value) in ins.definitions() {
            if !looks_secret(&name.text) || value.is_some_and(|v| harmless_value(ctx, i, &v.text, 0)) {
                continue;
            }
            let place = if keyword == Keyword::Env {
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
/// lowercase.
fn is_secret_part(part: &[u8]) -> bool {
    matches!(
        part,
        b"apikey"
            | b"auth"
            | b"credential"
            | b"credentials"
            | b"key"
            | b"password"
            | b"pword"
            | b"passwd"
            | b"pass"
            | b"secret"
            | b"token"
            | b"privatekey"
            | b"pat"
    )
}

/// The compound names hadolint knows, matched anywhere in the lowercase name.
const SECRET_SUBSTRINGS: &[&str] =
    &["api_key", "client_key", "password", "private_key", "secret", "access_key"];
/// Parts that mean the value is not the secret itself (`TOKEN_FILE`, `PUBLIC_KEY`).
fn is_harmless_part(part: &[u8]) -> bool {
    matches!(
        part,
        b"public"
            | b"pub"
            | b"file"
            | b"path"
            | b"dir"
            | b"url"
            | b"version"
            | b"gpg"
            | b"pgp"
            | b"fingerprint"
            | b"name"
            | b"type"
            | b"id"
            | b"server"
            | b"host"
            | b"length"
            | b"size"
            | b"keys"
            | b"ring"
            | b"keyring"
            | b"store"
            | b"keystore"
            | b"algorithm"
            | b"mode"
            | b"allow"
            | b"enable"
            | b"enabled"
            | b"disable"
            | b"use"
            | b"empty"
            | b"plugin"
            | b"signing"
            | b"release"
            | b"reset"
    )
}

pub(crate) fn looks_secret(name: &str) -> bool {
    // Every ENV and ARG name is asked about: lowercase it once (on the stack when short), and
    // match parts rather than scan word lists.
    let mut buffer = [0u8; 64];
    let owned;
    let lower: &[u8] = match buffer.get_mut(..name.len()) {
        Some(short) => {
            short.copy_from_slice(name.as_bytes());
            short.make_ascii_lowercase();
            short
        }
        None => {
            owned = name.to_ascii_lowercase();
            owned.as_bytes()
        }
    };
    let parts = || lower.split(|b| matches!(b, b'_' | b'-' | b'.')).filter(|p| !p.is_empty());
    if parts().any(is_harmless_part) {
        return false;
    }
    parts().any(is_secret_part)
        || SECRET_SUBSTRINGS.iter().any(|s| {
            let s = s.as_bytes();
            // The first byte first: a slice comparison is a call.
            lower.windows(s.len()).any(|w| w[0] == s[0] && w == s)
        })
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
