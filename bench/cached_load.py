"""The cached server under load: `python -m bench.cached_load --store STORE [--seconds 10] [--rounds 2]`.

Starts `diplograph serve` (its response cache on, as it ships) on the store, makes every distinct
request once (the warm-up), then runs the load stage's 8 clients on /sparql (the catalogue examples)
and on the pages, each for a bounded time, in rotated order; prints one JSON line per load with the
machine's load average, and writes them next to the store (`cached-load.json`). Loopback only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.measure import run_stage
from bench.run import PAGES
from bench.server import load_arguments, serving


def main() -> None:
    """Run the cached loads and print their figures."""
    args = load_arguments(__doc__.splitlines()[0])
    results: list[dict] = []
    for rnd in range(args.rounds):
        options = ("--timeout", f"{args.query_limit:g}") if args.query_limit else ()
        with serving(args.store, args.store.parent / "cached-serve.log", *options) as (url, _stats):
            for mode in ["sparql", "html"] if rnd % 2 == 0 else ["html", "sparql"]:
                stage = {
                    "url": url,
                    "mode": mode,
                    "seconds": args.seconds,
                    "concurrency": args.clients,
                    "max_requests": 20000,
                    "pages": PAGES,
                }
                run_stage("http-load", {**stage, "once": True, "concurrency": 1, "seconds": 900.0})
                measured = run_stage("http-load", stage)
                figures = {key: measured.result.get(key) for key in ("requests", "per_second", "p50", "p99", "max")}
                figures.update(
                    mode=mode,
                    errors=measured.result.get("error_count"),
                    load=" ".join(Path("/proc/loadavg").read_text().split()[:3]),
                    query_limit=args.query_limit,
                )
                results.append(figures)
                print(json.dumps(figures), file=sys.stderr, flush=True)
    (args.store.parent / "cached-load.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
