//! The shell analysis on realistic `RUN` scripts, on arbitrary input (proptest), and on every
//! `RUN` of the shared corpus.

mod support;

use std::collections::HashMap;
use std::ops::Range;
use std::time::{Duration, Instant};

use dockwright::model::ShellOrExec;
use dockwright::shell::tools::{self, Action, Manager};
use dockwright::shell::{self, Connector, Script};
use proptest::prelude::*;

/// The range of the `n`th (0-based) occurrence of `needle`.
fn nth(text: &str, needle: &str, n: usize) -> Range<usize> {
    let start = text.match_indices(needle).nth(n).unwrap_or_else(|| panic!("{needle:?} #{n}")).0;
    start..start + needle.len()
}

fn at(text: &str, needle: &str) -> Range<usize> {
    nth(text, needle, 0)
}

/// The invariants of every parse: ranges in bounds and on character boundaries, words inside
/// their command, `raw` the text under `range`, parents before children.
fn check(script: &Script<'_>) {
    let text = script.text;
    let ok = |r: &Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for (i, c) in script.commands.iter().enumerate() {
        assert!(ok(&c.range), "command {i}: {:?}", c.range);
        assert!(c.parent.is_none_or(|p| p < i));
        let words =
            c.words.iter().chain(&c.assignments).chain(c.redirects.iter().filter_map(|r| r.target.as_ref()));
        for w in words {
            assert!(ok(&w.range), "{w:?}");
            assert_eq!(w.raw, &text[w.range.clone()]);
            assert!(c.range.start <= w.range.start && w.range.end <= c.range.end);
            let sub = w.subrange(0..w.value.len());
            assert!(ok(&sub) && w.range.start <= sub.start && sub.end <= w.range.end);
        }
        for r in &c.redirects {
            assert!(ok(&r.range));
            assert!(r.heredoc.as_ref().is_none_or(ok));
        }
        // The tool readers must not panic on anything either.
        let _ = tools::package_command(c).map(|p| p.specs().count() + usize::from(p.assumes_yes()));
        let _ = tools::download(c);
        let _ = tools::executed_by(script, i);
        let _ = tools::account(c);
        let _ = tools::removal(c).map(|r| r.covers("/var/lib/apt/lists"));
        let _ = script.pipe_reader(i);
    }
    assert!(script.syntax_error.as_ref().is_none_or(ok));
}

fn parsed(text: &str) -> Script<'_> {
    let script = shell::parse(text);
    check(&script);
    script
}

fn values<'a>(words: &shell::tools::Packages<'a, '_>) -> Vec<&'a str> {
    words.iter().map(|w| w.as_str()).collect()
}

fn names<'a>(script: &'a Script<'_>) -> Vec<&'a str> {
    script.commands.iter().map(|c| c.name().unwrap_or("")).collect()
}

fn packages<'a, 's>(script: &'a Script<'s>) -> Vec<tools::PackageCommand<'a, 's>> {
    script.commands.iter().filter_map(tools::package_command).collect()
}

#[test]
fn debian_install_with_cleanup() {
    // As BuildKit hands it over: continuation lines joined.
    let text = "set -eux;     apt-get update;     apt-get install -y --no-install-recommends         \
                ca-certificates         curl=7.88.1-10+deb12u5         gnupg     ;     \
                rm -rf /var/lib/apt/lists/*";
    let s = parsed(text);
    assert_eq!(names(&s), ["set", "apt-get", "apt-get", "rm"]);
    let p = packages(&s);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].action, Action::Update);
    assert_eq!(p[1].action, Action::Install);
    assert_eq!(values(&p[1].packages), ["ca-certificates", "curl=7.88.1-10+deb12u5", "gnupg"]);
    assert_eq!(p[1].packages[1].range, at(text, "curl=7.88.1-10+deb12u5"));
    assert!(p[1].assumes_yes() && p[1].no_install_recommends());
    let version = p[1].spec(&p[1].packages[1]);
    assert_eq!(version.version, Some("=7.88.1-10+deb12u5"));
    let rm = tools::removal(&s.commands[3]).unwrap();
    assert!(rm.covers("/var/lib/apt/lists"));
    assert_eq!(rm.targets[0].range, at(text, "/var/lib/apt/lists/*"));
    assert!(s.commands.iter().all(|c| c.depth == 0 && !c.in_substitution));
    assert_eq!(s.commands[3].connector, Connector::Seq);
}

