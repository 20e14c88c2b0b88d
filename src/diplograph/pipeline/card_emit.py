"""Write a card's sections as triples, in the shapes the hand-written meeting files use."""

from __future__ import annotations

import hashlib
from typing import Any

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from diplograph.pipeline.card_index import fold
from diplograph.pipeline.card_reader import text_digest
from diplograph.pipeline.cards import (
    DG,
    EVENT_TYPES,
    INSTRUMENT_TYPES,
    PROV,
    SCHEMA,
    SIDE_EVENT_TYPES,
    CardCompiler,
    iri,
    parse_duration,
    parse_interval,
    typed_date,
)


def emit(c: CardCompiler) -> None:
    """Compile every section of the card into `c.graph`, recording faults in `c.problems`."""
    card = c.card
    c.index.prefetch(_named_persons(card))
    c.check_duplicate()
    _declare_ids(c)
    _sources(c, card["source"], ["source"])
    for publisher in card.get("publishers") or []:
        node = iri(f"publisher/{publisher['id']}")
        c.add(node, RDF.type, FOAF.Organization)
        c.labels(node, publisher["label"])
    for person in card.get("persons") or []:
        node = iri(f"person/{person['id']}")
        c.add(node, RDF.type, DG.Person)
        c.labels(node, person["label"])
        if person.get("family"):
            c.add(node, FOAF.familyName, Literal(person["family"]))
        if person.get("given"):
            c.add(node, FOAF.givenName, Literal(person["given"]))
    for i, place in enumerate(card.get("places") or []):
        node = c.local[place["id"]]
        c.add(node, RDF.type, DG.Place)
        c.labels(node, place["label"])
        if place.get("within"):
            c.add(node, SCHEMA.containedInPlace, c.reference(place["within"], ["places", i, "within"]))
        c.add(node, DG.inState, c.state(place["state"]))
    for i, mechanism in enumerate(card.get("mechanisms") or []):
        _mechanism(c, mechanism, ["mechanisms", i])
    for i, event in enumerate(card.get("events") or []):
        _event(c, event, ["events", i])
    for i, visit in enumerate(card.get("visits") or []):
        _visit(c, visit, ["visits", i])
    _meeting(c)
    for i, side in enumerate(card.get("side_events") or []):
        _side_event(c, side, ["side_events", i])
    for i, instrument in enumerate(card.get("instruments") or []):
        _instrument(c, instrument, ["instruments", i])
    for i, figure in enumerate(card.get("figures") or []):
        if "diaspora" in figure:
            _diaspora(c, figure["diaspora"], ["figures", i, "diaspora"])
    for i, statement in enumerate(card.get("statements") or []):
        _statement(c, statement, ["statements", i])


def _named_persons(card: dict) -> list[str]:
    """The names of the persons a card's participant lists give, to look them all up at once."""
    entries = list(card.get("participants") or [])
    for section in ("side_events", "visits"):
        for item in card.get(section) or []:
            entries += item.get("participants") or []
    return [
        str(e["person"]) for e in entries if isinstance(e, dict) and e.get("person") and "/" not in str(e["person"])
    ]


def _declare_ids(c: CardCompiler) -> None:
    """Mint the IRI of every resource the card defines, so that sections may refer to one another."""
    card = c.card
    kinds = [("places", "place"), ("events", "event"), ("visits", "visit"), ("persons", "person")]
    kinds += [("mechanisms", "mechanism"), ("side_events", None), ("instruments", None)]
    first: dict[str, str] = {}
    for section, kind in kinds:
        for i, item in enumerate(card.get(section) or []):
            if item["id"] in first:
                c.fail(
                    [section, i, "id"],
                    f"the id {item['id']!r} is already used in {first[item['id']]}: ids of a card must differ",
                )
            first.setdefault(item["id"], section)
            if section == "side_events":
                c.local[item["id"]] = iri(f"event/{c.meeting_slug}/{item['id']}")
            elif section == "instruments":
                parties = "-".join(s.lower() for s in sorted(item.get("parties") or c.states))
                c.local[item["id"]] = iri(f"instrument/{item.get('date') or c.date}-{parties}-{item['id']}")
            else:
                c.local[item["id"]] = iri(f"{kind}/{item['id']}")
    for figure in card.get("figures") or []:
        if "diaspora" in figure:
            d = figure["diaspora"]
            c.local[f"{d['origin'].lower()}-in-{d['in'].lower()}"] = iri(
                f"diaspora/{d['origin'].lower()}-in-{d['in'].lower()}"
            )


