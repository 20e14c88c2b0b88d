"""The build: load, validate, reason, then write the store and the dumps, or change nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph.load import SourceFile, load_dataset
from diplograph.namespaces import DEFAULT_BASE, DG, META_GRAPH
from diplograph.reason import Inferences, reason
from diplograph.remote import write_sparql
from diplograph.store import StoreError, StoreSpec, write_atomically, write_oxigraph
from diplograph.validate import ValidationFailed, validate

PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

_COUNTS = f"""
PREFIX dg: <{DG}>
SELECT
  (COUNT(DISTINCT ?meeting) AS ?meetings) (COUNT(DISTINCT ?state) AS ?states)
  (COUNT(DISTINCT ?person) AS ?persons) (COUNT(DISTINCT ?instrument) AS ?instruments)
  (COUNT(DISTINCT ?statement) AS ?statements) (COUNT(DISTINCT ?source) AS ?sources)
WHERE {{
  {{ ?meeting a dg:Meeting . OPTIONAL {{ ?meeting dg:betweenState ?state }} }}
  UNION {{ ?person a dg:Person }} UNION {{ ?instrument a ?kind . ?kind rdfs:subClassOf* dg:Instrument }}
  UNION {{ ?statement a dg:Statement }} UNION {{ ?source a dg:SourceDocument }}
}}"""


@dataclass
class BuildReport:
    """What a build produced and how long each stage took, for the summary printed to the user."""

    store: str
    dumps: list[Path]
    triples: int
    graphs: int
    counts: dict[str, int]
    inferences: Inferences
    seconds: dict[str, float] = field(default_factory=dict)
    imports: dict[str, int] = field(default_factory=dict)
    """Triples per imported graph (`diplograph import`), labelled by the file they came from."""


def describe_graphs(sources: list[SourceFile], store: ox.Store) -> list[ox.Quad]:
    """Record, for each data file's named graph, the file it came from and the documents behind it."""
    meta = ox.NamedNode(str(META_GRAPH))
    reported_in = ox.NamedNode(str(DG.reportedIn))
    quads = []
    for source in sources:
        graph = ox.NamedNode(source.graph)
        quads.append(ox.Quad(graph, ox.NamedNode(DCTERMS + "source"), ox.Literal(source.label), meta))
        documents = {q.object for q in store.quads_for_pattern(None, reported_in, None, graph)}
        for document in sorted(documents, key=str):
            quads.append(ox.Quad(graph, ox.NamedNode(PROV + "wasDerivedFrom"), document, meta))
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
) -> BuildReport:
    """Run the whole build; raise LoadError, ValidationFailed or Inconsistent before writing anything."""
    seconds: dict[str, float] = {}

    def timed(stage: str, action):
        on_stage(stage)
        started = time.perf_counter()
        result = action()
        seconds[stage] = time.perf_counter() - started
        return result

    working, sources = timed("load", lambda: load_dataset(ontology_dir, data_dir, base, imports_dir))
    working.extend(describe_graphs(sources, working))
    violations = timed("validate", lambda: validate(working, sources))
    if violations:
        raise ValidationFailed(violations)
    inferences = timed("reason", lambda: reason(working)) if run_reasoner else Inferences()
    working.extend(inferences.quads)

    def write() -> list[Path]:
        if store_spec.kind == "oxigraph":
            write_oxigraph(store_spec.path, working)
        elif store_spec.kind == "sparql":
            write_sparql(store_spec, working, base)
        elif store_spec.kind != "memory":
            raise StoreError(f"diplograph build cannot write to a {store_spec.kind} store")
        dumps = write_dumps(working, dumps_dir) if dumps_dir else []
        if store_spec.kind == "memory" and store_spec.dump.resolve() not in {d.resolve() for d in dumps}:
            # The memory store is read from an N-Quads dump: write it where the spec says.
            write_atomically(store_spec.dump, working.dump(format=ox.RdfFormat.N_QUADS))
            dumps.append(store_spec.dump)
        return dumps

    dumps = timed("write", write)
    row = next(
        iter(
            working.query(
                _COUNTS, use_default_graph_as_union=True, prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
            )
        )
    )
    counts = {
        name: int(row[name].value) for name in ("meetings", "states", "persons", "instruments", "statements", "sources")
    }
    return BuildReport(
        store=str(store_spec),
        dumps=dumps,
        triples=len(working),
        graphs=len(list(working.named_graphs())),
        counts=counts,
        inferences=inferences,
        seconds=seconds,
        imports={
            source.label: sum(1 for _ in working.quads_for_pattern(None, None, None, ox.NamedNode(source.graph)))
            for source in sources
            if source.label.startswith("imports/")
        },
    )


def write_dumps(store: ox.Store, folder: Path) -> list[Path]:
    """Write the whole dataset as TriG (to read) and N-Quads (to load elsewhere)."""
    prefixes = {
        "dg": str(DG),
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    }
    written = []
    for name, rdf_format in (("diplograph.trig", ox.RdfFormat.TRIG), ("diplograph.nq", ox.RdfFormat.N_QUADS)):
        kwargs = {"prefixes": prefixes} if rdf_format is ox.RdfFormat.TRIG else {}
        data = store.dump(format=rdf_format, **kwargs)
        write_atomically(folder / name, data)
        written.append(folder / name)
    return written
