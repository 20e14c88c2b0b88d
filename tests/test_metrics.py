"""Do the measures of a graph agree with values worked out by hand (and with networkx)?"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from diplograph.graphs.metrics import betweenness, communities, degrees, node_metrics, pagerank, yearly_series


@pytest.fixture
def four_states() -> nx.Graph:
    """A–B met twice, A–C once, A–D once, C–D three times."""
    graph = nx.Graph()
    for node in "ABCD":
        graph.add_node(node, label=f"state {node}", iri=f"https://example.org/{node}", kind="state")
    graph.add_edge("A", "B", weight=2, years={"2020": 2})
    graph.add_edge("A", "C", weight=1, years={"2021": 1})
    graph.add_edge("A", "D", weight=1, years={"2021": 1})
    graph.add_edge("C", "D", weight=3, years={"2019": 1, "2022": 2})
    return graph


def test_degree_counts_partners_and_weighted_degree_counts_meetings(four_states):
    assert degrees(four_states) == {"A": (3, 4.0), "B": (1, 2.0), "C": (2, 4.0), "D": (2, 4.0)}


def test_only_a_lies_between_others_on_shortest_paths(four_states):
    # B–C and B–D both pass through A; all other pairs are neighbours. Normalised by (n-1)(n-2)/2 = 3.
    assert betweenness(four_states) == pytest.approx({"A": 2 / 3, "B": 0.0, "C": 0.0, "D": 0.0})
    assert betweenness(four_states) == pytest.approx(nx.betweenness_centrality(four_states))


def test_pagerank_is_the_fixed_point_of_the_weighted_random_walk(four_states):
    nodes = list("ABCD")
    weights = nx.to_numpy_array(four_states, nodelist=nodes, weight="weight")
    walk = weights / weights.sum(axis=1, keepdims=True)  # row-stochastic: from each node to its partners
    damping, n = 0.85, len(nodes)
    rank = np.linalg.solve(np.eye(n) - damping * walk.T, np.full(n, (1 - damping) / n))
    computed = pagerank(four_states)
    assert [computed[node] for node in nodes] == pytest.approx(list(rank), abs=1e-6)
    assert sum(computed.values()) == pytest.approx(1.0)


def test_louvain_puts_a_with_b_and_c_with_d(four_states):
    # Modularity by hand: {A,B}{C,D} = 2/7 - (6/14)² + 3/7 - (8/14)² ≈ 0.204, better than any other split.
    assert communities(four_states) == {"A": 0, "B": 0, "C": 1, "D": 1}


def test_node_metrics_list_the_strongest_node_first_with_every_measure(four_states):
    rows = node_metrics(four_states)
    assert rows[0].label == "state A" and rows[0].degree == 3 and rows[0].weighted_degree == 4.0
    assert rows[-1].label == "state B"


def test_the_yearly_series_counts_meetings_per_pair_and_year(four_states):
    series = [(r.source, r.target, r.year, r.meetings) for r in yearly_series(four_states)]
    assert series == [
        ("state A", "state B", "2020", 2),
        ("state A", "state C", "2021", 1),
        ("state A", "state D", "2021", 1),
        ("state C", "state D", "2019", 1),
        ("state C", "state D", "2022", 2),
    ]


def test_a_large_graph_gets_a_sampled_betweenness_that_is_repeatable():
    graph = nx.connected_watts_strogatz_graph(1500, 4, 0.1, seed=3)
    first, second = betweenness(graph), betweenness(graph)
    assert first == second and len(first) == 1500


@pytest.mark.parametrize(
    "graph",
    [
        nx.karate_club_graph(),
        nx.disjoint_union(nx.path_graph(5), nx.cycle_graph(7)),
        nx.gnp_random_graph(150, 0.05, seed=3),
        nx.complete_graph(3),
        nx.path_graph(2),
    ],
    ids=["karate", "two-parts", "random", "triangle", "one-link"],
)
def test_betweenness_and_pagerank_of_a_small_graph_are_networkx_s_to_the_sixth_decimal(graph):
    graph.add_node("alone")
    assert {n: round(v, 6) for n, v in betweenness(graph).items()} == {
        n: round(v, 6) for n, v in nx.betweenness_centrality(graph, normalized=True).items()
    }
    assert {n: round(v, 6) for n, v in pagerank(graph).items()} == {
        n: round(v, 6) for n, v in nx.pagerank(graph, weight="weight").items()
    }
