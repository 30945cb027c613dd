//! The build context: the files `COPY` and `ADD` read, and the `.dockerignore` that filters them.
//!
//! Some of BuildKit's checks look at the context rather than the Dockerfile (a source excluded by
//! `.dockerignore`, a source that does not exist). A [`BuildContext`] answers those questions;
//! without one ([`crate::Linter::check`]) the rules that need it stay silent. [`FsContext`] reads
//! a directory; [`MemoryContext`] is given its answers (tests, bindings, the browser).

use std::borrow::Cow;

/// What the rules may ask about the build context. Every answer may be "unknown".
pub trait BuildContext: Sync {
    /// The text of the ignore file in force, `None` when there is none.
    fn dockerignore(&self) -> Option<&str>;

    /// Whether a path exists in the context. The path is relative to the context root, uses `/`,
    /// and is clean (no `.` or `..` parts, no leading `/`). `None`: cannot tell.
    fn exists(&self, path: &str) -> Option<bool>;
}

/// A context given as data: the ignore file's text and, optionally, the list of its files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryContext {
    dockerignore: Option<String>,
    /// Clean relative paths of the files; directories are implied by them. `None`: unknown.
    files: Option<Vec<String>>,
}

impl MemoryContext {
    pub fn new() -> MemoryContext {
        MemoryContext::default()
    }

    #[must_use]
    pub fn with_dockerignore(mut self, text: impl Into<String>) -> MemoryContext {
        self.dockerignore = Some(text.into());
        self
    }

    /// Declares the complete list of files (paths relative to the context root).
    #[must_use]
    pub fn with_files<S: AsRef<str>>(mut self, files: impl IntoIterator<Item = S>) -> MemoryContext {
        self.files = Some(files.into_iter().map(|f| context_path(f.as_ref()).into_owned()).collect());
        self
    }
}

impl BuildContext for MemoryContext {
    fn dockerignore(&self) -> Option<&str> {
        self.dockerignore.as_deref()
    }

    fn exists(&self, path: &str) -> Option<bool> {
        let files = self.files.as_ref()?;
        if path.is_empty() {
            return Some(true);
        }
        Some(
            files.iter().any(|f| f == path || f.strip_prefix(path).is_some_and(|rest| rest.starts_with('/'))),
        )
    }
}

/// A context directory on disk.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone)]
pub struct FsContext {
    root: std::path::PathBuf,
    dockerignore: Option<String>,
    /// Whether the directory is known to be the context, so that a missing file is a finding.
    probe_files: bool,
}

#[cfg(not(target_arch = "wasm32"))]
impl FsContext {
    /// The context directory `root`, filtered by `root/.dockerignore` if there is one.
    pub fn new(root: impl Into<std::path::PathBuf>) -> std::io::Result<FsContext> {
        let root = root.into();
        let dockerignore = read_optional(&root.join(".dockerignore"))?;
        Ok(FsContext { root, dockerignore, probe_files: true })
    }

    /// A directory presumed to be the context (usually the Dockerfile's own): its ignore file
    /// applies, but whether a file exists stays unknown, because the real context may be another
    /// directory and a missing file there is no evidence. Ignore files `may_exist` rules out are
    /// not tried (see [`FsContext::for_dockerfile_listed`]).
    pub fn presumed(
        root: impl Into<std::path::PathBuf>,
        dockerfile: &std::path::Path,
        may_exist: &dyn Fn(&std::path::Path) -> bool,
    ) -> std::io::Result<FsContext> {
        Ok(FsContext { probe_files: false, ..FsContext::for_dockerfile_listed(root, dockerfile, may_exist)? })
    }

    /// The context of a build of `dockerfile`: as BuildKit picks it, an ignore file named after
    /// the Dockerfile (`Dockerfile.dev.dockerignore` next to `Dockerfile.dev`) wins over the
    /// context's `.dockerignore`.
    pub fn for_dockerfile(
        root: impl Into<std::path::PathBuf>,
        dockerfile: &std::path::Path,
    ) -> std::io::Result<FsContext> {
        FsContext::for_dockerfile_listed(root, dockerfile, &|_| true)
    }

