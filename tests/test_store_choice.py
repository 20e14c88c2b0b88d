"""Choosing a store: `--store`, DIPLOGRAPH_STORE or diplograph.toml; building into a SPARQL server;
answers as Turtle or XML; parameter errors on every kind of store."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from servers import (  # noqa: F401
    loaded_oxigraph_server,
    loaded_virtuoso,
    oxigraph_server,
    run_oxigraph_server,
    virtuoso_server,
)

from diplograph.store.backends import open_backend
from diplograph.store.catalogue import catalogue
from diplograph.store.location import StoreError, StoreSpec
from diplograph.store.remote import repair_duration

JP_PE = ["-p", "country1=JP", "-p", "country2=PE", "--format", "csv"]
MEETING = "https://w3id.org/diplograph/id/meeting/2025-08-08-jp-pe"


def dates(output: str) -> list[str]:
    return [row["date"] for row in csv.DictReader(io.StringIO(output))]


def test_build_loads_the_graph_into_a_sparql_server_and_query_reads_it_back(run_cli, tmp_path, built_store):
    (tmp_path / "server").mkdir()
    with run_oxigraph_server(tmp_path / "server") as server:
        stale = "https://w3id.org/diplograph/graph/meetings/removed-since"
        open_backend(server.store_spec).client.update(
            f"INSERT DATA {{ GRAPH <{stale}> {{ <x:a> <x:b> <x:c> }} }}".encode()
        )
        built = run_cli("build", "--store", server.store_spec, "--dumps", str(tmp_path / "dumps"))
        assert built.status == 0, built.stderr
        assert f"built {server.store_spec}" in built.stdout
        answer = run_cli("query", "meetings-between", *JP_PE, "--store", server.store_spec)
        assert answer.status == 0, answer.stderr
        assert dates(answer.stdout) == ["2020-05-19", "2024-11-17", "2025-08-08"]
        backend = open_backend(server.store_spec)
        graphs = backend.graphs()
        assert stale not in graphs and "https://w3id.org/diplograph/graph/inferred" in graphs
        assert len(graphs) == built_store.report.graphs
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        first = backend.query(count).rows

        # Again through SPARQL Update alone (DROP + INSERT DATA per graph), without the reasoner: each graph
        # is replaced, not added to, and graph/inferred, which this build does not make, is dropped.
        update_only = ",".join(server.store_spec.split(",")[:2])
        again = run_cli("build", "--no-reason", "--store", update_only, "--dumps", str(tmp_path / "dumps"))
        assert again.status == 0, again.stderr
        inferred = len(built_store.report.inferences.quads)
        assert int(open_backend(server.store_spec).query(count).rows[0][0]) == int(first[0][0]) - inferred
        assert "https://w3id.org/diplograph/graph/inferred" not in open_backend(server.store_spec).graphs()
        assert int(first[0][0]) == built_store.report.triples


def test_the_store_comes_from_diplograph_store_then_diplograph_toml(run_cli, built_store, tmp_path):
    from_env = run_cli("query", "meetings-between", *JP_PE, env={"DIPLOGRAPH_STORE": f"oxigraph:{built_store.path}"})
    assert from_env.status == 0 and dates(from_env.stdout) == ["2020-05-19", "2024-11-17", "2025-08-08"]
    (tmp_path / "diplograph.toml").write_text(f'store = "memory:{built_store.dumps / "diplograph.nq"}"\ntimeout = 60\n')
    from_file = run_cli("query", "meetings-between", *JP_PE)
    assert from_file.status == 0, from_file.stderr
    assert from_file.stdout == from_env.stdout


def test_a_missing_store_says_how_to_build_one(run_cli, tmp_path):
    for spec in (f"oxigraph:{tmp_path / 'none'}", f"memory:{tmp_path / 'none.nq'}"):
        result = run_cli("query", "diaspora", "--store", spec)
        assert result.status == 1 and "run `diplograph build` first" in result.stderr


def test_an_unreachable_sparql_server_is_a_one_line_error(run_cli):
    result = run_cli("query", "diaspora", "--store", "sparql:http://127.0.0.1:9/query")
    assert result.status == 1
    assert "cannot reach the SPARQL server at http://127.0.0.1:9/query" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_store_is_refused_with_the_choices():
    for text in ("postgres:db", "oxigraph:"):
        with pytest.raises(StoreError, match="oxigraph:PATH"):
            StoreSpec.parse(text)
    with pytest.raises(StoreError, match="with http"):
        StoreSpec.parse("sparql:ftp://x/query")


@pytest.mark.parametrize("store", ["memory", "oxigraph-server", "virtuoso"])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        (["-p", "country=JP"], "has no parameter country; its parameters: country1 (state), country2 (state)"),
        (["-p", "country1=JP", "-p", "country2=XX"], "unknown country code 'XX'"),
        (["-p", "country1=JP"], "needs parameter country2"),
    ],
)
def test_parameter_errors_are_one_line_on_every_store(store, params, message, run_cli, request, built_store):
    if store == "memory":
        spec = f"memory:{built_store.dumps / 'diplograph.nq'}"
    else:
        spec = request.getfixturevalue("loaded_oxigraph_server" if store == "oxigraph-server" else "loaded_virtuoso")
        spec = spec.store_spec
    result = run_cli("query", "meetings-between", *params, "--store", spec)
    assert result.status == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_date_that_does_not_exist_is_refused_on_the_memory_store(run_cli, built_store):
    result = run_cli(
        "query", "meetings-of-person", "-p", "person=person/ishiba-shigeru", "-p", "since=2025-02-30",
        "--store", f"memory:{built_store.dumps / 'diplograph.nq'}",
    )  # fmt: skip
    assert result.status == 1 and "no such date 2025-02-30" in result.stderr


def test_a_construct_answer_comes_as_turtle(run_cli, built_store, tmp_path: Path):
    query = tmp_path / "summit.rq"
    query.write_text(
        "# title: the summit's date and states\n"
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
        "CONSTRUCT { ?m dg:date ?d ; dg:betweenState ?s } WHERE { ?m dg:betweenState ?country ; dg:date ?d ;"
        " dg:betweenState ?s }\n"
    )
    result = run_cli("query", str(query), "--store", f"oxigraph:{built_store.path}", "--format", "turtle")
    assert result.status == 0, result.stderr
    assert "@prefix dg: <https://w3id.org/diplograph/ontology#> ." in result.stdout
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (URIRef(MEETING), URIRef("https://w3id.org/diplograph/ontology#date"), None) in graph


def test_turtle_for_a_select_is_refused_with_the_formats_that_fit(run_cli, built_store):
    result = run_cli("query", "diaspora", "--store", f"oxigraph:{built_store.path}", "--format", "turtle")
    assert result.status == 1 and "use table, csv, tsv, json or xml" in result.stderr


def test_xml_output_follows_the_sparql_results_xml_format(run_cli, built_store):
    result = run_cli(
        "query", "meetings-between", *JP_PE[:4], "--format", "xml", "--store", f"oxigraph:{built_store.path}"
    )
    assert result.status == 0, result.stderr
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(result.stdout)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)][:3] == ["meeting", "label", "date"]
    uris = [u.text for u in root.findall("r:results/r:result/r:binding[@name='meeting']/r:uri", ns)]
    assert MEETING in uris


def test_explain_shows_the_query_and_its_bound_parameters_on_the_memory_store(run_cli, built_store):
    result = run_cli(
        "query", "states-met-by", "-p", "person=person/kishida-fumio", "-p", "year=2024", "--explain",
        "--format", "csv", "--store", f"memory:{built_store.dumps / 'diplograph.nq'}",
    )  # fmt: skip
    assert result.status == 0, result.stderr
    assert '# ?year = "2024"^^<http://www.w3.org/2001/XMLSchema#integer>' in result.stdout
    assert "Argentina" in result.stdout and catalogue()["states-met-by"].title in result.stdout


def test_a_duration_virtuoso_gives_in_seconds_is_read_back_as_iso_8601():
    assert repair_duration("2700.0") == "PT45M"
    assert repair_duration("4500") == "PT1H15M"
    assert repair_duration("90061.5") == "P1DT1H1M1.5S"
    assert repair_duration("PT20M") == "PT20M"
