//! The rules that read `RUN` scripts, on the edge cases hadolint, Trivy and Checkov get wrong or
//! that their documentation describes: exact positions inside multi-line `RUN`s, heredocs,
//! `--mount=type=cache`, `ONBUILD`, wrappers, suppression through the other tools' ids, fixes,
//! and Trivy's and Checkov's own good/bad examples (re-written here).

use dockwright::{Applicability, Config, Diagnostic, Linter};

fn linter(rule: &str) -> Linter {
    Linter::new(Config { select: Some(vec![rule.to_string()]), ..Config::default() }).unwrap()
}

fn check(rule: &str, src: &str) -> Vec<Diagnostic> {
    let code = dockwright::rules::find(rule).unwrap().meta().code;
    linter(rule).check(src).into_iter().filter(|d| d.code == code).collect()
}

/// `(line, column)` of each finding of `rule`.
fn at(rule: &str, src: &str) -> Vec<(u32, u32)> {
    check(rule, src).iter().map(|d| (d.line, d.column)).collect()
}

/// The text each finding underlines.
fn underlined(rule: &str, src: &str) -> Vec<String> {
    check(rule, src).iter().map(|d| src[d.span.start as usize..d.span.end as usize].to_string()).collect()
}

fn fixed(rule: &str, src: &str, allow: Applicability) -> String {
    linter(rule).fix(src, allow).output
}

fn fix_offered(rule: &str, src: &str) -> bool {
    check(rule, src).iter().any(|d| d.fix.is_some())
}

// --- positions, wrappers, heredocs, ONBUILD --------------------------------------------------

#[test]
fn findings_point_at_the_command_inside_a_multi_line_run() {
    let src = "FROM debian:12\nRUN apt-get update \\\n && apt-get install \\\n      curl \\\n && sudo ls\n";
    assert_eq!(at("install-without-assume-yes", src), [(3, 5)]);
    assert_eq!(underlined("install-without-assume-yes", src), ["apt-get install \\\n      curl"]);
    assert_eq!(at("sudo-in-run", src), [(5, 5)]);
    assert_eq!(underlined("sudo-in-run", src), ["sudo"]);
}

#[test]
fn wrappers_and_sh_c_strings_are_seen_through() {
    assert_eq!(at("sudo-in-run", "FROM a\nRUN env sudo ls\n"), [(2, 9)]);
    assert_eq!(at("sudo-in-run", "FROM a\nRUN sh -c 'sudo ls'\n"), [(2, 12)]);
    assert!(at("sudo-in-run", "FROM a\nRUN echo sudo\n").is_empty());
    assert_eq!(at("meaningless-command", "FROM a\nRUN sudo service nginx start\n"), [(2, 10)]);
    assert!(at("meaningless-command", "FROM a\nRUN pkill nginx; ssh-keygen -A\n").is_empty());
    assert_eq!(at("install-without-assume-yes", "FROM a\nRUN bash -c 'apt-get install curl'\n"), [(2, 14)]);
}

#[test]
fn heredoc_scripts_are_checked_line_by_line() {
    let src = "FROM debian:12\nRUN <<EOF\nset -e\napt-get install curl\nEOF\n";
    assert_eq!(at("install-without-assume-yes", src), [(4, 1)]);
    // A heredoc after the command line of another RUN does not confuse the next instruction.
    let src = "FROM debian:12\nRUN <<EOF\necho hi\nEOF\nRUN sudo ls\n";
    assert_eq!(at("sudo-in-run", src), [(5, 5)]);
}

#[test]
fn onbuild_triggers_are_checked() {
    assert_eq!(at("sudo-in-run", "FROM a\nONBUILD RUN sudo make\n"), [(2, 13)]);
    assert_eq!(at("install-without-assume-yes", "FROM a\nONBUILD RUN apt-get install x\n"), [(2, 13)]);
}

