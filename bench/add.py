"""Time `diplograph add CARD` against a built store (the HSG import built, for issue #14's 2-second goal).

    cd "$(mktemp -d)" && diplograph import hsg /work/shared/data/hsg && diplograph build
    python -m bench.add --store build/store --card tests/fixtures/cards/invented-2024-03-12-gb-jp.yaml --runs 5

Each run is the real command in a child process (`--dry-run`, so nothing is written): its wall time,
its CPU time (user + system, from the child's rusage), and the load average when it ran. On a shared
machine the wall time is inflated by the other processes; the CPU time is what a quiet machine's
wall time comes close to.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run_once(card: Path, store: Path) -> tuple[float, float, str]:
    """One `diplograph add --dry-run`: wall seconds, CPU seconds, and the command's last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "diplograph.cli", "add", str(card), "--store", str(store), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"diplograph add failed:\n{done.stderr}")
    return wall, cpu, done.stdout.strip().splitlines()[-1]


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("build/store"))
    parser.add_argument("--card", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for run in range(1, args.runs + 1):
        load = os.getloadavg()[0]
        wall, cpu, last = run_once(args.card, args.store)
        rows.append((run, wall, cpu, load, last))
    print("| run | wall (s) | CPU user+sys (s) | load average (1 min) | the command's own timing |")
    print("| ---: | ---: | ---: | ---: | --- |")
    for run, wall, cpu, load, last in rows:
        print(f"| {run} | {wall:.2f} | {cpu:.2f} | {load:.1f} | {last.strip()} |")
    walls, cpus = [r[1] for r in rows], [r[2] for r in rows]
    print(f"\nmedian wall {statistics.median(walls):.2f} s, median CPU {statistics.median(cpus):.2f} s")


if __name__ == "__main__":
    main()
