"""`diplograph import hsg PATH`: the Office of the Historian's visits, travels, rdcr and pocom datasets as RDF.

Each dataset becomes one named graph, `graph/import/hsg/<dataset>`, written as sorted N-Quads to
`<imports>/hsg/<dataset>.nq` (default `build/imports/hsg/`), which `diplograph build` loads; see
`diplograph.sources.importer` for what every importer guarantees. The modules of this package:

| module | holds |
|---|---|
| `reading` | the four datasets parsed into records (all of them, before resolution) |
| `states`, `titles`, `persons` | entity resolution: country slugs to states, "Title Name" to offices, persons merged |
| `describe` | the descriptions the datasets share: sources, persons, posts, tenures, participations |
| `visits`, `travels`, `relations`, `chiefs` | one dataset each: visits, travels, rdcr, pocom |
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from rich.console import Console

from diplograph.sources.emitter import DatasetInfo, Emitter, describe_source, import_graph
from diplograph.sources.hsg import chiefs, relations, travels, visits
from diplograph.sources.hsg.describe import dataset_info
from diplograph.sources.hsg.reading import DATASETS, Sources, count_files, dataset_root, parse_sources
from diplograph.sources.hsg.states import resolve_state
from diplograph.sources.importer import Advance, Importer, Project, SourceError
from diplograph.sources.importer import run_import as run_any_import
from diplograph.sources.report import DatasetReport, ImportReport

EMITTERS = {
    "visits": visits.emit_visits,
    "travels": travels.emit_travels,
    "rdcr": relations.emit_relations,
    "pocom": chiefs.emit_chiefs,
}


class HsgImporter(Importer):
    """The HistoryAtState datasets of the Office of the Historian (CC0), from a snapshot or clones."""

    name = "hsg"
    datasets = DATASETS
    description = "the Office of the Historian's datasets (history.state.gov): visits, travels, rdcr, pocom"
    owners = ("pocom", "rdcr", "visits", "travels")
    """pocom is the record of US officers and their terms, rdcr of the states, visits of the foreign
    leaders; travels cites all three (its secretaries' terms are pocom's), so it owns what is left."""

    def check(self, path: Path, datasets: tuple[str, ...]) -> None:
        """Each chosen dataset needs its folder under PATH (`visits/`, ...), as in the snapshot and in clones."""
        missing = [name for name in datasets if dataset_root(path, name) is None]
        if missing:
            raise SourceError(f"{path}: no folder for {', '.join(missing)} (expected {path}/<dataset>/)")

    def available(self, path: Path) -> tuple[str, ...]:
        """The datasets whose folder is under PATH."""
        return tuple(name for name in DATASETS if dataset_root(path, name) is not None)

    def count(self, path: Path, datasets: tuple[str, ...]) -> dict[str, int]:
        """Files per dataset: all four are read whatever is chosen, to resolve persons over all of them."""
        return count_files(path)

    def read(self, path: Path, reports: dict[str, DatasetReport], advance: Advance) -> Sources:
        """Parse every dataset present under PATH."""
        return parse_sources(path, reports, advance)

    def resolve(self, records: Sources) -> Counter:
        """Collect every foreign person mention of visits and travels, then resolve them together."""
        visits.add_mentions(records)
        travels.add_mentions(records)
        resolver = records.resolver
        resolver.resolve_all()
        figures = Counter(
            {
                "person spellings merged": resolver.merged,
                "surname-only mentions resolved": resolver.resolved_surnames,
                "surname-only mentions left ambiguous": resolver.ambiguous,
            }
        )
        figures.update(state_resolution(records))
        return figures

    def emit(self, dataset: str, records: Sources, out: Emitter, report: DatasetReport) -> None:
        """The source document and graph provenance, then the dataset's own triples."""
        describe_source(out, self.info(records.path, dataset))
        EMITTERS[dataset](records, out, report)

    def info(self, path: Path, dataset: str) -> DatasetInfo:
        """The repository of the dataset, the commit read (git clone or MANIFEST.md) and its licence."""
        return dataset_info(path, dataset)


def state_resolution(sources: Sources) -> Counter:
    """How many distinct country ids resolved by each route (alias, ISO 3166-3, historical state, pycountry)."""
    ids: set[tuple[str, str]] = set()
    for item in (*sources.visits, *sources.trips):
        ids.add((item["country"], item["label"]))
    for chief in sources.chiefs:
        ids.add((chief["contemporary"] or chief["territory"], ""))
    for article in sources.articles:
        ids.add((article["id"], article["label"]))
    routes: dict[str, set[str]] = defaultdict(set)
    for slug, label in ids:
        state = resolve_state(slug, label)
        routes[f"country ids resolved via {state.how}" if state else "country ids unresolved"].add(slug)
    return Counter({route: len(slugs) for route, slugs in routes.items()})


def graph_iri(dataset: str) -> str:
    """The named graph of one HSG dataset (default base; the build maps it to the configured one)."""
    return import_graph("hsg", dataset)


def run_import(
    path: Path,
    imports_dir: Path,
    datasets: tuple[str, ...] = DATASETS,
    console: Console | None = None,
    project: Project | None = None,
) -> ImportReport:
    """Import the chosen HSG datasets from PATH into `<imports_dir>/hsg/<dataset>.nq`; return what happened."""
    return run_any_import(HsgImporter(), path, imports_dir, datasets, console=console, project=project)


__all__ = ["DATASETS", "HsgImporter", "ImportReport", "graph_iri", "run_import"]
