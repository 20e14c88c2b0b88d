"""The build: load, validate, reason, then write the store and the dumps, or change nothing."""

from __future__ import annotations

import gc
import hashlib
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph.namespaces import DEFAULT_BASE, DG, IMPORT_GRAPHS, INFERRED_GRAPH, META_GRAPH
from diplograph.pipeline.bulk_writer import BulkWriter
from diplograph.pipeline.card_reach import bearing_on_cards
from diplograph.pipeline.dump_files import write_dumps
from diplograph.pipeline.load import (
    CARD_SUFFIXES,
    SourceFile,
    data_files,
    import_files,
    load_cards,
    load_dataset,
    load_file,
    ontology_files,
)
from diplograph.pipeline.reason import Inferences, reason, reason_by_rules
from diplograph.pipeline.rebuild import (
    MANIFEST_FILE,
    Changes,
    Manifest,
    changes_logic,
    engine_version,
    graph_size,
    graph_triples,
    plan_build,
    read_manifest,
    record_files,
    touched_resources,
)
from diplograph.pipeline.validate import ValidationFailed, Violation, validate, validate_in_store
from diplograph.store.location import (
    StoreError,
    StoreSpec,
    staging_folder,
    swap_in,
    write_atomically,
    write_oxigraph,
    write_sidecars,
)
from diplograph.store.remote import write_sparql
from diplograph.terms import compact

PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

_COUNTS = {
    "meetings": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Meeting }",
    "states": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?meeting a dg:Meeting ; dg:betweenState ?x }",
    "persons": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Person }",
    "instruments": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?kind . ?kind rdfs:subClassOf* dg:Instrument }",
    "statements": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Statement }",
    "sources": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:SourceDocument }",
    "to verify": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x dg:toVerify true }",
}
"""What the build summary counts, one small query each (one query joining them all is several times slower)."""

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_INFERRED = f"""
SELECT ?key (COUNT(*) AS ?n) WHERE {{
  GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}
  BIND(IF(?p = rdf:type, ?o, ?p) AS ?key)
}} GROUP BY ?key"""


@dataclass
class BuildReport:
    """What a build produced and how long each stage took, for the summary printed to the user."""

    store: str
    dumps: list[Path]
    triples: int
    graphs: int
    counts: dict[str, int]
    inferences: Inferences
    """What the reasoner concluded (empty after a rebuild that kept the previous inferences)."""
    inferred: dict[str, int]
    """The inferred triples in the store, counted by class (for types) or property."""
    seconds: dict[str, float] = field(default_factory=dict)
    imports: dict[str, int] = field(default_factory=dict)
    """Triples per imported graph (`diplograph import`), labelled by the file they came from."""
    rebuilt: list[str] | None = None
    """For an incremental rebuild, the files whose graphs were replaced or dropped; None for a full build."""
    manifest: Manifest | None = None
    """What the next build compares its inputs with (embedded stores only)."""
    why_full: str | None = None
    """For a full build, why the planner did not rebuild over the previous store."""
    warnings: list[Violation] = field(default_factory=list)
    """Results of the sh:Warning shapes on what was checked (a capacity kept to verify): reported, not refused."""
    recompiled: list[str] = field(default_factory=list)
    """For a rebuild, the meeting cards compiled again though not edited (the edit can change what they resolve)."""
    recompiled_because: str | None = None
    """Why those cards were compiled again: a card changed, or an edited triple a card's look-ups read."""


def describe_graphs(sources: list[SourceFile], store: ox.Store) -> list[ox.Quad]:
    """Record, for each data file's named graph, the file it came from and the documents behind it."""
    meta = ox.NamedNode(str(META_GRAPH))
    reported_in = ox.NamedNode(str(DG.reportedIn))
    quads = []
    for source in sources:
        graph = ox.NamedNode(source.graph)
        quads.append(ox.Quad(graph, ox.NamedNode(DCTERMS + "source"), ox.Literal(source.label), meta))
        documents = {q.object for q in store.quads_for_pattern(None, reported_in, None, graph)}
        derived_from = ox.NamedNode(PROV + "wasDerivedFrom")
        for document in sorted(documents, key=str):
            if ox.Quad(graph, derived_from, document, graph) not in store:  # an import says it in its own graph
                quads.append(ox.Quad(graph, derived_from, document, meta))
    return quads


