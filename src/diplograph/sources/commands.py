"""`diplograph import SOURCE PATH`: one command for every importer (hsg and the world datasets), and `all`.

`diplograph import all ../shared/data` runs each importer on the folder of its name under PATH
(hsg/, treaties/, missions/, leaders/, uk-ministers/) that exists.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from rich.console import Console

from diplograph.sources.hsg import importer as hsg
from diplograph.sources.world import ImportFailed

WORLD = {
    "treaties": "diplograph.sources.treaties",
    "missions": "diplograph.sources.missions",
    "leaders": "diplograph.sources.leaders",
    "uk-ministers": "diplograph.sources.uk_ministers",
}
"""The world importers: source name to module (each has `run_import(path, imports_dir, console)`)."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add `diplograph import hsg|treaties|missions|leaders|uk-ministers|all PATH` to the command line."""
    parser = commands.add_parser(
        "import",
        help="turn an external dataset into N-Quads under build/imports/ for the build to load",
        description="Import an external dataset as RDF against the diplograph ontology, one named graph per "
        "dataset, written as sorted N-Quads (the same input gives the same bytes).",
    )
    parser.add_argument(
        "source",
        choices=["hsg", *WORLD, "all"],
        help="hsg: the Office of the Historian's datasets; treaties, missions, leaders, uk-ministers: the world "
        "datasets; all: every one whose folder is under PATH",
    )
    parser.add_argument("path", type=Path, help="the dataset's folder (for hsg and all: the folder holding them)")
    parser.add_argument(
        "--dataset", "-d", action="append", choices=hsg.DATASETS, help="hsg only: import this dataset (repeatable)"
    )
    parser.add_argument(
        "--imports", type=Path, default=Path("build/imports"), help="output folder (default: build/imports)"
    )
    parser.set_defaults(func=_run)


def run_world(source: str, path: Path, imports_dir: Path, console: Console | None):
    """Run one world importer; returns its DatasetReport."""
    return importlib.import_module(WORLD[source]).run_import(path, imports_dir, console=console)


def _run(args: argparse.Namespace, console: Console) -> int:
    errors = Console(stderr=True)
    if args.source == "hsg":
        return hsg._run(args, console)
    todo = [(args.source, args.path)] if args.source != "all" else []
    if args.source == "all":
        if not args.path.is_dir():
            errors.print(f"[bold red]error:[/] {args.path}: not a folder", highlight=False)
            return 1
        if (args.path / "hsg").is_dir():
            args.dataset = None
            hsg_args = argparse.Namespace(**{**vars(args), "path": args.path / "hsg"})
            if hsg._run(hsg_args, console):
                return 1
        todo = [(name, args.path / name) for name in WORLD if (args.path / name).is_dir()]
    report = hsg.ImportReport()
    for name, folder in todo:
        try:
            report.datasets[name] = run_world(name, folder, args.imports, errors)
        except ImportFailed as error:
            errors.print(f"[bold red]error:[/] {error}", highlight=False, markup=False)
            return 1
    hsg.print_report(report, console)
    return 0
