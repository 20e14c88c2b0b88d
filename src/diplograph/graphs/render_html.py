"""An interactive HTML page of a projected graph that opens with no network and cannot be scripted by its data.

vis-network's JavaScript and CSS are copied in-line from the installed pyvis package (pyvis's own
pages load vis-network and Bootstrap from CDNs in every mode). The graph travels as JSON in a
`<script type="application/json">` block with `<`, `>` and `&` escaped, and the page puts every
label and detail into the DOM as text; tooltips are plain strings, which vis-network shows as text.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from diplograph import __version__
from diplograph.graphs.metrics import communities, degrees
from diplograph.store.location import write_atomically

MAX_EDGES = 5000
"""Above this many links the page keeps the strongest ones and says so."""

EDGE_LABEL_LIMIT = 300
"""Links are labelled on the drawing only up to this many; beyond, their labels stay in the tooltips."""

LARGE_GRAPH = 1000
"""From this many nodes the page uses cheaper drawing settings and a seeded initial layout."""

STABILISATION_ITERATIONS = {"small": 400, "large": 25}
"""The most physics iterations the page spends laying out before it turns physics off."""

TYPE_COLOURS = {
    "state": "#4e79a7",
    "person": "#f28e2b",
    "meeting": "#59a14f",
    "instrument": "#b07aa1",
    "topic": "#e15759",
}
COMMUNITY_COLOURS = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#1f77b4", "#17becf", "#bcbd22",
]  # fmt: skip
OTHER_COLOUR = "#bab0ac"

VIS_VERSION = "9.1.2"


class RenderError(ValueError):
    """A graph or option the page cannot be drawn from."""


@cache
def vis_assets() -> tuple[str, str]:
    """The vis-network JavaScript and CSS shipped inside the installed pyvis package."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    # Neither may close its own element early; vis-network 9.1.2 has no such text, but a later one might.
    return script.replace("</script", "<\\/script"), style.replace("</style", "<\\/style")


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` can end it or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def strongest_edges(graph: nx.Graph, limit: int) -> list[tuple[str, str, dict]]:
    """The `limit` heaviest edges, ties broken by their endpoints so the choice is repeatable."""
    ranked = sorted(graph.edges(data=True), key=lambda e: (-float(e[2].get("weight", 1)), str(e[0]), str(e[1])))
    return ranked[:limit]


def precomputed_layout(graph: nx.Graph, community: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Lay out a large graph cheaply: each community by networkx's spring layout, the communities on a spiral.

    Spring layout costs the square of the nodes it places, so laying out communities one by one
    costs far less than the whole graph at once; the page then needs only a short polish.
    """
    members: dict[int, list[str]] = {}
    for node in graph:
        members.setdefault(community.get(node, 0), []).append(node)
    positions: dict[str, tuple[float, float]] = {}
    radius, angle = 0.0, 0.0
    for index in sorted(members):
        group = members[index]
        size = 45 * math.sqrt(len(group)) + 20
        if len(group) == 1:
            local = {group[0]: (0.0, 0.0)}
        else:
            local = nx.spring_layout(graph.subgraph(group), weight="weight", seed=7, iterations=40)
        if index:
            radius += size
        cx, cy = radius * math.cos(angle), radius * math.sin(angle)
        for node, (x, y) in local.items():
            positions[node] = (cx + size * float(x), cy + size * float(y))
        radius += size * 0.6
        angle += 2.39996  # the golden angle keeps the spiral's discs apart
    return positions


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_NODE_FIELDS = ("kind", "code", "states", "broader", "date", "format", "meetings", "summits", "first", "last")
_EDGE_FIELDS = ("meetings", "summits", "instruments", "first", "last", "relation", "for_state")


def page_data(graph: nx.Graph, title: str, max_edges: int = MAX_EDGES, colour_by: str = "auto") -> dict:
    """Everything the page draws, as plain JSON-ready data: nodes, links, legend, notice and vis options."""
    if colour_by not in ("auto", "community", "type"):
        raise RenderError(f"unknown colouring {colour_by!r}: choose community or type")
    kinds = {str(d.get("kind", "")) for _, d in graph.nodes(data=True)}
    if colour_by == "auto":
        colour_by = "type" if len(kinds) > 1 else "community"
    degree = degrees(graph)
    community = communities(graph)
    index = {node: i for i, node in enumerate(graph.nodes)}
    large = graph.number_of_nodes() >= LARGE_GRAPH
    positions = precomputed_layout(graph, community) if large else {}

    legend: list[dict[str, str]] = []
    if colour_by == "type":
        for kind, colour in TYPE_COLOURS.items():
            if kind in kinds:
                legend.append({"colour": colour, "label": kind})
    else:
        sizes: dict[int, list[str]] = {}
        for node, group in community.items():
            sizes.setdefault(group, []).append(node)
        for group in sorted(sizes)[: len(COMMUNITY_COLOURS)]:
            top = sorted(sizes[group], key=lambda n: -degree[n][1])[:3]
            names = ", ".join(str(graph.nodes[n].get("label", n)) for n in top)
            legend.append(
                {"colour": COMMUNITY_COLOURS[group], "label": f"community {group + 1} ({len(sizes[group])}): {names}"}
            )
        if len(sizes) > len(COMMUNITY_COLOURS):
            legend.append(
                {"colour": OTHER_COLOUR, "label": f"{len(sizes) - len(COMMUNITY_COLOURS)} smaller communities"}
            )

    nodes = []
    for node, attributes in graph.nodes(data=True):
        label = str(attributes.get("label", node))
        kind = str(attributes.get("kind", ""))
        if colour_by == "type":
            colour = TYPE_COLOURS.get(kind, OTHER_COLOUR)
        else:
            group = community.get(node, 0)
            colour = COMMUNITY_COLOURS[group] if group < len(COMMUNITY_COLOURS) else OTHER_COLOUR
        pairs = [(name, _fmt(attributes[name])) for name in _NODE_FIELDS if attributes.get(name) not in (None, "")]
        pairs += [("links", str(degree[node][0])), ("weighted degree", _fmt(degree[node][1]))]
        pairs += [("community", str(community.get(node, 0) + 1)), ("IRI", str(attributes.get("iri", node)))]
        tooltip = [label, kind]
        if attributes.get("meetings") is not None:
            span = " to ".join(x for x in (attributes.get("first"), attributes.get("last")) if x)
            tooltip.append(f"{attributes['meetings']} meetings" + (f", {span}" if span else ""))
        elif attributes.get("date"):
            tooltip.append(str(attributes["date"]))
        tooltip.append(f"{degree[node][0]} links, weighted degree {_fmt(degree[node][1])}")
        item = {
            "id": index[node],
            "label": label,
            "title": "\n".join(t for t in tooltip if t),
            "value": max(degree[node][1], 1.0),
            "color": colour,
            "iri": str(attributes.get("iri", node)),
            "kind": kind,
            "details": pairs,
        }
        if node in positions:
            item["x"], item["y"] = (round(c, 1) for c in positions[node])
        nodes.append(item)

    total = graph.number_of_edges()
    kept = strongest_edges(graph, max_edges)
    notice = ""
    if len(kept) < total:
        notice = (
            f"Showing the {len(kept):,} strongest of {total:,} links (by number of meetings); "
            "export GraphML or JSON for all of them."
        )
    show_edge_labels = len(kept) <= EDGE_LABEL_LIMIT
    edges = []
    for number, (a, b, attributes) in enumerate(kept):
        label = str(attributes.get("label", ""))
        ends = f"{graph.nodes[a].get('label', a)} — {graph.nodes[b].get('label', b)}"
        meetings = attributes.get("meeting_list") or []
        pairs = [(name, _fmt(attributes[name])) for name in _EDGE_FIELDS if attributes.get(name) not in (None, "")]
        tooltip = [ends, label] if label else [ends]
        if len(meetings) > 3:
            tooltip += [f"{m['date']} {m['label']}".strip() for m in meetings[-10:]]
        edge = {
            "id": number,
            "from": index[a],
            "to": index[b],
            "value": float(attributes.get("weight", 1)),
            "title": "\n".join(tooltip),
            "name": ends,
            "details": pairs,
            "meetings": meetings,
        }
        if show_edge_labels and label:
            edge["label"] = label
        edges.append(edge)

    iterations = STABILISATION_ITERATIONS["large" if large else "small"]
    options = {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "scaling": {"min": 8, "max": 40, "label": {"enabled": True, "min": 12, "max": 26, "drawThreshold": 7}},
            "font": {"size": 14, "face": "system-ui, sans-serif"},
            "borderWidth": 1,
        },
        "edges": {
            "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#555555", "inherit": False},
            "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "font": {"size": 11, "align": "middle", "strokeWidth": 3, "multi": False},
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2000 if large else -12000,
                "centralGravity": 0.0 if large else 0.3,
                "springLength": 90 if large else 220,
                "springConstant": 0.005 if large else 0.04,
                "damping": 0.9 if large else 0.5,
                "avoidOverlap": 0 if large else 0.1,
            },
            "minVelocity": 2,
            "maxVelocity": 60,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
        "layout": {"improvedLayout": graph.number_of_nodes() <= 150, "randomSeed": 7},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
    }
    subtitle = (
        f"{graph.graph.get('view', 'graph')} view · {graph.graph.get('filters', 'all meetings')} · "
        f"{graph.number_of_nodes():,} nodes, {total:,} links · colour by {colour_by}"
    )
    return {
        "title": title,
        "subtitle": subtitle,
        "notice": notice,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "options": options,
    }


@cache
def _environment() -> Environment:
    folder = files("diplograph.graphs") / "templates"
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))


def render_html(graph: nx.Graph, title: str | None = None, max_edges: int = MAX_EDGES, colour_by: str = "auto") -> str:
    """The whole page as a string: data, vis-network and its CSS in-line, nothing fetched when it opens."""
    title = title or f"diplograph: {graph.graph.get('view', 'graph')}"
    data = page_data(graph, title, max_edges, colour_by)
    script, style = vis_assets()
    return (
        _environment()
        .get_template("network.html")
        .render(
            title=title,
            subtitle=data["subtitle"],
            notice=data["notice"],
            data_json=Markup(script_json(data)),
            vis_js=Markup(script),
            vis_css=Markup(style),
            version=__version__,
            vis_version=VIS_VERSION,
        )
    )


def write_html(graph: nx.Graph, path: Path, title: str | None = None, max_edges: int = MAX_EDGES, **options) -> int:
    """Write the page to `path` (atomically) and return its size in bytes."""
    data = render_html(graph, title, max_edges, **options).encode("utf-8")
    write_atomically(Path(path), data)
    return len(data)
