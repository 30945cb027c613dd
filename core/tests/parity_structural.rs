//! Edge cases of the rules that read the Dockerfile's structure, including the good and bad
//! examples of the peer tools (hadolint, BuildKit, Trivy, Checkov) rewritten as cases, and
//! suppression through every alias.

use dockwright::{Applicability, Config, Linter, MemoryContext};

fn linter(rule: &str, toml: Option<&str>) -> Linter {
    let mut config = match toml {
        Some(text) => Config::from_toml(text).unwrap(),
        None => Config::default(),
    };
    config.select = Some(vec![rule.to_string()]);
    Linter::new(config).unwrap()
}

/// `(line, text under the span)` of each finding of `rule`.
fn found_with(rule: &str, toml: Option<&str>, src: &str) -> Vec<(u32, String)> {
    linter(rule, toml)
        .check(src)
        .into_iter()
        .map(|d| (d.line, src[d.span.start as usize..d.span.end as usize].to_string()))
        .collect()
}

fn found(rule: &str, src: &str) -> Vec<(u32, String)> {
    found_with(rule, None, src)
}

fn lines(rule: &str, src: &str) -> Vec<u32> {
    found(rule, src).into_iter().map(|(l, _)| l).collect()
}

fn messages(rule: &str, src: &str) -> Vec<String> {
    linter(rule, None).check(src).into_iter().map(|d| d.message).collect()
}

fn fixed(rule: &str, src: &str, allow: Applicability) -> String {
    linter(rule, None).fix(src, allow).output
}

fn pair(line: u32, text: &str) -> (u32, String) {
    (line, text.to_string())
}

// --- workdir-absolute-path (DL3000, WorkdirRelativePath, DS-0009, CKV_DOCKER_10) ---

#[test]
fn workdir_relative_paths() {
    let rule = "workdir-absolute-path";
    assert_eq!(found(rule, "FROM a\nWORKDIR app\n"), [pair(2, "app")]);
    for absolute in ["/app", "\"/app\"", "'/app'", "$HOME", "${X}/y", "C:\\\\app", "C:/app", "\\\\app"] {
        assert!(found(rule, &format!("FROM a\nWORKDIR {absolute}\n")).is_empty(), "{absolute}");
    }
    assert_eq!(lines(rule, "FROM a\nWORKDIR ~/x\nWORKDIR \"rel\"\n"), [2, 3]);
    // Trivy DS-0009: an absolute WORKDIR does not excuse a later relative one.
    assert_eq!(lines(rule, "FROM alpine:3.5\nRUN x\nWORKDIR /path/to/workdir\nWORKDIR workdir\n"), [4]);
    assert!(found(rule, "FROM alpine:3.3\nRUN apk --no-cache add nginx\n").is_empty());
    assert!(found(rule, "FROM alpine:3.3\nWORKDIR \"/path/to/workdir\"\n").is_empty());
    // ONBUILD triggers are checked too.
    assert_eq!(found(rule, "FROM a\nONBUILD WORKDIR src\n"), [pair(2, "src")]);
}

#[test]
fn workdir_fix_joins_the_known_directory() {
    let rule = "workdir-absolute-path";
    let src = "FROM a AS base\nWORKDIR /srv\nFROM base\nWORKDIR app/../api/\nWORKDIR v1\n";
    assert_eq!(
        fixed(rule, src, Applicability::Safe),
        "FROM a AS base\nWORKDIR /srv\nFROM base\nWORKDIR /srv/api\nWORKDIR /srv/api/v1\n"
    );
    // After a WORKDIR with a variable, or with none, there is nothing to join.
    for src in ["FROM a\nWORKDIR $HOME\nWORKDIR x\n", "FROM a\nWORKDIR x\n"] {
        assert_eq!(fixed(rule, src, Applicability::Unsafe), src);
        assert_eq!(found(rule, src).len(), 1);
    }
}

#[test]
fn workdir_suppressed_by_every_alias() {
    let rule = "workdir-absolute-path";
    for pragma in [
        "# hadolint ignore=DL3000\n",
        "# trivy:ignore:DS-0009\n",
        "# checkov:skip=CKV_DOCKER_10: generated file\n",
        "# dockwright ignore=workdir-absolute-path -- reason\n",
    ] {
        assert!(found(rule, &format!("FROM a\n{pragma}WORKDIR app\n")).is_empty(), "{pragma}");
    }
    assert!(found(rule, "# check=skip=WorkdirRelativePath\nFROM a\nWORKDIR app\n").is_empty());
}

#[test]
fn workdir_system_directories() {
    let rule = "workdir-system-directory";
    // Trivy DS-0030.
    assert_eq!(found(rule, "FROM alpine:3.5\nWORKDIR /proc/self/fd/1\n"), [pair(2, "/proc/self/fd/1")]);
    assert_eq!(lines(rule, "FROM alpine:3.5\nWORKDIR \"/proc/self/fd/1\"\n"), [2]);
    for ok in ["/path/to/workdir", "/development", "/devices", "/app"] {
        assert!(found(rule, &format!("FROM alpine:3.3\nWORKDIR {ok}\n")).is_empty(), "{ok}");
    }
    assert_eq!(lines(rule, "FROM a\nWORKDIR /sys\nWORKDIR /boot/../dev\n"), [2, 3]);
}

// --- undefined-var (UndefinedVar, DL3044) ---

