"""Check the data against the SHACL shapes and say, in plain words, what is wrong and where."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH, SKOS

from diplograph.namespaces import DG, GRAPH, IMPORT_GRAPHS, ONTOLOGY_GRAPH
from diplograph.pipeline.load import SourceFile
from diplograph.pipeline.locate import line_of, scheme_suggestions
from diplograph.pipeline.shape_queries import PREFIXES, ShapeQuery, compile_shapes
from diplograph.store.sparql_text import syntax_positions
from diplograph.terms import compact, rdflib_graph, to_rdflib

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

SHAPES_GRAPH = GRAPH["shapes"]


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the resource, the property, the message, the offending value and where it is written."""

    focus: str
    path: str | None
    message: str
    value: str | None
    file: str | None
    line: int | None = field(default=None, compare=False)
    suggestions: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        prop = f" {self.path}:" if self.path else ""
        value = f" (value: {self.value})" if self.value is not None and self.value not in self.message else ""
        hint = f"; did you mean {' or '.join(self.suggestions)}?" if self.suggestions else ""
        return f"{where}{self.focus}{prop} {self.message}{value}{hint}"


class ValidationFailed(Exception):
    """The data breaks one or more shapes."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        lines = "\n".join(f"  - {v}" for v in violations)
        super().__init__(f"{len(violations)} shape violation(s):\n{lines}")


@functools.lru_cache(maxsize=512)
def _prepared(sparql: str) -> Query:
    from rdflib.plugins.sparql import prepareQuery  # with pySHACL only: the parser costs 0.1 s to import

    return prepareQuery(sparql)


class _ParsedOnceGraph(Graph):
    """An rdflib graph that parses each SPARQL text once.

    pySHACL sends a SPARQL-based constraint's text once per focus node, with `$this` bound; rdflib
    would parse it each time, which was four fifths of a build's validation.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _data_graph(store: ox.Store) -> Graph:
    """Gather every graph except the shapes and the bulk imports into one rdflib graph for pySHACL, with
    what the curated data relies on from the imports (see `_relied_on`)."""
    graphs = [
        g for g in store.named_graphs() if g.value != str(SHAPES_GRAPH) and not g.value.startswith(str(IMPORT_GRAPHS))
    ]
    data = rdflib_graph(store, graphs, _ParsedOnceGraph())
    for triple in _relied_on(store, data):
        data.add(triple)
    return data


def _relied_on(store: ox.Store, data: Graph) -> Iterator[tuple]:
    """The imported triples the curated data needs to be checked: the descriptions of the imported resources
    it names (a minister of the IfG data, their post), of those these name in turn, and the tenures of its
    participants under any of their IRIs (owl:sameAs), by which a participant held the post they took part in.

    Without them pySHACL, which sees the curated graphs only, would find a post without its type and a
    participant without a tenure; with them it checks the curated data as the whole store does.
    """
    imported = [g for g in store.named_graphs() if g.value.startswith(str(IMPORT_GRAPHS))]
    if not imported:
        return
    holder = ox.NamedNode(DG + "holder")
    same = "(<http://www.w3.org/2002/07/owl#sameAs>|^<http://www.w3.org/2002/07/owl#sameAs>)*"
    queue = [ox.NamedNode(str(o)) for o in set(data.objects()) if isinstance(o, URIRef)]
    for person in {ox.NamedNode(str(o)) for o in data.objects(None, URIRef(DG + "participant"))}:
        for row in store.query(f"SELECT ?o WHERE {{ {person} {same} ?o }}", use_default_graph_as_union=True):
            queue.append(row["o"])
            queue.extend(q.subject for q in store.quads_for_pattern(None, holder, row["o"]))
    seen: set[ox.Term] = set()
    while queue:
        node = queue.pop()
        if node in seen or not isinstance(node, ox.NamedNode):
            continue
        seen.add(node)
        for graph in imported:
            for quad in store.quads_for_pattern(node, None, None, graph):
                yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)
                if isinstance(quad.object, ox.NamedNode) and quad.object not in seen:
                    queue.append(quad.object)


def validate(store: ox.Store, sources: list[SourceFile], warnings: list[Violation] | None = None) -> list[Violation]:
    """Validate the working dataset and return its violations (empty when it conforms).

    pySHACL checks the curated data; when bulk imports are present, the shapes compiled to
    SPARQL check the whole dataset inside the store as well. Results of shapes of sh:Warning severity
    (a capacity to verify) do not count as violations; they are added to `warnings` when it is given.
    """
    found: list[Violation] = []
    violations = set(_validate_with_pyshacl(store, sources, found))
    if any(g.value.startswith(str(IMPORT_GRAPHS)) for g in store.named_graphs()):
        violations.update(validate_in_store(store, sources, warnings=found))
    if warnings is not None:
        warnings.extend(_distinct(found))
    return sorted(violations, key=lambda v: (v.file or "", v.focus, v.path or "", v.message))


