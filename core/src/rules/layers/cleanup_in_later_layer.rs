use std::borrow::Cow;

use crate::model::{InstructionKind, Span};
use crate::rules::Context;
use crate::rules::scripts::{commands, mount_covers, resolve_path as resolve};
use crate::shell::tools::{Action, Manager, Removal, Removed, download, package_command, removal};

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
        // What the stage's layers create, in order, and for each RUN how many entries came
        // from the layers before it: a RUN's own creations never depend on what it deletes
        // from earlier ones, so all are gathered first and then indexed once.
        let mut created: Vec<Created> = Vec::new();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut caches_recorded = Vec::new();
        let mut workdir = Cow::Borrowed("/");
        for i in stage.body() {
            let ins = &doc.instructions[i];
            match &ins.kind {
                InstructionKind::Workdir(w) => {
                    if let Some(path) = &w.value {
                        workdir = resolve(&workdir, &path.text).map_or(Cow::Borrowed("/"), Cow::Owned);
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
                    runs.push((i, created.len()));
                    record_creations(ctx, i, &mut created, &mut caches_recorded);
                }
                _ => {}
            }
        }
        // Built when a RUN first deletes or cleans something an earlier layer may have added.
        let mut index = None;
        for (i, earlier) in runs.into_iter().filter(|&(_, earlier)| earlier > 0) {
            report_cleanups(ctx, i, &created, &mut index, earlier);
        }
    }
}

/// Up to this many earlier entries, a removal tries each in turn instead of using the index.
const FEW_ENTRIES: usize = 32;

/// The first of the `earlier` entries `r` deletes, trying each in turn.
fn first_by_scan(created: &[Created], r: &Removal<'_, '_>, earlier: usize) -> Option<usize> {
    created[..earlier].iter().position(|c| {
        r.targets.iter().any(|t| !t.dynamic && is_inside(&t.value, &c.path)) || r.covers(&c.path)
    })
}

/// The created entries of a stage, indexed so that the first one a removal deletes is found by
/// lookups rather than by trying every entry (thousands of COPYs and of later `rm`s made the
/// rule quadratic).
struct CreatedIndex<'c> {
    /// The distinct paths (trailing slashes trimmed) in order, and the smallest entry of every
    /// power-of-two run of them (level 0: each path's first entry): the first entry among the
    /// paths with a given prefix is the minimum over a contiguous run, found from two
    /// overlapping runs.
    sorted: Vec<&'c str>,
    first_in_runs: Vec<Vec<usize>>,
    /// The package-cache entries, in order.
    caches: Vec<usize>,
}

