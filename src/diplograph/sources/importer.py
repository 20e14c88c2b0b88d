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
   licence, version); `run_import` describes the graph with it (prov:wasDerivedFrom, dct:license)
   and writes it to the sidecar. Call `describe_source(out, info)` from `emit` to add the
   dg:SourceDocument that imported resources point to with dg:reportedIn.

`run_import` then writes each dataset as sorted N-Quads to `<imports>/<name>/<dataset>.nq`
through an atomic rename (a reader never sees half a file; an interrupted run leaves the previous
file), and the time, folder and counts to `<dataset>.import.json`, which the build does not load.
The `.nq` files depend only on the source files: importing twice gives byte-identical files
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
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from diplograph.sources.emitter import DatasetInfo, Emitter, import_graph
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

    def graph(self, dataset: str) -> str:
        """The named graph of one dataset (default base; the build maps it to the configured one)."""
        return import_graph(self.name, dataset)

    def check(self, path: Path, datasets: tuple[str, ...]) -> None:
        """Raise SourceError if the chosen datasets cannot be found under PATH (default: PATH must be a folder)."""
        if not Path(path).is_dir():
            raise SourceError(f"{path}: not a folder")

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
) -> ImportReport:
    """Import the chosen datasets (default all) from PATH into `<imports_dir>/<name>/<dataset>.nq`.

    Shows a progress bar on `console` (none if None); returns what was read, imported and skipped.
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
        write_task = progress.add_task("resolve & write", total=len(chosen) + 1)
        report.merged.update(importer.resolve(records))
        progress.advance(write_task)
        for name in chosen:
            out = Emitter(importer.graph(name))
            importer.emit(name, records, out, reports[name])
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
