"""A deterministic generator of realistic diplomatic graphs in the diplograph ontology, at any size.

The same sizes and seed always give the same triples. States are grouped in regions and meet mostly
within them (so communities exist), a few hub states meet far more often than others, persons hold
posts in sequential tenures, and each meeting has participations by office holders of the day,
topics from the project's topic scheme, statements, and (for some in-person meetings) a signing
ceremony with instruments, a press conference and a working meal as sub-events.

Use it three ways:

- `quads(sizes)`: the generated facts as pyoxigraph quads, one named graph per block of meetings;
- `write_store(path, sizes)`: a ready Oxigraph store (ontology and schemes included, plus the main
  classifications HermiT would infer, in graph/inferred) that `open_backend("oxigraph:PATH")` reads;
- `write_turtle(folder, sizes)`: Turtle files for `diplograph build --data FOLDER` (shape-valid).

    python bench/generator.py --states 120 --persons 3000 --meetings 2500 --store build/bench-store
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry
import pyoxigraph as ox

BASE = "https://w3id.org/diplograph/"
DG = BASE + "ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"

TOPICS = [
    "bilateral-relations", "friendship", "high-level-exchanges", "strategic-partnership", "people-to-people",
    "tourism", "diaspora", "culture", "security-defence", "economy-trade", "investment", "infrastructure",
    "development-cooperation", "disaster-prevention", "international-cooperation", "international-situation",
    "ukraine", "middle-east", "east-asia", "north-korea", "nuclear-disarmament", "latin-america",
    "public-health", "covid-19", "consular-assistance", "trade-agreements", "taxation", "natural-resources",
    "science-technology", "academic-exchange", "heritage",
]  # fmt: skip
"""Concepts of the project's topic scheme (ontology/schemes.ttl) that generated meetings discuss."""

