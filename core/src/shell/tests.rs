//! Unit tests of the shell parser, one construct at a time, with exact ranges.

use std::borrow::Cow;
use std::ops::Range;

use super::tools::{self, Action, Manager};
use super::*;

/// The range of the `n`th (0-based) occurrence of `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> Range<usize> {
    let start =
        text.match_indices(needle).nth(n).unwrap_or_else(|| panic!("{needle:?} #{n} not in {text:?}")).0;
    start..start + needle.len()
}

fn at(text: &str, needle: &str) -> Range<usize> {
    nth(text, needle, 0)
}

fn names<'a>(script: &'a Script<'_>) -> Vec<&'a str> {
    script.commands.iter().map(|c| c.name().unwrap_or("")).collect()
}

fn values<'a>(words: &'a [Word<'_>]) -> Vec<&'a str> {
    words.iter().map(|w| w.as_str()).collect()
}

fn connectors(script: &Script<'_>) -> Vec<Connector> {
    script.commands.iter().map(|c| c.connector).collect()
}

/// Checks the invariants every parse must keep.
fn check(script: &Script<'_>) {
    let len = script.text.len();
    let ok = |r: &Range<usize>| {
        r.start <= r.end
            && r.end <= len
            && script.text.is_char_boundary(r.start)
            && script.text.is_char_boundary(r.end)
    };
    for (i, c) in script.commands.iter().enumerate() {
        assert!(ok(&c.range), "command {i} range {:?}", c.range);
        assert!(c.parent.is_none_or(|p| p < i), "parent of {i}");
        for w in c.words.iter().chain(&c.assignments) {
            assert!(ok(&w.range), "word {w:?}");
            assert_eq!(w.raw, &script.text[w.range.clone()]);
            assert!(c.range.start <= w.range.start && w.range.end <= c.range.end, "{w:?} in {c:?}");
        }
        for r in &c.redirects {
            assert!(ok(&r.range));
            assert!(r.heredoc.as_ref().is_none_or(ok));
        }
    }
    if let Some(e) = &script.syntax_error {
        assert!(ok(e));
    }
}

fn parsed(text: &str) -> Script<'_> {
    let script = parse(text);
    check(&script);
    script
}

#[test]
fn simple_words_and_ranges() {
    let text = "apt-get install -y curl";
    let s = parsed(text);
    assert_eq!(s.commands.len(), 1);
    let c = &s.commands[0];
    assert_eq!(c.name(), Some("apt-get"));
    assert_eq!(values(&c.words), ["apt-get", "install", "-y", "curl"]);
    assert_eq!(c.words[3].range, at(text, "curl"));
    assert!(matches!(c.words[3].value, Cow::Borrowed(_)));
    assert_eq!(c.range, 0..text.len());
    assert_eq!(c.connector, Connector::First);
    assert!(!s.incomplete && s.syntax_error.is_none());
    assert_eq!(values(c.args()), ["install", "-y", "curl"]);
}

#[test]
fn name_is_basename() {
    let s = parsed("/usr/bin/apt-get update");
    assert_eq!(s.commands[0].name(), Some("apt-get"));
}