def _sources(c: CardCompiler, source: dict, path: list) -> URIRef:
    node = iri(f"source/{source['id']}")
    c.add(node, RDF.type, DG.SourceDocument)
    lang = source["language"]
    label = source.get("label") or source.get("title")
    if label is not None:
        for code, text in label.items() if isinstance(label, dict) else [(lang, label)]:
            c.add(node, RDFS.label, Literal(str(text), lang=code))
    if source.get("title"):
        c.add(node, DCTERMS.title, Literal(source["title"], lang=lang))
    c.add(node, DCTERMS.language, Literal(lang))
    if source.get("issued"):
        c.add(node, DCTERMS.issued, typed_date(source["issued"]))
    if source.get("publisher"):
        c.add(node, DCTERMS.publisher, iri(f"publisher/{source['publisher']}"))
    if source.get("rights"):
        c.add(node, DCTERMS.rights, Literal(source["rights"]))
    if source.get("url"):
        c.add(node, SCHEMA.url, URIRef(source["url"]))
    if source.get("status"):
        c.add(node, DG.documentStatus, c.concept("document-status", source["status"], path + ["status"]))
    if source.get("translation_of"):
        c.add(node, DG.translationOf, _sources(c, source["translation_of"], path + ["translation_of"]))
    return node


def _topics(c: CardCompiler, node: URIRef, topics: list | None, path: list) -> None:
    for j, topic in enumerate(topics or []):
        c.add(node, DG.hasTopic, c.concept("topic", topic, path + ["topics", j]))


def _event(c: CardCompiler, event: dict, path: list) -> None:
    node = c.local[event["id"]]
    kind = EVENT_TYPES.get(str(event.get("type", "event")).lower())
    if kind is None:
        c.fail(path + ["type"], f"unknown event type {event['type']!r}: use one of {', '.join(EVENT_TYPES)}")
        return
    c.add(node, RDF.type, DG[kind])
    c.labels(node, event["label"])
    if event.get("host"):
        c.add(node, DG.hostState, c.state(event["host"]))
    if event.get("date"):
        c.add(node, DG.date, typed_date(event["date"]))
    if event.get("occasion"):
        c.add(node, DG.onOccasionOf, c.reference(event["occasion"], path + ["occasion"]))
    if event.get("kind"):
        c.add(node, DG.eventKind, c.concept("event-kind", event["kind"], path + ["kind"]))
    _status(c, node, event, path)
    _topics(c, node, event.get("topics"), path)
    _evidence(c, node, event.get("evidence"), path)
    c.add(node, DG.reportedIn, c.source)


def _participation(
    c: CardCompiler, owner: URIRef, slug: str, entry: dict, path: list, role: str | None = None
) -> URIRef | None:
    """A participation node of `owner` (id/participation/<slug>/<person>) for one participant entry."""
    if "person" not in entry:
        return _unnamed_participation(c, owner, slug, entry, path, role)
    person = c.person(entry["person"], path + ["person"])
    if person is None:
        return None
    post = c.post(person, entry.get("post"), path + ["post"], bool(entry.get("verify")))
    state = entry.get("state")
    state_iri = c.state(state) if state else None
    if state_iri is None and post is not None:
        owner_state = c.index.post_state(str(post))
        state_iri = URIRef(owner_state) if owner_state else None
    if state_iri is None:
        c.fail(path, "the state this participant represents is unknown: add state: with its ISO code")
    node = iri(f"participation/{slug}/{person.rsplit('/', 1)[1]}")
    c.add(owner, DG.hasParticipation, node)
    c.add(node, RDF.type, DG.Participation)
    c.add(node, DG.participant, person)
    c.add(node, DG.inCapacityOf, post)
    if entry.get("verify") and post is not None and not c.post_held(person, post):
        c.add(node, DG.toVerify, Literal(True))  # the source's word only: no tenure covers the date (yet)
    c.add(node, DG.representsState, state_iri)
    role_name = role or entry.get("role")
    if role_name:
        c.add(node, DG.hasRole, c.concept("role", role_name, path + ["role"]))
    _count(c, node, entry)
    if owner == c.meeting:
        c.people[str(person)] = (person, post, state_iri)
    return node