#[test]
fn undefined_var_buildkit_examples() {
    let rule = "undefined-var";
    // Bad: `$foo` is an undefined build argument; good: declared first.
    assert_eq!(found(rule, "FROM alpine AS base\nCOPY $foo .\n"), [pair(2, "$foo")]);
    assert!(found(rule, "FROM alpine AS base\nARG foo\nCOPY $foo .\n").is_empty());
    assert_eq!(found(rule, "FROM alpine AS base\nARG VERSION=$foo\n"), [pair(2, "$foo")]);
    // The base image defines $PYTHON_VERSION: unknown here, so not reported.
    assert!(found(rule, "FROM python AS base\nARG VERSION=$PYTHON_VERSION\n").is_empty());
    // A typo of a name in scope.
    assert_eq!(
        messages(rule, "FROM alpine\nENV PATH=$PAHT:/app/bin\n"),
        ["`$PAHT` is not defined (did you mean `$PATH`?)"]
    );
    // Shell-form RUN, CMD and ENTRYPOINT are expanded by the shell.
    assert!(found(rule, "FROM alpine\nRUN echo $foo\nCMD echo $foo\n").is_empty());
}

#[test]
fn undefined_var_scopes() {
    let rule = "undefined-var";
    // A global ARG must be declared again in the stage.
    let src = "ARG VERSION=1\nFROM alpine\nCOPY app-$VERSION.tgz /tmp/\nLABEL v=$VERSION\n";
    assert_eq!(found(rule, src), [pair(3, "$VERSION"), pair(4, "$VERSION")]);
    assert_eq!(
        fixed(rule, src, Applicability::Unsafe),
        "ARG VERSION=1\nFROM alpine\nARG VERSION\nCOPY app-$VERSION.tgz /tmp/\nLABEL v=$VERSION\n"
    );
    assert_eq!(fixed(rule, src, Applicability::Safe), src);
    // ARGs of a parent stage carry into the stages built FROM it (as BuildKit does), ENVs too.
    assert!(found(rule, "FROM a AS base\nARG x\nENV y=1\nFROM base\nCOPY $x $y /\n").is_empty());
    // ...but not into unrelated stages.
    assert_eq!(lines(rule, "FROM a AS base\nARG x\nFROM b\nCOPY $x /\n"), [4]);
    // Used before its definition.
    assert_eq!(
        messages(rule, "FROM a\nWORKDIR $APP_HOME\nENV APP_HOME=/app\n"),
        ["`$APP_HOME` is used before its definition at line 3"]
    );
    // The global scope: earlier global ARGs, and names of the same ARG before it.
    assert!(found(rule, "ARG A=1 B=${A}\nARG C=$B\nFROM x:$C\n").is_empty());
    assert_eq!(found(rule, "ARG B=$A\nARG A=1\nFROM x\n"), [pair(1, "$A")]);
    // `ARG V=${V}` reads the build argument; references with a default handle the unset case.
    assert!(found(rule, "ARG V=${V}\nFROM scratch\nARG W=${W:-1}\nLABEL a=${Z:-x} b=${Z+y}\n").is_empty());
}

#[test]
fn undefined_var_in_the_same_env() {
    let rule = "undefined-var";
    // hadolint DL3044: the second pair sees the value from before the instruction.
    assert_eq!(found(rule, "FROM a\nENV A=1 B=$A\n"), [pair(2, "$A")]);
    assert!(messages(rule, "FROM a\nENV A=1 B=$A\n")[0].contains("same ENV"));
    assert!(found(rule, "FROM a\nENV A=1\nENV B=$A\n").is_empty());
    // Defined before: the old value is used on purpose.
    assert!(found(rule, "FROM a\nENV C=1\nENV C=2 D=$C\n").is_empty());
    // Extending what the base image set.
    assert!(found(rule, "FROM a\nENV PATH=/x:$PATH LD_LIBRARY_PATH=/l:$LD_LIBRARY_PATH\n").is_empty());
    // A name redefined by the same ENV but otherwise only the base image's: the old value is used.
    assert_eq!(found(rule, "FROM a\nENV PATH=/bin:$PATH GO_PATH=/go:$PATH\n"), [pair(2, "$PATH")]);
    // Suppressed by the hadolint code.
    assert!(found(rule, "FROM a\n# hadolint ignore=DL3044\nENV A=1 B=$A\n").is_empty());
}

#[test]
fn undefined_var_base_image_environment() {
    let rule = "undefined-var";
    // Built on an image: upper-case names may come from its ENV.
    assert!(found(rule, "FROM golang:1.22\nWORKDIR $GOPATH/src\n").is_empty());
    // Built on scratch (directly or through stages): every name is known.
    assert_eq!(lines(rule, "FROM scratch AS s\nFROM s\nWORKDIR $GOPATH/src\n"), [3]);
    // PATH is always defined.
    assert!(found(rule, "FROM scratch\nENV PATH=/bin:$PATH\n").is_empty());
}

#[test]
fn undefined_var_words_and_spans() {
    let rule = "undefined-var";
    let src = "FROM a\nCOPY --chown=$user:$group x /y\nCOPY <<EOF /etc/motd\nhello $name\nEOF\n";
    assert_eq!(
        found(rule, src),
        // Each name of a flag at its own place in it.
        [pair(2, "$user"), pair(2, "$group"), pair(4, "$name")]
    );
    // A quoted heredoc delimiter turns expansion off.
    assert!(found(rule, "FROM a\nCOPY <<'EOF' /etc/motd\nhello $name\nEOF\n").is_empty());
    // Single quotes and escapes are not expansions.
    assert!(found(rule, "FROM a\nLABEL a='$x' b=\\$y\n").is_empty());
    assert_eq!(found(rule, "FROM a\nEXPOSE $port\nUSER $user\nVOLUME $dir\nSTOPSIGNAL $sig\n").len(), 4);
    // ONBUILD triggers see the image's ENV, wherever it is set, and earlier ONBUILD ARGs.
    let src = "FROM a\nONBUILD COPY $src $dest /\nONBUILD ARG src\nENV dest=/d\nONBUILD COPY $src /\n";
    assert_eq!(found(rule, src), [pair(2, "$src")]);
}

