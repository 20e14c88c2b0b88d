"""The `diplograph` command: build the graph, query it, and explain what went wrong when it fails."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from rich.console import Console

from diplograph import __version__
from diplograph.graphs.projections import ProjectionError
from diplograph.namespaces import configured_base
from diplograph.pipeline.build import BuildReport, build
from diplograph.pipeline.load import LoadError
from diplograph.pipeline.reason import Inconsistent
from diplograph.pipeline.validate import ValidationFailed
from diplograph.resources import data_dir, ontology_dir
from diplograph.store.backends import configured_timeout, open_backend
from diplograph.store.catalogue import PARAMETER_TYPES, CatalogueError, ParameterError, catalogue, find_query
from diplograph.store.location import StoreError, StoreSpec
from diplograph.store.results import FORMATS, FormatError, render
from diplograph.store.sparql import QueryRefused, QuerySyntaxError, QueryTimeout

EPILOG = """\
examples:
  diplograph build                          build the graph from ontology/ and data/ into build/store
  diplograph query --list                   list the named questions the catalogue answers
  diplograph query meetings-between --param country1=JP --param country2=PE
  diplograph query requests --format csv    answers as CSV for a spreadsheet or a pipe

The store is chosen by --store, else DIPLOGRAPH_STORE, else `store = "..."` in ./diplograph.toml
(default oxigraph:build/store): oxigraph:PATH (embedded), memory[:DUMP.nq] (rdflib, reads the
build's N-Quads dump) or sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]] (any SPARQL 1.1 server).
Instance IRIs live under DIPLOGRAPH_BASE (default https://w3id.org/diplograph/).
"""

FEATURE_COMMANDS: list[str] = [
    "diplograph.graphs.graph_commands",
    "diplograph.publish.commands",
    "diplograph.sources.readouts.draft",
    "diplograph.pipeline.add",
    "diplograph.sources.hsg.importer",
]
"""Modules that add a subcommand: each has `register(commands)` adding a parser whose default `func`
is called as `func(args, console) -> int`. Imported lazily so that `diplograph query` starts fast."""

USER_ERRORS = (
    LoadError,
    ValidationFailed,
    Inconsistent,
    StoreError,
    CatalogueError,
    ParameterError,
    QueryRefused,
    QuerySyntaxError,
    ProjectionError,
    QueryTimeout,
    FormatError,
)

STORE_HELP = (
    "oxigraph:PATH (embedded, default oxigraph:build/store), memory[:DUMP.nq] (rdflib over the build's "
    "N-Quads dump) or sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]] (any SPARQL 1.1 server); "
    "default from DIPLOGRAPH_STORE or diplograph.toml"
)


def make_parser() -> argparse.ArgumentParser:
    """Describe the commands and their options; --help prints what this builds."""
    parser = argparse.ArgumentParser(
        prog="diplograph",
        description="A knowledge graph of bilateral diplomatic relations: build it, validate it, reason "
        "over it and ask it questions in SPARQL.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"diplograph {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build_cmd = commands.add_parser(
        "build",
        help="load, validate and reason over the data, then write the store and dumps",
        description="Load the ontology and every data file, check them against the SHACL shapes, "
        "run HermiT, and write the embedded store and the TriG/N-Quads dumps. A failed build changes nothing. "
        "Over an embedded store built before, only the files that changed since are reloaded and the "
        "resources they touch checked; a change to ontology/ or --full rebuilds everything.",
    )
    build_cmd.add_argument("--store", help="where to write: " + STORE_HELP)
    build_cmd.add_argument("--data", type=Path, default=None, help="folder of data files (default: data/)")
    build_cmd.add_argument("--ontology", type=Path, default=None, help="folder of the ontology (default: ontology/)")
    build_cmd.add_argument(
        "--dumps",
        type=Path,
        default=Path("build/dumps"),
        help="folder for diplograph.trig and diplograph.nq (default: build/dumps)",
    )
    build_cmd.add_argument("--no-reason", action="store_true", help="skip the HermiT step (faster, no inferences)")
    build_cmd.add_argument(
        "--full", action="store_true", help="rebuild everything, even if only some files changed since the last build"
    )
    build_cmd.add_argument(
        "--imports",
        type=Path,
        default=Path("build/imports"),
        help="folder of imported N-Quads to load too, e.g. from `diplograph import hsg` (default: build/imports)",
    )

    query_cmd = commands.add_parser(
        "query",
        help="answer a named question of the catalogue, or run a .rq file",
        description="Run queries/NAME.rq or a query file on the built store. Parameters are bound as RDF "
        "terms, never pasted into the text. Types: "
        + "; ".join(f"{name}: {text}" for name, text in PARAMETER_TYPES.items())
        + ".",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    query_cmd.add_argument("name", nargs="?", help="a catalogue name (see --list) or a path to a .rq file")
    query_cmd.add_argument(
        "--param", "-p", action="append", default=[], metavar="KEY=VALUE", help="a query parameter; repeat for several"
    )
    query_cmd.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="table on a terminal (default there), csv otherwise; tsv, json, xml (SPARQL results formats); "
        "turtle for CONSTRUCT/DESCRIBE",
    )
    query_cmd.add_argument("--list", action="store_true", help="list the catalogue with titles and parameters")
    query_cmd.add_argument("--explain", action="store_true", help="print the query and its bound parameters")
    query_cmd.add_argument("--store", help="where to read: " + STORE_HELP)
    query_cmd.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop a query that runs longer (default 30, or DIPLOGRAPH_TIMEOUT, or timeout in diplograph.toml)",
    )
    for module_name in FEATURE_COMMANDS:
        importlib.import_module(module_name).register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 bad input, 2 usage)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    console = Console(stderr=False, emoji=False)
    errors = Console(stderr=True, emoji=False)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "build":
            return _build(args, console)
        if args.command == "query":
            return _query(args, console, parser)
        if hasattr(args, "func"):
            return args.func(args, console)
    except USER_ERRORS as error:
        errors.print("error:", style="bold red", end=" ")
        errors.print(str(error), markup=False, highlight=False, soft_wrap=True)
        return 1
    return 2


def _build(args: argparse.Namespace, console: Console) -> int:
    spec = StoreSpec.parse(args.store)
    started = time.perf_counter()
    with console.status("building…") as status:
        report = build(
            ontology_dir=args.ontology or ontology_dir(),
            data_dir=args.data or data_dir(),
            store_spec=spec,
            dumps_dir=args.dumps,
            base=configured_base(),
            run_reasoner=not args.no_reason,
            on_stage=lambda stage: status.update(f"{stage}…"),
            imports_dir=args.imports,
            full=args.full,
        )
    print_summary(report, time.perf_counter() - started, console)
    return 0


def print_summary(report: BuildReport, seconds: float, console: Console) -> None:
    """Print what was built: sizes, counts, inferences and time per stage."""
    counts = report.counts
    if report.rebuilt is not None:
        changed = ", ".join(report.rebuilt) if report.rebuilt else "no file changed"
        console.print(f"[bold green]rebuilt[/] from the previous build: {changed}", highlight=False)
    console.print(
        f"[bold green]built[/] {report.store} in {seconds:.1f} s "
        f"({', '.join(f'{k} {v:.2f} s' for k, v in report.seconds.items())})"
    )
    console.print(f"  {report.triples} triples in {report.graphs} named graphs")
    console.print(
        f"  {counts['meetings']} meetings between {counts['states']} states, {counts['persons']} persons, "
        f"{counts['instruments']} instruments, {counts['statements']} statements, "
        f"{counts['sources']} sources"
    )
    for label, triples in report.imports.items():
        console.print(f"  {label}: {triples} triples", highlight=False)
    inferred = report.inferred
    if inferred:
        console.print(
            f"  inferred {sum(inferred.values())} triples: " + ", ".join(f"{k} {v}" for k, v in inferred.items())
        )
    for dump in report.dumps:
        console.print(f"  dump {dump}")


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParameterError(f"cannot read parameter {pair!r}: write KEY=VALUE, e.g. country1=JP")
        params[key.strip()] = value
    return params


def _query(args: argparse.Namespace, console: Console, parser: argparse.ArgumentParser) -> int:
    if args.list:
        for query in catalogue().values():
            console.print(f"{query.name}  {query.title}", highlight=False, markup=False)
            console.print(f"    parameters: {query.signature()}", highlight=False, markup=False)
        return 0
    if not args.name:
        parser.parse_args(["query", "--help"])
        return 2
    query = find_query(args.name)
    bindings = query.bindings(_parse_params(args.param))
    if args.explain:
        for name, value in bindings.items():
            console.print(f"# ?{name} = {value.n3()}", highlight=False)
        console.print(query.sparql, highlight=False, markup=False)
    timeout = configured_timeout(args.timeout)
    backend = open_backend(args.store)
    try:
        result = backend.query(query.sparql, bindings, timeout=timeout)
    finally:
        backend.close()
    output_format = args.format or ("table" if console.is_terminal else "csv")
    text = render(result, output_format, console)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
