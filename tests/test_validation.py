"""The shapes, checked two ways: pySHACL on an rdflib copy, and the same shapes compiled to SPARQL in the store."""

from __future__ import annotations

import shutil

import pytest

from diplograph.pipeline.load import load_dataset
from diplograph.pipeline.validate import validate, validate_in_store
from diplograph.resources import data_dir, ontology_dir

SEED = "meetings/2025-08-08-jp-pe.ttl"

BREAKAGES = {
    "a meeting without a date": (
        '    dg:date "2025-08-08"^^xsd:date ;\n    dg:startTime "2025-08-08T11:45',
        '    dg:startTime "2025-08-08T11:45',
    ),
    "a meeting with one state": ("dg:betweenState state:JP , state:PE ;", "dg:betweenState state:JP ;"),
    "a start time without a time zone": ('"2025-08-08T11:45:00+09:00"', '"2025-08-08T11:45:00"'),
    "a topic outside the topic scheme": (
        'dg:hasTopic topic:abductions ;\n    dg:content "a demandé',
        'dg:hasTopic <https://w3id.org/diplograph/id/role/host> ;\n    dg:content "a demandé',
    ),
    "a speaker who did not take part": (
        "stmt:ishiba-welcome a dg:Statement ;\n    dg:speaker person:ishiba-shigeru",
        "stmt:ishiba-welcome a dg:Statement ;\n    dg:speaker person:abe-shinzo",
    ),
    "a statement without a speech act": ("    dg:speechAct act:welcome ;\n", ""),
    "an instrument with one party": (
        "instr:2024-11-jp-pe-defence-moc a dg:MemorandumOfCooperation ;\n    rdfs:label",
        "instr:2024-11-jp-pe-defence-moc a dg:MemorandumOfCooperation ;\n    dg:party state:XX ;\n    rdfs:label",
    ),
    "an instrument with a single named party": ("dg:party state:JP , state:PE ;", "dg:party state:JP ;"),
    "a participant out of office": (
        "dg:inCapacityOf post:jp-prime-minister ;\n    dg:representsState state:JP ;\n    dg:hasRole role:host .",
        "dg:inCapacityOf post:pe-president ;\n    dg:representsState state:JP ;\n    dg:hasRole role:host .",
    ),
}


def findings(violations) -> set[tuple[str, str | None, str]]:
    return {(v.focus, v.path, v.message) for v in violations}


def test_the_project_data_conforms_both_ways():
    store, sources = load_dataset(ontology_dir(), data_dir())
    assert validate(store, sources) == []
    assert validate_in_store(store, sources) == []


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_compiled_shapes_find_what_pyshacl_finds_in(breakage, tmp_path):
    shutil.copytree(data_dir(), tmp_path / "data")
    seed = tmp_path / "data" / SEED
    old, new = BREAKAGES[breakage]
    text = seed.read_text()
    assert old in text, "the breakage must apply to the seed as it is"
    seed.write_text(text.replace(old, new, 1))
    store, sources = load_dataset(ontology_dir(), tmp_path / "data")
    by_pyshacl = findings(validate(store, sources))
    assert by_pyshacl, f"{breakage} must break a shape"
    assert findings(validate_in_store(store, sources)) == by_pyshacl
