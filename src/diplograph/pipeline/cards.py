"""Compile a meeting card (data/meetings/*.yaml) into the RDF a careful hand would write.

IRIs are minted by the README's conventions (id/meeting/<date>-<iso>-<iso>, pair codes sorted);
persons, posts, places, events and instruments already in the store are reused, matched by name,
label and date; a participant's post is proposed from the tenures the store holds and refused when
none covers the date, unless the card marks it `verify: true`. Every fault names the card's field
and line and says what to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF

from diplograph.namespaces import DEFAULT_BASE
from diplograph.pipeline.card_index import (
    ID,
    Person,
    StoreIndex,
    covering,
    fold,
    match_label,
    match_person,
    nearest,
)
from diplograph.pipeline.card_reader import CardError, CardProblem, field_name, line_of, load_card

DG = Namespace(DEFAULT_BASE + "ontology#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")

SIDE_EVENT_TYPES = {
    "signing ceremony": "SigningCeremony",
    "press conference": "PressConference",
    "working meal": "WorkingMeal",
}
EVENT_TYPES = {"multilateral event": "MultilateralEvent", "event": "DiplomaticEvent"}
INSTRUMENT_TYPES = {
    "treaty": "Treaty",
    "memorandum of cooperation": "MemorandumOfCooperation",
    "exchange of notes": "ExchangeOfNotes",
    "joint statement": "JointStatement",
    "cooperation framework": "CooperationFramework",
    "instrument": "Instrument",
}
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*min(?:utes?)?)?\s*$")


def iri(path: str) -> URIRef:
    """An instance IRI under the default base (id/<path>)."""
    return URIRef(ID + path)


def typed_date(value: Any) -> Literal:
    """A full, year-month or year date as xsd:date, xsd:gYearMonth or xsd:gYear."""
    text = str(value)
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(text)]
    return Literal(text, datatype=kind)


def parse_duration(text: str) -> str | None:
    """'45 min', '1 h 30 min' or PT45M as an xsd:duration; None if it reads as neither."""
    text = str(text).strip()
    if re.fullmatch(r"P(T(\d+H)?(\d+M)?)", text) and text != "PT":
        return text
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        return None
    hours, minutes = match.groups()
    return "PT" + (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")


_INTERVAL = re.compile(r"^\s*(?:every\s+)?(\d+)?\s*(year|month)s?\s*$", re.IGNORECASE)


def parse_interval(text: str) -> str | None:
    """'every year', 'every 2 years' or P2Y as an xsd:duration; None if it reads as neither."""
    text = str(text).strip()
    if re.fullmatch(r"P(\d+Y)?(\d+M)?", text) and text != "P":
        return text
    match = _INTERVAL.match(text)
    if not match:
        return None
    number, unit = match.groups()
    return f"P{int(number or 1)}{'Y' if unit.lower() == 'year' else 'M'}"


class CardCompiler:
    """One card, compiled against a store index into an rdflib graph."""

    def __init__(self, card: dict, index: StoreIndex, path: Path, hints: bool = True):
        self.card, self.index, self.path = card, index, path
        self.hints = hints
        """Whether a fault names the nearest labels of the graph: a build's first try at a card that may wait
        for another (load_cards) skips them, reading every label of the corpus's 3,000 meetings each time."""
        self.graph = Graph()
        self.problems: list[CardProblem] = []
        self.local: dict[str, URIRef] = {}
        """Ids defined in the card (places, events, visits, instruments, side events...) → their IRIs."""
        self.people: dict[str, tuple[URIRef, URIRef | None, URIRef]] = {}
        """Meeting participants by person IRI → (person, post, state)."""
        meeting = card["meeting"]
        self.date = str(meeting["date"])
        self.states = sorted(meeting["states"])
        self.pair = "-".join(s.lower() for s in self.states)
        self.meeting_slug = meeting.get("id") or f"{self.date}-{self.pair}"
        self.meeting = iri(f"meeting/{self.meeting_slug}")
        self.source = iri(f"source/{card['source']['id']}")
        self.lang = card["source"]["language"]

    # -- reporting ------------------------------------------------------------------------

    def fail(self, path: list[str | int], message: str) -> None:
        """Record a fault at `path` in the card."""
        self.problems.append(CardProblem(field_name(path), line_of(self.card, path), message))

    def add(self, s, p, o) -> None:
        """Add a triple, skipping it when the object is missing."""
        if o is not None:
            self.graph.add((s, p, o))

    def labels(self, subject: URIRef, value: Any) -> None:
        """rdfs:label in each language given (a bare string is in the source's language)."""
        if value is None:
            return
        for lang, text in value.items() if isinstance(value, dict) else [(self.lang, value)]:
            self.add(subject, RDFS.label, Literal(str(text), lang=lang))

    # -- resolving names ----------------------------------------------------------------------

    def concept(self, scheme: str, value: str, path: list[str | int]) -> URIRef | None:
        """A concept of a scheme by slug or label, with a 'did you mean' when it is misspelt."""
        candidates = self.index.concepts.get(scheme, {})
        found = match_label(candidates, str(value))
        if len(found) == 1:
            return iri(f"{scheme}/{found[0]}")
        hint = nearest(candidates, str(value))
        advice = (
            f"did you mean {' or '.join(hint)}?"
            if hint
            else f"use one of the {scheme} concepts of ontology/schemes.ttl"
        )
        self.fail(path, f"unknown {scheme} {value!r}: {advice}")
        return None

    def state(self, code: str) -> URIRef:
        """A state by its ISO code."""
        return iri(f"state/{code.upper()}")

    def person(self, name: str, path: list[str | int]) -> URIRef | None:
        """A person of the card or the graph, by id, name or a part of their name."""
        if name in self.local:
            return self.local[name]
        if name.startswith("person/"):
            return iri(name)
        people = dict(self.index.persons_named(name))
        for key, person in self.card_persons.items():
            people[key] = person
        matches, close = match_person(people, name, self.date)
        if not matches and people is not self.index.persons:
            matches, close = match_person(dict(self.index.persons) | self.card_persons, name, self.date)
        if len(matches) == 1:
            return URIRef(matches[0].iri)
        if matches:
            # A person the project's own data describes wins over namesakes that only imports describe
            # (the HSG visits name "Dina Boluarte"; the curated data holds her with her office).
            own = self.index.described_by_project([m.iri for m in matches])
            if len(own) == 1:
                return URIRef(own[0])
            if self.index.same_person([m.iri for m in matches]):  # one person in several sources: any IRI is theirs
                in_office = [m for m in matches if self.date and covering(m.tenures, self.date)]
                return URIRef(min(in_office or matches, key=lambda m: m.iri).iri)
            names = ", ".join(sorted(m.iri.rsplit("/", 1)[1] for m in matches))
            self.fail(path, f"{name!r} could be several persons ({names}): write more of the name or person/<id>")
            return None
        hint = f" (nearest in the graph: {'; '.join(close)})" if close else ""
        self.fail(
            path, f"unknown person {name!r}{hint}: check the spelling, or add them under persons: with their names"
        )
        return None

    @property
    def card_persons(self):
        """Persons the card itself introduces, in the index's form."""
        return {
            str(iri(f"person/{p['id']}")): Person(str(iri(f"person/{p['id']}")), _names(p))
            for p in self.card.get("persons") or []
        }

    def post(self, person: URIRef, name: str | None, path: list[str | int], verify: bool) -> URIRef | None:
        """The post a person held on the meeting's date: named, or proposed from the tenures in the graph."""
        held = self.index.person(str(person))
        held_posts = held.posts_on(self.date) if held else []
        if name is None:
            if len(held_posts) == 1:
                return URIRef(held_posts[0])
            what = "no tenure in the graph covers" if not held_posts else "several tenures cover"
            posts = f" ({', '.join(p.rsplit('/', 1)[1] for p in held_posts)})" if held_posts else ""
            self.fail(path, f"{what} {self.date} for {person.rsplit('/', 1)[1]}{posts}: give post: (and verify: true)")
            return None
        found = [p for p in ([name] if name.startswith("post/") else []) if ID + p in self.index.posts]
        found = [ID + p for p in found] or match_label({k: v[0] for k, v in self.index.posts.items()}, name)
        if not found:
            found = [k for k, (labels, _) in self.index.posts.items() if _post_words(name) <= _post_words(*labels)]
        if len(found) != 1:
            options = f" (nearest: {', '.join(nearest({k: v[0] for k, v in self.index.posts.items()}, name))})"
            self.fail(path, f"unknown or ambiguous post {name!r}{options}: name it by its label or post/<id>")
            return None
        if not (held and held.held_on(found[0], self.date)) and not verify:
            self.fail(
                path,
                f"no tenure in the graph has {person.rsplit('/', 1)[1]} as {found[0].rsplit('/', 1)[1]} "
                f"on {self.date}: "
                "check the person and the date, or add verify: true to record the post as 'to verify'",
            )
        return URIRef(found[0])

    def post_held(self, person: URIRef, post: URIRef) -> bool:
        """Whether a tenure of the graph has `person` in `post` on the meeting's date."""
        held = self.index.person(str(person))
        return bool(held and held.held_on(str(post), self.date))

    def reference(self, value: str, path: list[str | int]) -> URIRef | None:
        """Something the card refers to: a card id, an id path (relations/jp-pe/establishment) or a graph label."""
        if value == "meeting":
            return self.meeting
        if value in self.local:
            return self.local[value]
        if "/" in value:
            if self.index.exists(ID + value):
                return iri(value)
            self.fail(path, f"nothing in the graph is id/{value}: check the path")
            return None
        for kind in ("event", "visit", "place", "instrument", "meeting", "mechanism"):  # an id another file defined
            if self.index.exists(f"{ID}{kind}/{value}"):
                return iri(f"{kind}/{value}")
        found = match_label(self.index.labelled_as(value), value)
        if len(found) == 1:
            return URIRef(found[0])
        hint = nearest({k: set() for k in self.local} | self.index.labelled, value) if self.hints else []
        self.fail(
            path,
            f"unknown reference {value!r}{f' (did you mean {hint[0]}?)' if hint else ''}: "
            "use an id of this card or a label in the graph",
        )
        return None

    def check_duplicate(self) -> None:
        """A meeting already in the store (the same IRI, or the same day between the same states) is refused."""
        other = self.index.graph_of(str(self.meeting))
        if other:
            self.fail(
                ["meeting", "date"],
                f"{self.meeting_slug} is already in the graph ({other.rsplit('graph/', 1)[-1]}): "
                "edit that file, or give the meeting an id: if it is a second meeting that day",
            )
            return
        same_day = [
            m
            for m in self.index.meetings_on(self.date, [str(self.state(s)) for s in self.states])
            if m != str(self.meeting)
        ]
        if same_day:
            self.fail(
                ["meeting", "date"],
                f"the graph already has a meeting of {'/'.join(self.states)} on {self.date} "
                f"({same_day[0].rsplit('id/', 1)[-1]}): "
                "if it is the same meeting add to it; if not, give this one an id:",
            )


