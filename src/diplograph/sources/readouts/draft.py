"""`diplograph draft READOUT`: a first meeting card from a readout, each value with its evidence, TODOs for the rest."""

from __future__ import annotations

import argparse
import io
import re
import zoneinfo
from datetime import datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytz
from rich.console import Console
from ruamel.yaml import YAML

from diplograph.namespaces import slugify
from diplograph.pipeline.card_index import StoreIndex
from diplograph.pipeline.load import load_dataset
from diplograph.resources import data_dir, ontology_dir
from diplograph.sources.readouts import patterns
from diplograph.sources.readouts.extract import (
    Evidence,
    Found,
    Readout,
    add_unnamed_leader,
    clock,
    find_date,
    find_duration,
    find_instruments,
    find_participants,
    find_place,
    find_side_events,
    guess_language,
    publisher_state,
    read_text,
)
from diplograph.sources.readouts.gazetteer import Gazetteer
from diplograph.sources.readouts.statements import _key, find_statements

TODO = "TODO"


def utc_offset(state: str, date: str, time: str) -> str | None:
    """The UTC offset of a state's only time zone at that date and time; None if it has several."""
    zones = pytz.country_timezones.get(state.lower(), [])
    if len(zones) != 1:
        return None
    moment = datetime.fromisoformat(f"{date}T{time}").replace(tzinfo=zoneinfo.ZoneInfo(zones[0]))
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class Draft:
    """The card being drafted and the evidence of each of its values, by field path."""

    def __init__(self) -> None:
        self.card: dict[str, Any] = {"card": 1}
        self.evidence: dict[str, dict[str, Any]] = {}

    def put(self, record: dict, key: str, path: str, found: Found | None, todo: str | None = None) -> None:
        """Set `record[key]` from a found value and note its evidence; a TODO when nothing was found."""
        if found is not None:
            record[key] = found.value
            self.evidence[path] = found.evidence.as_card()
        elif todo is not None:
            record[key] = f"{TODO}: {todo}"


