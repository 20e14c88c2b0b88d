"""Run a stage in a fresh child process and measure it: the stage's own timing, and the child's peak RSS.

The peak RSS is the one the child reports (bench/child.py: VmHWM, or its largest waited-for child);
wait4's figure is kept only as a fallback, since a forked child starts with the runner's RSS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Measured:
    """One measured run of a stage."""

    stage: str
    result: dict = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    wall: float = 0.0
    capped: bool = False
    returncode: int = 0
    log: str = ""
    ended: float = 0.0
    """Epoch seconds when the child ended."""

    @property
    def seconds(self) -> float:
        return float(self.result.get("seconds", self.wall))


def run_stage(stage: str, args: dict, cap: float | None = None) -> Measured:
    """Run `stage` with `args` in a new Python process; stop it after `cap` seconds if given."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        args_path = Path(folder) / "args.json"
        result_path = Path(folder) / "result.json"
        log_path = Path(folder) / "log.txt"
        args_path.write_text(json.dumps(args))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        env.pop("DIPLOGRAPH_STORE", None)
        env["DIPLOGRAPH_BASE"] = "https://w3id.org/diplograph/"
        started = time.perf_counter()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "bench.child", stage, str(args_path), str(result_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                env=env,
            )
            capped = threading.Event()

            def stop() -> None:
                capped.set()
                process.kill()

            timer = threading.Timer(cap, stop) if cap else None
            if timer:
                timer.start()
            _pid, status, usage = os.wait4(process.pid, 0)
            if timer:
                timer.cancel()
            process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        result = json.loads(result_path.read_text()) if result_path.is_file() else {}
        log_text = log_path.read_text(errors="replace")
    peak = result.pop("_peak_rss_mb", None) or usage.ru_maxrss / 1024
    measured = Measured(stage, result, peak, wall, capped.is_set(), process.returncode, log_text[-3000:], time.time())
    if process.returncode != 0 and not measured.capped:
        raise RuntimeError(f"stage {stage} {args} failed with {process.returncode}:\n{log_text[-3000:]}")
    return measured