def _names(person: dict) -> set[str]:
    label = person["label"]
    names = set(label.values()) if isinstance(label, dict) else {label}
    if person.get("family") and person.get("given"):
        names.add(f"{person['given']} {person['family']}")
    return names


_POST_STOPWORDS = {"of", "the", "republic", "for", "de", "la", "du", "des", "le"}


def _post_words(*labels: str) -> set[str]:
    """The telling words of post labels ('President of Peru' ~ 'President of the Republic of Peru')."""
    return {w for label in labels for w in fold(label).split() if w not in _POST_STOPWORDS}


def compile_card(
    path: Path | str,
    store: ox.Store,
    exclude_graph: str | None = None,
    text: str | None = None,
    looked_up: set[str] | None = None,
    hints: bool = True,
) -> Graph:
    """Compile the card at `path` against what `store` holds (but `exclude_graph`, the card's own graph).

    The texts the card names things by label are added to `looked_up` (see `StoreIndex.looked_up`)."""
    from diplograph.pipeline.card_emit import emit

    path = Path(path)
    card = load_card(path, text)
    compiler = CardCompiler(card, StoreIndex(store, exclude_graph, looked_up), path, hints)
    emit(compiler)
    if compiler.problems:
        raise CardError(path, compiler.problems)
    return compiler.graph


def card_quads(
    path: Path, store: ox.Store, graph: str, looked_up: set[str] | None = None, hints: bool = True
) -> list[ox.Quad]:
    """The card's triples as quads of its named graph, for the build's load step."""
    compiled = compile_card(path, store, exclude_graph=graph, looked_up=looked_up, hints=hints)
    data = compiled.serialize(format="nt", encoding="utf-8")
    target = ox.NamedNode(graph)
    return [ox.Quad(t.subject, t.predicate, t.object, target) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


__all__ = ["CardCompiler", "CardError", "compile_card", "card_quads", "DG", "PROV", "RDF", "DCTERMS", "FOAF", "SCHEMA"]
