"""Dates known only to the month are compared correctly, and a shape violation says which value is
wrong, where it is written and what was probably meant."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph.pipeline.load import load_dataset
from diplograph.pipeline.validate import validate, validate_in_store
from diplograph.resources import data_dir, ontology_dir

TDMM = "meetings/au-jp-us-2024-11-17-tdmm-darwin.ttl"
CALL = "meetings/jp-kz-2024-08-09-kishida-tokayev-telephone.ttl"
ID = "https://w3id.org/diplograph/id/"
AUSTIN_END = 'dg:endDate "2025-01-20"^^xsd:date .'


def data_with(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """Copy data/ and apply text edits to some of its files; each edit must apply."""
    shutil.copytree(data_dir(), tmp_path / "data")
    for name, changes in edits.items():
        path = tmp_path / "data" / name
        text = path.read_text()
        for old, new in changes:
            assert old in text, f"{old!r} must be in {name}"
            text = text.replace(old, new, 1)
        path.write_text(text)
    return tmp_path / "data"


def test_a_tenure_ending_in_november_2024_covers_the_meetings_of_that_month(tmp_path):
    folder = data_with(
        tmp_path,
        {
            TDMM: [(AUSTIN_END, 'dg:endDate "2024-11"^^xsd:gYearMonth .')],
            CALL: [('    dg:date "2024-08-09"^^xsd:date ;', '    dg:date "2024-08"^^xsd:gYearMonth ;')],
        },
    )
    store, sources = load_dataset(ontology_dir(), folder)
    assert validate(store, sources) == []
    assert validate_in_store(store, sources) == []


@pytest.mark.parametrize("end", ['"2024-10"^^xsd:gYearMonth', '"2023"^^xsd:gYear'])
def test_a_tenure_that_ended_before_the_month_of_the_meeting_is_still_refused(tmp_path, end):
    folder = data_with(tmp_path, {TDMM: [(AUSTIN_END, f"dg:endDate {end} .")]})
    store, sources = load_dataset(ontology_dir(), folder)
    refused = {v.focus for v in validate_in_store(store, sources) if "no dg:Tenure" in v.message}
    assert refused == {
        "id/participation/2024-11-17-au-jp-us/austin-lloyd",
        "id/participation/2024-11-21-au-jp-kr-ph-us/austin-lloyd",
    }
    # A rebuild checks only what an edit can reach, the OPTIONALs then evaluated row by row: the same verdict.
    focus = {ox.NamedNode(ID + f"participation/2024-11-17-au-jp-us/{p}") for p in ("austin-lloyd", "marles-richard")}
    assert {v.focus for v in validate_in_store(store, sources, focus) if "no dg:Tenure" in v.message} == {
        "id/participation/2024-11-17-au-jp-us/austin-lloyd"
    }


def test_a_typo_and_an_unknown_concept_are_named_located_and_given_their_nearest_concepts(tmp_path):
    folder = data_with(
        tmp_path,
        {
            CALL: [
                ("dg:hasTopic topic:disaster-response , topic:high", "dg:hasTopic topic:enregy , topic:high"),
                ("dg:speechAct act:thank , act:regret ,", "dg:speechAct act:thank , act:condemnation ,"),
            ]
        },
    )
    lines = (folder / CALL).read_text().splitlines()
    topic_line = next(n for n, line in enumerate(lines, 1) if "topic:enregy" in line)
    act_line = next(n for n, line in enumerate(lines, 1) if "act:condemnation" in line)
    store, sources = load_dataset(ontology_dir(), folder)
    for violations in (validate(store, sources), validate_in_store(store, sources)):
        messages = {str(v) for v in violations}
        assert len(messages) == 2, messages
        topic = next(m for m in messages if "enregy" in m)
        assert topic.startswith(f"data/{CALL}:{topic_line}: id/meeting/2024-08-09-jp-kz dg:hasTopic:")
        assert "(value: id/topic/enregy)" in topic and "did you mean id/topic/energy" in topic
        act = next(m for m in messages if "condemnation" in m)
        assert act.startswith(f"data/{CALL}:{act_line}: id/statement/2024-08-09-jp-kz/kishida-regret dg:speechAct:")
        assert "(value: id/act/condemnation)" in act and "did you mean id/act/condemn" in act
