"""What HermiT concludes from the ontology and the data, and how a contradiction is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diplograph.pipeline.build import build
from diplograph.pipeline.load import load_dataset
from diplograph.pipeline.reason import RDF_TYPE, Inconsistent, hermit, reason, reasoning_copy
from diplograph.pipeline.rules import apply_rules
from diplograph.resources import data_dir, ontology_dir
from diplograph.store.location import StoreSpec

ID = "https://w3id.org/diplograph/id/"
FIXTURES = Path(__file__).parent / "fixtures"


def test_the_seed_meeting_is_inferred_to_be_a_summit_between_two_states(built_store):
    rows = built_store.select(f"""
        SELECT ?class WHERE {{ GRAPH <https://w3id.org/diplograph/graph/inferred> {{
          <{ID}meeting/2025-08-08-jp-pe> a ?class }} }} ORDER BY ?class""")
    classes = [r["class"].split("#")[-1] for r in rows]
    assert classes == ["BilateralMeeting", "Summit"]


def test_the_summit_was_not_asserted_in_the_data_but_inferred(built_store):
    assert not built_store.ask(f"""ASK {{ GRAPH ?g {{ <{ID}meeting/2025-08-08-jp-pe> a dg:Summit }}
        FILTER(?g != <https://w3id.org/diplograph/graph/inferred>) }}""")


def test_participating_states_follow_from_the_participations(built_store):
    rows = built_store.select(f"""
        SELECT ?state WHERE {{ GRAPH <https://w3id.org/diplograph/graph/inferred> {{
          <{ID}meeting/2025-08-08-jp-pe> dg:participatingState ?state }} }} ORDER BY ?state""")
    assert [r["state"] for r in rows] == [f"{ID}state/JP", f"{ID}state/PE"]


def test_ishibas_participation_is_a_leaders_participation(built_store):
    assert built_store.ask(f"ASK {{ <{ID}participation/2025-08-08-jp-pe/ishiba-shigeru> a dg:LeaderParticipation }}")


def test_hermit_finds_the_ontology_with_all_data_consistent(built_store):
    report = built_store.report
    assert report.inferences.quads, "the reasoner ran and concluded something"


def test_an_inconsistent_record_is_reported_in_plain_words_naming_the_resource():
    store, _ = load_dataset(ontology_dir(), FIXTURES / "inconsistent")
    with pytest.raises(Inconsistent) as caught:
        reason(store)
    message = str(caught.value)
    assert "id/person/lima (in graph/person-and-place) would be both a dg:Person" in message
    assert "dg:Place" in message and "disjoint" in message


def test_a_participation_claimed_by_two_meetings_is_reported_naming_both():
    store, _ = load_dataset(ontology_dir(), FIXTURES / "shared-participation")
    with pytest.raises(Inconsistent) as caught:
        reason(store)
    message = str(caught.value)
    assert "id/participation/shared (in graph/two-meetings) is the value of dg:hasParticipation" in message
    assert "id/meeting/first and id/meeting/second" in message


def test_a_build_of_inconsistent_data_fails_naming_the_file_and_writes_no_store(tmp_path):
    with pytest.raises(Inconsistent) as caught:
        build(ontology_dir(), FIXTURES / "inconsistent", StoreSpec.parse(f"oxigraph:{tmp_path / 'store'}"), None)
    assert "id/person/lima (in data/person-and-place.ttl) would be both a dg:Person" in str(caught.value)
    assert not (tmp_path / "store").exists()


def test_the_readouts_and_seed_together_are_consistent():
    store, _ = load_dataset(ontology_dir(), data_dir())
    assert reason(store).quads


def test_the_sparql_rules_conclude_exactly_what_hermit_concludes_on_the_curated_data():
    store, _ = load_dataset(ontology_dir(), data_dir())
    by_hermit = {str(q) for q in hermit(store).quads}
    by_rules = {str(q) for q in apply_rules(store)}
    assert by_hermit and by_rules == by_hermit


def test_a_summit_in_bulk_imported_data_is_classified_by_the_rules(tmp_path):
    shutil.copytree(data_dir(), tmp_path / "data")
    graph = "<https://w3id.org/diplograph/graph/import/test/meetings>"
    dg, base = "https://w3id.org/diplograph/ontology#", "https://w3id.org/diplograph/id/"
    lines = [
        f"<{base}meeting/1990-01-01-jp-pe> <{RDF_TYPE}> <{dg}Meeting> {graph} .",
        f"<{base}meeting/1990-01-01-jp-pe> <{dg}hasParticipation> <{base}participation/imported/a> {graph} .",
        f"<{base}meeting/1990-01-01-jp-pe> <{dg}hasParticipation> <{base}participation/imported/b> {graph} .",
        f"<{base}participation/imported/a> <{dg}inCapacityOf> <{base}post/jp-prime-minister> {graph} .",
        f"<{base}participation/imported/b> <{dg}inCapacityOf> <{base}post/pe-president> {graph} .",
    ]
    (tmp_path / "data" / "imported.nq").write_text("\n".join(lines) + "\n")
    store, _ = load_dataset(ontology_dir(), tmp_path / "data")
    inferred = {str(q) for q in reason(store).quads}
    assert any("meeting/1990-01-01-jp-pe" in q and "#Summit" in q for q in inferred)


def test_a_contradiction_in_bulk_imported_data_is_reported_without_hermit(tmp_path):
    shutil.copytree(data_dir(), tmp_path / "data")
    graph = "<https://w3id.org/diplograph/graph/import/test/places>"
    dg, lima = "https://w3id.org/diplograph/ontology#", "<https://w3id.org/diplograph/id/place/lima-imported>"
    lines = [f"{lima} <{RDF_TYPE}> <{dg}Person> {graph} .", f"{lima} <{RDF_TYPE}> <{dg}Place> {graph} ."]
    (tmp_path / "data" / "imported.nq").write_text("\n".join(lines) + "\n")
    store, _ = load_dataset(ontology_dir(), tmp_path / "data")
    with pytest.raises(Inconsistent) as caught:
        reason(store)
    assert "id/place/lima-imported (in graph/import/test/places) is typed both dg:Person and dg:Place" in str(
        caught.value
    )


def test_the_same_ontology_and_data_give_the_same_reasoning_copy_each_time():
    """HermiT's cache and the rebuilds know its input by this copy's digest; the parser's blank-node labels vary."""
    first, _ = load_dataset(ontology_dir(), data_dir())
    second, _ = load_dataset(ontology_dir(), data_dir())
    assert reasoning_copy(first) == reasoning_copy(second)
