"""Graph files for other tools: GraphML (Gephi, Cytoscape), GEXF (Gephi), node-link JSON (D3), PNG/SVG (reports)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx

from diplograph.graphs.metrics import communities, degrees
from diplograph.graphs.render_html import COMMUNITY_COLOURS, OTHER_COLOUR, TYPE_COLOURS, strongest_edges
from diplograph.store.location import write_atomically

FILE_FORMATS = ("graphml", "gexf", "json", "png", "svg")
"""The formats `diplograph export` writes besides html."""


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all strings, numbers or booleans, as GraphML and GEXF require."""

    def flat(attributes: dict) -> dict:
        out = {}
        for key, value in attributes.items():
            if value is None:
                continue
            if isinstance(value, bool | int | float | str):
                out[key] = value
            else:
                out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        return out

    copy = nx.Graph()
    copy.graph.update(flat(graph.graph))
    copy.add_nodes_from((node, flat(data)) for node, data in graph.nodes(data=True))
    copy.add_edges_from((a, b, flat(data)) for a, b, data in graph.edges(data=True))
    return copy


def node_link_json(graph: nx.Graph) -> str:
    """The graph as D3's node-link JSON: {"nodes": [{"id": IRI, ...}], "links": [{"source", "target", ...}]}."""
    data = nx.node_link_data(graph, edges="links")
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def draw_static(graph: nx.Graph, output_format: str, max_edges: int = 5000, labels: int = 25) -> bytes:
    """A static drawing for reports: size by weighted degree, colour by community or type, the top labels."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    degree = degrees(graph)
    kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
    community = communities(graph)
    drawn = nx.Graph()
    drawn.add_nodes_from(graph.nodes(data=True))
    drawn.add_edges_from(strongest_edges(graph, max_edges))
    if drawn.number_of_nodes() <= 400:
        positions = nx.spring_layout(drawn, weight="weight", seed=7, k=1.5 / max(1, drawn.number_of_nodes()) ** 0.5)
    else:
        positions = nx.spring_layout(drawn, weight="weight", seed=7, iterations=30)
    if len(kinds) > 1:
        colours = [TYPE_COLOURS.get(d.get("kind"), OTHER_COLOUR) for _, d in drawn.nodes(data=True)]
    else:
        colours = [
            COMMUNITY_COLOURS[community[n]] if community[n] < len(COMMUNITY_COLOURS) else OTHER_COLOUR for n in drawn
        ]
    top_weight = max((w for _, w in degree.values()), default=1.0) or 1.0
    sizes = [30 + 600 * degree[n][1] / top_weight for n in drawn]
    widths = [0.5 + 3 * float(d.get("weight", 1)) / max(1.0, top_weight) for _, _, d in drawn.edges(data=True)]
    figure, axes = plt.subplots(figsize=(12, 9), dpi=100)
    nx.draw_networkx_edges(drawn, positions, ax=axes, width=widths, edge_color="#9aa5b1", alpha=0.7)
    nx.draw_networkx_nodes(drawn, positions, ax=axes, node_size=sizes, node_color=colours, linewidths=0.5)
    strongest = sorted(drawn, key=lambda n: -degree[n][1])[:labels]
    nx.draw_networkx_labels(
        drawn, positions, ax=axes, labels={n: str(drawn.nodes[n].get("label", n)) for n in strongest}, font_size=9
    )
    axes.set_title(f"{graph.graph.get('view', 'graph')}: {graph.graph.get('filters', '')}", fontsize=11)
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=output_format, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def write_graph_file(graph: nx.Graph, path: Path, output_format: str, max_edges: int = 5000) -> int:
    """Write the graph in one of FILE_FORMATS to `path`; return the size in bytes."""
    if output_format == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(flat_graph(graph), buffer, encoding="utf-8")
        data = buffer.getvalue()
    elif output_format == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(flat_graph(graph), buffer, encoding="utf-8")
        data = buffer.getvalue()
    elif output_format == "json":
        data = node_link_json(graph).encode("utf-8")
    elif output_format in ("png", "svg"):
        data = draw_static(graph, output_format, max_edges=max_edges)
    else:
        raise ValueError(f"unknown graph file format {output_format!r}")
    write_atomically(Path(path), data)
    return len(data)
