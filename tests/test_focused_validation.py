"""A rebuild's check of the resources an edit reaches evaluates each shape's OPTIONAL row by row (LATERAL)."""

from __future__ import annotations

import pyoxigraph as ox

from diplograph.pipeline.validate import LATERAL_UP_TO, _lateral, _restricted


def test_only_the_optionals_at_the_top_of_the_group_are_made_lateral():
    group = (
        ' ?this dg:p ?x . OPTIONAL { ?t dg:holder ?x OPTIONAL { ?t dg:end ?e } FILTER(?t != "}") }'
        " FILTER(!bound(?t)) FILTER NOT EXISTS { OPTIONAL { ?this dg:q ?y } } } GROUP BY ?this"
    )
    assert _lateral(group) == (
        ' ?this dg:p ?x . LATERAL { OPTIONAL { ?t dg:holder ?x OPTIONAL { ?t dg:end ?e } FILTER(?t != "}") } }'
        " FILTER(!bound(?t)) FILTER NOT EXISTS { OPTIONAL { ?this dg:q ?y } } } GROUP BY ?this"
    )


def test_a_large_focus_keeps_the_left_join():
    query = "SELECT ?this WHERE { ?this a ?k OPTIONAL { ?this dg:p ?v } }"
    few = {ox.NamedNode("https://example.org/a")}
    many = {ox.NamedNode(f"https://example.org/{n}") for n in range(LATERAL_UP_TO + 1)}
    assert "LATERAL" in _restricted(query, few)
    assert "LATERAL" not in _restricted(query, many)
