"""Meeting cards: the seed as a card compiles to the seed's Turtle, and a faulty card says where and what to do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from diplograph.namespaces import graph_for_file
from diplograph.pipeline.card_reader import CardError, load_card
from diplograph.pipeline.cards import compile_card
from diplograph.pipeline.load import LoadError, load_dataset
from diplograph.resources import data_dir, ontology_dir, schemas_dir

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "tests" / "fixtures" / "cards" / "2025-08-08-jp-pe.yaml"
SEED_TTL = data_dir() / "meetings" / "2025-08-08-jp-pe.ttl"
SEED_GRAPH = graph_for_file("meetings/2025-08-08-jp-pe.ttl")
ID = "https://w3id.org/diplograph/id/"
DG = "https://w3id.org/diplograph/ontology#"


@pytest.fixture(scope="module")
def store():
    working, _ = load_dataset(ontology_dir(), data_dir())
    return working


def _compile(store, text: str) -> Graph:
    return compile_card(CARD, store, exclude_graph=SEED_GRAPH, text=text)


def _problems(store, text: str) -> list:
    with pytest.raises(CardError) as caught:
        _compile(store, text)
    return caught.value.problems


def test_the_seed_card_compiles_to_the_same_triples_as_the_seed_turtle(store) -> None:
    compiled = compile_card(CARD, store, exclude_graph=SEED_GRAPH)
    _, only_card, only_turtle = graph_diff(to_isomorphic(compiled), to_isomorphic(Graph().parse(SEED_TTL)))
    assert not only_card and not only_turtle, (sorted(only_card)[:5], sorted(only_turtle)[:5])
    assert len(compiled) == len(Graph().parse(SEED_TTL))


def test_the_card_schema_is_valid_json_schema_and_accepts_the_seed_card() -> None:
    schema = json.loads((schemas_dir() / "meeting-card.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    load_card(CARD)  # raises CardError if the schema refuses it


def test_an_unknown_person_is_named_with_its_field_line_and_nearest_name(store) -> None:
    text = CARD.read_text().replace(
        "person: Dina BOLUARTE\n  post: President of Peru", "person: Dina BOLUARTO\n  post: President of Peru"
    )
    problem = _problems(store, text)[0]
    line = text.splitlines().index("- person: Dina BOLUARTO") + 1
    assert (problem.field, problem.line) == ("participants[1].person", line)
    assert "unknown person 'Dina BOLUARTO'" in problem.message and "BOLUARTE ZEGARRA" in problem.message
    assert "add them under persons:" in problem.message


def test_a_misspelt_topic_gets_the_nearest_topic_suggested(store) -> None:
    text = CARD.read_text().replace("topics: [tourism, people-to-people]", "topics: [turism, people-to-people]")
    problem = _problems(store, text)[0]
    assert problem.field == "instruments[0].topics[0]"
    assert problem.line == next(i for i, line in enumerate(text.splitlines(), 1) if "turism" in line)
    assert "did you mean tourism?" in problem.message


def test_a_post_no_tenure_covers_on_the_date_is_refused_with_what_to_do(store) -> None:
    # Ishiba was not yet Prime Minister on 8 August 2024.
    text = CARD.read_text().replace("date: 2025-08-08\n  start", "date: 2024-08-08\n  start")
    problems = [p for p in _problems(store, text) if p.field == "participants[0].post"]
    assert problems, "the post of participants[0] should be refused"
    assert "no tenure in the graph has ishiba-shigeru as jp-prime-minister on 2024-08-08" in problems[0].message
    assert "verify: true" in problems[0].message


def test_verify_true_records_a_post_no_tenure_covers(store) -> None:
    text = CARD.read_text().replace("date: 2025-08-08\n  start", "date: 2024-08-08\n  start")
    text = text.replace(
        "post: Prime Minister of Japan\n  role: host",
        "post: Prime Minister of Japan\n  verify: true\n  role: host",
    )
    assert "verify: true" in text
    problems = _problems(store, text)
    assert not [p for p in problems if p.field == "participants[0].post"]


def _ishiba_as_foreign_minister(verify: bool) -> str:
    """The seed card with Ishiba named as foreign minister, a post no tenure of the graph gives him."""
    mark = "\n  verify: true" if verify else ""
    return CARD.read_text().replace(
        "person: ISHIBA Shigeru\n  post: Prime Minister of Japan\n  role: host",
        f"person: ISHIBA Shigeru\n  post: post/jp-minister-for-foreign-affairs{mark}\n  role: host",
    )


def test_verify_true_marks_the_participation_to_verify_in_the_graph(store) -> None:
    compiled = _compile(store, _ishiba_as_foreign_minister(verify=True))
    marked = set(compiled.subjects(URIRef(DG + "toVerify"), None))
    meeting_part = URIRef(ID + "participation/2025-08-08-jp-pe/ishiba-shigeru")
    assert meeting_part in marked
    post = URIRef(ID + "post/jp-minister-for-foreign-affairs")
    assert compiled.value(meeting_part, URIRef(DG + "inCapacityOf")) == post
    # Boluarte's post is covered by her tenure: not marked.
    assert all("boluarte" not in str(node) for node in marked)


def test_a_capacity_to_verify_builds_with_a_warning_naming_the_card_and_the_participant(tmp_path: Path) -> None:
    from rich.console import Console

    from diplograph.cli import print_summary
    from diplograph.pipeline.build import build
    from diplograph.store.location import StoreSpec

    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    (data / "meetings" / "2025-08-08-jp-pe.ttl").unlink()
    card = data / "meetings" / "2025-08-08-jp-pe.yaml"
    card.write_text(_ishiba_as_foreign_minister(verify=True))
    spec = StoreSpec.parse(f"oxigraph:{tmp_path / 'store'}")
    report = build(ontology_dir(), data, spec, None, run_reasoner=False)
    (warning,) = [w for w in report.warnings if w.focus == "id/participation/2025-08-08-jp-pe/ishiba-shigeru"]
    assert warning.file == "data/meetings/2025-08-08-jp-pe.yaml"
    assert "id/person/ishiba-shigeru took part as id/post/jp-minister-for-foreign-affairs" in warning.message
    assert "verify: true" in warning.message
    marked = report.counts["to verify"]
    assert marked == 1 + 3 + 1  # the meeting, its three side events, and the Colombia–Mexico card's Sarabia
    console = Console(record=True, width=400)
    print_summary(report, 1.0, console)
    (line,) = [line for line in console.export_text().splitlines() if "to verify" in line]
    assert f"to verify: {marked} capacities no tenure covers yet" in line
    assert "data/meetings/2025-08-08-jp-pe.yaml" in line and "diplograph query to-verify" in line


def test_without_verify_a_capacity_no_tenure_covers_is_still_refused(store) -> None:
    problems = [p for p in _problems(store, _ishiba_as_foreign_minister(verify=False)) if p.field.endswith(".post")]
    assert problems[0].field == "participants[0].post" and problems[0].line == 49
    assert "no tenure in the graph has ishiba-shigeru as jp-minister-for-foreign-affairs on 2025-08-08" in (
        problems[0].message
    )
    assert "add verify: true" in problems[0].message


def test_the_tenure_shape_refuses_an_unmarked_capacity_that_the_warning_would_accept(tmp_path: Path) -> None:
    """Turtle written by hand without dg:toVerify: still a violation (the mark is what makes it a warning)."""
    from diplograph.pipeline.validate import validate_in_store

    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    (data / "meetings" / "2025-08-08-jp-pe.ttl").unlink()
    card = data / "meetings" / "2025-08-08-jp-pe.yaml"
    card.write_text(_ishiba_as_foreign_minister(verify=True))
    working, sources = load_dataset(ontology_dir(), data)
    to_verify = __import__("pyoxigraph").NamedNode(DG + "toVerify")
    for quad in list(working.quads_for_pattern(None, to_verify, None)):
        working.remove(quad)
    warnings: list = []
    refused = validate_in_store(working, sources, warnings=warnings)
    assert any("no dg:Tenure of that post covers that date" in v.message for v in refused)
    assert not warnings


def test_a_participant_without_post_gets_the_post_their_tenure_covers(store) -> None:
    text = CARD.read_text().replace(
        "person: ISHIBA Shigeru\n  post: Prime Minister of Japan\n  role: host", "person: ISHIBA Shigeru\n  role: host"
    )
    compiled = _compile(store, text)
    participation = URIRef(ID + "participation/2025-08-08-jp-pe/ishiba-shigeru")
    assert compiled.value(participation, URIRef(DG + "inCapacityOf")) == URIRef(ID + "post/jp-prime-minister")


def test_a_card_for_a_meeting_already_in_the_graph_is_refused(store) -> None:
    with pytest.raises(CardError) as caught:
        compile_card(CARD, store)  # the seed's Turtle is in the store
    problem = caught.value.problems[0]
    assert problem.field == "meeting.date"
    assert "already in the graph (meetings/2025-08-08-jp-pe)" in problem.message


def test_a_misspelt_field_is_refused_by_the_schema_with_its_line(store) -> None:
    text = CARD.read_text().replace(
        "  approximate: true\n  format: in person", "  aproximate: true\n  format: in person"
    )
    problem = _problems(store, text)[0]
    assert problem.field == "meeting"
    assert "'aproximate' was unexpected" in problem.message


def test_the_build_reads_a_card_beside_turtle_and_reports_its_faults_at_its_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    (data / "meetings" / "2025-08-08-jp-pe.ttl").unlink()
    shutil.copy(CARD, data / "meetings" / "2025-08-08-jp-pe.yaml")
    working, sources = load_dataset(ontology_dir(), data)
    assert "data/meetings/2025-08-08-jp-pe.yaml" in [s.label for s in sources]
    seed = Graph().parse(SEED_TTL)
    graph = working.quads_for_pattern(None, None, None, __import__("pyoxigraph").NamedNode(SEED_GRAPH))
    assert len(list(graph)) == len(seed)
    card = data / "meetings" / "2025-08-08-jp-pe.yaml"
    card.write_text(card.read_text().replace("act: welcome", "act: welcom"))
    with pytest.raises(LoadError) as caught:
        load_dataset(ontology_dir(), data)
    assert caught.value.path == card and "statements[0].act" in caught.value.message
    assert "did you mean welcome?" in caught.value.message
    # A reference no file defines: the build tries the cards without hints first (one may wait for another),
    # then says the fault again with the nearest label of the graph. (The other cards go: those naming the
    # seed's places would wait for it, and the first of them would be reported.)
    for other in (data / "meetings").glob("*.yaml"):
        if other != card:
            other.unlink()
    card.write_text(
        card.read_text().replace("act: welcom", "act: welcome").replace("at: 2024-11-jp-pe", "at: 2024-11-jp-per")
    )
    with pytest.raises(LoadError) as caught:
        load_dataset(ontology_dir(), data)
    assert "unknown reference '2024-11-jp-per'" in caught.value.message
    assert "(did you mean 2024-11-jp-pe?)" in caught.value.message


def test_a_card_records_side_event_order_and_how_an_instrument_was_concluded(store) -> None:
    text = CARD.read_text().replace("- id: signing\n", "- id: signing\n  position: 1\n  before: [press-conference]\n")
    text = text.replace(
        "  concluded_at: signing\n", "  concluded_at: signing\n  conclusion: signed\n  status: concluded\n", 1
    )
    compiled = _compile(store, text)
    signing = URIRef(ID + "event/2025-08-08-jp-pe/signing")
    moc = URIRef(ID + "instrument/2025-08-08-jp-pe-tourism-moc")
    assert int(compiled.value(signing, URIRef(DG + "position"))) == 1
    assert compiled.value(signing, URIRef(DG + "precedes")) == URIRef(ID + "event/2025-08-08-jp-pe/press-conference")
    assert compiled.value(moc, URIRef(DG + "conclusionMode")) == URIRef(ID + "conclusion-mode/signed")
    assert compiled.value(moc, URIRef(DG + "instrumentStatus")) == URIRef(ID + "instrument-status/concluded")


def test_a_statement_within_an_instrument_that_is_no_framework_is_refused(store) -> None:
    text = CARD.read_text().replace("within: strategic-partnership-road-map", "within: tourism-moc", 1)
    problem = next(p for p in _problems(store, text) if p.field.endswith(".within"))
    assert "tourism-moc is a memorandum of cooperation, not a cooperation framework: use refers_to:" in problem.message


def test_a_statement_within_a_side_event_is_refused_at_its_line_without_hermit(store) -> None:
    text = CARD.read_text().replace("within: strategic-partnership-road-map", "within: signing", 1)
    problem = next(p for p in _problems(store, text) if p.field.endswith(".within"))
    line = text.splitlines().index("  within: signing") + 1
    assert problem.field == "statements[4].within" and problem.line == line
    assert "'signing' is an id of side_events: within: names the cooperation framework" in problem.message
    assert "refers_to:" in problem.message


def test_a_statement_within_an_event_of_another_file_is_refused(store) -> None:
    text = CARD.read_text().replace(
        "within: strategic-partnership-road-map", "within: relations/jp-pe/establishment", 1
    )
    problem = next(p for p in _problems(store, text) if p.field.endswith(".within"))
    assert "is not an instrument" in problem.message


def test_the_statement_shape_refuses_a_framework_that_is_an_event(store) -> None:
    """Turtle written by hand gets the same check from the shapes, compiled to SPARQL (no HermiT)."""
    import pyoxigraph as ox

    from diplograph.pipeline.validate import validate_in_store

    statement = ox.NamedNode(ID + "statement/2025-08-08-jp-pe/boluarte-intent-road-map")
    within = ox.NamedNode(DG + "withinFramework")
    signing = ox.NamedNode(ID + "event/2025-08-08-jp-pe/signing")
    graph = ox.NamedNode(SEED_GRAPH)
    working = ox.Store()
    working.extend(store.quads_for_pattern(None, None, None))
    working.add(ox.Quad(statement, within, signing, graph))
    found = validate_in_store(working, [], focus={statement})
    (violation,) = [v for v in found if v.path == "dg:withinFramework"]
    assert violation.value == "id/event/2025-08-08-jp-pe/signing"
    assert "names the cooperation framework (an instrument)" in violation.message


def test_a_group_the_readout_does_not_name_is_a_participation_with_its_words_and_count(store) -> None:
    text = CARD.read_text().replace(
        "  post: President of Peru\n  role: guest\n",
        "  post: President of Peru\n  role: guest\n"
        "- description: business leaders from Japan\n  state: JP\n  role: delegation-member\n"
        "  count: 80\n  approximate: true\n",
        1,
    )
    compiled = _compile(store, text)
    group = URIRef(ID + "participation/2025-08-08-jp-pe/business-leaders-from-japan")
    assert (URIRef(ID + "meeting/2025-08-08-jp-pe"), URIRef(DG + "hasParticipation"), group) in compiled
    assert str(compiled.value(group, URIRef(DG + "participantDescription"))) == "business leaders from Japan"
    assert int(compiled.value(group, URIRef(DG + "participantCount"))) == 80
    assert compiled.value(group, URIRef(DG + "approximate")).toPython() is True
    assert compiled.value(group, URIRef(DG + "participant")) is None


def test_a_card_states_a_standing_mechanism_and_the_meeting_as_its_session(store) -> None:
    text = CARD.read_text().replace(
        "\nparticipants:\n",
        "  session_of: jp-pe-summits\nmechanisms:\n- id: jp-pe-summits\n  label: Japan–Peru summits\n"
        "  kind: regular summits\n  frequency: every 2 years\n  established_by: meeting\n\nparticipants:\n",
        1,
    )
    compiled = _compile(store, text)
    mechanism = URIRef(ID + "mechanism/jp-pe-summits")
    assert compiled.value(URIRef(ID + "meeting/2025-08-08-jp-pe"), URIRef(DG + "sessionOf")) == mechanism
    assert compiled.value(mechanism, URIRef(DG + "mechanismKind")) == URIRef(ID + "mechanism-kind/regular-summits")
    assert str(compiled.value(mechanism, URIRef(DG + "frequency"))) == "P2Y"
    assert set(compiled.objects(mechanism, URIRef(DG + "betweenState"))) == {
        URIRef(ID + "state/JP"),
        URIRef(ID + "state/PE"),
    }


def test_an_id_used_twice_in_a_card_is_refused_with_both_sections(store) -> None:
    text = CARD.read_text().replace("- id: press-conference\n", "- id: tourism-moc\n", 1)
    problem = next(p for p in _problems(store, text) if p.field.endswith(".id"))
    assert problem.field.startswith("instruments[")
    assert "the id 'tourism-moc' is already used in side_events" in problem.message


def test_whose_post_is_still_to_verify_is_one_catalogue_question(store) -> None:
    from diplograph.store.catalogue import catalogue

    rows = list(store.query(catalogue()["to-verify"].sparql, use_default_graph_as_union=True))
    found = {
        (row["person"].value.rsplit("/", 1)[1], row["post"].value.rsplit("/", 1)[1], row["date"].value) for row in rows
    }
    assert ("sarabia-laura", "co-minister-of-foreign-affairs", "2025-03-19") in found
    assert all(row["participation"].value.startswith(ID + "participation/") for row in rows)
