"""What a meeting card may refer to: the persons, posts, tenures, places, concepts and meetings already in a store.

A card names things the way a readout does ("President BOLUARTE", "tourism"); the compiler turns
those names into the IRIs the graph already holds, so that nothing is minted twice. The index reads
them from any pyoxigraph store (the build's working store, or the built store for `diplograph add`)
with a handful of SPARQL queries over the union of its graphs.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from diplograph.namespaces import DEFAULT_BASE, IMPORT_GRAPHS, INFERRED_GRAPH, META_GRAPH

DG = DEFAULT_BASE + "ontology#"
ID = DEFAULT_BASE + "id/"
SCHEMES = (
    "topic",
    "act",
    "format",
    "role",
    "visit-level",
    "document-status",
    "event-status",
    "event-kind",
    "conclusion-mode",
    "instrument-status",
    "mechanism-kind",
)
"""The SKOS schemes a card names concepts from, by the path segment of their IRIs (id/topic/…)."""

SAME_AS_PATH = "(<http://www.w3.org/2002/07/owl#sameAs>|^<http://www.w3.org/2002/07/owl#sameAs>)*"
"""One person under all their IRIs: the owl:sameAs links between sources, followed either way."""

LABELLED_TYPES = (
    "Place",
    "DiplomaticEvent",
    "Instrument",
    "Visit",
    "MultilateralEvent",
    "Meeting",
    "RelationsEvent",
    "EstablishmentOfRelations",
    "DiasporaCommunity",
)
"""The classes (of dg:) whose members a card may name by label (`StoreIndex.labelled_as`)."""

_PREFIXES = f"PREFIX dg: <{DG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
_PREFIXES += "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation: the form names are compared in."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text))


@dataclass
class Person:
    """A person of the graph with the names they go by and the offices they held."""

    iri: str
    names: set[str] = field(default_factory=set)
    tenures: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(post IRI, start date, end date or None), as ISO strings, of the tenures held under this IRI."""
    shared_tenures: list[tuple[str, str, str | None]] = field(default_factory=list)
    """The tenures other sources give the same person under another IRI (owl:sameAs): IfG, Archigos, pocom."""

    def tokens(self) -> set[str]:
        """Every word of every name, folded."""
        return {token for name in self.names for token in fold(name).split()}

    def posts_on(self, date: str) -> list[str]:
        """The posts a tenure of this person covers on `date`: their own, or else those other sources give them.

        A curated tenure is taken over the imported ones when it covers the date, so a prime minister
        is proposed as such and not also as the First Lord of the Treasury the IfG lists beside.
        """
        return covering(self.tenures, date) or covering(self.shared_tenures, date)

    def held_on(self, post: str, date: str) -> bool:
        """Whether a tenure of this person in any source covers `date` in `post`."""
        return post in covering(self.tenures + self.shared_tenures, date)


def covering(tenures: list[tuple[str, str, str | None]], date: str) -> list[str]:
    """The posts of the tenures that cover `date`, once each; dates of different precision are compared cut
    to the coarser of the two (a tenure ending in 2024 covers 2024-06-01), as the shapes compare them."""

    def cut(a: str, b: str) -> tuple[str, str]:
        n = min(len(a), len(b))
        return a[:n], b[:n]

    found = [
        post
        for post, start, end in tenures
        if cut(start, date)[0] <= cut(start, date)[1] and (end is None or cut(date, end)[0] <= cut(date, end)[1])
    ]
    return list(dict.fromkeys(found))


