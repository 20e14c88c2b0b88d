"""Evidence: the sentence of the readout behind each statement, instrument and side event, one query away."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Namespace

from diplograph.namespaces import graph_for_file
from diplograph.pipeline.cards import compile_card
from diplograph.pipeline.load import load_dataset
from diplograph.resources import data_dir, ontology_dir
from diplograph.store.backends import open_backend
from diplograph.store.catalogue import catalogue

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "tests" / "fixtures" / "cards" / "2025-08-08-jp-pe.yaml"
SEED_TEXT = ROOT.parent / "shared" / "seeds" / "000_f81d42a9e64de981.txt"
DG = Namespace("https://w3id.org/diplograph/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def compiled():
    store, _ = load_dataset(ontology_dir(), data_dir())
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
