"""The `diplograph analyze` and `diplograph export` commands: measure and draw the web of relations."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from diplograph.graphs.filters import LEVELS, MEETING_FORMATS, Filters, parse_date
from diplograph.graphs.projections import VIEWS, project
from diplograph.store.backends import open_backend

MAX_EDGES = 5000
"""The default --max-edges (render_html.MAX_EDGES, repeated here so that the CLI starts without networkx)."""

EXPORT_FORMATS = ("html", "graphml", "gexf", "json", "png", "svg")
"""What `diplograph export` writes: an interactive page, graph files for other tools, static pictures."""


def _add_filters(parser: argparse.ArgumentParser, views: tuple[str, ...] = VIEWS) -> None:
    parser.add_argument("view", choices=views, help=", ".join(views))
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="only meetings on or after this date")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="only meetings on or before this date")
    parser.add_argument("--state", metavar="CODE", help="only the ego network of this state (ISO code, e.g. JP)")
    parser.add_argument("--depth", type=int, default=1, help="hops from --state in the states graph (default 1)")
    parser.add_argument("--with", dest="partner", metavar="CODE", help="only the relation between --state and this")
    parser.add_argument("--format-of-meeting", dest="meeting_format", choices=MEETING_FORMATS)
    parser.add_argument("--level", choices=LEVELS, help="only summits or ministerial meetings (as inferred)")
    parser.add_argument("--store", help="where to read: oxigraph:PATH (default oxigraph:build/store)")


def filters_from(args: argparse.Namespace) -> Filters:
    """The projection filters given on the command line."""
    return Filters(
        start=parse_date(args.start) if args.start else None,
        end=parse_date(args.end) if args.end else None,
        state=args.state.upper() if args.state else None,
        depth=args.depth,
        partner=args.partner.upper() if args.partner else None,
        meeting_format=args.meeting_format,
        level=args.level,
    )


def register(commands: argparse._SubParsersAction) -> None:
    """Add `analyze` and `export` to the diplograph command."""
    analyze = commands.add_parser(
        "analyze",
        help="measure a view of the graph: degree, betweenness, PageRank, communities, meetings per year",
        description="Project the store into a graph (counted by SPARQL aggregates in the store) and print, "
        "for each node, its degree, weighted degree (meetings), betweenness, PageRank and Louvain community; "
        "--series prints meetings per pair and year instead.",
    )
    _add_filters(analyze)
    analyze.add_argument("--format", "-f", choices=("table", "csv", "json"), default=None)
    analyze.add_argument("--top", type=int, default=None, help="only the N strongest nodes")
    analyze.add_argument("--series", action="store_true", help="meetings per pair and year")
    analyze.set_defaults(func=run_analyze)

    export = commands.add_parser(
        "export",
        help="draw a view as an offline interactive HTML page, GraphML, GEXF, D3 JSON, PNG or SVG",
        description="Write a view of the graph for people (html: an interactive page that needs no network; "
        "png/svg) or for tools (graphml, gexf: Gephi and Cytoscape; json: D3 node-link).",
    )
    export.add_argument("what", choices=EXPORT_FORMATS, metavar="FORMAT", help=", ".join(EXPORT_FORMATS))
    _add_filters(export, (*VIEWS, "map"))
    export.add_argument("--out", "-o", type=Path, required=True, help="the file to write")
    export.add_argument(
        "--max-edges", type=int, default=MAX_EDGES, help=f"keep the strongest links above this (default {MAX_EDGES})"
    )
    export.add_argument(
        "--colour", choices=("auto", "region", "community", "type"), default="auto", help="colour nodes by"
    )
    export.add_argument("--title", help="the page's title")
    export.set_defaults(func=run_export)


def run_analyze(args: argparse.Namespace, console: Console) -> int:
    """Print the metrics of a view."""
    from diplograph.graphs.metrics import as_dicts, node_metrics, yearly_series

    graph = project(open_backend(args.store), args.view, filters_from(args))
    output_format = args.format or ("table" if console.is_terminal else "csv")
    rows = yearly_series(graph) if args.series else node_metrics(graph)
    if args.top is not None:
        rows = rows[: args.top]
    records = as_dicts(rows)
    if output_format == "json":
        sys.stdout.write(json.dumps({"view": args.view, "filters": graph.graph["filters"], "rows": records}, indent=1))
        sys.stdout.write("\n")
    elif output_format == "csv":
        fields = list(records[0]) if records else ["label"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        sys.stdout.write(buffer.getvalue())
    else:
        caption = (
            f"{args.view}: {graph.graph['filters']}; {graph.number_of_nodes()} nodes, {graph.number_of_edges()} links"
        )
        fields = [f for f in (records[0] if records else {"label": ""}) if f != "iri"]
        table = Table(*fields, caption=caption)
        for record in records:
            table.add_row(*(str(record[f]) for f in fields))
        console.print(table)
    return 0


def run_export(args: argparse.Namespace, console: Console) -> int:
    """Write a view to a file and say what was written."""
    from diplograph.graphs.render_html import write_html

    started = time.perf_counter()
    backend = open_backend(args.store)
    graph = project(backend, "states" if args.view == "map" else args.view, filters_from(args))
    projected = time.perf_counter() - started
    if args.view == "map":
        if args.what != "html":
            console.print("the map is drawn as html only: use `diplograph export html map`", style="red")
            return 2
        from diplograph.graphs.render_map import write_map

        size = write_map(graph, backend, args.out, title=args.title)
    elif args.what == "html":
        size = write_html(graph, args.out, title=args.title, max_edges=args.max_edges, colour_by=args.colour)
    else:
        from diplograph.graphs.graph_files import write_graph_file

        size = write_graph_file(graph, args.out, args.what, max_edges=args.max_edges)
    console.print(
        f"wrote {args.out} ({size / 1024:,.0f} KB): {args.view}, {graph.graph['filters']}, "
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} links "
        f"(projection {projected:.2f} s, total {time.perf_counter() - started:.2f} s)",
        highlight=False,
        markup=False,
    )
    return 0
