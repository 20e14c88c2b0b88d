"""schema.org JSON-LD for the HTML pages, escaped so that no literal can close the <script> that holds it."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup
from rdflib import Literal, URIRef

from diplograph.publish.describe import DG, Description

SCHEMA_CONTEXT = {"@vocab": "https://schema.org/"}
"""schema.org's terms, named in the page itself: a JSON-LD reader never fetches a context from the network."""

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

WIKIDATA = "http://www.wikidata.org/entity/"
OWL_SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")
EVENT_CLASSES = {
    DG + name
    for name in (
        "DiplomaticEvent",
        "Meeting",
        "Visit",
        "SigningCeremony",
        "PressConference",
        "WorkingMeal",
        "MultilateralEvent",
        "RelationsEvent",
        "EstablishmentOfRelations",
        "Summit",
        "BilateralMeeting",
        "MinisterialMeeting",
    )
}
"""The ontology's event classes (by name: a page needs no reasoner to know a meeting is an event)."""


def script_json(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> element: `<`, `>` and `&` written as \\u escapes.

    The HTML parser ends a script at the first `</script`, whatever JSON string it is in; with these
    escapes the text holds no `<` at all, and JSON parsers read the escapes back as the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # compact: it is in every page
    for character, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return Markup(text)


def _names(labels: list[Literal]) -> list[dict[str, str]] | str:
    values = [{"@value": str(label), "@language": label.language} if label.language else str(label) for label in labels]
    return values[0] if len(values) == 1 and isinstance(values[0], str) else values


def _node(description: Description, iri, kind: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": str(iri)}
    if kind:
        node["@type"] = kind
    labels = description.labels(iri)
    if labels:
        node["name"] = _names(labels)
    return node


def schema_org(description: Description, page_url: str | None = None) -> dict[str, Any]:
    """The resource as schema.org: an Event, a Person, a Country, or a Thing, with what links it to others."""
    iri = description.iri
    types = {str(t) for t in description.types(iri)}
    dg = lambda name: URIRef(DG + name)  # noqa: E731
    first = lambda name: next(iter(description.objects(iri, dg(name))), None)  # noqa: E731
    same_as = [str(o) for o in description.objects(iri, OWL_SAME_AS)]
    if types & EVENT_CLASSES:
        kind = "Event"
    elif DG + "Person" in types:
        kind = "Person"
    elif DG + "State" in types:
        kind = "Country"
    elif DG + "SourceDocument" in types:
        kind = "CreativeWork"
    elif DG + "Place" in types:
        kind = "Place"
    else:
        kind = "Thing"
    data: dict[str, Any] = {"@context": SCHEMA_CONTEXT, **_node(description, iri, kind)}
    if page_url:
        data["url"] = page_url
    if same_as:
        data["sameAs"] = same_as
    if kind == "Event":
        start = first("startTime") or first("date")
        if start is not None:
            data["startDate"] = str(start)
        duration = first("duration")
        if duration is not None:
            data["duration"] = str(duration)
        place = first("atPlace")
        if place is not None:
            data["location"] = _node(description, place, "Place")
        attendees = []
        for participation in description.objects(iri, dg("hasParticipation")):
            for person in description.objects(participation, dg("participant")):
                attendees.append(_node(description, person, "Person"))
        if attendees:
            data["attendee"] = attendees
        sub_events = [_node(description, e, "Event") for e in description.objects(iri, dg("hasSubEvent"))]
        if sub_events:
            data["subEvent"] = sub_events
        topics = [_node(description, t, "Thing") for t in description.objects(iri, dg("hasTopic"))]
        if topics:
            data["about"] = topics
    elif kind == "Country":
        code = str(iri).rstrip("/").rsplit("/", 1)[-1]
        data["identifier"] = code
    sources = [_node(description, s, "CreativeWork") for s in description.objects(iri, dg("reportedIn"))]
    if sources:
        data["subjectOf"] = sources
    return data
