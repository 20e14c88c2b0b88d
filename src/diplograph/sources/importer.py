"""The one interface every importer implements, and `run_import`, which runs any of them the same way.

An importer turns the files of one outside source into RDF against the diplograph ontology. It is
a subclass of `Importer` that says what the source is (`name`, `datasets`) and implements four
steps; `run_import` calls them in order and does everything else the same way for every source:

1. `read(path, reports, advance)`: parse the source files into records of the importer's own
   shape (any object). Count every record read in `reports[dataset].read`. A malformed record is
   skipped with `reports[dataset].skip(reason, Problem(file, record id, what is wrong))`, and the
   other records are kept (`diplograph.sources.xml_records` recovers XML record by record). Call
   `advance(dataset, n)` as files are done: it moves the progress bar (`count` gives the totals).
   Raise `SourceError` only when nothing can be read at all (a missing folder).
2. `resolve(records)`: match the entities the records name (states, posts, persons) to IRIs, all
   at once, so that IRIs never depend on the order of the records. Return figures for the summary
   ("person spellings merged": 55). Optional.
3. `emit(dataset, records, out, report)`: write the triples of one dataset into `out`, an
   `Emitter` for the named graph `graph/import/<name>/<dataset>`; count `report.imported` and
   skip what cannot be imported (with a Problem). Use IRIs derived from the source's ids, never
   blank nodes or counters that depend on the order of files. Link to resources the project
   already describes (`id/state/PE`, `id/post/pe-president`) rather than minting new ones.
4. `info(path, dataset)`: where the dataset comes from (`DatasetInfo`: title, repository,
   licence, version); `run_import` writes it to the sidecar. Call `describe_source(out, info)`
   from `emit`: it writes the dg:SourceDocument that imported resources point to with
   dg:reportedIn (use `record(out, subject, info.source, id)`), its licence and publisher, and the
   graph's own provenance (prov:wasDerivedFrom, dct:license), from which VoID/DCAT credit it.

Before writing, `run_import` makes sure that each triple lives in one graph of the store, because
the stores read the union of the graphs and Oxigraph and Virtuoso give a triple once per graph
that holds it (rdflib once): a triple twice made rows repeat and stores disagree. So:

* a triple the project's own data already states (ontology, data/, the ISO 3166 reference
  states; the `Project`) is not written again;
* an rdfs:label of a resource the project labels in the same language is written as
  skos:altLabel, so that a post or a state keeps one label per language, the project's; and a
  resource the project gives a class keeps the project's classes only;
* a triple that several datasets of the source give is written once, in the graph of the first
  dataset in `owners` that gives it (`owners` defaults to `datasets`). Every available dataset is
  emitted to decide this, whichever are chosen, so that importing datasets one by one gives the
  same files as importing them together; a dataset then lacks what another dataset owns.

So emit freely (declare every post or person you use); the runner removes the repeats. Two
sources are not settled against each other (each is imported on its own): where another source
already describes a resource, link to it rather than describing it again, or mint your own IRI.

`run_import` then writes each dataset as sorted N-Quads to `<imports>/<name>/<dataset>.nq`
through an atomic rename (a reader never sees half a file; an interrupted run leaves the previous
file), and the time, folder and counts to `<dataset>.import.json`, which the build does not load.
The `.nq` files depend only on the source files and the project's data: importing twice gives byte-identical files
(tests/test_hsg_import.py checks it for HSG; do the same for a new source). It shows a rich progress
bar on the console and returns an `ImportReport` that `print_report` prints: per dataset, records
read, imported and skipped by reason, with the first problems (file, record, reason).

To add a source: write `diplograph/sources/<name>/importer.py` with a subclass of `Importer`, add
it to `IMPORTERS` below, and `diplograph import <name> PATH` runs it (`sources/commands.py`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from diplograph.pipeline.load import load_dataset
from diplograph.resources import data_dir, ontology_dir
from diplograph.sources.emitter import RDF, RDFS, SKOS, DatasetInfo, Emitter, import_graph
from diplograph.sources.report import DatasetReport, ImportReport
from diplograph.store.location import write_atomically

Advance = Callable[[str, int], None]
"""`advance(dataset, n)`: n more units (files) of a dataset are read; moves the progress bar."""

IMPORTERS: dict[str, str] = {
    "hsg": "diplograph.sources.hsg.importer:HsgImporter",
    "treaties": "diplograph.sources.treaties:TreatiesImporter",
    "missions": "diplograph.sources.missions:MissionsImporter",
    "leaders": "diplograph.sources.leaders:LeadersImporter",
    "uk-ministers": "diplograph.sources.uk_ministers:UkMinistersImporter",
}
"""`diplograph import <name>`: the importer class of each source, as `module:Class` (imported only when used)."""


TYPE = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
ALT_LABEL = ox.NamedNode(SKOS + "altLabel")


class SourceError(Exception):
    """The source cannot be read at all (a missing folder): the command prints it and exits with status 1."""


class Importer(ABC):
    """One outside source: its datasets and the steps that turn their files into named graphs (see the module)."""

    name: ClassVar[str]
    """The source's short name: `diplograph import <name>`, graphs `graph/import/<name>/<dataset>`."""
    datasets: ClassVar[tuple[str, ...]]
    """The datasets of the source, in the order they are imported and reported; one named graph each."""
    description: ClassVar[str] = ""
    """One line for `diplograph import --help`."""
    owners: ClassVar[tuple[str, ...]] = ()
    """The datasets in the order they own a triple several of them give (default: `datasets`)."""

    def graph(self, dataset: str) -> str:
        """The named graph of one dataset (default base; the build maps it to the configured one)."""
        return import_graph(self.name, dataset)

    def check(self, path: Path, datasets: tuple[str, ...]) -> None:
        """Raise SourceError if the chosen datasets cannot be found under PATH (default: PATH must be a folder)."""
        if not Path(path).is_dir():
            raise SourceError(f"{path}: not a folder")

    def available(self, path: Path) -> tuple[str, ...]:
        """The datasets present under PATH (default: all); every one is emitted to settle who owns a triple."""
        return self.datasets

    def count(self, path: Path, datasets: tuple[str, ...]) -> dict[str, int]:
        """How many units (files) `read` will report per dataset, for the progress bar; {} for no bar."""
        return {}

    @abstractmethod
    def read(self, path: Path, reports: dict[str, DatasetReport], advance: Advance) -> Any:
        """Parse the source files under PATH into records; count and report what was read and skipped."""

    def resolve(self, records: Any) -> Counter:
        """Resolve the entities the records name, all at once; return figures for the summary."""
        return Counter()

    @abstractmethod
    def emit(self, dataset: str, records: Any, out: Emitter, report: DatasetReport) -> None:
        """Write the triples of one dataset into `out`; count imported and skipped records in `report`."""

    @abstractmethod
    def info(self, path: Path, dataset: str) -> DatasetInfo:
        """Where one dataset comes from: title, repository, licence, version (for provenance and the sidecar)."""


