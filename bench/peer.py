"""The SPARQL endpoint against its nearest peer: `diplograph serve --no-cache` and `oxigraph serve-read-only`.

`python -m bench.peer --store STORE [--seconds 10] [--rounds 2] [--clients 8]` starts each server afresh
on 127.0.0.1 over the same store folder (read-only, the union of its graphs as the default graph), warms
it with every distinct request once, then runs `clients` client threads for a bounded time, POSTing
the catalogue examples (the same texts, parameters bound) as SPARQL Protocol form requests and asking
for JSON results. The servers alternate, the order rotated each round. Prints a Markdown table with
queries per second, p50/p99 and the diplograph/oxigraph throughput ratio; writes the figures as JSON
next to the store (`peer.json`). Loopback only; every loop is bounded by time and by a request budget.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from bench.server import free_port, load_arguments

MAX_REQUESTS = 20000


def _start(kind: str, store: Path, port: int, log) -> subprocess.Popen:
    if kind == "oxigraph":
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        command = [binary, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"]
        command.append("--union-default-graph")
    else:
        command = [sys.executable, "-m", "diplograph.cli", "serve", "--port", str(port), "--store", f"oxigraph:{store}"]
        command.append("--no-cache")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))


def _wait(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            answer = httpx.post(url, data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no answer at {url}")


def load(url: str, texts: list[str], clients: int, seconds: float, once: bool = False) -> dict:
    """`clients` threads POST the texts in turn for `seconds` (or each text once); latencies and errors."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the peer benchmark only talks to 127.0.0.1")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = [MAX_REQUESTS]
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        plan = texts[offset::clients] if once else itertools.islice(itertools.cycle(texts), offset, None)
        with httpx.Client(timeout=60) as http:
            for text in plan:
                with lock:
                    if time.monotonic() >= deadline or budget[0] <= 0:
                        return
                    budget[0] -= 1
                started = time.perf_counter()
                try:
                    answer = http.post(url, data={"query": text}, headers={"Accept": "application/sparql-results+json"})
                    problem = None if answer.status_code == 200 else f"{answer.status_code}: {answer.text[:120]}"
                except httpx.HTTPError as error:
                    problem = f"{type(error).__name__}: {error}"
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if problem:
                        errors.append(problem)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def quantile(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")

    return {
        "requests": len(ordered),
        "per_second": len(ordered) / elapsed if elapsed else 0.0,
        "p50": quantile(0.5),
        "p99": quantile(0.99),
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def main() -> None:
    """Run the paired load and print the table."""
    from diplograph.publish.sparql_endpoint import examples

    args = load_arguments(__doc__.splitlines()[0])
    texts = [example.text for example in examples()]
    runs: dict[str, list[dict]] = {"diplograph": [], "oxigraph": []}
    for rnd in range(args.rounds):
        for kind in ["diplograph", "oxigraph"] if rnd % 2 == 0 else ["oxigraph", "diplograph"]:
            port = free_port()
            url = f"http://127.0.0.1:{port}/" + ("query" if kind == "oxigraph" else "sparql")
            with (args.store.parent / f"peer-{kind}.log").open("wb") as log:
                process = _start(kind, args.store, port, log)
                try:
                    _wait(url, process)
                    load(url, texts, 1, 900.0, once=True)
                    result = load(url, texts, args.clients, args.seconds)
                finally:
                    process.terminate()
                    try:
                        process.wait(15)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
            result["load"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            runs[kind].append(result)
            print(f"{kind}: {json.dumps(result)}", file=sys.stderr, flush=True)
    ratios = [d["per_second"] / o["per_second"] for d, o in zip(runs["diplograph"], runs["oxigraph"], strict=True)]
    lines = ["| server | runs | queries/s (median) | p50 | p99 | errors | load |", "|---|---|---|---|---|---|---|"]
    for kind, results in runs.items():
        lines.append(
            f"| {kind} | {len(results)} | {statistics.median(r['per_second'] for r in results):.1f} "
            f"| {statistics.median(r['p50'] for r in results) * 1000:.0f} ms "
            f"| {statistics.median(r['p99'] for r in results) * 1000:.0f} ms "
            f"| {sum(r['errors'] for r in results)} | {results[-1]['load']} |"
        )
    lines.append(f"\nthroughput ratio diplograph/oxigraph (median of rounds): {statistics.median(ratios):.2f}")
    (args.store.parent / "peer.json").write_text(json.dumps({"runs": runs, "ratios": ratios}, indent=1))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