#[test]
fn other_tools_ids_suppress_the_rules() {
    let sudo = "FROM a\nRUN sudo ls\n";
    assert_eq!(check("sudo-in-run", sudo).len(), 1);
    for comment in
        ["# hadolint ignore=DL3004", "# trivy:ignore:DS-0010", "# checkov:skip=CKV2_DOCKER_1: needed"]
    {
        let src = format!("FROM a\n{comment}\nRUN sudo ls\n");
        assert!(check("sudo-in-run", &src).is_empty(), "{comment}");
    }
    let src = "FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n";
    assert!(check("pin-system-package-versions", src).is_empty());
    let src = "FROM a\n# checkov:skip=CKV2_DOCKER_7: local package\nRUN apk add --allow-untrusted /x.apk\n";
    assert!(check("package-signature-check-disabled", src).is_empty());
    // An id of a rule suppresses that rule only.
    let src = "FROM a\n# hadolint ignore=DL3003\nRUN sudo ls\n";
    assert_eq!(check("sudo-in-run", src).len(), 1);
}

// --- install-without-assume-yes ----------------------------------------------------------------

#[test]
fn assume_yes_spellings_and_fixes() {
    let rule = "install-without-assume-yes";
    for ok in [
        "apt-get install -y x",
        "apt-get -qq install x",
        "apt-get --yes install x",
        "apt-get install --assume-yes x",
        "apt-get -o APT::Get::Assume-Yes=true install x",
        "yum -y install x",
        "dnf install --assumeyes x",
        "zypper -n install x",
        "zypper --non-interactive in x",
        "zypper install -y x",
        "apt-get update",
        "apk add x",
    ] {
        assert!(at(rule, &format!("FROM a\nRUN {ok}\n")).is_empty(), "{ok}");
    }
    for bad in [
        "apt-get install x",
        "apt-get -q install x",
        "yum install x",
        "microdnf install x",
        "apt-get remove x",
    ] {
        assert_eq!(at(rule, &format!("FROM a\nRUN {bad}\n")).len(), 1, "{bad}");
    }
    let fix = |s: &str| fixed(rule, &format!("FROM a\nRUN {s}\n"), Applicability::Safe);
    assert_eq!(
        fix("DEBIAN_FRONTEND=noninteractive apt-get install x"),
        "FROM a\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y x\n"
    );
    assert_eq!(fix("zypper in x"), "FROM a\nRUN zypper -n in x\n");
    assert_eq!(fix("dnf install x && dnf clean all"), "FROM a\nRUN dnf install -y x && dnf clean all\n");
    // microdnf before 3.9 rejects -y: the fix is there, but unsafe.
    let microdnf = "FROM ubi-minimal\nRUN microdnf install x\n";
    assert_eq!(fixed(rule, microdnf, Applicability::Safe), microdnf);
    assert_eq!(fixed(rule, microdnf, Applicability::Unsafe), "FROM ubi-minimal\nRUN microdnf install -y x\n");
}

// --- missing-pipefail --------------------------------------------------------------------------

#[test]
fn pipefail_from_the_shell_or_the_script() {
    let rule = "missing-pipefail";
    assert_eq!(at(rule, "FROM a\nRUN curl -f x | tar -xz\n"), [(2, 5)]);
    assert_eq!(underlined(rule, "FROM a\nRUN curl -f x | tar -xz\n"), ["curl -f x | tar -xz"]);
    for ok in [
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | tar -xz",
        "SHELL [\"/bin/bash\", \"-euxo\", \"pipefail\", \"-c\"]\nRUN curl x | tar -xz",
        "RUN set -euo pipefail; curl x | tar -xz",
        "RUN set -e -o pipefail && curl x | tar -xz",
        "RUN yes | apt-get install x",
        "RUN curl x || true",
        "RUN [\"bash\", \"-o\", \"pipefail\", \"-c\", \"curl x | sh\"]",
        "SHELL [\"pwsh\", \"-Command\"]\nRUN Get-Thing | Out-Null",
    ] {
        assert!(at(rule, &format!("FROM a\n{ok}\n")).is_empty(), "{ok}");
    }
    // Pipes fed by echo are covered by the same SHELL setting, and reported like the others.
    assert_eq!(at(rule, "FROM a\nRUN echo \"$SUM  f\" | sha256sum -c -\n").len(), 1);
    // `set -o pipefail` after the pipe does not cover it.
    assert_eq!(at(rule, "FROM a\nRUN curl x | sh; set -o pipefail\n").len(), 1);
    // One finding per RUN.
    assert_eq!(at(rule, "FROM a\nRUN curl x | sh && wget -O- y | sh\n").len(), 1);
    // `RUN ["sh", "-c", ...]` does not use SHELL.
    assert_eq!(at(rule, "FROM a\nRUN [\"sh\", \"-c\", \"curl x | sh\"]\n").len(), 1);
}

