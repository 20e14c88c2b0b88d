"""A kept answer (store/kept.py) served at /sparql as SPARQL JSON straight from its kept rows: the same answer,
cut the same way, and never one kept for another state of the store."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest
from ld_server import BASE
from rdflib import BNode, Literal, URIRef
from test_server_throughput import asked

from diplograph.publish.server import make_app
from diplograph.store.backends import _to_result
from diplograph.store.kept import BINDINGS, FOLDER, LIVE_VARIABLE, KeptAnswers
from diplograph.store.results import as_json

JSON = "application/sparql-results+json"
WORDS = (
    'BIND("Ñandú — 北京 ✓ \\"quoted\\"\\n line"@es AS ?words) BIND("P1D"^^xsd:duration AS ?span) '
    'BIND("plain"^^xsd:string AS ?plain)'
)
QUERY = f"""PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?meeting ?date ?label ?words ?span ?plain ?nothing WHERE {{
  ?meeting a dg:Meeting ; dg:date ?date .
  OPTIONAL {{ ?meeting rdfs:label ?label }}
  {WORDS}
}} ORDER BY ?date ?meeting ?label"""
"""Meetings with their dates (xsd:date) and labels (language-tagged), unicode, a duration, an xsd:string and a
variable never bound: each kind of value a SELECT can give but a blank node (the store holds none; see below)."""


def _ask(store, text: str = QUERY, accept: str = JSON, max_rows: int = 10_000) -> httpx.Response:
    """One request to a new server over the store (a new reader knows no text, so it looks for a kept answer)."""
    application = make_app(f"oxigraph:{store}", BASE, max_rows=max_rows, cache=False)
    try:
        (response,) = asked(application, ("POST", "/sparql", {"data": {"query": text}, "headers": {"Accept": accept}}))
    finally:
        application.state.site.reader.close()
    assert response.status_code == 200, response.text[:300]
    return response


def _terms(response: httpx.Response) -> list[dict]:
    """The rows of a SPARQL JSON answer as rdflib terms, so a lexical form rdflib normalises compares equal."""
    rows = []
    for binding in response.json()["results"]["bindings"]:
        row = {}
        for name, value in binding.items():
            if value["type"] == "uri":
                row[name] = URIRef(value["value"])
            elif value["type"] == "bnode":
                row[name] = BNode(value["value"])
            else:
                datatype = value.get("datatype")
                row[name] = Literal(value["value"], lang=value.get("xml:lang"), datatype=datatype and URIRef(datatype))
        rows.append(row)
    return rows


def _served_forms(store) -> list:
    return list((store / FOLDER).glob(f"*/*{BINDINGS}"))


def _mark(store, words: str) -> None:
    """Put a row no query makes into every kept served form, to tell an answer written from it."""
    for path in _served_forms(store):
        head = path.read_bytes().split(b"\n")[0]
        path.write_bytes(head + b"\n" + json.dumps({"words": {"type": "literal", "value": words}}).encode() + b"\n")


def test_a_kept_answer_is_served_as_json_with_the_same_rows_as_the_live_one(slow_store_copy):
    live = _ask(slow_store_copy)  # the first ask is made live, and kept with its served form
    assert len(_served_forms(slow_store_copy)) == 1
    kept = _ask(slow_store_copy)
    rows = _terms(kept)
    assert rows == _terms(live)
    assert kept.json()["head"] == live.json()["head"]
    assert len(rows) > 10
    values = [value for row in rows for value in row.values()]
    assert any(isinstance(value, Literal) and value.language for value in values)
    assert any(isinstance(value, Literal) and value.datatype for value in values)
    assert all("nothing" not in row for row in rows)
    assert rows[0]["words"] == Literal('Ñandú — 北京 ✓ "quoted"\n line', lang="es")
    assert "X-Result-Limit" not in kept.headers and kept.headers["content-type"].startswith(JSON)


def test_a_kept_answer_is_cut_at_the_row_limit_and_says_so(slow_store_copy, monkeypatch):
    whole = _terms(_ask(slow_store_copy))
    for max_rows in (3, len(whole) - 1, len(whole)):
        kept = _ask(slow_store_copy, max_rows=max_rows)
        monkeypatch.setenv(LIVE_VARIABLE, "1")
        live = _ask(slow_store_copy, max_rows=max_rows)
        monkeypatch.delenv(LIVE_VARIABLE)
        assert _terms(kept) == _terms(live) == whole[:max_rows]
        cut = max_rows < len(whole)
        assert kept.headers.get("X-Result-Limit") == (f"{max_rows}; truncated" if cut else None), max_rows
        assert live.headers.get("X-Result-Limit") == kept.headers.get("X-Result-Limit")


def test_a_page_of_a_kept_answer_is_cut_from_it(slow_store_copy):
    whole = _terms(_ask(slow_store_copy))
    page = _terms(_ask(slow_store_copy, QUERY + "\nLIMIT 4 OFFSET 2"))
    assert page == whole[2:6]


def test_the_json_is_written_from_the_kept_rows_and_never_for_another_state_of_the_store(slow_store_copy):
    _ask(slow_store_copy)
    _mark(slow_store_copy, "kept, not made")
    assert [row["words"] for row in _terms(_ask(slow_store_copy))] == [Literal("kept, not made")]
    writable = ox.Store(str(slow_store_copy))
    writable.add(
        ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.Literal("changed"))
    )
    writable.flush()
    del writable
    rows = _terms(_ask(slow_store_copy))
    assert len(rows) > 1 and Literal("kept, not made") not in [row["words"] for row in rows]


def test_an_answer_kept_without_its_served_form_gets_one_when_first_served(slow_store_copy):
    live = _ask(slow_store_copy)
    for path in _served_forms(slow_store_copy):
        path.unlink()
    assert _terms(_ask(slow_store_copy)) == _terms(live)
    assert len(_served_forms(slow_store_copy)) == 1


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_a_kept_answer_in_the_other_results_formats_is_the_live_one(slow_store_copy, accept):
    live = _ask(slow_store_copy, accept=accept)
    kept = _ask(slow_store_copy, accept=accept)
    assert kept.headers["content-type"] == live.headers["content-type"]
    assert kept.text == live.text


def test_each_kind_of_value_is_written_as_rdflib_writes_it(tmp_path):
    variables = ["a", "b", "c", "d", "e", "f"]
    rows = [
        (
            ("u", 'https://example.org/é?x=1&y="2"'),
            ("b", "b0"),
            ("l", 'Ñandú\t"x"\n', None, "es-PE"),
            ("l", "2025-08-08", "http://www.w3.org/2001/XMLSchema#date", None),
            ("l", "plain \\ \u2028", "http://www.w3.org/2001/XMLSchema#string", None),
            None,
        ),
        (None, None, None, None, None, ("l", "42", "http://www.w3.org/2001/XMLSchema#integer", None)),
    ]
    kept = KeptAnswers(tmp_path)
    assert kept.keep("SELECT * {}", "select", (variables, rows))
    names, served = kept.bindings("SELECT * {}")
    made = json.loads(as_json(_to_result("select", (variables, rows)), compact=True))
    assert names == variables
    assert [json.loads(line) for line in served] == made["results"]["bindings"]
    assert kept.bindings("SELECT * {}", 1, 5)[1] == served[1:]
    assert kept.bindings("ASK {}") is None


def test_a_kept_answer_with_blank_nodes_names_them_as_the_live_one(slow_store_copy):
    text = "SELECT ?node ?p ?o WHERE { ?node ?p ?o FILTER(isBlank(?node)) } ORDER BY ?node ?p ?o LIMIT 50"
    live = _ask(slow_store_copy, text)
    kept = _ask(slow_store_copy, text)
    assert len(_served_forms(slow_store_copy)) == 1
    assert _terms(kept) == _terms(live)
    assert any(isinstance(row["node"], BNode) for row in _terms(kept))
