"""`diplograph import SOURCE PATH`: run the importer of a source (see diplograph.sources.importer).

`diplograph import all PATH` runs every importer whose folder, named after the source (hsg/,
treaties/, missions/, leaders/, uk-ministers/), is under PATH, as `../shared/data` holds them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from diplograph.resources import data_dir, ontology_dir
from diplograph.sources.importer import IMPORTERS, Project, SourceError, importer_for, run_import
from diplograph.sources.report import print_report


def register(commands: argparse._SubParsersAction) -> None:
    """Add `diplograph import SOURCE PATH` to the command line (the importers load only when run)."""
    parser = commands.add_parser(
        "import",
        help="turn an external dataset into N-Quads under build/imports/ for the build to load",
        description="Import an external dataset as RDF against the diplograph ontology, one named graph per "
        "dataset, written as sorted N-Quads (the same input gives the same bytes).",
    )
    parser.add_argument(
        "source",
        choices=[*sorted(IMPORTERS), "all"],
        help="hsg: the Office of the Historian's datasets (history.state.gov); treaties, missions, leaders, "
        "uk-ministers: the world datasets; all: every source whose folder is under PATH",
    )
    parser.add_argument("path", type=Path, help="the folder of the source's files (hsg: visits/, travels/, ...)")
    parser.add_argument(
        "--dataset",
        "-d",
        action="append",
        metavar="DATASET",
        help="import only this dataset (repeat for several; hsg: visits, travels, rdcr, pocom)",
    )
    parser.add_argument(
        "--imports", type=Path, default=Path("build/imports"), help="output folder (default: build/imports)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="the project's data folder, as given to build (default: data/); what it states is not imported again",
    )
    parser.add_argument("--ontology", type=Path, default=None, help="folder of the ontology (default: ontology/)")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace, console: Console) -> int:
    errors = Console(stderr=True)
    if args.source == "all":
        if not args.path.is_dir():
            errors.print(f"[bold red]error:[/] {args.path}: not a folder", highlight=False)
            return 1
        todo = [(name, args.path / name) for name in IMPORTERS if (args.path / name).is_dir()]
        if not todo:
            errors.print(f"[bold red]error:[/] {args.path}: no folder named after a source", highlight=False)
            return 1
    else:
        todo = [(args.source, args.path)]
    project = Project.read(args.ontology or ontology_dir(), args.data or data_dir())
    for name, folder in todo:
        try:
            importer = importer_for(name)
            datasets = tuple(args.dataset or ()) if args.source != "all" else ()
            report = run_import(importer, folder, args.imports, datasets, console=errors, project=project)
        except (SourceError, FileNotFoundError) as error:
            errors.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
            return 1
        print_report(report, console)
    if args.source == "all":
        from diplograph.sources.person_links import link_persons

        result = link_persons(args.imports, args.data or data_dir())
        console.print(
            f"persons: {len(result.links)} same-as links across sources, {len(result.ambiguous)} left ambiguous",
            highlight=False,
        )
        for person, candidates in sorted(result.ambiguous.items())[:20]:
            console.print(f"  ambiguous: {person} -> {', '.join(candidates)}", highlight=False, markup=False)
    return 0
