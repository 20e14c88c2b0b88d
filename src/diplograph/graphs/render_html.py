"""An interactive HTML page of a projected graph that opens with no network and cannot be scripted by its data.

vis-network's JavaScript and CSS are copied in-line from the installed pyvis package (pyvis's own
pages load vis-network and Bootstrap from CDNs in every mode). The graph travels as JSON in a
`<script type="application/json">` block with `<`, `>` and `&` escaped, and the page puts every
label and detail into the DOM as text; tooltips are plain strings, which vis-network shows as text.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from diplograph import __version__
from diplograph.graphs.geo import REGION_COLOURS, region_of
from diplograph.graphs.metrics import betweenness, communities, degrees, pagerank
from diplograph.graphs.projections import in_canonical_order
from diplograph.store.location import write_atomically

MAX_EDGES = 5000
"""Above this many links the page keeps the strongest ones and says so."""

LARGE_GRAPH = 1000
"""From this many nodes the layout is computed community by community and the page hides links while moving."""

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
    from importlib.util import find_spec

    spec = find_spec("pyvis")  # found, not imported: importing pyvis costs 0.1 s and only its files are wanted
    if spec is None or not spec.submodule_search_locations:
        raise RenderError("pyvis is not installed: its copy of vis-network draws the page (pip install pyvis)")
    package = Path(next(iter(spec.submodule_search_locations)))
    folder = package.resolve() / "templates" / "lib" / f"vis-{VIS_VERSION}"
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
    """The `limit` heaviest edges; among equals, the latest (by an end's date), those away from hubs, then by ends.

    In the meetings view every link weighs 1 (a meeting and one of its participants, states, topics):
    there, "heaviest" means nothing and the date of the meeting decides, so the latest meetings stay whole.
    """
    hubs = _hubs(graph) if graph.number_of_edges() > limit else set()

    def latest(edge: tuple[str, str, dict]) -> str:
        return max(str(graph.nodes[edge[0]].get("date") or ""), str(graph.nodes[edge[1]].get("date") or ""))

    ranked = sorted(graph.edges(data=True), key=lambda e: (e[0] in hubs or e[1] in hubs, str(e[0]), str(e[1])))
    ranked.sort(key=latest, reverse=True)  # stable: the order above stays among links of the same date
    ranked.sort(key=lambda e: -float(e[2].get("weight", 1)))
    return ranked[:limit]


def equal_weights(graph: nx.Graph) -> bool:
    """Whether every link of the graph weighs the same (so that only their dates can rank them)."""
    return len({float(w) for _, _, w in graph.edges(data="weight", default=1)}) <= 1


def _hubs(graph: nx.Graph) -> set[str]:
    """Nodes joined to so much of the graph that they say nothing about its shape (the US in HSG data)."""
    bound = max(50, 0.05 * graph.number_of_nodes())
    return {node for node in graph if graph.degree(node) > bound}


def _packed_components(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Each connected part laid out on its own, then the parts set side by side on a spiral, biggest first.

    Laid out together, small parts fly to the rim and squeeze the main one into a dot; apart, each
    keeps a size in proportion to its nodes. Positions come back within about [-1, 1].
    """
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c))))
    total = graph.number_of_nodes()
    placed: dict[str, tuple[float, float]] = {}
    radius, angle = 0.0, 0.0
    for number, part in enumerate(parts):
        scale = math.sqrt(len(part) / total)
        if len(part) == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            local = nx.spring_layout(in_canonical_order(graph.subgraph(part)), weight="weight", seed=7, iterations=30)
        if number:
            radius += scale + 0.02
        cx, cy = radius * math.cos(angle), radius * math.sin(angle)
        for node, (x, y) in local.items():
            placed[node] = (cx + scale * float(x), cy + scale * float(y))
        radius += scale * 0.15
        angle += 2.39996
    return placed


