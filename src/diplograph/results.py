"""Write query answers for people (an aligned table) and for tools (CSV, TSV, JSON, Turtle)."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from diplograph.sparql import QueryResult
from diplograph.terms import compact

FORMATS = ("table", "csv", "tsv", "json", "turtle")
"""The output formats of `diplograph query`."""


def render(result: QueryResult, output_format: str, console: Console) -> str | None:
    """Render a result in a format; the table is printed to the console, others are returned."""
    if result.kind == "ask":
        if output_format == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if result.kind == "construct":
        graph = Graph()
        for triple in result.triples:
            graph.add(triple)
        return graph.serialize(format="nt" if output_format == "csv" else "turtle")
    if output_format == "table":
        console.print(as_table(result))
        return None
    return {"csv": as_csv, "tsv": as_tsv, "json": as_json, "turtle": as_csv}[output_format](result)


def as_table(result: QueryResult) -> Table:
    """An aligned table with short names, for a terminal."""
    table = Table(*result.variables, caption=f"{len(result.rows)} row(s)", show_lines=False)
    for row in result.rows:
        table.add_row(*(_short(value) for value in row))
    return table


def _short(value: Node | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, Literal) else compact(value)


def as_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, IRIs written out."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue()


def as_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: values in Turtle syntax."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if v is None else v.n3() for v in row))
    return "\n".join(lines) + "\n"


def as_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in result.rows:
        binding = {}
        for name, value in zip(result.variables, row, strict=True):
            if value is not None:
                binding[name] = _json_term(value)
        bindings.append(binding)
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1
    )


def _json_term(value: Node) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    term = {"type": "literal", "value": str(value)}
    if value.language:
        term["xml:lang"] = value.language
    elif value.datatype:
        term["datatype"] = str(value.datatype)
    return term