    /// [`FsContext::for_dockerfile`], trying only the ignore files `may_exist` allows: a caller
    /// checking thousands of Dockerfiles lists each directory once instead of trying two opens
    /// per Dockerfile.
    pub fn for_dockerfile_listed(
        root: impl Into<std::path::PathBuf>,
        dockerfile: &std::path::Path,
        may_exist: &dyn Fn(&std::path::Path) -> bool,
    ) -> std::io::Result<FsContext> {
        let root = root.into();
        let own = dockerfile.file_name().map(|name| {
            let mut own = name.to_os_string();
            own.push(".dockerignore");
            dockerfile.with_file_name(own)
        });
        let mut dockerignore = None;
        for candidate in own.into_iter().chain([root.join(".dockerignore")]) {
            if may_exist(&candidate) {
                dockerignore = read_optional(&candidate)?;
                if dockerignore.is_some() {
                    break;
                }
            }
        }
        Ok(FsContext { root, dockerignore, probe_files: true })
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn read_optional(path: &std::path::Path) -> std::io::Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl BuildContext for FsContext {
    fn dockerignore(&self) -> Option<&str> {
        self.dockerignore.as_deref()
    }

    fn exists(&self, path: &str) -> Option<bool> {
        if !self.probe_files {
            return None;
        }
        let relative = context_path(path);
        let full =
            relative.split('/').filter(|p| !p.is_empty()).fold(self.root.clone(), |acc, p| acc.join(p));
        match std::fs::symlink_metadata(full) {
            Ok(_) => Some(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(false),
            Err(_) => None,
        }
    }
}

/// A source path of `COPY`/`ADD` as a clean path relative to the context root (the root is `""`):
/// the context root is `/`, and `..` cannot leave it.
pub fn context_path(path: &str) -> Cow<'_, str> {
    let rooted = clean_path(&format!("/{path}"));
    Cow::Owned(rooted.trim_start_matches('/').to_string())
}

/// Go's `path.Clean`: the shortest equivalent path (no `.`, `..` resolved lexically, no doubled or
/// trailing `/`); `.` for an empty result.
pub fn clean_path(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// A parsed `.dockerignore`, matching paths the way BuildKit's pattern matcher does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    patterns: Vec<Pattern>,
    /// A pattern that BuildKit rejects: the build fails before any check, so none is made.
    pub invalid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// The cleaned pattern as written (without `!`).
    text: String,
    exclusion: bool,
    kind: MatchKind,
}

/// BuildKit's fast paths: a pattern without wildcards is compared exactly, `x**` is a prefix,
/// `**x` a suffix; everything else is matched token by token.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MatchKind {
    Exact,
    Prefix(String),
    Suffix(String),
    Tokens(Vec<Token>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `*`: any run of characters without `/`.
    Star,
    /// `?`: one character other than `/`.
    Any,
    /// `**` before more pattern: nothing, or anything ending in `/`.
    Dirs,
    /// `**` at the end: anything.
    Rest,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl DockerIgnore {
    /// Reads an ignore file as `docker build` does: `#` comment lines, blank lines and
    /// surrounding whitespace are dropped, `!` makes an exception, patterns are cleaned and
    /// relative to the context root.
    pub fn parse(text: &str) -> DockerIgnore {
        let mut ignore = DockerIgnore::default();
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let (exclusion, body) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            if body.is_empty() {
                ignore.invalid = true;
                continue;
            }
            let mut cleaned = clean_path(body);
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
            match compile(&cleaned) {
                Some(kind) => ignore.patterns.push(Pattern { text: cleaned, exclusion, kind }),
                None => ignore.invalid = true,
            }
        }
        ignore
    }

    /// Whether any pattern is an exception (`!pattern`).
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// The patterns (exceptions without their `!`), in order, with whether each is an exception.
    pub fn patterns(&self) -> impl Iterator<Item = (&str, bool)> {
        self.patterns.iter().map(|p| (p.text.as_str(), p.exclusion))
    }

    /// Whether a clean context-relative path is excluded from the context: the last pattern that
    /// matches it or one of its parent directories decides.
    pub fn excludes(&self, path: &str) -> bool {
        self.excluded_by(path).is_some()
    }

    /// The pattern that excludes a path from the context, if it is excluded.
    pub fn excluded_by(&self, path: &str) -> Option<&str> {
        let parents: Vec<&str> = match path.rfind('/') {
            Some(slash) => {
                let parent = &path[..slash];
                parent.match_indices('/').map(|(i, _)| &parent[..i]).chain([parent]).collect()
            }
            None => Vec::new(),
        };
        let mut decided: Option<&Pattern> = None;
        for pattern in &self.patterns {
            let matched = decided.is_some();
            if pattern.exclusion != matched {
                continue;
            }
            if pattern.matches(path) || parents.iter().any(|p| pattern.matches(p)) {
                decided = (!pattern.exclusion).then_some(pattern);
            }
        }
        decided.map(|p| p.text.as_str())
    }

    /// Whether a pattern excludes everything at the root (`*`, `**`, `**/*`), which is when
    /// BuildKit warns about copying the whole context.
    pub fn excludes_root(&self) -> bool {
        self.patterns.iter().any(|p| !p.exclusion && matches!(p.text.as_str(), "*" | "**" | "**/*"))
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match &self.kind {
            MatchKind::Exact => path == self.text,
            MatchKind::Prefix(prefix) => path.starts_with(prefix.as_str()),
            MatchKind::Suffix(suffix) => {
                path.ends_with(suffix.as_str()) || suffix.strip_prefix('/').is_some_and(|s| path == s)
            }
            MatchKind::Tokens(tokens) => match_tokens(tokens, path),
        }
    }
}

/// Turns a cleaned pattern into its matcher; `None` for a malformed character class.
fn compile(pattern: &str) -> Option<MatchKind> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut kind = 0u8; // 0 exact, 1 prefix, 2 suffix, 3 tokens
    let mut i = 0;
    while i < chars.len() {
        let first = i == 0;
        let c = chars[i];
        i += 1;
        match c {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                if i == chars.len() {
                    if kind == 0 {
                        kind = 1;
                    } else {
                        tokens.push(Token::Rest);
                        kind = 3;
                    }
                } else {
                    tokens.push(Token::Dirs);
                    kind = 3;
                }
                if first {
                    kind = 2;
                }
            }
            '*' => {
                tokens.push(Token::Star);
                kind = 3;
            }
            '?' => {
                tokens.push(Token::Any);
                kind = 3;
            }
            '\\' => match chars.get(i) {
                Some(&next) => {
                    tokens.push(Token::Char(next));
                    i += 1;
                    kind = 3;
                }
                None => tokens.push(Token::Char('\\')),
            },
            '[' => {
                let (class, next) = char_class(&chars, i)?;
                tokens.push(class);
                i = next;
                kind = 3;
            }
            // A lone `]` is a literal in Go's regexp syntax.
            c => tokens.push(Token::Char(c)),
        }
    }
    Some(match kind {
        0 => MatchKind::Exact,
        1 => MatchKind::Prefix(pattern[..pattern.len() - 2].to_string()),
        2 => MatchKind::Suffix(pattern[2..].to_string()),
        _ => MatchKind::Tokens(tokens),
    })
}

