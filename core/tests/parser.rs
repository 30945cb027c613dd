//! Hand-written tests for each construct of the Dockerfile language, and for hostile input.

use dockwright::model::*;
use dockwright::{buildkit_dump, parse};

fn dump(src: &str) -> String {
    buildkit_dump(&parse(src))
}

fn errors(src: &str) -> Vec<String> {
    parse(src).errors.into_iter().map(|e| e.message).collect()
}

fn assert_clean(src: &str) {
    let doc = parse(src);
    assert!(doc.errors.is_empty(), "{src:?}: {:?}", doc.errors);
}

/// The items tile the source exactly, in order.
fn assert_lossless(doc: &Dockerfile<'_>) {
    let mut pos = 0;
    for item in &doc.items {
        assert_eq!(item.span.start, pos, "gap or overlap before {item:?}");
        pos = item.span.end;
    }
    assert_eq!(pos as usize, doc.source.len(), "items do not reach the end");
    for ins in &doc.instructions {
        assert!(ins.span.end as usize <= doc.source.len());
        assert!(ins.keyword_span.start >= ins.span.start && ins.keyword_span.end <= ins.span.end);
    }
}

#[test]
fn directives_are_read_only_at_the_top() {
    let doc = parse("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\nFROM a\n");
    let kinds: Vec<_> = doc.directives.iter().map(|d| (d.kind, d.value)).collect();
    assert_eq!(
        kinds,
        [
            (DirectiveKind::Syntax, "docker/dockerfile:1"),
            (DirectiveKind::Escape, "`"),
            (DirectiveKind::Check, "skip=JSONArgsRecommended")
        ]
    );
    assert_eq!(doc.escape, '`');
    assert_eq!(doc.text(doc.directives[0].value_span), "docker/dockerfile:1");
    // After an instruction, a comment, a blank line or an unknown directive, it is just a comment.
    for src in [
        "FROM a\n# escape=`\n",
        "# hello\n# escape=`\nFROM a\n",
        "\n# escape=`\nFROM a\n",
        "# foo=bar\n# escape=`\nFROM a\n",
    ] {
        let doc = parse(src);
        assert_eq!(doc.escape, '\\', "{src:?}");
        assert!(doc.directives.is_empty(), "{src:?}");
    }
    // Keys are case-insensitive, spacing is free.
    let doc = parse("#  ESCAPE =  `  \nFROM a\n");
    assert_eq!(doc.escape, '`');
}

#[test]
fn directive_errors() {
    assert_eq!(
        errors("# escape=`\n# escape=\\\nFROM a\n"),
        ["only one `escape` parser directive can be used; this one is ignored"]
    );
    assert!(errors("# escape=x\nFROM a\n")[0].contains("invalid escape character `x`"));
    // The duplicate did not change the escape character.
    assert_eq!(parse("# escape=`\n# escape=\\\nFROM a\n").escape, '`');
}

#[test]
fn backtick_escape_joins_lines() {
    let src = "# escape=`\nFROM windows\nRUN dir C:\\ `\n  && echo hi\n";
    assert_eq!(dump(src), "(from \"windows\")\n(run \"dir C:\\\\   && echo hi\")\n");
}

#[test]
fn continuations() {
    // Trailing whitespace after the escape, comment lines and empty lines inside.
    let src = "FROM a\nRUN echo a \\  \n# note\n\n    b \\\t\n  c\n";
    let doc = parse(src);
    assert_eq!(buildkit_dump(&doc), "(from \"a\")\n(run \"echo a     b   c\")\n");
    let run = &doc.instructions[1];
    assert_eq!((run.line, run.end_line), (2, 6));
    assert_eq!(run.inner_comments.len(), 1);
    assert_eq!(doc.text(run.inner_comments[0]), "# note");
    assert_eq!(run.empty_continuation_lines.len(), 1);
    assert_eq!(doc.text(run.span), "RUN echo a \\  \n# note\n\n    b \\\t\n  c");
    // An escaped escape character does not continue the line.
    assert_eq!(
        dump("FROM a\nRUN echo \\\\\nRUN b\n"),
        "(from \"a\")\n(run \"echo \\\\\\\\\")\n(run \"b\")\n"
    );
    // A continuation at the end of the file.
    assert_eq!(dump("FROM a\nRUN x \\"), "(from \"a\")\n(run \"x\")\n");
    assert_lossless(&doc);
}

