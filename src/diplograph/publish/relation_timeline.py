"""What a relation page draws: everything dated between two states, for the timeline, and their topics year by year.

The timeline (vis-timeline, vendored) is drawn in the browser from a JSON island the page carries;
each item has a kind (meeting, visit, instrument, mission, relations event), a finer class (the
meeting's level and format, the visit's level), its dates, its name and a link to its page. Names
stay text: the page's script puts them in `<bdi>` elements with `textContent`, never as markup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from diplograph.publish import describe as d
from diplograph.publish.describe import DG

KINDS = ("meeting", "visit", "instrument", "mission", "relations")
"""The timeline's groups, in the order they are drawn."""

KIND_COLOURS = {
    "meeting": "#4e79a7",
    "summit": "#e15759",
    "visit": "#f28e2b",
    "instrument": "#b07aa1",
    "mission": "#76b7b2",
    "relations": "#59a14f",
}
"""A colour per kind of item (summits apart from other meetings) on the timeline and the yearly chart."""

KIND_WORDS = {
    "en": {
        "meeting": "Meetings",
        "visit": "Visits",
        "instrument": "Instruments",
        "mission": "Missions",
        "relations": "Relations events",
        "summit": "summit",
        "ministerial": "ministerial",
        "other": "other level",
    },
    "fr": {
        "meeting": "Rencontres",
        "visit": "Visites",
        "instrument": "Instruments",
        "mission": "Missions",
        "relations": "Événements des relations",
        "summit": "sommet",
        "ministerial": "ministérielle",
        "other": "autre niveau",
    },
}


@dataclass
class Entry:
    """One dated (or undated) item between two states."""

    iri: Node
    kind: str
    date: str
    end: str = ""
    level: str = ""
    detail: Node | None = None

    @property
    def chart_kind(self) -> str:
        """The kind the yearly chart colours it by: summits stand apart from other meetings."""
        return "summit" if self.level == "summit" else self.kind


def _first(value: Node | None) -> str:
    return str(value) if value is not None else ""


def entries(reader: d.StoreReader, a: URIRef, b: URIRef) -> list[Entry]:
    """Every meeting, visit, bilateral instrument, mission and relations event between two states, by date."""
    sides = f"{a.n3()} , {b.n3()}"
    pair = f"VALUES (?one ?two) {{ ({a.n3()} {b.n3()}) ({b.n3()} {a.n3()}) }}"
    rows = reader.select(
        f"""SELECT ?x ?kind (SAMPLE(?when) AS ?date) (SAMPLE(?until) AS ?end) (MAX(?lv) AS ?level)
       (SAMPLE(?more) AS ?detail) WHERE {{
  {{ ?x a <{DG}Meeting> ; <{DG}betweenState> {sides} . BIND("meeting" AS ?kind)
     OPTIONAL {{ ?x <{DG}date> ?when }} OPTIONAL {{ ?x <{DG}endDate> ?until }}
     OPTIONAL {{ ?x <{DG}meetingFormat> ?more }}
     BIND(IF(EXISTS {{ ?x a <{DG}Summit> }}, "summit",
          IF(EXISTS {{ ?x a <{DG}MinisterialMeeting> }}, "ministerial", "other")) AS ?lv) }}
  UNION {{ {pair} ?x a <{DG}Visit> ; <{DG}hostState> ?one ; <{DG}visitingState> ?two . BIND("visit" AS ?kind)
     FILTER NOT EXISTS {{ ?x a <{DG}Meeting> }}
     OPTIONAL {{ ?x <{DG}startDate> ?start }} OPTIONAL {{ ?x <{DG}date> ?day }} BIND(COALESCE(?start, ?day) AS ?when)
     OPTIONAL {{ ?x <{DG}endDate> ?until }} OPTIONAL {{ ?x <{DG}visitLevel> ?more }} }}
  UNION {{ ?x <{DG}party> {sides} . BIND("instrument" AS ?kind) OPTIONAL {{ ?x <{DG}dateConcluded> ?when }}
     FILTER NOT EXISTS {{ ?x <{DG}party> ?third FILTER(?third NOT IN ({a.n3()}, {b.n3()})) }} }}
  UNION {{ {pair} ?x a <{DG}DiplomaticMission> ; <{DG}sendingState> ?one ; <{DG}receivingState> ?two .
     BIND("mission" AS ?kind) OPTIONAL {{ ?x <{DG}dateOpened> ?when }} OPTIONAL {{ ?x <{DG}dateEnded> ?until }}
     OPTIONAL {{ ?x <{DG}missionType> ?more }} }}
  UNION {{ ?x a <{DG}RelationsEvent> ; <{DG}betweenState> {sides} . BIND("relations" AS ?kind)
     OPTIONAL {{ ?x <{DG}date> ?when }} OPTIONAL {{ ?x <{DG}relationsChange> ?more }} }}
}} GROUP BY ?x ?kind"""
    )
    found = [
        Entry(
            row["x"],
            str(row["kind"]),
            _first(row.get("date")),
            _first(row.get("end")),
            _first(row.get("level")),
            row.get("detail"),
        )
        for row in rows
    ]
    return sorted(found, key=lambda e: (e.date or "9999", KINDS.index(e.kind), str(e.iri)))


def topic_grid(reader: d.StoreReader, a: URIRef, b: URIRef, limit: int = 12) -> dict[str, Any]:
    """The topics of the two states' meetings, visits and statements, year by year, as cells of an SVG grid."""
    # The items first, then their dates by OPTIONAL: a UNION of the two ways to a date was joined with every
    # dated resource of the store (140 ms a pair on the full build, against 2 ms).
    rows = reader.select(
        f"""SELECT ?topic ?year (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{ {{ ?x <{DG}betweenState> {a.n3()} , {b.n3()} }}
     UNION {{ ?m <{DG}betweenState> {a.n3()} , {b.n3()} . ?x <{DG}madeAt> ?m }} }} }}
  ?x <{DG}hasTopic> ?topic .
  OPTIONAL {{ ?x <{DG}date> ?own }}
  OPTIONAL {{ ?x <{DG}madeAt> ?m2 . ?m2 <{DG}date> ?at }}
  BIND(SUBSTR(STR(COALESCE(?own, ?at)), 1, 4) AS ?year)
}} GROUP BY ?topic ?year"""
    )
    by_topic: dict[Node, Counter] = defaultdict(Counter)
    for row in rows:
        if str(row.get("year", "")).isdigit():
            by_topic[row["topic"]][int(str(row["year"]))] += int(row["n"])
    if not by_topic:
        return {"topics": [], "years": [], "cells": []}
    ranked = sorted(by_topic, key=lambda t: (-sum(by_topic[t].values()), str(t)))[:limit]
    years = sorted({year for topic in ranked for year in by_topic[topic]})
    top = max(n for topic in ranked for n in by_topic[topic].values())
    cells = [
        {"row": i, "column": years.index(year), "n": n, "r": round(3 + 7 * (n / top) ** 0.5, 1), "year": year}
        for i, topic in enumerate(ranked)
        for year, n in sorted(by_topic[topic].items())
    ]
    return {"topics": ranked, "years": years, "cells": cells}
