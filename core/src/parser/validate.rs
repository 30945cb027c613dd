//! What BuildKit checks when it turns a parsed instruction into a build step: argument counts,
//! known flags and their values, stage names, HEALTHCHECK options. Each failure is a syntax error
//! on the narrowest span that explains it.

use crate::model::*;
use crate::suggest::did_you_mean;

use super::InstructionContext;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagType {
    Bool,
    String,
    /// A string flag that may be repeated (`--mount`, `--exclude`).
    Strings,
}

/// The flags each instruction accepts in current BuildKit (dockerfile frontend 1.x, labs included).
fn known_flags(keyword: Keyword) -> &'static [(&'static str, FlagType)] {
    use FlagType::*;
    match keyword {
        Keyword::From => &[("platform", String)],
        Keyword::Run => &[("mount", Strings), ("network", String), ("security", String), ("device", Strings)],
        Keyword::Copy => &[
            ("from", String),
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("parents", Bool),
            ("exclude", Strings),
        ],
        Keyword::Add => &[
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", String),
            ("unpack", Bool),
            ("exclude", Strings),
        ],
        Keyword::Healthcheck => &[
            ("interval", String),
            ("timeout", String),
            ("start-period", String),
            ("start-interval", String),
            ("retries", String),
        ],
        _ => &[],
    }
}

pub(crate) fn instruction(ins: &Instruction<'_>, ctx: &mut InstructionContext) {
    let kw = ins.keyword;
    let skip_flags = matches!(&ins.kind, InstructionKind::Healthcheck(h) if h.is_none());
    // Most instructions have no flags: nothing to look up for them.
    if !ins.flags.is_empty() && kw != Keyword::Unknown && !skip_flags {
        flags(ins, ctx);
    }
    let at_least_one = |ctx: &mut InstructionContext, n: usize| {
        if n == 0 {
            ctx.error(ctx.keyword_span, format!("{kw} requires at least one argument"));
        }
    };
    let exactly_one = |ctx: &mut InstructionContext, v: &Option<Word<'_>>| {
        if v.is_none() {
            ctx.error(ctx.keyword_span, format!("{kw} requires exactly one argument"));
        }
    };
    match &ins.kind {
        InstructionKind::Unknown(u) => {
            let names = Keyword::ALL.iter().map(|k| k.as_str());
            let hint = match did_you_mean(&u.name, names) {
                Some(s) => format!("; did you mean {s}?"),
                None => String::new(),
            };
            let message = if u.name.is_empty() {
                "empty instruction: a line continuation with nothing after it".to_string()
            } else {
                format!("unknown instruction `{}`{hint}", u.name)
            };
            ctx.error(ins.keyword_span, message);
        }
        InstructionKind::From(from) => {
            let n = from.args.len();
            if n == 3 && from.as_keyword().is_some() {
                let name = &from.args[2];
                if !valid_stage_name(&name.text) {
                    ctx.error(
                        name.span,
                        format!(
                            "invalid stage name `{}`: it must start with a letter and contain only letters, digits, `-`, `_` and `.`",
                            name.text
                        ),
                    );
                }
            } else if n == 3 {
                ctx.error(
                    from.args[1].span,
                    format!("expected `AS` before the stage name, found `{}`", from.args[1].text),
                );
            } else if n != 1 {
                let span = if n == 0 { ctx.keyword_span } else { ctx.args_span };
                ctx.error(span, "FROM takes an image and optionally `AS name`: one or three arguments");
            }
        }
        InstructionKind::Env(kv) | InstructionKind::Label(kv) => {
            if kv.pairs.is_empty() && ins.args_span.is_empty() {
                at_least_one(ctx, 0);
            }
            for pair in &kv.pairs {
                if pair.key.text.is_empty() {
                    ctx.error(pair.span, format!("{kw} names can not be blank"));
                }
            }
        }
        InstructionKind::Arg(arg) => {
            at_least_one(ctx, arg.args.len());
            for decl in &arg.args {
                if decl.name.text.is_empty() {
                    ctx.error(decl.word.span, "ARG names can not be blank");
                }
            }
        }
        InstructionKind::Maintainer(v) | InstructionKind::User(v) | InstructionKind::Workdir(v) => {
            exactly_one(ctx, &v.value)
        }
        InstructionKind::Stopsignal(v) => exactly_one(ctx, &v.value),
        InstructionKind::Expose(expose) => {
            at_least_one(ctx, expose.ports.len());
            for (word, spec) in expose.specs() {
                if let Some(problem) = spec.and_then(|s| s.error) {
                    ctx.error(word.span, format!("invalid EXPOSE port `{}`: {problem}", word.text));
                }
            }
        }
        InstructionKind::Add(copy) | InstructionKind::Copy(copy) => {
            if copy.args.len() < 2 {
                let span = copy.args.first().map_or(ctx.keyword_span, |w| w.span);
                ctx.error(span, format!("{kw} needs a source and a destination: at least two arguments"));
            } else if let Some(dest) = copy.dest()
                && !copy.json
                && super::heredoc::parse_marker(&dest.text).is_some()
            {
                ctx.error(dest.span, format!("a heredoc can not be the destination of {kw}"));
            }
        }
        InstructionKind::Volume(volume) => {
            at_least_one(ctx, volume.paths.len());
            for path in &volume.paths {
                if path.text.trim().is_empty() {
                    ctx.error(path.span, "VOLUME paths can not be empty");
                }
            }
        }
        InstructionKind::Shell(cmd) => match &cmd.command {
            None => at_least_one(ctx, 0),
            Some(ShellOrExec::Shell { command }) => ctx.error(
                command.span,
                "SHELL must be written in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]",
            ),
            Some(ShellOrExec::Exec { args, span }) if args.is_empty() => {
                ctx.error(*span, "SHELL requires at least one argument")
            }
            Some(_) => {}
        },
        InstructionKind::Healthcheck(h) => healthcheck(ins, h, ctx),
        InstructionKind::Onbuild(onbuild) => match &onbuild.trigger {
            None => at_least_one(ctx, 0),
            Some(trigger) => match trigger.keyword {
                Keyword::Onbuild => {
                    ctx.error(trigger.keyword_span, "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
                }
                Keyword::From | Keyword::Maintainer => ctx.error(
                    trigger.keyword_span,
                    format!("{} isn't allowed as an ONBUILD trigger", trigger.keyword),
                ),
                _ => {}
            },
        },
        InstructionKind::Run(_) | InstructionKind::Cmd(_) | InstructionKind::Entrypoint(_) => {}
    }
}

