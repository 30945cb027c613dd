//! Which configuration applies to each checked file: `--config FILE` for all of them, or else the
//! nearest configuration file in the file's directory or above it: `.dockwright.toml`, or where a
//! directory has none, hadolint's `.hadolint.yaml`/`.hadolint.yml`. Command-line flags go on top. Lookups are cached per directory and every configuration file is
//! read once, giving one [`Linter`] per distinct configuration.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dockwright::{Config, Linter, Severity};

use crate::hadolint;

const HADOLINT_FILES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];
/// Configuration file names, in order of preference within one directory.
const CONFIG_FILES: [&str; 3] = [".dockwright.toml", HADOLINT_FILES[0], HADOLINT_FILES[1]];

/// Settings given on the command line; they win over configuration files.
#[derive(Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_level: Option<Severity>,
    pub target: Option<String>,
}

impl Overrides {
    /// Checks the rules named on the command line, so a typo is blamed on the flag, not on a file.
    pub fn validate(&self) -> Result<(), String> {
        let flags = Config {
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            ..Config::default()
        };
        flags.validate().map_err(|e| match e.key {
            Some(key) => format!("--{key}: {}", e.message),
            None => e.message,
        })
    }

    /// `--select` starts the selection afresh (the file's `ignore` and `extend-select` go too, or
    /// the rules asked for by name could stay off); `--extend-select` and `--ignore` add to the
    /// file's lists; `--fail-level` and `--target` replace its values.
    fn apply(&self, config: &mut Config) {
        if let Some(select) = &self.select {
            config.select = Some(select.clone());
            config.extend_select.clear();
            config.ignore.clear();
        }
        config.extend_select.extend(self.extend_select.iter().cloned());
        config.ignore.extend(self.ignore.iter().cloned());
        if self.fail_level.is_some() {
            config.fail_level = self.fail_level;
        }
        if self.target.is_some() {
            config.target.clone_from(&self.target);
        }
    }
}

/// A mistake in a configuration file, with its line when it can be told.
pub struct ConfigProblem {
    pub line: Option<usize>,
    pub message: String,
}

impl ConfigProblem {
    /// `file:line: message`, as compilers write it.
    pub fn describe(&self, file: &str) -> String {
        match self.line {
            Some(line) => format!("{file}:{line}: {}", self.message),
            None => format!("{file}: {}", self.message),
        }
    }
}

impl From<String> for ConfigProblem {
    fn from(message: String) -> ConfigProblem {
        ConfigProblem { line: None, message }
    }
}

/// A linter and what decides the exit status for the files it checks.
pub struct Profile {
    pub linter: Linter,
    pub fail_level: Severity,
    /// hadolint's `no-fail`: findings never fail the run.
    pub no_fail: bool,
}

/// Where configuration comes from.
pub enum Lookup {
    /// `--config FILE`.
    File(PathBuf),
    /// `--isolated`: defaults and flags only.
    None,
    /// Search upward from each file.
    Nearest,
}

pub struct Resolver {
    overrides: Overrides,
    lookup: Lookup,
    cwd: PathBuf,
    /// Directory -> the configuration file that applies to the files in it.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file (`None`: defaults) -> index into `profiles`, or `None` when it is invalid.
    loaded: HashMap<Option<PathBuf>, Option<usize>>,
    pub profiles: Vec<Profile>,
    /// Invalid configuration files, each reported once.
    pub errors: Vec<String>,
}

impl Resolver {
    pub fn new(overrides: Overrides, lookup: Lookup) -> Resolver {
        Resolver {
            overrides,
            lookup,
            cwd: std::env::current_dir().unwrap_or_default(),
            nearest: HashMap::new(),
            loaded: HashMap::new(),
            profiles: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The profile for a file (for standard input: a file of that name in the current directory),
    /// or `None` when its configuration is invalid (see `errors`).
    pub fn profile_for(&mut self, file: &Path) -> Option<usize> {
        let source = match &self.lookup {
            Lookup::File(path) => Some(path.clone()),
            Lookup::None => None,
            Lookup::Nearest => {
                let dir = self.cwd.join(file).parent().map(Path::to_path_buf).unwrap_or_default();
                nearest(&mut self.nearest, &dir, &CONFIG_FILES)
            }
        };
        if let Some(index) = self.loaded.get(&source) {
            return *index;
        }
        let index = self.build(source.as_deref());
        self.loaded.insert(source, index);
        index
    }

    /// The rules any profile runs, in code order (for SARIF's rule metadata).
    pub fn rules_run(&self) -> Vec<&'static dockwright::rules::RuleMeta> {
        let mut rules: Vec<_> =
            self.profiles.iter().flat_map(|p| p.linter.rules().iter().map(|r| r.meta())).collect();
        rules.sort_by_key(|m| m.code);
        rules.dedup_by_key(|m| m.code);
        rules
    }

    fn build(&mut self, source: Option<&Path>) -> Option<usize> {
        let (mut config, no_fail) = match source {
            None => (Config::default(), false),
            Some(path) => match load(path) {
                Ok(loaded) => loaded,
                Err(problem) => {
                    self.errors.push(problem.describe(&self.display(path)));
                    return None;
                }
            },
        };
        self.overrides.apply(&mut config);
        let fail_level = config.fail_level.unwrap_or(Severity::Warning);
        match Linter::new(config) {
            Ok(linter) => {
                self.profiles.push(Profile { linter, fail_level, no_fail });
                Some(self.profiles.len() - 1)
            }
            Err(e) => {
                let place = source.map_or_else(|| "command line".to_string(), |p| self.display(p));
                self.errors.push(format!("{place}: {e}"));
                None
            }
        }
    }

    fn display(&self, path: &Path) -> String {
        relative(path, &self.cwd).display().to_string()
    }
}

/// `path` relative to the directory `base` (`../x` when it lies above), for messages that stay
/// short and free of absolute paths; unchanged when either is relative.
pub fn relative(path: &Path, base: &Path) -> PathBuf {
    if !path.is_absolute() || !base.is_absolute() {
        return path.to_path_buf();
    }
    let common = path.components().zip(base.components()).take_while(|(a, b)| a == b).count();
    let up = base.components().count() - common;
    std::iter::repeat_n(std::path::Component::ParentDir, up).chain(path.components().skip(common)).collect()
}

/// The first of `names` found in `dir` or above it, remembering the answer for every directory
/// visited so each directory is looked at once per run.
fn nearest(memo: &mut HashMap<PathBuf, Option<PathBuf>>, dir: &Path, names: &[&str]) -> Option<PathBuf> {
    let mut visited = Vec::new();
    let mut found = None;
    for d in dir.ancestors() {
        if let Some(hit) = memo.get(d) {
            found = hit.clone();
            break;
        }
        visited.push(d.to_path_buf());
        if let Some(file) = names.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
            found = Some(file);
            break;
        }
    }
    for d in visited {
        memo.insert(d, found.clone());
    }
    found
}

