"""The SPARQL 1.1 Protocol at /sparql: read-only, time-limited, row-limited, no SERVICE, LOAD or FROM.

Queries come by GET (`?query=`), by POST as a form (`query=`) or by POST as `application/sparql-query`.
Each is checked by `diplograph.store.sparql.check_query` on the text the client sent (so a syntax error is
reported at the client's own line and column) and then answered by the store's backend without a
second parse (`query_checked`), which stops it at the time limit. Updates (`update=`,
`application/sparql-update`, or update text as a query) are refused with 403. Queries run over the
built dataset with the union of its graphs as the default graph, unless the request names a dataset
(`default-graph-uri`, `named-graph-uri`) from the store's own named graphs: then over those alone,
so that a client can ask about one source. A graph the store does not hold is refused with 400, and
FROM is refused unless the protocol's dataset takes its place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import parse_qs

from diplograph.publish.negotiation import SPARQL_JSON, Representation
from diplograph.store.catalogue import catalogue
from diplograph.store.sparql import (
    ProtocolDataset,
    QueryRefused,
    QueryResult,
    QuerySyntaxError,
    bind_parameters,
    check_query,
    paginate,
)

DEFAULT_TIMEOUT = 20.0
"""Seconds a query may run at the endpoint before it is stopped (503)."""

DEFAULT_MAX_ROWS = 10_000
"""Rows (or triples) an answer holds at most; the rest are cut and the response says so."""

MAX_QUERY_BYTES = 100_000
"""The largest query text accepted."""

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the endpoint answers with an error status and a plain-text message."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class QueryRequest:
    """A query read from a request: its text and its form (select, ask, construct, describe)."""

    text: str
    form: str
    dataset: ProtocolDataset | None = None
    """The protocol's default and named graphs, or None for the whole store (the union of its graphs)."""

    def rows_shown(self, max_rows: int) -> str:
        """The text asked for no more rows than an answer shows (one more says it was cut): the same first rows,
        and a kept answer (store/kept.py) is read only that far (pairs-of-persons at 1M: 10,001 of 31,398)."""
        return paginate(self.text, max_rows + 1) if self.form == "select" else self.text


DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")


def read_request(
    method: str,
    params: dict[str, list[str]],
    content_type: str,
    body: bytes,
    graphs: Callable[[], Collection[str]] = frozenset,
) -> QueryRequest | None:
    """Read the query of a Protocol request, or None when there is none (the service description).

    `graphs` lists the store's named graphs, asked only when the request names a dataset.
    """
    content_type = content_type.split(";")[0].strip().lower()
    fields = {key: list(values) for key, values in params.items()}
    if method == "POST":
        if len(body) > MAX_QUERY_BYTES:
            raise ProtocolError(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
        if content_type == SPARQL_UPDATE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        if content_type == FORM:
            for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        elif content_type == SPARQL_QUERY:
            fields.setdefault("query", []).append(body.decode("utf-8", "replace"))
        else:
            raise ProtocolError(
                415, f"send a query as {FORM} (query=...) or as {SPARQL_QUERY}, not {content_type or 'no type'}"
            )
    if "update" in fields:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
    dataset = _dataset(fields, graphs)
    queries = fields.get("query", [])
    if not queries and method == "POST":
        raise ProtocolError(400, "a POST to the endpoint must carry a query (query=... or a sparql-query body)")
    if not queries:
        return None
    if len(queries) > 1:
        raise ProtocolError(400, "give one query, not several")
    text = queries[0]
    if not text.strip():
        raise ProtocolError(400, "the query is empty")
    if len(text.encode()) > MAX_QUERY_BYTES:
        raise ProtocolError(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
    try:
        form = check_query(text, dataset is not None)
    except QuerySyntaxError as error:
        raise ProtocolError(400, str(error)) from None
    except QueryRefused as error:
        raise ProtocolError(403, str(error)) from None
    return QueryRequest(text, form or "select", dataset)


def _dataset(fields: dict[str, list[str]], graphs: Callable[[], Collection[str]]) -> ProtocolDataset | None:
    """The dataset a request names, each graph one the store holds; None when it names none."""
    if not any(name in fields for name in DATASET_PARAMETERS):
        return None
    held = graphs()
    chosen = []
    for name in DATASET_PARAMETERS:
        iris = tuple(dict.fromkeys(iri.strip() for iri in fields.get(name, [])))
        for iri in iris:
            if iri not in held:
                raise ProtocolError(
                    400,
                    f"{name}={iri!r} is not a graph of this store; its graphs are listed by "
                    "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }",
                )
        chosen.append(iris)
    return chosen[0], chosen[1]


def limit(result: QueryResult, max_rows: int) -> tuple[QueryResult, bool]:
    """Cut an answer to the row limit; say whether it was cut."""
    if result.kind == "select" and len(result.rows) > max_rows:
        return QueryResult("select", variables=result.variables, rows=result.rows[:max_rows]), True
    if result.kind == "construct" and len(result.triples) > max_rows:
        return QueryResult("construct", triples=result.triples[:max_rows]), True
    return result, False


def answer_headers(truncated: bool, max_rows: int) -> dict[str, str]:
    """The headers of a query's answer; `X-Result-Limit` says when it was cut to the row limit."""
    headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
    if truncated:
        headers["X-Result-Limit"] = f"{max_rows}; truncated"
    return headers


def kept_json(
    backend: object, query: QueryRequest, representation: Representation, max_rows: int
) -> tuple[bytes, dict[str, str]] | None:
    """A SELECT's answer in SPARQL JSON written from the rows the store keeps in that form (store/kept.py), and its
    headers (`answer_headers`); None when none is kept (then it is made the usual way, through rdflib terms).

    The same page as the usual way: the text asks for `max_rows` + 1 rows (`rows_shown`) and is looked up as the
    backend looks up a kept answer, so only the rows shown are read, and one more says the answer was cut.
    """
    read = getattr(backend, "kept_bindings", None)
    if read is None or representation is not SPARQL_JSON or query.form != "select" or query.dataset is not None:
        return None
    found = read(query.rows_shown(max_rows))
    if found is None:
        return None
    variables, rows = found
    head = json.dumps({"vars": variables}, ensure_ascii=False, separators=(",", ":")).encode()
    data = b'{"head":' + head + b',"results":{"bindings":[' + b",".join(rows[:max_rows]) + b"]}}"
    return data, answer_headers(len(rows) > max_rows, max_rows)


@dataclass(frozen=True)
class Example:
    """A catalogue query offered on the query page, with its example parameters bound."""

    name: str
    title: str
    description: str
    text: str


def examples(inline: bool = True) -> list[Example]:
    """The catalogue queries (queries/*.rq), each ready to run with the parameters of its example.

    With `inline` the example's resources are written in place (how Oxigraph answers them fastest);
    a server over Virtuoso asks for VALUES blocks instead (sparql.bind_parameters).
    """
    found = []
    for query in catalogue().values():
        values = query.example_parameters()
        try:
            text = bind_parameters(query.sparql, query.bindings(values), inline) if values else query.sparql
        except (ValueError, LookupError):
            text = query.sparql
        found.append(Example(query.name, query.title, query.description, text))
    return found


# The query the SPARQL page opens with: every meeting by date.
DEFAULT_QUERY = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?meeting ?date ?label WHERE {
  ?meeting a dg:Meeting ; dg:date ?date .
  OPTIONAL { ?meeting rdfs:label ?label FILTER(LANG(?label) = "en") }
}
ORDER BY ?date
"""