#[test]
fn words_map_back_to_the_source() {
    let src = "FROM a\nCOPY --from=b \\\n  src/ \\\n  /dst/\n";
    let doc = parse(src);
    let InstructionKind::Copy(copy) = &doc.instructions[1].kind else { panic!() };
    assert_eq!(doc.text(copy.args[0].span), "src/");
    assert_eq!(doc.text(copy.args[1].span), "/dst/");
    assert!(copy.args[0].is_verbatim());
    assert_eq!(doc.text(doc.instructions[1].flags[0].span), "--from=b");
    let at = doc.line_column(copy.args[1].span.start);
    assert_eq!((at.line, at.column), (4, 3));
}

#[test]
fn heredocs() {
    let src = "FROM a\nRUN <<EOF\necho hi\nEOF\nRUN <<-EOT bash\n\techo tab\n\tEOT\nRUN python3 <<'PY'\nprint(1)\nPY\n";
    let doc = parse(src);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let h = &doc.instructions[1].heredocs[0];
    assert_eq!((h.name.as_ref(), h.body, h.chomp, h.expand), ("EOF", "echo hi\n", false, true));
    assert_eq!(doc.text(h.terminator_span), "EOF");
    assert_eq!((doc.instructions[1].line, doc.instructions[1].end_line), (2, 4));
    let h = &doc.instructions[2].heredocs[0];
    assert_eq!((h.body, h.chomp), ("\techo tab\n", true));
    assert_eq!(h.content(), "echo tab\n");
    let h = &doc.instructions[3].heredocs[0];
    assert_eq!((h.name.as_ref(), h.expand), ("PY", false));
    assert_eq!(doc.text(h.marker_span), "<<'PY'");
    assert_lossless(&doc);
}

#[test]
fn several_heredocs_and_fd_prefix() {
    let src = "FROM a\nRUN <<A 3<<B cat\na\nA\nb\nB\nCOPY <<one <<two /dir/\n1\none\n2\ntwo\nRUN x\n";
    let doc = parse(src);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let hs = &doc.instructions[1].heredocs;
    assert_eq!(
        hs.iter().map(|h| (h.name.as_ref(), h.body, h.fd)).collect::<Vec<_>>(),
        [("A", "a\n", None), ("B", "b\n", Some(3))]
    );
    assert_eq!(doc.instructions[2].heredocs.len(), 2);
    assert_eq!(doc.instructions[3].keyword, Keyword::Run);
    assert_eq!(doc.instructions[3].line, 12);
}

#[test]
fn heredoc_edge_cases() {
    // Exec form never opens a heredoc; neither does a quoted `<<`.
    assert!(parse("FROM a\nRUN [\"<<EOF\"]\n").instructions[1].heredocs.is_empty());
    assert!(parse("FROM a\nRUN echo '<<EOF'\n").instructions[1].heredocs.is_empty());
    // A heredoc opened by an ONBUILD trigger.
    let doc = parse("FROM a\nONBUILD RUN <<EOF\nx\nEOF\n");
    assert_eq!(doc.instructions[1].heredocs[0].body, "x\n");
    assert_eq!(doc.instructions[1].effective().heredocs[0].body, "x\n");
    // Unterminated: an error at the marker, the body runs to the end.
    let src = "FROM a\nRUN <<EOF\nnever closed\n";
    let doc = parse(src);
    assert_eq!(doc.errors.len(), 1);
    assert!(doc.errors[0].message.starts_with("unterminated heredoc"));
    assert_eq!(doc.text(doc.errors[0].span), "<<EOF");
    assert_eq!(doc.instructions[1].heredocs[0].body, "never closed\n");
    assert_lossless(&doc);
    // A heredoc can not be COPY's destination.
    assert!(errors("FROM a\nCOPY x <<EOF\nEOF\n").iter().any(|e| e.contains("destination")));
}