def build(
    ontology_dir: Path,
    data_dir: Path,
    store_spec: StoreSpec,
    dumps_dir: Path | None,
    base: str = DEFAULT_BASE,
    run_reasoner: bool = True,
    on_stage: Callable[[str], None] = lambda stage: None,
    imports_dir: Path | None = None,
    full: bool = False,
) -> BuildReport:
    """Run the build; raise LoadError, ValidationFailed or Inconsistent before writing anything.

    Over an embedded store built before, only the files that changed are reloaded (see rebuild.py),
    unless `full` is set or the ontology, the versions or the settings changed.
    """
    settings = _Settings(store_spec, dumps_dir, base, run_reasoner, on_stage)
    sources = ontology_files(ontology_dir) + data_files(data_dir) + import_files(imports_dir)
    why = "asked for (--full)" if full else f"the store is {store_spec.kind}, not an embedded store"
    if not full and store_spec.kind == "oxigraph":
        previous = read_manifest(store_spec.path)
        plan = plan_build(previous, sources, base, run_reasoner)
        if plan.changes is not None and previous is not None:
            return _rebuild(previous, plan.changes, sources, settings)
        why = plan.reason
    report = _full_build(ontology_dir, data_dir, imports_dir, sources, settings)
    report.why_full = why
    return report


@dataclass(frozen=True)
class _Settings:
    """What every kind of build is told: where to write, at which base, with or without the reasoner."""

    store_spec: StoreSpec
    dumps_dir: Path | None
    base: str
    run_reasoner: bool
    on_stage: Callable[[str], None]


class _Timer:
    """Times the build's stages and tells the caller which one is running."""

    def __init__(self, on_stage: Callable[[str], None]):
        self.on_stage = on_stage
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, action):
        self.on_stage(stage)
        started = time.perf_counter()
        result = action()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        return result


def _full_build(
    ontology_dir: Path, data_dir: Path, imports_dir: Path | None, sources: list[SourceFile], settings: _Settings
) -> BuildReport:
    store_spec, dumps_dir, base, run_reasoner = (
        settings.store_spec,
        settings.dumps_dir,
        settings.base,
        settings.run_reasoner,
    )
    timed = _Timer(settings.on_stage)
    # At the default base the files go to disk unchanged: a child process writes the new store from
    # them while this one checks them in memory (bulk_writer.py).
    bulk = store_spec.kind == "oxigraph" and base == DEFAULT_BASE
    writer = BulkWriter(store_spec.path, sources) if bulk else None
    looked_up: set[str] = set()
    try:
        working, sources = timed("load", lambda: load_dataset(ontology_dir, data_dir, base, imports_dir, looked_up))
        meta = describe_graphs(sources, working)
        working.extend(meta)
        warnings: list[Violation] = []
        violations = timed("validate", lambda: validate(working, sources, warnings))
        if violations:
            raise ValidationFailed(violations)
        inferences = timed("reason", lambda: reason(working)) if run_reasoner else Inferences()
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    working.extend(inferences.quads)
    sizes, inferred = graph_sizes(working), inferred_counts(working)
    made: list[Manifest] = []

    build_id = ""

    def write() -> list[Path]:
        nonlocal build_id
        if store_spec.kind == "oxigraph":
            records = writer.records if writer is not None else record_files(sources)
            manifest = Manifest(
                engine_version(), base, run_reasoner, records, inferences.hermit, sizes, inferred, sorted(looked_up)
            )
            sidecars = {MANIFEST_FILE: manifest.to_json()}
            build_id = hashlib.sha256(sidecars[MANIFEST_FILE]).hexdigest()
            if writer is not None:
                cards = [q for s in sources if s.path.suffix in CARD_SUFFIXES for q in graph_quads(working, s.graph)]
                writer.finish(meta + inferences.quads + cards, sidecars)
            else:
                write_oxigraph(store_spec.path, working, sidecars)
            made.append(manifest)
        elif store_spec.kind == "sparql":
            write_sparql(store_spec, working, base)
        elif store_spec.kind != "memory":
            raise StoreError(f"diplograph build cannot write to a {store_spec.kind} store")
        dumps = write_dumps(working, dumps_dir, build_id) if dumps_dir else []
        if store_spec.kind == "memory" and store_spec.dump.resolve() not in {d.resolve() for d in dumps}:
            # The memory store is read from an N-Quads dump: write it where the spec says.
            write_atomically(store_spec.dump, working.dump(format=ox.RdfFormat.N_QUADS))
            dumps.append(store_spec.dump)
        return dumps

    dumps = timed("write", write)
    report = _report(working, store_spec, dumps, inferences, timed.seconds, sources, sizes, inferred)
    report.manifest = made[0] if made else None
    report.warnings = warnings
    return report


