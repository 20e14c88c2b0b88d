"""Is a states projection read back from the store's folder only while that store is the one it was made from?"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil

import pytest

from diplograph.graphs.projections import Filters, project
from diplograph.graphs.reuse import kept_file
from diplograph.pipeline.rebuild import MANIFEST_FILE
from diplograph.store.backends import open_backend
from diplograph.store.kept import KeptAnswers

JP = "https://w3id.org/diplograph/id/state/JP"


@pytest.fixture
def store_copy(built_store, tmp_path):
    folder = tmp_path / "store"
    shutil.copytree(built_store.path, folder)
    for name in os.listdir(folder):
        if name.startswith("diplograph-projection-"):
            os.remove(folder / name)
    backend = open_backend(f"oxigraph:{folder}")
    yield folder, backend
    backend.close()


def _mark_kept_japan(folder) -> None:
    """Rename Japan inside the kept file, keeping its key: only a projection read from the file says so."""
    path = kept_file(folder, "states")
    data = json.loads(path.read_text(encoding="utf-8"))
    for node, attributes in data["nodes"]:
        if node == JP:
            attributes["label"] = "read from the kept file"
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_second_states_projection_of_the_same_store_is_read_from_the_kept_file(store_copy):
    folder, backend = store_copy
    made = project(backend, "states")
    assert kept_file(folder, "states").is_file()
    _mark_kept_japan(folder)
    again = project(backend, "states")
    assert again.nodes[JP]["label"] == "read from the kept file"
    assert list(again.edges(data=True))[:5] == list(made.edges(data=True))[:5]
    assert again.number_of_edges() == made.number_of_edges()


def test_a_store_changed_since_is_projected_afresh(store_copy):
    folder, backend = store_copy
    project(backend, "states")
    _mark_kept_japan(folder)
    manifest = folder / MANIFEST_FILE
    manifest.write_bytes(manifest.read_bytes() + b"\n")  # any change to the folder's files, as a rebuild makes
    assert project(backend, "states").nodes[JP]["label"] == "Japan"


def test_other_filters_are_never_answered_from_the_kept_file(store_copy):
    folder, backend = store_copy
    project(backend, "states")
    _mark_kept_japan(folder)
    period = project(backend, "states", Filters(start=dt.date(2000, 1, 1)))
    assert period.nodes[JP]["label"] == "Japan"


def test_answers_kept_beside_the_store_do_not_make_the_states_projected_afresh(store_copy):
    folder, backend = store_copy
    project(backend, "states")
    _mark_kept_japan(folder)
    kept = KeptAnswers(folder)
    assert kept.keep("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "select", (["s"], []))
    assert project(backend, "states").nodes[JP]["label"] == "read from the kept file"