def _distinct(warnings: list[Violation]) -> list[Violation]:
    """pySHACL and the compiled shapes may both report a warning: keep one per resource and property."""
    kept: dict[tuple[str, str | None, str], Violation] = {}
    for warning in warnings:
        kept.setdefault((warning.focus, warning.path, warning.message), warning)
    return sorted(kept.values(), key=lambda v: (v.file or "", v.focus, v.path or "", v.message))


def _validate_with_pyshacl(
    store: ox.Store, sources: list[SourceFile], warnings: list[Violation] | None = None
) -> list[Violation]:
    shapes = rdflib_graph(store, [ox.NamedNode(str(SHAPES_GRAPH))])
    data = _data_graph(store)
    # In place: the data graph is this validation's own copy, and a copy of it would lose _ParsedOnceGraph.
    from pyshacl import validate as shacl_validate  # here, not at the top: 0.2 s every command would pay

    conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True
    )
    files = {s.graph: s.label for s in sources}
    paths = {s.label: s.path for s in sources}
    violations = []
    for result in report.objects(None, SH.result):  # top-level results; nested sh:detail ones repeat them
        severity = report.value(result, SH.resultSeverity)
        if severity == SH.Warning and warnings is not None:
            found = warnings
        elif severity == SH.Violation:
            found = violations
        else:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        scheme = _scheme_of(shapes, report.value(result, SH.sourceShape))
        found.append(
            _located(
                store,
                paths,
                Violation(
                    focus=compact(focus),
                    path=compact(path) if isinstance(path, URIRef) else None,
                    message=_shorten_iris(str(message or "breaks a shape")),
                    value=compact(value) if value is not None else None,
                    file=_file_of(store, focus, files),
                ),
                str(focus),
                str(value) if value is not None else None,
                scheme,
            )
        )
    return sorted(violations, key=lambda v: (v.file or "", v.focus, v.path or "", v.message))


def _scheme_of(shapes: Graph, property_shape) -> str | None:
    """The concept scheme a property shape's values must belong to (through sh:node), if any."""
    if property_shape is None:
        return None
    for node_shape in shapes.objects(property_shape, SH.node):
        for constraint in shapes.objects(node_shape, SH.property):
            if shapes.value(constraint, SH.path) == SKOS.inScheme:
                scheme = shapes.value(constraint, SH.hasValue)
                if scheme is not None:
                    return str(scheme)
    return None


def _located(
    store: ox.Store, paths: dict[str, Path], violation: Violation, focus: str, value: str | None, scheme: str | None
) -> Violation:
    """Add the line of the data file and, for a value outside its scheme, the nearest concepts of the scheme."""
    line = line_of(paths.get(violation.file or ""), focus, value)
    suggestions: tuple[str, ...] = ()
    if scheme and value is not None:
        suggestions = tuple(compact(URIRef(c)) for c in scheme_suggestions(store, scheme, value))
    return Violation(
        violation.focus, violation.path, violation.message, violation.value, violation.file, line, suggestions
    )


def validate_in_store(
    store: ox.Store,
    sources: list[SourceFile],
    focus: set[ox.NamedNode] | None = None,
    warnings: list[Violation] | None = None,
    edited: set[str] | None = None,
) -> list[Violation]:
    """Validate with the shapes compiled to SPARQL, inside the store: for data too large for pySHACL.

    With `focus`, only those resources are checked as focus nodes (a rebuild checks what an edit touched).
    With `edited`, the predicates of the only triples that changed since a valid build, a constraint that reads
    none of them is not run: its verdict cannot have changed (see `reads_any`).
    Results of sh:Warning shapes go to `warnings` when it is given, and are not violations.
    """
    shapes = rdflib_graph(store, [ox.NamedNode(str(SHAPES_GRAPH))])
    files = {s.graph: s.label for s in sources}
    paths = {s.label: s.path for s in sources}
    found: set[Violation] = set()
    warned: set[Violation] = set()
    only = focus
    if only is not None and not only:
        return []
    classes = _classes_of(store, only) if only is not None else None
    for compiled in compile_shapes(shapes):
        if compiled.warning and warnings is None:
            continue
        if classes is not None and compiled.target is not None and compiled.target not in classes:
            continue  # no focus resource is of the class the shape is for
        if edited is not None and not reads_any(compiled, edited):
            continue  # it reads none of the edited triples: the same verdict as the valid build before
        text = compiled.sparql if only is None else _restricted(compiled.sparql, only)
        solutions = store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        names = {v.value for v in solutions.variables}
        for row in solutions:
            focus = row["this"]
            message = re.sub(
                r"\{\?(\w+)\}",
                lambda m, row=row, names=names: compact(to_rdflib(row[m.group(1)])) if m.group(1) in names else "",
                compiled.message,
            )
            value = row["value"] if "value" in names else None
            (warned if compiled.warning else found).add(
                _located(
                    store,
                    paths,
                    Violation(
                        focus=compact(to_rdflib(focus)),
                        path=compact(URIRef(compiled.path)) if compiled.path else None,
                        message=_shorten_iris(message),
                        value=compact(to_rdflib(value)) if value is not None else None,
                        file=_file_of(store, to_rdflib(focus), files),
                    ),
                    focus.value,
                    value.value if value is not None else None,
                    compiled.scheme,
                )
            )
    if warnings is not None:
        warnings.extend(sorted(warned, key=lambda v: (v.file or "", v.focus, v.path or "", v.message)))
    return sorted(found, key=lambda v: (v.file or "", v.focus, v.path or "", v.message))


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def reads_any(compiled: ShapeQuery, predicates: set[str]) -> bool:
    """Whether a compiled constraint may read a triple of one of these predicates.

    A property constraint reads its path's triples, the types of the focus node and of its values (`a`, and the
    ontology's rdfs:subClassOf, which only a full build changes) and the predicates its value conditions name,
    all written as full IRIs by shape_queries.py: it reads a predicate only if its text names it. A SHACL-SPARQL
    constraint reads what its own text says, in any form: it is always counted in, as is a warning (reported again
    for the resources a rebuild checks). An edited rdf:type can change any constraint's focus nodes.
    """
    if compiled.path is None or compiled.warning or RDF_TYPE in predicates:
        return True
    return any(f"<{predicate}>" in compiled.sparql for predicate in predicates)


