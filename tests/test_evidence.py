"""Evidence: the sentence of the readout behind each statement, instrument and side event, one query away."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Namespace

from diplograph.namespaces import graph_for_file
from diplograph.pipeline.card_reader import CardError, text_digest
from diplograph.pipeline.cards import compile_card
from diplograph.pipeline.load import load_dataset
from diplograph.resources import data_dir, ontology_dir
from diplograph.sources.readouts.draft import draft_card
from diplograph.sources.readouts.evidence import resolve, stamp
from diplograph.sources.readouts.extract import read_text
from diplograph.store.backends import open_backend
from diplograph.store.catalogue import catalogue

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "tests" / "fixtures" / "cards" / "2025-08-08-jp-pe.yaml"
SEED_TEXT = ROOT.parent / "shared" / "seeds" / "000_f81d42a9e64de981.txt"
DG = Namespace("https://w3id.org/diplograph/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def store():
    working, _ = load_dataset(ontology_dir(), data_dir())
    return working


@pytest.fixture(scope="module")
def compiled(store):
    return compile_card(CARD, store, exclude_graph=graph_for_file("meetings/2025-08-08-jp-pe.ttl"))


@pytest.mark.parametrize("kind", [DG.Statement, DG.SigningCeremony, DG.PressConference, DG.WorkingMeal])
def test_every_statement_and_side_event_of_the_seed_card_has_its_sentence(compiled, kind) -> None:
    records = list(compiled.subjects(RDF.type, kind))
    assert records
    for record in records:
        quotes = list(compiled.objects(record, DG.evidence))
        assert len(quotes) == 1, record
        assert compiled.value(quotes[0], PROV.value), record


def test_every_instrument_of_the_seed_card_has_its_sentence(compiled) -> None:
    instruments = [s for s in compiled.subjects(DG.party, None, unique=True)]
    assert len(instruments) == 4
    assert all(compiled.value(i, DG.evidence) is not None for i in instruments)


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="the shared seed readout is not on this machine")
def test_a_quotation_span_points_at_its_sentence_in_the_saved_readout(compiled) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    for quote in compiled.subjects(RDF.type, DG.Quotation):
        start, end = int(compiled.value(quote, DG.spanStart)), int(compiled.value(quote, DG.spanEnd))
        assert text[start:end] == str(compiled.value(quote, PROV.value))
        assert str(compiled.value(quote, DG.textDigest)) == text_digest(text[start:end])


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="the shared seed readout is not on this machine")
def test_a_card_without_the_sentences_keeps_span_and_digest_and_they_resolve_in_the_seed(store, tmp_path) -> None:
    """A card from a web page stores no page text: its quotations are selectors, checked against a local copy."""
    card = tmp_path / CARD.name
    shutil.copy(CARD, card)
    text = read_text(SEED_TEXT)
    stamped, faults = stamp(card, text, drop_text=True)
    assert (stamped, faults) == (23, [])
    assert "text:" not in card.read_text().split("\nstatements:", 1)[1]
    graph = compile_card(card, store, exclude_graph=graph_for_file("meetings/2025-08-08-jp-pe.ttl"))
    quotes = list(graph.subjects(RDF.type, DG.Quotation))
    assert quotes and all(graph.value(q, PROV.value) is None for q in quotes)
    rows = [
        {
            "record": str(q),
            "start": graph.value(q, DG.spanStart),
            "end": graph.value(q, DG.spanEnd),
            "digest": str(graph.value(q, DG.textDigest)),
        }
        for q in quotes
    ]
    assert {r.status for r in resolve(rows, text)} == {"matches"}
    assert {r.status for r in resolve(rows, text.replace("ISHIBA", "Ishiba"))} >= {"differs"}


def test_a_card_whose_stored_sentence_and_digest_disagree_is_refused(store, tmp_path) -> None:
    card = tmp_path / CARD.name
    card.write_text(CARD.read_text().replace("sha256: 1e6cd78a", "sha256: 0e6cd78a", 1))
    with pytest.raises(CardError) as caught:
        compile_card(card, store, exclude_graph=graph_for_file("meetings/2025-08-08-jp-pe.ttl"))
    (problem,) = caught.value.problems
    assert problem.field == "side_events[0].evidence.sha256"
    assert "the sha256 is not that of the text given" in problem.message


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="the shared seed readout is not on this machine")
def test_the_draft_gives_each_value_a_span_and_the_digest_of_its_sentence(store) -> None:
    text = read_text(SEED_TEXT)
    card = draft_card(text, store, "fr")
    found = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if {"start", "end", "sha256"} <= set(node):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    assert len(found) > 20
    for evidence in found:
        assert evidence["sha256"] == text_digest(text[evidence["start"] : evidence["end"]]), evidence


def test_which_sentence_says_ishiba_asked_peru_for_support_on_the_abductions(built_store) -> None:
    backend = open_backend(f"oxigraph:{built_store.path}")
    try:
        query = catalogue()["evidence"]
        rows = backend.query(query.sparql, query.bindings({"meeting": "meeting/2025-08-08-jp-pe"})).records()
    finally:
        backend.close()
    by_record = {r["record"].rsplit("/", 1)[1]: r for r in rows}
    request = by_record["ishiba-request-abductions"]
    assert request["kind"] == "statement"
    assert request["sentence"].startswith("Le Premier ministre ISHIBA a demandé et obtenu")
    assert (request["start"], request["end"]) == ("3911", "4065")
    assert by_record["2025-08-08-jp-pe-tourism-moc"]["kind"] == "instrument"
    assert by_record["working-lunch"]["sentence"].startswith("Ont suivi une conférence de presse")
    assert by_record["2024-11-jp-pe-strategic-partnership-road-map"]["kind"] == "instrument"


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="the shared seed readout is not on this machine")
def test_the_sentence_behind_the_seed_request_printed_from_the_seed_file_matches_its_digest(
    built_store, run_cli, tmp_path
) -> None:
    store = f"oxigraph:{built_store.path}"
    result = run_cli("evidence", "meeting/2025-08-08-jp-pe", "--source", str(SEED_TEXT), "--store", store)
    assert result.status == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("statement: ishiba-request-abductions [3911-4065] matches")
    assert lines[at + 1].strip() in SEED_TEXT.read_text(encoding="utf-8")
    assert lines[at + 1].strip().startswith("Le Premier ministre ISHIBA a demandé et obtenu")
    instrument = next(i for i, line in enumerate(lines) if line.startswith("instrument: 2025-08-08-jp-pe-tourism-moc"))
    assert lines[instrument].endswith(" matches")
    assert lines[-1].endswith(f"sentences found in {SEED_TEXT} with their SHA-256 matching")
    # A copy of the readout edited since: the digest no longer matches, and the command says so.
    edited = tmp_path / "seed.txt"
    edited.write_text(SEED_TEXT.read_text(encoding="utf-8").replace("a demandé et obtenu", "a demandé et reçu"))
    result = run_cli("evidence", "meeting/2025-08-08-jp-pe", "--source", str(edited), "--store", store)
    assert result.status == 1
    assert "statement: ishiba-request-abductions [3911-4065] differs" in result.stdout
    assert "differ: the copy is not the text the spans were taken from" in result.stdout


def test_the_meeting_page_shows_the_sentence_behind_ishibas_request(ld_server, browser) -> None:
    from browser import offline_page

    blocked: list[str] = []
    page = offline_page(browser, blocked)
    page.goto(ld_server.url + "id/meeting/2025-08-08-jp-pe")
    rows = page.locator("section#evidence tbody tr")
    by_record = {}
    for row in rows.all():
        by_record[row.locator("td").nth(0).locator("a").get_attribute("title").rsplit("/", 1)[1]] = row
    request = by_record["ishiba-request-abductions"]
    sentence = request.locator("td").nth(2).locator("span")
    assert sentence.get_attribute("lang") == "fr"  # the readout's language, on an English page
    assert sentence.locator("bdi").inner_text().startswith("Le Premier ministre ISHIBA a demandé et obtenu")
    assert request.locator("td").nth(1).inner_text() == "statement"
    assert by_record["2025-08-08-jp-pe-tourism-moc"].locator("td").nth(1).inner_text() == "instrument"
    assert by_record["working-lunch"].locator("td").nth(2).inner_text().startswith("Ont suivi une conférence de presse")
    assert blocked == []
    page.context.close()