def draft_card(text: str, store: ox.Store, lang: str | None = None, url: str | None = None) -> dict[str, Any]:
    """Draft a card from the readout's text, against the persons, posts and topics `store` holds."""
    lang = lang or guess_language(text)
    readout = Readout(text, lang)
    gazetteer = Gazetteer(StoreIndex(store))
    d = Draft()
    date = find_date(readout)
    header = readout.sentence(date.evidence.start if date else 0)
    if not re.search(patterns.TIME, readout.text[header[0] : header[1]]):
        # A dateline ("Bogotá, 30 de julio de 2014.", "November 17, 2024") stands before the sentence
        # that gives the time and duration: the first of the next three that has a time.
        following = [s for s in readout.sentences if s[0] >= header[1]][:3]
        timed = [s for s in following if re.search(patterns.TIME, readout.text[s[0] : s[1]])]
        if timed or following:
            header = (header[0], (timed or following)[0][1])
    header_text = readout.text[header[0] : header[1]]
    participants = find_participants(readout, gazetteer, date.value if date else None, header)
    add_unnamed_leader(readout, gazetteer, participants, publisher_state(url), date.value if date else None)
    states = sorted({p.state for p in participants if p.state})

    source: dict[str, Any] = {"id": f"{TODO}: a slug for the source", "language": lang}
    if readout.sentences and readout.sentences[0][1] - readout.sentences[0][0] < 150:
        first = readout.sentences[0]
        source["title"] = readout.text[first[0] : first[1]]
        d.evidence["source.title"] = Evidence(source["title"], first[0], first[1], 0.7).as_card()
    if url:
        source["url"] = url
    if date:
        source["issued"] = date.value
    d.card["source"] = source

    meeting: dict[str, Any] = {}
    d.put(meeting, "date", "meeting.date", date, "the date of the meeting")
    first_time = re.search(patterns.TIME, header_text)
    if first_time:
        meeting["start"] = clock(first_time)
        d.evidence["meeting.start"] = Evidence(header_text, header[0], header[1], 0.8).as_card()
    lasted = find_duration(header_text, lang)
    if lasted:
        meeting["duration"], meeting["approximate"] = lasted[0], lasted[1]
        for field in ("duration", "approximate"):
            d.evidence[f"meeting.{field}"] = Evidence(header_text, header[0], header[1], 0.85).as_card()
    meeting_format = "in person"
    for name, pattern in patterns.FORMAT.items():
        hit = re.search(pattern, readout.text, re.IGNORECASE)
        if hit:
            meeting_format = name
            d.evidence["meeting.format"] = readout.evidence(hit.start(), 0.8).as_card()
            break
    else:
        d.evidence["meeting.format"] = Evidence(header_text, header[0], header[1], 0.5).as_card()
    meeting["format"] = meeting_format
    if meeting_format == "in person":
        meeting["place"] = f"{TODO}: the venue (an id under places: or a place of the graph)"
    meeting["states"] = states if len(states) >= 2 else [*states, f"{TODO}: ISO code"]
    if participants:
        d.evidence["meeting.states"] = readout.evidence(participants[0].mention, 0.8).as_card()
    visit = re.search(patterns.VISIT[lang], readout.text, re.IGNORECASE) or re.search(
        patterns.VISITING[lang], readout.text
    )
    visited = gazetteer.state_in(visit.group("place")) if visit else None
    host = visited if visited in states else None  # a third state visited: a meeting on the sidelines, no host
    if host:
        meeting["host"] = host
        d.evidence["meeting.host"] = readout.evidence(visit.start(), 0.8).as_card()
        if "level" in visit.groupdict():
            level = visit.group("level").lower().replace("’", "'")
            meeting["level"] = patterns.VISIT_LEVELS.get(level, level)
            d.evidence["meeting.level"] = readout.evidence(visit.start(), 0.7).as_card()
    elif meeting_format == "in person" and not visited:
        # "met in London", "à l'Élysée": a place of the graph in one of the two states is the venue and says the host.
        place = find_place(readout, gazetteer, states) if len(states) == 2 else None
        if place:
            meeting["place"], host = place[0], place[1]
            meeting["host"] = host
            for field in ("place", "host"):
                d.evidence[f"meeting.{field}"] = readout.evidence(place[2], 0.6).as_card()
        else:
            meeting["host"] = f"{TODO}: the host state's ISO code"
    offset_state = visited or (participants[0].state if participants else None)
    if "start" in meeting and offset_state and date:
        offset = utc_offset(offset_state, date.value, meeting["start"])
        if offset:
            meeting["utc_offset"] = offset
            d.evidence["meeting.utc_offset"] = d.evidence["meeting.start"] | {"confidence": 0.6}
        else:
            meeting["utc_offset"] = f"{TODO}: the UTC offset of the local time"
    d.card["meeting"] = meeting

    d.card["participants"] = []
    for i, participant in enumerate(participants):
        # The name as official lists write it (family name in capitals), else the first.
        names = sorted(participant.person.names, key=lambda n: (not re.search(r"\b[A-ZÁÉÍÓÚÑÜ]{3,}\b", n), n))
        entry: dict[str, Any] = {"person": names[0]}
        if participant.post is None:
            entry["post"] = f"{TODO}: no single tenure in the graph covers the date"
        entry["role"] = _role(participant.state, host, meeting_format)
        d.card["participants"].append(entry)
        d.evidence[f"participants[{i}].person"] = readout.evidence(participant.mention, 0.85).as_card()
        d.evidence[f"participants[{i}].role"] = readout.evidence(participant.mention, 0.5).as_card()

    sides = []
    for position, event in enumerate(find_side_events(readout), 1):
        kind = event["type"].value
        record: dict[str, Any] = {"id": kind.replace(" ", "-"), "type": kind, "position": position}
        if kind == "welcome ceremony":
            record.update({"type": "event", "kind": "welcome-ceremony"})
        record["label"] = patterns.SIDE_EVENT_LABELS[kind][lang]
        if kind == "signing ceremony":
            record["role"] = "witness"
        for field in ("start", "duration", "approximate"):
            if field in event:
                record[field] = event[field].value
        record["evidence"] = event["type"].evidence.as_card()
        sides.append(record)
    if sides:
        d.card["side_events"] = sides

    instruments = []
    for i, found in enumerate(find_instruments(readout, date.value if date else None)):
        record = {"id": f"{TODO}-instrument-{i + 1}", "type": found["type"].value, "label": found["label"].value}
        for field in ("concluded_at", "conclusion", "date"):
            if field in found:
                record[field] = found[field].value
        if "date" not in record:
            record["date"] = f"{TODO}: when it was concluded (YYYY, YYYY-MM or YYYY-MM-DD)"
        record["topics"] = gazetteer.topics_in(found["label"].value) or [f"{TODO}: topic"]
        record["evidence"] = found["type"].evidence.as_card()
        instruments.append(record)
    if instruments:
        d.card["instruments"] = instruments

    statements = find_statements(readout, participants, gazetteer, skip={header})
    keys = [_key(p) for p in participants]
    cards = []
    for i, statement in enumerate(statements):
        speaker = slugify(statement.speakers[0]) if statement.speakers else "todo"
        ident = f"{speaker}-{statement.act}-{i + 1}"
        answered = cards[statement.answers]["id"] if statement.answers is not None else None
        cards.append(statement.as_card(ident, answered))
    if cards:
        d.card["statements"] = cards
    meeting["topics"] = sorted({t for s in statements for t in s.topics}) or [f"{TODO}: topics"]
    _ = keys
    d.card["evidence"] = d.evidence
    return d.card