#[test]
fn undefined_var_with_many_names_in_scope() {
    // Past a few names, scopes answer from indexes: the same findings as with a few.
    let rule = "undefined-var";
    let list = |f: &dyn Fn(usize) -> String| (0..20).map(f).collect::<Vec<_>>().join(" ");
    let src = [
        format!("ARG {}", list(&|i| format!("G{i}=1"))),
        "FROM scratch AS base".to_string(),
        format!("ARG {}", list(&|i| format!("V{i}=$G{i}"))),
        format!("ARG {}", list(&|i| format!("W{i}=$W{}", (i + 15) % 20))),
        format!("ENV {}", list(&|i| format!("K{i}=$K{}", (i + 1) % 20))),
        "COPY $G3 $V3 $LATE /".to_string(),
        "ENV LATE=1".to_string(),
        "FROM base AS child".to_string(),
        "COPY $V4 $K5 $W6 $LATE $G7 /".to_string(),
        format!("ONBUILD ARG {}", list(&|i| format!("T{i}"))),
        "ONBUILD COPY $T5 $T25 $LATE /".to_string(),
    ]
    .join("\n");
    let found = messages(rule, &src);
    let lines = lines(rule, &src);
    let expected = [
        // Line 3: every G is global, not declared in the stage (and V0 is not defined yet).
        (3, "`$G0` is a global ARG, which a stage does not see until it declares `ARG G0`"),
        // Line 4: W0..W4 read W15..W19, defined later in the same ARG; W5.. read earlier names.
        (4, "`$W15` is not defined (did you mean `$V15`?)"),
        (
            5,
            "`$K1` is set by this same ENV, which substitutes the values from before it (did you mean `$V1`?)",
        ),
        (
            6,
            "`$G3` is a global ARG, which a stage does not see until it declares `ARG G3` (did you mean `$K3`?)",
        ),
        (6, "`$LATE` is used before its definition at line 7"),
        (
            9,
            "`$G7` is a global ARG, which a stage does not see until it declares `ARG G7` (did you mean `$K7`?)",
        ),
        // Earlier triggers define T0..T19; ties go to the alphabetically first name.
        (11, "`$T25` is not defined (did you mean `$T15`?)"),
    ];
    for (line, message) in expected {
        assert!(
            found.iter().zip(&lines).any(|(m, &l)| l == line && m == message),
            "no `{message}` at line {line} in {found:#?}"
        );
    }
    // G0..G19 once each on line 3, W0..W4 on line 4, all 20 K on line 5 (each reads another
    // pair, K19 reads K0), G3 and LATE on line 6, G7 on line 9, T25 on line 11.
    assert_eq!(found.len(), 20 + 5 + 20 + 2 + 1 + 1, "{found:#?}");
}

// --- undefined-arg-in-from, invalid-default-arg-in-from ---

#[test]
fn from_arguments() {
    let rule = "undefined-arg-in-from";
    assert_eq!(found(rule, "FROM alpine:$TAG\n"), [pair(1, "$TAG")]);
    assert!(
        found(rule, "ARG TAG=3\nFROM alpine:$TAG\nFROM --platform=$BUILDPLATFORM b:${TARGETARCH}\n")
            .is_empty()
    );
    // An ARG of a stage is not global.
    assert_eq!(lines(rule, "FROM a\nARG TAG=1\nFROM b:${TAG}\n"), [3]);
    assert_eq!(
        messages(rule, "ARG VERSION=1\nFROM a:${VERSON}\n"),
        [
            "`$VERSON` in FROM is not a build argument declared before the first FROM (did you mean `VERSION`?)"
        ]
    );
    assert_eq!(found(rule, "FROM --platform=$PLATFROM a\n"), [pair(1, "$PLATFROM")]);

    let rule = "invalid-default-arg-in-from";
    assert_eq!(lines(rule, "ARG TAG\nFROM node:${TAG}-slim\n"), [2]);
    assert_eq!(lines(rule, "ARG IMAGE\nFROM $IMAGE\n"), [2]);
    assert_eq!(lines(rule, "ARG REPO=myorg/App\nFROM ${REPO}:1\n"), [2]);
    for ok in [
        "ARG TAG=20\nFROM node:${TAG}-slim\n",
        "ARG BASE\nFROM ${BASE:-alpine:3.20}\n",
        "FROM alpine:3.20\n",
        "ARG REG=ghcr.io ORG=me\nFROM ${REG}/${ORG}/app@sha256:0123456789abcdef0123456789abcdef\n",
        "FROM golang:1.22-${TARGETOS}\n",
    ] {
        assert!(found(rule, ok).is_empty(), "{ok}");
    }
}

// --- stages ---

#[test]
fn stage_names() {
    let rule = "duplicate-stage-name";
    // Trivy DS-0012 / Checkov CKV_DOCKER_11, case-insensitive as BuildKit.
    assert_eq!(found(rule, "FROM a AS build\nFROM b AS build\n"), [pair(2, "build")]);
    assert_eq!(found(rule, "FROM a AS dup\nFROM b AS DUP\n"), [pair(2, "DUP")]);
    assert!(found(rule, "FROM a AS one\nFROM b AS two\nFROM c\nFROM d\n").is_empty());
    assert!(found(rule, "# checkov:skip=CKV_DOCKER_11: on purpose\nFROM a AS x\nFROM b AS x\n").is_empty());
    assert!(found(rule, "FROM a AS x\n# trivy:ignore:DS-0012\nFROM b AS x\n").is_empty());

    let rule = "reserved-stage-name";
    assert_eq!(lines(rule, "FROM a AS scratch\nFROM b AS Context\nFROM c AS scratchy\n"), [1, 2]);
    assert!(found(rule, "FROM a AS scratch\n# hadolint ignore=DL3063\nFROM b AS context\n").len() == 1);
}

