//! The check API end to end: broken files, suppressions in every tool's syntax, configuration,
//! severities, fixes and their line endings.

use dockwright::{Applicability, Config, Linter, Severity};

fn linter(select: &[&str]) -> Linter {
    let config = Config { select: Some(select.iter().map(|s| s.to_string()).collect()), ..Config::default() };
    Linter::new(config).unwrap()
}

fn names(linter: &Linter, src: &str) -> Vec<&'static str> {
    linter.check(src).into_iter().map(|d| d.name).collect()
}

#[test]
fn a_broken_file_still_gets_its_other_findings() {
    let src = "FROM python:3.12\nRUNN echo hi\nEXPOSE 22\nADD app.conf /etc/\n";
    let found = names(&Linter::with_defaults(), src);
    for expected in ["syntax-error", "expose-ssh-port", "prefer-copy-over-add", "prefer-slim-base-image"] {
        assert!(found.contains(&expected), "{expected} missing from {found:?}");
    }
}

#[test]
fn suppressions_in_every_syntax() {
    let l = linter(&["expose-ssh-port", "no-latest-tag", "run-as-non-root"]);
    let base = "FROM alpine:latest\nUSER app\nEXPOSE 22\n";
    assert_eq!(names(&l, base), ["no-latest-tag", "expose-ssh-port"]);
    for (src, gone) in [
        ("# dockwright ignore=expose-ssh-port -- jump host\nEXPOSE 22\n", "expose-ssh-port"),
        ("# dockwright ignore=DW203\nEXPOSE 22\n", "expose-ssh-port"),
        ("# trivy:ignore:DS-0004\nEXPOSE 22\n", "expose-ssh-port"),
        ("# checkov:skip=CKV_DOCKER_1: a bastion image\nEXPOSE 22\n", "expose-ssh-port"),
    ] {
        let full = format!("FROM alpine:latest\nUSER app\n{src}");
        let found = names(&l, &full);
        assert!(!found.contains(&gone), "{src:?} did not suppress {gone}: {found:?}");
        assert!(found.contains(&"no-latest-tag"), "{src:?} suppressed too much: {found:?}");
    }
    // hadolint's next-line pragma, and its global form.
    let found = names(&l, "# hadolint ignore=DL3007\nFROM alpine:latest\nUSER app\nEXPOSE 22\n");
    assert_eq!(found, ["expose-ssh-port"]);
    let found =
        names(&l, "FROM alpine:latest\n# hadolint global ignore=DL3007,DL3002\nUSER root\nEXPOSE 22\n");
    assert_eq!(found, ["expose-ssh-port"]);
    // BuildKit's check directive skips through aliases.
    let l2 = linter(&["exec-form-cmd"]);
    assert!(names(&l2, "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD echo hi\n").is_empty());
    assert!(names(&l2, "# check=skip=all\nFROM alpine:3.20\nCMD echo hi\n").is_empty());
    assert_eq!(names(&l2, "FROM alpine:3.20\nCMD echo hi\n"), ["exec-form-cmd"]);
    // A pragma applies only to the instruction right below it.
    let found = names(&l, "FROM alpine:latest\nUSER app\n# dockwright ignore=expose-ssh-port\n\nEXPOSE 22\n");
    assert!(found.contains(&"expose-ssh-port"), "{found:?}");
    // Inline ignores can be turned off by policy.
    let strict = Linter::new(Config {
        select: Some(vec!["expose-ssh-port".into()]),
        disable_inline_ignores: true,
        ..Config::default()
    })
    .unwrap();
    assert_eq!(
        names(&strict, "FROM a:1\n# dockwright ignore=expose-ssh-port\nEXPOSE 22\n"),
        ["expose-ssh-port"]
    );
}

#[test]
fn configuration_selects_and_reweights() {
    let config = Config {
        select: Some(vec!["reproducibility".into(), "DW203".into()]),
        ignore: vec!["DL3006".into()],
        severity: [("no-latest-tag".to_string(), Severity::Error)].into(),
        ..Config::default()
    };
    let l = Linter::new(config).unwrap();
    let found = l.check("FROM python\nFROM alpine:latest\nEXPOSE 22\n");
    let got: Vec<_> = found.iter().map(|d| (d.name, d.severity)).collect();
    assert_eq!(got, [("no-latest-tag", Severity::Error), ("expose-ssh-port", Severity::Warning)]);
    assert!(Linter::new(Config { ignore: vec!["nope".into()], ..Config::default() }).is_err());
}

#[test]
fn diagnostics_have_exact_positions() {
    let src = "FROM debian:bookworm-slim\nRUN apt-get update && \\\n    apt-get install -y curl\n";
    let d = linter(&["apt-no-install-recommends"]).check(src).remove(0);
    assert_eq!((d.line, d.column, d.end_line, d.end_column), (3, 5, 3, 28));
    assert_eq!(&src[d.span.start as usize..d.span.end as usize], "apt-get install -y curl");
}