def _unnamed_participation(
    c: CardCompiler, owner: URIRef, slug: str, entry: dict, path: list, role: str | None
) -> URIRef:
    """Someone the readout does not name ('about 80 business leaders'): a description, a state, a count."""
    description = entry["description"]
    text = description if isinstance(description, str) else next(iter(description.values()))
    key = entry.get("id") or "-".join(fold(text).split())[:60]
    node = iri(f"participation/{slug}/{key}")
    c.add(owner, DG.hasParticipation, node)
    c.add(node, RDF.type, DG.Participation)
    for lang, words in description.items() if isinstance(description, dict) else [(c.lang, description)]:
        c.add(node, DG.participantDescription, Literal(str(words), lang=lang))
    c.add(node, DG.representsState, c.state(entry["state"]))
    if entry.get("post"):
        c.fail(path + ["post"], "a post needs a named person (a tenure is checked): put the office in description:")
    role_name = role or entry.get("role")
    if role_name:
        c.add(node, DG.hasRole, c.concept("role", role_name, path + ["role"]))
    _count(c, node, entry)
    return node


def _count(c: CardCompiler, node: URIRef, entry: dict) -> None:
    """How many people a participation stands for, and whether the number is approximate."""
    if entry.get("count") is not None:
        c.add(node, DG.participantCount, Literal(int(entry["count"])))  # xsd:integer, as the shape asks
    if "approximate" in entry:
        c.add(node, DG.approximate, Literal(bool(entry["approximate"])))


def _mechanism(c: CardCompiler, mechanism: dict, path: list) -> None:
    """A standing mechanism (a 2+2, a partnership council, regular summits) between the states."""
    node = c.local[mechanism["id"]]
    c.add(node, RDF.type, DG.StandingMechanism)
    c.labels(node, mechanism["label"])
    c.add(node, DG.mechanismKind, c.concept("mechanism-kind", mechanism["kind"], path + ["kind"]))
    for state in mechanism.get("states") or c.states:
        c.add(node, DG.betweenState, c.state(state))
    if mechanism.get("frequency"):
        interval = parse_interval(mechanism["frequency"])
        if interval is None:
            c.fail(
                path + ["frequency"],
                f"cannot read the frequency {mechanism['frequency']!r}: write 'every year', 'every 2 years' or P2Y",
            )
        c.add(node, DG.frequency, Literal(interval, datatype=XSD.duration) if interval else None)
    if mechanism.get("established_by"):
        c.add(node, DG.establishedBy, c.reference(mechanism["established_by"], path + ["established_by"]))
    _evidence(c, node, mechanism.get("evidence"), path)
    c.add(node, DG.reportedIn, c.source)


def _visit(c: CardCompiler, visit: dict, path: list) -> None:
    node = c.local[visit["id"]]
    c.add(node, RDF.type, DG.Visit)
    c.labels(node, visit.get("label"))
    c.add(node, DG.visitingState, c.state(visit["visitor"]))
    c.add(node, DG.hostState, c.state(visit["host"]))
    if visit.get("level"):
        c.add(node, DG.visitLevel, c.concept("visit-level", visit["level"], path + ["level"]))
    if "first" in visit:
        c.add(node, DG.firstVisit, Literal(bool(visit["first"])))
    if visit.get("date"):
        c.add(node, DG.date, typed_date(visit["date"]))
    if visit.get("occasion"):
        c.add(node, DG.onOccasionOf, c.reference(visit["occasion"], path + ["occasion"]))
    for j, entry in enumerate(visit.get("participants") or []):
        _participation(c, node, visit["id"], entry, path + ["participants", j])
    for j, sub in enumerate(visit.get("sub_events") or []):
        c.add(node, DG.hasSubEvent, c.reference(sub, path + ["sub_events", j]))
    _status(c, node, visit, path)
    _evidence(c, node, visit.get("evidence"), path)
    c.add(node, DG.reportedIn, c.source)


def _status(c: CardCompiler, node: URIRef, record: dict, path: list) -> None:
    """Whether an event was planned, postponed or cancelled, and what was held in its place."""
    if record.get("status"):
        c.add(node, DG.eventStatus, c.concept("event-status", record["status"], path + ["status"]))
    if record.get("replaced_by"):
        c.add(node, DG.replacedBy, c.reference(record["replaced_by"], path + ["replaced_by"]))


