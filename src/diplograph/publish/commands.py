"""`diplograph serve` and `diplograph publish`: the linked-data server and the static site."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console

from diplograph.publish.sparql_endpoint import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT


def register(commands: argparse._SubParsersAction) -> None:
    """Add `serve` and `publish` to the diplograph command."""
    serve = commands.add_parser(
        "serve",
        help="serve the graph as linked data: HTML and RDF for every IRI, a SPARQL endpoint, VoID and DCAT",
        description="Run the linked-data server (Starlette under uvicorn). Every resource IRI under the base "
        "answers with content negotiation (HTML, Turtle, JSON-LD, N-Triples, RDF/XML, TriG); /sparql is a "
        "read-only SPARQL 1.1 Protocol endpoint with a query page; /.well-known/void, /catalog and /ontology "
        "describe the dataset and its vocabulary. http://HOST:PORT/id/... serves <base>id/...",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--store", help="the store to serve (default oxigraph:build/store)")
    serve.add_argument(
        "--base", help="the base IRI of the data (default DIPLOGRAPH_BASE or https://w3id.org/diplograph/)"
    )
    serve.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds a SPARQL query may run (default {DEFAULT_TIMEOUT:g})",
    )
    serve.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        help=f"rows a SPARQL answer holds at most (default {DEFAULT_MAX_ROWS})",
    )
    serve.add_argument(
        "--workers",
        type=_at_least_one,
        default=None,
        help="processes that answer SPARQL queries side by side on a local store (default: one per CPU)",
    )
    serve.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="make every page and query answer afresh instead of keeping those already given "
        "(they are kept by default: the store is read-only while served; never for a sparql: store)",
    )
    serve.add_argument(
        "--live",
        action="store_true",
        help="make every query answer on the engine, never from the answers of slow queries the store keeps "
        "(store/kept.py; or DIPLOGRAPH_LIVE=1)",
    )
    serve.set_defaults(func=run_serve)

    publish = commands.add_parser(
        "publish",
        help="write the linked data as a static site: pages, RDF twins, dumps, VoID, DCAT, ontology docs",
        description="Write every resource's HTML page (English and French) with its RDF twins, the dumps "
        "(N-Triples gzip, TriG, JSON-LD), VoID, DCAT, the ontology documentation (pyLODE) and rewrite rules "
        "(.htaccess, nginx.conf) for content negotiation. The site is written aside and swapped in.",
    )
    publish.add_argument("--out", "-o", type=Path, default=Path("site"), help="the folder to write (default site/)")
    publish.add_argument("--store", help="the store to publish (default oxigraph:build/store)")
    publish.add_argument(
        "--base", help="the base IRI of the data (default DIPLOGRAPH_BASE or https://w3id.org/diplograph/)"
    )
    publish.add_argument(
        "--endpoint", help="the URL of a SPARQL endpoint serving the same data, named in VoID and DCAT"
    )
    publish.add_argument(
        "--workers",
        type=_at_least_one,
        default=None,
        help="processes that write the resource pages side by side (default: one per CPU)",
    )
    publish.set_defaults(func=run_publish)


def _at_least_one(text: str) -> int:
    """Read a count of processes, which must be a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give at least 1")
    return value


def run_serve(args: argparse.Namespace, console: Console) -> int:
    """Serve until interrupted."""
    from diplograph.publish.server import run
    from diplograph.store.kept import LIVE_VARIABLE

    if args.live:
        os.environ[LIVE_VARIABLE] = "1"  # read where the server opens its backend
    console.print(f"serving {args.store or 'the default store'} at http://{args.host}:{args.port}/", highlight=False)
    run(args.host, args.port, args.store, args.base, args.timeout, args.max_rows, args.cache, args.workers)
    return 0


def run_publish(args: argparse.Namespace, console: Console) -> int:
    """Write the site and say what was written."""
    from diplograph.publish.iri import IriPolicy
    from diplograph.publish.reader import StoreReader
    from diplograph.publish.site import publish

    reader = StoreReader(args.store)
    try:
        with console.status("publishing…") as status:
            report = publish(
                reader,
                args.out,
                IriPolicy.configured(args.base),
                args.endpoint,
                lambda message: status.update(message),
                args.workers,
            )
    finally:
        reader.close()
    pages = sorted(report.page_bytes)
    median = pages[len(pages) // 2] if pages else 0
    console.print(
        f"[bold green]published[/] {report.out} in {report.seconds:.1f} s: {report.resources} resources, "
        f"{report.pages} pages, {report.files} files, {report.bytes / 1e6:.1f} MB "
        f"(median page {median / 1000:.1f} kB, largest {max(pages, default=0) / 1000:.1f} kB)",
        highlight=False,
    )
    return 0