#[test]
fn fixes_keep_crlf_and_reach_a_fixpoint() {
    let src = "FROM debian:bookworm-slim\r\nRUN apt-get update && \\\r\n    apt-get install -y --no-install-recommends curl\r\nADD a.conf /etc/\r\n";
    let l = linter(&["apt-lists-cleanup", "prefer-copy-over-add"]);
    let out = l.fix(src, Applicability::Safe);
    assert_eq!(out.applied.len(), 2, "{:?}", out.applied);
    assert!(out.remaining.is_empty(), "{:?}", out.remaining);
    assert!(!out.output.replace("\r\n", "").contains('\n'), "LF crept into a CRLF file:\n{:?}", out.output);
    assert!(out.output.contains("curl && \\\r\n    rm -rf /var/lib/apt/lists/*\r\n"), "{:?}", out.output);
    assert!(out.output.contains("COPY a.conf /etc/"));
    assert!(!l.fix(&out.output, Applicability::Safe).changed());
    // Unsafe fixes wait for permission.
    let unsafe_only = linter(&["exec-form-cmd"]);
    assert!(!unsafe_only.fix("FROM a:1\nCMD serve --port 80\n", Applicability::Safe).changed());
    let out = unsafe_only.fix("FROM a:1\nCMD serve --port 80\n", Applicability::Unsafe);
    assert_eq!(out.output, "FROM a:1\nCMD [\"serve\", \"--port\", \"80\"]\n");
}

#[test]
fn builder_stages_are_not_judged_for_size() {
    let src = concat!(
        "FROM golang:1.22 AS build\nRUN apt-get update\nRUN apt-get install -y gcc make\nRUN go build -o /out/app\n",
        "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n",
    );
    let found = names(&Linter::with_defaults(), src);
    for quiet in [
        "combine-consecutive-run",
        "build-tools-in-final-stage",
        "apt-no-install-recommends",
        "run-as-non-root",
    ] {
        assert!(!found.contains(&quiet), "{quiet} fired: {found:?}");
    }
    // Correctness still applies in builders: the update runs alone there.
    assert!(found.contains(&"apt-update-with-install"), "{found:?}");
}

/// Inputs that once took quadratic time (minutes for a 1 MB file): thousands of stages named,
/// chained or sharing a name, thousands of commands in one `RUN` line, thousands of relative
/// `WORKDIR`s, of suppression comments, of variables in scope. Checked in full, with findings
/// where they belong.
#[test]
fn hostile_files_are_checked_in_full() {
    let n = 5_000;
    let count = |src: &str, rule: &str| linter(&["all"]).check(src).iter().filter(|d| d.name == rule).count();

    let mut chain = String::from("FROM a AS s0\n");
    for i in 0..n {
        chain.push_str(&format!("FROM s{i} AS s{}\n", i + 1));
    }
    assert_eq!(count(&chain, "pin-base-image-tag"), 1);

    let same_name = "FROM a:1 AS s\n".repeat(n);
    assert_eq!(count(&same_name, "duplicate-stage-name"), n - 1);

    let installs = vec!["apt-get install -y --no-install-recommends gcc"; n].join(" && ");
    let src = format!("FROM debian:12\nRUN {installs}\n");
    let found = linter(&["build-tools-in-final-stage"]).check(&src);
    assert_eq!(found.len(), n);
    let last = found.last().unwrap();
    let at = src.rfind("apt-get").unwrap();
    assert_eq!((last.line, last.column), (2, (at - src.find("RUN").unwrap() + 1) as u32));

    let workdirs: String = (0..n).map(|i| format!("WORKDIR d{i}\nADD x.tar.gz y/\n")).collect();
    assert_eq!(count(&format!("FROM a\n{workdirs}"), "workdir-absolute-path"), n);

    // Thousands of suppressions, each for its own instruction; the last RUN has none.
    let mut suppressed: String = (0..n)
        .map(|i| format!("# dockwright ignore=apt-no-install-recommends\nRUN apt-get install -y p{i}\n"))
        .collect();
    suppressed.push_str("RUN apt-get install -y last\n");
    assert_eq!(count(&format!("FROM debian:12\n{suppressed}"), "apt-no-install-recommends"), 1);

    // Thousands of variables in scope of thousands of RUNs.
    let args: String = (0..n).map(|i| format!("ARG A{i}=1\nRUN pip install p{i}\n")).collect();
    assert_eq!(count(&format!("FROM python:3.12-slim\n{args}"), "pip-no-cache-dir"), n);

    // Thousands of stages, each copied whole by a reference of its own.
    let stages: String = (0..n).map(|i| format!("FROM debian:12 AS s{i}\nRUN make\n")).collect();
    let copies: String = (0..n).map(|i| format!("COPY --from=s{i} / /s{i}\n")).collect();
    assert_eq!(count(&format!("{stages}FROM debian:12\n{copies}"), "copy-whole-stage"), n);

    // Thousands of copied files, each deleted by a later RUN of its own.
    let copies: String = (0..n).map(|i| format!("COPY f{i} /opt/f{i}\n")).collect();
    let removals: String = (0..n).map(|i| format!("RUN rm -rf /opt/f{i}/cache /opt/g{i}\n")).collect();
    assert_eq!(count(&format!("FROM debian:12\n{copies}{removals}"), "cleanup-in-later-layer"), n);

    // Thousands of RUNs that leave the apt lists, each asking whether a later RUN needs them.
    let installs: String =
        (0..n).map(|i| format!("RUN apt-get update && apt-get install -y p{i}\n")).collect();
    let found = linter(&["apt-lists-cleanup"]).check(&format!("FROM debian:12\n{installs}"));
    assert_eq!((found.len(), found.iter().filter(|d| d.fix.is_some()).count()), (n, n));

    // Thousands of variables, each used with a misspelled look-alike: every use is looked up in
    // the stage's scope, and every misspelling gets a suggestion from thousands of names.
    let pairs: String = (0..n).map(|i| format!("ARG A{i}=1\nCOPY $A{i} /x$B{i}\n")).collect();
    let found = linter(&["undefined-var"]).check(&format!("FROM alpine:3.20\n{pairs}"));
    assert_eq!(found.len(), n);
    let last = n - 1;
    assert_eq!(found[last].message, format!("`$B{last}` is not defined (did you mean `$A{last}`?)"));

    // A chain of thousands of stages, each seeing the variables of all the stages below it.
    let chain: String =
        (1..n).map(|i| format!("FROM s{} AS s{i}\nARG V{i}=1\nCOPY $V1 $W{i} /x\n", i - 1)).collect();
    let found = linter(&["undefined-var"]).check(&format!("FROM scratch AS s0\n{chain}"));
    assert_eq!(found.len(), n - 1);
    assert_eq!(found[0].message, "`$W1` is not defined (did you mean `$V1`?)");
}