def _meeting(c: CardCompiler) -> None:
    meeting, node = c.card["meeting"], c.meeting
    c.add(node, RDF.type, DG.Meeting)
    c.labels(node, meeting.get("label"))
    c.add(node, DG.date, typed_date(c.date))
    _times(c, node, meeting, ["meeting"])
    if meeting.get("format"):
        c.add(node, DG.meetingFormat, c.concept("format", meeting["format"], ["meeting", "format"]))
    if meeting.get("place"):
        c.add(node, DG.atPlace, c.reference(meeting["place"], ["meeting", "place"]))
    for state in c.states:
        c.add(node, DG.betweenState, c.state(state))
    if meeting.get("host"):
        c.add(node, DG.hostState, c.state(meeting["host"]))
    if meeting.get("occasion"):
        c.add(node, DG.onOccasionOf, c.reference(meeting["occasion"], ["meeting", "occasion"]))
    if meeting.get("status"):
        c.add(node, DG.eventStatus, c.concept("event-status", meeting["status"], ["meeting", "status"]))
    if meeting.get("session_of"):
        c.add(node, DG.sessionOf, c.reference(meeting["session_of"], ["meeting", "session_of"]))
    for j, entry in enumerate(c.card["participants"]):
        _participation(c, node, c.meeting_slug, entry, ["participants", j])
    _topics(c, node, meeting.get("topics"), ["meeting"])
    _evidence(c, node, meeting.get("evidence"), ["meeting"])
    c.add(node, DG.reportedIn, c.source)


def _times(c: CardCompiler, node: URIRef, record: dict, path: list) -> None:
    """Start time (local, with the meeting's offset), duration and the approximate flag."""
    if record.get("start"):
        offset = c.card["meeting"].get("utc_offset")
        if not offset:
            c.fail(["meeting", "utc_offset"], "a start time needs the meeting's utc_offset (e.g. +09:00)")
        else:
            hours, minutes = str(record["start"]).split(":")
            stamp = f"{c.date}T{int(hours):02d}:{minutes}:00{offset}"
            c.add(node, DG.startTime, Literal(stamp, datatype=XSD.dateTime))
    if record.get("duration"):
        duration = parse_duration(record["duration"])
        if duration is None:
            c.fail(
                path + ["duration"], f"cannot read the duration {record['duration']!r}: write '45 min' or '1 h 30 min'"
            )
        else:
            c.add(node, DG.duration, Literal(duration, datatype=XSD.duration))
    if "approximate" in record:
        c.add(node, DG.approximate, Literal(bool(record["approximate"])))


def _side_event(c: CardCompiler, side: dict, path: list) -> None:
    node = c.local[side["id"]]
    kind = SIDE_EVENT_TYPES.get(str(side["type"]).lower()) or EVENT_TYPES.get(str(side["type"]).lower())
    if kind is None:
        c.fail(
            path + ["type"],
            f"unknown side event type {side['type']!r}: use one of {', '.join(SIDE_EVENT_TYPES)} or event",
        )
        return
    c.add(node, RDF.type, DG[kind])
    c.labels(node, side.get("label"))
    c.add(node, DG.date, typed_date(c.date))
    _times(c, node, side, path)
    place = c.card["meeting"].get("place")
    if place:
        c.add(node, DG.atPlace, c.reference(place, ["meeting", "place"]))
    c.add(c.meeting, DG.hasSubEvent, node)
    _order(c, node, side, path)
    if side.get("kind"):
        c.add(node, DG.eventKind, c.concept("event-kind", side["kind"], path + ["kind"]))
    slug = f"{c.meeting_slug}/{side['id']}"
    entries = side.get("participants")
    if entries is None:  # inherited from the meeting
        for j, entry in enumerate(c.card["participants"]):
            _participation(c, node, slug, entry, ["participants", j], role=side.get("role"))
    else:
        for j, entry in enumerate(entries):
            _participation(c, node, slug, entry, path + ["participants", j], role=side.get("role"))
    _evidence(c, node, side.get("evidence"), path)
    c.add(node, DG.reportedIn, c.source)


def _order(c: CardCompiler, node: URIRef, record: dict, path: list) -> None:
    """dg:position (the rank the source gives) and dg:precedes (`before:` another id of the card)."""
    if record.get("position"):
        c.add(node, DG.position, Literal(int(record["position"]), datatype=XSD.positiveInteger))
    for j, later in enumerate(record.get("before") or []):
        c.add(node, DG.precedes, c.reference(later, path + ["before", j]))