#[test]
fn exec_and_shell_form() {
    let doc =
        parse("FROM a\nCMD [\"a\", \"b c\"]\nCMD a b\nENTRYPOINT ['x']\nSHELL [\"/bin/bash\", \"-c\"]\n");
    assert!(doc.errors.is_empty());
    match doc.instructions[1].command() {
        Some(ShellOrExec::Exec { args, .. }) => {
            assert_eq!(args.iter().map(|a| a.as_str()).collect::<Vec<_>>(), ["a", "b c"]);
            assert_eq!(doc.text(args[1].span), "b c");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(doc.instructions[2].command(), Some(ShellOrExec::Shell { .. })));
    // Single quotes are not JSON: shell form.
    assert!(matches!(doc.instructions[3].command(), Some(ShellOrExec::Shell { .. })));
    assert!(errors("FROM a\nCMD [\"a\", 1]\n")[0].contains("must be a string"));
    assert!(errors("FROM a\nSHELL /bin/sh -c\n")[0].contains("JSON form"));
}

#[test]
fn flags_of_every_instruction() {
    assert_clean(concat!(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n",
        "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=tok --network=none --security=sandbox go build\n",
        "RUN --mount=type=bind,from=build,source=/src,target=/src,ro --mount=type=tmpfs,target=/tmp,size=64m true\n",
        "RUN --mount=type=ssh,id=default,required=true --mount=type=cache,target=/c,sharing=locked,uid=1,gid=1,mode=0755,id=c true\n",
        "FROM scratch\n",
        "COPY --from=build --chown=1:1 --chmod=0755 --link --parents --exclude=*.md --exclude=*.txt src /dst/\n",
        "ADD --chown=a --chmod=644 --link=false --keep-git-dir=true --checksum=sha256:abc --unpack=true --exclude=x https://e.com/a.tgz /a\n",
        "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=5s --retries=3 CMD curl -f http://x/\n",
    ));
    let doc = parse("FROM a\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n");
    let InstructionKind::Run(run) = &doc.instructions[1].kind else { panic!() };
    assert_eq!(run.mounts[0].kind, Some(MountType::Cache));
    assert!(run.mounts[0].covers("/var/cache/apt/archives"));
}

#[test]
fn flag_errors() {
    assert!(errors("FROM a\nCOPY --form=b x y\n")[0].contains("did you mean --from?"));
    assert!(errors("FROM a\nENV --x=1 a=b\n")[0].contains("ENV takes no flags"));
    assert!(errors("FROM a\nCOPY --from x y\n")[0].contains("missing a value"));
    assert!(errors("FROM a\nCOPY --link=maybe x y\n")[0].contains("boolean"));
    assert!(errors("FROM a\nCOPY --from=a --from=b x y\n")[0].contains("duplicate"));
    assert!(errors("FROM a\nRUN --network=wifi x\n")[0].contains("network"));
    assert!(errors("FROM a\nRUN --mount=type=cache,target=/c,size=1m x\n")[0].contains("size"));
    assert!(errors("FROM a\nHEALTHCHECK --interval=5 CMD x\n")[0].contains("duration"));
    assert!(errors("FROM a\nHEALTHCHECK --retries=-1 CMD x\n")[0].contains("negative"));
    // HEALTHCHECK NONE ignores its flags, as BuildKit does.
    assert_clean("FROM a\nHEALTHCHECK --bogus NONE\n");
}

#[test]
fn key_values() {
    let doc = parse("FROM a\nENV A=1 B=\"x y\" C=a\\ b\nENV LEGACY some value\nLABEL \"k\"=v\nARG X Y=2\n");
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let InstructionKind::Env(env) = &doc.instructions[1].kind else { panic!() };
    let pairs: Vec<_> = env.pairs.iter().map(|p| (p.key.as_str(), p.value.as_str(), p.legacy)).collect();
    assert_eq!(pairs, [("A", "1", false), ("B", "\"x y\"", false), ("C", "a\\ b", false)]);
    let InstructionKind::Env(env) = &doc.instructions[2].kind else { panic!() };
    assert_eq!(
        (env.pairs[0].key.as_str(), env.pairs[0].value.as_str(), env.pairs[0].legacy),
        ("LEGACY", "some value", true)
    );
    let InstructionKind::Arg(arg) = &doc.instructions[4].kind else { panic!() };
    let decls: Vec<_> =
        arg.args.iter().map(|d| (d.name.as_str(), d.default.as_ref().map(|w| w.as_str()))).collect();
    assert_eq!(decls, [("X", None), ("Y", Some("2"))]);
    assert!(errors("FROM a\nENV PATH\n")[0].contains("needs a value"));
    assert!(errors("FROM a\nENV a=1 b\n")[0].contains("has no `=`"));
    assert!(errors("FROM a\nENV =x\n")[0].contains("blank"));
}

#[test]
fn from_and_stages() {
    let src = "ARG V=1\nFROM --platform=linux/amd64 golang:${V} AS Build\nRUN x\nFROM build AS final\nCOPY --from=build /a /b\n";
    let doc = parse(src);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(doc.global_args, [0]);
    assert_eq!(doc.stages.len(), 2);
    assert_eq!(doc.stages[0].name.as_deref(), Some("build"));
    assert_eq!(doc.stages[1].base_stage, Some(0));
    assert_eq!(doc.stages[0].body(), 2..3);
    assert_eq!(doc.stage_of(4), Some(1));
    let InstructionKind::From(from) = &doc.instructions[1].kind else { panic!() };
    let image = from.image_ref().unwrap();
    assert_eq!((image.path, image.tag), ("golang", Some("${V}")));
    assert!(errors("FROM a AS 1bad\n")[0].contains("invalid stage name"));
    assert!(errors("FROM a b\n")[0].contains("one or three"));
    assert!(errors("FROM a IS b\n")[0].contains("expected `AS`"));
    assert!(errors("RUN x\nFROM a\n")[0].contains("before the first FROM"));
    assert!(errors("ARG x\n")[0].contains("no FROM"));
}

#[test]
fn other_instructions() {
    let doc = parse(concat!(
        "FROM a\nMAINTAINER Jo <jo@x>\nEXPOSE 80 443/tcp 53/UDP 8000-8010\nUSER app:app\n",
        "WORKDIR /srv\nVOLUME [\"/data\"]\nVOLUME /a /b\nSTOPSIGNAL SIGTERM\nONBUILD COPY . /app\nonbuild run make\n",
    ));
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let InstructionKind::Expose(expose) = &doc.instructions[2].kind else { panic!() };
    let specs: Vec<_> = expose.specs().map(|(_, s)| s.unwrap()).collect();
    assert_eq!(specs[2].protocol, Some(Protocol::Udp));
    assert_eq!((specs[3].start, specs[3].end), (8000, 8010));
    let InstructionKind::User(user) = &doc.instructions[3].kind else { panic!() };
    assert_eq!(user.user_and_group(), Some(("app", Some("app"))));
    let onbuild = &doc.instructions[9];
    assert_eq!(onbuild.keyword_text, "onbuild");
    assert_eq!(onbuild.effective().keyword, Keyword::Run);
    assert_eq!(doc.text(onbuild.effective().span), "run make");
    assert!(errors("FROM a\nONBUILD ONBUILD RUN x\n")[0].contains("ONBUILD ONBUILD"));
    assert!(errors("FROM a\nONBUILD FROM b\n")[0].contains("isn't allowed"));
    assert!(errors("FROM a\nEXPOSE 70000\n")[0].contains("out of range"));
    assert!(errors("FROM a\nWORKDIR\n")[0].contains("exactly one"));
    assert!(errors("FROM a\nCOPY x\n")[0].contains("at least two"));
}

#[test]
fn keywords_are_case_insensitive_and_unknown_ones_are_errors() {
    let doc = parse("from a\nRun echo\nCoPy a b\n");
    assert!(doc.errors.is_empty());
    assert_eq!(doc.instructions[1].keyword, Keyword::Run);
    let doc = parse("FROM a\nRUNN echo\nCOPY a b\n");
    assert_eq!(doc.errors.len(), 1);
    assert_eq!(doc.errors[0].message, "unknown instruction `RUNN`; did you mean RUN?");
    assert_eq!(doc.text(doc.errors[0].span), "RUNN");
    // The rest of the file is still modelled.
    assert_eq!(doc.instructions[2].keyword, Keyword::Copy);
}

#[test]
fn empty_and_comment_only_files_are_errors() {
    for src in ["", "\n\n", "# just a comment\n", "# syntax=docker/dockerfile:1\n"] {
        let doc = parse(src);
        assert_eq!(doc.errors.len(), 1, "{src:?}");
        assert!(doc.errors[0].message.contains("no instructions"));
        assert_lossless(&doc);
    }
}

#[test]
fn crlf_is_kept_in_spans() {
    let src = "FROM a\r\nRUN echo a \\\r\n  b\r\nRUN <<EOF\r\nx\r\nEOF\r\n";
    let doc = parse(src);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(buildkit_dump(&doc), "(from \"a\")\n(run \"echo a   b\")\n(run \"<<EOF\")\n");
    assert_eq!(doc.text(doc.instructions[1].span), "RUN echo a \\\r\n  b");
    assert_eq!(doc.instructions[2].heredocs[0].body, "x\r\n");
    assert_eq!(doc.text(doc.items[0].span), "FROM a\r\n");
    assert_lossless(&doc);
}

#[test]
fn encodings_and_bad_input() {
    let bytes = dockwright::Encoding::Utf16Le.encode("FROM a\r\nRUN x\r\n");
    let decoded = dockwright::decode(&bytes).unwrap();
    assert_eq!(parse(&decoded.text).instructions.len(), 2);
    let decoded = dockwright::decode(b"\xEF\xBB\xBFFROM a\n").unwrap();
    assert_eq!(parse(&decoded.text).instructions[0].keyword, Keyword::From);
    let err = dockwright::decode(b"FROM a\nRUN \xC3\x28\n").unwrap_err();
    assert_eq!(err.to_string(), "invalid UTF-8 at byte offset 11: the file is not UTF-8 text");
    let err = dockwright::decode(b"FROM a\0").unwrap_err();
    assert!(err.to_string().contains("offset 6"));
}

#[test]
fn lossless_on_odd_input() {
    for src in [
        "FROM a",
        "FROM a\n\\\n",
        "\\",
        "  \t\n FROM a \\\n\n\n",
        "FROM a\nRUN <<EOF\n",
        "FROM a\r\r\n\r",
        "# escape=`\nFROM a `\n`",
        "\u{a0}FROM a\n\u{2028}\n",
    ] {
        let doc = parse(src);
        assert_lossless(&doc);
        let _ = buildkit_dump(&doc);
        let _ = dockwright::model::to_json(&doc);
    }
}

#[test]
fn hostile_many_continuation_lines() {
    let mut src = String::from("FROM a\nRUN echo \\\n");
    for _ in 0..100_000 {
        src.push_str("  x \\\n");
    }
    src.push_str("  end\n");
    let doc = parse(&src);
    assert!(doc.errors.is_empty());
    assert_eq!(doc.instructions[1].end_line, 100_003);
    assert_lossless(&doc);
}

#[test]
fn hostile_unterminated_heredoc_over_10_mb() {
    let mut src = String::from("FROM a\nRUN <<EOF\n");
    let line = "echo this line is part of an endless heredoc body\n";
    while src.len() < 10 << 20 {
        src.push_str(line);
    }
    let doc = parse(&src);
    assert_eq!(doc.errors.len(), 1);
    assert_eq!(doc.instructions[1].heredocs[0].body.len(), src.len() - "FROM a\nRUN <<EOF\n".len());
    assert_lossless(&doc);
}

#[test]
fn hostile_deeply_nested_brackets() {
    let src = format!("FROM a\nCMD {}{}\n", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let doc = parse(&src);
    assert!(matches!(doc.instructions[1].command(), Some(ShellOrExec::Shell { .. })));
    let src = format!("FROM a\nRUN echo {}\n", "${a:-".repeat(500_000));
    let doc = parse(&src);
    assert_lossless(&doc);
}

#[test]
fn hostile_many_repeated_flags() {
    // Each repeated single-use flag is a duplicate; checking must not rescan all earlier flags.
    let n = 20_000;
    let src = format!(
        "FROM a\nRUN {}{}true\n",
        "--mount=type=tmpfs,target=/t ".repeat(n),
        "--network=none ".repeat(n)
    );
    let doc = parse(&src);
    assert_eq!(doc.instructions[1].flags.len(), 2 * n);
    assert_eq!(doc.errors.len(), n - 1);
    assert!(doc.errors.iter().all(|e| e.message == "duplicate flag `--network`"));
    assert_lossless(&doc);
}

#[test]
fn hostile_unterminated_quote_on_a_5_mb_line() {
    let src = format!(
        "FROM a\nENV A=\"{}\nLABEL b=\"{}\nRUN <<EOF \"{}\n",
        "x".repeat(5 << 20),
        "y ".repeat(1 << 20),
        "z".repeat(1 << 20)
    );
    let doc = parse(&src);
    assert_eq!(doc.instructions.len(), 4);
    assert_lossless(&doc);
}
