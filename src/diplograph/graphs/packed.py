"""Long scans answered as one string: the store joins each row's fields into a line, and all lines into one literal.

A flat scan of the 18k meetings of a 1M store returns 18–37k rows; each row's terms are pickled by the
worker, unpickled here and made into rdflib terms, which cost as much again as the store's own reading
(1M, states view: 2.1 s of 3.5 s). Packed by `GROUP_CONCAT`, the same scan crosses as one literal,
which Python splits in milliseconds. Fields that may hold any character (labels, dates) travel with
their spaces and line feeds escaped, so that neither can split a field or a line.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rdflib.term import Node

from diplograph.store.backends import Backend
from diplograph.store.sparql import QueryResult

PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def iri_field(var: str) -> str:
    """An IRI as it is (an IRI holds no space or line break)."""
    return f"STR({var})"


def text_field(var: str) -> str:
    """Any literal, or '' when unbound, with `%`, space and line feed escaped as `%25`, `%20`, `%0A`.

    Three replacements rather than `ENCODE_FOR_URI`: the same time in the store, a smaller string, and
    undone here by `str.replace` (1M: 13 ms for 18k labels against 100 ms for `urllib.parse.unquote`).
    """
    return f'REPLACE(REPLACE(REPLACE(COALESCE(STR({var}), ""), "%", "%25"), " ", "%20"), "\\n", "%0A")'


def _unescaped(value: str) -> str:
    """A text field as it was: `%20` and `%0A` first, so that an escaped `%` is never read as the start of one."""
    if "%" not in value:
        return value
    return value.replace("%20", " ").replace("%0A", "\n").replace("%25", "%")


def select(backend: Backend, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
    """Answer one of the projections' own SELECTs; with no parameters the text is fixed and well-formed, so it skips
    rdflib's parse (the parser's import and 20–40 ms a text: 0.45 s of the states view at 1M)."""
    if bindings:
        return backend.query(sparql, bindings)
    return backend.query_checked(sparql, "select")


def packed_rows(backend: Backend, fields: list[str], where: str, bindings: dict[str, Node] | None = None) -> list:
    """The rows of `SELECT fields WHERE { where }` as lists of strings, read from one packed literal.

    `fields` are expressions made by `iri_field` and `text_field`; a row whose expression fails (an
    unbound IRI, a blank node) is left out, as it would have no name to key it by.
    """
    record = ", ".join(f'{field}, " "' for field in fields)[: -len(', " "')]
    sparql = (
        f'SELECT (GROUP_CONCAT(COALESCE(CONCAT({record}), ""); separator="\\n") AS ?packed_) WHERE {{\n  {where}\n}}'
    )
    result = select(backend, PREFIXES + sparql, bindings)
    text = str(result.rows[0][0]) if result.rows and result.rows[0][0] is not None else ""
    encoded = [i for i, field in enumerate(fields) if field.startswith("REPLACE")]
    rows = []
    for line in text.split("\n"):
        if not line:
            continue
        values = line.split(" ")
        if len(values) != len(fields):  # an IRI with a space, which no RDF syntax lets through
            continue
        for i in encoded:
            values[i] = _unescaped(values[i])
        rows.append(values)
    return rows


LANES = 2
"""Scans run at once on a store that can answer several queries together: the machine's two cores."""


def side_by_side(backend: Backend, scans: list[Callable[[], Any]], meanwhile: Callable[[], None] | None = None) -> list:
    """The answers of independent scans, in order: run at once when the backend can widen to a pool of workers
    (the store's reading of one overlaps another's on a second core), else one after another; `meanwhile` runs
    here while they do (the page's imports)."""
    widen = getattr(backend, "widen", None)
    if widen is None or len(scans) < 2:
        answers = [scan() for scan in scans]
        if meanwhile is not None:
            meanwhile()
        return answers
    widen(LANES)
    with ThreadPoolExecutor(LANES, thread_name_prefix="diplograph-scan") as pool:
        futures = [pool.submit(scan) for scan in scans]
        if meanwhile is not None:
            meanwhile()
        return [future.result() for future in futures]