#[test]
fn heredoc_run_script_with_continuations() {
    // The body of `RUN <<EOF`: real newlines and continuations.
    let text = "apt-get update && apt-get install -y \\\n    build-essential \\\n    libpq-dev \\\n && \
                apt-get clean \\\n && rm -rf /var/lib/apt/lists/*\n";
    let s = parsed(text);
    let p = packages(&s);
    assert_eq!(values(&p[1].packages), ["build-essential", "libpq-dev"]);
    assert_eq!(p[1].packages[0].range, at(text, "build-essential"));
    assert!(!p[1].no_install_recommends());
    assert_eq!(p[2].action, Action::Clean);
    assert_eq!(s.commands[3].connector, Connector::And);
    assert_eq!(s.commands[1].range, at(text, "apt-get install -y \\\n    build-essential \\\n    libpq-dev"));
}

#[test]
fn alpine_build_deps() {
    let text = "apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev \
                && pip install --no-cache-dir -r /tmp/requirements.txt \
                && apk del .build-deps \
                && addgroup -S app && adduser -S -G app -H -s /sbin/nologin app";
    let s = parsed(text);
    let p = packages(&s);
    assert_eq!((p[0].manager, p[0].action), (Manager::Apk, Action::Install));
    assert_eq!(values(&p[0].packages), ["gcc", "musl-dev", "libffi-dev"]);
    assert!(p[0].no_cache());
    assert_eq!((p[1].manager, p[1].action), (Manager::Pip, Action::Install));
    assert!(p[1].packages.is_empty());
    assert_eq!(p[1].requirement_files[0].value, "/tmp/requirements.txt");
    assert_eq!(p[1].requirement_files[0].range, at(text, "/tmp/requirements.txt"));
    assert!(p[1].no_cache());
    assert_eq!((p[2].action, values(&p[2].packages)), (Action::Remove, vec![".build-deps"]));
    let user = s.commands.iter().find_map(tools::account).filter(|a| a.tool == tools::AccountTool::Addgroup);
    assert!(user.is_some_and(|a| a.system && a.name.is_some_and(|n| n.range == nth(text, "app", 0))));
    let user = tools::account(s.commands.last().unwrap()).unwrap();
    assert_eq!(user.syntax, tools::AccountSyntax::BusyBox);
    assert_eq!((user.system, user.create_home), (true, Some(false)));
    assert_eq!(user.shell.unwrap().value, "/sbin/nologin");
    assert_eq!(user.group.unwrap().value, "app");
}

#[test]
fn curl_pipe_to_shell() {
    let text = "curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
                && apt-get install -y nodejs \
                && wget -qO- https://get.docker.com | sudo sh \
                && curl -sSLo /usr/local/bin/jq https://github.com/jqlang/jq/releases/download/jq-1.7/jq \
                && curl -s https://api.github.com/repos/x/y/releases/latest | grep tag_name";
    let s = parsed(text);
    let runs: Vec<_> = (0..s.commands.len())
        .filter(|&i| tools::download(&s.commands[i]).is_some())
        .map(|i| tools::executed_by(&s, i).map(|c| &s.text[c.range.clone()]))
        .collect();
    assert_eq!(runs, [Some("bash -"), Some("sudo sh"), None, None]);
    let jq = s.commands.iter().filter_map(tools::download).nth(2).unwrap();
    assert_eq!(jq.output.as_ref().unwrap().value, "/usr/local/bin/jq");
    assert_eq!(jq.output.as_ref().unwrap().range, at(text, "/usr/local/bin/jq"));
    assert!(!jq.to_stdout);
    assert_eq!(jq.urls[0].range, at(text, "https://github.com/jqlang/jq/releases/download/jq-1.7/jq"));
}

#[test]
fn for_loop_over_packages() {
    let text = "for ext in gd intl zip; do docker-php-ext-install \"$ext\"; done \
                && for p in $(cat /tmp/pkgs); do apt-get install -y $p; done";
    let s = parsed(text);
    assert_eq!(names(&s), ["docker-php-ext-install", "cat", "apt-get"]);
    assert_eq!(s.commands[0].depth, 1);
    assert!(s.commands[1].in_substitution);
    let p = packages(&s);
    assert_eq!(values(&p[0].packages), ["$p"]);
    assert!(p[0].packages[0].dynamic);
}

#[test]
fn useradd_and_groupadd() {
    let text = "groupadd -r -g 999 app && useradd -r -l -u 999 -g app -m -d /home/app -s /bin/bash app \
                && chown -R app:app /home/app";
    let s = parsed(text);
    let accounts: Vec<_> = s.commands.iter().filter_map(tools::account).collect();
    assert_eq!(accounts.len(), 2);
    assert!(accounts[0].system && accounts[0].tool.is_group());
    assert_eq!(accounts[0].id.as_ref().unwrap().value, "999");
    let user = &accounts[1];
    assert!(user.system && user.no_log_init);
    assert_eq!(user.create_home, Some(true));
    assert_eq!(user.home.as_ref().unwrap().range, at(text, "/home/app"));
    assert_eq!(user.name.unwrap().range, nth(text, "app", 3));
}