impl<'c> CreatedIndex<'c> {
    fn new(created: &'c [Created]) -> CreatedIndex<'c> {
        let mut by_path: Vec<(&'c str, usize)> =
            created.iter().enumerate().map(|(k, c)| (c.path.trim_end_matches('/'), k)).collect();
        // By path, then entry: the first of each path is kept.
        by_path.sort_unstable();
        by_path.dedup_by_key(|&mut (path, _)| path);
        let sorted = by_path.iter().map(|&(path, _)| path).collect();
        let mut first_in_runs = vec![by_path.iter().map(|&(_, k)| k).collect::<Vec<usize>>()];
        let mut width = 1;
        while width * 2 <= by_path.len() {
            let shorter = &first_in_runs[first_in_runs.len() - 1];
            let longer =
                (0..=by_path.len() - width * 2).map(|i| shorter[i].min(shorter[i + width])).collect();
            first_in_runs.push(longer);
            width *= 2;
        }
        let caches =
            created.iter().enumerate().filter(|(_, c)| c.cache_of.is_some()).map(|(k, _)| k).collect();
        CreatedIndex { sorted, first_in_runs, caches }
    }

    /// The first entry of exactly `path`.
    fn first_of(&self, path: &str) -> Option<usize> {
        let at = self.sorted.binary_search(&path).ok()?;
        Some(self.first_in_runs[0][at])
    }

    /// The first entry whose path starts with `prefix`.
    fn first_starting_with(&self, prefix: &str) -> Option<usize> {
        let start = self.sorted.partition_point(|path| *path < prefix);
        let end = start + self.sorted[start..].partition_point(|path| path.starts_with(prefix));
        let level = (end - start).checked_ilog2()? as usize;
        let runs = &self.first_in_runs[level];
        Some(runs[start].min(runs[end - (1 << level)]))
    }

    /// The first entry, among the `earlier` first ones, that `r` deletes: one of its targets is
    /// inside the entry's path, or it removes the path.
    fn first_removed(&self, r: &Removal<'_, '_>, earlier: usize) -> Option<usize> {
        let mut first = usize::MAX;
        // Targets inside an entry: the entry's path is one of the target's directories.
        for t in r.targets.iter().filter(|t| !t.dynamic) {
            for (slash, _) in t.value.match_indices('/') {
                first = first.min(self.first_of(&t.value[..slash]).unwrap_or(usize::MAX));
            }
        }
        for removed in r.removed() {
            let found = match removed {
                Removed::Everything => Some(0),
                Removed::StartingWith(stem) => self.first_starting_with(stem),
                Removed::Below(dir) => {
                    let below = self.first_starting_with(&format!("{dir}/"));
                    self.first_of(dir).into_iter().chain(below).min()
                }
                Removed::Nothing => None,
            };
            first = first.min(found.unwrap_or(usize::MAX));
        }
        (first < earlier).then_some(first)
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

/// Reports the commands of RUN `i` that delete what one of the `earlier` first entries of
/// `created` (the layers before it) added.
fn report_cleanups<'c>(
    ctx: &mut Context<'_, '_>,
    i: usize,
    created: &'c [Created],
    index: &mut Option<CreatedIndex<'c>>,
    earlier: usize,
) {
    let sem = ctx.semantic;
    let mut findings: Vec<(Span, String)> = Vec::new();
    for (rs, _, command) in commands(sem, i) {
        let hit = if let Some(r) = removal(command) {
            // A few entries (as in most files) are tried in turn: cheaper than building the index.
            let first = if earlier <= FEW_ENTRIES {
                first_by_scan(created, &r, earlier)
            } else {
                index.get_or_insert_with(|| CreatedIndex::new(created)).first_removed(&r, earlier)
            };
            first.map(|k| {
                let c = &created[k];
                let deleted = match r.targets.iter().find(|t| !t.dynamic && is_inside(&t.value, &c.path)) {
                    Some(t) => t.value.to_string(),
                    None => c.path.clone(),
                };
                (c, deleted)
            })
        } else if let Some(p) = package_command(command).filter(|p| p.action == Action::Clean) {
            let cleaned = |c: &&Created| c.cache_of.is_some_and(|m| same_cache(m, p.manager));
            let first = if earlier <= FEW_ENTRIES {
                created[..earlier].iter().find(cleaned)
            } else {
                let index = index.get_or_insert_with(|| CreatedIndex::new(created));
                index.caches.iter().take_while(|&&k| k < earlier).map(|&k| &created[k]).find(cleaned)
            };
            first.map(|c| (c, c.path.clone()))
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_index_finds_the_entry_a_scan_finds(
            paths in proptest::collection::vec(proptest::sample::select(PATHS), 0..12),
            targets in proptest::collection::vec(proptest::sample::select(TARGETS), 1..4),
            earlier in 0usize..13,
        ) {
            let created: Vec<Created> =
                paths.iter().map(|p| Created { path: p.to_string(), cache_of: None, line: 1 }).collect();
            let text = format!("rm -rf {}", targets.join(" "));
            let script = crate::shell::parse(&text);
            let r = removal(&script.commands[0]).expect("an rm");
            let earlier = earlier.min(created.len());
            let index = CreatedIndex::new(&created);
            proptest::prop_assert_eq!(index.first_removed(&r, earlier), first_by_scan(&created, &r, earlier));
        }
    }

    const PATHS: &[&str] = &[
        "/",
        "/opt",
        "/opt/",
        "/opt/app",
        "/opt/app/",
        "/opt/app/x",
        "/opt/apple",
        "/opt2",
        "/var/lib/apt/lists",
        "/var/lib/apt/lists2",
        "/var/lib/apt",
        "/tmp/a.tar.gz",
        "/tmp/a",
        "app",
        "",
    ];
    const TARGETS: &[&str] = &[
        "/",
        "/*",
        "/opt",
        "/opt/",
        "/opt/*",
        "/opt/**",
        "/opt/app/x/y",
        "/opt/app/",
        "/opt/ap*",
        "/var/lib/apt/lists*",
        "/var/lib/apt/lists/*",
        "/tmp/a.tar.gz",
        "/tmp/*.gz",
        "app/x",
        "app",
        "$HOME/x",
        "''",
        "/opt/app/x",
    ];
}
