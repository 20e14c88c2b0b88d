"""How publication reads the store: its own fixed queries, fast, through the backend interface."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph.store.backends import Backend, open_backend
from diplograph.store.location import StoreSpec, open_oxigraph
from diplograph.store.sparql import QueryResult, read_answer
from diplograph.terms import to_rdflib as _to_rdflib

T = TypeVar("T")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@lru_cache(maxsize=65536)
def to_rdflib(node):
    """An rdflib term, with xsd:string literals written plain (RDF 1.1: they are the same literal).

    Terms are immutable and pages ask for the same ones again and again (labels, classes, states):
    remembering them saves rdflib's IRI and literal checks, most of what reading an answer costs.
    """
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.Literal) and not node.language and node.datatype.value == XSD_STRING:
        return Literal(node.value)
    return _to_rdflib(node)


def _convert(node):
    return None if node is None else to_rdflib(node)


_UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class UnsafeIri(ValueError):
    """An IRI that cannot be written into a query as <…> (it holds spaces, quotes or angle brackets)."""


def term(node: Node) -> str:
    """Write an IRI or literal into query text, refusing IRIs that could break out of <…>."""
    if isinstance(node, URIRef):
        if _UNSAFE_IRI.search(str(node)):
            raise UnsafeIri(f"not an IRI that can be published: {str(node)!r}")
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise TypeError(f"cannot write {node!r} into a query")


class StoreReader:
    """Runs publication's own queries (fixed text, IRIs written with `term`) on a backend.

    The backend checks every query with rdflib's parser and answers it in a worker process, which is
    right for queries from users (they can be refused, and killed at their deadline) but costs ~0.1 s
    each; these queries are ours and short, so on the embedded Oxigraph store they go straight to
    pyoxigraph, read-only (it lets other threads run while it evaluates), and on the other stores
    they skip the check. Queries from users never come through here: they go to `backend`, which
    has `workers` query processes on the embedded store (a pool for the server).
    """

    def __init__(self, spec: StoreSpec | str | None = None, backend: Backend | None = None, workers: int = 1):
        self.spec = spec if isinstance(spec, StoreSpec) else StoreSpec.parse(spec)
        self._backend = backend
        self.workers = workers
        self._opening = threading.Lock()
        self._oxigraph = open_oxigraph(self.spec.path) if self.spec.kind == "oxigraph" else None
        self._remembered: dict[str, Any] = {}
        self._remembering = threading.RLock()

    @property
    def embedded(self) -> ox.Store | None:
        """The embedded Oxigraph store, whose indexes publication reads faster than a query; None on other stores."""
        return self._oxigraph

    def remembered(self, name: str, make: Callable[[], T]) -> T:
        """Something publication derives from the whole store, made once per reader (a built store does not change)."""
        with self._remembering:
            if name not in self._remembered:
                self._remembered[name] = make()
            return self._remembered[name]

    @property
    def backend(self) -> Backend:
        """The store's backend (started on first use, once however many threads ask), which answers users' queries."""
        if self._backend is None:
            with self._opening:
                if self._backend is None:
                    self._backend = open_backend(self.spec, self.workers)
        return self._backend

    def close(self) -> None:
        """Stop the backend's worker, if one was started."""
        if self._backend is not None:
            close = getattr(self._backend, "close", None)
            if close:
                close()
            self._backend = None

    def query(self, text: str, form: str = "select") -> QueryResult:
        """Answer one of publication's queries (of the given form) over the union of the store's graphs."""
        if self._oxigraph is None:
            return self.backend.query_checked(text, form)
        return read_answer(self._oxigraph.query(text, use_default_graph_as_union=True), _convert)

    def select(self, text: str) -> list[dict[str, Node]]:
        """Rows of a SELECT as dicts, leaving out unbound variables."""
        result = self.query(text)
        return [
            {name: value for name, value in zip(result.variables, row, strict=True) if value is not None}
            for row in result.rows
        ]
