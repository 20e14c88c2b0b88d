"""HermiT's conclusions kept by the digest of what it reasoned over, so the same input is never reasoned twice.

HermiT is deterministic: the same reasoning copy (ontology axioms and curated assertions), under the same
owlready2, pyoxigraph and diplograph versions, gives the same inferred triples. Set `DIPLOGRAPH_HERMIT_CACHE` to a
folder to keep them there; the test suite does, so that its many builds of the same data pay for HermiT
once. Only conclusions are kept, never a contradiction: an inconsistent input is reasoned again each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

from diplograph import __version__

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds reason side by side, as without a cache
    fcntl = None
from diplograph.namespaces import INFERRED_GRAPH

CACHE_VARIABLE = "DIPLOGRAPH_HERMIT_CACHE"
"""The environment variable naming the folder of kept conclusions (unset: nothing is kept)."""


def _entry(copy: bytes) -> Path | None:
    folder = os.environ.get(CACHE_VARIABLE)
    if not folder:
        return None
    key = hashlib.sha256(copy)
    # pyoxigraph too: it draws the canonical blank-node labels of the copy.
    key.update(f"\0owlready2 {version('owlready2')}\0pyoxigraph {ox.__version__}\0diplograph {__version__}".encode())
    return Path(folder) / f"{key.hexdigest()}.nt"


def recall(copy: bytes) -> list[ox.Quad] | None:
    """HermiT's conclusions on this very reasoning copy, if they were kept."""
    entry = _entry(copy)
    if entry is None or not entry.is_file():
        return None
    graph = ox.NamedNode(str(INFERRED_GRAPH))
    triples = ox.parse(entry.read_bytes(), format=ox.RdfFormat.N_TRIPLES)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def remember(copy: bytes, quads: list[ox.Quad]) -> None:
    """Keep HermiT's conclusions on this reasoning copy (written aside, then renamed: never half a file)."""
    entry = _entry(copy)
    if entry is None:
        return
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b"")
    partial.replace(entry)


@contextlib.contextmanager
def reasoning_alone(copy: bytes) -> Iterator[None]:
    """Let one process at a time reason over this copy: the others wait, then read back its conclusions."""
    entry = _entry(copy)
    if entry is None or fcntl is None:
        yield
        return
    entry.parent.mkdir(parents=True, exist_ok=True)
    with entry.with_suffix(".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
