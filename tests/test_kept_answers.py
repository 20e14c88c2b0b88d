"""The answers of slow queries that the store keeps in its folder (store/kept.py): exact, and never stale."""

from __future__ import annotations

import json

import pyoxigraph as ox

from diplograph.store.backends import open_backend
from diplograph.store.catalogue import catalogue
from diplograph.store.kept import FOLDER
from diplograph.store.sparql import paginate

LARGE = ("pairs-of-persons", "single-source", "meetings-by-format", "meetings-on-topic")
"""The catalogue's questions with the largest answers at 1M, the ones a store keeps there."""


def _rows(backend, sparql: str, bindings) -> list[tuple]:
    return backend.query(sparql, bindings).rows


def test_a_kept_answer_and_its_pages_are_what_the_engine_answers(slow_store_copy):
    queries = catalogue()
    asked = {name: (queries[name].sparql, queries[name].bindings(queries[name].example_parameters())) for name in LARGE}
    keeping = open_backend(f"oxigraph:{slow_store_copy}")
    made = {name: _rows(keeping, sparql, bindings) for name, (sparql, bindings) in asked.items()}
    keeping.close()
    assert len(list((slow_store_copy / FOLDER).glob("*/*.jsonl"))) == len(LARGE)
    kept = open_backend(f"oxigraph:{slow_store_copy}")  # a new reader: it knows no text yet, so it reads the kept ones
    live = open_backend(f"oxigraph:{slow_store_copy}", kept_answers=False)
    try:
        for name, (sparql, bindings) in asked.items():
            assert _rows(kept, sparql, bindings) == made[name] == _rows(live, sparql, bindings), name
            for limit, offset in ((2, 0), (3, 1), (5, len(made[name]) - 2)):
                page = paginate(sparql, limit, offset)
                assert _rows(kept, page, bindings) == _rows(live, page, bindings), (name, limit, offset)
    finally:
        kept.close()
        live.close()


def _mark(store, text: str) -> None:
    """Put a row no query makes into every kept answer, to tell a kept answer from a live one."""
    for path in (store / FOLDER).glob("*/*.jsonl"):
        head, *_ = path.read_text(encoding="utf-8").splitlines()
        width = len(json.loads(head)["variables"])
        path.write_text(head + "\n" + json.dumps([["l", text, None, None]] * width) + "\n", encoding="utf-8")


def test_a_kept_answer_is_not_given_once_the_store_has_changed(slow_store_copy):
    query = catalogue()["pairs-of-persons"]
    bindings = query.bindings(query.example_parameters())
    first = open_backend(f"oxigraph:{slow_store_copy}")
    _rows(first, query.sparql, bindings)
    first.close()
    _mark(slow_store_copy, "kept, not made")
    same = open_backend(f"oxigraph:{slow_store_copy}")
    assert "kept, not made" in {str(v) for row in _rows(same, query.sparql, bindings) for v in row}
    same.close()
    live = open_backend(f"oxigraph:{slow_store_copy}", kept_answers=False)
    assert "kept, not made" not in {str(v) for row in _rows(live, query.sparql, bindings) for v in row}
    live.close()

    writable = ox.Store(str(slow_store_copy))
    writable.add(
        ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.Literal("changed"))
    )
    writable.flush()
    del writable
    changed = open_backend(f"oxigraph:{slow_store_copy}")
    try:
        assert "kept, not made" not in {str(v) for row in _rows(changed, query.sparql, bindings) for v in row}
    finally:
        changed.close()
    assert [p.parent.name for p in (slow_store_copy / FOLDER).glob("*/*.jsonl")] == [changed.kept.identity]


def test_a_slow_query_asking_for_the_time_or_new_ids_is_answered_afresh_each_time(slow_store_copy):
    backend = open_backend(f"oxigraph:{slow_store_copy}")
    try:
        text = "SELECT (STRUUID() AS ?id) WHERE { ?s a <https://w3id.org/diplograph/ontology#Meeting> } LIMIT 1"
        first, second = (backend.query(text).rows for _ in range(2))
    finally:
        backend.close()
    assert first != second
    assert not list((slow_store_copy / FOLDER).glob("*/*.jsonl"))


def test_an_answer_made_in_this_process_is_kept_too(slow_store_copy):
    # Once a query's text ran fast, the reader answers its other parameters in its own process; a slow one of
    # those is kept as a worker's would be (every answer counts as slow here), so `diplograph warm` asks each once.
    from diplograph.store.kept import text_key
    from diplograph.store.sparql import bind_parameters, with_base

    query = catalogue()["meetings-between"]
    first = query.bindings({"country1": "JP", "country2": "PE"})
    second = query.bindings({"country1": "GB", "country2": "PE"})
    backend = open_backend(f"oxigraph:{slow_store_copy}")
    try:
        backend.query(query.sparql, first)  # made in a worker: the text is now known to be fast
        answer = backend.query(query.sparql, second)  # made in this process
        kept = backend.kept.folder / f"{text_key(bind_parameters(with_base(query.sparql), second, inline=True))}.jsonl"
    finally:
        backend.close()
    assert answer.rows
    assert kept.is_file()