def precomputed_layout(graph: nx.Graph, community: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Lay out a large graph cheaply: each community by networkx's spring layout, the communities on a spiral.

    Spring layout costs the square of the nodes it places, so laying out communities one by one
    costs far less than the whole graph at once. Hubs are left out of the layout (they would pull
    every community into one star) and then placed among their neighbours.
    """
    hubs = _hubs(graph)
    members: dict[int, list[str]] = {}
    for node in graph:
        if node not in hubs:
            members.setdefault(community.get(node, 0), []).append(node)
    positions: dict[str, tuple[float, float]] = {}
    area, angle = 0.0, 0.0
    for index in sorted(members):
        group = members[index]
        size = 45 * math.sqrt(len(group)) + 20
        local = _packed_components(in_canonical_order(graph.subgraph(group)))
        radius = 1.25 * math.sqrt(area + size * size / 2) if index else 0.0  # a sunflower: discs fill a round area
        area += size * size
        cx, cy = radius * math.cos(angle), radius * math.sin(angle)
        for node, (x, y) in local.items():
            positions[node] = (cx + size * float(x), cy + size * float(y))
        angle += 2.39996  # the golden angle keeps the spiral's discs apart
    for number, hub in enumerate(sorted(hubs, key=str)):
        placed = [positions[n] for n in graph[hub] if n in positions] or [(0.0, 0.0)]
        x = sum(p[0] for p in placed) / len(placed)
        y = sum(p[1] for p in placed) / len(placed)
        positions[hub] = (x + 60 * math.cos(number * 2.39996), y + 60 * math.sin(number * 2.39996))
    return positions


def spread_overlaps(positions: dict[str, tuple[float, float]], gap: float = 14.0) -> dict[str, tuple[float, float]]:
    """Move nodes that would sit on one another apart, so that every node can be seen and clicked."""
    taken: dict[tuple[int, int], str] = {}
    placed = {}
    for node, (x, y) in positions.items():
        turn = 0
        while (round(x / gap), round(y / gap)) in taken:
            turn += 1
            x += gap * math.cos(turn * 2.39996) * (1 + turn / 6)
            y += gap * math.sin(turn * 2.39996) * (1 + turn / 6)
        taken[(round(x / gap), round(y / gap))] = node
        placed[node] = (x, y)
    return placed


def wheel_layout(graph: nx.Graph, group: dict[str, str], order: list[str]) -> dict[str, tuple[float, float]]:
    """States on a wheel: one sector per region, the strongest partners nearest the middle, the busiest in it."""
    strength = dict(graph.degree(weight="weight"))
    top = max(strength.values(), default=1) or 1
    ranked = sorted(graph, key=lambda n: (order.index(group.get(n, "")) if group.get(n, "") in order else 99,
                                          -strength[n], str(n)))  # fmt: skip
    count = len(ranked)
    outer = 60 * math.sqrt(count) + 150
    positions = {}
    busiest = sorted(strength.values(), reverse=True)
    centre = max(graph, key=lambda n: (strength[n], str(n))) if count > 2 and busiest[0] > busiest[1] else None
    for number, node in enumerate(ranked):
        weight = max(float(strength[node]), 1.0)
        if node == centre:
            positions[node] = (0.0, 0.0)
            continue
        near = 1 - math.log1p(weight) / math.log1p(max(top, 2))
        r = outer * (0.25 + 0.75 * near) * (1 + 0.08 * (number % 3))
        theta = 2 * math.pi * number / count
        positions[node] = (r * math.cos(theta), r * math.sin(theta))
    return positions


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_NODE_FIELDS = ("kind", "code", "region", "states", "broader", "date", "format", "meetings", "summits", "first", "last")
_EDGE_FIELDS = ("meetings", "summits", "instruments", "first", "last", "relation", "for_state")

SIZE_METRICS = {
    "selection": "meetings and instruments in the selection",
    "links": "links",
    "pagerank": "PageRank",
    "betweenness": "betweenness",
}
"""What a node's size can show; the first is counted again in the page whenever a filter changes."""

BETWEENNESS_LIMIT = 1000
"""Above this many nodes the page offers no betweenness (an estimate would cost more than the rest of the page)."""


def isolate(text: object) -> str:
    """Text wrapped in Unicode first-strong isolates, so that a right-to-left override inside cannot leak out."""
    return f"\u2068{text}\u2069"


def _link_kinds(graph: nx.Graph, a: str, b: str, attributes: dict) -> dict[str, dict[str, int]]:
    """An edge's counts by kind of link and year ('' when undated), which the page's filters add up."""
    relation = attributes.get("relation")
    if relation:  # the bipartite meetings view: one link per meeting and neighbour, dated by the meeting
        meeting = a if graph.nodes[a].get("kind") == "meeting" else b
        return {str(relation): {str(graph.nodes[meeting].get("date", ""))[:4]: 1}}
    kinds: dict[str, dict[str, int]] = {}
    years = dict(attributes.get("years") or {})
    meetings = int(attributes.get("meetings", 0) or 0)
    if meetings:
        undated = meetings - sum(years.values())
        if undated > 0:
            years[""] = undated
        kinds["meetings"] = years
    instruments = attributes.get("instrument_years") or {}
    if not instruments and attributes.get("instruments"):
        instruments = {"": int(attributes["instruments"])}
    if instruments:
        kinds["instruments"] = dict(instruments)
    if not kinds:
        kinds["links"] = {"": int(attributes.get("weight", 1) or 1)}
    return kinds


def layout(graph: nx.Graph, community: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Positions for every node, computed before the page opens so that it draws at once with physics off."""
    if graph.number_of_nodes() > 2 and all(d.get("kind") == "state" for _, d in graph.nodes(data=True)):
        regions = {n: str(d.get("region") or region_of(str(d.get("code", "")))) for n, d in graph.nodes(data=True)}
        return wheel_layout(graph, regions, list(REGION_COLOURS))
    if graph.number_of_nodes() >= LARGE_GRAPH:
        return precomputed_layout(graph, community)
    if graph.number_of_nodes() == 0:
        return {}
    count = graph.number_of_nodes()
    spread = 120 * math.sqrt(count) + 100
    found = nx.spring_layout(graph, weight=None, seed=7, iterations=100, k=1.6 / math.sqrt(count))
    return {node: (spread * float(x), spread * float(y)) for node, (x, y) in found.items()}


def _colouring(graph: nx.Graph, colour_by: str, kinds: set[str], community: dict, degree: dict) -> tuple[dict, list]:
    """Each node's colour and the legend that explains it."""
    colour: dict[str, str] = {}
    legend: list[dict[str, str]] = []
    if colour_by == "region":
        counts: dict[str, int] = {}
        for node, attributes in graph.nodes(data=True):
            region = str(attributes.get("region", ""))
            colour[node] = REGION_COLOURS.get(region, OTHER_COLOUR)
            counts[region] = counts.get(region, 0) + 1
        for region, value in REGION_COLOURS.items():
            if region in counts:
                legend.append({"colour": value, "label": f"{region or 'region unknown'} ({counts[region]})"})
    elif colour_by == "type":
        for node, attributes in graph.nodes(data=True):
            colour[node] = TYPE_COLOURS.get(str(attributes.get("kind", "")), OTHER_COLOUR)
        legend = [{"colour": value, "label": kind} for kind, value in TYPE_COLOURS.items() if kind in kinds]
    else:
        sizes: dict[int, list[str]] = {}
        for node, group in community.items():
            sizes.setdefault(group, []).append(node)
            colour[node] = COMMUNITY_COLOURS[group] if group < len(COMMUNITY_COLOURS) else OTHER_COLOUR
        for group in sorted(sizes)[: len(COMMUNITY_COLOURS)]:
            top = sorted(sizes[group], key=lambda n: (-degree[n][1], str(n)))[:3]
            names = ", ".join(str(graph.nodes[n].get("label", n)) for n in top)
            legend.append(
                {"colour": COMMUNITY_COLOURS[group], "label": f"community {group + 1} ({len(sizes[group])}): {names}"}
            )
        if len(sizes) > len(COMMUNITY_COLOURS):
            legend.append(
                {"colour": OTHER_COLOUR, "label": f"{len(sizes) - len(COMMUNITY_COLOURS)} smaller communities"}
            )
    return colour, legend


def page_data(graph: nx.Graph, title: str, max_edges: int = MAX_EDGES, colour_by: str = "auto") -> dict:
    """Everything the page draws, as plain JSON-ready data: nodes, links, legend, notice and vis options."""
    if colour_by not in ("auto", "community", "type", "region"):
        raise RenderError(f"unknown colouring {colour_by!r}: choose region, community or type")
    kinds = {str(d.get("kind", "")) for _, d in graph.nodes(data=True)}
    if colour_by == "auto":
        colour_by = "type" if len(kinds) > 1 else "region" if kinds == {"state"} else "community"
    if colour_by == "region":
        for _, attributes in graph.nodes(data=True):
            attributes.setdefault("region", region_of(str(attributes.get("code", ""))))
    degree = degrees(graph)
    community = communities(graph)
    rank = pagerank(graph)
    between = betweenness(graph) if graph.number_of_nodes() <= BETWEENNESS_LIMIT else {}
    index = {node: i for i, node in enumerate(graph.nodes)}
    large = graph.number_of_nodes() >= LARGE_GRAPH
    positions = spread_overlaps(layout(graph, community))
    colour, legend = _colouring(graph, colour_by, kinds, community, degree)

    nodes = []
    for node, attributes in graph.nodes(data=True):
        label = str(attributes.get("label", node))
        kind = str(attributes.get("kind", ""))
        pairs = [(name, _fmt(attributes[name])) for name in _NODE_FIELDS if attributes.get(name) not in (None, "")]
        pairs += [("links", str(degree[node][0])), ("weighted degree", _fmt(degree[node][1]))]
        pairs += [("community", str(community.get(node, 0) + 1)), ("IRI", str(attributes.get("iri", node)))]
        tooltip = [isolate(label), kind]
        if attributes.get("meetings") is not None:
            span = " to ".join(x for x in (attributes.get("first"), attributes.get("last")) if x)
            tooltip.append(f"{attributes['meetings']} meetings" + (f", {span}" if span else ""))
        elif attributes.get("date"):
            tooltip.append(isolate(attributes["date"]))
        tooltip.append(f"{degree[node][0]} links, weighted degree {_fmt(degree[node][1])}")
        metrics = {"links": degree[node][0], "pagerank": round(rank.get(node, 0.0), 6)}
        if between:
            metrics["betweenness"] = round(between.get(node, 0.0), 6)
        item = {
            "id": index[node],
            "label": isolate(label),
            "name": label,
            "title": "\n".join(t for t in tooltip if t),
            "value": max(degree[node][1], 1.0),
            "color": colour.get(node, OTHER_COLOUR),
            "iri": str(attributes.get("iri", node)),
            "kind": kind,
            "category": str(attributes.get("region", "")) if colour_by == "region" else kind,
            "metrics": metrics,
            "details": pairs,
        }
        if node in positions:
            item["x"], item["y"] = (round(c, 1) for c in positions[node])
        nodes.append(item)
    nodes.sort(key=lambda item: item["value"])  # drawn in this order: a hub is never buried under a leaf

    total = graph.number_of_edges()
    kept = strongest_edges(graph, max_edges)
    notice = ""
    if len(kept) < total:
        if equal_weights(graph):
            notice = (
                f"Showing {len(kept):,} of {total:,} links: every link here counts once, so those of the latest "
                "meetings are kept; narrow the years or export GraphML or JSON for all of them."
            )
        else:
            notice = (
                f"Showing the {len(kept):,} strongest of {total:,} links (by number of meetings); "
                "export GraphML or JSON for all of them."
            )
    edges, link_kinds, years = [], set(), set()
    meeting_base = _common_folder(m["iri"] for *_, attributes in kept for m in attributes.get("meeting_list") or [])
    for number, (a, b, attributes) in enumerate(kept):
        label = str(attributes.get("label", ""))
        ends = f"{graph.nodes[a].get('label', a)} — {graph.nodes[b].get('label', b)}"
        meetings = attributes.get("meeting_list") or []
        pairs = [(name, _fmt(attributes[name])) for name in _EDGE_FIELDS if attributes.get(name) not in (None, "")]
        tooltip = [isolate(graph.nodes[a].get("label", a)) + " — " + isolate(graph.nodes[b].get("label", b))]
        if label:
            tooltip.append(isolate(label))
        # A link of more than three meetings lists its ten latest in its tooltip too: the page adds them from
        # `meetings` when it opens, rather than carry them twice (1M states: 0.9 MB of a 5.1 MB page).
        counts = _link_kinds(graph, a, b, attributes)
        link_kinds.update(counts)
        years.update(y for per_year in counts.values() for y in per_year if y)
        edges.append(
            {
                "id": number,
                "from": index[a],
                "to": index[b],
                "value": float(attributes.get("weight", 1)),
                "title": "\n".join(tooltip),
                "name": ends,
                "text": isolate(label) if label else "",
                "kinds": counts,
                "details": pairs,
                "meetings": [[m["date"], m["label"], _relative(m["iri"], meeting_base)] for m in meetings],
            }
        )

    options = {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "scaling": {"min": 7, "max": 36, "label": {"enabled": True, "min": 11, "max": 24, "drawThreshold": 9}},
            "font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "edges": {
            "color": {"color": "#9aa5b1", "opacity": 0.55, "highlight": "#333333", "hover": "#555555"},
            "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
            "smooth": False,
            "font": {"size": 11, "align": "middle", "strokeWidth": 3, "multi": False},
        },
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": True,
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
    metric_names = {k: v for k, v in SIZE_METRICS.items() if k != "betweenness" or between}
    return {
        "title": title,
        "subtitle": subtitle,
        "notice": notice,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "metrics": metric_names,
        "kinds": sorted(link_kinds),
        "years": [min(years), max(years)] if years else [],
        "meeting_base": meeting_base,
        "options": options,
    }


def _common_folder(iris: Iterable[str]) -> str:
    """The folder most meeting IRIs share (`…/id/meeting/`), which the page's lists of meetings leave out."""
    counts = Counter(iri.rsplit("/", 1)[0] + "/" for iri in iris if "/" in iri)
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0] if counts else ""


def _relative(iri: str, base: str) -> str:
    """An IRI without the shared folder; whole when elsewhere (the page tells them apart by the colon of a scheme)."""
    rest = iri[len(base) :] if base and iri.startswith(base) else iri
    return rest if rest != iri and ":" not in rest else iri


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
