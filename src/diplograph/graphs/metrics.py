"""Measures of a projected graph: who is central, who clusters with whom, and how pairs met over the years."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import networkx as nx

EXACT_BETWEENNESS_LIMIT = 1000
"""Above this many nodes, betweenness is estimated from a sample of source nodes."""

BETWEENNESS_SAMPLE = 200
"""How many source nodes the estimate samples (the persons graph at 13k nodes takes seconds, not minutes)."""

SEED = 42
"""Seed for sampling and for Louvain, so that the same graph always gets the same answer."""


@dataclass
class NodeMetrics:
    """One node's measures, as `diplograph analyze` prints them."""

    iri: str
    label: str
    kind: str
    degree: int
    weighted_degree: float
    betweenness: float
    pagerank: float
    community: int


def degrees(graph: nx.Graph) -> dict[str, tuple[int, float]]:
    """Each node's number of neighbours and the sum of its edges' weights (meetings, for most views)."""
    weighted = dict(graph.degree(weight="weight"))
    return {node: (graph.degree(node), float(weighted[node])) for node in graph}


def betweenness(graph: nx.Graph, sample: int | None = None) -> dict[str, float]:
    """How often a node lies on shortest paths between others; sampled on large graphs to stay fast."""
    if graph.number_of_nodes() == 0:
        return {}
    k = sample
    if k is None and graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT:
        k = BETWEENNESS_SAMPLE
    if k is not None and k >= graph.number_of_nodes():
        k = None
    return nx.betweenness_centrality(graph, k=k, normalized=True, seed=SEED if k else None)


def pagerank(graph: nx.Graph) -> dict[str, float]:
    """PageRank on meeting weights: a node is central when it meets often with central nodes."""
    if graph.number_of_nodes() == 0:
        return {}
    return nx.pagerank(graph, weight="weight")


def communities(graph: nx.Graph) -> dict[str, int]:
    """Louvain communities (fixed seed), numbered from 0 by size, largest first, ties by smallest label."""
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted(found, key=lambda members: (-len(members), min(str(m) for m in members)))
    return {node: index for index, members in enumerate(ordered) for node in members}


def node_metrics(graph: nx.Graph, sample: int | None = None) -> list[NodeMetrics]:
    """Every measure for every node, strongest (weighted degree) first."""
    degree = degrees(graph)
    between = betweenness(graph, sample)
    rank = pagerank(graph)
    community = communities(graph)
    rows = [
        NodeMetrics(
            iri=str(data.get("iri", node)),
            label=str(data.get("label", node)),
            kind=str(data.get("kind", "")),
            degree=degree[node][0],
            weighted_degree=degree[node][1],
            betweenness=round(between[node], 6),
            pagerank=round(rank[node], 6),
            community=community[node],
        )
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r.weighted_degree, -r.pagerank, r.label))
    return rows


@dataclass
class PairYear:
    """How many meetings a pair had in one year."""

    source: str
    target: str
    year: str
    meetings: int


def yearly_series(graph: nx.Graph) -> list[PairYear]:
    """Meetings per pair and year, from the `years` the projection counted on each edge."""
    rows = []
    for a, b, data in graph.edges(data=True):
        left, right = sorted((str(graph.nodes[a].get("label", a)), str(graph.nodes[b].get("label", b))))
        for year, count in (data.get("years") or {}).items():
            rows.append(PairYear(left, right, year, count))
    rows.sort(key=lambda r: (r.source, r.target, r.year))
    return rows


def as_dicts(rows: list[NodeMetrics] | list[PairYear]) -> list[dict]:
    """Rows as plain dicts, for CSV and JSON."""
    return [asdict(row) for row in rows]