#[test]
fn pipefail_in_heredocs() {
    let rule = "missing-pipefail";
    assert_eq!(at(rule, "FROM a\nRUN <<EOF\ncurl x | sh\nEOF\n"), [(3, 1)]);
    assert!(at(rule, "FROM a\nRUN <<EOF\nset -o pipefail\ncurl x | sh\nEOF\n").is_empty());
    assert!(at(rule, "FROM a\nRUN <<EOF\n#!/bin/bash -eo pipefail\ncurl x | sh\nEOF\n").is_empty());
    // SHELL's pipefail reaches `RUN <<EOF`, but not a shell started by the command line.
    let shell = "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n";
    assert!(at(rule, &format!("{shell}RUN <<EOF\ncurl x | sh\nEOF\n")).is_empty());
    assert_eq!(at(rule, &format!("{shell}RUN bash <<EOF\ncurl x | sh\nEOF\n")), [(4, 1)]);
}

#[test]
fn pipefail_fix_only_under_a_shell_that_has_it() {
    let rule = "missing-pipefail";
    let bash = "FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl x | tar -xz\n";
    assert_eq!(
        fixed(rule, bash, Applicability::Unsafe),
        "FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN set -o pipefail; curl x | tar -xz\n"
    );
    assert_eq!(fixed(rule, bash, Applicability::Safe), bash);
    assert!(!fix_offered(rule, "FROM a\nRUN curl x | tar -xz\n"));
}

// --- cache rules -------------------------------------------------------------------------------

#[test]
fn apk_cache_mounts_cleanup_and_stages() {
    let rule = "apk-no-cache";
    assert_eq!(at(rule, "FROM alpine\nRUN apk add curl\n"), [(2, 5)]);
    for ok in [
        "RUN apk add --no-cache curl",
        "RUN --mount=type=cache,target=/var/cache/apk apk add curl",
        "RUN apk update && apk add curl && rm -rf /var/cache/apk/*",
        "RUN apk add --no-network --virtual .rundeps $runDeps",
        "RUN apk add curl && rm -rf /var/cache/apk*",
    ] {
        assert!(at(rule, &format!("FROM alpine\n{ok}\n")).is_empty(), "{ok}");
    }
    // A throw-away build stage is not judged.
    assert!(
        at(rule, "FROM alpine AS build\nRUN apk add gcc\nFROM alpine\nCOPY --from=build /x /x\n").is_empty()
    );
    assert_eq!(
        fixed(rule, "FROM alpine\nRUN apk add curl\n", Applicability::Safe),
        "FROM alpine\nRUN apk add --no-cache curl\n"
    );
    // `apk cache clean` empties the package cache, not the indexes.
    assert_eq!(at(rule, "FROM alpine\nRUN apk add curl && apk cache clean\n").len(), 1);
}

#[test]
fn rpm_cache_cleanup_families_and_fixes() {
    let rule = "rpm-cache-cleanup";
    assert_eq!(
        fixed(rule, "FROM centos:7\nRUN yum install -y httpd\n", Applicability::Safe),
        "FROM centos:7\nRUN yum install -y httpd && yum clean all\n"
    );
    assert_eq!(
        fixed(rule, "FROM opensuse/leap\nRUN zypper -n in curl\n", Applicability::Safe),
        "FROM opensuse/leap\nRUN zypper -n in curl && zypper clean --all\n"
    );
    assert_eq!(
        fixed(rule, "FROM fedora\nRUN dnf install -y a \\\n && dnf install -y b\n", Applicability::Safe),
        "FROM fedora\nRUN dnf install -y a \\\n && dnf install -y b \\\n && dnf clean all\n"
    );
    for ok in [
        "RUN yum install -y a && rm -rf /var/cache/yum",
        "RUN dnf install -y a && yum clean all",
        "RUN --mount=type=cache,target=/var/cache/dnf dnf install -y a",
        "RUN microdnf install -y a && microdnf clean all",
        "RUN zypper -n in a && zypper cc -a",
        "RUN yum makecache",
    ] {
        assert!(at(rule, &format!("FROM x\n{ok}\n")).is_empty(), "{ok}");
    }
    assert_eq!(at(rule, "FROM x\nRUN yum -y update\n").len(), 1);
    // A later RUN installs from the cache alone: no fix.
    assert!(!fix_offered(rule, "FROM x\nRUN dnf install -y a\nRUN dnf install -y -C b && dnf clean all\n"));
}

