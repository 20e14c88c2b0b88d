"""Incremental rebuilds: after an edit, `diplograph build` reloads only the changed files and ends with
the store a full build would write, or fails as a full build would, leaving the previous store as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph.pipeline.build import BuildReport, build
from diplograph.pipeline.load import LoadError
from diplograph.pipeline.rebuild import MANIFEST_FILE, read_manifest
from diplograph.pipeline.validate import ValidationFailed
from diplograph.resources import data_dir, ontology_dir

SEED = "meetings/2025-08-08-jp-pe.ttl"
INFERRED = ox.NamedNode("https://w3id.org/diplograph/graph/inferred")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the project's data, copied by each test before it edits anything."""
    folder = tmp_path_factory.mktemp("first-build")
    shutil.copytree(data_dir(), folder / "data")
    build(ontology_dir(), folder / "data", _spec(folder / "store"), None)
    return folder


@pytest.fixture
def workspace(first_build: Path, tmp_path: Path) -> Path:
    """A copy of the data and of the store built from it, for one test to edit."""
    shutil.copytree(first_build / "data", tmp_path / "data", copy_function=shutil.copy2)
    shutil.copytree(first_build / "store", tmp_path / "store")
    return tmp_path


def _spec(path: Path):
    from diplograph.store.location import StoreSpec

    return StoreSpec.parse(f"oxigraph:{path}")


def _meetings_in(store: Path) -> int:
    """How many meetings a built store holds (the data grows; the tests compare with it)."""
    query = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/diplograph/ontology#Meeting> }"
    return int(next(iter(ox.Store.read_only(str(store)).query(query, use_default_graph_as_union=True)))["n"].value)


def _rebuild(folder: Path, **options) -> BuildReport:
    return build(ontology_dir(), folder / "data", _spec(folder / "store"), None, **options)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's edit no longer applies to {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _contents(store_path: Path) -> tuple[set[ox.Quad], dict[str, int]]:
    """The quads without blank nodes, and the number of blank-node quads per graph (their ids vary)."""
    store = ox.Store.read_only(str(store_path))
    plain, blank = set(), {}
    for quad in store:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank[quad.graph_name.value] = blank.get(quad.graph_name.value, 0) + 1
        else:
            plain.add(quad)
    return plain, blank


def _full_build_of(folder: Path, tmp_path: Path) -> Path:
    build(ontology_dir(), folder / "data", _spec(tmp_path / "full"), None, full=True)
    return tmp_path / "full"


def _store_files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file() and p.name != "LOCK"}


def test_editing_a_meeting_label_reloads_only_that_file_compiles_no_card_and_gives_what_a_full_build_gives(
    workspace, tmp_path
):
    _edit(
        workspace / "data" / SEED,
        '"Japan–Peru summit meeting, 8 August 2025"@en',
        '"Japan–Peru summit, 8 August 2025"@en',
    )
    meetings = _meetings_in(workspace / "store")
    report = _rebuild(workspace)
    assert report.rebuilt == [f"data/{SEED}"]
    assert report.recompiled == [], "no card names the meeting by that label: the cards' graphs are kept"
    assert report.recompiled_because is None
    assert "reason" not in report.seconds, "a label edit changes no inference: HermiT and the rules are not run"
    assert _contents(workspace / "store") == _contents(_full_build_of(workspace, tmp_path))
    assert report.counts["meetings"] == meetings


def test_a_build_with_nothing_changed_changes_nothing(workspace):
    before, _ = _contents(workspace / "store")
    report = _rebuild(workspace)
    assert report.rebuilt == []
    assert _contents(workspace / "store")[0] == before


def test_an_edit_that_changes_links_recomputes_the_inferences_as_a_full_build_would(workspace, tmp_path):
    before = set(ox.Store.read_only(str(workspace / "store")).quads_for_pattern(None, None, None, INFERRED))
    _edit(
        workspace / "data" / SEED,
        "event:2025-08-08-jp-pe\\/press-conference ,\n                   event:2025-08-08-jp-pe\\/working-lunch ;",
        "event:2025-08-08-jp-pe\\/press-conference ;",
    )
    report = _rebuild(workspace)
    assert report.rebuilt == [f"data/{SEED}"]
    assert "reason" in report.seconds
    after = set(ox.Store.read_only(str(workspace / "store")).quads_for_pattern(None, None, None, INFERRED))
    assert after != before, "the edit was meant to change an inference"
    full_store = ox.Store.read_only(str(_full_build_of(workspace, tmp_path)))
    full = set(full_store.quads_for_pattern(None, None, None, INFERRED))
    assert after == full
    assert _contents(workspace / "store") == _contents(tmp_path / "full")


