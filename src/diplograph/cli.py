"""The `diplograph` command: build the graph, query it, and explain what went wrong when it fails."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from diplograph import __version__
from diplograph.graphs.filters import ProjectionError
from diplograph.namespaces import configured_base
from diplograph.pipeline.build import BuildReport, build
from diplograph.pipeline.load import LoadError
from diplograph.pipeline.reason import Inconsistent, ReasonerUnavailable
from diplograph.pipeline.validate import ValidationFailed
from diplograph.resources import NotAProject, current_project, data_dir, is_project, make_project, ontology_dir
from diplograph.store.backends import configured_timeout, open_backend
from diplograph.store.catalogue import PARAMETER_TYPES, CatalogueError, ParameterError, catalogue, find_query
from diplograph.store.location import StoreError, StoreSpec
from diplograph.store.resolve import check_resources
from diplograph.store.results import FORMATS, FormatError, render
from diplograph.store.sparql import QueryRefused, QuerySyntaxError, QueryTimeout, paginate

EPILOG = """\
examples:
  diplograph init my-graph                  start a project: my-graph/data/ holds the facts you edit
  diplograph build                          build the graph from ontology/ and data/ into build/store
  diplograph query --list                   list the named questions the catalogue answers
  diplograph query meetings-between --param country1=JP --param country2=PE
  diplograph query requests --format csv    answers as CSV for a spreadsheet or a pipe