#[test]
fn yarn_cache() {
    let rule = "yarn-cache-clean";
    assert_eq!(at(rule, "FROM node\nRUN yarn install --frozen-lockfile\n"), [(2, 5)]);
    assert_eq!(at(rule, "FROM node\nRUN yarn\n").len(), 1);
    for ok in [
        "RUN yarn install && yarn cache clean",
        "RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install",
        "RUN yarn install && rm -rf /usr/local/share/.cache/yarn",
        "RUN yarn install --cache-folder /tmp/yc && rm -rf /tmp/yc",
    ] {
        assert!(at(rule, &format!("FROM node\n{ok}\n")).is_empty(), "{ok}");
    }
    assert!(!fix_offered(
        rule,
        "FROM node\nRUN yarn install\nRUN yarn install --offline && yarn cache clean\n"
    ));
}

/// `PIP_NO_CACHE_DIR` turns pip's cache off where it is visible: set in the stage before the
/// install or by ENV in a stage it is built on, and not set back to false since.
#[test]
fn pip_cache_off_by_the_variable_in_force() {
    let rule = "pip-no-cache-dir";
    let install = "RUN pip install flask";
    for (setup, reported) in [
        ("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1", false),
        ("FROM python:3.12\nARG PIP_NO_CACHE_DIR=on", false),
        ("FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base AS mid\nFROM mid", false),
        ("FROM python:3.12 AS base\nARG PIP_NO_CACHE_DIR=1\nFROM base", true),
        ("FROM python:3.12 AS other\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12", true),
        ("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nENV PIP_NO_CACHE_DIR=false", true),
        ("FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nENV PIP_NO_CACHE_DIR='yes'", false),
        ("ARG PIP_NO_CACHE_DIR=1\nFROM python:3.12", true),
    ] {
        let src = format!("{setup}\n{install}\n");
        assert_eq!(at(rule, &src).len(), usize::from(reported), "{src}");
    }
    let after = format!("FROM python:3.12\n{install}\nENV PIP_NO_CACHE_DIR=1\n");
    assert_eq!(at(rule, &after).len(), 1, "a later ENV does not count");
}

/// A later install that needs what the cleanup would delete keeps the fix away, in the same stage
/// or in a stage built on this one (directly or not), but not in an unrelated stage.
#[test]
fn cleanup_fixes_look_at_the_layers_built_on_top() {
    let cases = [
        ("apt-lists-cleanup", "RUN apt-get update && apt-get install -y a", "RUN apt-get install -y b"),
        ("rpm-cache-cleanup", "RUN dnf install -y a", "RUN dnf install -y -C b && dnf clean all"),
        ("yarn-cache-clean", "RUN yarn install", "RUN yarn install --offline && yarn cache clean"),
    ];
    for (rule, first, later) in cases {
        let same_stage = format!("FROM x AS base\n{first}\n{later}\n");
        let child = format!("FROM x AS base\n{first}\nFROM base AS mid\nRUN true\nFROM mid\n{later}\n");
        let unrelated = format!("FROM x AS base\n{first}\nFROM y AS other\n{later}\nFROM base\n");
        let earlier = format!("FROM x AS base\n{later}\n{first}\n");
        for (src, offered) in [(&same_stage, false), (&child, false), (&unrelated, true), (&earlier, true)] {
            let first_line = src.lines().position(|l| l == first).expect("in the source") as u32 + 1;
            let findings = check(rule, src);
            let on_first = findings.iter().find(|d| d.line == first_line);
            assert_eq!(on_first.map(|d| d.fix.is_some()), Some(offered), "{rule}: {src}");
        }
    }
}

// --- useradd, archives, curl and wget ------------------------------------------------------------

