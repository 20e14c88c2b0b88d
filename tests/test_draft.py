"""`diplograph draft`: a card drafted from a readout, checked field by field, every value with its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from diplograph.pipeline.card_reader import CardError
from diplograph.pipeline.cards import compile_card
from diplograph.sources.readouts.draft import context_store, draft_card, write_card
from diplograph.sources.readouts.extract import read_text
from diplograph.sources.readouts.score import HEADER, score, table

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT.parent / "shared" / "seeds" / "000_f81d42a9e64de981.txt"
SEED_CARD = ROOT / "tests" / "fixtures" / "cards" / "2025-08-08-jp-pe.yaml"
READOUTS = ROOT / "tests" / "fixtures" / "readouts"


@pytest.fixture(scope="module")
def store():
    return context_store(None)


@pytest.fixture(scope="module")
def seed_draft(store):
    if not SEED_TEXT.is_file():
        pytest.fail(f"the seed readout {SEED_TEXT} is missing: the shared folder is part of the project's checkout")
    return draft_card(read_text(SEED_TEXT), store, "fr")


def _draft(store, name: str, lang: str) -> dict:
    return draft_card(read_text(READOUTS / name), store, lang)


def test_the_seed_draft_matches_the_seed_card_field_by_field(seed_draft) -> None:
    scores = score(seed_draft, YAML(typ="safe").load(SEED_CARD))
    print("\n" + table(scores))  # precision and recall per field, shown with pytest -s
    for field in [f"meeting.{h}" for h in HEADER] + ["meeting.states", "participants", "side_events", "requests"]:
        assert (scores[field].precision, scores[field].recall) == (1.0, 1.0), field
    assert scores["instruments"].recall >= 0.75 and scores["instruments"].precision >= 0.75
    assert scores["statements"].f1 >= 0.6


def _values(node, path=""):
    """Every leaf of a card but the evidence and the source's bookkeeping, with its field path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("evidence", "card", "source", "id"):
                yield from _values(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _values(value, f"{path}[{i}]")
    else:
        yield path, node


def test_no_value_of_the_seed_draft_appears_without_evidence(seed_draft) -> None:
    noted = seed_draft["evidence"]
    records = ("side_events", "instruments", "statements")
    for path, value in _values(seed_draft):
        if isinstance(value, str) and value.startswith("TODO"):
            continue
        if path.startswith(records):
            section, index = path.split("[", 1)[0], int(path.split("[", 1)[1].split("]")[0])
            evidence = seed_draft[section][index]["evidence"]
        elif path.startswith("meeting.topics"):
            continue  # the union of the statements' topics, each with its statement's evidence
        else:
            key = path if not path.startswith("meeting.states") else "meeting.states"
            key = key if not key.startswith("participants") else key.split(".")[0] + "." + key.split(".")[1]
            assert key in noted, f"{path} = {value!r} has no evidence"
            evidence = noted[key]
        assert evidence["text"] and 0 < evidence["confidence"] <= 1, path
        assert SEED_TEXT.read_text(encoding="utf-8")[evidence["start"] : evidence["end"]] == evidence["text"], path


def test_what_the_seed_draft_cannot_settle_is_a_todo_the_compiler_refuses(seed_draft, store) -> None:
    assert seed_draft["meeting"]["place"].startswith("TODO")
    with pytest.raises(CardError) as caught:
        compile_card(Path("draft.yaml"), store, text=write_card(seed_draft))
    fields = {p.field for p in caught.value.problems}
    assert "meeting.place" in fields and "source.id" in fields
    assert all("still to do" in p.message for p in caught.value.problems)


def test_a_telephone_readout_in_english_gives_format_duration_and_an_answered_request(store) -> None:
    card = _draft(store, "en-telephone.txt", "en")
    meeting = card["meeting"]
    assert (meeting["date"], meeting["start"], meeting["format"]) == ("2024-03-12", "09:30", "telephone")
    assert (meeting["duration"], meeting["approximate"]) == ("25 min", True)
    assert sorted(meeting["states"]) == ["GB", "JP"]
    acts = [(s["speaker"], s["act"]) for s in card["statements"]]
    assert ("KISHIDA", "request") in acts and ("both", "exchange-views") in acts and ("both", "agree") in acts
    support = next(s for s in card["statements"] if s["act"] == "express-support")
    assert support["speaker"] == "SUNAK" and support["answers"].startswith("kishida-request")


def test_a_french_readout_gives_side_events_in_order_with_their_times(store) -> None:
    card = _draft(store, "fr-ministres.txt", "fr")
    assert card["meeting"]["host"] == "JP" and card["meeting"]["utc_offset"] == "+09:00"
    sides = [(s["type"], s["position"], s.get("start"), s.get("duration")) for s in card["side_events"]]
    assert sides == [("signing ceremony", 1, None, None), ("working meal", 2, "18:10", "40 min")]
    (moc,) = card["instruments"]
    assert (moc["type"], moc["concluded_at"], moc["date"]) == ("memorandum of cooperation", "signing", "2022-06-20")
    assert moc["label"] == "mémorandum de coopération sur les échanges universitaires"
    assert ("EBRARD", "express-concern") in [(s["speaker"], s["act"]) for s in card["statements"]]


def test_a_spanish_readout_with_a_dateline_gives_the_header_and_the_signed_memorandum(store) -> None:
    card = _draft(store, "es-cancilleres.txt", "es")
    meeting = card["meeting"]
    assert (meeting["date"], meeting["host"], meeting["duration"], meeting["format"]) == (
        "2014-07-30",
        "CO",
        "50 min",
        "in person",
    )
    roles = {p["person"]: p["role"] for p in card["participants"]}
    assert roles == {"María Ángela HOLGUÍN CUÉLLAR": "host", "Gonzalo Alfonso GUTIÉRREZ REINEL": "guest"}
    assert [s["type"] for s in card["side_events"]] == ["signing ceremony", "press conference"]
    assert card["instruments"][0]["label"] == "memorándum de entendimiento sobre turismo"
    assert [(s["speaker"], s["act"]) for s in card["statements"]][:2] == [("HOLGUÍN", "welcome"), ("HOLGUÍN", "state")]


def test_a_saved_html_page_is_read_as_its_visible_text(tmp_path: Path, store) -> None:
    page = tmp_path / "readout.html"
    body = (READOUTS / "en-telephone.txt").read_text().replace("\n\n", "</p><p>")
    page.write_text(f"<html><head><script>var x = '1 January 2001';</script></head><body><p>{body}</p></body></html>")
    text = read_text(page)
    assert "var x" not in text and "KISHIDA" in text
    assert draft_card(text, store, "en")["meeting"]["date"] == "2024-03-12"


def _said(card: dict) -> list[tuple[str, str]]:
    return [(str(s["speaker"]), s["act"]) for s in card.get("statements", [])]


def test_who_is_the_prime_minister_a_gov_uk_readout_does_not_name(store) -> None:
    card = draft_card(
        read_text(READOUTS / "en-unnamed-leader.txt"), store, "en", "https://www.gov.uk/government/news/pm-call"
    )
    assert card["meeting"]["format"] == "telephone"  # "PM call with", "spoke to"
    assert card["meeting"]["states"] == ["AR", "GB"]
    assert sorted(p["person"] for p in card["participants"]) == ["Javier Gerardo MILEI", "Rishi SUNAK"]
    assert _said(card) == [
        ("both", "exchange-views"),
        ("SUNAK", "welcome"),
        ("MILEI", "thank"),
        ("both", "express-wish"),
    ]


def test_the_same_readout_from_elsewhere_leaves_the_prime_minister_unnamed(store) -> None:
    card = draft_card(read_text(READOUTS / "en-unnamed-leader.txt"), store, "en", "https://example.org/call")
    assert [p["person"] for p in card["participants"]] == ["Javier Gerardo MILEI"]


def test_two_ministers_named_together_speak_as_both_and_london_makes_the_uk_the_host(store) -> None:
    card = _draft(store, "en-joint-ministers.txt", "en")
    assert (card["meeting"]["place"], card["meeting"]["host"]) == ("London", "GB")
    assert {p["person"]: p["role"] for p in card["participants"]} == {"James CLEVERLY": "host", "Penny WONG": "guest"}
    assert _said(card) == [("both", "confirm"), ("CLEVERLY", "welcome"), ("both", "agree")]


def test_a_state_visit_on_two_days_written_without_accents_starts_on_the_first(store) -> None:
    card = draft_card(
        read_text(READOUTS / "fr-visite-etat.txt"), store, "fr", "https://www.elysee.fr/emmanuel-macron/2024/03/11/x"
    )
    meeting = card["meeting"]
    assert (meeting["date"], meeting["host"], meeting["level"]) == ("2024-03-11", "FR", "state")
    assert sorted(p["person"] for p in card["participants"]) == ["Emmanuel MACRON", "Javier Gerardo MILEI"]
    assert _said(card) == [("MACRON", "welcome"), ("MILEI", "thank"), ("both", "agree")]


def test_spanish_readouts_in_the_perfect_tense_give_speakers_and_acts(store) -> None:
    card = _draft(store, "es-preterito-perfecto.txt", "es")
    assert (card["meeting"]["date"], card["meeting"]["host"]) == ("2024-03-05", "CL")
    assert _said(card) == [
        ("VAN KLAVEREN", "state"),
        ("MONDINO", "thank"),
        ("both", "exchange-views"),
        ("both", "agree"),
    ]