/// A `[...]` class starting after the `[`; returns it and the index after its `]`.
fn char_class(chars: &[char], mut i: usize) -> Option<(Token, usize)> {
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        i += 1;
        if c == ']' && !first {
            break;
        }
        first = false;
        let lo = if c == '\\' {
            let e = *chars.get(i)?;
            i += 1;
            e
        } else {
            c
        };
        let hi = if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&n| n != ']') {
            let mut h = chars[i + 1];
            i += 2;
            if h == '\\' {
                h = *chars.get(i)?;
                i += 1;
            }
            h
        } else {
            lo
        };
        if hi < lo {
            return None;
        }
        ranges.push((lo, hi));
    }
    Some((Token::Class { negated, ranges }, i))
}

/// Matches a whole path against tokens, in time proportional to their product.
fn match_tokens(tokens: &[Token], path: &str) -> bool {
    let text: Vec<char> = path.chars().collect();
    let (n, width) = (text.len(), text.len() + 1);
    // ok[i * width + j]: tokens[i..] match text[j..]. Filled from the end.
    let mut ok = vec![false; (tokens.len() + 1) * width];
    ok[tokens.len() * width + n] = true;
    for i in (0..tokens.len()).rev() {
        // For `Dirs`: some k >= j has text[k] == '/' and tokens[i+1..] match text[k+1..].
        let mut slash_then_rest = false;
        for j in (0..=n).rev() {
            let next = |j: usize| ok[(i + 1) * width + j];
            let at = text.get(j).copied();
            let value = match &tokens[i] {
                Token::Char(c) => at == Some(*c) && next(j + 1),
                Token::Any => at.is_some_and(|c| c != '/') && next(j + 1),
                Token::Class { negated, ranges } => {
                    at.is_some_and(|c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated)
                        && next(j + 1)
                }
                Token::Star => next(j) || (at.is_some_and(|c| c != '/') && ok[i * width + j + 1]),
                Token::Rest => next(j) || (at.is_some() && ok[i * width + j + 1]),
                Token::Dirs => {
                    if at == Some('/') && next(j + 1) {
                        slash_then_rest = true;
                    }
                    next(j) || slash_then_rest
                }
            };
            ok[i * width + j] = value;
        }
    }
    ok[0]
}

