"""One query interface over the stores diplograph can read: embedded Oxigraph, rdflib memory, SPARQL servers."""

from __future__ import annotations

from typing import Protocol

from rdflib.term import Node

from diplograph.sparql import QueryResult, run_oxigraph
from diplograph.store import StoreError, StoreSpec, open_oxigraph

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run before it is stopped."""


class Backend(Protocol):
    """What every store offers the rest of diplograph: read-only SPARQL over the union of its graphs."""

    spec: StoreSpec

    def query(
        self, sparql: str, bindings: dict[str, Node] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> QueryResult:
        """Answer a checked SELECT/ASK/CONSTRUCT/DESCRIBE query with parameters bound as RDF terms."""
        ...


class OxigraphBackend:
    """The embedded Oxigraph store written by `diplograph build`, opened read-only."""

    def __init__(self, spec: StoreSpec):
        self.spec = spec
        self.store = open_oxigraph(spec.path)

    def query(
        self, sparql: str, bindings: dict[str, Node] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> QueryResult:
        return run_oxigraph(self.store, sparql, bindings)


def open_backend(spec: StoreSpec | str | None = None) -> Backend:
    """Open the store named by a --store value (or DIPLOGRAPH_STORE, or the default) for reading."""
    spec = spec if isinstance(spec, StoreSpec) else StoreSpec.parse(spec)
    if spec.kind == "oxigraph":
        return OxigraphBackend(spec)
    raise StoreError(f"reading from a {spec.kind} store is not available yet")
