"""The SHACL shapes compiled to SPARQL, to validate inside the store data too large for pySHACL.

pySHACL copies the data into rdflib, which costs about 1 GB per million triples. This module
reads ontology/shapes.ttl and turns each constraint diplograph uses (sh:minCount, sh:maxCount,
sh:datatype, sh:class, sh:node on scheme concepts, sh:pattern, sh:or of datatypes or classes,
sh:minInclusive, sh:hasValue, SHACL-SPARQL constraints) into a SELECT query that returns the
focus nodes breaking it. pySHACL stays the reference: tests check that both find the same
violations on the curated data and on broken copies of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, SKOS
from rdflib.term import Node

from diplograph.namespaces import ONTOLOGY_GRAPH

_CLASS_MEMBER = "?{var} a ?{var}Kind . GRAPH <{ontology}> {{ ?{var}Kind rdfs:subClassOf* {cls} }}"


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class ShapeQuery:
    """One compiled constraint: the query returning (?this, ?value) rows that break it, and its message."""

    shape: str
    path: str | None
    message: str
    sparql: str
    scheme: str | None = None
    """The concept scheme the values must belong to, when the constraint is an sh:node on one."""
    warning: bool = False
    """The shape's sh:severity is sh:Warning: a result is reported, it does not refuse the data."""
    target: str | None = None
    """The shape's sh:targetClass: only its members (by rdfs:subClassOf*) can break the constraint."""


def _n3(term: Node) -> str:
    return term.n3()


def _members(shapes: Graph, var: str, cls: Node) -> str:
    return _CLASS_MEMBER.format(var=var, ontology=ONTOLOGY_GRAPH, cls=_n3(cls))


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))


def _value_condition(shapes: Graph, constraint: URIRef, value: Node, var: str = "value") -> str | None:
    """A SPARQL boolean expression true when ?value satisfies one value-type constraint."""
    v = f"?{var}"
    if constraint == SH.datatype:
        return f"(isLiteral({v}) && DATATYPE({v}) = {_n3(value)})"
    if constraint == SH["class"]:
        return f"EXISTS {{ {v} a ?k_{var} . GRAPH <{ONTOLOGY_GRAPH}> {{ ?k_{var} rdfs:subClassOf* {_n3(value)} }} }}"
    if constraint == SH.pattern:
        return f"REGEX(STR({v}), {Literal(str(value)).n3()})"
    if constraint == SH.minInclusive:
        return f"({v} >= {_n3(value)})"
    if constraint == SH.node:
        return _node_condition(shapes, value, var)
    return None


def _node_condition(shapes: Graph, node_shape: Node, var: str) -> str:
    """Translate sh:node to a node shape made of sh:hasValue property constraints (the scheme shapes)."""
    parts = []
    for prop in shapes.objects(node_shape, SH.property):
        path = shapes.value(prop, SH.path)
        has_value = shapes.value(prop, SH.hasValue)
        if not isinstance(path, URIRef) or has_value is None:
            raise UnsupportedShape(f"sh:node {node_shape} must consist of sh:path + sh:hasValue properties")
        parts.append(f"EXISTS {{ ?{var} {_n3(path)} {_n3(has_value)} }}")
    return "(" + " && ".join(parts or ["true"]) + ")"


_VALUE_CONSTRAINTS = (SH.datatype, SH["class"], SH.pattern, SH.minInclusive, SH.node)


def _property_queries(shapes: Graph, shape: Node, target: Node, prop: Node) -> Iterator[ShapeQuery]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"only IRI paths are compiled, not {path!r} in {shape}")
    message = str(shapes.value(prop, SH.message) or f"breaks {shape}")
    focus = _members(shapes, "this", target)
    min_count = shapes.value(prop, SH.minCount)
    max_count = shapes.value(prop, SH.maxCount)
    if min_count is not None and int(min_count) > 0:
        yield ShapeQuery(
            str(shape),
            str(path),
            message,
            f"""
            SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {_n3(path)} ?value }} }}
            GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(min_count)})""",
        )
    if max_count is not None:
        yield ShapeQuery(
            str(shape),
            str(path),
            message,
            f"""
            SELECT ?this WHERE {{ {focus} ?this {_n3(path)} ?value }}
            GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(max_count)})""",
        )
    conditions = []
    for constraint in _VALUE_CONSTRAINTS:
        for value in shapes.objects(prop, constraint):
            conditions.append(_value_condition(shapes, constraint, value))
    for alternatives in shapes.objects(prop, SH["or"]):
        options = []
        for option in _list(shapes, alternatives):
            inner = [_value_condition(shapes, c, v) for c in _VALUE_CONSTRAINTS for v in shapes.objects(option, c)]
            options.append("(" + " && ".join(inner) + ")")
        conditions.append("(" + " || ".join(options) + ")")
    scheme = _scheme(shapes, prop)
    for condition in conditions:
        yield ShapeQuery(
            str(shape),
            str(path),
            message,
            f"""
            SELECT ?this ?value WHERE {{ {focus} ?this {_n3(path)} ?value . FILTER(!({condition})) }}""",
            scheme,
        )


def _is_warning(shapes: Graph, *shapes_or_properties: Node) -> bool:
    """Whether a node or property shape says sh:severity sh:Warning."""
    return any(shapes.value(s, SH.severity) == SH.Warning for s in shapes_or_properties)


def _scheme(shapes: Graph, prop: Node) -> str | None:
    """The scheme named by an sh:node of the property shape (sh:path skos:inScheme; sh:hasValue scheme)."""
    for node_shape in shapes.objects(prop, SH.node):
        for constraint in shapes.objects(node_shape, SH.property):
            if shapes.value(constraint, SH.path) == SKOS.inScheme:
                value = shapes.value(constraint, SH.hasValue)
                return str(value) if value is not None else None
    return None


def _sparql_queries(shapes: Graph, shape: Node, target: Node) -> Iterator[ShapeQuery]:
    for constraint in shapes.objects(shape, SH.sparql):
        select = str(shapes.value(constraint, SH.select))
        message = str(shapes.value(constraint, SH.message) or f"breaks {shape}")
        body = select.replace("$this", "?this")
        where = body.index("{", body.upper().index("WHERE"))
        focus = _members(shapes, "this", target)
        sparql = body[: where + 1] + f" {focus} " + body[where + 1 :]
        yield ShapeQuery(str(shape), None, message, sparql, warning=_is_warning(shapes, shape, constraint))


def compile_shapes(shapes: Graph) -> list[ShapeQuery]:
    """Compile every node shape with an sh:targetClass into SPARQL queries."""
    queries: list[ShapeQuery] = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=str):
        for target in shapes.objects(shape, SH.targetClass):
            for prop in shapes.objects(shape, SH.property):
                warning = _is_warning(shapes, shape, prop)
                queries.extend(
                    replace(q, warning=warning, target=str(target))
                    for q in _property_queries(shapes, shape, target, prop)
                )
            queries.extend(replace(q, target=str(target)) for q in _sparql_queries(shapes, shape, target))
    return queries


PREFIXES = {
    "dg": "https://w3id.org/diplograph/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
}
"""Prefixes the compiled queries (and the shapes' SHACL-SPARQL constraints) rely on."""