#[test]
fn multiple_instructions_per_stage() {
    let rule = "multiple-instructions";
    let src =
        "FROM a\nCMD [\"a\"]\nENTRYPOINT [\"e\"]\nCMD [\"b\"]\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n";
    assert_eq!(found(rule, src), [pair(4, "CMD"), pair(6, "HEALTHCHECK")]);
    assert_eq!(
        fixed(rule, src, Applicability::Safe),
        "FROM a\nENTRYPOINT [\"e\"]\nCMD [\"b\"]\nHEALTHCHECK CMD true\n"
    );
    // One per stage; ONBUILD triggers belong to another build.
    assert!(found(rule, "FROM a\nCMD a\nFROM b\nCMD b\nONBUILD CMD c\n").is_empty());
    // Trivy DS-0007 (ENTRYPOINT), DS-0016 (CMD), DS-0023 (HEALTHCHECK).
    assert_eq!(lines(rule, "FROM golang:1.7.3\nENTRYPOINT a\nENTRYPOINT b\nENTRYPOINT c\n"), [3, 4]);
    // hadolint's ignore above the second instruction still works.
    assert!(found(rule, "FROM a\nCMD a\n# hadolint ignore=DL4003\nCMD b\n").is_empty());
    assert!(found(rule, "# check=skip=MultipleInstructionsDisallowed\nFROM a\nCMD a\nCMD b\n").is_empty());
}

#[test]
fn copy_from_references() {
    let rule = "copy-from-unknown-stage";
    let src = "FROM golang AS build\nFROM alpine\nCOPY --from=biuld /a /b\n";
    assert_eq!(found(rule, src), [pair(3, "biuld")]);
    assert!(messages(rule, src)[0].contains("did you mean the stage `build`"));
    assert_eq!(lines(rule, "FROM a\nCOPY --from=later /a /b\nFROM b AS later\n"), [2]);
    assert_eq!(lines(rule, "FROM a\nFROM b\nCOPY --from=5 /a /b\n"), [3]);
    assert_eq!(found(rule, "FROM a AS b\nFROM c\nRUN --mount=from=bb,target=/x true\n"), [pair(3, "bb")]);
    assert_eq!(found(rule, "FROM a\nCOPY --from=$SRC /a /b\n"), [pair(2, "$SRC")]);
    for ok in [
        "FROM a AS b\nFROM c\nCOPY --from=b /x /y\nCOPY --from=0 /x /y\nCOPY --from=B /x /y\n",
        "FROM a\nCOPY --from=nginx:1.27 /x /y\nCOPY --from=ghcr.io/o/i /x /y\nCOPY --from=i@sha256:abc /x /y\n",
    ] {
        assert!(found(rule, ok).is_empty(), "{ok}");
    }

    let rule = "copy-from-own-stage";
    // Trivy DS-0006 cases.
    assert_eq!(found(rule, "FROM golang:1.7.3 as dep\nCOPY --from=dep /binary /\n"), [pair(2, "dep")]);
    assert_eq!(lines(rule, "FROM golang:1.18 as Builder\nCOPY --from=builder /binary /\n"), [2]);
    assert!(
        found(
            rule,
            "FROM golang:1.7.3\nCOPY --from=dep /binary /\nFROM golang:1.7.3\nCOPY --from=0 app/ /app/\n"
        )
        .is_empty()
    );
    assert_eq!(lines(rule, "FROM a\nCOPY --from=0 /x /y\nRUN --mount=from=0,target=/m true\n"), [2, 3]);
    assert!(found(rule, "FROM a AS x\n# hadolint ignore=DL3023\nCOPY --from=x /a /b\n").is_empty());
}

#[test]
fn copy_destinations() {
    let rule = "copy-multiple-sources";
    // Trivy DS-0011 cases.
    assert_eq!(found(rule, "FROM node:carbon2\nCOPY package.json yarn.lock my_app\n"), [pair(2, "my_app")]);
    for ok in [
        "FROM node:carbon2\nCOPY package.json yarn.lock\n",
        "FROM node:carbon2\nCOPY package.json yarn.lock myapp/\n",
        "FROM node:carbon2\nCOPY file:8b8864b3e02a33a579dc216fd51b28a6047bc8eeaa03045b258980fe0cf7fcb3 in myfile\n",
        "FROM a\nCOPY a b $DEST\nCOPY a b \"c/\"\nCOPY *.json /app\n",
    ] {
        assert!(found(rule, ok).is_empty(), "{ok}");
    }
    assert_eq!(lines(rule, "FROM a\nCOPY [\"a\", \"b\", \"c\"]\nADD a b .\nONBUILD COPY a b c\n"), [2, 3, 4]);
    assert_eq!(fixed(rule, "FROM a\nCOPY a b /app\n", Applicability::Unsafe), "FROM a\nCOPY a b /app/\n");
    assert_eq!(fixed(rule, "FROM a\nCOPY a b /app\n", Applicability::Safe), "FROM a\nCOPY a b /app\n");

    let rule = "copy-relative-destination";
    assert_eq!(found(rule, "FROM a\nCOPY app.py .\nWORKDIR /app\nCOPY b .\n"), [pair(2, ".")]);
    assert!(found(rule, "FROM a AS base\nWORKDIR /app\nFROM base\nCOPY x .\n").is_empty());
    assert_eq!(lines(rule, "FROM a\nWORKDIR /app\nFROM b\nCOPY x y\n"), [4]);
    assert!(found(rule, "FROM a\nCOPY x /abs\nCOPY x ~/y\nCOPY x $DIR\nCOPY x C:\\\\y\n").is_empty());
}