def _classes_of(store: ox.Store, focus: set[ox.NamedNode]) -> set[str]:
    """The classes the focus resources are members of, as the compiled shapes' targets select them."""
    values = " ".join(str(node) for node in focus)
    query = (
        f"SELECT DISTINCT ?class WHERE {{ VALUES ?this {{ {values} }} ?this a ?kind . "
        f"GRAPH <{ONTOLOGY_GRAPH}> {{ ?kind rdfs:subClassOf* ?class }} }}"
    )
    return {row["class"].value for row in store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)}


def _restricted(sparql: str, focus: set[ox.NamedNode]) -> str:
    """Bind ?this to the focus resources by a VALUES block at the head of the query's WHERE group, and
    evaluate each OPTIONAL of that group row by row (`_lateral`)."""
    where = sparql.index("{", sparql.upper().index("WHERE"))
    values = " ".join(str(node) for node in sorted(focus, key=lambda n: n.value))
    rest = _lateral(sparql[where + 1 :]) if len(focus) <= LATERAL_UP_TO else sparql[where + 1 :]
    return f"{sparql[: where + 1]} VALUES ?this {{ {values} }} {rest}"


LATERAL_UP_TO = 2_000
"""Up to how many focus resources the OPTIONALs are evaluated row by row: on 75,000 (every typed resource of
the real corpus) the 145 shapes took 259 s so and 226 s as left joins, with the same results."""


_OPTIONAL = re.compile(r"OPTIONAL\s*\{", re.IGNORECASE)


def _lateral(group: str) -> str:
    """Wrap each OPTIONAL at the top of a group (the text after its opening brace) in LATERAL { }.

    Oxigraph computes the right side of an OPTIONAL on its own before joining: the tenure shapes' OPTIONAL
    reads every tenure of the store and every owl:sameAs path to their holders (1.8 s on the real corpus)
    even when a rebuild checks 134 resources. Under LATERAL it is evaluated with each row's bindings (the
    participation's person, post and date), the same solutions for these well-designed patterns. Checking
    the whole store, or a large part of it, keeps the plain left join, one pass being faster there than one
    evaluation a row.
    """
    positions = list(syntax_positions(group))  # outside strings, comments and IRIs
    closing: dict[int, int] = {}
    opened: list[int] = []
    for i in positions:
        if group[i] == "{":
            opened.append(i)
        elif group[i] == "}" and opened:  # (the group's own closing brace has no opening one here)
            closing[opened.pop()] = i
    if opened:
        raise ValueError(f"unbalanced braces in a compiled shape: {group[:80]}")
    out, done, depth = [], 0, 0
    for i in positions:
        if i < done:
            continue
        char = group[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and (found := _OPTIONAL.match(group, i)) and (i == 0 or not group[i - 1].isalnum()):
            end = closing[found.end() - 1]
            out.append(f"{group[done:i]}LATERAL {{ {group[i : end + 1]} }}")
            done = end + 1
    out.append(group[done:])
    return "".join(out)


def _shorten_iris(message: str) -> str:
    """Write the IRIs that pySHACL substitutes into messages in their short form."""
    return re.sub(r"<?(https?://[^\s>]+)>?", lambda m: compact(URIRef(m.group(1))).strip("<>"), message)


def _file_of(store: ox.Store, focus, files: dict[str, str]) -> str | None:
    """Name the data file that describes a resource, so the user knows what to edit."""
    if not isinstance(focus, URIRef):
        return None
    for quad in store.quads_for_pattern(ox.NamedNode(str(focus)), None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in files:
            return files[quad.graph_name.value]
    return None
