"""The competency questions added to the catalogue, asked of the seed and the readouts in data/."""

from __future__ import annotations


def test_who_did_kishida_meet_in_2024(ask):
    rows = ask("meetings-of-person", person="person/kishida-fumio", since="2024-01-01", until="2024-12-31")
    assert {(r["date"], r["counterpartName"], r["counterpartState"]) for r in rows} == {
        ("2024-05-21", "Mohammed bin Salman bin Abdulaziz AL SAUD", "Saudi Arabia"),
        ("2024-06-14", "Javier Gerardo MILEI", "Argentina"),
        ("2024-06-14", "Rishi SUNAK", "United Kingdom"),
        ("2024-08-09", "Kassym-Jomart TOKAYEV", "Kazakhstan"),
    }
    assert {r["capacity"] for r in rows} == {"Prime Minister of Japan"}


def test_who_met_boluarte_in_2025(ask):
    rows = ask("meetings-of-person", person="person/boluarte-zegarra-dina-ercilia", since="2025-01-01")
    assert [(r["date"], r["counterpartName"], r["format"]) for r in rows] == [
        ("2025-08-08", "ISHIBA Shigeru", "in person")
    ]


def test_a_period_without_meetings_of_ishiba_is_empty(ask):
    # In office from 1 October 2024; his first meeting in the data is Lima, 17 November 2024.
    assert ask("meetings-of-person", person="person/ishiba-shigeru", until="2024-11-16") == []
    assert ask("meetings-of-person", person="person/ishiba-shigeru", until="2024-11-17") != []


def test_japan_met_the_united_states_and_the_united_kingdom_most_often_of_all_pairs_of_states(ask):
    rows = ask("pairs-of-states")
    top = {(r["name1"], r["name2"]): r for r in rows[:2]}
    assert set(top) == {("Japan", "United States"), ("United Kingdom", "Japan")}
    uk, us = top[("United Kingdom", "Japan")], top[("Japan", "United States")]
    assert (uk["meetings"], uk["summits"], uk["first"], uk["latest"]) == ("5", "5", "2022-03-24", "2024-06-14")
    # Three summits (2017, 2018, 2022) and two meetings of defence ministers (2024).
    assert (us["meetings"], us["summits"], us["first"], us["latest"]) == ("5", "3", "2017-11-06", "2024-11-21")
    assert all(int(r["meetings"]) <= 3 for r in rows[2:])
    peru = next(r for r in rows if (r["name1"], r["name2"]) == ("Japan", "Peru"))
    assert (peru["meetings"], peru["summits"], peru["first"], peru["latest"]) == ("3", "3", "2020-05-19", "2025-08-08")


def test_which_states_peru_met_and_how_often_at_summit_level(ask):
    rows = {r["name1"] + "–" + r["name2"]: r for r in ask("pairs-of-states", country="PE")}
    assert set(rows) == {"Japan–Peru", "Colombia–Peru", "France–Peru", "United Kingdom–Peru", "Peru–United States"}
    assert rows["Colombia–Peru"]["summits"] == "0" and rows["France–Peru"]["summits"] == "1"


def test_which_persons_met_each_other_counts_each_pair_once(ask, built_store):
    rows = ask("pairs-of-persons", country="JP")
    pairs = {frozenset((r["name1"], r["name2"])): r["meetings"] for r in rows}
    assert pairs[frozenset(("ISHIBA Shigeru", "Dina Ercilia BOLUARTE ZEGARRA"))] == "2"
    assert pairs[frozenset(("ABE Shinzo", "Martín Alberto VIZCARRA CORNEJO"))] == "1"
    assert pairs[frozenset(("NAKATANI Gen", "Lloyd J. AUSTIN III"))] == "2"
    met = built_store.select("""
        SELECT (COUNT(DISTINCT CONCAT(STR(?a), " ", STR(?b))) AS ?n) WHERE {
          ?m a dg:Meeting ; dg:betweenState <https://w3id.org/diplograph/id/state/JP> ;
             dg:hasParticipation ?pa , ?pb .
          ?pa dg:participant ?a ; dg:representsState ?sa .
          ?pb dg:participant ?b ; dg:representsState ?sb .
          FILTER(?sa != ?sb && STR(?a) < STR(?b))
          FILTER(?sa = <https://w3id.org/diplograph/id/state/JP> || ?sb = <https://w3id.org/diplograph/id/state/JP>)
        }""")
    assert len(pairs) == len(rows) == int(met[0]["n"])


