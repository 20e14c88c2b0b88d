"""What the store says about a resource: its RDF description, and the facts its HTML page shows besides.

The RDF description of a resource R (what every RDF representation of R holds) is a bounded
description in the manner of a concise bounded description (CBD):

1. every triple whose subject is R;
2. every triple of R's sub-nodes: blank nodes R points to, and its participations
   (the objects of `dg:hasParticipation`), which have no page of their own worth visiting;
3. the labels (`rdfs:label`, `skos:prefLabel`, `dcterms:title`) of every IRI that 1 and 2 point to,
   so that a client can name what it links to without a second request.

Triples keep the named graph they are in (the TriG representation shows them), so every fact stays
traceable to its data file. Links *to* R are not part of its RDF (they are in the RDF of the
resources that make them, and a SPARQL query away); the HTML page shows some of them (a state's
partners and timeline, a meeting's instruments and statements, what refers to R).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from diplograph.namespaces import DEFAULT_BASE
from diplograph.publish.reader import StoreReader, term
from diplograph.terms import SPARQL_DATE_SORT_KEY

DG = DEFAULT_BASE + "ontology#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL_PREDICATES = (
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
    URIRef("http://purl.org/dc/terms/title"),
)
"""The predicates that name a resource, in the order a page prefers them."""

SUB_NODE_LINKS = (URIRef(DG + "hasParticipation"),)
"""Links to nodes that belong to the resource pointing to them, described with it."""

_PREFIXES = f"""PREFIX dg: <{DG}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

_SUB_NODE = "FILTER(isBlank(?n) || ?link IN (" + ", ".join(f"<{p}>" for p in SUB_NODE_LINKS) + "))"
_LABELS = "FILTER(?p IN (" + ", ".join(f"<{p}>" for p in LABEL_PREDICATES) + "))"

DESCRIBE_QUERY = (
    _PREFIXES
    + f"""SELECT DISTINCT ?g ?s ?p ?o WHERE {{
  {{ GRAPH ?g {{ ?r ?p ?o }} }}
  UNION {{ ?r ?link ?n . {_SUB_NODE} GRAPH ?g {{ ?n ?p ?o }} BIND(?n AS ?s) }}
  UNION {{
    {{ ?r ?x ?s }} UNION {{ ?r ?link ?n . {_SUB_NODE} ?n ?y ?s }}
    FILTER(isIRI(?s))
    GRAPH ?g {{ ?s ?p ?o }} {_LABELS}
  }}
}}"""
)
"""The bounded description of ?r; a row without ?s is a triple whose subject is ?r itself."""

Quad = tuple[Node, Node, Node, Node]


@dataclass
class Description:
    """The bounded description of one resource, as quads (subject, predicate, object, graph)."""

    iri: URIRef
    quads: list[Quad] = field(default_factory=list)
    _index: dict[tuple[Node, Node], set[Node]] | None = field(default=None, repr=False, compare=False)
    _indexed: int = field(default=-1, repr=False, compare=False)

    def __bool__(self) -> bool:
        return any(s == self.iri for s, _, _, _ in self.quads)

    def graph(self) -> Graph:
        """The description's triples, whatever graph they are in."""
        graph = Graph()
        for s, p, o, _ in self.quads:
            graph.add((s, p, o))
        return graph

    def dataset(self) -> Dataset:
        """The description's quads in their named graphs, for TriG."""
        dataset = Dataset()
        for s, p, o, g in self.quads:
            dataset.graph(g).add((s, p, o))
        return dataset

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        """The distinct objects of one subject and predicate, in a stable order."""
        if self._index is None or self._indexed != len(self.quads):
            index: dict[tuple[Node, Node], set[Node]] = {}
            for s, p, o, _ in self.quads:
                index.setdefault((s, p), set()).add(o)
            self._index, self._indexed = index, len(self.quads)
        return sorted(self._index.get((subject, predicate), ()), key=_sort_key)

    def labels(self, subject: Node) -> list[Literal]:
        """Every name the description gives a subject, preferred predicates first."""
        found: list[Literal] = []
        for predicate in LABEL_PREDICATES:
            for label in self.objects(subject, predicate):
                if isinstance(label, Literal) and label not in found:
                    found.append(label)
        return found

    def types(self, subject: Node) -> list[Node]:
        """The rdf:type of a subject."""
        return self.objects(subject, RDF_TYPE)


