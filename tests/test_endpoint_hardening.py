"""Cases found by outside testing of the SPARQL endpoint: each answer is the one the protocol and formats ask for."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import httpx
from ld_server import BASE, SEED
from rdflib import Graph
from SPARQLWrapper import JSONLD, N3, SPARQLWrapper

SELECT_SEED = f"SELECT ?date WHERE {{ <{SEED}> <{BASE}ontology#date> ?date }}"
CONSTRUCT_SEED = f"CONSTRUCT {{ <{SEED}> <{BASE}ontology#date> ?d }} WHERE {{ <{SEED}> <{BASE}ontology#date> ?d }}"
DEEP = "SELECT * WHERE " + "{" * 1000 + " ?s ?p ?o " + "}" * 1000


def endpoint(server) -> str:
    return server.url + "sparql"


def test_a_query_nested_a_thousand_deep_is_400_in_one_line_and_the_connection_lives_on(ld_server):
    with httpx.Client() as client:
        deep = client.get(endpoint(ld_server), params={"query": DEEP})
        after = client.get(endpoint(ld_server), params={"query": SELECT_SEED}, headers={"Accept": "text/csv"})
    assert deep.status_code == 400
    assert deep.text.strip().count("\n") == 0 and "1000 levels deep" in deep.text
    assert after.status_code == 200 and "2025-08-08" in after.text
    assert "RecursionError" not in ld_server.log.read_text(errors="replace")


def test_the_command_line_says_in_one_line_that_a_query_nests_too_deeply(run_cli, built_store, tmp_path):
    query = tmp_path / "deep.rq"
    query.write_text("# title: A query nested a thousand deep\n" + DEEP)
    result = run_cli("query", str(query), "--store", f"oxigraph:{built_store.path}")
    assert result.status != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "1000 levels deep" in result.stderr and "Traceback" not in result.stderr


def test_the_endpoint_answers_with_a_trailing_slash_as_without(ld_server):
    plain = httpx.get(endpoint(ld_server), params={"query": SELECT_SEED}, headers={"Accept": "text/csv"})
    slashed = httpx.get(endpoint(ld_server) + "/", params={"query": SELECT_SEED}, headers={"Accept": "text/csv"})
    posted = httpx.post(endpoint(ld_server) + "/", data={"query": SELECT_SEED}, headers={"Accept": "text/csv"})
    assert plain.status_code == slashed.status_code == posted.status_code == 200
    assert plain.text == slashed.text == posted.text
    page = httpx.get(endpoint(ld_server) + "/?query=ASK%7B%7D", headers={"Accept": "text/html"})
    assert page.status_code == 308 and page.headers["location"] == "/sparql?query=ASK%7B%7D"  # relative links


def test_a_form_post_without_a_query_is_400(ld_server):
    answer = httpx.post(endpoint(ld_server), data={"format": "json"})
    assert answer.status_code == 400
    assert "query" in answer.text


def test_tsv_escapes_tabs_and_line_breaks_inside_literals(ld_server):
    query = 'SELECT ?text ?n WHERE { BIND("one\\ttwo\\nthree\\r\\"four\\"" AS ?text) BIND(1 AS ?n) }'
    answer = httpx.get(endpoint(ld_server), params={"query": query}, headers={"Accept": "text/tab-separated-values"})
    assert answer.status_code == 200
    lines = answer.text.split("\n")
    assert lines[0] == "?text\t?n" and lines[2:] == [""]
    fields = lines[1].split("\t")
    assert len(fields) == 2
    assert fields[0] == '"one\\ttwo\\nthree\\r\\"four\\""'


def test_csv_writes_blank_nodes_with_their_prefix(ld_server):
    query = "SELECT ?b WHERE { BIND(BNODE() AS ?b) }"
    answer = httpx.get(endpoint(ld_server), params={"query": query}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == ["b"] and rows[1][0].startswith("_:") and len(rows[1][0]) > 2


def test_a_control_character_never_makes_ill_formed_xml(ld_server):
    select = 'SELECT ?text WHERE { BIND("bell\\u0007here" AS ?text) }'
    construct = f'CONSTRUCT {{ <{SEED}> <http://www.w3.org/2000/01/rdf-schema#comment> "bell\\u0007here" }} WHERE {{}}'
    for query, media_type in ((select, "application/sparql-results+xml"), (construct, "application/rdf+xml")):
        answer = httpx.get(endpoint(ld_server), params={"query": query}, headers={"Accept": media_type})
        if answer.status_code == 200:
            ET.fromstring(answer.content)  # well-formed, or the test fails here
        else:
            assert answer.status_code == 406
            assert "U+0007" in answer.text and "JSON" in answer.text
    as_json = httpx.get(endpoint(ld_server), params={"query": select}, headers={"Accept": "application/json"})
    assert as_json.json()["results"]["bindings"][0]["text"]["value"] == "bell\x07here"


def test_accept_application_json_gets_sparql_json_for_a_select(ld_server):
    answer = httpx.get(endpoint(ld_server), params={"query": SELECT_SEED}, headers={"Accept": "application/json"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    assert answer.json()["results"]["bindings"][0]["date"]["value"] == "2025-08-08"


def test_sparqlwrapper_gets_json_ld_and_n3_by_get(ld_server):
    client = SPARQLWrapper(endpoint(ld_server))
    client.setQuery(CONSTRUCT_SEED)
    for wanted, rdf_format in ((JSONLD, "json-ld"), (N3, "turtle")):
        client.setReturnFormat(wanted)
        response = client.query().response
        body = response.read()
        assert response.status == 200, wanted
        assert len(Graph().parse(data=body, format=rdf_format)) == 1, wanted


def test_a_format_that_cannot_be_met_either_way_is_still_406(ld_server):
    answer = httpx.get(
        endpoint(ld_server), params={"query": SELECT_SEED, "format": "pdf"}, headers={"Accept": "image/png"}
    )
    assert answer.status_code == 406
