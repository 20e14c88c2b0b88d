"""Links between states besides meetings, for the states projection: bilateral instruments and missions.

Kept small on purpose (the link kinds that can be chosen and combined belong to the projections'
owner): in the unfiltered states view, two states that share an instrument with exactly two
parties, or of which one keeps a mission in the other, are linked; such an edge carries its
`instruments` and `missions` counts, 0 meetings, and their sum as weight. Pairs that also met keep
their meeting edge, with the counts added.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

MISSION_PAIRS = """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m dg:sendingState ?x ; dg:receivingState ?y . FILTER(?x != ?y)
  BIND(IF(STR(?x) < STR(?y), ?x, ?y) AS ?a) BIND(IF(STR(?x) < STR(?y), ?y, ?x) AS ?b)
} GROUP BY ?a ?b"""
"""Pairs of states (in IRI order) with how many missions one keeps in the other."""


def add_world_links(
    graph: nx.Graph,
    parties: dict[str, set[str]],
    missions: dict[tuple[str, str], int],
    names: dict[str, tuple[str, str]],
) -> None:
    """Add the instrument and mission links (and the states they bring) to a states graph."""
    pairs: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"instruments": 0, "missions": 0})
    for states in parties.values():
        if len(states) == 2:
            a, b = sorted(states)
            pairs[(a, b)]["instruments"] += 1
    for pair, count in missions.items():
        pairs[pair]["missions"] = count
    for (a, b), counts in pairs.items():
        for iri in (a, b):
            if iri not in graph:
                label, code = names.get(iri, ("", ""))
                tail = iri.rsplit("/", 1)[-1]
                graph.add_node(
                    iri,
                    iri=iri,
                    label=label or tail,
                    kind="state",
                    code=code or tail,
                    meetings=0,
                    summits=0,
                    first="",
                    last="",
                )
        if graph.has_edge(a, b):
            graph.edges[a, b]["missions"] = counts["missions"]
            continue
        graph.add_edge(
            a,
            b,
            weight=sum(counts.values()),
            meetings=0,
            summits=0,
            first="",
            last="",
            label="",
            meeting_list=[],
            years={},
            **counts,
        )
