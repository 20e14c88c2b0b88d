"""The world datasets (treaties, missions, leaders, UK ministers), imported from the shared snapshot.

The four are imported once per session into a temporary folder and loaded beside the ontology and
the curated data; counts are checked against the source tables read independently (rdata, csv).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SHARED
from rdflib import Graph, URIRef

from diplograph.pipeline.load import load_dataset
from diplograph.resources import data_dir, ontology_dir
from diplograph.sources.importer import SourceError, importer_for, run_import
from diplograph.sources.person_links import Resolution, link_persons
from diplograph.sources.report import DatasetReport
from diplograph.sources.world import DATASETS, partial_date, read_rda
from diplograph.store.catalogue import ParameterError, find_query
from diplograph.store.sparql import run_oxigraph

WORLD = SHARED / "data"
ID = "https://w3id.org/diplograph/id/"
DG = "https://w3id.org/diplograph/ontology#"
PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
SOURCES = ("treaties", "missions", "leaders", "uk-ministers")
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


@dataclass
class Imported:
    """One import of the four world datasets and their person links, loaded with the ontology and the curated data."""

    folder: Path
    reports: dict[str, DatasetReport]
    links: Resolution
    store: ox.Store

    def select(self, sparql: str) -> list[dict[str, str]]:
        return run_oxigraph(self.store, PREFIXES + sparql).records()

    def catalogue(self, name: str, **params: str) -> list[dict[str, str]]:
        query = find_query(name)
        return run_oxigraph(self.store, query.sparql, query.bindings(params)).records()


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """Import the four datasets once per session and link their persons (as `import all` does), then load them
    beside the ontology and curated data."""
    folder = tmp_path_factory.mktemp("world-imports")
    reports = {
        name: run_import(importer_for(name), WORLD / name, folder).datasets[DATASETS[name].dataset] for name in SOURCES
    }
    links = link_persons(folder, data_dir())
    store, _sources = load_dataset(ontology_dir(), data_dir(), imports_dir=folder)
    return Imported(folder, reports, links, store)


def rda_tables(path: Path, name: str, *tables: str) -> dict:
    """The tables of an R list as `rdata` reads them, to count their rows apart from the importers.

    The parse is the one the importer made (kept by `read_rda` for the process): parsing parties.rda
    again would take another 25 s to 2 min; the counting below is the test's own.
    """
    return read_rda(path, name, tables)


def count(world: Imported, sparql: str) -> int:
    return int(world.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {sparql} }}")[0]["n"])


def balanced(report: DatasetReport) -> bool:
    """Every record read was either imported or skipped."""
    return report.read == report.imported + sum(report.skipped.values())


#################################################################
# Counts against the sources
#################################################################


def test_every_ggo_agreement_and_party_row_is_imported_or_skipped_with_a_reason(world):
    agreements = rda_tables(WORLD / "treaties" / "agreements.rda", "agreements", "GGO")["GGO"]
    parties = rda_tables(WORLD / "treaties" / "parties.rda", "parties", "GGO")["GGO"]
    report = world.reports["treaties"]
    assert report.read == len(agreements) + len(parties) == 4532 + 98320
    assert balanced(report)
    ids = set(agreements["treatyID"])
    assert report.skipped["duplicate treatyID (the first row is kept)"] == len(agreements) - len(ids)
    assert report.skipped["treatyID not among the GGO agreements"] == int((~parties["treatyID"].isin(ids)).sum())
    assert report.skipped["no party rows"] == len(ids - set(parties["treatyID"]))
    listed = Counter(problem.reason for problem in report.problems)
    untracked = "party rows of skipped treaties"
    assert all(listed[reason] == n for reason, n in report.skipped.items() if reason != untracked)
    with_parties = ids & set(parties["treatyID"])
    instruments = count(world, "?x dg:reportedIn <https://w3id.org/diplograph/id/source/world-treaties> ; dg:party ?p")
    assert instruments == report.notes["instruments"]
    assert instruments + report.skipped["fewer than two parties that are states or organisations"] == len(with_parties)


def test_every_mission_row_is_imported_or_skipped_with_a_reason(world):
    with (WORLD / "missions" / "database_of_embassies.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    report = world.reports["missions"]
    assert report.read == len(rows) == 9852
    assert balanced(report)
    assert len(report.problems) == sum(report.skipped.values())
    assert count(world, "?x a dg:DiplomaticMission") == report.imported
    assert any("'Sovereign Military Order of Malta' is not a state" in str(p) for p in report.problems)


def test_archigos_rows_merge_into_one_tenure_per_spell(world):
    archigos = rda_tables(WORLD / "leaders" / "leaders.rda", "leaders", "ARCHIGOS")["ARCHIGOS"]
    states = rda_tables(WORLD / "leaders" / "states.rda", "states", "GW", "COW", "ISD", "HUGGO_STATES")
    report = world.reports["leaders"]
    tables = ("GW", "COW", "ISD", "HUGGO_STATES")
    assert report.read == len(archigos) + sum(len(states[t]) for t in tables)
    assert balanced(report)
    assert len(report.problems) == sum(report.skipped.values())
    spells = count(world, "?x a dg:Tenure ; dg:reportedIn <https://w3id.org/diplograph/id/source/world-leaders>")
    assert spells == report.notes["leader spells (rows merged)"] == archigos["archigosID"].nunique()
    memberships = count(world, "?x a dg:StateSystemMembership")
    system_skips = sum(1 for p in report.problems if p.record.split(" ")[0] in ("GW", "COW", "ISD"))
    assert memberships == sum(len(states[t]) for t in ("GW", "COW", "ISD")) - system_skips


def test_every_ifg_appointment_is_a_tenure(world):
    with (WORLD / "uk-ministers" / "appointment.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    report = world.reports["uk-ministers"]
    assert report.read == len(rows) == 3667
    assert balanced(report)
    tenures = count(world, "?x a dg:Tenure ; dg:reportedIn <https://w3id.org/diplograph/id/source/world-uk-ministers>")
    assert tenures == report.imported


#################################################################
# Spot checks through the catalogue
#################################################################


def test_the_1353_treaty_between_england_and_portugal(world):
    rows = world.catalogue("treaties-between", country1="GBR", country2="PRT")
    first = [row for row in rows if row.get("signed", "").startswith("1353")]
    assert first == [
        {
            "instrument": ID + "instrument/ggo/gbr-prt-1353a",
            "title": "Treaty Between England And Portugal",
            "signed": "1353-10-20",
            "inForce": "1353-10-20",
            "ended": "1403-10-19",
            "subjects": first[0]["subjects"],
            "source": ID + "source/world-treaties",
        }
    ]
    assert set(first[0]["subjects"].split("; ")) == {"Peace", "Security"}


def test_japan_has_an_embassy_in_peru_and_peru_one_in_japan_with_their_cities(world):
    rows = world.catalogue("missions-between", country1="JP", country2="PE")
    embassies = {(row["sending"].rsplit("/", 1)[-1], row["city"]) for row in rows if row["type"] == "embassy"}
    assert embassies == {("JP", "Jesús María"), ("PE", "Shibuya-ku")}
    hosts = {row["countryLabel"] for row in world.catalogue("embassies-in", sender="JP")}
    assert "Peru" in hosts


def test_norway_s_delimitation_treaties_are_found_by_subject(world):
    rows = world.catalogue("treaties-by-subject", subject="delimitation", country="NO")
    assert rows
    assert all("delimitation" in row["subjectLabel"].lower() and "Norway" in row["parties"] for row in rows)


def test_peru_s_missions_include_its_embassy_in_japan(world):
    rows = world.catalogue("missions-of", country="PE")
    assert {"type": "embassy", "hostLabel": "Japan", "city": "Shibuya-ku"}.items() <= next(
        row for row in rows if row.get("hostLabel") == "Japan" and row["type"] == "embassy"
    ).items()


def test_relations_without_an_embassy_name_partners_with_no_mission_either_way(world):
    rows = world.catalogue("relations-without-embassy", country="PE")
    assert rows
    for row in rows[:20]:
        partner = row["partner"]
        found = world.select(f"""
            SELECT ?m WHERE {{
              {{ ?m dg:sendingState <{ID}state/PE> ; dg:receivingState <{partner}> }}
              UNION {{ ?m dg:sendingState <{partner}> ; dg:receivingState <{ID}state/PE> }}
            }}""")
        assert found == [], partner


def test_theresa_may_was_uk_prime_minister_on_2017_01_01(world):
    rows = world.catalogue("office-holder", country="GB", office="prime minister", date="2017-01-01")
    assert {row["name"] for row in rows if row["title"] == "Prime Minister of the United Kingdom"} == {"Theresa May"}


def test_the_leader_of_france_on_2005_06_01_per_archigos_was_jacques_chirac(world):
    rows = world.catalogue("leaders-on-date", country="FR", date="2005-06-01")
    archigos = [row for row in rows if row["source"] == ID + "source/world-leaders"]
    assert [(row["name"], row["start"], row["end"]) for row in archigos] == [
        ("Jacques Chirac", "1995-05-17", "2007-05-16")
    ]


def test_the_gdr_was_a_state_until_1990_10_02_and_can_be_named_as_a_parameter(world):
    for name in ("DDDE", "DDR", "ddde"):
        rows = world.catalogue("state-memberships", country=name)
        gw = [row for row in rows if row["system"].startswith("Gleditsch")]
        assert [(row["label"], row["start"], row["end"]) for row in gw] == [
            ("German Democratic Republic", "1949-10-05", "1990-10-02")
        ]


def test_a_code_that_names_no_state_is_refused_with_the_kinds_of_code_accepted():
    with pytest.raises(ParameterError, match="ISO 3166-3"):
        find_query("state-memberships").bindings({"country": "XYZ"})


#################################################################
# Attribution, idempotence, bad input, partial dates
#################################################################


def test_each_dataset_names_its_licence_source_and_commit(world):
    rows = world.select("""
        SELECT ?source ?license ?repository ?commit WHERE {
          ?source a dg:SourceDocument ; dcterms:license ?license ; dcterms:source ?repository ;
                  dcterms:hasVersion ?commit .
          FILTER(STRSTARTS(STR(?source), "https://w3id.org/diplograph/id/source/world-"))
        } ORDER BY ?source""")
    assert {row["source"].rsplit("/", 1)[-1]: row["license"] for row in rows} == {
        "world-leaders": "https://creativecommons.org/licenses/by/4.0/",
        "world-missions": "https://creativecommons.org/publicdomain/zero/1.0/",
        "world-treaties": "https://creativecommons.org/licenses/by/4.0/",
        "world-uk-ministers": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert all(len(row["commit"]) == 40 for row in rows)


def test_every_imported_mission_names_its_licence(world):
    unlicensed = count(world, "?x a dg:DiplomaticMission FILTER NOT EXISTS { ?x dcterms:license ?l }")
    assert unlicensed == 0


def test_importing_twice_gives_the_same_bytes(world, tmp_path):
    for name in ("missions", "uk-ministers"):
        run_import(importer_for(name), WORLD / name, tmp_path)
        written = f"{name}/{DATASETS[name].dataset}.nq"
        assert (tmp_path / written).read_bytes() == (world.folder / written).read_bytes()


def test_a_missions_file_without_its_columns_is_refused_naming_the_file(tmp_path):
    (tmp_path / "database_of_embassies.csv").write_text("operator;country\nJapan;Peru\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"database_of_embassies.csv: line 1: missing column"):
        run_import(importer_for("missions"), tmp_path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_import_command_fails_on_a_missing_folder_and_leaves_no_output(run_cli, tmp_path):
    result = run_cli("import", "uk-ministers", str(tmp_path / "nowhere"), "--imports", str(tmp_path / "out"))
    assert result.status == 1
    assert "person.csv: file not found" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("messy", "kept"),
    [
        ("1990-05-04", "1990-05-04"),
        ("1990-05", "1990-05"),
        ("1990", "1990"),
        ("1990-05-04?", "1990-05-04"),
        ("..1816-01-01", "1816-01-01"),
        ("2017-12-31..", "2017-12-31"),
        ("1990-05..1990-07", "1990"),
        ("1990-XX-XX", "1990"),
        ("<NA>", None),
    ],
)
def test_a_messy_date_keeps_the_precision_it_has(messy, kept):
    assert partial_date(messy) == kept


#################################################################
# Persons across sources
#################################################################


def test_david_cameron_is_one_person_in_archigos_ifg_and_the_curated_data(world):
    links = world.links.links
    linked = {iri for pair in links if ID + "person/cameron-david" in pair for iri in pair}
    sources = {iri.removeprefix(ID + "person/").split("/")[0] for iri in linked}
    assert sources == {"cameron-david", "archigos", "ifg"}
    ifg_links = [pair for pair in links if any(iri.startswith(ID + "person/ifg/") for iri in pair)]
    assert len(ifg_links) > 5
    assert (world.folder / "resolution" / "persons.nq").read_bytes().count(b"owl#sameAs") == len(links)


def test_two_namesakes_in_office_at_once_are_left_ambiguous():
    from diplograph.sources.person_links import Known, resolve

    one = Known(ID + "person/archigos/1", "archigos", {"John Smith"}, {"smith"}, {("GB", "2000-01-01", "2001-01-01")})
    two = Known(ID + "person/ifg/2", "ifg", {"John Smith"}, {"smith"}, {("GB", "2000-06-01", "2000-07-01")})
    three = Known(ID + "person/ifg/3", "ifg", {"Jane Smith"}, {"smith"}, {("GB", "2000-06-01", "2000-07-01")})
    four = Known(ID + "person/ifg/4", "ifg", {"J Smith"}, {"smith"}, {("GB", "2000-06-01", "2000-07-01")})
    result = resolve({k.iri: k for k in (one, two, four)})
    assert (ID + "person/archigos/1 in ifg") in result.ambiguous
    result = resolve({k.iri: k for k in (one, two, three)})
    assert result.links == {(one.iri, two.iri)}


def test_import_all_runs_every_source_whose_folder_is_there_then_links_persons(run_cli, tmp_path):
    # The folder is not called data/: that would make the test's folder a project without curated persons.
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "uk-ministers").symlink_to(WORLD / "uk-ministers")
    result = run_cli("import", "all", str(tmp_path / "world"), "--imports", str(tmp_path / "out"))
    assert result.status == 0, result.stderr
    assert "ifg: 3667 records read, 3667 imported, 0 skipped" in result.stdout
    assert "persons:" in result.stdout
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.nq"))
    assert written == ["resolution/persons.nq", "uk-ministers/ifg.nq"]


#################################################################
# Pages name the licence and source of what they show
#################################################################


@pytest.fixture(scope="module")
def world_site(world, tmp_path_factory):
    """The world store on disk beside a slice of HSG (its 2020 visits), read as the server and the site read it."""
    from diplograph.publish.iri import IriPolicy
    from diplograph.publish.reader import StoreReader
    from diplograph.sources.hsg.importer import run_import as run_hsg_import

    folder = tmp_path_factory.mktemp("world-site")
    for part in ("MANIFEST.md", "visits/data/2020.xml"):
        (folder / "hsg" / part).parent.mkdir(parents=True, exist_ok=True)
        (folder / "hsg" / part).symlink_to(WORLD / "hsg" / part)
    run_hsg_import(folder / "hsg", folder / "imports", ("visits",))
    store = ox.Store(str(folder / "store"))
    store.bulk_extend(world.store)
    store.bulk_load(path=str(folder / "imports" / "hsg" / "visits.nq"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    reader = StoreReader(f"oxigraph:{folder / 'store'}")
    yield folder / "store", reader, IriPolicy.configured()
    reader.close()


def footer(page: str) -> str:
    """The footer of an HTML page, as written."""
    return page.split('<footer class="site">', 1)[1].split("</footer>", 1)[0]


def licences(page: str) -> set[str]:
    """The licences a page's footer links to with rel="license"."""
    import re

    return set(re.findall(r'rel="license" href="([^"]+)"', footer(page)))


