"""Persons across sources: one leader in Archigos, met by a US Secretary of State in HSG, in the IfG list and curated.

Run by `diplograph import all` after the importers, over what they wrote and the curated data.
Each person is known to a source by a name, the states it held office in or represented, and when:
tenures (Archigos, IfG, pocom, curated) and participations in dated events (HSG visits and travels).
Two persons of different sources are taken for one when

* their surnames agree (the last word of the label without accents and case, Archigos' short name
  such as "Chirac", or foaf:familyName for the curated persons), and their given names do not
  disagree (when both have one, the first given name is the same or one is the initial of the other);
* they are tied to the same state at overlapping times (a tenure containing the other's
  participation date, or two overlapping tenures).

A person with exactly one such candidate in another source is linked to it with owl:sameAs; a
person with several is left apart and reported as ambiguous. The links go to one named graph,
`graph/import/resolution/persons`, in `<imports>/resolution/persons.nq`: a decision on file, which
a rerun rewrites and which can be deleted without touching the imported data.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph.namespaces import DEFAULT_BASE
from diplograph.sources.emitter import Emitter, import_graph
from diplograph.store.location import write_atomically

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
TENURES = (
    PREFIXES
    + """SELECT ?person ?label ?alt ?family ?state ?start ?end WHERE {
  ?t a dg:Tenure ; dg:holder ?person ; dg:post ?post ; dg:startDate ?start .
  ?post dg:postOf ?state .
  OPTIONAL { ?t dg:endDate ?end }
  OPTIONAL { ?person rdfs:label ?label FILTER(LANG(?label) = "en") }
  OPTIONAL { ?person skos:altLabel ?alt }
  OPTIONAL { ?person foaf:familyName ?family }
}"""
)
PARTICIPATIONS = (
    PREFIXES
    + """SELECT ?person ?label ?alt ?state ?start WHERE {
  ?p dg:participant ?person ; dg:representsState ?state .
  ?event dg:hasParticipation ?p ; dg:date ?start .
  OPTIONAL { ?person rdfs:label ?label FILTER(LANG(?label) = "en") }
  OPTIONAL { ?person skos:altLabel ?alt }
}"""
)


def words(text: str) -> list[str]:
    """A name as lower-case ASCII words, without brackets, titles' punctuation or suffixes (Jr.)."""
    text = re.sub(r"\([^)]*\)", " ", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.findall(r"[a-z]+", ascii_text) if w not in {"jr", "sr", "ii", "iii", "sir", "dame", "lord"}]


@dataclass
class Known:
    """What one source says about one person: names, and (state, from, to) periods."""

    iri: str
    source: str
    names: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    periods: set[tuple[str, str, str]] = field(default_factory=set)

    def given(self) -> set[str]:
        """The first words of the full names (given names), for a check that they do not disagree."""
        return {words(n)[0] for n in self.names if len(words(n)) >= 2}


def source_of(iri: str) -> str:
    """Which source a person IRI comes from: archigos, ifg, hsg or curated."""
    path = iri.removeprefix(DEFAULT_BASE + "id/person/")
    first = path.split("/", 1)[0]
    return first if "/" in path else "curated"


def _day(value: str, end: bool = False) -> str:
    """A partial date as the first (or last) day it can mean, to compare periods."""
    value = value[:10]
    return value + ("-12-31" if end else "-01-01")[len(value) - 4 :] if len(value) < 10 else value


def gather(store: ox.Store) -> dict[str, Known]:
    """Every person with a name and a period, from tenures and dated participations."""
    found: dict[str, Known] = {}
    for query, has_end in ((TENURES, True), (PARTICIPATIONS, False)):
        for row in store.query(query, use_default_graph_as_union=True):
            iri = row["person"].value
            known = found.setdefault(iri, Known(iri, source_of(iri)))
            for key in ("label", "alt"):
                if row[key] is not None:
                    known.names.add(row[key].value)
                    if words(row[key].value):
                        known.surnames.add(words(row[key].value)[-1])
            if has_end and row["family"] is not None and words(row["family"].value):
                known.surnames.add(words(row["family"].value)[0])
            start = _day(row["start"].value)
            end = _day(row["end"].value, end=True) if has_end and row["end"] is not None else None
            known.periods.add((row["state"].value, start, end or (start if not has_end else "9999-12-31")))
    return found


def compatible(a: Known, b: Known) -> bool:
    """Same surname, no disagreeing given names, and the same state at overlapping times."""
    if not a.surnames & b.surnames:
        return False
    given_a, given_b = a.given(), b.given()
    if (
        given_a
        and given_b
        and not any(x[0] == y[0] and (x == y or 1 in (len(x), len(y))) for x in given_a for y in given_b)
    ):
        return False
    return any(
        sa == sb and start_a <= end_b and start_b <= end_a
        for sa, start_a, end_a in a.periods
        for sb, start_b, end_b in b.periods
    )


@dataclass
class Resolution:
    """What was linked and what was left ambiguous."""

    links: set[tuple[str, str]] = field(default_factory=set)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)


def resolve(found: dict[str, Known]) -> Resolution:
    """Link each person to the one compatible person of each other source; keep the ambiguous apart."""
    buckets: dict[str, list[Known]] = defaultdict(list)
    for known in found.values():
        for surname in known.surnames:
            buckets[surname].append(known)
    result = Resolution()
    for known in found.values():
        candidates: dict[str, set[str]] = defaultdict(set)
        for surname in known.surnames:
            for other in buckets[surname]:
                if other.source != known.source and compatible(known, other):
                    candidates[other.source].add(other.iri)
        for source, iris in candidates.items():
            if len(iris) == 1:
                result.links.add(tuple(sorted((known.iri, next(iter(iris))))))
            else:
                result.ambiguous[f"{known.iri} in {source}"] = sorted(iris)
    return result


def link_persons(imports_dir: Path, data_dir: Path) -> Resolution:
    """Read the imports and the curated data, resolve persons, write the owl:sameAs links; return them."""
    store = ox.Store()
    for path in sorted(Path(imports_dir).rglob("*.nq")):
        if path.parent.name != "resolution":
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    for path in sorted(Path(data_dir).rglob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:x-curated:" + path.name))
    result = resolve(gather(store))
    out = Emitter(import_graph("resolution", "persons"))
    for a, b in sorted(result.links):
        out.add(a, OWL_SAME_AS, b)
    target = Path(imports_dir) / "resolution" / "persons.nq"
    if out.quads:
        write_atomically(target, out.serialize())
    elif target.exists():
        target.unlink()
    return result
