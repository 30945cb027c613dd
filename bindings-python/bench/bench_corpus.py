#!/usr/bin/env python3
"""Time dockwright over the shared corpus against dockerfile-parse, in one process.

dockwright does the full check (parse, semantic facts, every default rule, Python objects for
every diagnostic); dockerfile-parse (PyPI `dockerfile-parse`, pinned in requirements-bench.txt)
merely parses the same files into its instruction dicts. Files are read once up front; each
measurement is the median of several rounds over every file, by the wall clock and in CPU time.

Build the extension in release mode first (`maturin develop --release`; run-tests.sh does).

    python bench/bench_corpus.py [--corpus DIR] [--rounds N] [--limit FILES] [--min-ratio X]
"""

import argparse
import importlib.metadata
import io
import os
import pathlib
import statistics
import sys
import time

from dockerfile_parse import DockerfileParser

import dockwright

DEFAULT_CORPUS = pathlib.Path(__file__).resolve().parents[3] / "shared" / "corpus" / "files"


def timed(rounds, run):
    """Median seconds per round: (wall clock, CPU time of the process over all its threads).

    On a busy machine the wall clock of a single-threaded run includes waiting for a core; its
    CPU time does not, so that is the fairer figure for comparing two single-threaded runs.
    """
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="time only the first FILES files")
    parser.add_argument(
        "--min-ratio",
        type=float,
        default=None,
        help="exit 1 if dockerfile-parse's CPU time per file over check()'s is below this",
    )
    args = parser.parse_args()

    paths = sorted(p for p in args.corpus.iterdir() if p.is_file())[: args.limit]
    if not paths:
        sys.exit(f"no files in {args.corpus}")
    raw = [p.read_bytes() for p in paths]
    texts = [dockwright.decode(b) for b in raw]
    n = len(texts)
    all_rules = dockwright.Linter({"select": ["all"]})

    def dockerfile_parse():
        for data in raw:
            _ = DockerfileParser(fileobj=io.BytesIO(data)).structure

    def check():
        for text in texts:
            dockwright.check(text)

    def check_all_rules():
        for text in texts:
            all_rules.check(text)

    def parse():
        for text in texts:
            dockwright.parse(text)

    results = {}
    rows = [
        (f"dockerfile-parse {importlib.metadata.version('dockerfile-parse')}: parse only", dockerfile_parse),
        ("dockwright.parse(): typed model", parse),
        ("dockwright.check(): default rules", check),
        ("Linter({'select': ['all']}).check()", check_all_rules),
        (
            f"dockwright.check_many(): default rules, {os.cpu_count()} cores",
            lambda: dockwright.check_many(texts),
        ),
    ]
    found = sum(len(d) for d in dockwright.check_many(texts))
    print(f"corpus: {n} files, {sum(map(len, raw)) / 1e6:.1f} MB, {found} diagnostics with the default rules")
    print(
        f"dockwright {dockwright.__version__}; median of {args.rounds} rounds; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"\n  {'per file':<52} {'wall':>10} {'CPU':>10}")
    for label, run in rows:
        wall, cpu = timed(args.rounds, run)
        results[label] = (wall, cpu)
        print(f"  {label:<52} {wall / n * 1e6:7.1f} µs {cpu / n * 1e6:7.1f} µs")
    baseline, check, many = results[rows[0][0]], results[rows[2][0]], results[rows[4][0]]
    ratio = baseline[1] / check[1]
    print(
        f"\n  dockerfile-parse time / dockwright.check() time, per file: {ratio:.2f} in CPU time, "
        f"{baseline[0] / check[0]:.2f} by the wall clock"
    )
    print(f"  check_many() takes {many[0] / check[0]:.2f}x the wall-clock time of sequential check() calls")
    if args.min_ratio is not None and ratio < args.min_ratio:
        sys.exit(f"ratio {ratio:.1f} is below --min-ratio {args.min_ratio}")


if __name__ == "__main__":
    main()