def hsg_visit_of_2020(world_site) -> str:
    _, reader, _ = world_site
    dg = "https://w3id.org/diplograph/ontology#"
    rows = reader.select(
        f"SELECT ?v WHERE {{ ?v <{dg}reportedIn> <{ID}source/hsg-visits> FILTER(STRSTARTS(STR(?v), '{ID}visit/')) }}"
        " ORDER BY ?v LIMIT 1"
    )
    return str(rows[0]["v"])


def chirac(world) -> str:
    rows = world.catalogue("leaders-on-date", country="FR", date="2005-06-01")
    return next(row["holder"] for row in rows if row["source"] == ID + "source/world-leaders")


def test_a_treaty_page_on_the_server_names_cc_by_4_and_manytreaties_not_cc0(world_site):
    from starlette.testclient import TestClient

    from diplograph.publish.server import make_app

    path, _, _ = world_site
    client = TestClient(make_app(store=f"oxigraph:{path}", cache=False, workers=1))
    page = client.get("/id/instrument/ggo/gbr-prt-1353a", headers={"Accept": "text/html"}).text
    assert "Treaty Between England And Portugal" in page
    assert licences(page) == {CC_BY}
    assert "manytreaties" in footer(page)
    assert "CC0" not in footer(page)


def test_a_leader_page_of_the_static_site_names_cc_by_4_and_archigos(world, world_site):
    from diplograph.publish.describe import describe
    from diplograph.publish.pages import PageMaker

    _, reader, policy = world_site
    maker = PageMaker(reader, policy, static=True, endpoint=False)  # as `diplograph publish` makes its pages
    page = maker.resource_page(describe(reader, chirac(world)), "en")
    assert "Jacques Chirac" in page
    assert CC_BY in licences(page)
    assert "Archigos" in footer(page)
    assert '<a href="../../../source/world-leaders/index.html">' in footer(page)


