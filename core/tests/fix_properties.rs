//! Properties of checking and fixing any Dockerfile-shaped text, with every rule and unsafe
//! fixes: nothing panics, every finding lies on the text, each fix alone removes a finding of its
//! rule and keeps the file readable and the other instructions in place, a fix never adds a
//! syntax error, and fixing reaches a fixpoint (fixing the output again
//! changes nothing). The lines are those that make rules fire and offer fixes, including the
//! shapes that once sent fixes astray (`sh -c` strings that had to be unescaped, lines indented
//! with a no-break space); mutations then cut and splice.

mod support;

use dockwright::{Applicability, Config, Edit, Linter};
use proptest::prelude::*;
use support::fix_promises::{Checked, broken_promise};

fn only(rule: &str) -> Linter {
    Linter::new(Config { select: Some(vec![rule.into()]), ..Config::default() }).unwrap()
}

const LINES: &[&str] = &[
    "# syntax=docker/dockerfile:1",
    "# escape=`",
    "# dockwright ignore=run-as-non-root",
    "# hadolint ignore=DL3008,DL3009",
    "ARG BASE=python:3.12",
    "ARG X=${Y:-z}",
    "ARG A=1 B=2",
    "FROM python:3.12-bookworm",
    "FROM $BASE AS build",
    "FROM --platform=$TARGETPLATFORM alpine",
    "FROM build AS Final",
    "from ubuntu:latest as Web",
    "FROM debian",
    "RUN apt-get update",
    "RUN apt-get install -y gcc make",
    "RUN apt install -y z",
    "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
    "RUN apt-get install -y \\\n    zlib1g \\\n    curl",
    "RUN apt-get install -y \\\n\n    curl",
    "RUN apk add x",
    "RUN yum install -y httpd",
    "RUN microdnf install z \\\n\u{a0}ENV A=b",
    "RUN pip install flask",
    "RUN yarn install",
    "RUN wget https://x/y",
    "RUN curl -sL https://x | tar xz",
    "RUN useradd app",
    "RUN sudo make install",
    "RUN cd /tmp && make",
    "RUN echo $UNDEFIND",
    "RUN <<EOF\napt-get install -y z\nEOF",
    "RUN sh -c 'apt-get install -y y'",
    "RUN sh -c 'apt-get install -y y'N",
    "RUN sh -c \"`apt-get install -y a\\\"b\"",
    "RUN bash -c ''wget http://x",
    "RUN bash -c 'pip install x'y",
    "RUN sh -c 'apk add x'\"y\"",
    "RUN su -c 'useradd x'q",
    "COPY a b /c",
    "COPY --from=build /out /usr/local/bin/",
    "ADD app.conf /etc/",
    "ENV K V",
    "LABEL k v",
    "MAINTAINER x <y@z>",
    "USER root",
    "WORKDIR relative/dir",
    "WORKDIR /x${A}/y${B}",
    "COPY --chown=${A}:${B} a /b",
    "ENV P=${A}:${B} Q=$P",
    "EXPOSE 80/TCP",
    "CMD python app.py",
    "Run echo hi",
    "",
];

/// Pieces spliced in at random places: quotes, escapes, line breaks, non-ASCII spaces.
const SPLICES: &[&str] = &[
    "\\", "\n", "\r\n", "`", "\"", "'", "$", "${", "}", "[", " ", "=", "#", "&&", "|", ";", "ä", "\u{a0}",
    "\u{1}",
];