#[test]
fn copy_whole_filesystem() {
    let rule = "copy-whole-stage";
    assert_eq!(
        found(rule, "FROM golang AS build\nRUN go build\nFROM alpine\nCOPY --from=build / /\n"),
        [pair(4, "/")]
    );
    for ok in [
        // Squashing into scratch.
        "FROM golang AS build\nRUN go build\nFROM scratch\nCOPY --from=build / /\n",
        // Artifact images and stages that only name one.
        "FROM alpine\nCOPY --from=tonistiigi/xx / /\n",
        "FROM tonistiigi/xx AS xx\nFROM alpine\nCOPY --from=xx / /\n",
        "FROM scratch AS files\nCOPY a /a\nFROM alpine\nCOPY --from=files / /\n",
        "FROM golang AS build\nRUN go build\nFROM alpine\nCOPY --from=build /out /\n",
    ] {
        assert!(found(rule, ok).is_empty(), "{ok}");
    }
}

#[test]
fn from_platforms() {
    let rule = "from-platform-constant";
    assert_eq!(found(rule, "FROM --platform=linux/amd64 golang AS build\n"), [pair(1, "linux/amd64")]);
    for ok in [
        "FROM --platform=$BUILDPLATFORM golang AS build\n",
        "FROM --platform=linux/amd64 golang AS build-amd64\n",
        "FROM --platform=linux/arm64 golang AS linux-builder\n",
        "ARG P=linux/amd64\nFROM --platform=$P golang\n",
        "FROM --platform=banana golang\n",
    ] {
        assert!(found(rule, ok).is_empty(), "{ok}");
    }

    let rule = "redundant-target-platform";
    assert_eq!(
        lines(rule, "FROM --platform=$TARGETPLATFORM a\nFROM --platform=${TARGETPLATFORM} b\n"),
        [1, 2]
    );
    assert!(
        found(rule, "FROM --platform=$BUILDPLATFORM a\nFROM --platform=${TARGETPLATFORM}-x b\n").is_empty()
    );
    assert_eq!(
        fixed(rule, "FROM --platform=$TARGETPLATFORM  alpine AS x\n", Applicability::Unsafe),
        "FROM alpine AS x\n"
    );
}

// --- casing and formatting (BuildKit style checks) ---

#[test]
fn stage_name_casing_fix_renames_every_reference() {
    let rule = "stage-name-casing";
    let src = "FROM golang AS Builder\nFROM Builder AS test\nFROM alpine\nCOPY --from=Builder /a /b\n\
               RUN --mount=type=cache,from=BUILDER,target=/c true\n";
    assert_eq!(found(rule, src), [pair(1, "Builder")]);
    assert_eq!(
        fixed(rule, src, Applicability::Safe),
        "FROM golang AS builder\nFROM builder AS test\nFROM alpine\nCOPY --from=builder /a /b\n\
         RUN --mount=type=cache,from=builder,target=/c true\n"
    );
    // An image named like a later stage is not a reference to it.
    let src = "FROM alpine\nCOPY --from=Tools /a /b\nFROM golang AS Tools\n";
    assert_eq!(
        fixed(rule, src, Applicability::Safe),
        "FROM alpine\nCOPY --from=Tools /a /b\nFROM golang AS tools\n"
    );
}

#[test]
fn keyword_casing() {
    let rule = "from-as-casing";
    assert_eq!(
        fixed(rule, "FROM a as b\nfrom c AS d\nFrom e as f\n", Applicability::Safe),
        "FROM a AS b\nfrom c as d\nFrom e as f\n"
    );

    let rule = "consistent-instruction-casing";
    let src = "from a\nrun x\nRUN y\nCopy a b\n";
    assert_eq!(found(rule, src), [pair(3, "RUN"), pair(4, "Copy")]);
    assert_eq!(fixed(rule, src, Applicability::Safe), "from a\nrun x\nrun y\ncopy a b\n");
    // A tie goes to upper case.
    assert_eq!(fixed(rule, "from a\nRUN x\n", Applicability::Safe), "FROM a\nRUN x\n");

    let rule = "expose-proto-casing";
    assert_eq!(
        fixed(rule, "FROM a\nEXPOSE 53/UDP 80/Tcp 443\n", Applicability::Safe),
        "FROM a\nEXPOSE 53/udp 80/tcp 443\n"
    );
}

#[test]
fn empty_continuation_lines() {
    let rule = "no-empty-continuation";
    let src = "FROM a\nRUN a && \\\n\n  \t\n    b\nRUN c\n";
    assert_eq!(lines(rule, src), [3, 4]);
    assert_eq!(fixed(rule, src, Applicability::Safe), "FROM a\nRUN a && \\\n    b\nRUN c\n");
    let crlf = "FROM a\r\nRUN a \\\r\n\r\n  b\r\n";
    assert_eq!(fixed(rule, crlf, Applicability::Safe), "FROM a\r\nRUN a \\\r\n  b\r\n");
    assert!(found(rule, "# check=skip=NoEmptyContinuation\nFROM a\nRUN a \\\n\n b\n").is_empty());
}