def test_which_states_kishida_met_in_2024(ask):
    rows = ask("states-met-by", person="person/kishida-fumio", year="2024")
    assert [(r["name"], r["meetings"]) for r in rows] == [
        ("Argentina", "1"),
        ("Kazakhstan", "1"),
        ("Saudi Arabia", "1"),
        ("United Kingdom", "1"),
    ]
    assert [(r["name"], r["meetings"]) for r in ask("states-met-by", person="person/kishida-fumio", year="2023")] == [
        ("United Kingdom", "1")
    ]


def test_the_level_of_each_japanese_meeting_comes_from_the_reasoner(ask):
    levels = {r["meeting"].rsplit("/", 1)[1]: r["level"] for r in ask("meeting-levels", country="JP")}
    assert levels["2025-08-08-jp-pe"] == "summit"
    assert levels["2022-01-13-jp-mx"] == "ministerial meeting"
    assert levels["2022-03-02-co-jp"] == "ministerial meeting"


def test_the_call_with_macri_as_president_elect_is_neither_summit_nor_ministerial(ask):
    levels = {r["meeting"].rsplit("/", 1)[1]: r["level"] for r in ask("meeting-levels")}
    assert levels["2015-11-26-ar-gb"] == "neither summit nor ministerial meeting"
    assert levels["2014-06-26-co-pe"] == "ministerial meeting"


def test_japans_agreements_with_peru_by_kind_and_topic(ask):
    rows = [r for r in ask("agreements-by-kind", country="JP") if r["partnerName"] == "Peru"]
    kinds = {(r["kind"], r["topic"]) for r in rows}
    assert ("memorandum of cooperation", "tourism") in kinds
    assert ("exchange of notes", "development cooperation and aid") in kinds
    assert ("cooperation framework", "strategic partnership") in kinds
    assert ("memorandum of cooperation", "security and defence cooperation") in kinds


def test_topics_raised_with_peru_by_year(ask):
    rows = ask("topics-by-year", country="PE")
    by_year = {}
    for r in rows:
        by_year.setdefault(r["year"], set()).add(r["label"])
    assert "abductions issue" in by_year["2025"]
    assert "COVID-19 pandemic" in by_year["2020"]
    assert min(by_year) == "2014"


def test_what_japan_requested_and_from_whom(ask):
    rows = ask("requested-by", country="JP")
    assert {r["addressee"] for r in rows} == {"Peru", "Dina Ercilia BOLUARTE ZEGARRA", "Saudi Arabia"}
    assert {(r["speaker"], r["topic"], r["date"]) for r in rows} == {
        ("ISHIBA Shigeru", "abductions issue", "2025-08-08"),
        ("KISHIDA Fumio", "energy", "2024-05-21"),  # that Saudi Arabia keep steadying the oil market
    }


def test_who_expressed_support_on_the_abductions_issue(ask):
    rows = ask("support-for", about="abductions")
    assert [(r["supporter"], r["speaker"], r["requestedBy"]) for r in rows] == [
        ("Peru", "Dina Ercilia BOLUARTE ZEGARRA", "Japan")
    ]
    assert rows[0]["inAnswerTo"].endswith("/ishiba-request-abductions")


def test_every_statement_of_support_is_listed_without_a_filter(ask, built_store):
    supporters = {(r["statement"].rsplit("/", 1)[1], r["supporter"]) for r in ask("support-for")}
    made = built_store.select(
        "SELECT DISTINCT ?s WHERE { ?s dg:speechAct <https://w3id.org/diplograph/id/act/express-support> }"
    )
    assert {statement for statement, _ in supporters} == {row["s"].rsplit("/", 1)[1] for row in made}
    assert len(made) >= 9  # the seed's and the readouts' (the Colombia–Mexico card adds two)
    assert sorted(state for statement, state in supporters if statement == "ministers-admm-plus") == [
        "Australia",
        "Japan",
        "United States",
    ]
    assert sorted(state for statement, state in supporters if statement != "ministers-admm-plus") == [
        "Japan",
        "Japan",
        "Mexico",  # solidarity in Colombia's humanitarian crisis, and support for its "total peace" (2025-03-19)
        "Mexico",
        "Peru",
        "United Kingdom",
        "United Kingdom",
        "United Kingdom",
    ]


