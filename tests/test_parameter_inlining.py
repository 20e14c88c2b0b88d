"""A resource parameter is written in place of its variable only where the answers cannot change.

The catalogue's answers are compared across stores in test_stores.py; these check the rule itself on
query texts (no store): where the text is rewritten, and where the parameter stays a VALUES block.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from diplograph.store.sparql import bind_parameters

M = URIRef("https://w3id.org/diplograph/id/meeting/m1")


def test_a_meeting_parameter_is_written_into_each_union_branch():
    text = "SELECT ?x WHERE { { ?x <p> ?meeting } UNION { ?meeting <q> ?x } }"
    bound = bind_parameters(text, {"meeting": M}, inline=True)
    assert "?meeting" not in bound and bound.count(M.n3()) == 2 and "VALUES" not in bound


def test_without_inline_the_parameter_is_a_values_block():
    bound = bind_parameters("SELECT ?x WHERE { ?x <p> ?meeting }", {"meeting": M})
    assert "VALUES (?meeting)" in bound and "?x <p> ?meeting" in bound


def test_a_projected_parameter_stays_bound_by_values():
    bound = bind_parameters("SELECT ?meeting ?x WHERE { ?x <p> ?meeting }", {"meeting": M}, inline=True)
    assert "VALUES (?meeting)" in bound


def test_a_parameter_tested_with_bound_stays_bound_by_values():
    text = "SELECT ?x WHERE { ?x <p> ?o FILTER(!BOUND(?meeting) || ?o = ?meeting) }"
    assert "VALUES (?meeting)" in bind_parameters(text, {"meeting": M}, inline=True)


def test_a_sub_select_that_does_not_project_the_variable_keeps_its_own():
    text = "SELECT ?x WHERE { { SELECT ?x WHERE { ?x <p> ?meeting } } ?x <q> ?meeting }"
    assert "VALUES (?meeting)" in bind_parameters(text, {"meeting": M}, inline=True)


def test_a_sub_select_that_projects_and_groups_by_the_parameter_drops_it_from_both():
    text = (
        "SELECT ?s ?c WHERE { { SELECT ?meeting ?s (COUNT(?n) AS ?c) WHERE { ?s <p> ?meeting ; <n> ?n } "
        "GROUP BY ?meeting ?s } }"
    )
    bound = bind_parameters(text, {"meeting": M}, inline=True)
    assert "?meeting" not in bound and "GROUP BY  ?s" in bound and f"?s <p> {M.n3()}" in bound


def test_a_filter_in_a_group_that_does_not_bind_the_parameter_keeps_values():
    # Under VALUES the inner group's filter sees ?meeting unbound; written in place it would not.
    text = "SELECT ?x WHERE { ?x <p> ?meeting { ?x <q> ?o FILTER(?o = ?meeting) } }"
    assert "VALUES (?meeting)" in bind_parameters(text, {"meeting": M}, inline=True)


def test_literal_parameters_stay_in_the_values_block_beside_a_resource_written_in_place():
    text = "SELECT ?x WHERE { ?x <p> ?meeting ; <d> ?d FILTER(?d >= ?since) }"
    bound = bind_parameters(text, {"meeting": M, "since": Literal("2024-01-01")}, inline=True)
    assert "VALUES (?since)" in bound and f"?x <p> {M.n3()}" in bound


def test_a_query_that_asks_for_values_keeps_them():
    text = "# (bind: values)\nSELECT ?x WHERE { ?x <p> ?meeting }"
    assert "VALUES (?meeting)" in bind_parameters(text, {"meeting": M}, inline=True)


def test_words_go_into_a_top_filter_only_in_a_query_that_asks_for_it():
    text = 'SELECT ?x WHERE { ?x <label> ?l FILTER(CONTAINS(?l, COALESCE(?words, ""))) }'
    words = {"words": Literal("tele")}
    assert "VALUES (?words)" in bind_parameters(text, words, inline=True)
    asked = text.replace("WHERE {", "WHERE {\n# (bind: words in place)\n")
    bound = bind_parameters(asked, words, inline=True)
    assert "VALUES" not in bound and 'COALESCE("tele", "")' in bound


def test_words_in_a_pattern_a_group_of_their_own_or_a_bound_test_stay_in_values():
    marker = "# (bind: words in place)\n"
    for body in (
        "?x <label> ?words",
        "?x <label> ?l { ?x <p> ?o FILTER(?o = ?words) }",
        "?x <label> ?l FILTER(!BOUND(?words) || ?l = ?words)",
        "?x <label> ?l FILTER EXISTS { ?x <p> ?o FILTER(?o = ?words) }",
    ):
        bound = bind_parameters(f"SELECT ?x WHERE {{\n{marker}{body} }}", {"words": Literal("w")}, inline=True)
        assert "VALUES (?words)" in bound, body