/// Whether a stage name (compared case-insensitively, as BuildKit lower-cases it) is valid.
fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn flags(ins: &Instruction<'_>, ctx: &mut InstructionContext) {
    let known = known_flags(ins.keyword);
    // Bit i: known[i] was seen (a set, so that many repeated flags stay linear).
    let mut seen = 0u64;
    for flag in &ins.flags {
        let name = flag.name();
        let Some((index, &(_, ty))) = known.iter().enumerate().find(|(_, (n, _))| *n == name) else {
            let message = if known.is_empty() {
                format!("unknown flag `--{name}`: {} takes no flags", ins.keyword)
            } else {
                match did_you_mean(name, known.iter().map(|(n, _)| *n)) {
                    Some(s) => format!("unknown flag `--{name}` for {}; did you mean --{s}?", ins.keyword),
                    None => {
                        let all: Vec<String> = known.iter().map(|(n, _)| format!("--{n}")).collect();
                        format!("unknown flag `--{name}` for {}; it takes {}", ins.keyword, all.join(", "))
                    }
                }
            };
            ctx.error(flag.span, message);
            continue;
        };
        if ty != FlagType::Strings && seen & (1 << index) != 0 {
            ctx.error(flag.span, format!("duplicate flag `--{name}`"));
        }
        seen |= 1 << index;
        match (ty, flag.value()) {
            (FlagType::Bool, Some("")) => ctx.error(flag.span, format!("missing a value on flag `--{name}`")),
            (FlagType::Bool, Some(v))
                if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") =>
            {
                ctx.error(flag.span, format!("expecting a boolean value for flag `--{name}`, not `{v}`"))
            }
            (FlagType::String | FlagType::Strings, None) => {
                ctx.error(flag.span, format!("missing a value on flag `--{name}`: write --{name}=<value>"))
            }
            (FlagType::String, Some(v)) => value(ins.keyword, name, v, flag.span, ctx),
            _ => {}
        }
    }
}

