"""A world map of the states view that opens with no network: outlines, states at their capitals, links as arcs.

The outlines are Natural Earth's (world-atlas, vendored), drawn by the server as SVG paths; the
states and links travel as escaped JSON and the page draws them with DOM calls that set text,
never markup. The same year and link-kind filters as the network page; a click opens a relation.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from diplograph import __version__
from diplograph.graphs.geo import HEIGHT, REGION_COLOURS, WIDTH, coordinates, project_point, region_of, world
from diplograph.graphs.render_html import _link_kinds, isolate, script_json
from diplograph.store.backends import Backend
from diplograph.store.location import write_atomically


def map_data(graph: nx.Graph, backend: Backend | None, relation_base: str | None = None) -> dict:
    """States with map coordinates and their links with counts by kind and year, ready for the page.

    `relation_base` is the link of a relation page with `{pair}` for its codes (e.g. `relation/{pair}`).
    """
    codes = {str(d.get("code", "")).upper() for _, d in graph.nodes(data=True)}
    places = coordinates(backend, codes)
    states, index, years, kinds = [], {}, set(), set()
    for node, attributes in graph.nodes(data=True):
        code = str(attributes.get("code", "")).upper()
        if code not in places:
            continue
        longitude, latitude, source = places[code]
        x, y = project_point(longitude, latitude)
        index[node] = len(states)
        region = region_of(code)
        states.append(
            {
                "id": len(states),
                "code": code,
                "name": str(attributes.get("label", code)),
                "iri": str(attributes.get("iri", node)),
                "x": x,
                "y": y,
                "placed": source,
                "colour": REGION_COLOURS.get(region, REGION_COLOURS[""]),
                "region": region,
                "title": isolate(attributes.get("label", code)),
            }
        )
    links = []
    for a, b, attributes in graph.edges(data=True):
        if a not in index or b not in index:
            continue
        counts = _link_kinds(graph, a, b, attributes)
        kinds.update(counts)
        years.update(y for per in counts.values() for y in per if y)
        left, right = sorted((states[index[a]]["code"], states[index[b]]["code"]))
        links.append(
            {
                "from": index[a],
                "to": index[b],
                "kinds": counts,
                "name": f"{graph.nodes[a].get('label', a)} — {graph.nodes[b].get('label', b)}",
                "href": relation_base.format(pair=f"{left}-{right}") if relation_base else None,
                "meetings": (attributes.get("meeting_list") or [])[-20:],
            }
        )
    return {
        "states": states,
        "links": links,
        "kinds": sorted(kinds),
        "years": [min(years), max(years)] if years else [],
        "legend": [{"colour": c, "label": r or "region unknown"} for r, c in REGION_COLOURS.items()],
    }


@cache
def _environment() -> Environment:
    folder = files("diplograph.graphs") / "templates"
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))


def render_map(
    graph: nx.Graph, backend: Backend | None, title: str | None = None, relation_base: str | None = None
) -> str:
    """The whole map page as a string, with its outlines and data in-line."""
    shapes, _ = world()
    return (
        _environment()
        .get_template("map.html")
        .render(
            title=title or "diplograph: map of relations",
            shapes=[shape for shape in shapes if shape[0] != "AQ"],  # the map stops at 58° S
            width=WIDTH,
            height=round(HEIGHT, 1),
            data_json=Markup(script_json(map_data(graph, backend, relation_base))),
            version=__version__,
        )
    )


def write_map(
    graph: nx.Graph, backend: Backend | None, path: Path, title: str | None = None, relation_base: str | None = None
) -> int:
    """Write the map page to `path` (atomically) and return its size in bytes."""
    data = render_map(graph, backend, title, relation_base).encode("utf-8")
    write_atomically(Path(path), data)
    return len(data)
