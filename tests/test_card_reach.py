"""Which edits of the other files make a rebuild compile the meeting cards again (pipeline/card_reach.py)."""

from __future__ import annotations

import pyoxigraph as ox

from diplograph.pipeline.card_reach import bearing_on_cards

DG = "https://w3id.org/diplograph/ontology#"
ID = "https://w3id.org/diplograph/id/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
GRAPH = ox.NamedNode("https://w3id.org/diplograph/graph/meetings/test")


def _store(*triples: ox.Triple) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in triples)
    return store


def _relabel(node: ox.NamedNode, kind: str, old: str, new: str, looked_up: set[str] | None) -> ox.Triple | None:
    """Relabel `node` (of class dg:`kind`) from `old` to `new` and ask whether a card can see it."""
    typed = ox.Triple(node, TYPE, ox.NamedNode(DG + kind))
    before, after = (
        ox.Triple(node, LABEL, ox.Literal(old, language="en")),
        ox.Triple(node, LABEL, ox.Literal(new, language="en")),
    )
    return bearing_on_cards(_store(typed, after), {after}, {before}, looked_up)


def test_a_meeting_relabelled_by_a_text_no_card_names_it_by_leaves_the_cards_alone():
    meeting = ox.NamedNode(ID + "meeting/2025-08-08-jp-pe")
    assert _relabel(meeting, "Meeting", "Japan–Peru summit meeting", "Japan–Peru summit", {"london"}) is None


def test_a_place_relabelled_to_a_text_a_card_named_a_place_by_reaches_the_cards():
    place = ox.NamedNode(ID + "place/tokyo")
    found = _relabel(place, "Place", "Tokyo", "London", {"london"})
    assert found is not None and found.object == ox.Literal("London", language="en")


def test_a_place_relabelled_away_from_a_text_a_card_named_it_by_reaches_the_cards():
    place = ox.NamedNode(ID + "place/london")
    assert _relabel(place, "Place", "London", "Greater London", {"london"}) is not None


def test_without_the_cards_look_ups_any_label_of_a_nameable_resource_reaches_them():
    meeting = ox.NamedNode(ID + "meeting/2025-08-08-jp-pe")
    assert _relabel(meeting, "Meeting", "Japan–Peru summit meeting", "Japan–Peru summit", None) is not None


def test_a_person_relabelled_reaches_the_cards_whatever_they_looked_up():
    person = ox.NamedNode(ID + "person/ishiba-shigeru")
    assert _relabel(person, "Person", "Shigeru ISHIBA", "ISHIBA Shigeru", set()) is not None


def test_a_post_relabelled_reaches_the_cards():
    post = ox.NamedNode(ID + "post/jp-prime-minister")
    typed = ox.Triple(post, ox.NamedNode(DG + "postOf"), ox.NamedNode(ID + "state/JP"))
    before = ox.Triple(post, LABEL, ox.Literal("Prime Minister of Japan", language="en"))
    after = ox.Triple(post, LABEL, ox.Literal("Prime Minister (Japan)", language="en"))
    assert bearing_on_cards(_store(typed, after), {after}, {before}, set()) == after


def test_a_tenure_date_or_a_new_type_reaches_the_cards():
    tenure = ox.NamedNode(ID + "tenure/jp-prime-minister/2024-10-01")
    start = ox.Triple(tenure, ox.NamedNode(DG + "startDate"), ox.Literal("2024-10-01"))
    assert bearing_on_cards(_store(start), {start}, set(), set()) == start
    typed = ox.Triple(ox.NamedNode(ID + "event/new"), TYPE, ox.NamedNode(DG + "DiplomaticEvent"))
    assert bearing_on_cards(_store(typed), {typed}, set(), set()) == typed


def test_the_first_triple_said_of_a_resource_reaches_the_cards_as_a_card_may_ask_whether_it_exists():
    event = ox.NamedNode(ID + "event/2022-06-g7-summit-elmau")
    note = ox.Triple(event, ox.NamedNode(DG + "summary"), ox.Literal("new"))
    assert bearing_on_cards(_store(note), {note}, set(), set()) == note
    other = ox.Triple(event, ox.NamedNode(DG + "duration"), ox.Literal("PT1H"))
    assert bearing_on_cards(_store(note, other), {note}, set(), set()) is None, "it was there before"