#[test]
fn useradd_uids_from_literals_and_variables() {
    let rule = "useradd-no-log-init";
    assert_eq!(underlined(rule, "FROM a\nRUN useradd -u 1000000 app\n"), ["1000000"]);
    assert_eq!(underlined(rule, "FROM a\nRUN useradd --uid=1000000 app\n"), ["1000000"]);
    assert!(at(rule, "FROM a\nRUN useradd -u 99999 app\n").is_empty());
    assert!(at(rule, "FROM a\nRUN useradd -l -u 1000000 app\n").is_empty());
    assert!(at(rule, "FROM a\nARG UID=1000\nRUN useradd -u $UID app\n").is_empty());
    assert_eq!(at(rule, "FROM a\nARG UID=1000000\nRUN useradd -u \"${UID}\" app\n").len(), 1);
    assert!(at(rule, "FROM a\nRUN useradd -u $UID app\n").is_empty(), "unknown value");
    assert_eq!(
        fixed(rule, "FROM a\nRUN useradd -u 1000000 app\n", Applicability::Safe),
        "FROM a\nRUN useradd -l -u 1000000 app\n"
    );
}

#[test]
fn archives_copied_then_unpacked() {
    let rule = "extract-archive-with-add";
    let src = "FROM a\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n";
    assert_eq!(underlined(rule, src), ["app.tar.gz"]);
    for run in
        ["tar xzf /tmp/app.tar.gz", "tar --extract --file=/tmp/app.tar.gz", "tar -x -f /tmp/app.tar.gz"]
    {
        assert_eq!(at(rule, &format!("FROM a\nCOPY app.tar.gz /tmp/\nRUN {run}\n")), [(2, 6)], "{run}");
    }
    // Relative paths resolve against WORKDIR.
    assert_eq!(at(rule, "FROM a\nWORKDIR /src\nCOPY app.tar.gz .\nRUN tar -xf /src/app.tar.gz\n").len(), 1);
    for ok in [
        "COPY app.zip /tmp/\nRUN unzip /tmp/app.zip",
        "COPY app.tar.gz /tmp/\nRUN tar -czf /tmp/app.tar.gz /x",
        "COPY app.tar.gz /tmp/\nRUN tar -xzf /other.tar.gz",
        "COPY --from=build /app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz",
    ] {
        assert!(at(rule, &format!("FROM a\n{ok}\n")).is_empty(), "{ok}");
    }
}

#[test]
fn curl_and_wget_from_the_second_tool_on() {
    let rule = "curl-and-wget";
    let src = "FROM a AS other\nRUN wget q\nFROM a\nRUN curl -o /a x\nRUN wget y\nRUN curl -o /b z\n";
    assert_eq!(at(rule, src), [(5, 5), (6, 5)]);
    assert!(at(rule, "FROM a AS build\nRUN curl x && wget y\nFROM a\n").is_empty());
}

// --- security ------------------------------------------------------------------------------------

#[test]
fn sudo_fix_only_while_the_build_runs_as_root() {
    let rule = "sudo-in-run";
    assert_eq!(
        fixed(rule, "FROM a\nRUN sudo make install\n", Applicability::Unsafe),
        "FROM a\nRUN make install\n"
    );
    assert!(!fix_offered(rule, "FROM a\nUSER app\nRUN sudo make install\n"));
    assert!(!fix_offered(rule, "FROM a AS base\nUSER app\nFROM base\nRUN sudo make install\n"));
    assert!(!fix_offered(rule, "FROM a\nRUN sudo -E make install\n"));
    let message = |src: &str| check(rule, src)[0].message.clone();
    assert!(message("FROM a\nRUN sudo -u app make\n").starts_with("`sudo -u app` in a RUN"));
    assert!(message("FROM a\nUSER app\nRUN sudo make\n").contains("passwordless sudo"));
}

#[test]
fn package_signature_checks() {
    let rule = "package-signature-check-disabled";
    for (bad, word) in [
        ("apk add --allow-untrusted /x.apk", "--allow-untrusted"),
        ("apt-get install -y --allow-unauthenticated x", "--allow-unauthenticated"),
        ("apt-get install -y --force-yes x", "--force-yes"),
        (
            "apt-get -o APT::Get::AllowUnauthenticated=true install x",
            "-o APT::Get::AllowUnauthenticated=true",
        ),
        ("yum install -y --nogpgcheck x", "--nogpgcheck"),
        ("tdnf install -y --nogpgcheck x", "--nogpgcheck"),
        ("dnf install -y --setopt=gpgcheck=0 x", "--setopt=gpgcheck=0"),
        ("zypper --no-gpg-checks in x", "--no-gpg-checks"),
        ("rpm -ivh --nosignature x.rpm", "--nosignature"),
        ("rpm -i --nodigest x.rpm", "--nodigest"),
        ("sudo rpm -Uvh --noverify x.rpm", "--noverify"),
    ] {
        assert_eq!(underlined(rule, &format!("FROM a\nRUN {bad}\n")), [word], "{bad}");
    }
    for ok in [
        "apk add --no-cache x",
        "dnf install -y --setopt=repo_gpgcheck=0 x",
        "rpm --import key.asc",
        "echo --nogpgcheck",
    ] {
        assert!(at(rule, &format!("FROM a\nRUN {ok}\n")).is_empty(), "{ok}");
    }
}