def test_a_rebuild_that_breaks_a_shape_names_the_resource_and_leaves_the_store_as_it_was(workspace):
    before = _store_files(workspace / "store")
    _edit(workspace / "data" / SEED, 'dg:date "2025-08-08"^^xsd:date ;\n    dg:startTime', "dg:startTime")
    with pytest.raises(ValidationFailed) as failure:
        _rebuild(workspace)
    assert "meeting/2025-08-08-jp-pe" in str(failure.value)
    assert "dg:date" in str(failure.value)
    assert _store_files(workspace / "store") == before
    assert not list(workspace.glob(".store.*")), "the staging copy is removed"


def _open_in(folder_pattern: str) -> list[str]:
    """The files under folders matching the pattern that this process still holds open (Linux's /proc)."""
    fds = Path("/proc/self/fd")
    opened = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # the listing's own descriptor, closed by now
        if folder_pattern in target:
            opened.append(target)
    return opened


def test_a_failed_rebuild_has_closed_its_copy_of_the_store_when_the_error_arrives(workspace):
    # While the copy is open, RocksDB's threads can write files into the folder being removed, and the
    # folder stays beside the store (test_bad_input saw one in 1 suite run of 4).
    seed = workspace / "data" / SEED
    seed.write_text(seed.read_text(encoding="utf-8") + '<urn:x> <urn:y> "unclosed .\n', encoding="utf-8")
    with pytest.raises(LoadError) as failure:
        _rebuild(workspace)
    assert failure.value.path == seed  # raised while the copy was being loaded, deep in the rebuild
    assert failure.value.__traceback__ is not None  # the error, its traceback and its frames are still held here
    assert _open_in(".store.building-") == []
    assert not list(workspace.glob(".store.*"))


def test_a_label_removed_in_a_rebuild_is_refused_as_a_full_build_refuses_it(workspace):
    # A rebuild runs only the constraints that read an edited predicate (here rdfs:label): this one is among them.
    before = _store_files(workspace / "store")
    label = '    rdfs:label "Japan–Peru summit meeting readout, English original (2025/8/8)"@en ;\n'
    _edit(workspace / "data" / SEED, label, "")
    with pytest.raises(ValidationFailed) as failure:
        _rebuild(workspace)
    assert "source/2025-08-08-kantei-jp-pe-summit-en" in str(failure.value)
    assert "a source document needs an rdfs:label" in str(failure.value)
    assert _store_files(workspace / "store") == before


def test_a_label_edit_checks_the_constraints_that_read_labels_and_not_those_on_dates():
    from rdflib import Graph

    from diplograph.pipeline.shape_queries import compile_shapes
    from diplograph.pipeline.validate import RDF_TYPE, reads_any

    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    constraints = compile_shapes(shapes)
    label, date = "http://www.w3.org/2000/01/rdf-schema#label", "https://w3id.org/diplograph/ontology#date"
    run = [c for c in constraints if reads_any(c, {label})]
    assert {c.path for c in run} == {label, None}  # label constraints, and SHACL-SPARQL ones (they read anything)
    assert any(c.path == date for c in constraints) and not any(c.path == date for c in run)
    assert all(reads_any(c, {RDF_TYPE}) for c in constraints)  # a type edit can change every constraint's focus


def test_a_tenure_shortened_in_another_file_is_caught_in_the_meetings_that_it_no_longer_covers(workspace):
    _edit(
        workspace / "data" / "reference" / "office-holders.ttl",
        'dg:startDate "2024-10-01"^^xsd:date ;\n    dg:endDate "2025-10-21"',
        'dg:startDate "2025-09-01"^^xsd:date ;\n    dg:endDate "2025-10-21"',
    )
    # The Turtle meeting of 8 August 2025 fails the tenure shape; a card of a meeting in that term (Lima,
    # 17 November 2024) is refused earlier, when it is compiled: either way the build names the meeting.
    with pytest.raises((ValidationFailed, LoadError)) as failure:
        _rebuild(workspace)
    message = str(failure.value)
    assert "ishiba-shigeru" in message
    assert (
        "participation/2025-08-08-jp-pe/ishiba-shigeru" in message
        and "no dg:Tenure of that post covers that date" in message
    ) or "no tenure in the graph covers 2024-11-17 for ishiba-shigeru" in message


CARD = "meetings/2025-03-19-co-mx.yaml"
FUENTE = (
    'rdfs:label "Juan Ramón DE LA FUENTE RAMÍREZ"@en , "Juan Ramón DE LA FUENTE RAMÍREZ"@fr ;\n'
    '    foaf:familyName "de la Fuente Ramírez" ; foaf:givenName "Juan Ramón" .'
)


