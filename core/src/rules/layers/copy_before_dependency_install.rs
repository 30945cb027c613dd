use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::scripts::commands;
use crate::shell::Command;
use crate::shell::tools::{Action, Manager, package_command};

declare_rule! {
    /// ## What it does
    /// Flags a broad `COPY . .` (or `COPY . /app`, `ADD . .`) that comes before the stage first
    /// installs its dependencies (`pip install -r requirements.txt`, `npm ci`, `yarn install`,
    /// `bundle install`, `go mod download`, `composer install`, `poetry install`, ...).
    ///
    /// ## Why
    /// The build cache reuses a layer only while everything before it is unchanged. After
    /// `COPY . .`, any edit to any source file invalidates the cache, so every build downloads
    /// and installs all dependencies again. Copy the dependency manifests first, install, then
    /// copy the rest: the install layer stays cached until the manifests change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// None: which files the install needs depends on the project.
    pub struct CopyBeforeDependencyInstall {
        code: "DW304",
        name: "copy-before-dependency-install",
        category: Layers,
        severity: Warning,
        aliases: [],
        fix: None,
        default: true,
        summary: "A broad COPY before the dependency install busts the dependency cache",
    }
}

impl_rule!(CopyBeforeDependencyInstall, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    let doc = ctx.doc;
    for stage in &doc.stages {
        let mut broad_copy = None;
        for i in stage.body() {
            let ins = &doc.instructions[i];
            if let InstructionKind::Copy(c) | InstructionKind::Add(c) = &ins.kind
                && ins.flag("from").is_none()
                && c.sources().iter().any(|s| matches!(s.as_str(), "." | "./" | "*" | "./*" | "./."))
            {
                broad_copy.get_or_insert(i);
                continue;
            }
            let Some(install) = commands(sem, i).find_map(|(_, _, c)| dependency_install(c)) else {
                continue;
            };
            if let Some(copy) = broad_copy {
                let copy_ins = &doc.instructions[copy];
                let line = ins.line;
                ctx.report(copy_ins.span, format!("this COPY comes before `{install}` (line {line}): every source change re-installs the dependencies"))
                    .help("copy only the dependency manifests first, install, then copy the rest of the sources");
            }
            // Only the first install of the stage matters.
            break;
        }
    }
}

/// A command that installs a project's dependencies from its manifest, described briefly.
fn dependency_install(command: &Command<'_>) -> Option<String> {
    if let Some(p) = package_command(command) {
        let installs_manifest = match p.manager {
            Manager::Pip | Manager::Uv => !p.requirement_files.is_empty(),
            Manager::Npm | Manager::Yarn | Manager::Pnpm => p.packages.is_empty() && !p.is_global(),
            Manager::Conda | Manager::Mamba | Manager::Micromamba => !p.requirement_files.is_empty(),
            _ => false,
        };
        let action_ok = p.action == Action::Install || matches!(p.action, Action::Other("sync"));
        if installs_manifest && action_ok {
            let words: Vec<&str> = p.invocation.words.iter().take(2).map(|w| w.as_str()).collect();
            return Some(words.join(" "));
        }
        return None;
    }
    let inv = command.unwrap_wrappers();
    let name = inv.name()?;
    let first = inv.args().first().map(|w| w.as_str()).unwrap_or("");
    let second = inv.args().get(1).map(|w| w.as_str()).unwrap_or("");
    let hit = match name {
        "bundle" => matches!(first, "install" | ""),
        "go" => first == "mod" && second == "download",
        "composer" => matches!(first, "install" | "update"),
        "poetry" | "pipenv" | "pdm" => first == "install" || (name == "pdm" && first == "sync"),
        "uv" => first == "sync",
        "cargo" => matches!(first, "fetch" | "vendor"),
        "mvn" | "./mvnw" | "mvnw" => inv.args().iter().any(|w| w.as_str().starts_with("dependency:")),
        "dotnet" => first == "restore",
        "mix" => first == "deps.get",
        _ => false,
    };
    hit.then(|| if first.is_empty() { name.to_string() } else { format!("{name} {first}") })
}