#[test]
fn python_and_node_tooling() {
    let text = "python3 -m pip install --upgrade pip setuptools wheel && \
                pip install --no-cache-dir 'django>=4.2,<5' gunicorn==21.2.0 && \
                npm ci --omit=dev && npm cache clean --force && \
                yarn global add pm2@5.3.0";
    let s = parsed(text);
    let p = packages(&s);
    let summary: Vec<_> = p.iter().map(|p| (p.manager, p.action, values(&p.packages))).collect();
    assert_eq!(
        summary,
        [
            (Manager::Pip, Action::Install, vec!["pip", "setuptools", "wheel"]),
            (Manager::Pip, Action::Install, vec!["django>=4.2,<5", "gunicorn==21.2.0"]),
            (Manager::Npm, Action::Install, vec![]),
            (Manager::Npm, Action::Clean, vec![]),
            (Manager::Yarn, Action::Install, vec!["pm2@5.3.0"]),
        ]
    );
    assert!(p[0].has_option(Some('U'), &["--upgrade"]));
    assert_eq!(p[1].spec(&p[1].packages[0]).name, "django");
    assert_eq!(p[4].spec(&p[4].packages[0]).version, Some("5.3.0"));
    assert_eq!(p[1].packages[0].range, at(text, "'django>=4.2,<5'"));
}

#[test]
fn shell_c_and_sudo() {
    let text = "su postgres -c \"psql -c 'CREATE DATABASE app'\" && \
                sudo -u app bash -lc 'cd /app && bundle install --jobs 4'";
    let s = parsed(text);
    assert_eq!(names(&s), ["su", "psql", "sudo", "cd", "bundle"]);
    assert_eq!(s.commands[1].parent, Some(0));
    assert_eq!(s.commands[1].range, at(text, "psql -c 'CREATE DATABASE app'"));
    assert_eq!(s.commands[4].parent, Some(2));
    assert_eq!(s.commands[4].range, at(text, "bundle install --jobs 4"));
    assert!(s.commands[2].unwrap_wrappers().is_wrapped_by("sudo"));
}

#[test]
fn cd_and_conditions() {
    let text = "cd /tmp && if [ ! -d src ]; then git clone https://x/y.git src; fi && cd src && make";
    let s = parsed(text);
    let cds: Vec<_> = s.commands.iter().filter(|c| c.name() == Some("cd")).map(|c| c.range.clone()).collect();
    assert_eq!(cds, [at(text, "cd /tmp"), at(text, "cd src")]);
    let cond: Vec<_> = s.commands.iter().filter(|c| c.in_condition).map(|c| c.name()).collect();
    assert_eq!(cond, [Some("[")]);
}

// ---- arbitrary input ----

/// Fragments of shell, to build inputs that reach deep into the grammar.
const FRAGMENTS: &[&str] = &[
    " ",
    "\n",
    "\\\n",
    "a",
    "x=1",
    "'",
    "\"",
    "`",
    "\\",
    "$",
    "$(",
    "$((",
    "${",
    ")",
    "))",
    "}",
    "(",
    "{ ",
    "; ",
    "&&",
    "||",
    "|",
    "&",
    ";;",
    "<<",
    "<<-",
    "EOF\n",
    ">",
    "2>&1",
    "<(",
    "if ",
    "then ",
    "elif ",
    "else ",
    "fi",
    "for ",
    "in ",
    "do ",
    "done",
    "while ",
    "case ",
    "esac",
    "function ",
    "[[ ",
    " ]]",
    "#",
    "sh -c ",
    "sudo ",
    "apt-get install -y ",
    "pip install -r ",
    "curl -fsSL u | sh",
    "é",
    "\r\n",
    "$'\\'",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat())
}

proptest! {
    // Failures are kept as unit tests (`shell::tests`), not in a regressions file.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(512) })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check(&shell::parse(&text));
    }

    #[test]
    fn shell_like_text_never_panics(text in "[a-z0-9 $'\"`\\\\(){};|&<>#\n=*~!\\[\\]-]{0,200}") {
        check(&shell::parse(&text));
    }

    #[test]
    fn fragment_soup_never_panics(text in fragments()) {
        check(&shell::parse(&text));
    }
}

// ---- the corpus ----