#[test]
fn maintainer_becomes_a_label() {
    let rule = "maintainer-deprecated";
    assert_eq!(
        fixed(rule, "FROM a\nMAINTAINER \"Jane\" <j@x.io> $HOME \\n\n", Applicability::Safe),
        "FROM a\nLABEL maintainer=\"\\\"Jane\\\" <j@x.io> \\$HOME \\\\n\"\n"
    );
    assert_eq!(
        fixed(rule, "from a\nmaintainer jane\n", Applicability::Safe),
        "from a\nlabel maintainer=\"jane\"\n"
    );
    assert_eq!(
        fixed(rule, "# escape=`\nFROM a\nMAINTAINER C:\\ `x` y\n", Applicability::Safe),
        "# escape=`\nFROM a\nLABEL maintainer=\"C:\\ ``x`` y\"\n"
    );
    for pragma in ["# hadolint ignore=DL4000", "# trivy:ignore:DS-0022", "# checkov:skip=CKV_DOCKER_6:x"] {
        assert!(found(rule, &format!("FROM a\n{pragma}\nMAINTAINER me\n")).is_empty(), "{pragma}");
    }
}

#[test]
fn legacy_key_values() {
    let rule = "legacy-key-value-format";
    let src = "FROM a\nENV NODE_ENV production\nLABEL description A \"quoted  text\" $X\nENV ok=1\n";
    assert_eq!(lines(rule, src), [2, 3]);
    assert_eq!(
        fixed(rule, src, Applicability::Safe),
        "FROM a\nENV NODE_ENV=production\nLABEL description=A\\ \"quoted  text\"\\ $X\nENV ok=1\n"
    );
    // No fix when the value spans lines or a blank is inside `${...}`.
    for src in ["FROM a\nENV A b \\\n  c\n", "FROM a\nENV A ${B:-x y}\n"] {
        assert_eq!(fixed(rule, src, Applicability::Unsafe), src);
        assert_eq!(lines(rule, src).len(), 1);
    }
    assert_eq!(lines(rule, "FROM a\nONBUILD ENV A b\n"), [2]);
}

#[test]
fn expose_mappings() {
    let rule = "expose-invalid-format";
    let src = "FROM a\nEXPOSE 8080:80 127.0.0.1:53:53/udp [::1]:9000-9001:90-91 443\n";
    assert_eq!(lines(rule, src), [2, 2, 2]);
    assert_eq!(fixed(rule, src, Applicability::Safe), "FROM a\nEXPOSE 80 53/udp 90-91 443\n");
    // A bad host part fails the build: no fix that would hide it.
    assert_eq!(fixed(rule, "FROM a\nEXPOSE nope:80\n", Applicability::Safe), "FROM a\nEXPOSE nope:80\n");
}

// --- labels ---

const SCHEMA: &str = r#"
strict-labels = true
[label-schema]
author = "text"
url = "url"
version = "semver"
rev = "hash"
created = "rfc3339"
license = "spdx"
email = "email"
"#;

#[test]
fn label_schema() {
    let good = "FROM a:1\nLABEL author=x url=https://x.io version=1.0.0 rev=0123456789abcdef0123456789abcdef01234567 \
                created=2020-01-01T00:00:00Z license=\"MIT OR Apache-2.0\" email=a@b.io\n";
    for rule in ["required-label-missing", "label-not-in-schema", "label-value-invalid"] {
        assert!(found_with(rule, Some(SCHEMA), good).is_empty(), "{rule}");
    }
    let bad = "FROM a:1\nLABEL author=\"\" url=notaurl version=1.0 rev=xyz created=2020-01-01 license=Foo \
               email=nope other=1\n";
    let values: Vec<String> =
        found_with("label-value-invalid", Some(SCHEMA), bad).into_iter().map(|(_, t)| t).collect();
    assert_eq!(values, ["author=\"\"", "notaurl", "1.0", "xyz", "2020-01-01", "Foo", "nope"]);
    assert_eq!(found_with("label-not-in-schema", Some(SCHEMA), bad), [pair(2, "other")]);
    // Missing labels: only the image's stages count, through FROM <stage>.
    let src = "FROM a:1 AS base\nLABEL author=x\nFROM b AS build\nLABEL url=http://x\nFROM base\n";
    let missing = linter("required-label-missing", Some(SCHEMA)).check(src);
    assert_eq!(missing.len(), 6);
    assert!(missing.iter().all(|d| d.line == 5));
    // Without a schema, silent.
    assert!(found("label-value-invalid", bad).is_empty() && found("required-label-missing", bad).is_empty());
}

#[test]
fn label_keys() {
    let rule = "label-key-invalid";
    let src = "FROM a\nLABEL Foo=1 foo.bar=2 com.docker.x=1 a..b=1 \"quoted\"=1 a_b=1 $KEY=1\n";
    let keys: Vec<String> = found(rule, src).into_iter().map(|(_, t)| t).collect();
    assert_eq!(keys, ["Foo", "com.docker.x", "a..b"]);
}

// --- security ---

#[test]
fn tls_environment() {
    let rule = "tls-verification-disabled";
    for bad in [
        "ENV PYTHONHTTPSVERIFY=0",
        "ENV NODE_TLS_REJECT_UNAUTHORIZED '0'",
        "ARG NPM_CONFIG_STRICT_SSL=\"false\"",
        "ENV npm_config_strict_ssl false",
        "ENV LOL=123 GIT_SSL_NO_VERIFY=0",
        "ENV GIT_SSL_NO_VERIFY=",
        "ENV PIP_TRUSTED_HOST=pypi.example.com",
        "ONBUILD ENV PYTHONHTTPSVERIFY=0",
    ] {
        assert_eq!(found(rule, &format!("FROM a\n{bad}\n")).len(), 1, "{bad}");
    }
    // Checkov's passing cases.
    for ok in [
        "ENV ASDFGIT_SSL_NO_VERIFY=1",
        "ARG GIT_SSL_NO_VERIFYASDF=1",
        "ENV NODE_TLS_REJECT_UNAUTHORIZED=1",
        "ENV NPM_CONFIG_STRICT_SSL true",
        "ARG npm_config_strict_ssllol=false",
        "ENV PIP_TRUSTED_HOST=",
        "ARG GIT_SSL_NO_VERIFY",
    ] {
        assert!(found(rule, &format!("FROM a\n{ok}\n")).is_empty(), "{ok}");
    }
    assert!(
        found(rule, "# checkov:skip=CKV2_DOCKER_6: test image\nFROM a\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n")
            .is_empty()
    );
}

