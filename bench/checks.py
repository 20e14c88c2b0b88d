"""Correctness checks on what one size's stages produced (used by `--smoke`; timing is not checked)."""

from __future__ import annotations

from bench.sizes import SIZES
from diplograph.store.catalogue import catalogue

INFERRED_CLASSES = ("dg:Summit", "dg:MinisterialMeeting", "dg:BilateralMeeting", " a ?class")
"""Classes of meetings that only the reasoner assigns, or a query listing every class of a resource."""


def _first(runs: list[dict]) -> dict:
    return runs[0]["result"] if runs else {}


def check_size(size: str, out: dict, generator_runs: tuple | None = None) -> list[str]:
    """Return a list of problems; empty when the generator and every stage did what they should."""
    problems: list[str] = []
    info, stages = out["info"], out["stages"]
    sizes = SIZES[size]

    def expect(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    if generator_runs:
        (count_a, digest_a), (count_b, digest_b) = generator_runs
        expect(count_a == count_b and digest_a == digest_b, f"generator not deterministic: {generator_runs}")
        expect(count_a == info["generated_triples"], "generator count differs from the prepared inputs")
    expect(
        info["generated_triples"] > {"smoke": 2_000, "10k": 8_000, "100k": 80_000, "1m": 800_000}[size],
        f"too few generated triples: {info['generated_triples']}",
    )
    expect(info["store_counts"]["meetings"] >= sizes.meetings, f"store has too few meetings: {info['store_counts']}")

    load = {variant: _first(runs) for variant, runs in stages["load"].items()}
    expect(load["diplograph"].get("triples") == info["load_triples"], f"load step triples differ: {load}")
    expect(
        0.9 * info["load_triples"] <= load["raw"].get("triples", 0) <= info["load_triples"],
        f"raw load of all.nt has {load['raw'].get('triples')} triples, the load step {info['load_triples']}",
    )
    expect(load["diplograph-turtle"].get("triples", 0) > info["generated_triples"] * 0.9, "Turtle load too small")

    builds = stages["build"]
    full, rebuilt = _first(builds["build"]), _first(builds["rebuild"])
    expect(full.get("triples") == info["store_triples"], f"build: {full.get('triples')} != {info['store_triples']}")
    expect(rebuilt.get("triples") == full.get("triples"), "the rebuild after an edited label changed the triple count")
    expect(full.get("inferred", 0) > 0, "the build inferred nothing")
    if builds["rdflib"]:
        rdflib_run = builds["rdflib"][0]
        rdf = rdflib_run["result"]
        expect(rdflib_run["capped"] or rdf.get("complete"), "rdflib pipeline did not complete")
        expect(rdf.get("conforms") is True, "pySHACL (rdflib pipeline) says the generated data does not conform")
        ours = _first(stages["queries"])["queries"]
        # The rdflib baseline does not reason: a question that reads a class only the reasoner gives
        # (a meeting that is both a summit and a ministerial meeting has two levels) is not comparable.
        reasoned = {name for name, query in catalogue().items() if any(c in query.sparql for c in INFERRED_CLASSES)}
        different = {
            name: (q["rows"], ours[name]["rows"])
            for name, q in rdf.get("queries", {}).items()
            if name in ours and name not in reasoned and q["rows"] != ours[name]["rows"]
        }
        expect(not different, f"rdflib and Oxigraph give different row counts: {different}")

    for run in stages["validate-reason"][:1]:
        vr = run["result"]
        expect(not vr["violations"], f"generated data breaks the shapes: {vr['violations'][:5]}")
        expect(not vr["clashes"], f"generated data is inconsistent: {vr['clashes'][:5]}")
        expect(vr["rule_inferences"] > 0 and vr["hermit_inferences"] != 0, "no inferences from rules or HermiT")
        agreement = vr.get("rules_vs_generator")
        if agreement:
            expect(
                not agreement["missing"] and not agreement["extra"],
                f"SPARQL rules and the generator's known classifications differ: {agreement}",
            )

    queries = _first(stages["queries"])["queries"]
    expect(len(queries) >= 20, f"only {len(queries)} catalogue queries ran")
    differing = [name for name, q in queries.items() if not q.get("identical")]
    expect(not differing, f"diplograph and raw pyoxigraph give different rows for {differing}")
    empty = [name for name, q in queries.items() if not q["rows"]]
    expect(len(empty) <= len(queries) // 4, f"too many catalogue examples return no rows: {empty}")

    for view, runs in stages["projection"].items():
        p = _first(runs)
        expect(p.get("nodes", 0) > 0 and p.get("edges", 0) > 0, f"{view} projection is empty: {p}")
    expect(_first(stages["projection"]["states"]).get("html_bytes", 0) > 10_000, "states HTML export too small")

    for server in ("cached", "uncached"):
        for mode in ("sparql", "html"):
            h = _first(stages["http"][server][mode])
            expect(h.get("requests", 0) > 0 and h.get("error_count") == 0, f"HTTP {mode} load, {server} server: {h}")
    return problems
