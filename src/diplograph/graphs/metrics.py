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
    if k is None and not graph.is_directed() and graph.number_of_nodes() <= DENSE_LIMIT:
        return _dense_betweenness(graph)
    return nx.betweenness_centrality(graph, k=k, normalized=True, seed=SEED if k else None)


DENSE_LIMIT = 400
"""Up to this many nodes, betweenness and PageRank are computed on a dense matrix with numpy: the states of the
world (201 nodes, 3,895 links at 1M) in 10 ms instead of networkx's 0.4–0.7 s (a Python loop over every link
from every node) and PageRank without importing scipy (0.3 s). Both give networkx's values (tests/test_metrics.py)."""


def _one_blas_thread():
    """OpenBLAS's threads spin against each other on a busy machine: a 201-node product took 10 ms, not 0.7 ms."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _dense_betweenness(graph: nx.Graph) -> dict[str, float]:
    """Brandes' exact betweenness of an undirected, unweighted graph, every source at once (rows of the matrices).

    Breadth-first levels count each node's shortest paths from each source (`sigma`); dependencies are then
    gathered from the farthest level back. Normalised as networkx does: by (n − 1)(n − 2).
    """
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=None, dtype=float)
    np.fill_diagonal(adjacency, 0.0)  # a self-loop is never on a shortest path
    adjacency = (adjacency > 0).astype(float)
    sigma = np.eye(n)
    reached = np.eye(n, dtype=bool)
    levels = [reached.copy()]
    with _one_blas_thread():
        while True:
            paths = (sigma * levels[-1]) @ adjacency
            found = (paths > 0) & ~reached
            if not found.any():
                break
            sigma[found] = paths[found]
            reached |= found
            levels.append(found)
        delta = np.zeros((n, n))
        for depth in range(len(levels) - 1, 0, -1):
            share = np.where(levels[depth], (1.0 + delta) / np.where(sigma > 0, sigma, 1.0), 0.0)
            delta += np.where(levels[depth - 1], sigma * (share @ adjacency), 0.0)
    np.fill_diagonal(delta, 0.0)
    totals = delta.sum(axis=0)
    if n > 2:
        totals = totals / ((n - 1) * (n - 2))
    return {node: float(value) for node, value in zip(nodes, totals, strict=True)}


def pagerank(graph: nx.Graph) -> dict[str, float]:
    """PageRank on meeting weights: a node is central when it meets often with central nodes."""
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() <= DENSE_LIMIT and not graph.is_multigraph():
        return _dense_pagerank(graph)
    return nx.pagerank(graph, weight="weight")


def _dense_pagerank(graph: nx.Graph, damping: float = 0.85, tolerance: float = 1.0e-6, rounds: int = 100) -> dict:
    """PageRank by power iteration on the dense transition matrix, with networkx's conventions.

    A node without links spreads its rank evenly over all nodes, every node gets the same teleport share,
    and the iteration stops when the ranks move by less than `tolerance` per node in total (L1).
    """
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    weights = nx.to_numpy_array(graph, nodelist=nodes, weight="weight", dtype=float)
    strength = weights.sum(axis=1)
    sinks = strength == 0
    transition = np.divide(weights, strength[:, None], out=np.zeros_like(weights), where=~sinks[:, None])
    rank = np.full(n, 1.0 / n)
    with _one_blas_thread():
        for _ in range(rounds):
            following = damping * (rank @ transition + rank[sinks].sum() / n) + (1.0 - damping) / n
            moved = float(np.abs(following - rank).sum())
            rank = following
            if moved < n * tolerance:
                return dict(zip(nodes, map(float, rank), strict=True))
    raise nx.PowerIterationFailedConvergence(rounds)


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