def _rebuild(previous: Manifest, changes: Changes, sources: list[SourceFile], settings: _Settings) -> BuildReport:
    """Replace the graphs of changed files in a hard-linked copy of the store, check, then swap it in."""
    path = settings.store_spec.path
    staging = staging_folder(path)
    try:
        ox.Store.read_only(str(path)).backup(str(staging))
        previous_id = hashlib.sha256((path / MANIFEST_FILE).read_bytes()).hexdigest()
        report, manifest_bytes = _update(ox.Store(str(staging)), previous, changes, sources, settings, previous_id)
        write_sidecars(staging, {MANIFEST_FILE: manifest_bytes})
        swap_in(staging, path)  # the store object is gone: RocksDB has closed the copy
    except BaseException as error:
        _let_go_of_the_copy(error)
        raise
    finally:
        _remove_staging(staging)
    report.rebuilt = [s.label for s in changes.reported()] + [previous.files[g].label for g in changes.removed]
    report.recompiled = [s.label for s in changes.recompiled]
    report.recompiled_because = changes.cards_because[0] if changes.cards_because else None
    return report


def _let_go_of_the_copy(error: BaseException) -> None:
    """Drop the failed stage's frames, so the copy of the store closes before its folder is removed.

    Clearing a frame is not enough: a cleared frame still holds its function, and a lambda's or a
    comprehension's closure holds the store. While the store is open, RocksDB's background threads write
    new files into the folder being removed, which then stays beside the store. So the traceback below
    this function is cut (kept as text in a note, which a bug's report prints) and the chained errors lose theirs.
    """
    below = error.__traceback__.tb_next if error.__traceback__ is not None else None
    if below is not None:
        error.add_note("".join(["the failed rebuild's stack:\n", *traceback.format_tb(below)]).rstrip())
    if error.__traceback__ is not None:
        error.__traceback__.tb_next = None
    chained = error.__cause__ or error.__context__
    while chained is not None:
        chained.__traceback__ = None
        chained = chained.__cause__ or chained.__context__
    gc.collect()  # and any reference cycle that still holds the store


def _remove_staging(staging: Path, attempts: int = 5) -> None:
    """Remove a rebuild's copy of the store, again if RocksDB was still finishing a file in it when first removed."""
    for attempt in range(attempts):
        shutil.rmtree(staging, ignore_errors=True)
        if not staging.exists():
            return
        time.sleep(0.05 * (attempt + 1))


