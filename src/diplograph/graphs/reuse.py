"""The states projection kept in the store's folder and read again, only ever for that same store and code.

Projecting the states of a 1M store reads every meeting with its sides, date and label (about 1.2 s of
the store's own decoding, however the queries are written); the page then takes a few tenths. The
first projection of a store is written beside it as JSON; a later one with the same filters reads it
instead, if the store is the same (`store.kept.store_identity`, as for kept answers: the build's manifest
and every RocksDB file's name and size), and so are the base IRI, diplograph's version and the projection's code.
A rebuild puts a new folder in place, without the file. A folder that cannot be written is left alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from diplograph import __version__
from diplograph.graphs.filters import Filters
from diplograph.namespaces import configured_base
from diplograph.store.kept import store_identity
from diplograph.store.location import write_atomically

if TYPE_CHECKING:
    import networkx as nx

REUSED_VIEWS = ("states",)
"""The views kept: states, whose reading is most of its page's time (persons: 41k links, 4× the file)."""

PREFIX = "diplograph-projection-"
"""The start of the kept files' names."""

FORMAT = 1
"""Raised when the file's layout changes."""

_CODE = ("projections.py", "packed.py", "world_links.py", "filters.py", "reuse.py")
"""The modules whose text decides what a projection holds: a change to any of them makes a new one."""


def kept_file(folder: Path, view: str) -> Path:
    """Where a view of the store in `folder` is kept (one file per view: other filters replace it)."""
    return folder / f"{PREFIX}{view}.json"


def store_folder(backend: object) -> Path | None:
    """The folder of an embedded Oxigraph store, or None for stores this cannot watch (memory, SPARQL servers)."""
    spec = getattr(backend, "spec", None)
    if spec is None or getattr(spec, "kind", None) != "oxigraph":
        return None
    folder = Path(spec.location).resolve()
    return folder if folder.is_dir() else None


@cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _key(folder: Path, view: str, filters: Filters) -> str:
    parts = [FORMAT, __version__, _code_digest(), configured_base(), view, repr(filters), store_identity(folder)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _read(path: Path, key: str) -> nx.Graph | None:
    """The graph kept at `path` if it was made under `key`; None if absent, another key's or unreadable."""
    import networkx as nx

    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        graph = nx.Graph()
        graph.add_nodes_from((str(node), dict(attributes)) for node, attributes in data["nodes"])
        graph.add_edges_from((str(a), str(b), dict(attributes)) for a, b, attributes in data["edges"])
        return graph
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, key: str, graph: nx.Graph) -> None:
    data = {
        "key": key,
        "nodes": [[node, attributes] for node, attributes in graph.nodes(data=True)],
        "edges": [[a, b, attributes] for a, b, attributes in graph.edges(data=True)],
    }
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomically(path, text.encode("utf-8"))
    except (OSError, TypeError, ValueError):  # a store one may read but not write: the projection is made each time
        pass


def reuse_or_make(backend: object, view: str, filters: Filters, make: Callable[[], nx.Graph]) -> nx.Graph:
    """The projection kept for this very store, view and filters, or `make()`'s, then kept for next time."""
    folder = store_folder(backend)
    if folder is None or view not in REUSED_VIEWS:
        return make()
    try:
        key = _key(folder, view, filters)
    except OSError:  # the folder or the modules' files cannot be read (a zipped install): make it each time
        return make()
    path = kept_file(folder, view)
    graph = _read(path, key)
    if graph is not None:
        return graph
    graph = make()
    try:
        unchanged = _key(folder, view, filters) == key  # not if the store was rebuilt meanwhile
    except OSError:
        unchanged = False
    if unchanged:
        _write(path, key, graph)
    return graph
