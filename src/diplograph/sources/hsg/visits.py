"""The visits dataset: visits of foreign leaders to the United States, with the visitors' offices."""

from __future__ import annotations

import re
from collections.abc import Iterator

from diplograph.sources.emitter import RDF, RDFS, Emitter, date_range, typed_date
from diplograph.sources.hsg.describe import (
    attested_tenure,
    declare_resolved,
    event_problem,
    hsg_record,
    participate,
    post_for,
)
from diplograph.sources.hsg.reading import Sources
from diplograph.sources.hsg.states import StateRef, declare_state, resolve_state
from diplograph.sources.hsg.titles import Mention, parse_person, split_people
from diplograph.sources.report import DatasetReport, Problem

LEVELS = (
    (r"\bstate visit\b", "state"),
    (r"\bofficial working visit\b", "official-working"),
    (r"\boff?icial visit\b", "official"),
    (r"\bworking visit\b", "working"),
    (r"\bprivate visit\b", "private"),
    (r"\b(informal|unofficial) visit\b", "informal"),
    (r"\battend|\bfuneral\b|\bgeneral assembly\b|\bsummit\b|\bconference\b|\binaugurat|\bceremon", "attendance"),
)
"""How a description names a visit level, checked in order: the protocol level first, then attendance."""

LEVEL_WORDS = {
    "state": "State visit",
    "official-working": "Official working visit",
    "official": "Official visit",
    "working": "Working visit",
    "private": "Private visit",
    "informal": "Informal visit",
    "attendance": "Visit to attend an event",
}


def visit_level(description: str) -> str | None:
    """The level of a visit from its description: state, official, ..., attendance; None if not said."""
    lowered = description.lower()
    for pattern, level in LEVELS:
        if re.search(pattern, lowered):
            return level
    return None


def visit_mentions(visit: dict) -> list[Mention]:
    """The persons a visit's `visitor` names (usually one, sometimes "X and Y")."""
    found = []
    for piece in split_people(visit["visitor"]):
        mention = parse_person(piece)
        if mention is not None and mention.name:
            found.append(mention)
    return found


def visitors(sources: Sources) -> Iterator[tuple[dict, StateRef | None, list[Mention]]]:
    """Each visit with the state it comes from and the persons it names: what resolution and output both read."""
    for visit in sources.visits:
        yield visit, resolve_state(visit["country"], visit["label"], visit["start"]), visit_mentions(visit)


def add_mentions(sources: Sources) -> None:
    """Tell the person resolver about every visitor of a known state."""
    for visit, state, mentions in visitors(sources):
        if state is not None:
            for mention in mentions:
                sources.resolver.add_mention(state.key, mention, visit["start"])


def emit_visits(sources: Sources, out: Emitter, report: DatasetReport) -> None:
    """Each visit: a dg:Visit of the visitor's state to the US, with the visitor's participation."""
    us = resolve_state("united-states")
    for visit, state, mentions in visitors(sources):
        problem = event_problem(visit, state)
        if problem:
            report.skip(problem, Problem(visit["file"], visit["id"], problem))
            continue
        path = f"id/visit/hsg-visit-{visit['id']}"
        level = visit_level(visit["description"])
        label = (
            f"{LEVEL_WORDS[level] if level else 'Visit'} of {visit['visitor']} ({visit['label']}) to the "
            f"United States, {date_range(visit['start'], visit['end'])}"
        )
        out.add(path, RDF + "type", "dg:Visit")
        out.text(path, RDFS + "label", label)
        out.add(path, "dg:visitingState", declare_state(out, state))
        out.add(path, "dg:hostState", us.path)
        out.add(path, "dg:visitLevel", f"id/visit-level/{level}" if level else None)
        out.add(path, "dg:date", typed_date(visit["start"]))
        out.add(path, "dg:startDate", typed_date(visit["start"]))
        out.add(path, "dg:endDate", typed_date(visit["end"] or visit["start"]))
        out.text(path, RDFS + "comment", visit["description"])
        hsg_record(out, path, "visits", visit["id"])
        if not mentions:
            report.notes["visitor not parsed (kept in the label)"] += 1
        for n, mention in enumerate(mentions, start=1):
            person = sources.resolver.person_of(state.key, mention, visit["start"])
            if person is None:
                continue
            participation = f"id/participation/hsg-visit-{visit['id']}/{n}"
            post = post_for(out, state, mention.title)
            participate(out, path, participation, declare_resolved(out, person), post, state, "id/role/guest")
            out.text(participation, RDFS + "label", mention.text)
            if post:
                tenure = f"id/tenure/hsg-visit-{visit['id']}-{n}"
                attested_tenure(out, tenure, person.path, post, visit["start"], visit["end"], "visits")
        report.imported += 1