def _update(
    working: ox.Store,
    previous: Manifest,
    changes: Changes,
    sources: list[SourceFile],
    settings: _Settings,
    previous_id: str,
) -> tuple[BuildReport, bytes]:
    store_spec, dumps_dir, base, run_reasoner = (
        settings.store_spec,
        settings.dumps_dir,
        settings.base,
        settings.run_reasoner,
    )
    timed = _Timer(settings.on_stage)
    edited, card_labels = timed("load", lambda: _replace_graphs(working, changes, base, previous))
    focus = timed("validate", lambda: touched_resources(working, edited))
    if any(isinstance(node, ox.BlankNode) for triple in edited for node in (triple.subject, triple.object)):
        focus = None  # an edited blank node cannot be bound in a VALUES block: check everything
    else:
        # Blank nodes the walk merely passed (another file's, unchanged) keep their verdict, as do
        # resources beyond the walk's reach; their named neighbours are in the focus.
        focus = {node for node in focus if isinstance(node, ox.NamedNode)}
    warnings: list[Violation] = []
    predicates = {triple.predicate.value for triple in edited} if focus is not None else None
    violations = timed("validate", lambda: validate_in_store(working, sources, focus, warnings, predicates))
    if violations:
        raise ValidationFailed(violations)
    inferred_graph = ox.NamedNode(str(INFERRED_GRAPH))
    sizes = {g: n for g, n in previous.graph_sizes.items() if g not in changes.removed}
    if run_reasoner and changes_logic(edited):
        imports_changed = any(
            g.startswith(str(IMPORT_GRAPHS)) for g in [s.graph for s in changes.changed] + changes.removed
        )

        def recompute() -> Inferences:
            # HermiT runs on full builds and in `check --owl`; here the rules. When the imports are as they
            # were, only the resources the edit can reach are classified again (their old conclusions go).
            if focus is not None and not imports_changed:
                for quad in [
                    q for q in working.quads_for_pattern(None, None, None, inferred_graph) if q.subject in focus
                ]:
                    working.remove(quad)
                found = reason_by_rules(working, previous.hermit, focus)
            else:
                working.clear_graph(inferred_graph)
                found = reason_by_rules(working, previous.hermit)
            working.extend(found.quads)
            return found

        inferences = timed("reason", recompute)
        inferred = inferred_counts(working)
        sizes[str(INFERRED_GRAPH)] = graph_size(working, str(INFERRED_GRAPH))
    else:
        inferences, inferred = Inferences([], previous.hermit), previous.inferred
    for graph in [s.graph for s in changes.changed] + [str(META_GRAPH)]:
        sizes[graph] = graph_size(working, graph)
    sizes = {graph: n for graph, n in sizes.items() if n}  # as graph_sizes() lists only graphs with triples

    manifest = Manifest(
        engine_version(), base, run_reasoner, changes.records, inferences.hermit, sizes, inferred, card_labels
    )
    manifest_bytes = manifest.to_json()
    touched = {s.graph for s in changes.changed} | set(changes.removed) | {str(META_GRAPH)}
    if inferences.quads or "reason" in timed.seconds:
        touched.add(str(INFERRED_GRAPH))

    def write() -> list[Path]:
        working.flush()
        if not dumps_dir:
            return []
        build_id = hashlib.sha256(manifest_bytes).hexdigest()
        return write_dumps(working, dumps_dir, build_id, previous_id, touched)

    dumps = timed("write", write)
    report = _report(working, store_spec, dumps, inferences, timed.seconds, sources, sizes, inferred)
    report.manifest = manifest
    report.warnings = warnings
    return report, manifest_bytes


