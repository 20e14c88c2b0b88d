"""Does /sparql speak the SPARQL 1.1 Protocol to real clients, and refuse what it must?"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from ld_server import BASE, SEED, running_server
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

PREFIXES = "PREFIX dg: <https://w3id.org/diplograph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SELECT = PREFIXES + (
    f"SELECT ?person ?name WHERE {{ <{SEED}> dg:hasParticipation/dg:participant ?person . "
    '?person rdfs:label ?name FILTER(LANG(?name) = "en") } ORDER BY ?person'
)
CONSTRUCT = PREFIXES + f"CONSTRUCT {{ <{SEED}> dg:date ?d }} WHERE {{ <{SEED}> dg:date ?d }}"
ASK = PREFIXES + f"ASK {{ <{SEED}> a dg:Meeting }}"
SR = "{http://www.w3.org/2005/sparql-results#}"
PEOPLE = {BASE + "id/person/boluarte-zegarra-dina-ercilia", BASE + "id/person/ishiba-shigeru"}


def endpoint(server) -> str:
    return server.url + "sparql"


def test_get_with_a_query_answers_sparql_json(ld_server):
    answer = httpx.get(
        endpoint(ld_server), params={"query": SELECT}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    data = answer.json()
    assert data["head"]["vars"] == ["person", "name"]
    assert {row["person"]["value"] for row in data["results"]["bindings"]} == PEOPLE


def test_post_as_a_form_and_as_sparql_query_give_the_same_answer(ld_server):
    form = httpx.post(
        endpoint(ld_server), data={"query": SELECT}, headers={"Accept": "application/sparql-results+json"}
    )
    direct = httpx.post(
        endpoint(ld_server),
        content=SELECT.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


def test_select_answers_in_each_results_format(ld_server):
    def ask(media_type: str) -> httpx.Response:
        answer = httpx.get(endpoint(ld_server), params={"query": SELECT}, headers={"Accept": media_type})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media_type)
        return answer

    xml = ET.fromstring(ask("application/sparql-results+xml").content)
    assert [v.get("name") for v in xml.iter(SR + "variable")] == ["person", "name"]
    assert {u.text for u in xml.iter(SR + "uri")} == PEOPLE
    rows = list(csv.DictReader(io.StringIO(ask("text/csv").text)))
    assert {row["person"] for row in rows} == PEOPLE
    tsv = ask("text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?person\t?name" and {line.split("\t")[0] for line in tsv[1:]} == {f"<{p}>" for p in PEOPLE}
    # Oxigraph's own results parsers read them too
    for media_type, results_format in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        solutions = ox.parse_query_results(ask(media_type).content, format=results_format)
        assert {s["person"].value for s in solutions} == PEOPLE


def test_ask_answers_true_in_json_and_xml(ld_server):
    json_answer = httpx.get(
        endpoint(ld_server), params={"query": ASK}, headers={"Accept": "application/sparql-results+json"}
    )
    assert json_answer.json()["boolean"] is True
    xml_answer = httpx.get(
        endpoint(ld_server), params={"query": ASK}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert ET.fromstring(xml_answer.content).find(SR + "boolean").text == "true"


@pytest.mark.parametrize(
    ("media_type", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
    ],
)
def test_construct_answers_in_each_rdf_format(ld_server, media_type, rdf_format):
    answer = httpx.get(endpoint(ld_server), params={"query": CONSTRUCT}, headers={"Accept": media_type})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media_type)
    graph = Graph().parse(data=answer.content, format=rdf_format)
    assert {str(o) for o in graph.objects(URIRef(SEED), None)} == {"2025-08-08"}


def test_describe_answers_rdf(ld_server):
    answer = httpx.get(endpoint(ld_server), params={"query": f"DESCRIBE <{SEED}>"}, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=answer.content, format="turtle")
    assert (URIRef(SEED), RDF.type, URIRef("https://w3id.org/diplograph/ontology#Meeting")) in graph


def test_a_malformed_query_is_400_with_the_parsers_message(ld_server):
    answer = httpx.get(endpoint(ld_server), params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert answer.status_code == 400
    assert "SPARQL syntax error at line 1, column" in answer.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {
            "method": "POST",
            "content": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "GET", "params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"method": "GET", "params": {"query": "DROP ALL"}},
        {"method": "GET", "params": {"query": "LOAD <http://example.org/data.ttl>"}},
    ],
    ids=["update-form", "update-body", "update-as-query", "drop", "load"],
)
def test_an_update_is_refused_and_the_store_is_unchanged(ld_server, request_kwargs):
    before = httpx.get(endpoint(ld_server), params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    kwargs = dict(request_kwargs)
    answer = httpx.request(kwargs.pop("method"), endpoint(ld_server), **kwargs)
    assert answer.status_code == 403
    assert "read" in answer.text or "Update" in answer.text
    after = httpx.get(endpoint(ld_server), params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert before == after


def test_service_and_from_are_refused(ld_server):
    service = httpx.get(
        endpoint(ld_server), params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"}
    )
    assert service.status_code == 403 and "SERVICE" in service.text
    from_clause = httpx.get(
        endpoint(ld_server), params={"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}
    )
    assert from_clause.status_code == 403 and "FROM" in from_clause.text
    dataset = httpx.get(endpoint(ld_server), params={"query": SELECT, "default-graph-uri": "http://example.org/g"})
    assert dataset.status_code == 400


def test_without_a_query_the_endpoint_describes_itself(ld_server):
    answer = httpx.get(endpoint(ld_server), headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=answer.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(BASE + "sparql")
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert (service, URIRef(sd + "feature"), URIRef(sd + "BasicFederatedQuery")) not in graph
    formats = set(graph.objects(service, URIRef(sd + "resultFormat")))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in formats
    page = httpx.get(endpoint(ld_server), headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "Participants of a meeting" in page.text


def test_a_browser_form_submission_gets_the_results_as_an_html_table(ld_server):
    page = httpx.get(endpoint(ld_server) + "?query=" + quote(SELECT), headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<table>" in page.text and "ISHIBA Shigeru" in page.text


def test_sparqlwrapper_reads_select_ask_and_construct(ld_server):
    client = SPARQLWrapper(endpoint(ld_server))
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert {row["person"]["value"] for row in rows} == PEOPLE
    client.setQuery(ASK)
    client.setReturnFormat(XML)
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 1
    client.setMethod("POST")
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    assert len(client.query().convert()["results"]["bindings"]) == 2


def test_rdflib_sparqlstore_reads_the_endpoint(ld_server):
    graph = Graph(store=SPARQLStore(endpoint(ld_server), returnFormat="json"))
    rows = list(graph.query(SELECT))
    assert {str(row.person) for row in rows} == PEOPLE
    assert any(row.name == Literal("ISHIBA Shigeru", lang="en") for row in rows)
    assert (URIRef(SEED), RDF.type, URIRef("https://w3id.org/diplograph/ontology#Meeting")) in graph


@pytest.fixture(scope="module")
def strict_server(built_store, tmp_path_factory):
    """A server with a five-second query limit and a five-row result limit.

    Five seconds, not one: on a loaded machine the first query of a fresh worker can take a second,
    and the limit must stop the endless query, not the five-row one.
    """
    with running_server(
        built_store.path, tmp_path_factory.mktemp("strict"), "--timeout", "5", "--max-rows", "5"
    ) as server:
        yield server


def test_answers_are_cut_at_the_result_limit_and_say_so(strict_server):
    answer = httpx.get(
        endpoint(strict_server),
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200
    assert len(answer.json()["results"]["bindings"]) == 5
    assert "truncated" in answer.headers["x-result-limit"]


def test_a_query_past_the_time_limit_is_stopped_with_503(strict_server):
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    answer = httpx.get(endpoint(strict_server), params={"query": endless}, timeout=120)
    assert answer.status_code == 503
    assert "longer than 5 s" in answer.text
    after = httpx.get(
        endpoint(strict_server), params={"query": ASK}, headers={"Accept": "application/sparql-results+json"}
    )
    assert after.json()["boolean"] is True
