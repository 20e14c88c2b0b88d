"""Write query answers for people (an aligned table) and for tools (CSV, TSV, JSON, Turtle)."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from diplograph.store.sparql import QueryResult
from diplograph.terms import PREFIXES, compact

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle")
"""The output formats of `diplograph query`."""

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class FormatError(ValueError):
    """An output format that does not fit the kind of answer (Turtle for a SELECT, say)."""


class NotXmlSafe(FormatError):
    """An answer holding a character that XML 1.0 cannot carry, even escaped (most C0 controls)."""


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def refuse_unsafe_xml(terms, what: str = "this answer") -> None:
    """Raise NotXmlSafe when a term holds a character XML 1.0 has no way to write (U+0001, say)."""
    for term in terms:
        if term is not None and (found := _NOT_XML.search(str(term))):
            raise NotXmlSafe(
                f"{what} holds the character U+{ord(found.group()):04X}, which XML 1.0 cannot carry, "
                f"in {_shown(term)}; ask for JSON, CSV, TSV, Turtle or N-Triples instead"
            )


def _shown(term: Node) -> str:
    text = term.n3() if isinstance(term, Node) else repr(term)
    text = text if len(text) <= 80 else text[:77] + "..."
    return _NOT_XML.sub(lambda found: f"\\u{ord(found.group()):04X}", text).replace("\n", "\\n")


def render(result: QueryResult, output_format: str, console: Console) -> str | None:
    """Render a result in a format; the table is printed to the console, others are returned."""
    if result.kind == "ask":
        if output_format == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        if output_format == "xml":
            return as_xml(result)
        return "true" if result.boolean else "false"
    if result.kind == "construct":
        return as_graph(result, output_format)
    if output_format == "turtle":
        raise FormatError(
            "--format turtle is for CONSTRUCT and DESCRIBE queries; this one is a SELECT: "
            "use table, csv, tsv, json or xml"
        )
    if output_format == "table":
        console.print(as_table(result))
        return None
    return {"csv": as_csv, "tsv": as_tsv, "json": as_json, "xml": as_xml}[output_format](result)


def as_graph(result: QueryResult, output_format: str) -> str:
    """A CONSTRUCT/DESCRIBE answer: Turtle (also on a terminal), N-Triples for csv/tsv, JSON-LD, RDF/XML."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in result.triples:
        graph.add(triple)
    rdf_format = {"csv": "nt", "tsv": "nt", "json": "json-ld", "xml": "xml"}.get(output_format, "turtle")
    if rdf_format == "xml":
        refuse_unsafe_xml(term for triple in result.triples for term in triple)
    return graph.serialize(format=rdf_format)


def as_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format; NotXmlSafe for a value XML cannot carry."""
    refuse_unsafe_xml(value for row in result.rows for value in row)
    lines = ['<?xml version="1.0"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head>"]
    if result.kind == "ask":
        lines += ["  </head>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["  </head>", "  <results>"]
    for row in result.rows:
        lines.append("    <result>")
        for name, value in zip(result.variables, row, strict=True):
            if value is not None:
                lines.append(f"      <binding name={quoteattr(name)}>{_xml_term(value)}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _xml_term(value: Node) -> str:
    if isinstance(value, URIRef):
        return f"<uri>{escape(str(value))}</uri>"
    if isinstance(value, BNode):
        return f"<bnode>{escape(str(value))}</bnode>"
    if value.language:
        return f"<literal xml:lang={quoteattr(value.language)}>{escape(str(value))}</literal>"
    if value.datatype:
        return f"<literal datatype={quoteattr(str(value.datatype))}>{escape(str(value))}</literal>"
    return f"<literal>{escape(str(value))}</literal>"


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
    """SPARQL 1.1 Query Results CSV: plain values, IRIs written out, blank nodes as `_:label`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if v is None else f"_:{v}" if isinstance(v, BNode) else str(v) for v in row])
    return out.getvalue()


def as_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: values in Turtle syntax, tabs and line breaks in literals escaped."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(v) for v in row))
    return "\n".join(lines) + "\n"


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv_term(value: Node | None) -> str:
    """One TSV field: a Turtle term on one line (a literal's tab or newline would end the field or the row)."""
    if value is None:
        return ""
    if not isinstance(value, Literal):
        return value.n3()
    quoted = '"' + str(value).translate(_TSV_ESCAPES) + '"'
    if value.language:
        return f"{quoted}@{value.language}"
    if value.datatype and str(value.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return f"{quoted}^^<{value.datatype}>"
    return quoted


def as_json(result: QueryResult, compact: bool = False) -> str:
    """SPARQL 1.1 Query Results JSON: indented for people, or `compact` for machines (the endpoint).

    Compact is a quarter smaller and, written by json's C encoder, several times faster to make.
    """
    bindings = []
    for row in result.rows:
        binding = {}
        for name, value in zip(result.variables, row, strict=True):
            if value is not None:
                binding[name] = _json_term(value)
        bindings.append(binding)
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(document, ensure_ascii=False, indent=1)


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