#[test]
fn trusted_registries() {
    let toml = Some("trusted-registries = [\"docker.io\", \"*.gcr.io\", \"ghcr.io/my-org\"]");
    let rule = "untrusted-registry";
    let src = "FROM alpine:3 AS a\nFROM a\nFROM gcr.io/x/y\nFROM eu.gcr.io/x/y\nFROM ghcr.io/my-org/app\n\
               FROM ghcr.io/other/app\nCOPY --from=quay.io/x/y:1 /a /b\nCOPY --from=a /a /b\n\
               RUN --mount=from=quay.io/m/n,target=/m true\nFROM $IMAGE\nFROM scratch\n";
    assert_eq!(lines_with(rule, toml, src), [3, 6, 7, 9]);
    // Without the option, silent.
    assert!(found(rule, "FROM quay.io/x/y\n").is_empty());
}

fn lines_with(rule: &str, toml: Option<&str>, src: &str) -> Vec<u32> {
    found_with(rule, toml, src).into_iter().map(|(l, _)| l).collect()
}

#[test]
fn numeric_users() {
    let rule = "user-non-numeric";
    assert_eq!(
        lines(
            rule,
            "FROM a\nUSER foo\nUSER 1000\nUSER foo:bar\nUSER 1000:bar\nARG U\nUSER $U\nUSER ${U:-app}\n"
        ),
        [2, 4]
    );
    assert_eq!(
        fixed(
            rule,
            "FROM a\nUSER root\nUSER root:root\nUSER root:10\nUSER root:wheel\n",
            Applicability::Safe
        ),
        "FROM a\nUSER 0\nUSER 0:0\nUSER 0:10\nUSER root:wheel\n"
    );
    assert!(
        found(rule, "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n").is_empty()
    );
    assert!(found(rule, "FROM a\nSHELL [\"pwsh\", \"-c\"]\nUSER ContainerUser\n").is_empty());
}

// --- build context ---

#[test]
fn copy_ignored_files() {
    let rule = "copy-ignored-file";
    let linter = linter(rule, None);
    let src =
        "FROM a\nCOPY node_modules/x.js ./src /app/\nCOPY --from=b node_modules /c\nADD https://x.io/a /b\n";
    let ctx = MemoryContext::new().with_dockerignore("# deps\nnode_modules\n*.log\n");
    let found = linter.check_with_context(src, Some(&ctx));
    assert_eq!(found.len(), 1);
    assert_eq!(&src[found[0].span.start as usize..found[0].span.end as usize], "node_modules/x.js");
    assert!(found[0].message.contains("`node_modules`"));
    // BuildKit does not judge ignore files with exceptions; nothing without a context.
    let with_exception = MemoryContext::new().with_dockerignore("node_modules\n!node_modules/keep\n");
    assert!(linter.check_with_context(src, Some(&with_exception)).is_empty());
    assert!(linter.check(src).is_empty());
    // The whole context only when everything is ignored.
    let all = MemoryContext::new().with_dockerignore("**\n");
    assert_eq!(linter.check_with_context("FROM a\nCOPY . /app\n", Some(&all)).len(), 1);
    let some = MemoryContext::new().with_dockerignore("*.md\n");
    assert!(linter.check_with_context("FROM a\nCOPY . /app\nCOPY ./docs /d\n", Some(&some)).is_empty());
}

#[test]
fn copy_missing_sources() {
    let rule = "copy-source-not-found";
    let linter = linter(rule, None);
    let ctx = MemoryContext::new()
        .with_files(["src/main.rs", "Cargo.toml", "target/x"])
        .with_dockerignore("target\n");
    let src = "FROM a\nCOPY Cargo.toml Cargo.lock ./\nCOPY src /src\nCOPY *.md /d/\nCOPY target /t\nCOPY $X /x\nCOPY ./../Cargo.toml /\n";
    let found: Vec<u32> = linter.check_with_context(src, Some(&ctx)).iter().map(|d| d.column).collect();
    assert_eq!(found, [17]);
    // Unknown existence: silent.
    assert!(linter.check_with_context(src, Some(&MemoryContext::new())).is_empty());
}

