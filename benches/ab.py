#!/usr/bin/env python3
"""Compares two builds of dockwright on the corpus, run in turns: is a change faster?

    python3 benches/ab.py BASE                    # BASE (a git revision) against the working tree
                                                  # (its tracked files: `git add` new ones first)
    python3 benches/ab.py BASE NEW --runs 15      # two revisions
    python3 benches/ab.py BASE --example check_once
    python3 benches/ab.py BASE --layouts 3        # three code layouts per side (a parse change)

A change to the parser or the rules moves a pass by a few percent, less than these shared
machines drift in a minute, and less than two builds of unchanged code can differ by code layout.
So one build is never timed after the other: their runs alternate, each round's two runs are
compared, and the median of the rounds' speed ratios is reported with a sign test. With
`parse_ratio` (the default) the speed compared is dockwright's own median pass; the ratio against
`parse-dockerfile` in the same process is shown beside it but not used, as `parse-dockerfile`'s
own speed moves by up to 6% with where its code lands, and that moves whenever dockwright's code
grows or shrinks in front of it. With `check_once` each run is the wall time of several passes of
parse and check with every rule.

An edit also moves the code around it, and with it dockwright's pass by a percent or two (by the
ratio against `parse-dockerfile`, whose code moves too, by up to 6%). So `--layouts K` builds each
side K times, each with another `-C metadata` seed (every symbol hash, and with them the layout,
changes), and pairs the builds of one layout round by round: a change that holds in every layout
is the change's own.

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


def commit_of(revision: str | None) -> str:
    """The commit to build for `revision` (`None`: the working tree)."""
    # The working tree is built from a commit of its state (`git stash create`, which changes
    # nothing; it gives nothing when the tree is clean). Taken once, so that every layout builds
    # the same commit.
    snapshot = git("stash", "create") if revision is None else ""
    return git("rev-parse", "--verify", f"{snapshot or revision or 'HEAD'}^{{commit}}")


def layout_env(layout: int, target: Path, seed: str) -> dict[str, str]:
    """The environment of a cargo build in code layout `layout`, 0 being the plain build into
    `target`. Another `-C metadata` seed changes every symbol hash, and with them where the code
    lands: the same code in another layout. Each layout keeps its own target directory
    (`target/layout-K`), as a change of RUSTFLAGS rebuilds every crate."""
    if not layout:
        return {**os.environ, "CARGO_TARGET_DIR": str(target)}
    flags = f"{os.environ.get('RUSTFLAGS', '')} -C metadata={seed}-layout-{layout}".strip()
    return {**os.environ, "RUSTFLAGS": flags, "CARGO_TARGET_DIR": str(target / f"layout-{layout}")}


def build(commit: str, example: str, layout: int) -> Path:
    """The example built from `commit` with code layout `layout`, copied out of the way."""
    # Every revision is built in the same worktree: the crate's path goes into its symbol hashes,
    # and a build of the same code from another path can land its hot loops elsewhere, enough to
    # move a parse pass by 5 to 10% here.
    tree = WORK / "tree"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=REPO, check=True)
    subprocess.run(["git", "checkout", "--quiet", "--detach", commit], cwd=tree, check=True)
    env = layout_env(layout, WORK / "target", "ab")
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "dockwright-benches", "--example", example],
        cwd=tree,
        check=True,
        env=env,
    )
    binary = WORK / f"{example}-{commit[:12]}-layout-{layout}"
    binary.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(env["CARGO_TARGET_DIR"]) / "release" / "examples" / example, binary)
    return binary


def measure(binary: Path, example: str, passes: int) -> tuple[float, float]:
    """One run: seconds (dockwright's median parse pass, or `passes` checks) and, for
    `parse_ratio`, the ratio against `parse-dockerfile` (0 for `check_once`)."""
    # The worktree sits elsewhere, so the corpus is named for it.
    env = {
        **os.environ,
        "DOCKWRIGHT_SHARED": os.environ.get("DOCKWRIGHT_SHARED", str(REPO.parent / "shared")),
    }
    start = time.perf_counter()
    out = subprocess.run(
        [str(binary), str(passes)], check=True, capture_output=True, text=True, env=env
    ).stdout
    elapsed = time.perf_counter() - start
    if example != "parse_ratio":
        return elapsed, 0.0
    result = json.loads(out)
    return result["dockwright_seconds"], result["ratio_median"]


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
    parser.add_argument(
        "--layouts",
        type=int,
        default=1,
        help="code layouts per side (default 1); each after the first is a full build, minutes",
    )
    args = parser.parse_args()
    if min(args.runs, args.passes, args.layouts) < 1:
        parser.error("--runs, --passes and --layouts must be at least 1")

    base_commit, new_commit = commit_of(args.base), commit_of(args.new)
    pairs = [
        (build(base_commit, args.example, layout), build(new_commit, args.example, layout))
        for layout in range(args.layouts)
    ]
    # speeds[layout]: the new build's speed over the base's, one a round; ratios[layout]: the same
    # read from the ratios against parse-dockerfile.
    speeds: list[list[float]] = [[] for _ in pairs]
    ratios: list[list[float]] = [[] for _ in pairs]
    for run in range(args.runs):
        for layout, (base, new) in enumerate(pairs):
            # Alternate which goes first, so that neither always follows the other. Each round's
            # two runs met the same host, so they are compared with each other.
            if run % 2 == 0:
                b, n = measure(base, args.example, args.passes), measure(new, args.example, args.passes)
            else:
                n, b = measure(new, args.example, args.passes), measure(base, args.example, args.passes)
            speeds[layout].append(b[0] / n[0])
            if args.example == "parse_ratio":
                ratios[layout].append(n[1] / b[1])

    what = (
        "dockwright's parse pass (parse_ratio)" if args.example == "parse_ratio" else "seconds of check_once"
    )
    print(f"{args.runs} rounds per layout, {args.layouts} layout(s), {args.passes} passes a run; {what}")
    for layout, values in enumerate(speeds):
        spread = " ".join(f"{v:.3f}" for v in values)
        against = (
            f" (by the ratio against parse-dockerfile: {statistics.median(ratios[layout]):.3f}x)"
            if ratios[layout]
            else ""
        )
        print(
            f"  layout {layout}: new at {statistics.median(values):.3f}x the speed of base{against}: {spread}"
        )
    every = [v for values in speeds for v in values]
    wins = sum(v > 1 for v in every)
    print(f"  new runs at {statistics.median(every):.3f}x the speed of base (median of the rounds)")
    print(
        f"  new was faster in {wins} of {len(every)} rounds: p = {sign_test(wins, len(every)):.3f} (sign test)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
