"""The SPARQL 1.1 Protocol's dataset (default-graph-uri, named-graph-uri) over the store's own named graphs.

The W3C protocol tests for datasets (query_dataset_default_graph, _default_graphs_get/_post,
_named_graphs_get/_post, query_dataset_full, query_multiple_dataset) read remote documents; here the
same cases name the store's graphs, one per data file, and each answer is compared with what the
store holds in those graphs.
"""

from __future__ import annotations

import httpx
import pytest

from diplograph.namespaces import graph_for_file

G1 = graph_for_file("meetings/2025-08-08-jp-pe.ttl")
G2 = graph_for_file("meetings/uk-jp-2024-06-14-sunak-kishida-g7.ttl")
G3 = graph_for_file("relations/jp-pe.ttl")
DG = "https://w3id.org/diplograph/ontology#"
DATES = f"SELECT DISTINCT ?date WHERE {{ ?event <{DG}date> ?date }}"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


def ask(server, query: str, method: str = "GET", **dataset: list[str]) -> httpx.Response:
    """The query by GET or as a POSTed form, with the dataset's parameters (repeated for several graphs)."""
    fields = {"query": query} | {name.replace("_", "-"): iris for name, iris in dataset.items()}
    if method == "GET":
        return httpx.get(server.url + "sparql", params=fields, headers=JSON)
    return httpx.post(server.url + "sparql", data=fields, headers=JSON)


def values(response: httpx.Response, name: str) -> set[str]:
    assert response.status_code == 200, response.text
    return {row[name]["value"] for row in response.json()["results"]["bindings"] if name in row}


def stored(built_store, query: str, name: str) -> set[str]:
    return {row[name] for row in built_store.select(query) if name in row}


def dates_in(built_store, *graphs: str) -> set[str]:
    found: set[str] = set()
    for graph in graphs:
        found |= stored(built_store, f"SELECT ?date WHERE {{ GRAPH <{graph}> {{ ?e dg:date ?date }} }}", "date")
    return found


def test_the_graphs_chosen_hold_different_dates(built_store):
    assert dates_in(built_store, G1) and dates_in(built_store, G2)
    assert dates_in(built_store, G1) != dates_in(built_store, G2)


def test_default_graph_uri_asks_about_one_source(ld_server, built_store):
    answer = values(ask(ld_server, DATES, default_graph_uri=[G1]), "date")
    assert answer == dates_in(built_store, G1)
    assert answer != values(ask(ld_server, DATES), "date"), "without a dataset the query reads every graph"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_several_default_graphs_are_merged(ld_server, built_store, method):
    answer = values(ask(ld_server, DATES, method, default_graph_uri=[G1, G2]), "date")
    assert answer == dates_in(built_store, G1, G2)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_named_graphs_alone_leave_the_default_graph_empty(ld_server, method):
    assert values(ask(ld_server, GRAPHS, method, named_graph_uri=[G1, G2]), "g") == {G1, G2}
    assert values(ask(ld_server, TRIPLES, method, named_graph_uri=[G1, G2]), "n") == {"0"}


def test_a_full_dataset_has_its_default_graph_and_its_named_graphs(ld_server, built_store):
    dataset = {"default_graph_uri": [G3], "named_graph_uri": [G1, G2]}
    assert values(ask(ld_server, GRAPHS, **dataset), "g") == {G1, G2}
    in_g3 = stored(built_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G3}> {{ ?s ?p ?o }} }}", "n")
    assert values(ask(ld_server, TRIPLES, **dataset), "n") == in_g3


def test_the_protocols_dataset_overrides_from_in_the_query(ld_server, built_store):
    query = f"SELECT DISTINCT ?date FROM <{G2}> WHERE {{ ?event <{DG}date> ?date }}"
    assert values(ask(ld_server, query, default_graph_uri=[G1]), "date") == dates_in(built_store, G1)


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_a_graph_the_store_does_not_hold_is_400_naming_the_parameter(ld_server, parameter):
    answer = httpx.get(
        ld_server.url + "sparql", params={"query": DATES, parameter: "http://example.org/elsewhere"}, headers=JSON
    )
    assert answer.status_code == 400
    assert parameter in answer.text and "http://example.org/elsewhere" in answer.text


def test_the_memory_store_reads_the_protocols_dataset_as_oxigraph_does(built_store):
    from diplograph.store.backends import open_backend

    from_elsewhere = f"SELECT DISTINCT ?date FROM <file:///etc/passwd> FROM <{G2}> WHERE {{ ?e <{DG}date> ?date }}"
    cases = [
        (DATES, ((G1,), ())),
        (from_elsewhere, ((G1,), ())),
        (GRAPHS, ((G3,), (G1, G2))),
        (TRIPLES, ((), (G1, G2))),
    ]
    answers = {}
    for spec in (f"memory:{built_store.dumps / 'diplograph.nq'}", f"oxigraph:{built_store.path}"):
        backend = open_backend(spec)
        try:
            answers[spec.split(":")[0]] = [
                sorted(str(row[0]) for row in backend.query_checked(query, "select", 30, dataset).rows)
                for query, dataset in cases
            ]
        finally:
            backend.close()
    assert answers["memory"] == answers["oxigraph"]
    assert answers["oxigraph"][0] == answers["oxigraph"][1] == sorted(dates_in(built_store, G1))


def test_the_service_description_lists_the_graphs_a_request_may_name(ld_server):
    from rdflib import Graph, Namespace, URIRef

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    answer = httpx.get(ld_server.url + "sparql", headers={"Accept": "text/turtle"})
    description = Graph().parse(data=answer.text, format="turtle")
    names = {str(name) for name in description.objects(None, sd.name)}
    assert {G1, G2, G3} <= names
    assert values(ask(ld_server, GRAPHS, named_graph_uri=sorted(names)), "g") <= names  # each one is accepted
    assert (None, sd.namedGraph, None) in description and URIRef(G1) in set(description.objects(None, sd.name))
