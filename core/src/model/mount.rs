//! `RUN --mount=...` values: comma-separated `key=value` fields, CSV-quoted as BuildKit reads them.

use std::borrow::Cow;

use super::ascii_lowercase;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

/// One parsed `--mount`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Mount {
    /// `None` when the type is not one BuildKit knows (an error says which) or is a variable.
    pub kind: Option<MountType>,
    pub target: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub id: Option<String>,
    pub sharing: Option<String>,
    pub readonly: Option<bool>,
    pub required: Option<bool>,
    pub mode: Option<String>,
    pub uid: Option<String>,
    pub gid: Option<String>,
    pub size: Option<String>,
    pub env: Option<String>,
    /// Index of the `--mount` flag in the instruction's flags.
    pub flag: usize,
}

impl Mount {
    /// Parses a `--mount` value the way BuildKit reads it (fields in order, keys
    /// case-insensitive). Returns the mount as far as it could be read and the first problem
    /// BuildKit would reject.
    pub fn parse(value: &str, flag: usize) -> (Mount, Option<String>) {
        let mut mount = Mount { kind: Some(MountType::Bind), flag, ..Mount::default() };
        match mount.read_fields(value) {
            Ok(()) => {
                let problem = mount.consistency();
                (mount, problem)
            }
            Err(problem) => (mount, Some(problem)),
        }
    }

    fn read_fields(&mut self, value: &str) -> Result<(), String> {
        for field in csv_fields(value) {
            let (key, val) = match field.split_once('=') {
                Some((k, v)) => (ascii_lowercase(k), v),
                None => {
                    let key = ascii_lowercase(&*field);
                    match &*key {
                        "readonly" | "ro" => self.readonly = Some(true),
                        "readwrite" | "rw" => self.readonly = Some(false),
                        "required" if self.is_secret_or_ssh() => self.required = Some(true),
                        "required" => return Err(self.unexpected("required")),
                        _ => {
                            return Err(format!("invalid field `{field}`: it must be a key=value pair"));
                        }
                    }
                    continue;
                }
            };
            // Variables are expanded at build time; their values can only be judged then.
            if val.contains('$') && key != "from" {
                match &*key {
                    "type" => self.kind = None,
                    "source" | "src" => self.source = Some(val.to_string()),
                    "target" | "dst" | "destination" => self.target = Some(val.to_string()),
                    "id" => self.id = Some(val.to_string()),
                    _ => {}
                }
                continue;
            }
            let parse_bool =
                |v: &str| parse_go_bool(v).ok_or_else(|| format!("invalid value for {key}: `{v}`"));
            match &*key {
                "type" => {
                    self.kind = Some(match &*ascii_lowercase(val) {
                        "bind" => MountType::Bind,
                        "cache" => MountType::Cache,
                        "tmpfs" => MountType::Tmpfs,
                        "secret" => MountType::Secret,
                        "ssh" => MountType::Ssh,
                        _ => {
                            self.kind = None;
                            return Err(format!(
                                "unsupported mount type `{val}`: use bind, cache, tmpfs, secret or ssh"
                            ));
                        }
                    })
                }
                "from" => {
                    if val.find('$').is_some_and(|i| i != val.len() - 1) {
                        return Err("`from` doesn't support variable expansion; name a stage instead".into());
                    }
                    self.from = Some(val.to_string())
                }
                "source" | "src" => self.source = Some(val.to_string()),
                "target" | "dst" | "destination" => self.target = Some(val.to_string()),
                "readonly" | "ro" => self.readonly = Some(parse_bool(val)?),
                "readwrite" | "rw" => self.readonly = Some(!parse_bool(val)?),
                "required" if self.is_secret_or_ssh() => self.required = Some(parse_bool(val)?),
                "size" if self.kind == Some(MountType::Tmpfs) => self.size = Some(val.to_string()),
                "required" | "size" => return Err(self.unexpected(&key)),
                "id" => self.id = Some(val.to_string()),
                "sharing" => {
                    if !matches!(&*ascii_lowercase(val), "shared" | "private" | "locked") {
                        return Err(format!(
                            "unsupported sharing value `{val}`: use shared, private or locked"
                        ));
                    }
                    self.sharing = Some(val.to_ascii_lowercase())
                }
                "mode" => {
                    u32::from_str_radix(val, 8)
                        .map_err(|_| format!("invalid value `{val}` for mode (octal)"))?;
                    self.mode = Some(val.to_string())
                }
                "uid" | "gid" => {
                    val.parse::<u32>().map_err(|_| format!("invalid value `{val}` for {key}"))?;
                    *(if key == "uid" { &mut self.uid } else { &mut self.gid }) = Some(val.to_string())
                }
                "env" => self.env = Some(val.to_string()),
                _ => {
                    let hint = crate::suggest::did_you_mean(&key, MOUNT_KEYS)
                        .map(|k| format!("; did you mean `{k}`?"))
                        .unwrap_or_default();
                    return Err(format!("unexpected key `{key}` in `{field}`{hint}"));
                }
            }
        }
        Ok(())
    }

    /// Rules across fields, checked after all are read.
    fn consistency(&self) -> Option<String> {
        let kind = self.kind?;
        let name = kind_name(kind);
        let file_info_allowed = matches!(kind, MountType::Secret | MountType::Ssh | MountType::Cache);
        if !file_info_allowed {
            for (key, v) in [("mode", &self.mode), ("uid", &self.uid), ("gid", &self.gid)] {
                if v.is_some() {
                    return Some(format!("{key} is not allowed for {name} mounts"));
                }
            }
        }
        if kind == MountType::Secret {
            if self.from.is_some() {
                return Some("a secret mount can not have `from`".into());
            }
            if self.sharing.is_some() {
                return Some("a secret mount can not set `sharing`".into());
            }
            if self.source.is_none() && self.target.is_none() && self.id.is_none() {
                return Some("a secret mount needs an id, a source or a target".into());
            }
            if self.source.is_some() && self.id.is_some() {
                return Some("a secret mount can not set both source and id".into());
            }
        }
        if self.sharing.is_some() && kind != MountType::Cache {
            return Some(format!("`sharing` only applies to cache mounts, not {name}"));
        }
        None
    }