@dataclass
class Project:
    """What the project's own graphs already state, so that an import does not state it again."""

    triples: set[ox.Triple] = field(default_factory=set)
    labelled: set[tuple[ox.NamedNode, str]] = field(default_factory=set)
    """(resource, language) of every rdfs:label the project gives."""
    typed: set[ox.NamedNode] = field(default_factory=set)
    """The resources the project gives a class: it owns their classification."""

    @classmethod
    def read(cls, ontology_dir: Path, data_dir: Path) -> Project:
        """The ontology, the data files and the reference states, as the build loads them (default base)."""
        store, _sources = load_dataset(ontology_dir, data_dir)
        project = cls()
        for quad in store:
            project.triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
            if quad.predicate == LABEL and isinstance(quad.object, ox.Literal) and quad.object.language:
                project.labelled.add((quad.subject, quad.object.language))
            elif quad.predicate == TYPE:
                project.typed.add(quad.subject)
        return project


def settle(outs: dict[str, Emitter], owners: tuple[str, ...], project: Project, report: ImportReport) -> None:
    """Leave each triple in one graph: the project's if it states it, else the first owner's (see the module)."""
    given: set[ox.Triple] = set()
    for name in [n for n in owners if n in outs] + [n for n in outs if n not in owners]:
        out = outs[name]
        kept: set[ox.Quad] = set()
        for quad in out.quads:
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            relabelled = (
                quad.predicate == LABEL
                and isinstance(quad.object, ox.Literal)
                and (quad.subject, quad.object.language) in project.labelled
                and triple not in project.triples
            )
            if relabelled:
                quad = ox.Quad(quad.subject, ALT_LABEL, quad.object, quad.graph_name)
                triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            if triple in project.triples:
                report.ownership["triples the project's data already states"] += 1
            elif quad.predicate == TYPE and quad.subject in project.typed:
                report.ownership["classes of the project's resources left to the project"] += 1
            elif triple in given:
                report.ownership["triples an earlier dataset gives"] += 1
            else:
                if relabelled:
                    report.ownership["labels of the project's resources written as skos:altLabel"] += 1
                given.add(triple)
                kept.add(quad)
        out.quads = kept