def test_an_hsg_visit_page_names_cc0_and_the_hsg_dataset_on_server_and_site(world_site):
    from starlette.testclient import TestClient

    from diplograph.publish.describe import describe
    from diplograph.publish.pages import PageMaker
    from diplograph.publish.server import make_app

    path, reader, policy = world_site
    visit = hsg_visit_of_2020(world_site)
    client = TestClient(make_app(store=f"oxigraph:{path}", cache=False, workers=1))
    served = client.get("/" + policy.path(visit), headers={"Accept": "text/html"}).text
    static = PageMaker(reader, policy, static=True, endpoint=False).resource_page(describe(reader, visit), "fr")
    for page in (served, static):
        assert licences(page) == {CC0}
        assert "Visits by Foreign Leaders" in footer(page)  # the HSG dataset, linked to its page
        assert "source/hsg-visits" in footer(page)
        assert "CC BY" not in footer(page)


def test_a_page_of_the_curated_data_credits_diplograph_under_cc0(world_site):
    from starlette.testclient import TestClient

    from diplograph.publish.server import make_app

    path, _, _ = world_site
    client = TestClient(make_app(store=f"oxigraph:{path}", cache=False, workers=1))
    page = client.get("/id/meeting/2025-08-08-jp-pe", headers={"Accept": "text/html"}).text
    assert licences(page) == {CC0}
    assert "diplograph</a>, licence" in footer(page)