#[test]
fn passwords() {
    let rule = "password-in-run";
    for bad in [
        "echo 'root:x' | chpasswd",
        "echo x | passwd --stdin root",
        "passwd -d root",
        "usermod -p \"$HASH\" app",
    ] {
        assert_eq!(at(rule, &format!("FROM a\nRUN {bad}\n")).len(), 1, "{bad}");
    }
    for ok in ["usermod -p '!' app", "useradd -p '*' app", "passwd -l root"] {
        assert!(at(rule, &format!("FROM a\nRUN {ok}\n")).is_empty(), "{ok}");
    }
}

// --- style ---------------------------------------------------------------------------------------

#[test]
fn cd_first_per_run_and_not_in_sh_c() {
    let rule = "workdir-instead-of-cd";
    assert_eq!(underlined(rule, "FROM a\nRUN cd /src && make && cd / && rm -rf /src\n"), ["cd /src"]);
    assert_eq!(at(rule, "FROM a\nRUN (cd /src && make)\n"), [(2, 6)]);
    assert!(at(rule, "FROM a\nRUN sh -c 'cd /src && make'\n").is_empty());
}

#[test]
fn apt_to_apt_get() {
    let rule = "prefer-apt-get";
    assert_eq!(
        fixed(rule, "FROM a\nRUN apt update && apt install -y x && apt show x\n", Applicability::Unsafe),
        "FROM a\nRUN apt-get update && apt-get install -y x && apt-cache show x\n"
    );
    assert!(!fix_offered(rule, "FROM a\nRUN apt list --installed\n"));
    assert!(at(rule, "FROM a\nRUN apt-get update && apt-cache policy x\n").is_empty());
}

#[test]
fn wget_progress() {
    let rule = "wget-without-progress";
    for ok in
        ["wget -q x", "wget -nv x", "wget --progress=dot:giga x", "wget -o log x", "wget --no-verbose x"]
    {
        assert!(at(rule, &format!("FROM a\nRUN {ok}\n")).is_empty(), "{ok}");
    }
    assert_eq!(
        fixed(rule, "FROM a\nRUN wget -O /x https://e/x\n", Applicability::Unsafe),
        "FROM a\nRUN wget --progress=dot:giga -O /x https://e/x\n"
    );
}

#[test]
fn relinking_bin_sh() {
    let rule = "relink-bin-sh";
    assert_eq!(underlined(rule, "FROM a\nRUN ln -sf /bin/bash /bin/sh\n"), ["/bin/sh"]);
    assert!(at(rule, "FROM a\nRUN ln -s /bin/sh /bin/bash\n").is_empty());
    assert!(at(rule, "FROM a\nRUN ln -s /usr/bin/python3 /usr/bin/python\n").is_empty());
}

// --- version pinning -----------------------------------------------------------------------------

#[test]
fn system_pinning_is_off_by_default_and_reads_variables() {
    let rule = "pin-system-package-versions";
    let src = "FROM debian:12\nRUN apt-get install -y curl\n";
    assert!(Linter::with_defaults().check(src).iter().all(|d| d.name != rule));
    assert_eq!(underlined(rule, src), ["curl"]);
    for ok in [
        "RUN apt-get install -y curl=7.88.1-10 ./local.deb curl/bookworm-backports",
        "ARG PKGS=\"curl=1 git=2\"\nRUN apt-get install -y $PKGS",
        "RUN apt-get install -y $FROM_ELSEWHERE",
        "RUN apk add curl=8.5.0-r0 git~2.43",
        "RUN yum install -y java-1.8.0-openjdk-1.8.0.392 /tmp/x.rpm @core nodejs:18",
        "RUN zypper -n in 'curl>=8'",
    ] {
        assert!(at(rule, &format!("FROM debian:12\n{ok}\n")).is_empty(), "{ok}");
    }
    let src = "FROM debian:12\nRUN buildDeps='gcc=12 make' && apt-get install -y $buildDeps\n";
    let found = check(rule, src);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("`make`"), "{}", found[0].message);
    assert_eq!(
        check(rule, "FROM a\nRUN yum install -y httpd mod_ssl\n")[0].message,
        "`httpd` and `mod_ssl` are installed by yum without a version"
    );
}

