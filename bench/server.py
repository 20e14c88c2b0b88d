"""Start `diplograph serve` on a free loopback port for the HTTP load stage, and stop it."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(store: Path, log_path: Path, *options: str) -> Iterator[tuple[str, dict]]:
    """Yield the server's URL and a dict that receives its peak RSS (MB) once it has stopped.

    `options` go to `diplograph serve` as they are (the load stage passes `--no-cache`).
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    stats: dict = {}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "diplograph.cli", "serve", "--port", str(port), "--store", f"oxigraph:{store}"]
            + list(options),
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "DIPLOGRAPH_BASE": "https://w3id.org/diplograph/"},
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"diplograph serve exited with {process.returncode}:\n{log_path.read_text()}")
                try:
                    if httpx.get(url, headers={"Accept": "text/turtle"}, timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"diplograph serve did not answer at {url}:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield url, stats
        finally:
            if process.poll() is None:
                process.terminate()
                killer = threading.Timer(15, process.kill)
                killer.start()
                try:
                    _pid, _status, usage = os.wait4(process.pid, 0)
                    process.returncode = 0
                    stats["peak_rss_mb"] = usage.ru_maxrss / 1024
                except ChildProcessError:
                    pass
                finally:
                    killer.cancel()


def load_arguments(description: str) -> argparse.Namespace:
    """The options every load run takes: the store, seconds per load, rounds and clients."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--query-limit", type=float, help="the server's query time limit (`serve --timeout`; default: its own)"
    )
    return parser.parse_args()
