//! BuildKit's own tables for its shell lexer (`frontend/dockerfile/shell/envVarTest` and
//! `wordsTest`, copied into the shared conformance data), run against `dockwright::expand`
//! the way BuildKit's `lex_test.go` runs them.

mod support;

use std::fs;

use dockwright::expand::Lex;

/// `envVarTest`: `PLATFORM | input | expected`, `expected` being `error` when processing must
/// fail. BuildKit runs `A` and `U` lines on Unix and `A` and `W` lines on Windows, where env
/// names compare ignoring case. Both platforms are run here, so every line is checked: `A`
/// lines twice (case-sensitive and case-insensitive), `U` lines case-sensitive, `W` lines
/// case-insensitive.
#[test]
fn buildkit_shell_env_var_test() {
    let Some(path) =
        support::shared_path("conformance/buildkit-shell/envVarTest", "buildkit_shell_env_var_test")
    else {
        return;
    };
    let text = fs::read_to_string(&path).expect("envVarTest is readable");
    let env = [("PWD", "/home"), ("SHELL", "bash"), ("KOREAN", "한국어"), ("NULL", "")];
    let unix = Lex::new('\\');
    let windows = Lex::new('\\').case_insensitive_keys(true);

    let (mut lines, mut runs) = (0, 0);
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        // As BuildKit: comments are recognised before trimming, blank lines after.
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim().split('|').collect();
        let [platform, input, expected] = fields[..] else {
            panic!("line {}: expected 3 fields: {line:?}", number + 1);
        };
        let (platform, input, expected) = (platform.trim(), input.trim(), expected.trim());
        let lexers: &[(&str, Lex)] = match platform {
            "A" => &[("unix", unix), ("windows", windows)],
            "U" => &[("unix", unix)],
            "W" => &[("windows", windows)],
            other => panic!("line {}: unknown platform {other:?}", number + 1),
        };
        lines += 1;
        for (name, lex) in lexers {
            runs += 1;
            // The three entry points must agree on every line.
            let word = lex.process_word(input, &env).map(|w| w.into_owned());
            let full = lex.process(input, &env).map(|e| e.result);
            if word != full {
                failures.push(format!(
                    "line {} ({name}) {input:?}: process_word {word:?} != process {full:?}",
                    number + 1
                ));
            }
            let ok = match (&word, expected) {
                (Err(_), "error") => true,
                (Ok(got), expected) => expected != "error" && got == expected,
                (Err(_), _) => false,
            };
            if !ok {
                failures.push(format!(
                    "line {} ({name}) {input:?}: expected {expected:?}, got {word:?}",
                    number + 1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    eprintln!("envVarTest: {lines} lines, {runs} runs passed");
    // The file at the pinned BuildKit commit; a change to it should be looked at, not ignored.
    assert_eq!((lines, runs), (230, 456), "unexpected number of envVarTest cases");
}

/// `wordsTest`: `ENV name=value` lines add to the environment (the last value of a name wins);
/// other lines are `input | words` with the words comma-separated, or `error`.
///
/// BuildKit's test loops over two modes, the second with `RawQuotes` and `SkipUnsetEnv` on, but
/// its second pass reads from the already exhausted file and so checks nothing. Only the first
/// mode is run here; the second could not pass anyway (its quotes would be kept).
#[test]
fn buildkit_shell_words_test() {
    let Some(path) =
        support::shared_path("conformance/buildkit-shell/wordsTest", "buildkit_shell_words_test")
    else {
        return;
    };
    let text = fs::read_to_string(&path).expect("wordsTest is readable");
    let lex = Lex::new('\\');
    let mut env: Vec<(String, String)> = Vec::new();

    let mut cases = 0;
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(setting) = line.strip_prefix("ENV ") {
            let setting = setting.trim_start_matches(' ');
            let (name, value) = setting.split_once('=').unwrap_or((setting, ""));
            env.push((name.to_owned(), value.to_owned()));
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        let [input, expected] = fields[..] else {
            panic!("line {}: expected exactly one '|': {line:?}", number + 1);
        };
        let input = input.trim();
        // Only the leading spaces go: trailing ones are part of the last word.
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        cases += 1;

        let got = match lex.process_words(input, &env) {
            Ok(words) => words,
            Err(_) => vec!["error".to_owned()],
        };
        let full = match lex.process(input, &env) {
            Ok(expansion) => expansion.words,
            Err(_) => vec!["error".to_owned()],
        };
        if got != expected || full != expected {
            failures.push(format!(
                "line {} {input:?}: expected {expected:?}, process_words gave {got:?}, process gave {full:?}",
                number + 1
            ));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    eprintln!("wordsTest: {cases} cases passed");
    assert_eq!(cases, 24, "unexpected number of wordsTest cases");
}