/// A misspelling is compared with the 500 names defined last before it (a bound that keeps
/// tens of thousands of look-alikes linear), so in a larger scope an early name is not suggested.
#[test]
fn suggestions_come_from_the_names_defined_last_in_a_large_scope() {
    let others = |n: usize| -> String { (0..n).map(|i| format!("ARG OTHER_{i}=1\n")).collect() };
    let messages = |src: &str| -> Vec<String> {
        linter(&["undefined-var"]).check(src).into_iter().map(|d| d.message).collect()
    };
    let src = format!("FROM scratch\nARG VERSION=1\n{}ARG RELEASE=2\nCOPY $VERSON $RELEAS /x\n", others(600));
    assert_eq!(
        messages(&src),
        ["`$VERSON` is not defined", "`$RELEAS` is not defined (did you mean `$RELEASE`?)"],
        "`VERSION` is 601 names back, `RELEASE` the last one"
    );
    // In a scope within the bound every name is weighed.
    let src = format!("FROM scratch\nARG VERSION=1\n{}COPY $VERSON /x\n", others(300));
    assert_eq!(messages(&src), ["`$VERSON` is not defined (did you mean `$VERSION`?)"]);
}

/// Fixing such files too: thousands of fixes picked in one round, and thousands of suppressions
/// that end up inside one instruction once its RUNs are combined (both once quadratic per round).
#[test]
fn hostile_files_are_fixed_in_full() {
    let n = 5_000;
    let recommends = "--no-install-recommends";

    let installs: String = (0..n).map(|i| format!("RUN apt-get install -y p{i}\n")).collect();
    let out = linter(&["apt-no-install-recommends"])
        .fix(&format!("FROM debian:12\n{installs}"), Applicability::Unsafe);
    assert_eq!((out.applied.len(), out.output.matches(recommends).count()), (n, n));
    assert!(out.remaining.is_empty());

    // Each RUN but the last is suppressed; combining them all leaves one RUN, with the pragmas
    // inside it, and only the last install fixed.
    let mut suppressed: String = (0..n)
        .map(|i| format!("# dockwright ignore=apt-no-install-recommends\nRUN apt-get install -y p{i}\n"))
        .collect();
    suppressed.push_str("RUN apt-get install -y last\n");
    let out = linter(&["apt-no-install-recommends", "combine-consecutive-run"])
        .fix(&format!("FROM debian:12\n{suppressed}"), Applicability::Unsafe);
    let doc = dockwright::parse(&out.output);
    assert_eq!((doc.instructions.len(), doc.errors.len()), (2, 0));
    assert_eq!(out.output.matches(recommends).count(), 1);
    let last = out.output.lines().find(|l| l.ends_with(" last")).expect("the last install is kept");
    assert!(last.contains(recommends), "the unsuppressed install is fixed: {last}");
    assert!(out.remaining.is_empty());
}