def test_renaming_a_person_a_card_names_compiles_the_card_again_against_the_new_name(workspace):
    before = _store_files(workspace / "store")
    renamed = FUENTE.replace("DE LA FUENTE RAMÍREZ", "FUENTES").replace("de la Fuente Ramírez", "Fuentes")
    _edit(workspace / "data" / "reference" / "office-holders-intake.ttl", FUENTE, renamed)
    # The card names "Juan Ramón DE LA FUENTE": kept as compiled before, it would still link him; compiled
    # against the edit, it no longer finds him.
    with pytest.raises(LoadError) as failure:
        _rebuild(workspace)
    assert failure.value.path.name == CARD.rsplit("/", 1)[1]
    assert "unknown person 'Juan Ramón DE LA FUENTE'" in failure.value.message
    assert _store_files(workspace / "store") == before


def test_a_person_relabelled_in_other_words_recompiles_the_cards_and_reports_only_the_edited_file(workspace):
    relabelled = FUENTE.replace("DE LA FUENTE RAMÍREZ", "de la Fuente Ramírez")
    _edit(workspace / "data" / "reference" / "office-holders-intake.ttl", FUENTE, relabelled)
    report = _rebuild(workspace)
    assert f"data/{CARD}" in report.recompiled
    assert "de-la-fuente-ramirez-juan-ramon" in (report.recompiled_because or "")
    assert report.rebuilt == ["data/reference/office-holders-intake.ttl"], "the cards came out the same"
    participant = ox.NamedNode("https://w3id.org/diplograph/id/person/de-la-fuente-ramirez-juan-ramon")
    card_graph = ox.NamedNode("https://w3id.org/diplograph/graph/" + CARD.removesuffix(".yaml"))
    store = ox.Store.read_only(str(workspace / "store"))
    assert list(store.quads_for_pattern(None, None, participant, card_graph)), "the card still links him"


def test_a_card_naming_a_meeting_removed_in_the_same_edit_fails_in_a_rebuild_as_in_a_full_build(workspace, tmp_path):
    # A full build compiles the cards before it reasons; a rebuild still holds the previous build's inferences,
    # which say the removed meeting is a bilateral, ministerial one: the card must not find it there.
    gone = "meetings/co-pe-2014-06-26-holguin-gutierrez-fm.ttl"
    meeting = ox.NamedNode("https://w3id.org/diplograph/id/meeting/2014-06-26-co-pe")
    inferred = ox.Store.read_only(str(workspace / "store")).quads_for_pattern(meeting, None, None, INFERRED)
    assert list(inferred), "the premise: the previous build inferred something of the meeting"
    (workspace / "data" / gone).unlink()
    _edit(workspace / "data" / CARD, "  host: MX\n", "  host: MX\n  occasion: meeting/2014-06-26-co-pe\n")
    before = _store_files(workspace / "store")
    with pytest.raises(LoadError) as rebuilt:
        _rebuild(workspace)
    with pytest.raises(LoadError) as full:
        build(ontology_dir(), workspace / "data", _spec(tmp_path / "full"), None, full=True)
    assert "nothing in the graph is id/meeting/2014-06-26-co-pe" in rebuilt.value.message
    assert rebuilt.value.message == full.value.message
    assert _store_files(workspace / "store") == before


def test_a_removed_file_drops_its_graph(workspace):
    # The Colombia–Peru ministers' meeting: nothing else names its persons, places or sources, so the
    # rest still validates once it is gone (the seed's place and persons are named by cards).
    gone = "meetings/co-pe-2014-06-26-holguin-gutierrez-fm.ttl"
    meetings = _meetings_in(workspace / "store")
    (workspace / "data" / gone).unlink()
    report = _rebuild(workspace)
    assert report.rebuilt == [f"data/{gone}"]
    store = ox.Store.read_only(str(workspace / "store"))
    graph = ox.NamedNode("https://w3id.org/diplograph/graph/" + gone.removesuffix(".ttl"))
    assert not list(store.quads_for_pattern(None, None, None, graph))
    assert report.counts["meetings"] == meetings - 1
    assert str(graph) not in read_manifest(workspace / "store").files


def test_full_rebuilds_everything_and_an_ontology_change_does_too(workspace, tmp_path):
    assert _rebuild(workspace, full=True).rebuilt is None
    ontology = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), ontology)
    _edit(ontology / "diplograph.ttl", "@prefix", "# edited\n@prefix")
    report = build(ontology, workspace / "data", _spec(workspace / "store"), None)
    assert report.rebuilt is None
    assert (workspace / "store" / MANIFEST_FILE).is_file()


