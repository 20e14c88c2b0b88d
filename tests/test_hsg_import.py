"""The Office of the Historian's datasets, imported from the shared snapshot and checked against the source."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SHARED
from hsg_slice import link_hsg_slice

from diplograph.pipeline.build import build
from diplograph.pipeline.load import import_files, load_dataset
from diplograph.pipeline.validate import validate_in_store
from diplograph.resources import data_dir, ontology_dir
from diplograph.sources.hsg.importer import DATASETS, ImportReport, graph_iri, run_import
from diplograph.store.catalogue import find_query
from diplograph.store.location import StoreSpec
from diplograph.store.sparql import run_oxigraph

HSG = SHARED / "data" / "hsg"
ID = "https://w3id.org/diplograph/id/"
PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX id: <https://w3id.org/diplograph/id/>
"""


@dataclass
class Imported:
    """One import of the four datasets and the dataset it gives once loaded with the curated data."""

    folder: Path
    report: ImportReport
    store: ox.Store

    def select(self, sparql: str) -> list[dict[str, str]]:
        return run_oxigraph(self.store, PREFIXES + sparql).records()

    def ask(self, sparql: str) -> bool:
        return bool(run_oxigraph(self.store, PREFIXES + sparql).boolean)

    def catalogue(self, name: str, **params: str) -> list[dict[str, str]]:
        query = find_query(name)
        return run_oxigraph(self.store, query.sparql, query.bindings(params)).records()


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """Import the shared snapshot once per session, then load it beside the ontology and the curated data."""
    folder = tmp_path_factory.mktemp("imports")
    report = run_import(HSG, folder)
    store, _sources = load_dataset(ontology_dir(), data_dir(), imports_dir=folder)
    return Imported(folder, report, store)


def test_the_2020_01_07_visit_of_prime_minister_mitsotakis_of_greece_was_an_official_working_visit(imported):
    rows = imported.select("""
        SELECT DISTINCT ?level ?date ?end ?name ?capacity ?source WHERE {
          ?visit a dg:Visit ; dcterms:identifier "2991" ; dg:reportedIn ?source ;
                 dg:visitingState id:state\\/GR ; dg:hostState id:state\\/US ;
                 dg:visitLevel ?level ; dg:date ?date ; dg:endDate ?end ;
                 dg:hasParticipation ?participation .
          ?participation dg:participant/rdfs:label ?name ; dg:inCapacityOf/rdfs:label ?capacity ;
                         dg:representsState id:state\\/GR .
        }""")
    assert rows == [
        {
            "level": ID + "visit-level/official-working",
            "date": "2020-01-07",
            "end": "2020-01-07",
            "name": "Kyriakos Mitsotakis",
            "capacity": "Prime Minister of Greece",
            "source": ID + "source/hsg-visits",
        }
    ]


def test_secretary_rubio_travelled_to_panama_on_1_to_3_february_2025_and_met_president_mulino(imported):
    rows = imported.select("""
        SELECT DISTINCT ?trip ?start ?end ?secretary ?post ?meeting ?other ?otherPost WHERE {
          ?trip a dg:Visit ; dg:visitingState id:state\\/US ; dg:hostState id:state\\/PA ;
                dg:startDate ?start ; dg:endDate ?end ; dg:hasParticipation ?travel ; dg:hasSubEvent ?meeting .
          ?travel dg:participant ?secretary ; dg:inCapacityOf ?post .
          ?secretary rdfs:label "Marco Rubio"@en .
          ?meeting a dg:Meeting ; dg:betweenState id:state\\/US , id:state\\/PA ; dg:hasParticipation ?p .
          ?p dg:participant ?person ; dg:inCapacityOf/rdfs:label ?otherPost .
          ?person rdfs:label ?other .
          FILTER(?person != ?secretary)
        }""")
    assert rows == [
        {
            "trip": ID + "visit/hsg-trip-4281",
            "start": "2025-02-01",
            "end": "2025-02-03",
            "secretary": ID + "person/hsg/pocom/rubio-marco",
            "post": ID + "post/us-secretary-of-state",
            "meeting": ID + "meeting/hsg-trip-4281-1",
            "other": "José Raúl Mulino",
            "otherPost": "President of Panama",
        }
    ]


