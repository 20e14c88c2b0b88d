"""Do the graphs of states, persons, meetings and topics count what SPARQL counts on the same store?"""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph.graphs.projections import Filters, ProjectionError, project
from diplograph.store.backends import open_backend

JP = "https://w3id.org/diplograph/id/state/JP"
PE = "https://w3id.org/diplograph/id/state/PE"


@pytest.fixture(scope="module")
def backend(built_store):
    return open_backend(f"oxigraph:{built_store.path}")


def _pairs(rows: list[dict[str, str]], a: str = "a", b: str = "b") -> dict[frozenset, int]:
    return {frozenset((r[a], r[b])): int(r["n"]) for r in rows}


def test_the_states_graph_has_an_edge_per_pair_that_met_weighted_as_sparql_counts_meetings(backend, built_store):
    graph = project(backend, "states")
    expected = _pairs(
        built_store.select(
            "SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dg:Meeting ; dg:betweenState ?a , ?b "
            "FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b"
        )
    )
    assert {frozenset(e): d["weight"] for *e, d in graph.edges(data=True)} == expected
    states = built_store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?m a dg:Meeting ; dg:betweenState ?s }")
    assert graph.number_of_nodes() == int(states[0]["n"]) == built_store.report.counts["states"]


def test_japan_and_peru_met_twice_both_summits_with_the_instruments_agreements_between_lists(backend, built_store):
    edge = project(backend, "states").edges[JP, PE]
    assert (edge["meetings"], edge["summits"]) == (3, 3)
    assert (edge["first"], edge["last"]) == ("2020-05-19", "2025-08-08")
    assert edge["years"] == {"2020": 1, "2024": 1, "2025": 1}
    instruments = built_store.select(
        "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i dg:party <%s> , <%s> }" % (JP, PE)  # noqa: UP031
    )
    assert edge["instruments"] == int(instruments[0]["n"]) >= 5
    assert "Japan–Peru summit meeting, 8 August 2025" in edge["label"]
    assert [m["date"] for m in edge["meeting_list"]] == ["2020-05-19", "2024-11-17", "2025-08-08"]


def test_the_summit_count_of_every_pair_is_the_number_of_its_inferred_summits(backend, built_store):
    expected = _pairs(
        built_store.select(
            "SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dg:Summit ; dg:betweenState ?a , ?b "
            "FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b"
        )
    )
    graph = project(backend, "states")
    assert {frozenset(e): d["summits"] for *e, d in graph.edges(data=True) if d["summits"]} == expected


def test_the_persons_graph_joins_persons_who_met_as_sparql_counts_them(backend, built_store):
    graph = project(backend, "persons")
    people = built_store.select(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?m a dg:Meeting ; dg:hasParticipation/dg:participant ?p }"
    )
    pairs = _pairs(
        built_store.select(
            "SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dg:Meeting ; dg:hasParticipation/dg:participant ?a ,"
            " ?b FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b"
        )
    )
    assert graph.number_of_nodes() == int(people[0]["n"])
    assert {frozenset(e): d["weight"] for *e, d in graph.edges(data=True)} == pairs
    ishiba = "https://w3id.org/diplograph/id/person/ishiba-shigeru"
    boluarte = next(n for n in graph[ishiba] if "boluarte" in n)
    meetings = graph.edges[ishiba, boluarte]["meeting_list"]
    assert [m["iri"].rsplit("/", 1)[1] for m in meetings] == ["2024-11-17-jp-pe", "2025-08-08-jp-pe"]


def test_the_meetings_graph_links_each_meeting_to_its_people_states_instruments_and_topics(backend, built_store):
    graph = project(backend, "meetings")
    kinds = {}
    for _, data in graph.nodes(data=True):
        kinds[data["kind"]] = kinds.get(data["kind"], 0) + 1
    assert kinds["meeting"] == built_store.report.counts["meetings"]
    topic_links = built_store.select("SELECT (COUNT(*) AS ?n) WHERE { ?m a dg:Meeting ; dg:hasTopic ?t }")
    assert sum(1 for *_, d in graph.edges(data=True) if d["relation"] == "topic") == int(topic_links[0]["n"])
    seed = "https://w3id.org/diplograph/id/meeting/2025-08-08-jp-pe"
    signed = {graph.nodes[n]["label"] for n in graph[seed] if graph.nodes[n]["kind"] == "instrument"}
    assert "Memorandum of Cooperation on tourism between Japan and Peru" in signed


def test_the_topics_graph_joins_topics_raised_in_the_same_meeting(backend, built_store):
    graph = project(backend, "topics")
    pairs = _pairs(
        built_store.select(
            "SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dg:Meeting ; dg:hasTopic ?a , ?b "
            "FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b"
        )
    )
    assert {frozenset(e): d["weight"] for *e, d in graph.edges(data=True)} == pairs
    assert all(data["label"] and data["iri"] for _, data in graph.nodes(data=True))


def test_a_period_keeps_only_the_meetings_inside_it(backend):
    graph = project(backend, "states", Filters(start=dt.date(2020, 1, 1), end=dt.date(2021, 12, 31)))
    # FR–IN, JP–PE, GB–PE 2020; GB–ID, PE–US 2021
    assert sum(d["meetings"] for *_, d in graph.edges(data=True)) == 5
    assert graph.edges[JP, PE]["meetings"] == 1


def test_telephone_talks_and_summits_filter_the_meetings(backend, built_store):
    telephone = project(backend, "states", Filters(meeting_format="telephone"))
    calls = built_store.select(
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dg:Meeting ; dg:meetingFormat <https://w3id.org/diplograph/id/format/telephone> }"  # noqa: E501
    )
    assert sum(d["meetings"] for *_, d in telephone.edges(data=True)) == int(calls[0]["n"])
    summits = project(backend, "states", Filters(level="summit"))
    assert all(d["summits"] == d["meetings"] for *_, d in summits.edges(data=True))


def test_the_ego_network_of_japan_at_depth_1_is_japan_and_the_states_it_met(backend, built_store):
    graph = project(backend, "states", Filters(state="JP", depth=1))
    codes = {d["code"] for _, d in graph.nodes(data=True)}
    met = built_store.select(
        "SELECT DISTINCT ?code WHERE { ?m a dg:Meeting ;"
        " dg:betweenState <https://w3id.org/diplograph/id/state/JP> , ?s . ?s skos:notation ?code }"
    )
    assert codes == {row["code"] for row in met} and {"JP", "PE", "AR", "CO", "MX", "GB"} <= codes
    assert project(backend, "states", Filters(state="JP", depth=0)).number_of_edges() == 0
    relation = project(backend, "meetings", Filters(state="JP", partner="PE"))
    assert sum(1 for _, d in relation.nodes(data=True) if d["kind"] == "meeting") == 3


def test_a_state_without_meetings_or_an_unknown_code_is_refused(backend):
    with pytest.raises(ProjectionError, match="no meetings"):
        project(backend, "states", Filters(state="NO"))
    with pytest.raises(ProjectionError, match="unknown country code"):
        Filters(state="XX")
    with pytest.raises(ProjectionError, match="reversed"):
        Filters(start=dt.date(2025, 1, 1), end=dt.date(2020, 1, 1))