#[test]
fn quotes_and_escapes() {
    let text = r#"echo 'a b' "c $HOME d" e\ f "x"y'z' "" \$X "q\"r\\s\t""#;
    let s = parsed(text);
    let w = &s.commands[0].words;
    assert_eq!(values(w), ["echo", "a b", "c $HOME d", "e f", "xyz", "", "$X", r#"q"r\s\t"#]);
    assert_eq!(w[1].range, at(text, "'a b'"));
    assert!(w[1].quoted && !w[1].dynamic);
    // Borrowed when quote removal leaves one contiguous piece.
    assert!(matches!(w[1].value, Cow::Borrowed(_)));
    assert!(matches!(w[2].value, Cow::Borrowed(_)));
    assert!(w[2].dynamic);
    assert!(matches!(w[3].value, Cow::Owned(_)));
    assert!(w[3].quoted);
    assert!(w[6].quoted && !w[6].dynamic);
    assert!(!w[0].quoted);
}

#[test]
fn ansi_c_quotes() {
    let s = parsed(r"printf $'a\tb\'c' $'plain'");
    let w = &s.commands[0].words;
    assert_eq!(w[1].as_str(), "a\tb'c");
    assert_eq!(w[2].as_str(), "plain");
    assert!(w[1].quoted);
}

#[test]
fn globs_and_tilde_are_dynamic() {
    let s = parsed("rm -rf /var/lib/apt/lists/* ~/.cache a[0-9] '*' [ x ]");
    let w = &s.commands[0].words;
    assert!(w[2].dynamic);
    assert!(w[3].dynamic);
    assert!(w[4].dynamic);
    assert!(!w[5].dynamic, "quoted glob");
    assert!(!w[6].dynamic, "lone [");
}

#[test]
fn subrange_of_values() {
    let text = r#"apt-get install pkg=1.2 "q=3""#;
    let s = parsed(text);
    let w = &s.commands[0].words;
    assert_eq!(w[2].subrange(4..7), at(text, "1.2"));
    assert_eq!(w[3].subrange(2..3), at(text, "3"));
    let text = r#"x a\ b=1"#;
    let s = parsed(text);
    let w = &s.commands[0].words[1];
    assert_eq!(w.as_str(), "a b=1");
    assert_eq!(w.subrange(4..5), w.range, "not contiguous: the whole word");
}

#[test]
fn operators_and_connectors() {
    let text = "a && b || c; d | e & f\ng";
    let s = parsed(text);
    assert_eq!(names(&s), ["a", "b", "c", "d", "e", "f", "g"]);
    use Connector::*;
    assert_eq!(connectors(&s), [First, And, Or, Seq, Pipe, Background, Seq]);
    assert!(s.commands[3].piped_to_next);
    assert!(!s.commands[4].piped_to_next);
    assert_eq!(s.commands[1].range, at(text, "b"));
    assert_eq!(s.pipe_reader(3), Some(4));
    assert_eq!(s.pipe_reader(2), None);
}

#[test]
fn operators_without_spaces_and_pipe_stderr() {
    let s = parsed("a&&b||c;d|&e");
    assert_eq!(names(&s), ["a", "b", "c", "d", "e"]);
    assert!(s.commands[3].piped_to_next);
}

#[test]
fn newlines_and_continuations() {
    let text = "apt-get update && \\\n    apt-get install -y \\\n      curl \\\n      git\n\necho done";
    let s = parsed(text);
    assert_eq!(names(&s), ["apt-get", "apt-get", "echo"]);
    let install = &s.commands[1];
    assert_eq!(values(&install.words), ["apt-get", "install", "-y", "curl", "git"]);
    assert_eq!(install.words[3].range, at(text, "curl"));
    assert_eq!(install.range.start, nth(text, "apt-get", 1).start);
    assert_eq!(install.range.end, at(text, "git").end);
    assert_eq!(s.commands[2].connector, Connector::Seq);
}

#[test]
fn continuation_inside_a_word() {
    let text = "ap\\\nt-get install";
    let s = parsed(text);
    assert_eq!(s.commands[0].name(), Some("apt-get"));
    assert_eq!(s.commands[0].words[0].raw, "ap\\\nt-get");
}

#[test]
fn crlf_text() {
    let s = parsed("a \\\r\n b\r\nc\r\n");
    assert_eq!(names(&s), ["a", "c"]);
    assert_eq!(values(&s.commands[0].words), ["a", "b"]);
}

#[test]
fn comments() {
    let text = "echo a # not b\n# whole line && c\necho#x d; e #f";
    let s = parsed(text);
    assert_eq!(names(&s), ["echo", "echo#x", "e"]);
    assert_eq!(values(&s.commands[0].words), ["echo", "a"]);
    assert_eq!(values(&s.commands[1].words), ["echo#x", "d"]);
}

#[test]
fn command_substitution() {
    let text = r#"echo "v=$(uname -r)" `date +%s` $(a $(b) c)"#;
    let s = parsed(text);
    assert_eq!(names(&s), ["echo", "uname", "date", "a", "b"]);
    let echo = &s.commands[0];
    assert_eq!(echo.words.len(), 4);
    assert_eq!(echo.words[1].as_str(), "v=$(uname -r)");
    assert!(echo.words[1].dynamic);
    assert_eq!(echo.words[2].raw, "`date +%s`");
    assert_eq!(echo.words[3].raw, "$(a $(b) c)");
    assert_eq!(echo.range, 0..text.len());
    for c in &s.commands[1..] {
        assert!(c.in_substitution);
        assert_eq!(c.connector, Connector::First);
    }
    assert_eq!(s.commands[1].range, at(text, "uname -r"));
    assert_eq!(s.commands[1].depth, 1);
    assert_eq!(s.commands[4].depth, 2);
    assert_eq!(s.commands[4].range, at(text, "b"));
}

#[test]
fn substitution_with_quotes_parens_and_case() {
    let text = r#"x=$(echo ")" | tr -d '(' ; case a in a) echo in;; esac) && y"#;
    let s = parsed(text);
    assert_eq!(names(&s), ["", "echo", "tr", "echo", "y"]);
    assert_eq!(s.commands[0].assignments[0].raw, &text[..at(text, " && y").start]);
    assert_eq!(s.commands[4].connector, Connector::And);
    assert!(s.syntax_error.is_none() && !s.incomplete);
}

#[test]
fn arithmetic_is_not_a_command() {
    let s = parsed("i=$((i + (2*3))); echo $(( i )) ; (( i++ )); echo $( (a) ); $((b) )");
    assert_eq!(names(&s), ["", "echo", "echo", "a", "$((b) )", "b"]);
    assert!(s.syntax_error.is_none() && !s.incomplete);
}

#[test]
fn parameter_expansions() {
    let text = r#"echo ${A:-"x}"} ${B:-$(pwd)} ${#C} "${D%%/*}""#;
    let s = parsed(text);
    assert_eq!(names(&s), ["echo", "pwd"]);
    let w = &s.commands[0].words;
    assert_eq!(values(w)[1..], [r#"${A:-"x}"}"#, "${B:-$(pwd)}", "${#C}", "${D%%/*}"]);
    assert!(w.iter().skip(1).all(|w| w.dynamic));
}

#[test]
fn escaped_backticks_are_parsed_from_their_unescaped_text() {
    let text = r"echo `echo \`date\``";
    let s = parsed(text);
    assert_eq!(names(&s), ["echo", "echo", "date"]);
    let inner = &s.commands[1];
    // Not verbatim in the text: ranges are the whole substitution's.
    assert_eq!(inner.range, at(text, r"`echo \`date\``"));
    assert_eq!(s.commands[2].depth, 2);
}

#[test]
fn subshells_and_groups() {
    let text = "a && (b; c) || { d; e; } | f";
    let s = parsed(text);
    assert_eq!(names(&s), ["a", "b", "c", "d", "e", "f"]);
    use Connector::*;
    assert_eq!(connectors(&s), [First, And, Seq, Or, Seq, Pipe]);
    let depths: Vec<_> = s.commands.iter().map(|c| c.depth).collect();
    assert_eq!(depths, [0, 1, 1, 1, 1, 0]);
    assert!(s.commands[3].piped_to_next && s.commands[4].piped_to_next);
    assert_eq!(s.pipe_reader(4), Some(5));
    assert_eq!(s.pipe_reader(3), Some(5), "the whole group writes into the pipe");
    assert!(!s.commands[2].piped_to_next);
}

#[test]
fn braces_that_are_words() {
    let s = parsed("find . -exec rm {} \\; ; echo {a,b} }");
    assert_eq!(names(&s), ["find", "echo"]);
    assert_eq!(values(&s.commands[0].words), ["find", ".", "-exec", "rm", "{}", ";"]);
    assert_eq!(values(&s.commands[1].words), ["echo", "{a,b}", "}"]);
}

#[test]
fn if_statements() {
    let text = "if [ -f /x ]; then a; elif test -d y; then b; else c; fi && d";
    let s = parsed(text);
    assert_eq!(names(&s), ["[", "a", "test", "b", "c", "d"]);
    let cond: Vec<_> = s.commands.iter().map(|c| c.in_condition).collect();
    assert_eq!(cond, [true, false, true, false, false, false]);
    use Connector::*;
    assert_eq!(connectors(&s), [First, And, Or, And, Or, And]);
    assert_eq!(s.commands[0].depth, 1);
    assert_eq!(s.commands[5].depth, 0);
    assert_eq!(values(&s.commands[0].words), ["[", "-f", "/x", "]"]);
    assert!(s.syntax_error.is_none() && !s.incomplete);
}

#[test]
fn multi_line_if() {
    let text = "if ! command -v curl >/dev/null 2>&1\nthen\n  apt-get install -y curl\nfi";
    let s = parsed(text);
    assert_eq!(names(&s), ["command", "apt-get"]);
    assert!(s.commands[0].in_condition);
    assert_eq!(s.commands[0].redirects.len(), 2);
    assert_eq!(s.commands[1].connector, Connector::And);
}

#[test]
fn loops() {
    let text = "for p in a b $(ls /x); do pip install $p; done; while read l; do echo $l; done < f; until false; do break; done";
    let s = parsed(text);
    assert_eq!(names(&s), ["ls", "pip", "read", "echo", "false", "break"]);
    assert!(s.commands[0].in_substitution);
    assert!(s.commands[2].in_condition && !s.commands[3].in_condition);
    assert_eq!(s.commands[3].connector, Connector::And);
    assert_eq!(s.commands[5].connector, Connector::Or);
    assert_eq!(s.commands[1].depth, 1);
    assert!(s.syntax_error.is_none() && !s.incomplete);
}

#[test]
fn for_without_in_and_arithmetic_for() {
    let s = parsed("for a; do x; done\nfor ((i=0; i<3; i++)); do y $i; done");
    assert_eq!(names(&s), ["x", "y"]);
    assert!(s.syntax_error.is_none());
}

#[test]
fn multi_line_for_with_a_package_list() {
    let text = "for pkg in \\\n    curl \\\n    git; do \\\n  apt-get install -y \"$pkg\"; \\\ndone";
    let s = parsed(text);
    assert_eq!(names(&s), ["apt-get"]);
    assert_eq!(s.commands[0].words[3].as_str(), "$pkg");
}

#[test]
fn case_statements() {
    let text = "case \"$(uname -m)\" in\n  x86_64|amd64) A=1 ;;\n  (arm*) b; c ;;\n  *) d ;;\nesac; e";
    let s = parsed(text);
    assert_eq!(names(&s), ["uname", "", "b", "c", "d", "e"]);
    assert_eq!(s.commands[1].assignments[0].as_str(), "A=1");
    assert!(s.syntax_error.is_none() && !s.incomplete, "{s:?}");
}

#[test]
fn functions() {
    let text = "f() { apt-get update; }\nfunction g { h; }\nfunction k() (m)\nf";
    let s = parsed(text);
    assert_eq!(names(&s), ["apt-get", "h", "m", "f"]);
    assert_eq!(s.commands[0].depth, 1);
    assert_eq!(s.commands[3].depth, 0);
    assert!(s.syntax_error.is_none());
}

#[test]
fn assignments() {
    let text = "DEBIAN_FRONTEND=noninteractive A+=1 B= apt-get install x=1 C=2; D=4; arr=(a 'b c' d) e";
    let s = parsed(text);
    assert_eq!(names(&s), ["apt-get", "", "e"]);
    let c = &s.commands[0];
    assert_eq!(values(&c.assignments), ["DEBIAN_FRONTEND=noninteractive", "A+=1", "B="]);
    assert_eq!(values(&c.words), ["apt-get", "install", "x=1", "C=2"]);
    assert_eq!(c.assignments[0].assignment(), Some(("DEBIAN_FRONTEND", "noninteractive")));
    assert_eq!(c.assignments[1].assignment(), Some(("A", "1")));
    assert_eq!(c.range.start, 0);
    assert!(s.commands[1].words.is_empty());
    assert_eq!(s.commands[1].range, at(text, "D=4"));
    assert_eq!(s.commands[2].assignments[0].raw, "arr=(a 'b c' d)");
    assert_eq!(values(&s.commands[2].words), ["e"]);
    let s = parsed("declare -a pkgs=(\n  curl\n  git\n) && apt-get install -y \"${pkgs[@]}\"");
    assert_eq!(names(&s), ["declare", "apt-get"]);
    assert_eq!(s.commands[0].words[2].raw, "pkgs=(\n  curl\n  git\n)");
}

#[test]
fn redirections() {
    let text = "cmd >out 2>&1 <in >>log &>/dev/null 3<>f 2> err >|c <<<\"here\" x";
    let s = parsed(text);
    let c = &s.commands[0];
    assert_eq!(values(&c.words), ["cmd", "x"]);
    let ops: Vec<_> = c.redirects.iter().map(|r| (r.fd, r.op, r.target.as_ref().unwrap().as_str())).collect();
    assert_eq!(
        ops,
        [
            (None, ">", "out"),
            (Some(2), ">&", "1"),
            (None, "<", "in"),
            (None, ">>", "log"),
            (None, "&>", "/dev/null"),
            (Some(3), "<>", "f"),
            (Some(2), ">", "err"),
            (None, ">|", "c"),
            (None, "<<<", "here"),
        ]
    );
    assert_eq!(c.redirects[1].range, at(text, "2>&1"));
    assert_eq!(c.redirects[6].range, at(text, "2> err"));
    assert!(c.redirects[0].redirects_stdout() && !c.redirects[1].redirects_stdout());
    assert_eq!(c.range, 0..text.len());
}

#[test]
fn redirection_first_and_digits_inside_words() {
    let s = parsed(">/tmp/x echo a2>b \"c\"2>d");
    let c = &s.commands[0];
    assert_eq!(values(&c.words), ["echo", "a2", "c2"]);
    assert_eq!(c.redirects.len(), 3);
    assert!(c.redirects.iter().all(|r| r.fd.is_none()));
}

#[test]
fn heredocs() {
    let text =
        "cat <<EOF > /etc/x\nline $(not a command)\nEOF\ncat <<-'END' | tee y\n\tbody\n\tEND\necho after";
    let s = parsed(text);
    assert_eq!(names(&s), ["cat", "cat", "tee", "echo"]);
    let first = &s.commands[0].redirects[0];
    assert_eq!(first.op, "<<");
    assert!(first.is_heredoc());
    assert_eq!(first.target.as_ref().unwrap().as_str(), "EOF");
    assert_eq!(first.heredoc, Some(at(text, "line $(not a command)\n")));
    let second = &s.commands[1].redirects[0];
    assert_eq!(second.op, "<<-");
    assert_eq!(second.target.as_ref().unwrap().as_str(), "END");
    assert_eq!(second.heredoc, Some(at(text, "\tbody\n")));
    assert!(!s.incomplete);
}

#[test]
fn heredoc_in_a_substitution_and_process_substitution_input() {
    let text = "x=$(cat <<EOF\nhello $(id)\nEOF\n) ; while read -r l; do echo \"$l\"; done < <(ls /etc)";
    let s = parsed(text);
    assert_eq!(names(&s), ["", "cat", "read", "echo", "ls"]);
    assert_eq!(s.commands[1].redirects[0].heredoc, Some(at(text, "hello $(id)\n")));
    assert!(s.commands[4].in_substitution);
    assert!(!s.incomplete && s.syntax_error.is_none());
}

#[test]
fn heredoc_bodies_without_their_delimiter_are_incomplete() {
    let s = parsed("cat <<EOF\nbody\n");
    assert!(s.incomplete);
    assert_eq!(s.commands[0].redirects[0].heredoc, Some(10..15));
    // A Dockerfile `RUN <<EOF` line: the body is not in the text, and that is fine.
    let s = parsed("cat <<EOF > /x && echo y");
    assert_eq!(names(&s), ["cat", "echo"]);
    assert!(!s.incomplete);
    assert_eq!(s.commands[0].redirects[0].heredoc, None);
}

#[test]
fn sh_c_single_quoted_is_verbatim() {
    let text = "su app -c 'cd /app && npm ci' ; sh -ec 'apt-get update' x";
    let s = parsed(text);
    assert_eq!(names(&s), ["su", "cd", "npm", "sh", "apt-get"]);
    assert_eq!(s.commands[1].parent, Some(0));
    assert_eq!(s.commands[2].parent, Some(0));
    assert_eq!(s.commands[2].range, at(text, "npm ci"));
    assert_eq!(s.commands[2].connector, Connector::And);
    assert_eq!(s.commands[1].connector, Connector::First);
    assert_eq!(s.commands[1].depth, 1);
    assert_eq!(s.commands[4].parent, Some(3));
    assert_eq!(s.commands[4].range, at(text, "apt-get update"));
}

#[test]
fn sh_c_under_wrappers_and_options() {
    let text = r#"sudo -u app bash -o pipefail -lc "pip install x | cat" && /bin/sh -c "a \"b\"""#;
    let s = parsed(text);
    assert_eq!(names(&s), ["sudo", "pip", "cat", "sh", "a"]);
    assert_eq!(s.commands[1].parent, Some(0));
    assert_eq!(s.commands[1].range, at(text, "pip install x"));
    assert!(s.commands[1].piped_to_next);
    // Escaped double quotes: not verbatim, ranges are the whole argument's.
    let a = &s.commands[4];
    assert_eq!(a.parent, Some(3));
    assert_eq!(a.range, at(text, r#""a \"b\"""#));
    assert_eq!(values(&a.words), ["a", "b"]);
    assert_eq!(a.words[1].range, a.range);
}

#[test]
fn sh_c_needs_options_known_before_it_runs() {
    // The option word holds a substitution: whether it is `-c`, and which of its letters take
    // the next word, is known only when it runs. Before, the letters `o` of `--progress=dot`
    // inside the backticks were read as `-o`, so a fix adding that flag hid the script.
    for text in ["bash -c`wget` http://x", "bash -c`wget --progress=dot:giga` http://x", "sh -$FLAGS x"] {
        let s = parsed(text);
        assert!(s.commands.iter().all(|c| c.parent.is_none()), "{text}: {:?}", names(&s));
    }
    // An expansion in the script itself, after the options, is still the script.
    assert_eq!(parsed("bash -ec \"$SCRIPT\"").commands[1].parent, Some(0));
    assert_eq!(parsed("bash -ec 'a; b'").commands.len(), 3);
}

#[test]
fn sh_c_substitutions_are_recorded_once() {
    let text = r#"sh -c "echo $(date)" ; bash -c 'echo $(id)'"#;
    let s = parsed(text);
    assert_eq!(names(&s), ["sh", "date", "echo", "bash", "echo", "id"]);
    assert!(s.commands[1].in_substitution && s.commands[1].parent.is_none());
    assert_eq!(s.commands[2].parent, Some(0));
    assert_eq!(s.commands[5].parent, Some(3));
}

#[test]
fn reserved_words_are_structure() {
    let s = parsed("if true; then :; fi; echo if then fi do done; ! false; { x; }");
    assert_eq!(names(&s), ["true", ":", "echo", "false", "x"]);
    assert_eq!(s.commands[2].words.len(), 6);
}

#[test]
fn double_brackets() {
    let text = "[[ -f a && ( $x == b || $y =~ ^(c|d)$ ) ]] && echo ok; [[ x<y ]]";
    let s = parsed(text);
    assert_eq!(names(&s), ["[[", "echo", "[["]);
    let test = &s.commands[0];
    assert_eq!(test.words.first().unwrap().as_str(), "[[");
    assert_eq!(test.words.last().unwrap().as_str(), "]]");
    assert_eq!(test.range, at(text, "[[ -f a && ( $x == b || $y =~ ^(c|d)$ ) ]]"));
    assert!(test.words.iter().any(|w| w.as_str() == "^(c|d)$"));
    assert_eq!(s.commands[1].connector, Connector::And);
    assert!(s.syntax_error.is_none());
}

#[test]
fn process_substitution() {
    let s = parsed("bash <(curl -fsSL https://x) ; diff <(a) >(b)");
    assert_eq!(names(&s), ["bash", "curl", "diff", "a", "b"]);
    assert!(s.commands[1].in_substitution);
}

#[test]
fn wrappers() {
    let s = parsed(
        "sudo -E env DEBIAN_FRONTEND=noninteractive nice -n 5 apt-get install -y x; \
         command -v git; xargs -n1 -I{} rm {}; time -p make; exec gosu app node s.js; \
         timeout 5 curl x; sudo -i",
    );
    let inv: Vec<_> = s
        .commands
        .iter()
        .map(|c| {
            let inv = c.unwrap_wrappers();
            (inv.name().unwrap_or(""), inv.wrapper_names().collect::<Vec<_>>())
        })
        .collect();
    assert_eq!(
        inv,
        [
            ("apt-get", vec!["sudo", "env", "nice"]),
            ("command", vec![]),
            ("rm", vec!["xargs"]),
            ("make", vec!["time"]),
            ("node", vec!["exec", "gosu"]),
            ("curl", vec!["timeout"]),
            ("sudo", vec![]),
        ]
    );
    let apt = s.commands[0].unwrap_wrappers();
    assert!(apt.is_wrapped_by("sudo"));
    assert_eq!(apt.env_value("DEBIAN_FRONTEND"), Some("noninteractive"));
    assert_eq!(values(apt.args()), ["install", "-y", "x"]);
}

#[test]
fn options() {
    let s = parsed(
        "apt-get -qq install -yf --no-install-recommends -o Dpkg::Options::=--force-confold -oAPT::X=1 \
         --target-release=bookworm -t sid a b -- -c",
    );
    let c = &s.commands[0];
    assert!(c.has_option(Some('y'), &["--yes"]));
    assert!(c.has_option(Some('f'), &[]));
    assert!(c.has_option(None, &["--no-install-recommends"]));
    assert!(c.has_option(None, &["--target-release"]));
    assert!(!c.has_option(Some('c'), &[]), "after --");
    assert!(!c.has_option(Some('A'), &[]), "inside an attached value");
    let v = c.option_value(Some('o'), &["--option"]).unwrap();
    assert_eq!(v.value, "APT::X=1");
    assert!(!v.is_separate());
    assert_eq!(&s.text[v.range.clone()], "APT::X=1");
    let v = c.option_value(None, &["--target-release"]).unwrap();
    assert_eq!(v.value, "bookworm");
    assert_eq!(&s.text[v.range], "bookworm");
    let v = c.option_value(Some('t'), &[]).unwrap();
    assert_eq!(v.value, "sid");
    assert!(v.is_separate());
    let pos: Vec<_> = c.positionals(&["-o", "-t"]).map(|w| w.as_str()).collect();
    assert_eq!(pos, ["install", "a", "b", "-c"]);
}

#[test]
fn incomplete_input() {
    for text in ["echo 'abc", "echo \"abc", "echo $(abc", "if a; then b", "(a", "{ a;", "echo `a", "echo ${a"]
    {
        let s = parsed(text);
        assert!(s.incomplete, "{text}");
        assert!(!s.commands.is_empty(), "{text}");
    }
}

#[test]
fn a_quote_inside_a_parameter_expansion() {
    // Unquoted, `'` opens a quote inside `${...}` too: one left open is an unterminated string
    // to the shell, which text appended later (a joined RUN) would close.
    let s = parsed("echo ${'x:-y} && echo b");
    assert!(s.incomplete);
    for text in ["echo ${x:-'a}'} && echo b", "echo \"${x:-don't}\" && echo b", "echo \"${x:-${y:-'}}\""] {
        let s = parsed(text);
        assert!(!s.incomplete && s.syntax_error.is_none(), "{text}");
    }
    assert_eq!(parsed("echo ${x:-'a}'} && echo b").commands.len(), 2);
}

#[test]
fn syntax_errors_are_flagged_and_skipped() {
    for text in ["a ) b", "fi; b", "a && ;; b", "done b", "for if é; b", "case x é) a;; esac; b"] {
        let s = parsed(text);
        assert!(s.syntax_error.is_some(), "{text}");
        assert_eq!(s.commands.last().unwrap().name(), Some("b"), "{text}");
    }
}

#[test]
fn hostile_nesting_is_bounded() {
    for unit in ["$(", "(", "$((", "{ ", "if ", "\"$(", "${", "[[ (", "$( ("] {
        let text = unit.repeat(100_000);
        let s = parsed(&text);
        assert!(s.incomplete || s.syntax_error.is_some(), "{unit}");
    }
    for unit in ["'", "x\\", "`", "\\`", "sh -c '", "sh -c \"", "))", "}", ";;", "<<E\n", "\\\n"] {
        parsed(&unit.repeat(100_000));
    }
    // The 5 MB of `$(((((` from the brief.
    let text = format!("echo {}", "$(((((".repeat((5 << 20) / 6));
    let s = parsed(&text);
    assert!(s.incomplete);
    let text = "echo $(".repeat(30) + "true" + &")".repeat(30);
    let s = parsed(&text);
    assert_eq!(s.commands.len(), 31);
    assert_eq!(s.commands[30].name(), Some("true"));
    assert_eq!(s.commands[30].depth, 30);
    assert!(!s.incomplete && s.syntax_error.is_none());
}

#[test]
fn powershell_does_not_panic() {
    let text = "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; \
                Invoke-WebRequest -Uri https://x/y.zip -OutFile c:\\y.zip; \
                Expand-Archive c:\\y.zip -DestinationPath C:\\ ; Remove-Item -Force c:\\y.zip; \
                if (-not (Test-Path C:\\x)) { throw 'no' }; [Environment]::SetEnvironmentVariable('PATH', $env:PATH + ';C:\\x', 'Machine')";
    let s = parsed(text);
    assert!(s.commands.iter().any(|c| c.name() == Some("Invoke-WebRequest")));
}

// ---- tools ----

fn first<'a, T>(s: &'a Script<'a>, f: impl Fn(&'a Command<'a>) -> Option<T>) -> T {
    s.commands.iter().find_map(f).expect("no such command")
}

#[test]
fn apt_get_install() {
    let text = "DEBIAN_FRONTEND=noninteractive sudo apt-get -q install -y --no-install-recommends \
                -t bookworm-backports -o Dpkg::Options::=--force-confnew curl=7.88.1-10 ca-certificates";
    let s = parsed(text);
    let p = first(&s, tools::package_command);
    assert_eq!(p.manager, Manager::AptGet);
    assert_eq!(p.action, Action::Install);
    assert_eq!(
        p.packages.iter().map(|w| w.as_str()).collect::<Vec<_>>(),
        ["curl=7.88.1-10", "ca-certificates"]
    );
    assert_eq!(p.packages[1].range, at(text, "ca-certificates"));
    assert!(p.assumes_yes() && p.no_install_recommends());
    assert!(p.invocation.is_wrapped_by("sudo"));
    let spec = p.spec(&p.packages[0]);
    assert_eq!((spec.name, spec.version), ("curl", Some("=7.88.1-10")));
    assert_eq!(p.spec(&p.packages[1]).version, None);
    assert_eq!(p.option_value(Some('t'), &["--target-release"]).unwrap().value, "bookworm-backports");
}

#[test]
fn apt_actions() {
    let s = parsed(
        "apt-get update; apt-get -qq upgrade; apt dist-upgrade; apt-get clean; apt-get purge -y x; apt-get autoremove",
    );
    let actions: Vec<_> = s
        .commands
        .iter()
        .map(|c| tools::package_command(c).unwrap())
        .map(|p| (p.action, p.assumes_yes()))
        .collect();
    assert_eq!(
        actions,
        [
            (Action::Update, false),
            (Action::Upgrade, true),
            (Action::DistUpgrade, false),
            (Action::Clean, false),
            (Action::Remove, true),
            (Action::Remove, false),
        ]
    );
    assert!(tools::package_command(&parsed("echo apt-get install x").commands[0]).is_none());
}

#[test]
fn apk_add() {
    let s = parsed(
        "apk add --no-cache --virtual .build-deps gcc musl-dev=1.2 && apk del .build-deps; apk cache clean",
    );
    let add = tools::package_command(&s.commands[0]).unwrap();
    assert_eq!(add.manager, Manager::Apk);
    assert_eq!(add.action, Action::Install);
    assert_eq!(add.packages.iter().map(|w| w.as_str()).collect::<Vec<_>>(), ["gcc", "musl-dev=1.2"]);
    assert!(add.no_cache());
    assert_eq!(add.option_value(Some('t'), &["--virtual"]).unwrap().value, ".build-deps");
    assert_eq!(add.spec(&add.packages[1]).version, Some("=1.2"));
    let del = tools::package_command(&s.commands[1]).unwrap();
    assert_eq!(del.action, Action::Remove);
    assert_eq!(tools::package_command(&s.commands[2]).unwrap().action, Action::Clean);
}

#[test]
fn pip_forms() {
    let text = "pip install --no-cache-dir -r requirements.txt -c constraints.txt --index-url https://i flask==2.0 'requests>=2' -e . ; \
                python3 -m pip install -U pip; uv pip install --system -r req.txt x; pip3.11 uninstall -y y";
    let s = parsed(text);
    let pip = tools::package_command(&s.commands[0]).unwrap();
    assert_eq!(pip.manager, Manager::Pip);
    assert_eq!(
        pip.packages.iter().map(|w| w.as_str()).collect::<Vec<_>>(),
        ["flask==2.0", "requests>=2", "."]
    );
    assert_eq!(pip.requirement_files.len(), 1);
    assert_eq!(pip.requirement_files[0].value, "requirements.txt");
    assert_eq!(pip.requirement_files[0].range, at(text, "requirements.txt"));
    assert!(pip.no_cache());
    let spec = pip.spec(&pip.packages[1]);
    assert_eq!((spec.name, spec.version), ("requests", Some(">=2")));
    let m = tools::package_command(&s.commands[1]).unwrap();
    assert_eq!((m.manager, m.action), (Manager::Pip, Action::Install));
    assert_eq!(m.invocation.name(), Some("pip"));
    assert_eq!(m.packages.iter().map(|w| w.as_str()).collect::<Vec<_>>(), ["pip"]);
    assert!(!m.no_cache());
    let uv = tools::package_command(&s.commands[2]).unwrap();
    assert_eq!((uv.manager, uv.action), (Manager::Uv, Action::Install));
    assert_eq!(uv.packages.iter().map(|w| w.as_str()).collect::<Vec<_>>(), ["x"]);
    assert_eq!(uv.requirement_files[0].value, "req.txt");
    let un = tools::package_command(&s.commands[3]).unwrap();
    assert_eq!((un.manager, un.action), (Manager::Pip, Action::Remove));
    assert!(un.assumes_yes());
}

#[test]
fn other_managers() {
    let cases = [
        ("yum install -y httpd && yum clean all", Manager::Yum, Action::Install, vec!["httpd"]),
        ("dnf -y update", Manager::Dnf, Action::Upgrade, vec![]),
        ("microdnf install --nodocs -y java-17", Manager::Microdnf, Action::Install, vec!["java-17"]),
        ("zypper --non-interactive in -y vim", Manager::Zypper, Action::Install, vec!["vim"]),
        ("zypper ref", Manager::Zypper, Action::Update, vec![]),
        (
            "npm install -g --prefix /x yarn@1.22 @scope/pkg@2",
            Manager::Npm,
            Action::Install,
            vec!["yarn@1.22", "@scope/pkg@2"],
        ),
        ("npm ci --omit=dev", Manager::Npm, Action::Install, vec![]),
        ("npm cache clean --force", Manager::Npm, Action::Clean, vec![]),
        ("yarn global add typescript", Manager::Yarn, Action::Install, vec!["typescript"]),
        ("yarn --frozen-lockfile", Manager::Yarn, Action::Install, vec![]),
        ("pnpm add -D vite", Manager::Pnpm, Action::Install, vec!["vite"]),
        ("gem install bundler -v 2.4.1 --no-document", Manager::Gem, Action::Install, vec!["bundler"]),
        (
            "go install -ldflags '-s -w' golang.org/x/tools/gopls@v0.15.0",
            Manager::Go,
            Action::Install,
            vec!["golang.org/x/tools/gopls@v0.15.0"],
        ),
        ("cargo install --locked --version 1.2 ripgrep", Manager::Cargo, Action::Install, vec!["ripgrep"]),
        (
            "conda install -y -c conda-forge numpy=1.26 --file req.txt",
            Manager::Conda,
            Action::Install,
            vec!["numpy=1.26"],
        ),
        ("micromamba install -y -n base python", Manager::Micromamba, Action::Install, vec!["python"]),
        (
            "dnf group install -y 'Development Tools'",
            Manager::Dnf,
            Action::Install,
            vec!["Development Tools"],
        ),
    ];
    for (text, manager, action, packages) in cases {
        let s = parsed(text);
        let p = tools::package_command(&s.commands[0]).unwrap_or_else(|| panic!("{text}"));
        assert_eq!((p.manager, p.action), (manager, action), "{text}");
        assert_eq!(p.packages.iter().map(|w| w.as_str()).collect::<Vec<_>>(), packages, "{text}");
    }
    let s = parsed("npm install -g @scope/pkg@2 && go install x@latest");
    let npm = tools::package_command(&s.commands[0]).unwrap();
    assert!(npm.is_global());
    let spec = npm.spec(&npm.packages[0]);
    assert_eq!((spec.name, spec.version), ("@scope/pkg", Some("2")));
    let go = tools::package_command(&s.commands[1]).unwrap();
    assert_eq!(go.spec(&go.packages[0]).version, Some("latest"));
}

#[test]
fn downloads() {
    let text = "curl -fsSL https://get.x/install.sh | sudo sh -s -- --yes; \
                wget -qO- https://y | bash; \
                curl -k -o /tmp/a.tgz https://z && wget --no-check-certificate -O /tmp/b https://w; \
                curl -s https://api | python3 -c 'import json'; curl -L https://t | tar xz; \
                sh -c \"$(curl -fsSL https://omz)\"; bash <(curl -s https://p); curl -O https://q/f";
    let s = parsed(text);
    let downloads: Vec<_> =
        s.commands.iter().enumerate().filter_map(|(i, c)| tools::download(c).map(|d| (i, d))).collect();
    let summary: Vec<_> = downloads
        .iter()
        .map(|(i, d)| {
            (
                d.urls.iter().map(|u| u.as_str()).collect::<Vec<_>>(),
                d.to_stdout,
                d.insecure,
                tools::executed_by(&s, *i).and_then(|c| c.name()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (vec!["https://get.x/install.sh"], true, false, Some("sudo")),
            (vec!["https://y"], true, false, Some("bash")),
            (vec!["https://z"], false, true, None),
            (vec!["https://w"], false, true, None),
            (vec!["https://api"], true, false, None),
            (vec!["https://t"], true, false, None),
            (vec!["https://omz"], true, false, Some("sh")),
            (vec!["https://p"], true, false, Some("bash")),
            (vec!["https://q/f"], false, false, None),
        ]
    );
    let (_, curl) = &downloads[0];
    assert!(curl.fails_on_http_error() && curl.follows_redirects() && curl.is_quiet());
    let (_, k) = &downloads[2];
    assert_eq!(k.output.as_ref().unwrap().value, "/tmp/a.tgz");
    assert_eq!(k.output.as_ref().unwrap().range, at(text, "/tmp/a.tgz"));
    let (_, w) = &downloads[1];
    assert_eq!(w.output.as_ref().unwrap().value, "-");
    assert!(downloads[8].1.remote_name);
}

#[test]
fn accounts() {
    let cases = [
        "useradd -r -m -u 1001 -g app -s /bin/bash -l app",
        "useradd --no-create-home --shell=/sbin/nologin svc",
        "adduser --system --no-create-home --uid 100 --ingroup app app",
        "adduser --disabled-password --gecos '' dev",
        "adduser -D -S -H -h /app -s /sbin/nologin -u 1000 -G app app",
        "addgroup -S -g 1000 app",
        "addgroup app wheel",
        "groupadd --system --gid 999 docker",
        "adduser dev sudo",
    ];
    let text = cases.join(" && ");
    let s = parsed(&text);
    let got: Vec<_> = s
        .commands
        .iter()
        .map(|c| tools::account(c).unwrap())
        .map(|a| {
            (
                a.syntax,
                a.name.map(|w| w.as_str()),
                a.member_of.map(|w| w.as_str()),
                a.system,
                a.create_home,
                a.id.as_ref().map(|v| v.value),
                a.shell.as_ref().map(|v| v.value),
                a.no_log_init,
            )
        })
        .collect();
    use tools::AccountSyntax::*;
    assert_eq!(
        got,
        [
            (Shadow, Some("app"), None, true, Some(true), Some("1001"), Some("/bin/bash"), true),
            (Shadow, Some("svc"), None, false, Some(false), None, Some("/sbin/nologin"), false),
            (Debian, Some("app"), None, true, Some(false), Some("100"), None, false),
            (Debian, Some("dev"), None, false, Some(true), None, None, false),
            (BusyBox, Some("app"), None, true, Some(false), Some("1000"), Some("/sbin/nologin"), false),
            (BusyBox, Some("app"), None, true, None, Some("1000"), None, false),
            (Debian, Some("app"), None, false, None, None, None, false),
            (Shadow, Some("docker"), None, true, None, Some("999"), None, false),
            (Debian, Some("dev"), Some("sudo"), false, None, None, None, false),
        ]
    );
    let first = tools::account(&s.commands[0]).unwrap();
    assert_eq!(first.group.unwrap().value, "app");
    let busybox = tools::account(&s.commands[4]).unwrap();
    assert_eq!(busybox.home.unwrap().value, "/app");
    assert_eq!(busybox.group.unwrap().value, "app");
}

#[test]
fn removals() {
    let s = parsed("rm -rf /var/lib/apt/lists/* /tmp/x; rm -f a -- -b; sudo rm -R /root/.cache");
    let r = tools::removal(&s.commands[0]).unwrap();
    assert!(r.recursive && r.force);
    assert!(r.covers("/var/lib/apt/lists") && r.covers("/var/lib/apt/lists/"));
    assert!(r.covers("/tmp/x/y") && !r.covers("/var/lib/apt"));
    let r = tools::removal(&s.commands[1]).unwrap();
    assert!(!r.recursive && r.force);
    assert_eq!(r.targets.iter().map(|w| w.as_str()).collect::<Vec<_>>(), ["a", "-b"]);
    let r = tools::removal(&s.commands[2]).unwrap();
    assert!(r.recursive && r.covers("/root/.cache/pip"));
    assert!(tools::removal(&parsed("rmdir x").commands[0]).is_none());
}

#[test]
fn commands_named_sees_through_wrappers() {
    let s = parsed("sudo apt-get update && env X=1 apt-get install -y a");
    let found: Vec<_> = s.commands_named("apt-get").map(|(i, _)| i).collect();
    assert_eq!(found, [0, 1]);
}
