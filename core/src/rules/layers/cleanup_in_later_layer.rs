use crate::model::{InstructionKind, Span};
use crate::rules::Context;
use crate::rules::scripts::{commands, mount_covers, resolve_path as resolve};
use crate::shell::tools::{Action, Manager, download, package_command, removal};

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that deletes files an earlier layer of the same image created: package
    /// lists and caches left by an earlier install (`RUN rm -rf /var/lib/apt/lists/*` or
    /// `RUN apt-get clean` after `RUN apt-get install`), a file added by an earlier `COPY` or
    /// `ADD`, or a download made by an earlier `RUN`.
    ///
    /// ## Why
    /// Layers only add: deleting a file in a later layer hides it but the earlier layer still
    /// carries its bytes, so the image is exactly as large as before (larger, by the new
    /// layer). Clean up in the same `RUN` that created the files, or don't put them in the image
    /// at all (a builder stage, a cache mount, `COPY --from`). Throw-away build stages are not
    /// judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// None: moving the cleanup means merging layers, which `combine-consecutive-run` offers when
    /// the two are adjacent.
    pub struct CleanupInLaterLayer {
        code: "DW303",
        name: "cleanup-in-later-layer",
        category: Layers,
        severity: Warning,
        aliases: [],
        fix: None,
        default: true,
        summary: "A RUN deletes files that an earlier layer created",
    }
}

impl_rule!(CleanupInLaterLayer, check);

/// Something an earlier instruction left in its layer.
struct Created {
    /// Absolute path of a file or directory.
    path: String,
    /// Which cache it is, for `clean` actions (`None` for plain files).
    cache_of: Option<Manager>,
    /// The instruction that created it, and its line.
    line: u32,
}

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    let doc = ctx.doc;
    for stage in &doc.stages {
        if !sem.stages[stage.index].in_final_image {
            continue;
        }
        let mut created: Vec<Created> = Vec::new();
        let mut caches_recorded = Vec::new();
        let mut workdir = String::from("/");
        for i in stage.body() {
            let ins = &doc.instructions[i];
            match &ins.kind {
                InstructionKind::Workdir(w) => {
                    if let Some(path) = &w.value {
                        workdir = resolve(&workdir, &path.text).unwrap_or_else(|| "/".into());
                    }
                }
                InstructionKind::Copy(c) | InstructionKind::Add(c) => {
                    let Some(dest) = c.dest() else { continue };
                    let Some(dest_path) = resolve(&workdir, &dest.text) else { continue };
                    for source in c.sources() {
                        let name = source.text.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                        let path = if dest.text.ends_with('/')
                            && !name.is_empty()
                            && !name.contains(['*', '?', '$'])
                        {
                            format!("{}/{name}", dest_path.trim_end_matches('/'))
                        } else {
                            dest_path.clone()
                        };
                        // A copy into a system directory itself (`COPY rootfs/ /`) creates files we
                        // cannot name; recording the directory would blame every later `rm` in it.
                        if !SYSTEM_DIRS.contains(&path.as_str()) && !path.ends_with("/.") {
                            created.push(Created { path, cache_of: None, line: ins.line });
                        }
                    }
                }
                InstructionKind::Run(_) => {
                    report_cleanups(ctx, i, &created);
                    record_creations(ctx, i, &mut created, &mut caches_recorded);
                }
                _ => {}
            }
        }
    }
}

/// Directories a `COPY` may merge into without owning them.
const SYSTEM_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/etc",
    "/opt",
    "/var",
    "/tmp",
    "/home",
    "/root",
    "/srv",
    "/usr",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/usr/local",
    "/usr/local/bin",
    "/usr/local/lib",
    "/usr/share",
];

