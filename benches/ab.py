#!/usr/bin/env python3
"""Compares two builds of dockwright on the corpus, run in turns: is a change faster?

    python3 benches/ab.py BASE                    # BASE (a git revision) against the working tree
                                                  # (its tracked files: `git add` new ones first)
    python3 benches/ab.py BASE NEW --runs 15      # two revisions
    python3 benches/ab.py BASE --example check_once

A change to the parser or the rules moves a pass by a few percent, less than these shared
machines drift in a minute, and less than two builds of unchanged code can differ by code layout.
So one build is never timed after the other: their runs alternate, each round's two runs are
compared, and the median of the rounds' speed ratios is reported with a sign test. With
`parse_ratio` (the default) every run is itself a ratio against `parse-dockerfile` in the same
process, which takes out most of the host's drift; with `check_once` each run is the wall time
of several passes of parse and check with every rule.

Each revision is checked out in turn in one git worktree, `target/ab/tree`, and built there, so
the checkout is left alone and both builds come from the same path; the worktree stays for the
next comparison (remove `target/ab`, then run `git worktree prune`). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "target" / "ab"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, check=True, capture_output=True, text=True).stdout.strip()


def build(revision: str | None, example: str) -> Path:
    """The example built from `revision` (`None`: the working tree), copied out of the way."""
    # Every revision is built in the same worktree: the crate's path goes into its symbol hashes,
    # and a build of the same code from another path can land its hot loops elsewhere, enough to
    # move a parse pass by 5 to 10% here. The working tree is built from a commit of its state
    # (`git stash create`, which changes nothing).
    snapshot = git("stash", "create") if revision is None else ""
    commit = git("rev-parse", "--verify", f"{snapshot or revision or 'HEAD'}^{{commit}}")
    tree = WORK / "tree"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=REPO, check=True)
    subprocess.run(["git", "checkout", "--quiet", "--detach", commit], cwd=tree, check=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "dockwright-benches", "--example", example],
        cwd=tree,
        check=True,
        env={**os.environ, "CARGO_TARGET_DIR": str(WORK / "target")},
    )
    binary = WORK / f"{example}-{commit[:12]}"
    binary.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(WORK / "target" / "release" / "examples" / example, binary)
    return binary


def measure(binary: Path, example: str, passes: int) -> float:
    """One run: the parse ratio (higher is faster) or the seconds of `passes` checks (lower is)."""
    # The worktrees sit elsewhere, so the corpus is named for them.
    env = {
        **os.environ,
        "DOCKWRIGHT_SHARED": os.environ.get("DOCKWRIGHT_SHARED", str(REPO.parent / "shared")),
    }
    start = time.perf_counter()
    out = subprocess.run(
        [str(binary), str(passes)], check=True, capture_output=True, text=True, env=env
    ).stdout
    elapsed = time.perf_counter() - start
    return json.loads(out)["ratio_median"] if example == "parse_ratio" else elapsed


def sign_test(wins: int, rounds: int) -> float:
    """Two-sided p-value of `wins` of `rounds` under a fair coin."""
    tail = sum(math.comb(rounds, k) for k in range(min(wins, rounds - wins) + 1)) / 2**rounds
    return min(1.0, 2 * tail)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base", help="the git revision to compare against")
    parser.add_argument("new", nargs="?", help="the revision to compare (default: the working tree)")
    parser.add_argument("--example", choices=["parse_ratio", "check_once"], default="parse_ratio")
    parser.add_argument("--runs", type=int, default=11, help="runs of each build, in turns (default 11)")
    parser.add_argument("--passes", type=int, default=11, help="rounds or passes per run (default 11)")
    args = parser.parse_args()
    if args.runs < 1 or args.passes < 1:
        parser.error("--runs and --passes must be at least 1")

    base, new = build(args.base, args.example), build(args.new, args.example)
    results: dict[str, list[float]] = {"base": [], "new": []}
    for run in range(args.runs):
        # Alternate which goes first, so that neither always follows the other.
        order = [("base", base), ("new", new)] if run % 2 == 0 else [("new", new), ("base", base)]
        for side, binary in order:
            results[side].append(measure(binary, args.example, args.passes))

    what = "ratio to parse-dockerfile (higher is faster)" if args.example == "parse_ratio" else "seconds"
    print(f"{args.example}, {args.runs} runs each in turns, {args.passes} passes a run; {what}")
    for side, values in results.items():
        spread = " ".join(f"{v:.4g}" for v in values)
        print(
            f"  {side:4}  median {statistics.median(values):.4g}  (min {min(values):.4g}, max {max(values):.4g}): {spread}"
        )
    # Each round's two runs met the same host, so they are compared pairwise: the median of the
    # rounds' speed ratios, and a two-sided sign test of how many rounds the new build won.
    faster_is_higher = args.example == "parse_ratio"
    speedups = [
        n / b if faster_is_higher else b / n for b, n in zip(results["base"], results["new"], strict=True)
    ]
    wins = sum(s > 1 for s in speedups)
    print(f"  new runs at {statistics.median(speedups):.3f}x the speed of base (median of the rounds)")
    print(
        f"  new was faster in {wins} of {args.runs} rounds: p = {sign_test(wins, args.runs):.3f} (sign test)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