def importer_for(name: str) -> Importer:
    """The importer of a source named on the command line (`hsg`); SourceError if there is none."""
    if name not in IMPORTERS:
        raise SourceError(f"no importer for {name!r} (known: {', '.join(sorted(IMPORTERS))})")
    module, _, cls = IMPORTERS[name].partition(":")
    return getattr(importlib.import_module(module), cls)()


def progress_bar(console: Console | None) -> Progress:
    """The progress bar of an import: one line per dataset being read, then one for resolving and writing."""
    return Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=False,
        disable=console is None,
    )


def run_import(
    importer: Importer,
    path: Path,
    imports_dir: Path,
    datasets: tuple[str, ...] | None = None,
    console: Console | None = None,
    project: Project | None = None,
) -> ImportReport:
    """Import the chosen datasets (default all) from PATH into `<imports_dir>/<name>/<dataset>.nq`.

    `project` is what the project's data states (default: `Project.read` of the packaged ontology
    and data); shows a progress bar on `console` (none if None); returns what was read, imported
    and skipped.
    """
    path = Path(path)
    chosen = tuple(name for name in importer.datasets if name in (datasets or importer.datasets))
    unknown = sorted(set(datasets or ()) - set(importer.datasets))
    if unknown:
        raise SourceError(
            f"{importer.name} has no dataset {', '.join(unknown)} (choose from {', '.join(importer.datasets)})"
        )
    importer.check(path, chosen)
    totals = importer.count(path, chosen)
    report = ImportReport()
    with progress_bar(console) as progress:
        tasks = {name: progress.add_task(f"read {name}", total=totals[name]) for name in totals if totals[name]}
        reports = {name: DatasetReport(name) for name in importer.datasets}
        records = importer.read(
            path, reports, lambda name, n: progress.advance(tasks[name], n) if name in tasks else None
        )
        emitted = [name for name in importer.datasets if name in chosen or name in importer.available(path)]
        write_task = progress.add_task("resolve & write", total=len(emitted) + len(chosen) + 2)
        report.merged.update(importer.resolve(records))
        progress.advance(write_task)
        outs: dict[str, Emitter] = {}
        for name in emitted:
            outs[name] = Emitter(importer.graph(name))
            importer.emit(name, records, outs[name], reports[name])
            progress.advance(write_task)
        if project is None:
            project = Project.read(ontology_dir(), data_dir())
        settle(outs, importer.owners or importer.datasets, project, report)
        progress.advance(write_task)
        for name in chosen:
            out = outs[name]
            target = imports_dir / importer.name / f"{name}.nq"
            write_atomically(target, out.serialize())
            reports[name].output, reports[name].quads = target, len(out.quads)
            write_sidecar(target, path, importer.graph(name), importer.info(path, name), reports[name])
            report.datasets[name] = reports[name]
            progress.advance(write_task)
    return report


def write_sidecar(target: Path, path: Path, graph: str, info: DatasetInfo, report: DatasetReport) -> None:
    """Record the import time and counts beside the data, out of the triples that must not change."""
    sidecar = {
        "dataset": report.dataset,
        "graph": graph,
        "source_folder": str(path.resolve()),
        "repository": info.repository,
        "commit": info.commit,
        "license": info.licence,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "records_read": report.read,
        "records_imported": report.imported,
        "records_skipped": dict(sorted(report.skipped.items())),
        "quads": report.quads,
    }
    write_atomically(target.with_suffix(".import.json"), (json.dumps(sidecar, indent=2) + "\n").encode())
