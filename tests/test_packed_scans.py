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


class _OneAtATime:
    """The same store behind a backend that cannot widen: its scans run one after another."""

    def __init__(self, backend):
        self.query, self.query_checked = backend.query, backend.query_checked


def test_the_states_view_is_the_same_whether_its_scans_run_side_by_side_or_one_after_another(built_store):
    from diplograph.graphs.filters import Filters
    from diplograph.graphs.projections import project

    backend = open_backend(f"oxigraph:{built_store.path}")
    try:
        for filters in (Filters(), Filters(state="PE"), Filters(level="summit")):
            together = project(backend, "states", filters, keep=False)
            apart = project(_OneAtATime(backend), "states", filters, keep=False)
            assert sorted(together.nodes(data=True)) == sorted(apart.nodes(data=True))
            assert sorted(together.edges(data=True)) == sorted(apart.edges(data=True))
            assert together.number_of_edges() > 0
        assert len(backend.worker.workers) == 2  # the scans did run on two workers
    finally:
        backend.close()


def test_no_answer_of_the_store_is_left_for_the_garbage_collector_to_free_on_another_thread(built_store):
    # pyoxigraph's answers may be freed only by the thread that made them; the states view reads on two threads,
    # so an answer left in a reference cycle could be freed on the wrong one (pytest saw it in 1 run of 4).
    import datetime as dt
    import gc

    from diplograph.graphs.filters import Filters
    from diplograph.graphs.projections import project

    backend = open_backend(f"oxigraph:{built_store.path}")
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage instead of freed
    try:
        for _ in range(2):  # the second time, the texts known to be fast are answered in this process
            project(backend, "states", Filters(start=dt.date(2020, 1, 1), end=dt.date(2021, 12, 31)), keep=False)
        built_store.select("SELECT ?m WHERE { ?m a dg:Meeting }")
        gc.collect()
        answers = (ox.QuerySolutions, ox.QuerySolution, ox.QueryTriples)
        held = [item for item in gc.garbage for ref in gc.get_referents(item) if isinstance(ref, answers)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        backend.close()
    assert held == []