#################################################################
# Imported tenures in the readout intake and the office check
#################################################################

GB_CARD = """card: 1
source:
  id: invented-2022-01-10-gb-jp
  title: An invented UK-Japan telephone talk
  language: en
  issued: '2022-01-10'
meeting:
  date: '2022-01-10'
  format: telephone
  states: [GB, JP]
participants:
- person: Rishi SUNAK
  role: interlocutor
- person: James CLEVERLY
  role: interlocutor
- person: Fumio KISHIDA
  role: interlocutor
"""
"""An invented card (never in data/): two UK ministers of January 2022 whose offices only the IfG data holds
(Sunak is curated for his later premiership, Cleverly for his later foreign secretaryship, or only known to
the IfG data), and Japan's curated prime minister."""


def ifg_posts_on(world: Imported, name: str, date: str) -> set[str]:
    """The posts the IfG tables (read with csv) give a minister on a day, as the IRIs of the imported posts."""
    folder = WORLD / "uk-ministers"
    with (folder / "person.csv").open(encoding="utf-8", newline="") as handle:
        people = {row["id"] for row in csv.DictReader(handle) if row["name"] == name}
    with (folder / "appointment.csv").open(encoding="utf-8", newline="") as handle:
        posts = {
            row["post_id"]
            for row in csv.DictReader(handle)
            if row["person_id"] in people
            and row["start_date"] <= date
            and (not row["end_date"] or date <= row["end_date"])
        }
    found = set()
    for post in posts:
        rows = world.select(f'SELECT ?p WHERE {{ ?p dg:postOf <{ID}state/GB> ; dcterms:identifier "{post}" }}')
        found.update(row["p"] for row in rows)
    return found