def _sort_key(term: Node) -> tuple[str, str]:
    return (type(term).__name__, str(term))


def describe(reader: StoreReader, iri: str) -> Description:
    """Ask the store for the bounded description of one IRI (empty when the store knows nothing of it)."""
    subject = URIRef(iri)
    result = reader.query(DESCRIBE_QUERY.replace("?r", term(subject)))
    quads = []
    for g, s, p, o in result.rows:
        quads.append((s if s is not None else subject, p, o, g))
    quads.sort(key=lambda q: tuple(_sort_key(t) for t in q))
    return Description(subject, quads)


def _select(reader: StoreReader, body: str, bindings: dict[str, Node] | None = None) -> list[dict[str, Node]]:
    for name, value in (bindings or {}).items():
        body = re.sub(rf"\?{name}\b", lambda _, value=value: term(value), body)
    return reader.select(_PREFIXES + body)


def labels_of(reader: StoreReader, iris: list[Node]) -> dict[Node, list[Literal]]:
    """The names of many IRIs in one query (for links the description does not label)."""
    iris = sorted({i for i in iris if isinstance(i, URIRef)}, key=str)
    names: dict[Node, list[Literal]] = {}
    for start in range(0, len(iris), 200):
        values = " ".join(i.n3() for i in iris[start : start + 200])
        rows = _select(
            reader, f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o {_LABELS} FILTER(isLiteral(?o)) }}"
        )
        order = {p: i for i, p in enumerate(LABEL_PREDICATES)}
        for row in sorted(rows, key=lambda r: (order[r["p"]], str(r["o"]))):
            names.setdefault(row["s"], []).append(row["o"])
    return names


def existing(reader: StoreReader, iris: list[Node]) -> set[Node]:
    """Which of these IRIs are the subject of at least one triple (and so have a page)."""
    iris = sorted({i for i in iris if isinstance(i, URIRef)}, key=str)
    found: set[Node] = set()
    for start in range(0, len(iris), 200):
        values = " ".join(i.n3() for i in iris[start : start + 200])
        rows = _select(reader, f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} FILTER EXISTS {{ ?s ?p ?o }} }}")
        found.update(row["s"] for row in rows)
    return found


def references(reader: StoreReader, iri: URIRef, limit: int = 300) -> list[dict[str, Node]]:
    """What points to a resource (subject, predicate), at most `limit`, for the page's "referred to by"."""
    if reader.embedded is not None:
        # The same rows read from the store's object index: the query cost more than the rest of a small page.
        import pyoxigraph as ox

        from diplograph.publish.reader import to_rdflib

        skipped = ox.NamedNode(SUB_NODE_LINKS[0])
        found = {
            (quad.predicate.value, quad.subject.value): (quad.predicate, quad.subject)
            for quad in reader.embedded.quads_for_pattern(None, None, ox.NamedNode(str(iri)))
            if isinstance(quad.subject, ox.NamedNode)
            and quad.predicate != skipped
            and not isinstance(quad.graph_name, ox.DefaultGraph)
        }
        ordered = [found[key] for key in sorted(found)][: int(limit)]
        return [{"s": to_rdflib(subject), "p": to_rdflib(predicate)} for predicate, subject in ordered]
    return _select(
        reader,
        f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p ?r FILTER(isIRI(?s) && ?p != <{SUB_NODE_LINKS[0]}>) }} "
        f"ORDER BY ?p ?s LIMIT {int(limit)}",
        {"r": iri},
    )