    fn is_secret_or_ssh(&self) -> bool {
        matches!(self.kind, Some(MountType::Secret | MountType::Ssh))
    }

    fn unexpected(&self, key: &str) -> String {
        format!("unexpected key `{key}` for mount type {}", self.kind.map_or("?", kind_name))
    }

    /// Whether the mount keeps files out of the image's layer at `path` (a cache or tmpfs there).
    pub fn covers(&self, path: &str) -> bool {
        matches!(self.kind, Some(MountType::Cache | MountType::Tmpfs))
            && self.target.as_deref().is_some_and(|t| {
                let t = t.trim_end_matches('/');
                let p = path.trim_end_matches('/');
                p == t || p.starts_with(t) && p[t.len()..].starts_with('/')
            })
    }
}

const MOUNT_KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

fn kind_name(kind: MountType) -> &'static str {
    match kind {
        MountType::Bind => "bind",
        MountType::Cache => "cache",
        MountType::Tmpfs => "tmpfs",
        MountType::Secret => "secret",
        MountType::Ssh => "ssh",
    }
}

/// Go's `strconv.ParseBool`.
pub(crate) fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// Splits one CSV record: fields separated by `,`, a field in double quotes may hold commas, and
/// `""` inside quotes is a literal quote. A field without any `"` is borrowed as it is.
fn csv_fields(s: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        let plain_end = r.find([',', '"']).unwrap_or(r.len());
        if r.as_bytes().get(plain_end) != Some(&b'"') {
            rest = r.get(plain_end + 1..).filter(|_| plain_end < r.len());
            return Some(Cow::Borrowed(&r[..plain_end]));
        }
        let (field, next) = quoted_csv_field(r);
        rest = next;
        Some(Cow::Owned(field))
    })
}

/// Reads the first field of `s`, which holds a `"`; returns it and what follows its comma.
fn quoted_csv_field(s: &str) -> (String, Option<&str>) {
    let mut field = String::new();
    let mut chars = s.char_indices().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek().is_some_and(|&(_, d)| d == '"') => {
                chars.next();
                field.push('"');
            }
            '"' if in_quotes => in_quotes = false,
            '"' if at_field_start => in_quotes = true,
            ',' if !in_quotes => return (field, Some(&s[i + 1..])),
            c => field.push(c),
        }
        at_field_start = false;
    }
    (field, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_mount() {
        let (m, e) = Mount::parse("type=cache,target=/root/.cache/pip,sharing=locked", 0);
        assert_eq!(e, None);
        assert_eq!(m.kind, Some(MountType::Cache));
        assert!(m.covers("/root/.cache/pip/wheels"));
        assert!(!m.covers("/root/.cache/pipx"));
    }

    #[test]
    fn bind_defaults_and_errors() {
        let (m, e) = Mount::parse("target=/src,ro", 1);
        assert_eq!((m.kind, m.readonly, e), (Some(MountType::Bind), Some(true), None));
        assert!(Mount::parse("type=nfs,target=/x", 0).1.unwrap().contains("unsupported"));
        assert_eq!(Mount::parse("from=src,src=/usr/src/x,rw", 0).1, None);
        assert!(
            Mount::parse("type=cache,target=/x,tagret=1", 0).1.unwrap().contains("did you mean `target`")
        );
        assert!(Mount::parse("type=cache,target=/x,sharing=no", 0).1.is_some());
        assert!(Mount::parse("source=.,target=/t,z", 0).1.unwrap().contains("key=value"));
        assert!(Mount::parse("required,type=secret,id=a", 0).1.unwrap().contains("bind"));
        assert_eq!(Mount::parse("type=secret,id=a,required", 0).1, None);
        assert!(Mount::parse("type=bind,target=/a,uid=1", 0).1.unwrap().contains("uid"));
        assert!(Mount::parse("type=secret", 0).1.is_some());
        let (m, e) = Mount::parse("type=secret,id=npmrc,\"target=/a,b\"", 0);
        assert_eq!((m.target.as_deref(), e), (Some("/a,b"), None));
        let (m, e) = Mount::parse("Type=Cache,TARGET=/x,Sharing=Locked", 0);
        assert_eq!((m.kind, m.sharing.as_deref(), e), (Some(MountType::Cache), Some("locked"), None));
    }

    #[test]
    fn csv_like_go() {
        let fields = |s: &str| csv_fields(s).map(|f| f.into_owned()).collect::<Vec<_>>();
        assert_eq!(fields(""), [""]);
        assert_eq!(fields("a,,b,"), ["a", "", "b", ""]);
        assert_eq!(fields(r#""a,b",c"#), ["a,b", "c"]);
        assert_eq!(fields(r#"x,"a""b""#), ["x", r#"a"b"#]);
        // A quote that does not open the field is kept; an unterminated one runs to the end.
        assert_eq!(fields(r#"a"b,c"#), [r#"a"b"#, "c"]);
        assert_eq!(fields(r#"k="v,w",z"#), [r#"k="v"#, r#"w""#, "z"]);
        assert_eq!(fields(r#""a,b"#), ["a,b"]);
        assert_eq!(fields(r#"é,"ü","#), ["é", "ü", ""]);
    }
}