def _replace_graphs(
    store: ox.Store, changes: Changes, base: str, previous: Manifest
) -> tuple[set[ox.Triple], list[str] | None]:
    """Reload the changed files' graphs and drop the removed ones; return the triples added or removed, and the
    texts the cards looked up by label (new if they were compiled again).

    The cards are compiled again, all of them in the order of a full build, only when a card changed or the
    other files' edit can change what a card resolves (card_reach.py); otherwise their graphs stay."""
    added: set[ox.Triple] = set()
    removed: set[ox.Triple] = set()
    for graph in changes.removed:
        removed |= graph_triples(store, graph)
        store.remove_graph(ox.NamedNode(graph))
        _forget_description(store, graph)
    cards = [s for s in changes.changed if s.path.suffix in CARD_SUFFIXES]
    others = [s for s in changes.changed if s not in cards]
    _reload(store, others, added, removed, changes, lambda: [load_file(store, s, base) for s in others])
    card_labels = previous.card_labels
    because = next(
        (
            f"{label} changed"
            for label in [s.label for s in cards if s not in changes.recompiled]
            + [previous.files[g].label for g in changes.removed if Path(previous.files[g].path).suffix in CARD_SUFFIXES]
        ),
        None,
    )
    if because is None and cards:
        triple = bearing_on_cards(store, added, removed, None if card_labels is None else set(card_labels))
        because = None if triple is None else f"a card can read {triple}"
    if because is not None:
        looked_up: set[str] = set()
        _reload(store, cards, added, removed, changes, lambda: load_cards(store, cards, base, looked_up))
        card_labels = sorted(looked_up)
        changes.cards_because.append(because)
    else:
        changes.changed[:] = others  # the cards' graphs stay as the previous build compiled them
        changes.recompiled.clear()
    store.extend(describe_graphs(changes.changed, store))
    return added | removed, card_labels


def _reload(
    store: ox.Store,
    sources: list[SourceFile],
    added: set[ox.Triple],
    removed: set[ox.Triple],
    changes: Changes,
    load: Callable[[], object],
) -> None:
    """Empty the sources' graphs, `load` them again, and add what changed to `added` and `removed`."""
    before = {source.graph: graph_triples(store, source.graph) for source in sources}
    for source in sources:
        store.remove_graph(ox.NamedNode(source.graph))
    load()
    for source in sources:
        after = graph_triples(store, source.graph)
        if before[source.graph] == after:
            changes.unaltered.add(source.graph)
        added |= after - before[source.graph]
        removed |= before[source.graph] - after
        _forget_description(store, source.graph)


def _forget_description(store: ox.Store, graph: str) -> None:
    """Take away what the metadata graph says of a graph (describe_graphs says it again)."""
    meta = ox.NamedNode(str(META_GRAPH))
    for quad in list(store.quads_for_pattern(ox.NamedNode(graph), None, None, meta)):
        store.remove(quad)


def graph_quads(store: ox.Store, graph: str) -> list[ox.Quad]:
    """The quads of one named graph (a compiled card's, for the store writer)."""
    return list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """Count the triples of every named graph."""
    return {row["g"].value: int(row["n"].value) for row in store.query(_GRAPH_SIZES)}


def inferred_counts(store: ox.Store) -> dict[str, int]:
    """Count the inferred triples by class (for types) or property, for the build summary."""
    rows = store.query(_INFERRED, prefixes={"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"})
    return dict(sorted((compact(row["key"].value), int(row["n"].value)) for row in rows))


def _report(
    store: ox.Store,
    store_spec: StoreSpec,
    dumps: list[Path],
    inferences: Inferences,
    seconds: dict[str, float],
    sources: list[SourceFile],
    sizes: dict[str, int],
    inferred: dict[str, int],
) -> BuildReport:
    prefixes = {"dg": str(DG), "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    counts = {
        name: int(next(iter(store.query(text, use_default_graph_as_union=True, prefixes=prefixes)))["n"].value)
        for name, text in _COUNTS.items()
    }
    return BuildReport(
        store=str(store_spec),
        dumps=dumps,
        triples=sum(sizes.values()),
        graphs=len(sizes),
        counts=counts,
        inferences=inferences,
        inferred=inferred,
        seconds=seconds,
        imports={source.label: sizes.get(source.graph, 0) for source in sources if source.label.startswith("imports/")},
    )