#[test]
fn every_corpus_run_script_parses() {
    let Some(dir) = support::shared_path("corpus/files", "every_corpus_run_script_parses") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut scripts = 0usize;
    let mut heredoc_scripts = 0usize;
    let mut bytes = 0usize;
    let mut commands = 0usize;
    let mut incomplete = Vec::new();
    let mut syntax_errors = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut managers: HashMap<&'static str, usize> = HashMap::new();
    let mut installed = 0usize;
    let mut piped_to_shell = 0usize;
    let mut nested_scripts = 0usize;
    let mut shell_c = 0usize;
    let mut elapsed = Duration::ZERO;
    let mut tools_elapsed = Duration::ZERO;
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        let Ok(decoded) = dockwright::decode(&raw) else { continue };
        let doc = dockwright::parse(&decoded.text);
        let powershell = decoded.text.to_ascii_lowercase().contains("powershell");
        for ins in &doc.instructions {
            let ins = ins.effective();
            if ins.keyword != dockwright::Keyword::Run {
                continue;
            }
            let mut texts: Vec<&str> = ins.heredocs.iter().map(|h| h.body).collect();
            heredoc_scripts += texts.len();
            if let Some(ShellOrExec::Shell { command }) = ins.command() {
                texts.push(&command.text);
            }
            for text in texts {
                scripts += 1;
                bytes += text.len();
                let start = Instant::now();
                let script = shell::parse(text);
                elapsed += start.elapsed();
                let start = Instant::now();
                for (i, c) in script.commands.iter().enumerate() {
                    std::hint::black_box((
                        tools::package_command(c),
                        tools::download(c).map(|_| tools::executed_by(&script, i)),
                        tools::account(c),
                        tools::removal(c),
                    ));
                }
                tools_elapsed += start.elapsed();
                check(&script);
                commands += script.commands.len();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if script.incomplete {
                    incomplete.push((name.clone(), powershell));
                }
                if script.syntax_error.is_some() {
                    syntax_errors.push((name, powershell, text.to_string()));
                }
                for (i, c) in script.commands.iter().enumerate() {
                    let inv = c.unwrap_wrappers();
                    if let Some(n) = inv.name() {
                        *names.entry(n.to_string()).or_default() += 1;
                    }
                    nested_scripts += usize::from(c.parent.is_some());
                    shell_c += usize::from(script.commands.iter().any(|n| n.parent == Some(i)));
                    if let Some(p) = tools::package_command(c) {
                        *managers.entry(p.manager.name()).or_default() += 1;
                        if p.action == Action::Install {
                            installed += p.packages.len();
                        }
                    }
                    if tools::download(c).is_some() && tools::executed_by(&script, i).is_some() {
                        piped_to_shell += 1;
                    }
                }
            }
        }
    }
    assert!(files.len() >= 3900, "read only {} files", files.len());
    let not_powershell = |v: &[(String, bool)]| v.iter().filter(|(_, ps)| !ps).count();
    let syntax_not_ps: Vec<_> = syntax_errors.iter().filter(|(_, ps, _)| !ps).collect();
    eprintln!(
        "{} RUN scripts ({} heredoc bodies, {} KiB) in {} files: {} commands ({} from {} `sh -c` strings), \
         parsed in {:?} ({:.0} ns/command in this build)",
        scripts,
        heredoc_scripts,
        bytes / 1024,
        files.len(),
        commands,
        nested_scripts,
        shell_c,
        elapsed,
        elapsed.as_nanos() as f64 / commands.max(1) as f64
    );
    eprintln!(
        "the four tool readers on every command: {:?} ({:.0} ns/command)",
        tools_elapsed,
        tools_elapsed.as_nanos() as f64 / commands.max(1) as f64
    );
    eprintln!(
        "incomplete: {} ({} outside PowerShell files); syntax errors: {} ({} outside PowerShell files)",
        incomplete.len(),
        not_powershell(&incomplete),
        syntax_errors.len(),
        syntax_not_ps.len()
    );
    for (name, _, text) in syntax_not_ps.iter().take(15) {
        let script = shell::parse(text);
        let e = script.syntax_error.clone().unwrap();
        let from = text.floor_char_boundary(e.start.saturating_sub(40));
        let to = text.ceil_char_boundary((e.end + 40).min(text.len()));
        eprintln!("  {name}: ...{:?}...", &text[from..to]);
    }
    let mut top: Vec<_> = names.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<_> = top.iter().take(30).map(|(n, c)| format!("{n} {c}")).collect();
    eprintln!("most common commands (after wrappers): {}", top.join(", "));
    let mut managers: Vec<_> = managers.into_iter().collect();
    managers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let managers: Vec<_> = managers.iter().map(|(n, c)| format!("{n} {c}")).collect();
    eprintln!("package-manager commands: {}", managers.join(", "));
    eprintln!("packages named by install commands: {installed}; downloads run as programs: {piped_to_shell}");
    // Sanity: the corpus is mostly ordinary sh.
    assert!(commands > scripts, "{commands} commands in {scripts} scripts");
    assert!(
        syntax_not_ps.len() * 100 < scripts,
        "{} of {scripts} scripts have syntax errors",
        syntax_not_ps.len()
    );
}
