"""Check the data against the SHACL shapes and say, in plain words, what is wrong and where."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from diplograph.load import SourceFile
from diplograph.namespaces import GRAPH
from diplograph.terms import compact, rdflib_graph

SHAPES_GRAPH = GRAPH["shapes"]


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the resource, the property, the message and the file it came from."""

    focus: str
    path: str | None
    message: str
    value: str | None
    file: str | None

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        prop = f" {self.path}:" if self.path else ""
        return f"{where}{self.focus}{prop} {self.message}"


class ValidationFailed(Exception):
    """The data breaks one or more shapes."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        lines = "\n".join(f"  - {v}" for v in violations)
        super().__init__(f"{len(violations)} shape violation(s):\n{lines}")


def _data_graph(store: ox.Store) -> Graph:
    """Gather every graph except the shapes into one rdflib graph for pySHACL."""
    graphs = [g for g in store.named_graphs() if g.value != str(SHAPES_GRAPH)]
    return rdflib_graph(store, graphs)


def validate(store: ox.Store, sources: list[SourceFile]) -> list[Violation]:
    """Validate the working dataset and return its violations (empty when it conforms)."""
    shapes = rdflib_graph(store, [ox.NamedNode(str(SHAPES_GRAPH))])
    data = _data_graph(store)
    conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    files = {s.graph: s.label for s in sources}
    violations = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        violations.append(
            Violation(
                focus=compact(focus),
                path=compact(path) if isinstance(path, URIRef) else None,
                message=_shorten_iris(str(message or "breaks a shape")),
                value=compact(value) if value is not None else None,
                file=_file_of(store, focus, files),
            )
        )
    return sorted(violations, key=lambda v: (v.file or "", v.focus, v.path or "", v.message))


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