def _instrument(c: CardCompiler, instrument: dict, path: list) -> None:
    node = c.local[instrument["id"]]
    kind = INSTRUMENT_TYPES.get(str(instrument["type"]).lower())
    if kind is None:
        c.fail(
            path + ["type"], f"unknown instrument type {instrument['type']!r}: use one of {', '.join(INSTRUMENT_TYPES)}"
        )
        return
    c.add(node, RDF.type, DG[kind])
    c.labels(node, instrument["label"])
    for state in instrument.get("parties") or c.states:
        c.add(node, DG.party, c.state(state))
    if instrument.get("valid_from"):
        c.add(node, DG.startDate, typed_date(instrument["valid_from"]))
    if instrument.get("valid_to"):
        c.add(node, DG.endDate, typed_date(instrument["valid_to"]))
    if instrument.get("concluded_at"):
        c.add(node, DG.concludedAt, c.reference(instrument["concluded_at"], path + ["concluded_at"]))
    if instrument.get("conclusion"):
        c.add(node, DG.conclusionMode, c.concept("conclusion-mode", instrument["conclusion"], path + ["conclusion"]))
    if instrument.get("status"):
        c.add(node, DG.instrumentStatus, c.concept("instrument-status", instrument["status"], path + ["status"]))
    if instrument.get("date"):
        c.add(node, DG.dateConcluded, typed_date(instrument["date"]))
    elif instrument.get("concluded_at") in ["meeting", *(side["id"] for side in c.card.get("side_events") or [])]:
        c.add(node, DG.dateConcluded, typed_date(c.date))  # concluded at this meeting: its date
    _topics(c, node, instrument.get("topics"), path)
    _evidence(c, node, instrument.get("evidence"), path)
    c.add(node, DG.reportedIn, c.source)


def _diaspora(c: CardCompiler, figure: dict, path: list) -> None:
    node = c.local[f"{figure['origin'].lower()}-in-{figure['in'].lower()}"]
    c.add(node, RDF.type, DG.DiasporaCommunity)
    c.labels(node, figure.get("label"))
    c.add(node, DG.originState, c.state(figure["origin"]))
    c.add(node, DG.inState, c.state(figure["in"]))
    c.add(node, DG.estimatedSize, Literal(int(figure["size"])))
    if "approximate" in figure:
        c.add(node, DG.approximate, Literal(bool(figure["approximate"])))
    _evidence(c, node, figure.get("evidence"), path)
    c.add(node, DG.reportedIn, c.source)


def _speakers(c: CardCompiler, value: Any, path: list) -> list[URIRef]:
    names = value if isinstance(value, list) else [value]
    if names == ["both"] or names == ["all"]:
        return [person for person, _, _ in c.people.values()]
    found = []
    for j, name in enumerate(names):
        local = [p for key, (p, _, _) in c.people.items() if _names_match(c, p, name)]
        person = local[0] if len(local) == 1 else c.person(name, path + ([j] if isinstance(value, list) else []))
        if person is not None:
            found.append(person)
    return found


def _names_match(c: CardCompiler, person: URIRef, name: str) -> bool:
    """Whether `name` names this meeting participant (speakers are usually given by family name only)."""
    known = c.index.person(str(person)) or c.card_persons.get(str(person))
    return bool(known) and set(fold(name).split()) <= known.tokens()