def _role(state: str | None, host: str | None, meeting_format: str) -> str:
    if meeting_format != "in person" or host is None:
        return "interlocutor"
    return "host" if state == host else "guest"


def write_card(card: dict[str, Any]) -> str:
    """The card as YAML, with a header saying it is a draft to review."""
    yaml = YAML()
    yaml.width = 4096
    buffer = io.StringIO()
    yaml.dump(card, buffer)
    head = "# Draft card written by `diplograph draft`: review every value against its evidence, replace each TODO,\n"
    head += "# then `diplograph add` it. The evidence: section maps each field to the sentence it was read from.\n"
    return head + buffer.getvalue()


def context_store(store_path: Path | None) -> ox.Store:
    """The built store if there is one (imports included), else the data files loaded in memory."""
    if store_path is not None and store_path.is_dir():
        return ox.Store.read_only(str(store_path))
    store, _ = load_dataset(ontology_dir(), data_dir())
    return store


def run(args: argparse.Namespace, console: Console) -> int:
    """`diplograph draft`: draft the card and print or write it."""
    errors = Console(stderr=True)
    if not args.readout.is_file():
        errors.print(f"[bold red]error:[/] {args.readout}: no such file", highlight=False)
        return 1
    card = draft_card(read_text(args.readout), context_store(args.store), args.lang, args.url)
    if args.no_text:
        _drop_sentences(card)
    text = write_card(card)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        todos = text.count(f"'{TODO}") + text.count(f" {TODO}-")
        console.print(f"wrote {args.out}: {todos} TODOs to resolve", highlight=False)
    else:
        print(text, end="")
    return 0


def _drop_sentences(node: Any) -> None:
    """Remove the sentences from every evidence of a draft, keeping spans and digests (selectors into the source)."""
    if isinstance(node, dict):
        if {"start", "end", "sha256"} <= set(node):
            node.pop("text", None)
        for value in node.values():
            _drop_sentences(value)
    elif isinstance(node, list):
        for value in node:
            _drop_sentences(value)