#[test]
fn language_pinning() {
    let rule = "pin-language-package-versions";
    for ok in [
        "pip install -r requirements.txt flask",
        "pip install flask==3.0 'gunicorn>=22' . ./lib git+https://x/y.git x.whl",
        "pip install -c constraints.txt flask",
        "npm ci",
        "npm install",
        "npm install -g typescript@5.4.5 . ./pkg",
        "gem install rails -v 7.1",
        "gem install rails:7.1",
        "go install ./...",
        "go install example.com/tool@v1.2.3",
        "cargo install ripgrep --version 14.1.0",
        "yarn install --frozen-lockfile",
    ] {
        assert!(at(rule, &format!("FROM a\nRUN {ok}\n")).is_empty(), "{ok}");
    }
    for (bad, shown) in [
        ("pip install -U pip setuptools", "pip setuptools"),
        ("python3 -m pip install flask", "flask"),
        ("npm install -g npm@latest", "npm@latest"),
        ("npm i express", "express"),
        ("yarn global add @vue/cli", "@vue/cli"),
        ("go install example.com/tool@latest", "example.com/tool@latest"),
        ("gem install bundler", "bundler"),
    ] {
        assert_eq!(underlined(rule, &format!("FROM a\nRUN {bad}\n")), [shown], "{bad}");
    }
}

// --- Trivy's and Checkov's examples, re-written ----------------------------------------------------

/// (id, bad, good): each `bad` Dockerfile is reported under `id`, each `good` one is not.
const PEER_EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "DS-0010",
        "FROM alpine:3.20\nRUN sudo pip install flask\n",
        "FROM alpine:3.20\nRUN pip install flask\n",
    ),
    (
        "DS-0013",
        "FROM alpine:3.20\nRUN cd /usr/share/nginx/html\n",
        "FROM alpine:3.20\nWORKDIR /usr/share/nginx/html\n",
    ),
    (
        "DS-0014",
        "FROM debian:12-slim\nRUN wget https://e.org/a.tgz\nRUN curl -O https://e.org/b.tgz\n",
        "FROM debian:12-slim\nRUN curl -O https://e.org/a.tgz\nRUN curl -O https://e.org/b.tgz\n",
    ),
    (
        "DS-0015",
        "FROM centos:7\nRUN yum install -y vim\n",
        "FROM centos:7\nRUN yum install -y vim && yum clean all\n",
    ),
    (
        "DS-0019",
        "FROM fedora:40\nRUN dnf install -y vim\n",
        "FROM fedora:40\nRUN dnf install -y vim && dnf clean all\n",
    ),
    (
        "DS-0020",
        "FROM opensuse/leap:15\nRUN zypper install -y bash\n",
        "FROM opensuse/leap:15\nRUN zypper install -y bash && zypper clean\n",
    ),
    (
        "DS-0021",
        "FROM ubuntu:24.04\nRUN apt-get install apt-utils\n",
        "FROM ubuntu:24.04\nRUN apt-get -y install apt-utils\n",
    ),
    ("DS-0025", "FROM alpine:3.20\nRUN apk add bash\n", "FROM alpine:3.20\nRUN apk add --no-cache bash\n"),
    (
        "DS-0027",
        "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y bash\n",
        "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y bash && microdnf clean all\n",
    ),
    (
        "CKV_DOCKER_9",
        "FROM ubuntu:24.04\nRUN apt install -y curl\n",
        "FROM ubuntu:24.04\nRUN apt-get install -y curl\n",
    ),
    (
        "CKV2_DOCKER_1",
        "FROM ubuntu:24.04\nRUN sudo apt-get update\n",
        "FROM ubuntu:24.04\nRUN apt-get update\n",
    ),
    (
        "CKV2_DOCKER_7",
        "FROM alpine:3.20\nRUN apk add --allow-untrusted bash\n",
        "FROM alpine:3.20\nRUN apk add bash\n",
    ),
    (
        "CKV2_DOCKER_8",
        "FROM ubuntu:24.04\nRUN apt-get install -y --allow-unauthenticated curl\n",
        "FROM ubuntu:24.04\nRUN apt-get install -y curl\n",
    ),
    (
        "CKV2_DOCKER_9",
        "FROM fedora:40\nRUN dnf install -y --nogpgcheck curl\n",
        "FROM fedora:40\nRUN dnf install -y curl\n",
    ),
    (
        "CKV2_DOCKER_10",
        "FROM fedora:40\nRUN rpm -i --nosignature /tmp/x.rpm\n",
        "FROM fedora:40\nRUN rpm -i /tmp/x.rpm\n",
    ),
    (
        "CKV2_DOCKER_11",
        "FROM ubuntu:24.04\nRUN apt-get install -y --force-yes curl\n",
        "FROM ubuntu:24.04\nRUN apt-get install -y curl\n",
    ),
    (
        "CKV2_DOCKER_17",
        "FROM ubuntu:24.04\nRUN echo 'root:secret' | chpasswd\n",
        "FROM ubuntu:24.04\nRUN passwd -l root\n",
    ),
];