/// The nearest hadolint configuration at or above `dir`.
pub fn nearest_hadolint(dir: &Path) -> Option<PathBuf> {
    nearest(&mut HashMap::new(), dir, &HADOLINT_FILES)
}

/// Reads a configuration file: hadolint's YAML by extension, `.dockwright.toml` otherwise.
/// Returns the configuration and hadolint's `no-fail`.
fn load(path: &Path) -> Result<(Config, bool), ConfigProblem> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::input::describe_io(&e))?;
    if hadolint::is_hadolint_file(path) {
        let converted = hadolint::convert(&text)?;
        for note in &converted.notes {
            eprintln!("note: {}: {note}", path.display());
        }
        return Ok((converted.config, converted.no_fail));
    }
    Config::from_toml(&text).map(|c| (c, false)).map_err(|e| {
        // TOML syntax and type errors already say where they are.
        let line = e
            .key
            .filter(|_| !e.message.starts_with("TOML parse error"))
            .and_then(|k| toml_key_line(&text, &k));
        ConfigProblem { line, message: e.message }
    })
}

/// The line of `key` (`ignore`, or `severity.DL3008` for a key in a table) in a TOML document.
fn toml_key_line(text: &str, key: &str) -> Option<usize> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let (head, rest) = match key.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (key, None),
    };
    let (name, value) = doc.get_ref().iter().find(|(k, _)| k.get_ref() == head)?;
    let span = match (rest, value.get_ref()) {
        (Some(rest), toml::de::DeValue::Table(table)) => {
            table.iter().find(|(k, _)| k.get_ref() == rest).map_or(name.span(), |(k, _)| k.span())
        }
        _ => name.span(),
    };
    Some(text[..span.start].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_are_found_in_tables_and_inline_tables() {
        let text = "ignore = [\"x\"]\n\n[severity]\nfoo = \"error\"\n";
        assert_eq!(toml_key_line(text, "ignore"), Some(1));
        assert_eq!(toml_key_line(text, "severity.foo"), Some(4));
        assert_eq!(toml_key_line("severity = { foo = \"error\" }\n", "severity.foo"), Some(1));
        assert_eq!(toml_key_line(text, "select"), None);
    }

    #[test]
    fn relative_paths_climb_with_dot_dot() {
        assert_eq!(relative(Path::new("/a/b/c.toml"), Path::new("/a/b")), Path::new("c.toml"));
        assert_eq!(relative(Path::new("/a/c.toml"), Path::new("/a/b/d")), Path::new("../../c.toml"));
        assert_eq!(relative(Path::new("x/c.toml"), Path::new("/a")), Path::new("x/c.toml"));
    }

    #[test]
    fn nearest_remembers_every_directory_it_visited() {
        let root = tempfile::tempdir().unwrap();
        let deep = root.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.path().join("a/.hadolint.yaml"), "").unwrap();
        std::fs::write(root.path().join("a/.dockwright.toml"), "").unwrap();
        std::fs::write(root.path().join("a/b/.hadolint.yml"), "").unwrap();
        let mut memo = HashMap::new();
        let found = nearest(&mut memo, &deep, &CONFIG_FILES);
        assert_eq!(found, Some(root.path().join("a/b/.hadolint.yml")), "the nearest directory wins");
        assert_eq!(memo.get(&root.path().join("a/b/c")), Some(&found));
        let found = nearest(&mut memo, &root.path().join("a"), &CONFIG_FILES);
        assert_eq!(found, Some(root.path().join("a/.dockwright.toml")), "then .dockwright.toml");
        // A file added later is not seen: the answer is cached for the run.
        std::fs::write(deep.join(".dockwright.toml"), "").unwrap();
        assert_eq!(nearest(&mut memo, &deep, &CONFIG_FILES), Some(root.path().join("a/b/.hadolint.yml")));
    }
}