def capacities(graph: Graph) -> dict[str, str]:
    """Participant → the post the compiled card gives them."""
    return {
        str(person): str(graph.value(part, URIRef(DG + "inCapacityOf")))
        for part, person in graph.subject_objects(URIRef(DG + "participant"))
    }


def test_a_card_naming_uk_ministers_in_2022_gets_their_ifg_offices_proposed(world, tmp_path):
    from diplograph.pipeline.cards import compile_card

    card = tmp_path / "invented-2022-01-10-gb-jp.yaml"
    card.write_text(GB_CARD, encoding="utf-8")
    held = capacities(compile_card(card, world.store))
    cleverly = next(iri for iri in held if iri not in {ID + "person/sunak-rishi", ID + "person/kishida-fumio"})
    assert {held[ID + "person/sunak-rishi"]} == ifg_posts_on(world, "Rishi Sunak", "2022-01-10")
    assert {held[cleverly]} == ifg_posts_on(world, "James Cleverly", "2022-01-10")
    assert held[ID + "person/kishida-fumio"] == ID + "post/jp-prime-minister"


def test_a_curated_tenure_is_proposed_before_the_imported_ones(world):
    from diplograph.pipeline.card_index import StoreIndex

    sunak = StoreIndex(world.store).person(ID + "person/sunak-rishi")
    assert sunak.posts_on("2023-05-18") == [ID + "post/gb-prime-minister"]
    assert set(sunak.posts_on("2022-01-10")) == ifg_posts_on(world, "Rishi Sunak", "2022-01-10")
    assert sunak.held_on(ID + "post/gb-prime-minister", "2023-05-18")