/// Cleanups in RUN `i` of things created by earlier instructions.
fn report_cleanups(ctx: &mut Context<'_, '_>, i: usize, created: &[Created]) {
    let sem = ctx.semantic;
    let mut findings: Vec<(Span, String)> = Vec::new();
    for (rs, _, command) in commands(sem, i) {
        let hit = if let Some(r) = removal(command) {
            created.iter().find_map(|c| {
                let target = r.targets.iter().find(|t| !t.dynamic && is_inside(&t.value, &c.path));
                let deleted = match target {
                    Some(t) => t.value.to_string(),
                    None if r.covers(&c.path) => c.path.clone(),
                    None => return None,
                };
                Some((c, deleted))
            })
        } else if let Some(p) = package_command(command).filter(|p| p.action == Action::Clean) {
            created
                .iter()
                .find(|c| c.cache_of.is_some_and(|m| same_cache(m, p.manager)))
                .map(|c| (c, c.path.clone()))
        } else {
            None
        };
        if let Some((c, deleted)) = hit {
            let message = if c.cache_of.is_some() {
                format!(
                    "this deletes the package cache `{}` left by the layer of line {}, which still holds it",
                    c.path, c.line
                )
            } else if deleted == c.path {
                format!(
                    "this deletes `{deleted}`, added by the layer of line {}, which still holds it",
                    c.line
                )
            } else {
                format!(
                    "this deletes `{deleted}`, part of `{}` added by the layer of line {}, which still holds it",
                    c.path, c.line
                )
            };
            findings.push((rs.span(&command.range), message));
        }
    }
    for (span, message) in findings {
        ctx.report(span, message).help("delete files in the same RUN that creates them");
    }
}

/// Caches and downloads RUN `i` leaves in its layer.
fn record_creations(
    ctx: &Context<'_, '_>,
    i: usize,
    created: &mut Vec<Created>,
    caches_recorded: &mut Vec<(&'static str, Manager)>,
) {
    let sem = ctx.semantic;
    let ins = &ctx.doc.instructions[i];
    let line = ins.line;
    // What the RUN deletes and cleans, gathered once: asking the whole script again for every
    // install in it made a long `a && b && ...` quadratic.
    let mut removals = Vec::new();
    let mut cleaned: Vec<Manager> = Vec::new();
    for (_, _, command) in commands(sem, i) {
        removals.extend(removal(command));
        if let Some(p) = package_command(command).filter(|p| p.action == Action::Clean)
            && !cleaned.contains(&p.manager)
        {
            cleaned.push(p.manager);
        }
    }
    let removed_here = |path: &str| removals.iter().any(|r| r.covers(path));
    let cleaned_here = |m: Manager| cleaned.iter().any(|&c| same_cache(m, c));
    for (_, _, command) in commands(sem, i) {
        if let Some(p) = package_command(command).filter(|p| p.action == Action::Install) {
            let caches: &[&'static str] = match p.manager {
                m if m.is_apt() => &["/var/lib/apt/lists", "/var/cache/apt"],
                Manager::Apk if !p.no_cache() => &["/var/cache/apk"],
                Manager::Yum => &["/var/cache/yum"],
                Manager::Dnf | Manager::Microdnf | Manager::Tdnf => &["/var/cache/dnf"],
                Manager::Zypper => &["/var/cache/zypp"],
                Manager::Pip if !p.no_cache() => &["/root/.cache/pip"],
                Manager::Npm => &["/root/.npm"],
                _ => &[],
            };
            for &path in caches {
                // Each cache of each manager is recorded once: a later copy of the entry could
                // never be the first one a cleanup finds, and a long script would pile them up.
                let key = (path, p.manager);
                if !caches_recorded.contains(&key)
                    && !removed_here(path)
                    && !cleaned_here(p.manager)
                    && !mount_covers(ins, path)
                {
                    caches_recorded.push(key);
                    created.push(Created { path: path.to_string(), cache_of: Some(p.manager), line });
                }
            }
        }
        if let Some(d) = download(command)
            && let Some(out) = &d.output
            && out.value.starts_with('/')
            && !out.value.contains('$')
            && !removed_here(out.value)
        {
            created.push(Created { path: out.value.to_string(), cache_of: None, line });
        }
    }
}

/// Whether deleting `target` deletes something inside `created` (a file in a copied directory).
fn is_inside(target: &str, created: &str) -> bool {
    let created = created.trim_end_matches('/');
    target.len() > created.len() && target.starts_with(created) && target.as_bytes()[created.len()] == b'/'
}

fn same_cache(a: Manager, b: Manager) -> bool {
    a == b || (a.is_apt() && b.is_apt()) || (a.is_rpm() && b.is_rpm())
}
