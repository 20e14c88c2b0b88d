"""Does the benchmark still measure the right thing? The runner's smallest size, checked for correctness.

`python -m bench --smoke` generates the smallest graph, runs every stage once in its own process
(load, build, rebuild after an edit, the rdflib pipeline, validation and reasoning, the catalogue
queries through diplograph and on raw pyoxigraph, the projections, the HTTP load on loopback) and
checks what each produced (bench/checks.py). Nothing here looks at how long anything took.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.datasets import generated_digest, import_quads  # noqa: E402
from bench.sizes import SIZES  # noqa: E402


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    results = work / "RESULTS.md"
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--work", str(work), "--results", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("SMOKE ")]
    assert lines, f"no SMOKE summary; exit {finished.returncode}\n{finished.stdout[-3000:]}\n{finished.stderr[-3000:]}"
    return {
        "code": finished.returncode,
        "summary": json.loads(lines[-1][len("SMOKE ") :]),
        "details": json.loads((work / "smoke.json").read_text()),
        "results_written": results.exists(),
        "output": finished.stdout[-3000:],
    }


def test_the_generator_gives_the_same_triples_twice():
    assert generated_digest(SIZES["smoke"]) == generated_digest(SIZES["smoke"])


def test_the_generated_imports_leave_the_states_to_the_build_and_live_under_graph_import():
    graphs = import_quads(SIZES["smoke"])
    quads = [q for graph_quads in graphs.values() for q in graph_quads]
    assert quads
    assert all(q.graph_name.value.startswith("https://w3id.org/diplograph/graph/import/bench/") for q in quads)
    assert not any(q.subject.value.startswith("https://w3id.org/diplograph/id/state/") for q in quads)


def test_every_stage_of_the_smoke_run_produced_what_it_should(smoke_run):
    assert smoke_run["summary"]["problems"] == [], smoke_run["output"]
    assert smoke_run["code"] == 0, smoke_run["output"]


def test_the_smoke_run_writes_no_results_file(smoke_run):
    assert not smoke_run["results_written"]


def test_the_generated_data_passes_validation_and_the_rules_find_what_the_generator_knows(smoke_run):
    stage = smoke_run["details"]["sizes"]["smoke"]["stages"]["validate-reason"][0]["result"]
    assert stage["violations"] == []
    assert stage["clashes"] == []
    agreement = stage["rules_vs_generator"]
    assert agreement["expected"] > 0
    assert agreement["missing"] == [] and agreement["extra"] == []


def test_the_build_and_the_rebuild_give_the_same_store_size(smoke_run):
    build = smoke_run["details"]["sizes"]["smoke"]["stages"]["build"]
    assert build["build"][0]["result"]["triples"] == build["rebuild"][0]["result"]["triples"]
    assert build["build"][0]["result"]["counts"]["meetings"] >= SIZES["smoke"].meetings


def test_each_catalogue_query_gives_the_same_rows_through_diplograph_and_raw_pyoxigraph(smoke_run):
    queries = smoke_run["details"]["sizes"]["smoke"]["stages"]["queries"][0]["result"]["queries"]
    assert len(queries) >= 20
    assert [name for name, q in queries.items() if not q["identical"]] == []


def test_the_rdflib_pipeline_agrees_with_oxigraph_on_every_question_that_needs_no_reasoning(smoke_run):
    from bench.checks import INFERRED_CLASSES
    from diplograph.store.catalogue import catalogue

    # The rdflib baseline does not reason; questions reading classes only the reasoner gives are left out.
    reasoned = {name for name, query in catalogue().items() if any(c in query.sparql for c in INFERRED_CLASSES)}
    stages = smoke_run["details"]["sizes"]["smoke"]["stages"]
    rdflib_run = stages["build"]["rdflib"][0]["result"]
    ours = stages["queries"][0]["result"]["queries"]
    assert rdflib_run["complete"] and rdflib_run["conforms"]
    assert reasoned and len(reasoned) < len(ours) // 2
    theirs = {n: q["rows"] for n, q in rdflib_run["queries"].items() if n not in reasoned}
    assert theirs == {n: q["rows"] for n, q in ours.items() if n not in reasoned}


def test_the_projections_and_the_http_load_produce_output_without_errors(smoke_run):
    stages = smoke_run["details"]["sizes"]["smoke"]["stages"]
    states = stages["projection"]["states"][0]["result"]
    persons = stages["projection"]["persons"][0]["result"]
    assert states["nodes"] > 0 and states["edges"] > 0 and states["html_bytes"] > 10_000
    assert persons["nodes"] > 0 and persons["edges"] > 0
    for server in ("cached", "uncached"):
        for mode in ("sparql", "html"):
            load = stages["http"][server][mode][0]["result"]
            assert load["requests"] > 0 and load["error_count"] == 0
