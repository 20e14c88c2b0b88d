"""Writing one named graph of an import: the `Emitter` collects triples and serialises them as sorted N-Quads.

Every importer writes through an Emitter so that its output has the same guarantees: no blank
nodes, IRIs given as paths under the default base (`id/visit/x`, expanded on output, mapped to the
configured base by the build), one line per quad, sorted and without duplicates, so the same input
gives the same bytes. The date helpers type a date as precisely as a source gives it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from diplograph.namespaces import DEFAULT_BASE, DG, GRAPH

ID = DEFAULT_BASE + "id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"


def import_graph(source: str, dataset: str) -> str:
    """The named graph of one imported dataset, `graph/import/<source>/<dataset>` (default base)."""
    return f"{GRAPH}import/{source}/{dataset}"


def node(value: str) -> ox.NamedNode:
    """Expand `id/...` to the default base, `dg:x` to the ontology, and keep full IRIs as they are."""
    if value.startswith("id/"):
        return ox.NamedNode(DEFAULT_BASE + value)
    if value.startswith("dg:"):
        return ox.NamedNode(str(DG) + value[3:])
    return ox.NamedNode(value)


class Emitter:
    """Collect the triples of one named graph; subjects, predicates and IRI objects are paths or IRIs.

    `add` takes an IRI (a string) or a literal as object and ignores None and "", so optional fields
    need no `if`; `text` adds a language-tagged literal. `first_time(key)` is true once per key and
    lets a shared description (a state, a post) be written once however often it is used.
    """

    def __init__(self, graph: str) -> None:
        self.graph = ox.NamedNode(graph)
        self.quads: set[ox.Quad] = set()
        self._seen: set[str] = set()

    node = staticmethod(node)

    def add(self, subject: str, predicate: str, obj: str | ox.Literal | None) -> None:
        """Add a triple; a string object is an IRI, a Literal is a literal, None or "" adds nothing."""
        if obj is None or obj == "":
            return
        term = obj if isinstance(obj, ox.Literal) else node(obj)
        self.quads.add(ox.Quad(node(subject), node(predicate), term, self.graph))

    def text(self, subject: str, predicate: str, value: str, lang: str | None = "en") -> None:
        """Add a text literal (English unless told otherwise); empty text adds nothing."""
        if value:
            self.add(subject, predicate, ox.Literal(value, language=lang) if lang else ox.Literal(value))

    def first_time(self, key: str) -> bool:
        """True the first time a key is seen by this emitter: describe a shared resource only once."""
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def serialize(self) -> bytes:
        """N-Quads, one line per quad, sorted and without duplicates: the same input gives the same bytes."""
        return serialize_quads(self.quads)


def serialize_quads(quads: Iterable[ox.Quad]) -> bytes:
    """Sorted, duplicate-free N-Quads of some quads (empty bytes for none)."""
    quads = list(quads)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""
    lines = sorted(set(data.decode("utf-8").splitlines()))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


#################################################################
# Provenance
#################################################################


@dataclass(frozen=True)
class DatasetInfo:
    """Where one imported dataset comes from: written as a dg:SourceDocument, in the graph and in the sidecar.

    `source` is the path of the dg:SourceDocument (`id/source/hsg-visits`) that imported resources
    point to with dg:reportedIn; `repository` the page or repository of the data (dct:source);
    `licence` its licence IRI (CC0, CC BY: credited in VoID/DCAT and on each resource's page);
    `commit` the version read, when known (a git commit or a release date).
    """

    source: str
    title: str
    label: str
    repository: str
    licence: str
    publisher: str
    publisher_label: str
    graph_label: str
    commit: str | None = None
    language: str = "en"


def describe_source(out: Emitter, info: DatasetInfo, of_graph: bool = True) -> None:
    """Say where a graph comes from: the source document, its repository, version, licence and publisher.

    With `of_graph`, the graph itself is also described (prov:wasDerivedFrom the source, its licence
    and label); without, only the source document, for a graph that merely cites another dataset.
    """
    source = info.source
    out.add(source, RDF + "type", "dg:SourceDocument")
    out.text(source, RDFS + "label", info.label)
    out.text(source, DCT + "title", info.title)
    out.add(source, DCT + "language", ox.Literal(info.language))
    out.add(source, "dg:documentStatus", "id/document-status/dataset")
    out.add(source, DCT + "publisher", info.publisher)
    out.add(source, DCT + "license", info.licence)
    out.add(source, DCT + "source", info.repository)
    if info.commit:
        out.add(source, DCT + "hasVersion", ox.Literal(info.commit))
        out.add(source, PROV + "wasDerivedFrom", f"{info.repository}/tree/{info.commit}")
    out.add(info.publisher, RDF + "type", FOAF + "Organization")
    out.text(info.publisher, RDFS + "label", info.publisher_label)
    if not of_graph:
        return
    graph = out.graph.value
    out.add(graph, PROV + "wasDerivedFrom", source)
    out.add(graph, DCT + "license", info.licence)
    out.text(graph, RDFS + "label", info.graph_label)


def record(out: Emitter, subject: str, source: str, record_id: str) -> None:
    """Make a resource traceable: its record id in the source (dct:identifier) and the source that reports it."""
    out.add(subject, DCT + "identifier", ox.Literal(record_id))
    out.add(subject, "dg:reportedIn", source)


#################################################################
# Dates
#################################################################

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def typed_date(value: str) -> ox.Literal | None:
    """Type a date as precisely as it is given: xsd:date, xsd:gYearMonth or xsd:gYear; None if unreadable."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
        if re.fullmatch(r"\d{4}-\d{2}", value) and 1 <= int(value[5:]) <= 12:
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYearMonth"))
        if re.fullmatch(r"\d{4}", value):
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear"))
    except ValueError:
        return None
    return None


def is_day(value: str) -> bool:
    """Whether a text is a readable day (xsd:date), as events need."""
    found = typed_date(value)
    return found is not None and found.datatype.value == XSD + "date"


def human_date(value: str) -> str:
    """Write 2020-01-07 as 7 January 2020 (and 1827-05 as May 1827) for labels."""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return value


def date_range(start: str, end: str) -> str:
    """A short label for a period of days: 1–3 February 2025, 30 January – 2 February 2025."""
    if not end or end == start:
        return human_date(start)
    a, b = human_date(start).split(" ", 1), human_date(end).split(" ", 1)
    if a[1] == b[1]:
        return f"{a[0]}–{b[0]} {b[1]}"
    if start[:4] == end[:4]:
        return f"{a[0]} {a[1][:-5]} – {human_date(end)}"
    return f"{human_date(start)} – {human_date(end)}"