#[test]
fn filesystem_context() {
    let dir = std::env::temp_dir().join(format!("dockwright-context-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/main.py"), "").unwrap();
    std::fs::write(dir.join(".dockerignore"), "secrets\n").unwrap();
    std::fs::write(dir.join("Dockerfile.dev.dockerignore"), "app\n").unwrap();
    let plain = dockwright::FsContext::new(&dir).unwrap();
    let dev = dockwright::FsContext::for_dockerfile(&dir, &dir.join("Dockerfile.dev")).unwrap();
    use dockwright::BuildContext;
    assert_eq!(plain.exists("app/main.py"), Some(true));
    assert_eq!(plain.exists("app/other.py"), Some(false));
    assert_eq!(plain.dockerignore(), Some("secrets\n"));
    assert_eq!(dev.dockerignore(), Some("app\n"));
    let src = "FROM a\nCOPY app /app\nCOPY secrets /s\n";
    let ignored = linter("copy-ignored-file", None);
    assert_eq!(ignored.check_with_context(src, Some(&plain)).len(), 1);
    assert_eq!(ignored.check_with_context(src, Some(&dev))[0].line, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

// --- opt-in rules ---

#[test]
fn healthcheck_and_definitions() {
    let rule = "missing-healthcheck";
    assert!(dockwright::rules::find(rule).is_some_and(|r| !r.meta().default_enabled));
    assert_eq!(lines(rule, "FROM a AS base\nFROM b\n"), [2]);
    assert!(found(rule, "FROM a AS base\nHEALTHCHECK CMD true\nFROM base\n").is_empty());
    assert!(found(rule, "FROM a\nHEALTHCHECK NONE\n").is_empty());
    // Only the built image counts.
    assert_eq!(lines(rule, "FROM a AS build\nHEALTHCHECK CMD true\nFROM b\n"), [3]);

    let rule = "invalid-definition-description";
    // BuildKit's bad and good examples.
    let bad = "# a non-descriptive comment\nFROM scratch AS base\n\n# another non-descriptive comment\nARG VERSION=1\n";
    assert_eq!(lines(rule, bad), [1, 4]);
    for good in [
        "# a non-descriptive comment\n\nFROM scratch AS base\n\n# another non-descriptive comment\n\nARG VERSION=1\n",
        "# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\nARG VERSION=1\n",
        "# a comment\nFROM scratch\n",
    ] {
        assert!(found(rule, good).is_empty(), "{good}");
    }

    let rule = "inline-ignore-used";
    let src = "# check=skip=all\n# hadolint global ignore=DL3006\nFROM a\n# dockwright ignore=x\nRUN a\n\
               # trivy:ignore:DS-0002\nRUN b\n# checkov:skip=CKV_DOCKER_2: r\n";
    assert_eq!(lines(rule, src), [1, 2, 4, 6, 8]);
}

// --- syntax errors under hadolint's and Trivy's ids ---

#[test]
fn syntax_error_aliases() {
    let rule = "syntax-error";
    assert_eq!(lines(rule, "FROM a\nEXPOSE 70000\n"), [2]);
    assert_eq!(
        lines(rule, "FROM a\nONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD MAINTAINER me\n"),
        [2, 3, 4]
    );
    assert_eq!(lines(rule, "RUN x\nFROM a\n"), [1]);
    for (id, src) in [
        ("DL3011", "FROM a\n# hadolint ignore=DL3011\nEXPOSE 70000\n"),
        ("DS-0008", "FROM a\n# trivy:ignore:DS-0008\nEXPOSE 70000\n"),
        ("DL3043", "FROM a\n# hadolint ignore=DL3043\nONBUILD ONBUILD RUN x\n"),
        ("DL3061", "# hadolint global ignore=DL3061\nRUN x\nFROM a\n"),
    ] {
        assert!(found(rule, src).is_empty(), "{id}");
    }
}

// --- safe fixes keep the build the same, over the whole corpus ---

mod support;

/// ENV and LABEL pairs as the build sees them: keys and values processed with variables set.
fn processed_pairs(src: &str) -> Vec<(String, Option<String>, Option<String>)> {
    use dockwright::expand::Lex;
    use dockwright::model::InstructionKind;
    let doc = dockwright::parse(src);
    let lex = Lex::new(doc.escape);
    let env = [("HOME", "/root"), ("PATH", "/bin:/usr/bin"), ("VERSION", "1 2")];
    let mut out = Vec::new();
    for ins in &doc.instructions {
        let ins = ins.effective();
        if let InstructionKind::Env(kv) | InstructionKind::Label(kv) = &ins.kind {
            for pair in &kv.pairs {
                let key = lex.process_word(&pair.key.text, &env).ok().map(|v| v.into_owned());
                let value = lex.process_word(&pair.value.text, &env).ok().map(|v| v.into_owned());
                out.push((ins.keyword.to_string(), key, value));
            }
        }
    }
    out
}

#[test]
fn safe_structural_fixes_do_not_change_the_build() {
    let test = "safe_structural_fixes_do_not_change_the_build";
    let Some(dir) = support::shared_path("corpus/files", test) else { return };
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let casing = [
        "stage-name-casing",
        "from-as-casing",
        "consistent-instruction-casing",
        "expose-proto-casing",
        "no-empty-continuation",
    ];
    let casing_linter = Linter::new(Config {
        select: Some(casing.iter().map(|s| s.to_string()).collect()),
        ..Config::default()
    })
    .unwrap();
    let legacy = linter("legacy-key-value-format", None);
    let (mut cased, mut rewritten) = (0, 0);
    let mut problems = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let Ok(decoded) = dockwright::decode(&bytes) else { continue };
        let text = decoded.text.as_ref();
        // Casing and empty lines: the same file once case is ignored, as BuildKit reads it.
        let outcome = casing_linter.fix(text, Applicability::Safe);
        if outcome.changed() {
            cased += 1;
            let dump = |s: &str| dockwright::buildkit_dump(&dockwright::parse(s)).to_lowercase();
            if dump(text) != dump(&outcome.output) {
                problems.push(format!("{}: casing fixes changed the build", path.display()));
            }
        }
        // Legacy ENV/LABEL: every pair keeps its processed key and value.
        let outcome = legacy.fix(text, Applicability::Safe);
        if outcome.changed() {
            rewritten += 1;
            if processed_pairs(text) != processed_pairs(&outcome.output) {
                problems.push(format!("{}: key=value rewrite changed a value", path.display()));
            }
        }
    }
    assert!(cased > 100 && rewritten > 1000, "only {cased} and {rewritten} files fixed");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