fn dockerfile() -> impl Strategy<Value = String> {
    let lines = proptest::collection::vec((0..LINES.len(), 0..12usize), 1..12);
    let splices = proptest::collection::vec((any::<prop::sample::Index>(), 0..SPLICES.len()), 0..3);
    (lines, splices).prop_map(|(lines, splices)| {
        let mut text = String::new();
        for (line, ending) in lines {
            text.push_str(LINES[line]);
            text.push_str(match ending {
                0 => " \\\n",
                1 => "\r\n",
                _ => "\n",
            });
        }
        for (at, splice) in splices {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, SPLICES[splice]);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn checking_and_fixing_keep_their_promises(text in dockerfile()) {
        let linter = only("all");
        let before = Checked::new(&linter, &text);
        let findings = &before.findings;
        for finding in findings {
            let (start, end) = (finding.span.start as usize, finding.span.end as usize);
            prop_assert!(start <= end && end <= text.len(), "{:?} outside the text", finding.span);
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        }
        let syntax_errors = |t: &str| dockwright::parse(t).errors.len();
        let errors_before = before.doc.errors.len();
        // Each fix on its own, as an editor applies it, keeps the promises of
        // `support::fix_promises`: readable, instructions in place, the finding gone.
        if errors_before == 0 {
            for finding in findings {
                let broken = broken_promise(&linter, &before, finding);
                prop_assert!(broken.is_none(), "{}\nin\n{}", broken.unwrap_or_default(), text);
            }
        }
        let fixed = linter.fix(&text, Applicability::Unsafe);
        prop_assert!(fixed.warnings().is_empty(), "{:?} fixing\n{}", fixed.warnings(), text);
        prop_assert!(syntax_errors(&fixed.output) <= errors_before, "a fix broke the file:\n{}", fixed.output);
        let again = linter.fix(&fixed.output, Applicability::Unsafe);
        prop_assert!(!again.changed(), "no fixpoint: fixing\n{}\nagain gave\n{}", fixed.output, again.output);
    }
}

/// What `rule`'s fixes make of `src`, or `None` when they change nothing.
fn fixed_by(rule: &str, src: &str) -> Option<String> {
    let out = only(rule).fix(src, Applicability::Unsafe);
    out.changed().then_some(out.output)
}

#[test]
fn flags_are_inserted_only_inside_the_sh_c_string() {
    // The string maps onto the source: the flag goes in, before the closing quote.
    assert_eq!(
        fixed_by("apt-no-install-recommends", "FROM a\nRUN sh -c 'apt-get install -y y'\n").as_deref(),
        Some("FROM a\nRUN sh -c 'apt-get install --no-install-recommends -y y'\n")
    );
    // Unescaped strings (`'...'N`, an escaped quote in a backtick) have no exact positions, and
    // after `''wget` the argument ends: each is reported and left alone.
    for (rule, src) in [
        ("apt-no-install-recommends", "FROM a\nRUN sh -c 'apt-get install -y y'N\n"),
        ("apt-no-install-recommends", "FROM a\nRUN sh -c \"`apt-get install -y a\\\"b\"\n"),
        ("pip-no-cache-dir", "FROM a\nRUN bash -c 'pip install x'y\n"),
        ("wget-without-progress", "FROM a\nRUN bash -c ''wget http://x\n"),
    ] {
        assert_eq!(only(rule).check(src).len(), 1, "{rule} on {src:?}");
        assert_eq!(fixed_by(rule, src), None, "{rule} edited {src:?}");
    }
}

#[test]
fn an_appended_command_is_indented_with_shell_blanks_only() {
    // The last line is indented with a no-break space, which the shell would glue to the name.
    let src = "FROM fedora:40\nRUN microdnf install -y z \\\n\u{a0}ENV A=b\n";
    let out = fixed_by("rpm-cache-cleanup", src).expect("a fix");
    assert!(out.ends_with("\u{a0}ENV A=b && \\\nmicrodnf clean all\n"), "{out:?}");
    assert_eq!(fixed_by("rpm-cache-cleanup", &out), None);
}

#[test]
fn the_declarations_a_stage_needs_are_made_in_one_fix_pass() {
    // More than the fixer's rounds: inserting one line a round left some undeclared.
    let names: Vec<String> = (0..15).map(|i| format!("G{i}")).collect();
    let globals: String = names.iter().map(|n| format!("ARG {n}=1\n")).collect();
    let uses: String = names.iter().rev().map(|n| format!("ENV V{n}=${n}\n")).collect();
    let src = format!("{globals}FROM scratch\n{uses}");
    let out = fixed_by("undefined-var", &src).expect("a fix");
    let declared: String = names.iter().rev().map(|n| format!("ARG {n}\n")).collect();
    assert_eq!(out, format!("{globals}FROM scratch\n{declared}{uses}"), "declared in the order of first use");
    assert_eq!(fixed_by("undefined-var", &out), None);
}

#[test]
fn exec_form_keeps_the_words_the_shell_would_see() {
    // A no-break space does not split a word for the shell, so it does not split the array.
    assert_eq!(
        fixed_by("exec-form-cmd", "FROM a\nCMD serve\u{a0}x --port 80\n").as_deref(),
        Some("FROM a\nCMD [\"serve\u{a0}x\", \"--port\", \"80\"]\n")
    );
    // A raw control character is not JSON: the array would run as a shell command.
    let src = "FROM a\nCMD py\u{1}thon app.py\n";
    assert_eq!(only("exec-form-cmd").check(src).len(), 1);
    assert_eq!(fixed_by("exec-form-cmd", src), None);
}

#[test]
fn lines_are_continued_with_the_files_escape_character() {
    let src = "# escape=`\nFROM debian:12-slim\nRUN apt-get update && `\n    apt-get install -y --no-install-recommends curl\n";
    assert_eq!(
        fixed_by("apt-lists-cleanup", src).as_deref(),
        Some(
            "# escape=`\nFROM debian:12-slim\nRUN apt-get update && `\n    apt-get install -y --no-install-recommends curl && `\n    rm -rf /var/lib/apt/lists/*\n"
        )
    );
    assert_eq!(
        fixed_by("combine-consecutive-run", "# escape=`\nFROM a:1\nRUN echo a\nRUN echo b\n").as_deref(),
        Some("# escape=`\nFROM a:1\nRUN echo a && `\n    echo b\n")
    );
}

#[test]
fn runs_are_joined_only_where_the_first_script_ends_cleanly() {
    // Found by the libFuzzer target: joined, the quote opened in the first RUN closes in the
    // second, so `<<'e x` became a heredoc that swallowed the rest of the file, and the two
    // echos became one echo of a quoted `&&`. After a comment the joined command was commented
    // out; after `&` or `;` the `&&` was a shell syntax error. Each finding stays, without its fix.
    for src in [
        "FROM a\nRUN echo <<'e x\nRUN echo 's\n",
        "FROM a\nRUN echo 'a\nRUN echo b'\n",
        "FROM a\nRUN echo a # note\nRUN echo b\n",
        "FROM a\nRUN sleep 1 &\nRUN echo b\n",
        "FROM a\nRUN echo a;\nRUN echo b\n",
        "FROM a\nRUN echo a\nRUN sleep 1 &\n",
        // From the fix proptest: the quote left open inside `${...}` closed in the joined RUN.
        "FROM a\nRUN echo ${'x:-y}\nRUN sh -c 'echo b'\n",
    ] {
        assert_eq!(only("combine-consecutive-run").check(src).len(), 1, "{src:?}");
        assert_eq!(fixed_by("combine-consecutive-run", src), None, "{src:?}");
    }
    // A comment may end the second: it stays at the end.
    assert_eq!(
        fixed_by("combine-consecutive-run", "FROM a\nRUN echo a\nRUN echo b # note\n").as_deref(),
        Some("FROM a\nRUN echo a && \\\n    echo b # note\n")
    );
}

#[test]
fn a_joined_run_leaves_its_indentation_behind() {
    // Found by the fix proptest: BuildKit reads a no-break space before a keyword as indentation,
    // but once the line continues the first RUN it is shell text, and no blank to the shell:
    // kept, it became the name of the joined command, and `sh -c '...'` its arguments.
    let src = "FROM a\nRUN echo a\n\u{a0}\tRUN sh -c 'echo b'\r\n";
    let fixed = fixed_by("combine-consecutive-run", src);
    assert_eq!(fixed.as_deref(), Some("FROM a\nRUN echo a && \\\n    sh -c 'echo b'\r\n"));
    let linter = only("combine-consecutive-run");
    let before = Checked::new(&linter, src);
    assert_eq!(broken_promise(&linter, &before, &before.findings[0]), None);
}

#[test]
fn sudo_is_removed_only_where_the_command_reads_the_same_without_it() {
    // Found by the fix proptest: after `sudo`, `}` is a program's name; first on the line it
    // closes a group that was never opened, a syntax error that took the `make` after it along.
    // A redirection between `sudo` and the command would have been deleted with `sudo`.
    // A no-break space is a program's name to the shell and a blank to BuildKit: first in the
    // RUN without `sudo`, it was trimmed and left `|make install`, a syntax error.
    for src in [
        "FROM debian\nRUN sudo }&&make install\n",
        "FROM debian\nRUN sudo >/dev/null make\n",
        "FROM debian\nRUN sudo \u{a0}|make install\n",
    ] {
        assert_eq!(only("sudo-in-run").check(src).len(), 1, "{src:?}");
        assert_eq!(fixed_by("sudo-in-run", src), None, "{src:?}");
    }
    assert_eq!(
        fixed_by("sudo-in-run", "FROM debian\nRUN sudo make install >/dev/null\n").as_deref(),
        Some("FROM debian\nRUN make install >/dev/null\n")
    );
}

#[test]
fn an_appended_command_goes_before_a_trailing_semicolon() {
    // After `;` the cleanup would run whatever became of the install, and its success would
    // hide a failed install from the build.
    let fixed = |src: &str| fixed_by("apt-lists-cleanup", src);
    assert_eq!(
        fixed("FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl;\n").as_deref(),
        Some(
            "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*;\n"
        )
    );
    assert_eq!(
        fixed("FROM debian:12-slim\nRUN apt-get update \\\n    && apt-get install -y curl ;\n").as_deref(),
        Some(
            "FROM debian:12-slim\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/* ;\n"
        )
    );
}

#[test]
fn sorting_moves_no_word_that_would_continue_a_line() {
    // `zlib1g\ ` (an escaped space) sorted last would end the RUN's last line with `\ `, a line
    // continuation, and swallow the next instruction.
    // A no-break space is a word to the shell and a blank to BuildKit: sorted last, it would
    // leave a blank line inside the continuation, which continues it too.
    for src in [
        "FROM debian\nRUN apt-get install -y \\\n    zlib1g\\ \\\n    curl \\\n    apache2\nUSER app\n",
        "FROM debian\nRUN apt-get install -y \u{a0} \\\n  zz \\\n  aa\nUSER app\n",
    ] {
        assert_eq!(only("sort-multiline-args").check(src).len(), 1, "{src:?}");
        assert_eq!(fixed_by("sort-multiline-args", src), None, "{src:?}");
    }
    assert_eq!(
        fixed_by("sort-multiline-args", "FROM debian\nRUN apt-get install -y \\\n    zlib1g \\\n    curl\n")
            .as_deref(),
        Some("FROM debian\nRUN apt-get install -y \\\n    curl \\\n    zlib1g\n")
    );
}

#[test]
fn a_destination_is_not_made_a_heredoc_marker() {
    // `<<` is a path; `<</` would open a heredoc named `/` and take the next lines as its body.
    // The fixer itself would refuse it (ADD takes no heredoc destination), but editors apply the
    // fixes a finding carries.
    let found = only("copy-multiple-sources").check("FROM a\nADD a.tgz b.tgz <<\nRUN x\n/\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].fix.is_none() && found[0].help.is_none(), "{:?}", found[0]);
    assert_eq!(
        fixed_by("copy-multiple-sources", "FROM a\nCOPY a b /opt\n").as_deref(),
        Some("FROM a\nCOPY a b /opt/\n")
    );
}

#[test]
fn names_in_one_chown_are_found_each_at_its_own_place() {
    // From the libFuzzer target: both references of a quoted `--chown` were reported at the whole
    // flag, so declaring one name let the look-alike's finding take its place.
    let linter = only("undefined-var");
    let text = "ARG GID=1\nFROM alpine\nCOPY --chown=\"${UID}:${GID}\" a \\\n  /b\n";
    let before = Checked::new(&linter, text);
    let findings = &before.findings;
    let [finding] = findings.as_slice() else { panic!("one finding expected: {findings:?}") };
    assert_eq!(&text[finding.span.start as usize..finding.span.end as usize], "${GID");
    assert_eq!(broken_promise(&linter, &before, finding), None);
    let fixed = dockwright::fix::apply(text, &finding.fix.as_ref().unwrap().edits);
    let after = linter.check(&fixed);
    let [look_alike] = after.as_slice() else { panic!("one finding expected: {after:?}") };
    assert_eq!(&fixed[look_alike.span.start as usize..look_alike.span.end as usize], "${UID");
    // A reference written otherwise than its value reads (escaped here) keeps the whole flag.
    let escaped = "ARG GID=1\nFROM alpine\nCOPY --chown=${G\\ID} a /b\n";
    let found = linter.check(escaped);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found.iter().all(|f| &escaped[f.span.start as usize..f.span.end as usize] == "--chown=${G\\ID}"),
        "{found:?}"
    );
}

#[test]
fn names_in_a_word_that_continues_on_the_next_line_are_found_each_at_its_own_place() {
    // From the libFuzzer target: a word joined from two lines is not verbatim in the source, and
    // both of its references were reported at the whole word, so declaring one global ARG (the
    // fix) left the other's finding in the same place, as if the fix had not fixed itself.
    let places = |text: &'static str, found: &[dockwright::Diagnostic]| -> Vec<&'static str> {
        found.iter().map(|f| &text[f.span.start as usize..f.span.end as usize]).collect()
    };
    let linter = only("undefined-var");
    let text = "ARG A=x\nARG B=y\nFROM alpine\nWORKDIR /a \\\n\\\n  x${A}/b:${B}\n";
    let before = Checked::new(&linter, text);
    let findings = &before.findings;
    assert_eq!(places(text, findings), ["${A", "${B"]);
    for finding in findings {
        assert_eq!(broken_promise(&linter, &before, finding), None);
    }
    // The same in FROM, where the names are build arguments.
    let text = "FROM ${A}\\\n/b:${B}\n";
    let found = only("undefined-arg-in-from").check(text);
    assert_eq!(places(text, &found), ["${A", "${B"]);
    // A comment inside the continuation that also names the variable makes the written text
    // read otherwise than the word: the whole word is kept rather than a guess.
    let text = "ARG A=x\nFROM alpine\nWORKDIR /a${A} \\\n# ${A}\n  x\n";
    let found = linter.check(text);
    assert_eq!(places(text, &found), ["/a${A} \\\n# ${A}\n  x"]);
}

#[test]
fn an_inserted_option_goes_before_a_double_dash() {
    // From the libFuzzer target: after `--` every word is an operand, so `-y` inserted after the
    // action was a package name, and every round of fixing added another.
    let src = "FROM fedora:40\nRUN tdnf \\\n    -- install -y python3\n";
    let fixed = fixed_by("install-without-assume-yes", src);
    assert_eq!(fixed.as_deref(), Some("FROM fedora:40\nRUN tdnf -y \\\n    -- install -y python3\n"));
    assert!(only("install-without-assume-yes").check(&fixed.unwrap()).is_empty());
    let plain = fixed_by("install-without-assume-yes", "FROM debian\nRUN apt-get install curl\n");
    assert_eq!(plain.as_deref(), Some("FROM debian\nRUN apt-get install -y curl\n"));
    // Every fix that inserts an option does the same; a wrapper's own `--` does not count.
    let src = "FROM debian\nRUN apt-get -- install -y curl\nRUN sudo -- apt-get install -y curl\n";
    assert_eq!(
        fixed_by("apt-no-install-recommends", src).as_deref(),
        Some(
            "FROM debian\nRUN apt-get --no-install-recommends -- install -y curl\n\
             RUN sudo -- apt-get install --no-install-recommends -y curl\n"
        )
    );
}

#[test]
fn an_undefined_var_fix_must_remove_its_own_finding_though_a_look_alike_may_appear() {
    let linter = only("undefined-var");
    let text = "ARG GW\nFROM alpine\nUSER $GW\nENV X=$GV\n";
    let before = Checked::new(&linter, text);
    let findings = &before.findings;
    let [finding] = findings.as_slice() else { panic!("one finding expected: {findings:?}") };
    assert!(finding.message.contains("$GW"), "{}", finding.message);
    // Declaring `ARG GW` puts GW in scope, and `$GV` is then one edit from it: as many findings.
    let fixed = dockwright::fix::apply(text, &finding.fix.as_ref().unwrap().edits);
    let after = linter.check(&fixed);
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(after[0].message.contains("did you mean `$GW`"), "{}", after[0].message);
    assert_eq!(broken_promise(&linter, &before, finding), None);

    // A fix that leaves its finding where it was breaks the promise, moved by the edit or not.
    for edit in [Edit::insert(0, "# a\n"), Edit::insert(text.len() as u32, "# a\n")] {
        let mut useless = finding.clone();
        useless.fix = Some(dockwright::Fix::unsafe_("Do nothing useful", vec![edit]));
        let broken = broken_promise(&linter, &before, &useless);
        assert!(broken.is_some_and(|b| b.starts_with("undefined-var did not fix itself")));
    }
}

#[test]
fn a_fix_that_comments_out_a_command_breaks_the_promise() {
    // The file still parses and its instructions stay in place: only the count of the RUNs'
    // commands, taken once before the first fix is tried, tells that `apt-get install` is gone.
    let linter = only("apt-lists-cleanup");
    let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";
    let before = Checked::new(&linter, text);
    let [finding] = before.findings.as_slice() else { panic!("one finding expected: {:?}", before.findings) };
    assert_eq!(broken_promise(&linter, &before, finding), None);
    let install = text.find("&& apt-get install").unwrap() as u32;
    for _ in 0..2 {
        let mut harmful = finding.clone();
        harmful.fix = Some(dockwright::Fix::unsafe_("Comment out", vec![Edit::insert(install, "# ")]));
        let broken = broken_promise(&linter, &before, &harmful);
        assert!(broken.is_some_and(|b| b.starts_with("apt-lists-cleanup alone lost a command")));
    }
}