def event_instruments(reader: StoreReader, iri: URIRef) -> list[dict[str, Node]]:
    """The instruments concluded at an event or at one of its sub-events, with their kind and date."""
    return _select(
        reader,
        """SELECT DISTINCT ?instrument ?kind ?date WHERE {
  { ?instrument dg:concludedAt ?r } UNION { ?r dg:hasSubEvent+ ?sub . ?instrument dg:concludedAt ?sub }
  OPTIONAL { ?instrument a ?kind FILTER(STRSTARTS(STR(?kind), STR(dg:)) && ?kind != dg:Instrument) }
  OPTIONAL { ?instrument dg:dateConcluded ?date }
} ORDER BY ?instrument""",
        {"r": iri},
    )


def event_statements(reader: StoreReader, iri: URIRef) -> list[dict[str, Node]]:
    """The statements made at an event: who spoke, the speech act, what was said."""
    return _select(
        reader,
        """SELECT ?statement (GROUP_CONCAT(DISTINCT STR(?speaker); separator=" ") AS ?speakers)
       (SAMPLE(?act) AS ?speechAct) (SAMPLE(?content) AS ?text) WHERE {
  ?statement dg:madeAt ?r .
  OPTIONAL { ?statement dg:speaker ?speaker }
  OPTIONAL { ?statement dg:speechAct ?act }
  OPTIONAL { ?statement dg:content ?content }
} GROUP BY ?statement ORDER BY ?statement""",
        {"r": iri},
    )


def event_evidence(reader: StoreReader, iri: URIRef) -> list[dict[str, Node]]:
    """The sentences behind a meeting's statements, side events and instruments: the catalogue's `evidence` query."""
    return reader.select(re.sub(r"\?meeting\b", lambda _: term(iri), _evidence_query()))


@cache
def _evidence_query() -> str:
    from diplograph.store.catalogue import catalogue

    return catalogue()["evidence"].sparql


def state_partners(reader: StoreReader, iri: URIRef) -> list[dict[str, Node]]:
    """The states a state has met, with how many meetings, most first."""
    return _select(
        reader,
        """SELECT ?partner (COUNT(DISTINCT ?meeting) AS ?meetings) WHERE {
  ?meeting dg:betweenState ?r , ?partner . FILTER(?partner != ?r)
} GROUP BY ?partner ORDER BY DESC(?meetings) ?partner""",
        {"r": iri},
    )


def timeline(reader: StoreReader, iri: URIRef, limit: int = 500) -> list[dict[str, Node]]:
    """Dated events and instruments that involve a resource (a state, a person), in date order.

    Each way of involving the resource carries its own date patterns: written as one union of
    links joined with one union of dates, Oxigraph joined every dated item of the store with the
    links (150 ms for a state's page at 10k triples, against 5 ms this way).
    """
    dated = "{ ?item dg:date ?date } UNION { ?item dg:dateConcluded ?date }"
    return _select(
        reader,
        f"""SELECT DISTINCT ?item ?date ?how WHERE {{
  {{ ?item ?how ?r . FILTER(isIRI(?item)) {dated} }}
  UNION {{ ?part ?how ?r . ?item dg:hasParticipation ?part . FILTER(isIRI(?item)) {dated} }}
}} ORDER BY {SPARQL_DATE_SORT_KEY.format(var="?date")} ?item LIMIT {int(limit)}""",
        {"r": iri},
    )


def vocabulary_labels(reader: StoreReader) -> dict[Node, list[Literal]]:
    """The names of the ontology's classes and properties, for headings of facts in every language."""
    rows = _select(
        reader,
        f'SELECT ?s ?o WHERE {{ ?s rdfs:label ?o FILTER(STRSTARTS(STR(?s), "{DG}") && isLiteral(?o)) }}',
    )
    names: dict[Node, list[Literal]] = {}
    for row in sorted(rows, key=lambda r: (str(r["s"]), str(r["o"]))):
        names.setdefault(row["s"], []).append(row["o"])
    return names


