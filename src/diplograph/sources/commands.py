"""`diplograph import SOURCE PATH`: run the importer of a source (see diplograph.sources.importer)."""

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
        "source", choices=sorted(IMPORTERS), help="hsg: the Office of the Historian's datasets (history.state.gov)"
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
    try:
        importer = importer_for(args.source)
        project = Project.read(args.ontology or ontology_dir(), args.data or data_dir())
        report = run_import(
            importer, args.path, args.imports, tuple(args.dataset or ()), console=errors, project=project
        )
    except (SourceError, FileNotFoundError) as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        return 1
    print_report(report, console)
    return 0