def test_a_secretary_of_state_is_the_same_person_in_travels_and_in_pocom(imported):
    assert imported.ask("""
        ASK {
          GRAPH <https://w3id.org/diplograph/graph/import/hsg/travels> {
            id:visit\\/hsg-trip-4281 dg:hasParticipation/dg:participant id:person\\/hsg\\/pocom\\/rubio-marco }
          GRAPH <https://w3id.org/diplograph/graph/import/hsg/pocom> {
            ?tenure dg:holder id:person\\/hsg\\/pocom\\/rubio-marco ; dg:post id:post\\/us-secretary-of-state ;
                    dg:startDate "2025-01-21"^^xsd:date }
        }""")


def test_us_peru_relations_were_established_on_21_may_1827_when_james_cooley_presented_his_credentials(imported):
    rows = imported.select("""
        SELECT DISTINCT ?date ?text WHERE {
          ?event a dg:EstablishmentOfRelations ; dg:betweenState id:state\\/US , id:state\\/PE ;
                 dg:relationsChange id:relations-change\\/establishment ; dg:date ?date ; rdfs:comment ?text .
        }""")
    assert [row["date"] for row in rows] == ["1827-05-21"]
    assert "James Cooley presented his credentials" in rows[0]["text"]
    cooley = imported.select("""
        SELECT DISTINCT ?appointed ?credentials ?left ?post WHERE {
          ?tenure dcterms:identifier "pe-1826-cool-01" ; dg:holder id:person\\/hsg\\/pocom\\/cooley-james ;
                  dg:post ?post ; dg:appointmentDate ?appointed ; dg:startDate ?credentials ; dg:endDate ?left .
        }""")
    assert cooley == [
        {
            "appointed": "1826-05-02",
            "credentials": "1827-05-21",
            "left": "1828-02-24",
            "post": ID + "post/us-chief-of-mission-pe",
        }
    ]