def resources_under(reader: StoreReader, base: str) -> list[URIRef]:
    """Every IRI under the base that is the subject of a triple (the pages of a published site)."""
    rows = _select(reader, "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")
    return sorted(row["s"] for row in rows if str(row["s"]).startswith(base))


@dataclass(frozen=True)
class Credit:
    """A dataset that facts on a page come from, with its licence (CC BY asks that both be named)."""

    license: URIRef
    title: str
    source: URIRef | None = None
    repository: URIRef | None = None


_CREDITS = """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?g ?source ?license ?title ?repository WHERE {
  { VALUES ?g { GRAPHS } ?g prov:wasDerivedFrom ?source } UNION { ?r dg:reportedIn ?source }
  ?source dcterms:license ?license .
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source dcterms:source ?repository FILTER(isIRI(?repository)) }
}"""


def credits(reader: StoreReader, description: Description, derived: set[str], own: Credit) -> list[Credit]:
    """Whom to credit for the facts about a resource, and under which licence each came.

    A fact's named graph is credited to the licensed dataset it was derived from (every import says
    so of its graph with prov:wasDerivedFrom), and the resource to the licensed datasets it names as
    its source (dg:reportedIn). Facts in a graph no licensed dataset stands behind (the curated data,
    the reference states, the person links) are the project's own, credited as `own`; graphs the
    build derives (`derived`: conclusions of the reasoner, the build's records) credit nobody.
    """
    graphs = {g for s, _, _, g in description.quads if s == description.iri and g is not None and str(g) not in derived}
    if reader.embedded is not None:  # a built store does not change: what to credit is read once for every page
        rows = _credit_rows(reader, description, graphs)
    else:
        values = " ".join(term(g) for g in sorted(graphs, key=str) if isinstance(g, URIRef))
        rows = _select(reader, _CREDITS.replace("GRAPHS", values), {"r": description.iri})
    found: dict[URIRef, Credit] = {}
    licensed: set[Node] = set()
    for row in rows:
        licensed.add(row.get("g"))
        source = row["source"]
        if source not in found:
            title = str(row.get("title") or source)
            found[source] = Credit(row["license"], title, source, row.get("repository"))
    listed = sorted(found.values(), key=lambda c: c.title)
    return listed + [own] if graphs - licensed else listed


_LICENSED = """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?g ?source ?license ?title ?repository WHERE {
  { SELECT DISTINCT ?source WHERE { { ?x dg:reportedIn ?source } UNION { ?d prov:wasDerivedFrom ?source } } }
  ?source dcterms:license ?license .
  OPTIONAL { ?g prov:wasDerivedFrom ?source }
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source dcterms:source ?repository FILTER(isIRI(?repository)) }
}"""


def _credit_rows(reader: StoreReader, description: Description, graphs: set) -> list[dict[str, Node]]:
    """The rows `_CREDITS` gives for a description, from every licensed source read once per reader."""

    def index() -> tuple[dict[Node, dict[Node, None]], dict[Node, dict[str, Node]]]:
        by_graph: dict[Node, dict[Node, None]] = {}
        sources: dict[Node, dict[str, Node]] = {}
        for row in _select(reader, _LICENSED):
            sources.setdefault(row["source"], {k: v for k, v in row.items() if k != "g"})
            if "g" in row:
                by_graph.setdefault(row["g"], {})[row["source"]] = None
        return by_graph, sources

    by_graph, sources = reader.remembered("credits", index)
    reported = URIRef(DG + "reportedIn")
    rows = [{"g": g, **sources[source]} for g in sorted(graphs, key=str) for source in by_graph.get(g, ())]
    named = [o for s, p, o, _ in description.quads if s == description.iri and p == reported and o in sources]
    return rows + [sources[source] for source in dict.fromkeys(named)]
