"""Does a scan packed into one string by the store give back every field as it is stored?"""

from __future__ import annotations

import pyoxigraph as ox

from diplograph.graphs.packed import iri_field, packed_rows, text_field
from diplograph.store.backends import open_backend

LABELS = [
    "plain",
    "two  spaces, a\ttab and\na line feed",
    "a literal %20, %0A and %25 and a lone % sign",
    "%",
    "",
    " leading and trailing ",
    "Ünïcödé — 東京 \u2068isolated\u2069",
]


def test_labels_with_spaces_line_feeds_and_percent_signs_come_back_whole_from_a_packed_scan(tmp_path):
    store = ox.Store(str(tmp_path / "store"))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for number, text in enumerate(LABELS):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/m/{number}"), label, ox.Literal(text)))
    store.add(ox.Quad(ox.NamedNode("https://example.org/m/unlabelled"), ox.NamedNode("https://example.org/p"), label))
    store.flush()
    del store
    backend = open_backend(f"oxigraph:{tmp_path / 'store'}")
    try:
        rows = packed_rows(
            backend,
            [iri_field("?m"), text_field("?l")],
            "?m ?p ?o . OPTIONAL { ?m rdfs:label ?l }",
        )
    finally:
        backend.close()
    found = {iri: text for iri, text in rows}
    expected = {f"https://example.org/m/{n}": text for n, text in enumerate(LABELS)}
    assert found == {**expected, "https://example.org/m/unlabelled": ""}
