"""Talk to any SPARQL 1.1 server: the Protocol to query and update, the Graph Store Protocol to load.

Only the standard library (urllib) is used, so reading a remote store needs no extra package.
The dataset diplograph queries on a server is the union of its own named graphs (those under
`<base>graph/`): they are passed as `default-graph-uri` and `named-graph-uri`, so that other data
on the same server (Virtuoso's system graphs, say) never leaks into an answer.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from diplograph.store.location import SparqlEndpoints, StoreError, StoreSpec
from diplograph.store.sparql import QueryResult, QueryTimeout

USER_AGENT = "diplograph (SPARQL 1.1 Protocol client)"
RESULTS_JSON = "application/sparql-results+json"
GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


class SparqlClient:
    """One SPARQL server, reached through the endpoints of a `sparql:` store specification."""

    def __init__(self, endpoints: SparqlEndpoints):
        self.endpoints = endpoints
        self.server = ""
        """The Server header of the last answer (e.g. `Virtuoso/07.20.3229 ...`)."""

    # --- reading -----------------------------------------------------------------------------

    def query(
        self,
        text: str,
        form: str,
        timeout: float,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
    ) -> QueryResult:
        """Run a checked query over the given dataset and read the answer into a QueryResult."""
        fields = [("query", text)]
        fields += [("default-graph-uri", g) for g in default_graphs]
        fields += [("named-graph-uri", g) for g in named_graphs]
        # Virtuoso stops a query after `timeout` milliseconds; other servers ignore the parameter.
        fields.append(("timeout", str(int(timeout * 1000))))
        accept = GRAPH_TYPES if form in ("construct", "describe") else RESULTS_JSON
        status, headers, body = self._send(
            self.endpoints.query,
            "POST",
            urllib.parse.urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            timeout,
        )
        self.server = headers.get("Server", "")
        # Virtuoso's "anytime" answers: a partial result cut at the timeout, flagged only in headers.
        if headers.get("X-SQL-State") == "S1TAT":
            raise QueryTimeout(timeout, f" by {self.endpoints.query} (it returned a partial answer)")
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if form in ("construct", "describe"):
            return QueryResult("construct", triples=list(_parse_graph(body, content_type, self.endpoints.query)))
        return read_results_json(body, self.endpoints.query)

    # --- writing -----------------------------------------------------------------------------

    def replace_graph(self, graph: str, ntriples: bytes, timeout: float = 300.0) -> None:
        """Replace one named graph: a Graph Store PUT if the server has one, else DROP + INSERT DATA."""
        if self.endpoints.graph_store:
            url = _with_query(self.endpoints.graph_store, {"graph": graph})
            self._send(url, "PUT", ntriples, {"Content-Type": "application/n-triples"}, timeout)
            return
        body = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n".encode() + ntriples + b"}}"
        self.update(body, timeout)

    def drop_graph(self, graph: str, timeout: float = 300.0) -> None:
        """Remove one named graph, if it is there."""
        if self.endpoints.graph_store and not self.endpoints.update:
            url = _with_query(self.endpoints.graph_store, {"graph": graph})
            try:
                self._send(url, "DELETE", None, {}, timeout)
            except StoreError as error:
                if "404" not in str(error):
                    raise
            return
        self.update(f"DROP SILENT GRAPH <{graph}>".encode(), timeout)

    def update(self, body: bytes, timeout: float = 300.0) -> None:
        """Send one SPARQL Update request (run by the server as one unit where it can)."""
        if not self.endpoints.update:
            raise StoreError(
                f"no update URL for {self.endpoints.query}: write sparql:QUERY_URL,UPDATE_URL[,GRAPH_STORE_URL] "
                "to load the graph into a SPARQL server"
            )
        self._send(
            self.endpoints.update, "POST", body, {"Content-Type": "application/sparql-update; charset=utf-8"}, timeout
        )

    # --- HTTP --------------------------------------------------------------------------------

    def _send(
        self, url: str, method: str, body: bytes | None, headers: dict[str, str], timeout: float
    ) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, data=body, method=method, headers={"User-Agent": USER_AGENT, **headers})
        deadline = time.monotonic() + timeout
        try:
            with urllib.request.urlopen(request, timeout=max(0.1, timeout)) as answer:
                _set_read_timeout(answer, deadline)
                chunks = []
                while chunk := answer.read(65536):
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise QueryTimeout(timeout, f" while {url} was still answering")
                    _set_read_timeout(answer, deadline)
                return answer.status, dict(answer.headers.items()), b"".join(chunks)
        except urllib.error.HTTPError as error:
            detail = error.read(2000).decode("utf-8", "replace").strip().splitlines()
            first = next((line for line in detail if line.strip()), error.reason)
            estimate = re.search(r"estimated execution time (-?\d+) \(sec\) exceeds the limit of (\d+)", first)
            if estimate:  # Virtuoso refuses a query it expects to run past its MaxQueryCostEstimationTime
                seconds = int(estimate.group(1))
                # An estimate past Virtuoso's 32-bit integers comes out negative.
                guess = f"for {seconds} s" if seconds >= 0 else "for longer than it can count"
                raise QueryTimeout(
                    timeout,
                    message=f"{url} estimated the query would run {guess}, past its limit of "
                    f"{estimate.group(2)} s, and did not start it; narrow the query",
                ) from None
            raise StoreError(f"{url} answered {error.code} {error.reason}: {first.strip()[:300]}") from None
        except TimeoutError:
            raise QueryTimeout(timeout, f" (no answer from {url} in time)") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise QueryTimeout(timeout, f" (no answer from {url} in time)") from None
            raise StoreError(f"cannot reach the SPARQL server at {url}: {error.reason}") from None
        except ConnectionError as error:
            raise StoreError(f"the SPARQL server at {url} closed the connection: {error}") from None


def _set_read_timeout(answer, deadline: float) -> None:
    """Let the next read wait only until the query's deadline."""
    remaining = max(0.05, deadline - time.monotonic())
    sock = getattr(getattr(getattr(answer, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(remaining)


def _with_query(url: str, params: dict[str, str]) -> str:
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return url + separator + urllib.parse.urlencode(params)


def read_results_json(body: bytes, where: str) -> QueryResult:
    """Read SPARQL 1.1 Query Results JSON into a QueryResult of rdflib terms."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise StoreError(f"{where} did not answer in SPARQL results JSON: {body[:200]!r}") from None
    if "boolean" in document:
        return QueryResult("ask", boolean=bool(document["boolean"]))
    variables = list(document.get("head", {}).get("vars", []))
    rows = [
        tuple(json_term(binding[v]) if v in binding else None for v in variables)
        for binding in document.get("results", {}).get("bindings", [])
    ]
    return QueryResult("select", variables=variables, rows=rows)


def json_term(value: dict[str, str]) -> Node:
    """One term of SPARQL results JSON as an rdflib term (also the older `typed-literal` type)."""
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype == str(XSD.duration):
        return Literal(repair_duration(value["value"]), datatype=XSD.duration)
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def repair_duration(lexical: str) -> str:
    """Write a duration given as a number of seconds (as Virtuoso does) in ISO 8601: 2700.0 → PT45M."""
    try:
        seconds = float(lexical)
    except ValueError:
        return lexical
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    text = f"{sign}P{int(days)}D" if days else f"{sign}P"
    time_part = "".join(f"{int(n)}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n) + (
        f"{rest:g}S" if rest else ""
    )
    if time_part or not days:
        text += "T" + (time_part or "0S")
    return text


def _parse_graph(body: bytes, content_type: str, where: str):
    rdf_format = _RDF_FORMATS.get(content_type)
    if rdf_format is None:
        raise StoreError(f"{where} answered a CONSTRUCT with {content_type or 'no content type'}, not RDF")
    graph = Graph()
    try:
        graph.parse(data=body, format=rdf_format)
    except Exception as error:  # parsers raise their own types
        raise StoreError(f"cannot read the graph that {where} returned: {error}") from None
    return graph.triples((None, None, None))


def write_sparql(spec: StoreSpec, store: ox.Store, base: str, timeout: float = 300.0) -> list[str]:
    """Load every named graph of the build into a SPARQL server, one graph at a time, replacing each.

    Each graph is replaced in one request (a Graph Store PUT, or DROP + INSERT DATA in one update),
    which the server applies atomically where it can; graphs under <base>graph/ that the build no
    longer has are dropped afterwards. Returns the graphs written.
    """
    client = SparqlClient(spec.endpoints())
    if not (client.endpoints.update or client.endpoints.graph_store):
        raise StoreError(
            f"no update URL in {spec}: write sparql:QUERY_URL,UPDATE_URL[,GRAPH_STORE_URL] to load the graph there"
        )
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise StoreError("the build put triples in the default graph; diplograph loads named graphs only")
    written = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    for graph in written:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        client.replace_graph(graph, data, timeout)
    prefix = f"{base}graph/"
    listing = client.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {Literal(prefix).n3()})) }}",
        "select",
        timeout,
    )
    for row in listing.rows:
        if str(row[0]) not in written:
            client.drop_graph(str(row[0]), timeout)
    return written