ACTS = ["agree", "thank", "request", "express-support", "welcome", "confirm", "exchange-views", "invite"]
FORMATS = [("in-person", 0.7), ("telephone", 0.2), ("video", 0.1)]
POSTS = [
    ("head-of-state", "HeadOfStatePost", "Head of State of {}"),
    ("head-of-government", "HeadOfGovernmentPost", "Head of Government of {}"),
    ("minister-for-foreign-affairs", "MinisterialPost", "Minister for Foreign Affairs of {}"),
    ("minister-of-trade", "MinisterialPost", "Minister of Trade of {}"),
    ("minister-of-defence", "MinisterialPost", "Minister of Defence of {}"),
]
GIVEN = ["Ana", "Ben", "Chen", "Dina", "Emil", "Fatima", "Goro", "Hana", "Ivan", "Jun", "Kofi", "Lea", "Mateo", "Noor"]
FAMILY = ["Alvarez", "Baker", "Chowdhury", "Dubois", "Eto", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kim"]


@dataclass(frozen=True)
class Sizes:
    """How big a graph to make; the seed fixes every random choice."""

    states: int = 60
    persons: int = 600
    meetings: int = 500
    first_year: int = 1995
    last_year: int = 2025
    region_size: int = 12
    statements_per_meeting: int = 2
    meetings_per_graph: int = 500
    seed: int = 1


def _n(path: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + path)


def _dg(name: str) -> ox.NamedNode:
    return ox.NamedNode(DG + name)


def _date(day: dt.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def state_codes(count: int) -> list[tuple[str, str]]:
    """The first `count` ISO 3166-1 states by code, with their common names."""
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    return [(c.alpha_2, getattr(c, "common_name", c.name)) for c in countries[:count]]


class _Generator:
    def __init__(self, sizes: Sizes):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.out: list[ox.Quad] = []
        self.inferred: list[ox.Quad] = []
        self.graph = _n("graph/generated/reference")

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o, graph: ox.NamedNode | None = None) -> None:
        self.out.append(ox.Quad(s, p, o, graph or self.graph))

    def run(self) -> None:
        sizes, rng = self.sizes, self.rng
        self.states = state_codes(sizes.states)
        self.days = (dt.date(sizes.last_year, 12, 31) - dt.date(sizes.first_year, 1, 1)).days
        # Hubs: a state's activity follows a heavy tail; regions give communities.
        self.activity = [1.0 / (1 + rank) ** 0.8 for rank in range(len(self.states))]
        rng.shuffle(self.activity)
        self._states_and_posts()
        self._persons_and_tenures()
        source = _n("id/source/generated")
        self.add(source, RDF_TYPE, _dg("SourceDocument"))
        self.add(source, RDFS_LABEL, _en("Generated readouts (diplograph bench generator)"))
        self.add(source, ox.NamedNode(DCTERMS + "language"), ox.Literal("en"))
        self.source = source
        for number in range(sizes.meetings):
            self.graph = _n(f"graph/generated/meetings-{number // sizes.meetings_per_graph:04d}")
            self._meeting(number)

    def _states_and_posts(self) -> None:
        self.posts: dict[str, list[tuple[ox.NamedNode, str]]] = {}
        for code, name in self.states:
            state = _n(f"id/state/{code}")
            self.add(state, RDF_TYPE, _dg("State"))
            self.add(state, RDFS_LABEL, _en(name))
            self.add(state, ox.NamedNode(SKOS + "notation"), ox.Literal(code))
            self.posts[code] = []
            for slug, kind, label in POSTS:
                post = _n(f"id/post/{code.lower()}-{slug}")
                self.add(post, RDF_TYPE, _dg(kind))
                self.add(post, RDFS_LABEL, _en(label.format(name)))
                self.add(post, _dg("postOf"), state)
                self.posts[code].append((post, kind))

    def _persons_and_tenures(self) -> None:
        """Persons spread over states and posts, each post held in turn for equal spans of the period."""
        sizes, rng = self.sizes, self.rng
        per_post: dict[tuple[str, int], list[ox.NamedNode]] = {}
        for number in range(sizes.persons):
            code, _ = self.states[number % len(self.states)]
            post_index = (number // len(self.states)) % len(POSTS)
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            person = _n(f"id/person/gen-{number:06d}")
            self.add(person, RDF_TYPE, _dg("Person"))
            self.add(person, RDFS_LABEL, _en(f"{given} {family.upper()} ({code} {number})"))
            per_post.setdefault((code, post_index), []).append(person)
        self.holders: dict[tuple[str, int], list[tuple[dt.date, dt.date, ox.NamedNode]]] = {}
        start = dt.date(sizes.first_year, 1, 1)
        for (code, post_index), persons in per_post.items():
            span = self.days / len(persons)
            post = self.posts[code][post_index][0]
            for turn, person in enumerate(persons):
                begin = start + dt.timedelta(days=int(turn * span))
                end = start + dt.timedelta(days=int((turn + 1) * span) - 1)
                tenure = _n(f"id/tenure/{person.value.rsplit('/', 1)[1]}-{post_index}")
                self.add(tenure, RDF_TYPE, _dg("Tenure"))
                self.add(tenure, _dg("holder"), person)
                self.add(tenure, _dg("post"), post)
                self.add(tenure, _dg("startDate"), _date(begin))
                if turn < len(persons) - 1:
                    self.add(tenure, _dg("endDate"), _date(end))
                self.holders.setdefault((code, post_index), []).append((begin, end, person))

    def _holder(self, code: str, post_index: int, day: dt.date) -> ox.NamedNode | None:
        for begin, end, person in self.holders.get((code, post_index), []):
            if begin <= day <= end:
                return person
        terms = self.holders.get((code, post_index))
        return terms[-1][2] if terms else None

    def _pair(self) -> tuple[int, int]:
        rng, n = self.rng, len(self.states)
        a = rng.choices(range(n), weights=self.activity)[0]
        region = a // self.sizes.region_size
        while True:
            if rng.random() < 0.75:  # mostly within the region
                low = region * self.sizes.region_size
                candidates = range(low, min(n, low + self.sizes.region_size))
                b = rng.choices(candidates, weights=[self.activity[i] for i in candidates])[0]
            else:
                b = rng.choices(range(n), weights=self.activity)[0]
            if b != a:
                return a, b

    def _meeting(self, number: int) -> None:
        rng = self.rng
        a, b = self._pair()
        (code_a, name_a), (code_b, name_b) = sorted((self.states[a], self.states[b]))
        day = dt.date(self.sizes.first_year, 1, 1) + dt.timedelta(days=rng.randrange(self.days))
        meeting_format = rng.choices([f for f, _ in FORMATS], weights=[w for _, w in FORMATS])[0]
        level = rng.choices(["summit", "ministerial", "mixed"], weights=[0.35, 0.5, 0.15])[0]
        slug = f"{day.isoformat()}-{code_a.lower()}-{code_b.lower()}-{number}"
        meeting = _n(f"id/meeting/{slug}")
        kind = {"summit": "summit", "ministerial": "foreign ministers' meeting", "mixed": "meeting"}[level]
        how = {"in-person": "", "telephone": " telephone talk", "video": " video conference"}[meeting_format]
        self.add(meeting, RDF_TYPE, _dg("Meeting"))
        self.add(meeting, RDFS_LABEL, _en(f"{name_a}–{name_b} {kind}{how}, {day.isoformat()}"))
        self.add(meeting, _dg("date"), _date(day))
        self.add(meeting, _dg("meetingFormat"), _n(f"id/format/{meeting_format}"))
        self.add(meeting, _dg("reportedIn"), self.source)
        host = rng.choice((code_a, code_b))
        if meeting_format == "in-person":
            self.add(meeting, _dg("hostState"), _n(f"id/state/{host}"))
        topics = rng.sample(TOPICS, rng.randint(1, 5))
        for topic in topics:
            self.add(meeting, _dg("hasTopic"), _n(f"id/topic/{topic}"))
        leaders, speakers = 0, []
        for code in (code_a, code_b):
            state = _n(f"id/state/{code}")
            self.add(meeting, _dg("betweenState"), state)
            self.inferred.append(ox.Quad(meeting, _dg("participatingState"), state, _n("graph/inferred")))
            if level == "summit":
                posts = [rng.choice([0, 1])]
            elif level == "ministerial":
                posts = [2]
            else:
                posts = [rng.choice([0, 1]), rng.choice([2, 3, 4])]
            if rng.random() < 0.3:
                posts.append(rng.choice([2, 3, 4]))
            for post_index in dict.fromkeys(posts):
                person = self._holder(code, post_index, day)
                if person is None:
                    continue
                participation = _n(f"id/participation/{slug}/{person.value.rsplit('/', 1)[1]}")
                post, post_kind = self.posts[code][post_index]
                self.add(meeting, _dg("hasParticipation"), participation)
                self.add(participation, RDF_TYPE, _dg("Participation"))
                self.add(participation, _dg("participant"), person)
                self.add(participation, _dg("inCapacityOf"), post)
                self.add(participation, _dg("representsState"), state)
                role = "interlocutor" if meeting_format != "in-person" else ("host" if code == host else "guest")
                self.add(participation, _dg("hasRole"), _n(f"id/role/{role}"))
                self.inferred.append(ox.Quad(meeting, _dg("participatingPerson"), person, _n("graph/inferred")))
                if post_kind in ("HeadOfStatePost", "HeadOfGovernmentPost"):
                    leaders += 1
                    self.inferred.append(
                        ox.Quad(participation, RDF_TYPE, _dg("LeaderParticipation"), _n("graph/inferred"))
                    )
                else:
                    self.inferred.append(
                        ox.Quad(participation, RDF_TYPE, _dg("MinisterialParticipation"), _n("graph/inferred"))
                    )
                speakers.append((person, state))
        self.inferred.append(ox.Quad(meeting, RDF_TYPE, _dg("BilateralMeeting"), _n("graph/inferred")))
        if leaders >= 2:
            self.inferred.append(ox.Quad(meeting, RDF_TYPE, _dg("Summit"), _n("graph/inferred")))
        if leaders < len(speakers):
            self.inferred.append(ox.Quad(meeting, RDF_TYPE, _dg("MinisterialMeeting"), _n("graph/inferred")))
        for index in range(rng.randint(0, self.sizes.statements_per_meeting * 2)):
            if not speakers:
                break
            speaker, state = rng.choice(speakers)
            statement = _n(f"id/statement/{slug}/{index}")
            self.add(statement, RDF_TYPE, _dg("Statement"))
            self.add(statement, _dg("speaker"), speaker)
            self.add(statement, _dg("onBehalfOf"), state)
            self.add(statement, _dg("speechAct"), _n(f"id/act/{rng.choice(ACTS)}"))
            self.add(statement, _dg("madeAt"), meeting)
            self.add(statement, _dg("hasTopic"), _n(f"id/topic/{rng.choice(topics)}"))
            self.add(statement, _dg("content"), _en(f"statement {index} on {rng.choice(topics).replace('-', ' ')}"))
            self.add(statement, _dg("reportedIn"), self.source)
        if meeting_format == "in-person" and rng.random() < 0.3:
            self._sub_events(meeting, slug, day, code_a, code_b, name_a, name_b, topics)

    def _sub_events(self, meeting, slug, day, code_a, code_b, name_a, name_b, topics) -> None:
        rng = self.rng
        for kind, name in (("SigningCeremony", "signing"), ("PressConference", "press"), ("WorkingMeal", "lunch")):
            if name != "signing" and rng.random() < 0.5:
                continue
            event = _n(f"id/event/{slug}/{name}")
            self.add(meeting, _dg("hasSubEvent"), event)
            self.add(event, RDF_TYPE, _dg(kind))
            self.add(event, RDFS_LABEL, _en(f"{name} at the {name_a}–{name_b} meeting, {day.isoformat()}"))
            self.add(event, _dg("date"), _date(day))
            self.add(event, _dg("reportedIn"), self.source)
            if name == "signing":
                for index in range(rng.randint(1, 3)):
                    topic = rng.choice(topics)
                    instrument = _n(f"id/instrument/{slug}-{index}")
                    kind_name = rng.choice(["MemorandumOfCooperation", "Treaty", "ExchangeOfNotes", "JointStatement"])
                    self.add(instrument, RDF_TYPE, _dg(kind_name))
                    self.add(instrument, RDFS_LABEL, _en(f"{name_a}–{name_b} instrument on {topic.replace('-', ' ')}"))
                    self.add(instrument, _dg("party"), _n(f"id/state/{code_a}"))
                    self.add(instrument, _dg("party"), _n(f"id/state/{code_b}"))
                    self.add(instrument, _dg("concludedAt"), event)
                    self.add(instrument, _dg("dateConcluded"), _date(day))
                    self.add(instrument, _dg("hasTopic"), _n(f"id/topic/{topic}"))
                    self.add(instrument, _dg("reportedIn"), self.source)


def quads(sizes: Sizes, inferred: bool = False) -> list[ox.Quad]:
    """The generated facts (and, if asked, the main classifications HermiT would add) as quads."""
    generator = _Generator(sizes)
    generator.run()
    return generator.out + (generator.inferred if inferred else [])


def _ontology_quads(ontology_dir: Path) -> Iterator[ox.Quad]:
    for name, graph in (("diplograph.ttl", "graph/ontology"), ("schemes.ttl", "graph/schemes")):
        for triple in ox.parse(path=str(ontology_dir / name), format=ox.RdfFormat.TURTLE):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, _n(graph))


def write_store(path: Path, sizes: Sizes, ontology_dir: Path | None = None) -> int:
    """Write a ready Oxigraph store of the generated graph (with ontology, schemes and inferences); return its quads."""
    from diplograph.resources import ontology_dir as default_ontology_dir
    from diplograph.store.location import write_oxigraph

    everything = quads(sizes, inferred=True) + list(_ontology_quads(ontology_dir or default_ontology_dir()))
    write_oxigraph(Path(path), everything)
    return len(everything)


def write_turtle(folder: Path, sizes: Sizes) -> list[Path]:
    """Write the generated facts as Turtle files, one per named graph, for `diplograph build --data`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in quads(sizes):
        if quad.predicate == ox.NamedNode(SKOS + "notation") or quad.subject.value.startswith(BASE + "id/state/"):
            continue  # the build makes the states itself, from pycountry
        by_graph.setdefault(quad.graph_name.value, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    written = []
    for graph, triples in sorted(by_graph.items()):
        path = folder / (graph.rsplit("/", 1)[1] + ".ttl")
        prefixes = {"dg": DG, "id": BASE + "id/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": XSD}
        path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
        written.append(path)
    return written


def main() -> None:
    """Generate a graph from the command line into a store, Turtle files, or both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for field_name, default in Sizes().__dict__.items():
        parser.add_argument(f"--{field_name.replace('_', '-')}", type=int, default=default)
    parser.add_argument("--store", type=Path, help="write an Oxigraph store here")
    parser.add_argument("--turtle", type=Path, help="write Turtle files into this folder")
    args = parser.parse_args()
    sizes = Sizes(**{name: getattr(args, name) for name in Sizes().__dict__})
    if args.store:
        print(f"{write_store(args.store, sizes)} quads in {args.store}")
    if args.turtle:
        print(f"{len(write_turtle(args.turtle, sizes))} files in {args.turtle}")


if __name__ == "__main__":
    main()