/// The rules that read the build context; the others never touch it.
const CONTEXT_RULES: [&str; 2] = ["copy-ignored-file", "copy-source-not-found"];

impl crate::Linter {
    /// Whether a rule that reads the build context runs, so that callers can skip gathering one.
    pub fn reads_build_context(&self) -> bool {
        self.rules().iter().any(|rule| CONTEXT_RULES.contains(&rule.meta().name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(ignore: &str, path: &str) -> bool {
        DockerIgnore::parse(ignore).excludes(path)
    }

    #[test]
    fn cleans_paths_like_go() {
        assert_eq!(clean_path("a//b/./c/.."), "a/b");
        assert_eq!(clean_path("/../x/"), "/x");
        assert_eq!(clean_path("../x"), "../x");
        assert_eq!(clean_path(""), ".");
        assert_eq!(context_path("./app/../src/"), "src");
        assert_eq!(context_path("/"), "");
        assert_eq!(context_path("../../etc"), "etc");
    }

    #[test]
    fn patterns_match_as_docker_does() {
        assert!(excluded("node_modules", "node_modules"));
        assert!(excluded("node_modules", "node_modules/x/y.js"));
        assert!(!excluded("node_modules", "src/node_modules"));
        assert!(excluded("**/node_modules", "src/node_modules/x"));
        assert!(excluded("*.md", "README.md"));
        assert!(!excluded("*.md", "docs/README.md"));
        assert!(excluded("**/*.md", "docs/a/README.md"));
        assert!(excluded("docs/**", "docs/a/b"));
        assert!(excluded("a/**/b", "a/b"));
        assert!(excluded("a/**/b", "a/x/y/b"));
        assert!(!excluded("a/**/b", "a/xb"));
        assert!(excluded("/build/", "build/out"));
        assert!(excluded("file?.txt", "file1.txt"));
        assert!(!excluded("file?.txt", "file12.txt"));
        assert!(excluded("[a-c]*.log", "b.log"));
        assert!(!excluded("[^a-c]*.log", "b.log"));
        assert!(excluded("a.b", "a.b"));
        assert!(!excluded("a.b", "axb"));
        assert!(excluded("**foo", "xfoo"));
        assert!(excluded("# not a comment\n  *.tmp  ", "x.tmp"));
        assert!(!excluded("#*.tmp", "x.tmp"));
    }

    #[test]
    fn exceptions_and_order() {
        let ignore = "*.md\n!README.md\n";
        assert!(excluded(ignore, "CHANGES.md"));
        assert!(!excluded(ignore, "README.md"));
        assert!(DockerIgnore::parse(ignore).has_exclusions());
        assert!(excluded("!a\na", "a"));
        assert!(DockerIgnore::parse("!\n").invalid);
        assert!(DockerIgnore::parse("[a-\n").invalid);
        assert!(DockerIgnore::parse("**\n").excludes_root());
        assert!(!DockerIgnore::parse("src\n").excludes_root());
    }

    #[test]
    fn memory_context() {
        let ctx = MemoryContext::new().with_files(["src/main.rs", "./Cargo.toml"]);
        assert_eq!(ctx.exists("src"), Some(true));
        assert_eq!(ctx.exists("src/main.rs"), Some(true));
        assert_eq!(ctx.exists("Cargo.toml"), Some(true));
        assert_eq!(ctx.exists("sr"), Some(false));
        assert_eq!(MemoryContext::new().exists("x"), None);
    }

    #[test]
    fn only_the_context_rules_make_a_linter_read_the_context() {
        let with = |names: &[&str]| {
            let select = Some(names.iter().map(|n| n.to_string()).collect());
            crate::Linter::new(crate::Config { select, ..crate::Config::default() }).unwrap()
        };
        for name in CONTEXT_RULES {
            assert!(with(&[name]).reads_build_context(), "{name} is not a rule that reads the context");
        }
        assert!(!with(&["no-latest-tag", "syntax-error"]).reads_build_context());
    }
}