def test_the_number_of_visits_per_decade_equals_the_source_count(imported):
    expected: Counter = Counter()
    for path in sorted((HSG / "visits" / "data").glob("*.xml")):
        for visit in ET.parse(path).getroot().iter("visit"):
            expected[int(visit.findtext("start-date")[:4]) // 10 * 10] += 1
    rows = imported.select(f"""
        SELECT ?decade (COUNT(?visit) AS ?visits) WHERE {{
          GRAPH <{graph_iri("visits")}> {{ ?visit a dg:Visit ; dg:date ?date }}
          BIND(FLOOR(YEAR(?date) / 10) * 10 AS ?decade)
        }} GROUP BY ?decade""")
    assert {int(float(row["decade"])): int(row["visits"]) for row in rows} == dict(expected)
    assert sum(expected.values()) == 3264


def test_the_imported_data_conforms_to_the_shapes(imported):
    _store, sources = load_dataset(ontology_dir(), data_dir(), imports_dir=imported.folder)
    assert validate_in_store(imported.store, sources) == []


def test_importing_again_in_two_halves_gives_identical_files(tmp_path):
    # Which graph holds a triple two datasets give must not depend on which datasets one run writes.
    snapshot = link_hsg_slice(tmp_path)
    run_import(snapshot, tmp_path / "at-once")
    run_import(snapshot, tmp_path / "in-halves", ("visits", "travels"))
    run_import(snapshot, tmp_path / "in-halves", ("rdcr", "pocom"))
    for dataset in DATASETS:
        first = (tmp_path / "at-once" / "hsg" / f"{dataset}.nq").read_bytes()
        assert first and (tmp_path / "in-halves" / "hsg" / f"{dataset}.nq").read_bytes() == first, dataset


def _once(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows without repeats, in their order."""
    return [dict(items) for items in dict.fromkeys(tuple(row.items()) for row in rows)]


def test_after_the_import_the_japan_peru_meeting_of_8_august_2025_still_has_its_two_participants(imported):
    rows = imported.catalogue("participants", meeting="meeting/2025-08-08-jp-pe")
    assert [(row["name"], row["capacity"]) for row in rows] == [
        ("ISHIBA Shigeru", "Prime Minister of Japan"),
        ("Dina Ercilia BOLUARTE ZEGARRA", "President of the Republic of Peru"),
    ]


def test_after_the_import_each_us_office_holder_on_1_june_1985_is_listed_once(imported):
    rows = imported.catalogue("office-holder", date="1985-06-01", country="US")
    assert len(rows) > 100
    assert rows == _once(rows)
    shultz = [row for row in rows if row["title"] == "Secretary of State of the United States"]
    assert [row["name"] for row in shultz] == ["George Pratt Shultz"]


def test_after_the_import_kishidas_2024_meetings_are_the_curated_ones_each_listed_once(imported, ask):
    """The import adds no meeting of Kishida's and repeats none (the curated answer is asked of the session's build)."""
    params = {"person": "person/kishida-fumio", "since": "2024-01-01", "until": "2024-12-31"}
    rows = imported.catalogue("meetings-of-person", **params)
    assert rows == _once(rows)
    curated = sorted({row["meeting"] for row in ask("meetings-of-person", **params)})
    assert ID + "meeting/2024-06-14-gb-jp" in curated
    assert sorted(row["meeting"] for row in rows) == curated


def test_after_the_import_the_president_of_peru_keeps_one_label_per_language(imported):
    labels = imported.select("""
        SELECT ?label WHERE { id:post\\/pe-president rdfs:label ?label }""")
    assert sorted(row["label"] for row in labels) == [
        "President of the Republic of Peru",
        "Président de la République du Pérou",
    ]
    assert imported.ask("""ASK { id:post\\/pe-president skos:altLabel "President of Peru"@en }""")


def test_after_the_import_the_japanese_prime_minister_on_8_august_2025_is_one_row(imported):
    rows = imported.catalogue("office-holder", date="2025-08-08", country="JP", office="prime minister")
    assert [(row["title"], row["name"]) for row in rows] == [("Prime Minister of Japan", "ISHIBA Shigeru")]
    every_post = imported.catalogue("office-holder", date="2025-08-08", country="JP")
    assert every_post == _once(every_post)


def test_no_imported_triple_is_also_in_another_graph(imported):
    # The stores read the union of the graphs; Oxigraph and Virtuoso give a triple once per graph holding it.
    graphs: dict[ox.Triple, set[str]] = {}
    for quad in imported.store:
        graphs.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), set()).add(quad.graph_name.value)
    shared = [(triple, names) for triple, names in graphs.items() if len(names) > 1]
    assert shared[:5] == []


def test_each_dataset_is_one_named_graph_that_the_build_finds_with_its_provenance(imported):
    found = {source.label: source.graph for source in import_files(imported.folder)}
    assert found == {f"imports/hsg/{name}.nq": graph_iri(name) for name in DATASETS}
    rows = imported.select(f"""
        SELECT ?licence ?repository ?commit WHERE {{
          GRAPH <{graph_iri("visits")}> {{
            <{graph_iri("visits")}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?source ; dcterms:license ?licence .
            ?source a dg:SourceDocument ; dcterms:source ?repository ; dcterms:hasVersion ?commit ;
                    dg:documentStatus id:document-status\\/dataset .
          }}
        }}""")
    assert rows == [
        {
            "licence": "https://creativecommons.org/publicdomain/zero/1.0/",
            "repository": "https://github.com/HistoryAtState/visits",
            "commit": "869ca4f0e8d15521bc3c094b846e6b1d3c7d8f1d",
        }
    ]
    assert "imported_at" in (imported.folder / "hsg" / "visits.import.json").read_text()


def test_a_corrupted_visit_is_reported_with_its_file_and_record_and_the_others_still_import(tmp_path, run_cli):
    source = tmp_path / "hsg"
    shutil.copytree(HSG / "visits", source / "visits")
    broken = source / "visits" / "data" / "2020.xml"
    text = broken.read_text(encoding="utf-8")
    target = "<id>3052</id>"
    assert target in text
    broken.write_text(text.replace(target, target + "<start-date>2022-05-16</start-date", 1), encoding="utf-8")
    out = tmp_path / "imports"
    (out / "hsg").mkdir(parents=True)
    (out / "hsg" / "travels.nq").write_text("kept\n")

    result = run_cli("import", "hsg", str(source), "--dataset", "visits", "--imports", str(out))

    assert result.status == 0, result.stderr
    assert f"{broken}: record 3052: not well-formed XML" in result.stdout
    assert "3264 records read, 3263 imported, 1 skipped" in result.stdout
    written = (out / "hsg" / "visits.nq").read_text(encoding="utf-8")
    assert f"<{ID}visit/hsg-visit-2991>" in written
    assert f"<{ID}visit/hsg-visit-3052>" not in written
    assert (out / "hsg" / "travels.nq").read_text() == "kept\n"


def test_visits_to_the_us_by_japanese_prime_ministers_are_in_the_catalogue(imported):
    rows = imported.catalogue("visits-to", host="US", visitor="JP", office="prime minister")
    kishida = [row for row in rows if row["name"] == "Kishida Fumio"]
    assert [row["date"] for row in kishida] == [
        "2023-01-13",
        "2023-08-18",
        "2023-11-12",
        "2024-04-10",
        "2024-07-10",
        "2024-09-21",
    ]
    assert {row["capacity"] for row in rows} == {"Prime Minister of Japan"}
    assert len({row["visit"] for row in rows}) > 50


def test_meetings_between_the_us_and_peru_include_the_secretaries_meetings_in_lima(imported):
    rows = imported.catalogue("meetings-between", country1="US", country2="PE")
    blinken = [row for row in rows if row["meeting"] == ID + "meeting/hsg-trip-4091-1"]
    assert [(row["date"], row["source"]) for row in blinken] == [("2022-10-06", ID + "source/hsg-travels")]
    assert imported.ask("""
        ASK { id:meeting\\/hsg-trip-4091-1 dg:hasParticipation/dg:participant/rdfs:label "Pedro Castillo"@en }""")
    assert imported.catalogue("participants", meeting="meeting/2021-11-10-pe-us")


def test_the_us_peru_relations_timeline_starts_with_recognition_in_1826(imported):
    rows = imported.catalogue("relations-changes", country1="US", country2="PE", since="1826")
    assert [(row["date"], sorted(row["changes"].split(", "))) for row in rows[:2]] == [
        ("1826-05-02", ["recognition"]),
        ("1827-05-21", ["establishment of relations", "legation opened"]),
    ]
    assert all(row["source"] == ID + "source/hsg-rdcr" for row in rows)


def test_former_states_get_their_iso_3166_3_code_and_historical_states_our_own_iri(imported):
    assert imported.ask("""
        ASK {
          id:state\\/SUHH a dg:State ; rdfs:label "Soviet Union"@en .
          ?visit dcterms:identifier ?id ; dg:visitingState id:state\\/SUHH ; dg:reportedIn id:source\\/hsg-visits .
          id:state\\/bavaria a dg:State ; rdfs:label "Bavaria"@en .
          ?event dg:betweenState id:state\\/bavaria , id:state\\/US .
        }""")


def test_a_surname_only_mention_is_resolved_only_when_one_candidate_is_in_office(imported):
    spellings = imported.select("""
        SELECT DISTINCT ?alt WHERE {
          id:person\\/hsg\\/tz\\/benjamin-mkapa rdfs:label "Benjamin Mkapa"@en ; skos:altLabel ?alt }""")
    assert {row["alt"] for row in spellings} == {"Mkapa"}
    kept = imported.select("""
        SELECT DISTINCT ?label WHERE { id:person\\/hsg\\/jo\\/king-hussein a dg:Person ; rdfs:label ?label }""")
    assert [row["label"] for row in kept] == ["King Hussein (surname only in the source)"]


def test_the_summary_counts_records_read_imported_and_skipped_per_dataset(imported):
    summary = {name: (r.read, r.imported, sum(r.skipped.values())) for name, r in imported.report.datasets.items()}
    assert summary["visits"] == (3264, 3264, 0)
    assert summary["travels"] == (4271, 4271, 0)
    for read, done, skipped in summary.values():
        assert read == done + skipped
    assert imported.report.merged["person spellings merged"] > 0


def test_the_build_loads_validates_and_counts_every_imported_dataset(imported, tmp_path):
    spec = StoreSpec.parse(f"oxigraph:{tmp_path / 'store'}")
    report = build(ontology_dir(), data_dir(), spec, None, run_reasoner=False, imports_dir=imported.folder)
    assert set(report.imports) == {f"imports/hsg/{name}.nq" for name in DATASETS}
    assert all(triples > 10_000 for triples in report.imports.values())
    assert report.counts["meetings"] > 3000