A project is a folder with data/ (and optionally diplograph.toml, ontology/, queries/): the commands
read the project in the current folder, or in --project DIR; with none, the data shipped with diplograph.
The store is chosen by --store, else DIPLOGRAPH_STORE, else `store = "..."` in ./diplograph.toml
(default oxigraph:build/store): oxigraph:PATH (embedded), memory[:DUMP.nq] (rdflib, reads the
build's N-Quads dump) or sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]] (any SPARQL 1.1 server).
Instance IRIs live under DIPLOGRAPH_BASE (default https://w3id.org/diplograph/).
"""

FEATURE_COMMANDS: list[str] = [
    "diplograph.graphs.graph_commands",
    "diplograph.publish.commands",
    "diplograph.sources.commands",
    "diplograph.sources.readouts.commands",
    "diplograph.pipeline.add",
    "diplograph.store.warm",
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
    ReasonerUnavailable,
    NotAProject,
)

STORE_HELP = (
    "oxigraph:PATH (embedded, default oxigraph:build/store), memory[:DUMP.nq] (rdflib over the build's "
    "N-Quads dump) or sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]] (any SPARQL 1.1 server); "
    "default from DIPLOGRAPH_STORE or diplograph.toml"
)


CORE_COMMANDS = ("init", "build", "query", "check")
"""The commands this module describes itself: running one of them imports no feature module."""


def command_of(argv: list[str]) -> str | None:
    """The subcommand `argv` asks for (its first word that is neither an option nor the value of --project)."""
    words = iter(argv)
    for word in words:
        if word == "--project":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def make_parser(features: bool = True) -> argparse.ArgumentParser:
    """Describe the commands and their options; --help prints what this builds.

    Without `features`, only the core commands: the feature modules take 0.2 s to import, a fifth of a
    label-edit rebuild of the real corpus."""
    parser = argparse.ArgumentParser(
        prog="diplograph",
        description="A knowledge graph of bilateral diplomatic relations: build it, validate it, reason "
        "over it and ask it questions in SPARQL.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"diplograph {__version__}")
    parser.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the project folder to read and build in (default: the current folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init_cmd = commands.add_parser(
        "init",
        help="make a new project folder to start from: data/, diplograph.toml",
        description="Make DIR a diplograph project: a copy of the shipped data (the seed meeting, the readouts "
        "and the reference office holders) in DIR/data, a commented diplograph.toml and a .gitignore. "
        "Then: cd DIR && diplograph build.",
    )
    init_cmd.add_argument("folder", type=Path, metavar="DIR", help="the folder to make (created if missing)")

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
    build_cmd.add_argument(
        "--no-warm",
        action="store_true",
        help="do not ask the catalogue's questions in the background after the build (`diplograph warm` does "
        "it in the foreground); by default a large store keeps its slow answers before anyone asks",
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
    query_cmd.add_argument(
        "--limit", type=int, default=None, metavar="N", help="at most N rows (a page of a large answer)"
    )
    query_cmd.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N rows (the next page)")
    query_cmd.add_argument("--list", action="store_true", help="list the catalogue with titles and parameters")
    query_cmd.add_argument(
        "--live",
        action="store_true",
        help="make the answer now even if the store keeps it from an earlier slow run (or DIPLOGRAPH_LIVE=1)",
    )
    query_cmd.add_argument(
        "--explain", action="store_true", help="print the query and its bound parameters, unwrapped, ready to rerun"
    )
    query_cmd.add_argument("--store", help="where to read: " + STORE_HELP)
    query_cmd.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop a query that runs longer (default 30, or DIPLOGRAPH_TIMEOUT, or timeout in diplograph.toml)",
    )
    check_cmd = commands.add_parser(
        "check",
        help="check a built store: the rules' contradictions, and with --owl HermiT's full OWL reasoning",
        description="Rebuilds after an edit infer with the SPARQL rules only; --owl runs HermiT on the store's "
        "curated data, as every full build does, and reports a contradiction or any conclusion the store lacks.",
    )
    check_cmd.add_argument("--store", help="the embedded store to check (oxigraph:PATH; default as for query)")
    check_cmd.add_argument("--owl", action="store_true", help="also run HermiT (a JVM; 10–30 s)")
    for module_name in FEATURE_COMMANDS if features else []:
        importlib.import_module(module_name).register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 bad input, 2 usage)."""
    words = sys.argv[1:] if argv is None else argv
    parser = make_parser(features=command_of(words) not in CORE_COMMANDS)
    args = parser.parse_args(words)
    console = Console(stderr=False, emoji=False, soft_wrap=True)
    errors = Console(stderr=True, emoji=False, soft_wrap=True)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.project is not None:
            _enter_project(args.project)
        if args.command == "init":
            return _init(args, console)
        if args.command == "build":
            return _build(args, console)
        if args.command == "query":
            return _query(args, console, parser)
        if args.command == "check":
            return _check(args, console)
        if hasattr(args, "func"):
            return args.func(args, console)
    except USER_ERRORS as error:
        errors.print("error:", style="bold red", end=" ")
        errors.print(str(error), markup=False, highlight=False, soft_wrap=True)
        return 1
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        errors.print("interrupted: nothing was changed (the previous store and outputs are as they were)")
        return 130
    return 2


def _enter_project(folder: Path) -> None:
    """Work inside the project named by --project, as `git -C` does: its data, settings and build/."""
    if not is_project(folder):
        raise NotAProject(
            f"{folder} is not a diplograph project: it has no data/ folder (make one with diplograph init)"
        )
    os.chdir(folder)


def _init(args: argparse.Namespace, console: Console) -> int:
    folder = make_project(args.folder)
    console.print(f"made project {folder}: data/ (the facts you edit), diplograph.toml (settings)", highlight=False)
    console.print(f"next: cd {args.folder} && diplograph build", highlight=False)
    return 0


def _build(args: argparse.Namespace, console: Console) -> int:
    spec = StoreSpec.parse(args.store)
    if args.data is None:
        console.print(f"reading {current_project().describe()}", highlight=False, soft_wrap=True)
    started = time.perf_counter()
    if spec.kind == "oxigraph":
        from diplograph.store.warm import stop_background

        stop_background(spec)  # a warmer of the store being replaced: its answers would go with it
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
    if spec.kind == "oxigraph" and not args.no_warm:
        _warm_in_background(spec, report.triples, console)
    return 0


def _warm_in_background(spec: StoreSpec, triples: int, console: Console) -> None:
    """Start the store's warmer (store/warm.py) and return at once: the build does not wait for it."""
    from diplograph.store import warm

    if triples < warm.BACKGROUND_ABOVE:
        return  # every answer of a store this small is fast: nothing would be kept
    process = warm.start_background(spec)
    if process is not None:
        console.print(
            f"  keeping the catalogue's slow answers in the background (pid {process.pid}, log "
            f"{spec.path / warm.LOG}; --no-warm to skip, `diplograph warm` to wait for it)",
            highlight=False,
            soft_wrap=True,
        )


def _check(args: argparse.Namespace, console: Console) -> int:
    import pyoxigraph as ox

    from diplograph.pipeline.reason import check_owl, quick_inconsistencies

    spec = StoreSpec.parse(args.store)
    if spec.kind != "oxigraph" or not spec.path.is_dir():
        raise StoreError(f"diplograph check reads a built embedded store; {spec} is not one (run diplograph build)")
    store = ox.Store.read_only(str(spec.path))
    problems = quick_inconsistencies(store)
    if problems:
        raise Inconsistent(problems)
    console.print("[bold green]no contradiction[/] between disjoint classes or functional properties")
    if args.owl:
        missing = check_owl(store)
        for line in missing:
            console.print(f"  HermiT concludes, the store lacks: {line}", highlight=False, markup=False)
        if missing:
            console.print(f"[bold red]{len(missing)} conclusions missing[/]: run diplograph build --full")
            return 1
        console.print("[bold green]HermiT[/] finds the data consistent and every conclusion in the store")
    return 0


def print_summary(report: BuildReport, seconds: float, console: Console) -> None:
    """Print what was built: sizes, counts, inferences and time per stage."""
    counts = report.counts
    if report.rebuilt is not None:
        changed = ", ".join(report.rebuilt) if report.rebuilt else "no file changed"
        console.print(f"[bold green]rebuilt[/] from the previous build: {changed}", highlight=False)
        if report.recompiled:
            why = f" ({report.recompiled_because})" if report.recompiled_because else ""
            console.print(f"  {len(report.recompiled)} meeting cards compiled again{why}", highlight=False)
    elif report.why_full:
        console.print(f"[bold green]full build[/]: {report.why_full}", highlight=False)
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
    if counts.get("to verify"):
        lines = dict.fromkeys(f"{w.file or ''}: {w.message}" for w in report.warnings)  # side events repeat them
        which = escape("; ".join(lines) or "in files not changed by this build")
        console.print(
            f"  [bold yellow]to verify[/]: {counts['to verify']} capacit{'ies' if counts['to verify'] > 1 else 'y'} "
            f"no tenure covers yet ({which}); list them with diplograph query to-verify",
            highlight=False,
            soft_wrap=True,
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
    if (args.limit is not None and args.limit < 0) or args.offset < 0:
        raise ParameterError("--limit and --offset take a number of rows, 0 or more")
    sparql = paginate(query.sparql, args.limit, args.offset)
    timeout = configured_timeout(args.timeout)
    backend = open_backend(args.store, kept_answers=not args.live)
    try:
        bindings = check_resources(backend, query, bindings)
        if args.explain:
            # Written as is, never wrapped: the text can be copied and run again.
            sys.stdout.write("".join(f"# ?{name} = {value.n3()}\n" for name, value in bindings.items()))
            sys.stdout.write(sparql if sparql.endswith("\n") else sparql + "\n")
            sys.stdout.flush()
        result = backend.query(sparql, bindings, timeout=timeout)
    finally:
        backend.close()
    output_format = args.format or ("table" if console.is_terminal else "csv")
    text = render(result, output_format, console)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