def test_the_office_check_takes_a_tenure_held_under_another_iri_of_the_person_and_no_other_post(world, tmp_path):
    from diplograph.pipeline.cards import card_quads
    from diplograph.pipeline.shape_queries import PREFIXES, compile_shapes

    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    # A capacity marked `verify: true` is checked by the warning shape instead of the covering one; both ask
    # whether a tenure of the graph covers the date.
    checks = [
        q for q in compile_shapes(shapes) if q.shape.endswith(("#TenureCoversEventShape", "#TenureToVerifyShape"))
    ]
    assert len(checks) == 2
    (chancellor,) = ifg_posts_on(world, "Rishi Sunak", "2022-01-10")
    (foreign,) = ifg_posts_on(world, "James Cleverly", "2023-01-01")  # Foreign Secretary then, never Sunak
    card = tmp_path / "invented-2022-01-10-gb-jp.yaml"

    def unconfirmed() -> set[str]:
        return {
            row["person"].value
            for check in checks
            for row in world.store.query(check.sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        }

    already = unconfirmed()  # the shipped data's own capacities to verify
    refused = {}
    for post in (chancellor, foreign):
        named = f"- person: Rishi SUNAK\n  post: {post.removeprefix(ID)}\n  verify: true\n"
        card.write_text(GB_CARD.replace("- person: Rishi SUNAK\n", named), encoding="utf-8")
        graph = ox.NamedNode("https://w3id.org/diplograph/graph/test/invented-card")
        world.store.extend(card_quads(card, world.store, graph.value))
        try:
            refused[post] = sorted(unconfirmed() - already)
        finally:
            world.store.remove_graph(graph)
    assert refused == {chancellor: [], foreign: [ID + "person/sunak-rishi"]}


def test_a_card_of_ifg_ministers_builds_with_0_violations(world, tmp_path):
    import shutil

    from diplograph.pipeline.build import build
    from diplograph.store.location import StoreSpec

    data, imports = tmp_path / "data", tmp_path / "imports"
    shutil.copytree(data_dir(), data)
    (data / "meetings" / "invented-2022-01-10-gb-jp.yaml").write_text(GB_CARD, encoding="utf-8")
    for part in ("uk-ministers", "resolution"):
        shutil.copytree(world.folder / part, imports / part)
    spec = StoreSpec.parse(f"oxigraph:{tmp_path / 'store'}")
    build(ontology_dir(), data, spec, None, run_reasoner=False, imports_dir=imports)  # raises on a violation
    built = ox.Store.read_only(str(tmp_path / "store"))
    rows = built.query(
        f"SELECT ?post WHERE {{ <{ID}meeting/2022-01-10-gb-jp> <{DG}hasParticipation> ?p . "
        f"?p <{DG}participant> <{ID}person/sunak-rishi> ; <{DG}inCapacityOf> ?post }}",
        use_default_graph_as_union=True,
    )
    assert {row["post"].value for row in rows} == ifg_posts_on(world, "Rishi Sunak", "2022-01-10")


def test_void_credits_each_world_dataset_with_its_licence_source_and_version(world_site):
    from rdflib.namespace import DCTERMS

    from diplograph.publish.void import statistics, void_graph

    _, reader, policy = world_site
    void = void_graph(statistics(reader, policy), policy, None)
    for name, dataset in DATASETS.items():
        source = URIRef(ID + f"source/world-{name}")
        assert void.value(source, DCTERMS.license) == URIRef(dataset.license), name
        assert void.value(source, DCTERMS.source) == URIRef(dataset.repository), name
        assert len(str(void.value(source, DCTERMS.hasVersion))) == 40, name


def test_with_cc_by_data_in_it_the_whole_dataset_is_not_called_cc0(world_site, built_store):
    from rdflib.namespace import DCTERMS

    from diplograph.publish.iri import IriPolicy
    from diplograph.publish.reader import StoreReader
    from diplograph.publish.void import CC0, CC_BY_4, dataset_iri, statistics, void_graph

    _, reader, policy = world_site
    whole = dataset_iri(policy)
    assert set(void_graph(statistics(reader, policy), policy, None).objects(whole, DCTERMS.license)) == {CC_BY_4}
    curated = StoreReader(f"oxigraph:{built_store.path}")
    try:  # the curated data alone is all diplograph's own
        own = void_graph(statistics(curated, IriPolicy.configured()), IriPolicy.configured(), None)
        assert set(own.objects(whole, DCTERMS.license)) == {CC0}
    finally:
        curated.close()
