"""Conversions between pyoxigraph and rdflib terms, and short names for messages."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from diplograph.namespaces import DEFAULT_BASE, configured_base

PREFIXES = {
    "dg": DEFAULT_BASE + "ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def compact(term: Node | str | None) -> str:
    """Write an IRI briefly for people: `dg:date`, `id/meeting/2025-08-08-jp-pe`."""
    if term is None:
        return ""
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    for base in {configured_base(), DEFAULT_BASE}:
        if text.startswith(base):
            return text[len(base) :]
    return text if isinstance(term, Literal) else f"<{text}>"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    """Convert a pyoxigraph term to the equivalent rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def rdflib_graph(store: ox.Store, graphs: Iterable[ox.NamedNode], graph: Graph | None = None) -> Graph:
    """Copy the union of some named graphs of a store into one rdflib graph (a new one, or `graph`)."""
    data = b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in graphs)
    graph = Graph() if graph is None else graph
    if data:
        graph.parse(data=data, format="nt")
    return graph


def date_sort_key(date: str) -> str:
    """Sort a date of any precision at the end of its period: "2018" after "2018-03", "2018-03" after "2018-03-05".

    A date known only to the month or the year may fall on any day of it, so a timeline lists it
    after the days it contains. SPARQL queries use the same key (SPARQL_DATE_SORT_KEY).
    """
    return date + "-99-99"[len(date) - 4 :] if 4 <= len(date) < 10 else date


SPARQL_DATE_SORT_KEY = 'CONCAT(STR({var}), SUBSTR("-99-99", STRLEN(STR({var})) - 3))'
"""The same key as date_sort_key, as a SPARQL expression over the variable {var}."""