class StoreIndex:
    """Look-ups against a store, each query run once and kept."""

    def __init__(self, store: ox.Store, exclude_graph: str | None = None, looked_up: set[str] | None = None):
        self.store = store
        self.exclude_graph = exclude_graph
        self.looked_up = looked_up if looked_up is not None else set()
        """The texts looked up by label (`labelled_as`), lower-cased: a rebuild compares label edits with them."""
        self.skipped = {str(INFERRED_GRAPH), str(META_GRAPH)} | ({exclude_graph} if exclude_graph else set())
        self.known: dict[str, Person] = {}
        self._named: dict[str, dict[str, Person]] = {}
        """Persons by the longest word of a name they were looked up by (see `prefetch`)."""
        """The card's own graph and what the build derives: not things the card may refer to."""

    def _select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT over the union of the graphs (but the excluded one); values as plain strings."""
        results = self.store.query(_PREFIXES + query, use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in results]

    def described_by_project(self, iris: list[str]) -> list[str]:
        """Those of `iris` that a graph of the project's own (not an import) describes."""
        values = " ".join(f"<{iri}>" for iri in iris)
        query = (
            f"SELECT DISTINCT ?p WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?p ?x ?y }} "
            f'FILTER(!STRSTARTS(STR(?g), "{IMPORT_GRAPHS}")) }}'
        )
        return sorted(row["p"] for row in self._select(query))

    def same_person(self, iris: list[str]) -> bool:
        """Whether these IRIs all name one person (linked by owl:sameAs, as `import all` links the sources)."""
        first, *rest = iris
        rows = self._select(f"SELECT DISTINCT ?o WHERE {{ {ox.NamedNode(first)} {SAME_AS_PATH} ?o }}")
        return set(rest) <= {row["o"] for row in rows}

    _PERSON_NAMES = (
        "SELECT ?p ?name WHERE { ?p a dg:Person . { ?p rdfs:label ?name } UNION "
        "{ ?p foaf:familyName ?f ; foaf:givenName ?g BIND(CONCAT(?g, ' ', ?f) AS ?name) } FILTER_HERE }"
    )

    def _people(self, condition: str = "", labels_only: bool = False) -> dict[str, Person]:
        """Persons with their names and tenures, all of them or those whose names meet `condition`."""
        found: dict[str, Person] = {}
        query = self._PERSON_NAMES.replace("FILTER_HERE", condition)
        if labels_only:  # the quick path: the labels alone
            # Persons first, then their labels: half the time of filtering every label of the store (35,000 with
            # the HSG import) and then keeping the persons'.
            query = f"SELECT ?p ?name WHERE {{ ?p a dg:Person . ?p rdfs:label ?name . {condition} }}"
        for row in self._select(query):
            found.setdefault(row["p"], Person(row["p"])).names.add(row["name"])
        if found:
            values = " ".join(str(ox.NamedNode(iri)) for iri in found)
            # The tenures of the person and of the same person in other sources (owl:sameAs either way).
            for row in self._select(
                f"SELECT ?p ?h ?post ?start ?end WHERE {{ VALUES ?p {{ {values} }} ?p {SAME_AS_PATH} ?h . "
                "?t dg:holder ?h ; dg:post ?post . "
                "OPTIONAL { ?t dg:startDate ?start } OPTIONAL { ?t dg:endDate ?end } }"
            ):
                tenure = (row["post"], row.get("start", "0000"), row.get("end"))
                person = found[row["p"]]
                (person.tenures if row["h"] == row["p"] else person.shared_tenures).append(tenure)
        self.known.update(found)
        return found

    @cached_property
    def persons(self) -> dict[str, Person]:
        """Every dg:Person with its names and tenures (the drafting gazetteer, and a card's typo hints)."""
        return self._people()

    def persons_named(self, name: str) -> dict[str, Person]:
        """The persons one of whose names holds the longest word of `name` (one quick query, not the whole list)."""
        word = _longest_word(name)
        if word is None:
            return self.persons
        if word not in self._named:
            self.prefetch([name])
        return self._named[word] or self._people(f"FILTER(CONTAINS(LCASE(STR(?name)), {ox.Literal(word)}))")

    def prefetch(self, names: list[str]) -> None:
        """Look up the persons of several names in one pass over the persons' labels, not one pass a name."""
        words = sorted({w for w in map(_longest_word, names) if w is not None and w not in self._named})
        if not words:
            return
        either = " || ".join(f"CONTAINS(LCASE(STR(?name)), {ox.Literal(w)})" for w in words)
        found = self._people(f"FILTER({either})", labels_only=True)
        for word in words:
            self._named[word] = {
                iri: person for iri, person in found.items() if any(word in n.lower() for n in person.names)
            }

    def person(self, iri: str) -> Person | None:
        """One person already looked up (with their tenures), or looked up now."""
        if iri not in self.known:
            self._people(f"FILTER(?p = {ox.NamedNode(iri)})")
        return self.known.get(iri)

    @cached_property
    def posts(self) -> dict[str, tuple[set[str], str | None]]:
        """Every post: its labels and the state it belongs to."""
        found: dict[str, tuple[set[str], str | None]] = {}
        for row in self._select(
            "SELECT ?post ?label ?state WHERE { ?post dg:postOf ?state OPTIONAL { ?post rdfs:label ?label } }"
        ):
            labels, _ = found.setdefault(row["post"], (set(), row.get("state")))
            if "label" in row:
                labels.add(row["label"])
        return found

    def post_state(self, post: str) -> str | None:
        """The state a post belongs to (one small query; `posts` reads all 1,600 posts of the HSG import)."""
        if "posts" in self.__dict__:
            return self.posts.get(post, (set(), None))[1]
        rows = self._select(f"SELECT ?state WHERE {{ {ox.NamedNode(post)} dg:postOf ?state }} LIMIT 1")
        return rows[0]["state"] if rows else None

    @cached_property
    def places(self) -> list[tuple[str, str]]:
        """(label, ISO code) of every place that lies in a state (where a drafted meeting may be said to be)."""
        rows = self._select("SELECT ?label ?state WHERE { ?x a dg:Place ; rdfs:label ?label ; dg:inState ?state }")
        return sorted({(row["label"], row["state"].rsplit("/", 1)[1]) for row in rows})

    _LABELLED_TYPES = (
        f"VALUES ?type {{ {' '.join('dg:' + t for t in LABELLED_TYPES)} }} ?x a ?type ; rdfs:label ?label ."
    )

    @cached_property
    def labelled(self) -> dict[str, set[str]]:
        """Places, events, visits and instruments by IRI, with their labels (for 'did you mean')."""
        found: dict[str, set[str]] = {}
        for row in self._select(f"SELECT ?x ?label WHERE {{ {self._LABELLED_TYPES} }}"):
            found.setdefault(row["x"], set()).add(row["label"])
        return found

    def labelled_as(self, text: str) -> dict[str, set[str]]:
        """The places, events, visits and instruments one of whose labels is `text` (case aside)."""
        found: dict[str, set[str]] = {}
        self.looked_up.add(text.lower())
        wanted = ox.Literal(text.lower())
        for row in self._select(
            f"SELECT ?x ?label WHERE {{ {self._LABELLED_TYPES} FILTER(LCASE(STR(?label)) = {wanted}) }}"
        ):
            found.setdefault(row["x"], set()).add(row["label"])
        return found

    @cached_property
    def concepts(self) -> dict[str, dict[str, set[str]]]:
        """The concepts of each scheme a card uses: slug → labels (preferred and alternative)."""
        found: dict[str, dict[str, set[str]]] = {scheme: {} for scheme in SCHEMES}
        for row in self._select(
            "SELECT ?c ?label WHERE { ?c a skos:Concept . OPTIONAL { ?c skos:prefLabel|skos:altLabel ?label } }"
        ):
            rest = row["c"][len(ID) :] if row["c"].startswith(ID) else ""
            scheme, _, slug = rest.partition("/")
            if scheme in found and slug:
                found[scheme].setdefault(slug, set()).update({row["label"]} if "label" in row else set())
        return found

    def exists(self, iri: str) -> bool:
        """Whether a graph of the sources says anything about `iri`: the build's inferences do not count, since a
        full build compiles the cards before it reasons, and a rebuild still holds the previous build's (which
        may speak of a meeting the edit removed). The other look-ups read nothing the rules infer (rules.py)."""
        return any(
            quad.graph_name.value not in self.skipped
            for quad in self.store.quads_for_pattern(ox.NamedNode(iri), None, None)
            if isinstance(quad.graph_name, ox.NamedNode)
        )

    def is_instrument(self, iri: str) -> bool:
        """Whether the store types `iri` as an instrument (any subclass of dg:Instrument)."""
        query = f"ASK {{ {ox.NamedNode(iri)} a ?kind . ?kind rdfs:subClassOf* dg:Instrument }}"
        return bool(self.store.query(_PREFIXES + query, use_default_graph_as_union=True))

    def graph_of(self, iri: str) -> str | None:
        """The named graph that types `iri` (to say where a duplicate lives)."""
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        for quad in self.store.quads_for_pattern(ox.NamedNode(iri), rdf_type, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value not in self.skipped:
                return quad.graph_name.value
        return None

    def meetings_on(self, date: str, states: list[str]) -> list[str]:
        """Meetings on `date` between all of `states` (IRIs), whatever their IRI says."""
        clauses = " ".join(f"?m dg:betweenState {ox.NamedNode(s)} ." for s in states)
        rows = self._select(
            f"SELECT DISTINCT ?m WHERE {{ ?m a dg:Meeting ; dg:date ?d . {clauses} "
            f"FILTER(STR(?d) = {ox.Literal(date)}) }}"
        )
        return [row["m"] for row in rows]


def _longest_word(name: str) -> str | None:
    """The word of a name a person is looked up by (None when it is too short to narrow the search)."""
    words = sorted(re.findall(r"\w+", name.lower()), key=len, reverse=True)
    return words[0] if words and len(words[0]) >= 3 else None


def match_person(people: dict[str, Person], name: str, date: str | None) -> tuple[list[Person], list[str]]:
    """Persons whose names hold every word of `name`; if several, those in office on `date` first.

    Returns the matches and, when there are none, the names that come closest (to suggest).
    """
    wanted = set(fold(name).split())
    matches = [p for p in people.values() if wanted and wanted <= p.tokens()]
    if len(matches) > 1 and date:
        in_office = [p for p in matches if p.posts_on(date)]
        matches = in_office or matches
    if matches:
        return matches, []
    every = {n: p for p in people.values() for n in p.names}
    return [], difflib.get_close_matches(name, list(every), n=3, cutoff=0.5)


def match_label(candidates: dict[str, set[str]], text: str) -> list[str]:
    """Keys whose slug or one of whose labels equals `text` once folded."""
    wanted = fold(text)
    return [
        key
        for key, labels in candidates.items()
        if fold(key.rsplit("/", 1)[-1]) == wanted or wanted in {fold(lab) for lab in labels}
    ]


def nearest(candidates: dict[str, set[str]], text: str) -> list[str]:
    """The slugs or labels nearest to a misspelt `text`, for 'did you mean'."""
    names = {fold(key.rsplit("/", 1)[-1]): key.rsplit("/", 1)[-1] for key in candidates}
    for key, labels in candidates.items():
        names.update({fold(label): key.rsplit("/", 1)[-1] for label in labels})
    close = difflib.get_close_matches(fold(text), list(names), n=3, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))