def _big_import(folder: Path, quads: int) -> Path:
    """An imports folder holding one N-Quads file of `quads` made-up labels (planned, never built)."""
    imports = folder / "imports" / "test"
    imports.mkdir(parents=True)
    graph = "<https://w3id.org/diplograph/graph/import/test/bulk>"
    lines = (
        f'<https://w3id.org/diplograph/id/meeting/bulk-{i}> <http://www.w3.org/2000/01/rdf-schema#label> "m {i}"@en '
        f"{graph} .\n"
        for i in range(quads)
    )
    (imports / "bulk.nq").write_text("".join(lines), encoding="utf-8")
    return folder / "imports"


def _plan(folder: Path, imports: Path | None = None):
    from diplograph.namespaces import DEFAULT_BASE
    from diplograph.pipeline.load import data_files, import_files, ontology_files
    from diplograph.pipeline.rebuild import plan_build

    sources = ontology_files(ontology_dir()) + data_files(folder / "data") + import_files(imports)
    return plan_build(read_manifest(folder / "store"), sources, DEFAULT_BASE, True)


def test_a_new_import_many_times_the_curated_data_is_built_in_full_not_rebuilt(workspace):
    plan = _plan(workspace, _big_import(workspace, 200_000))
    assert plan.full
    assert "large share of the data" in plan.reason


def test_a_small_new_import_is_rebuilt_over_the_previous_store(workspace):
    plan = _plan(workspace, _big_import(workspace, 50))
    assert not plan.full
    assert [s.label for s in plan.changes.changed if s not in plan.changes.recompiled] == ["imports/test/bulk.nq"]


def test_a_label_edit_is_rebuilt_over_the_previous_store(workspace):
    _edit(workspace / "data" / SEED, '"Japan–Peru summit meeting, 8 August 2025"@en', '"Japan–Peru summit"@en')
    plan = _plan(workspace)
    assert not plan.full
    assert [s.label for s in plan.changes.changed if s not in plan.changes.recompiled] == [f"data/{SEED}"]


def test_a_link_edit_is_rebuilt_with_the_rules_and_without_hermit(workspace, monkeypatch):
    import diplograph.pipeline.reason as reason_module

    def no_hermit(*args, **kwargs):
        raise AssertionError("HermiT ran in the edit loop")

    monkeypatch.setattr(reason_module, "hermit", no_hermit)
    _edit(
        workspace / "data" / SEED,
        "event:2025-08-08-jp-pe\\/press-conference ,\n                   event:2025-08-08-jp-pe\\/working-lunch ;",
        "event:2025-08-08-jp-pe\\/press-conference ;",
    )
    report = _rebuild(workspace)
    assert report.rebuilt == [f"data/{SEED}"]
    assert "reason" in report.seconds


def test_check_owl_finds_every_conclusion_of_hermit_in_a_rebuilt_store(workspace, capsys):
    from diplograph.cli import main

    _edit(
        workspace / "data" / SEED,
        "event:2025-08-08-jp-pe\\/press-conference ,\n                   event:2025-08-08-jp-pe\\/working-lunch ;",
        "event:2025-08-08-jp-pe\\/press-conference ;",
    )
    _rebuild(workspace)
    assert main(["check", "--owl", "--store", f"oxigraph:{workspace / 'store'}"]) == 0
    assert "every conclusion in the store" in capsys.readouterr().out


def test_check_owl_names_a_conclusion_the_store_lacks(workspace, capsys):
    from diplograph.cli import main

    store = ox.Store(str(workspace / "store"))
    summit = ox.NamedNode("https://w3id.org/diplograph/ontology#Summit")
    summits = list(store.quads_for_pattern(None, None, summit, INFERRED))
    assert summits
    store.remove(summits[0])
    store.flush()
    del store
    assert main(["check", "--owl", "--store", f"oxigraph:{workspace / 'store'}"]) == 1
    assert "dg:Summit" in capsys.readouterr().out


def _dump_quads(path: Path) -> set[ox.Quad]:
    """The quads of a dump without blank nodes."""
    quads = ox.parse(path=str(path), format=ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS)
    return {q for q in quads if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def test_a_rebuild_rewrites_the_dumps_to_hold_what_the_store_holds(workspace):
    dumps = workspace / "dumps"
    build(ontology_dir(), workspace / "data", _spec(workspace / "store"), dumps, full=True)
    _edit(workspace / "data" / SEED, '"Japan–Peru summit meeting, 8 August 2025"@en', '"Japan–Peru summit"@en')
    report = build(ontology_dir(), workspace / "data", _spec(workspace / "store"), dumps)
    assert report.rebuilt == [f"data/{SEED}"]
    stored, _ = _contents(workspace / "store")
    for name in ("diplograph.trig", "diplograph.nq"):
        assert _dump_quads(dumps / name) == stored, name