#[test]
fn trivy_and_checkov_examples() {
    for (id, bad, good) in PEER_EXAMPLES {
        let rule = dockwright::rules::find(id).unwrap_or_else(|| panic!("no rule has alias {id}"));
        let name = rule.meta().name;
        assert!(!check(name, bad).is_empty(), "{id} ({name}) misses:\n{bad}");
        assert!(check(name, good).is_empty(), "{id} ({name}) reports:\n{good}");
    }
}

#[test]
fn tls_verification_on_the_command_line() {
    let rule = "tls-verification-disabled";
    for (bad, word) in [
        ("curl -fsSLk https://x", "-fsSLk"),
        ("curl --insecure -o /x https://x", "--insecure"),
        ("wget --no-check-certificate https://x", "--no-check-certificate"),
        ("pip install --trusted-host pypi.org flask==3", "--trusted-host pypi.org"),
        ("python3 -m pip install --trusted-host=pypi.org flask==3", "--trusted-host=pypi.org"),
        ("pip config set global.trusted-host pypi.org", "global.trusted-host pypi.org"),
        ("npm config set strict-ssl false", "strict-ssl false"),
        ("yarn config set strict-ssl false", "strict-ssl false"),
        ("npm install --no-strict-ssl", "--no-strict-ssl"),
        ("yum install -y --setopt=sslverify=false x", "--setopt=sslverify=false"),
        ("dnf --setopt sslverify=0 install -y x", "--setopt sslverify=0"),
        ("git config --global http.sslVerify false", "http.sslVerify false"),
        ("git -c http.sslVerify=false clone https://x", "http.sslVerify=false"),
        ("apt-get -o Acquire::https::Verify-Peer=false update", "-o Acquire::https::Verify-Peer=false"),
    ] {
        assert_eq!(underlined(rule, &format!("FROM a\nRUN {bad}\n")), [word], "{bad}");
    }
    for ok in [
        "curl -fsSL -o /k https://x",
        "curl -H k https://x",
        "wget -q https://x",
        "npm config set strict-ssl true",
        "dnf install -y --setopt=install_weak_deps=False x",
        "git config --global http.sslVerify true",
        "pip install --index-url https://x flask==3",
    ] {
        assert!(at(rule, &format!("FROM a\nRUN {ok}\n")).is_empty(), "{ok}");
    }
    for (id, bad) in [
        ("CKV2_DOCKER_2", "RUN curl -k https://x"),
        ("CKV2_DOCKER_3", "RUN wget --no-check-certificate https://x"),
        ("CKV2_DOCKER_4", "RUN pip install --trusted-host x y==1"),
        ("CKV2_DOCKER_13", "RUN npm config set strict-ssl false"),
        ("CKV2_DOCKER_15", "RUN yum --setopt=sslverify=false install -y x"),
    ] {
        let src = format!("FROM a\n{bad}\n");
        assert_eq!(check(rule, &src).len(), 1, "{id}");
        let skipped = format!("FROM a\n# checkov:skip={id}: internal mirror\n{bad}\n");
        assert!(check(rule, &skipped).is_empty(), "{id}");
    }
}