/// Values BuildKit validates before building.
fn value(keyword: Keyword, name: &str, v: &str, span: Span, ctx: &mut InstructionContext) {
    if v.contains('$') {
        return;
    }
    match (keyword, name) {
        (Keyword::Run, "network") if !matches!(v, "default" | "none" | "host") => {
            ctx.error(span, format!("unsupported network mode `{v}`: use default, none or host"))
        }
        (Keyword::Run, "security") if !matches!(v, "insecure" | "sandbox") => {
            ctx.error(span, format!("unsupported security mode `{v}`: use insecure or sandbox"))
        }
        (Keyword::Healthcheck, "retries") => match v.parse::<i64>() {
            Ok(n) if n < 0 => ctx.error(span, format!("--retries can not be negative ({n})")),
            Ok(n) if n > i32::MAX as i64 => ctx.error(span, format!("--retries is too large ({n})")),
            Ok(_) => {}
            Err(_) => ctx.error(span, format!("--retries must be a whole number, not `{v}`")),
        },
        (Keyword::Healthcheck, _) => match go_duration_nanos(v) {
            Some(d) if d < 0 => ctx.error(span, format!("--{name} can not be negative (`{v}`)")),
            Some(d) if d != 0 && d < 1_000_000 => {
                ctx.error(span, format!("--{name} can not be less than 1ms (`{v}`)"))
            }
            Some(_) => {}
            None => ctx.error(
                span,
                format!("invalid duration `{v}` for --{name}: use a number with a unit, e.g. 30s, 1m30s"),
            ),
        },
        _ => {}
    }
}

fn healthcheck(ins: &Instruction<'_>, h: &Healthcheck<'_>, ctx: &mut InstructionContext) {
    let Some(kind) = &h.kind else {
        ctx.error(ctx.keyword_span, "HEALTHCHECK requires at least one argument: CMD <command> or NONE");
        return;
    };
    if h.is_none() {
        if h.command.is_some() {
            ctx.error(ins.args_span, "HEALTHCHECK NONE takes no arguments");
        }
    } else if kind.text.eq_ignore_ascii_case("cmd") {
        let empty = match &h.command {
            None => true,
            Some(ShellOrExec::Exec { args, .. }) => args.is_empty(),
            Some(ShellOrExec::Shell { .. }) => false,
        };
        if empty {
            ctx.error(kind.span, "missing command after HEALTHCHECK CMD");
        }
    } else {
        ctx.error(kind.span, format!("unknown HEALTHCHECK type `{}`: use CMD or NONE", kind.text));
    }
}

/// Go's `time.ParseDuration`, in nanoseconds. Integer arithmetic, as in Go (which also rejects
/// durations beyond about 292 years); it also keeps float parsing out of the WebAssembly build.
pub(crate) fn go_duration_nanos(s: &str) -> Option<i64> {
    let (negative, mut rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let int_part = &rest[..int_len];
        rest = &rest[int_len..];
        let frac_part = match rest.strip_prefix('.') {
            Some(after) => {
                let frac_len = after.bytes().take_while(u8::is_ascii_digit).count();
                rest = &after[frac_len..];
                &after[..frac_len]
            }
            None => "",
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        let unit_len = rest.bytes().take_while(|b| !b.is_ascii_digit() && *b != b'.').count();
        let unit: i128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        rest = &rest[unit_len..];
        // Digits beyond nanosecond precision cannot change the result; cap them to stay in range.
        let digits = |d: &str| d.bytes().take(30).fold(0i128, |n, b| n * 10 + i128::from(b - b'0'));
        let whole = digits(int_part).checked_mul(unit)?;
        let frac_digits = &frac_part[..frac_part.len().min(30)];
        let frac = digits(frac_digits) * unit / 10i128.pow(frac_digits.len() as u32);
        total = total.checked_add(whole + frac)?;
        if total > i128::from(i64::MAX) {
            return None;
        }
    }
    let total = total as i64;
    Some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(go_duration_nanos("0"), Some(0));
        assert_eq!(go_duration_nanos("1m30s"), Some(90_000_000_000));
        assert_eq!(go_duration_nanos("1.5h"), Some(5_400_000_000_000));
        assert_eq!(go_duration_nanos(".5s"), Some(500_000_000));
        assert_eq!(go_duration_nanos("1.s"), Some(1_000_000_000));
        assert_eq!(go_duration_nanos("300ms"), Some(300_000_000));
        assert_eq!(go_duration_nanos("1.0000000001s"), Some(1_000_000_000));
        assert_eq!(go_duration_nanos("5"), None);
        assert_eq!(go_duration_nanos("5x"), None);
        assert_eq!(go_duration_nanos("."), None);
        assert_eq!(go_duration_nanos(""), None);
        assert_eq!(go_duration_nanos("-1s"), Some(-1_000_000_000));
        assert_eq!(go_duration_nanos("3000000h"), None);
    }

    #[test]
    fn stage_names() {
        assert!(valid_stage_name("build-env_1.x"));
        assert!(!valid_stage_name("1build"));
        assert!(!valid_stage_name("a/b"));
        assert!(!valid_stage_name(""));
        assert!(valid_stage_name("Build-Env"));
        assert!(!valid_stage_name("É"));
    }
}