def _statement(c: CardCompiler, statement: dict, path: list) -> None:
    node = iri(f"statement/{c.meeting_slug}/{statement['id']}")
    c.local.setdefault(statement["id"], node)
    c.add(node, RDF.type, DG.Statement)
    speakers = _speakers(c, statement["speaker"], path + ["speaker"])
    for person in speakers:
        c.add(node, DG.speaker, person)
        state = c.people.get(str(person), (None, None, None))[2]
        if state is None:
            c.fail(
                path + ["speaker"],
                f"{person.rsplit('/', 1)[1]} is not a participant of the meeting: add them under participants:",
            )
        c.add(node, DG.onBehalfOf, state)
    for j, target in enumerate(statement.get("to") or []):
        if len(target) == 2 and target.isupper():
            c.add(node, DG.addressee, c.state(target))
        else:
            found = _speakers(c, target, path + ["to", j])
            for person in found:
                c.add(node, DG.addressee, person)
    acts = statement["act"] if isinstance(statement["act"], list) else [statement["act"]]
    for act in acts:
        c.add(node, DG.speechAct, c.concept("act", act, path + ["act"]))
    c.add(node, DG.madeAt, c.meeting)
    _order(c, node, statement, path)
    if statement.get("within"):
        c.add(node, DG.withinFramework, _framework(c, statement["within"], path + ["within"]))
    for j, ref in enumerate(statement.get("refers_to") or []):
        c.add(node, DG.refersTo, c.reference(ref, path + ["refers_to", j]))
    if statement.get("answers"):
        answered = statement["answers"]
        target = c.local.get(answered)
        if target is None:
            c.fail(
                path + ["answers"],
                f"no earlier statement has the id {answered!r}: answers: names a statement above this one",
            )
        c.add(node, DG.respondsTo, target)
    _topics(c, node, statement.get("topics"), path)
    if statement.get("content"):
        c.add(node, DG.content, Literal(statement["content"], lang=c.lang))
    _evidence(c, node, statement.get("evidence"), path)
    c.add(node, DG.reportedIn, c.source)


def _framework(c: CardCompiler, within: str, path: list) -> URIRef | None:
    """What `within:` names: a cooperation framework (an instrument), never an event, a visit or a place.

    dg:withinFramework ranges over cooperation frameworks, which are instruments; an event there makes the data
    contradict itself (events and instruments are disjoint), which only HermiT would otherwise find."""
    framework = next((i for i in c.card.get("instruments") or [] if i["id"] == within), None)
    if framework is not None and str(framework["type"]).lower() != "cooperation framework":
        # dg:withinFramework ranges over frameworks: the reasoner would make this instrument one.
        c.fail(path, f"{within} is a {framework['type']}, not a cooperation framework: use refers_to: for it")
    target = c.reference(within, path)
    if target is None or framework is not None:
        return target
    section = next(
        (
            name
            for name in ("side_events", "events", "visits", "places", "mechanisms", "persons")
            for item in c.card.get(name) or []
            if item["id"] == within
        ),
        None,
    )
    if section is not None or target == c.meeting or not c.index.is_instrument(str(target)):
        what = f"an id of {section}" if section else "the meeting" if target == c.meeting else "not an instrument"
        c.fail(
            path,
            f"{within!r} is {what}: within: names the cooperation framework (an instrument) a statement falls "
            "under; put an event, visit or place in refers_to:",
        )
        return None
    return target


def _evidence(c: CardCompiler, node: URIRef, evidence: dict | None, path: list) -> None:
    """The passage of the readout behind `node`: a dg:Quotation located by its span and the SHA-256 of its text
    (a Web Annotation-like selector into the source), with the text itself only where the card gives it."""
    if not evidence:
        return
    start, end, text, digest = (evidence.get(k) for k in ("start", "end", "text", "sha256"))
    if text is not None:
        own = text_digest(text)
        if digest is not None and digest != own:
            c.fail(
                path + ["evidence", "sha256"],
                "the sha256 is not that of the text given: recompute it (diplograph evidence), or fix the text",
            )
        digest = digest or (own if start is not None and end is not None else None)
    elif start is None or end is None or digest is None:
        c.fail(path + ["evidence"], "evidence needs its text:, or its start:, end: and sha256: in the source")
        return
    if start is not None and end is not None and end <= start:
        c.fail(path + ["evidence", "end"], f"the span ends ({end}) before it starts ({start}): end comes after start")
    span = f"{start}-{end}" if start is not None and end is not None else hashlib.sha1(text.encode()).hexdigest()[:10]
    quote = URIRef(f"{c.source}/quote/{span}")
    c.add(node, DG.evidence, quote)
    c.add(quote, RDF.type, DG.Quotation)
    if text is not None:
        c.add(quote, PROV.value, Literal(text, lang=c.lang))
    c.add(quote, DG.reportedIn, c.source)
    if start is not None:
        c.add(quote, DG.spanStart, Literal(int(start), datatype=XSD.nonNegativeInteger))
    if end is not None:
        c.add(quote, DG.spanEnd, Literal(int(end), datatype=XSD.nonNegativeInteger))
    if digest is not None and start is not None and end is not None:
        c.add(quote, DG.textDigest, Literal(digest))
    if evidence.get("confidence") is not None:
        c.add(quote, DG.confidence, Literal(str(evidence["confidence"]), datatype=XSD.decimal))