def test_meetings_on_the_sidelines_of_the_g7_summit_in_apulia(ask):
    rows = ask("sideline-meetings", event="event/2024-06-g7-summit-apulia")
    assert {(r["state1"], r["state2"]) for r in rows} == {("Argentina", "Japan"), ("United Kingdom", "Japan")}
    assert {r["date"] for r in rows} == {"2024-06-14"}


def test_which_meetings_were_held_by_telephone(ask, built_store):
    rows = ask("meetings-by-format", format="telephone")
    assert [r["date"] for r in rows] == [
        "2015-11-26",
        "2020-03-31",
        "2020-05-19",
        "2020-08-05",
        "2021-10-25",
        "2022-01-13",
        "2023-11-03",
        "2024-07-15",
        "2024-08-09",
    ]
    assert [r["date"] for r in ask("meetings-by-format", format="video")] == ["2022-03-02", "2023-04-27", "2024-05-21"]
    assert len({r["meeting"] for r in ask("meetings-by-format")}) == built_store.report.counts["meetings"]


def test_first_and_latest_meeting_of_japan_and_peru(ask):
    rows = ask("first-and-latest-meeting", country1="PE", country2="JP")
    assert [(r["which"], r["date"], r["format"]) for r in rows] == [
        ("first", "2020-05-19", "telephone"),
        ("latest", "2025-08-08", "in person"),
    ]


def test_a_single_meeting_is_both_the_first_and_the_latest(ask):
    rows = ask("first-and-latest-meeting", country1="FR", country2="PE")
    assert {r["which"] for r in rows} == {"first", "latest"} and {r["date"] for r in rows} == {"2016-02-24"}


def test_what_was_said_under_the_2024_2033_road_map(ask):
    rows = ask("under-framework", framework="instrument/2024-11-jp-pe-strategic-partnership-road-map")
    # The data links statements to the road map; no instrument is recorded as concluded under it.
    assert {r["kind"] for r in rows} == {"statement"}
    assert {r["item"].rsplit("/", 1)[1] for r in rows} == {
        "boluarte-intent-road-map",
        "boluarte-satisfaction-road-map",
        "both-agree-deepen-cooperation",
    }
    assert {r["onBehalfOf"] for r in rows} == {"Japan", "Peru"}


def test_facts_with_a_single_source_include_the_2025_summit(ask, built_store):
    rows = {r["resource"].rsplit("/", 1)[1]: r for r in ask("single-source", kind="meeting")}
    assert rows["2025-08-08-jp-pe"]["source"].endswith("/2025-08-08-kantei-jp-pe-summit-fr")
    # The US–Peru meeting of 2021 (Andina and a US readout) and the five defence ministers' meeting of
    # 2024 (Japan's Ministry of Defense and the US Department of Defense) have two sources, every other one.
    assert "2021-11-10-pe-us" not in rows and "2024-11-21-au-jp-kr-ph-us" not in rows
    assert len(rows) == built_store.report.counts["meetings"] - 2


def test_the_g7_summit_reported_by_two_readouts_is_not_single_source(ask):
    resources = {r["resource"] for r in ask("single-source")}
    assert not any(r.endswith("/event/2024-06-g7-summit-apulia") for r in resources)
    assert any(r.endswith("/event/2025-08-08-jp-pe/working-lunch") for r in resources)


def test_the_japan_peru_timeline_starts_with_the_1873_establishment(ask):
    rows = ask("relation-timeline", country1="JP", country2="PE")
    assert (rows[0]["date"], rows[0]["what"]) == ("1873", "relations established")
    # A month or a year sorts at the end of its period, after the days it contains.
    ends = [r["date"] + "-99-99"[len(r["date"]) - 4 :] for r in rows]
    assert ends == sorted(ends)
    whats = [(r["date"], r["what"]) for r in rows]
    assert ("2020-05-19", "meeting") in whats and ("2024-11", "visit") in whats
    assert whats[-1] == ("2025-08", "visit") and ("2025-08-08", "meeting") in whats
