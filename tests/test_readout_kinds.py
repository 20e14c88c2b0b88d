"""The kinds of fact issue #13 found missing, each stated in data/ from a real readout and asked back
through the catalogue: status, partial dates, mechanisms, other events, parts and their order,
instruments, organisations, meetings of three or more states, speech acts, delegations, topics."""

from __future__ import annotations

import pytest

ID = "https://w3id.org/diplograph/id/"


def test_the_central_asia_summit_was_postponed_and_replaced_by_a_call_with_tokayev(ask):
    rows = {r["event"]: r for r in ask("postponed-or-cancelled", country="KZ")}
    summit = rows[ID + "event/2024-08-central-asia-plus-japan-summit"]
    assert summit["status"] == "postponed" and summit["date"] == "2024-08"
    assert summit["replacement"] == ID + "meeting/2024-08-09-jp-kz" and summit["replacementDate"] == "2024-08-09"
    assert rows[ID + "visit/2024-08-jp-kz"]["status"] == "postponed"


def test_a_postponed_visit_is_not_listed_as_a_visit_kazakhstan_received(ask):
    assert ask("visits-to", host="KZ") == []


def test_the_call_refers_to_the_earthquake_off_miyazaki_a_non_diplomatic_event(ask):
    rows = ask("references", resource="meeting/2024-08-09-jp-kz")
    quake = [r for r in rows if r["item"] == ID + "event/2024-08-08-earthquake-off-miyazaki"]
    assert quake and {r["direction"] for r in quake} == {"refers to"} and quake[0]["date"] == "2024-08-08"
    brief = ask("meeting-brief", meeting="event/2024-08-08-earthquake-off-miyazaki")
    assert ("kind", "non-diplomatic event") in {(r["aspect"], r.get("label")) for r in brief}


def test_what_refers_to_the_admm_plus_is_the_darwin_meeting_before_it(ask):
    rows = ask("references", resource="event/2024-11-admm-plus-vientiane")
    assert {r["item"] for r in rows if r["direction"] == "referred to by"} >= {ID + "meeting/2024-11-17-au-jp-us"}


def test_kishidas_one_sentence_carries_three_speech_acts(ask):
    rows = {r["statement"]: r for r in ask("statements-of-meeting", meeting="meeting/2024-08-09-jp-kz")}
    regret = rows[ID + "statement/2024-08-09-jp-kz/kishida-regret"]
    assert set(regret["acts"].split(" | ")) == {"thanked", "expressed regret", "agreed to coordinate"}
    assert regret["speakers"] == "KISHIDA Fumio" and regret["addressees"] == "Kazakhstan"


def test_tokayev_expressed_understanding_and_what_was_said_at_the_outset_comes_first(ask):
    rows = ask("statements-of-meeting", meeting="meeting/2024-08-09-jp-kz")
    assert [r["position"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["statement"].endswith("kishida-postponement")
    assert "expressed understanding" in rows[3]["acts"] and rows[3]["onBehalfOf"] == "Kazakhstan"


@pytest.mark.parametrize("pair", [("AU", "JP"), ("AU", "US"), ("JP", "US")])
def test_the_trilateral_defence_ministers_meeting_is_between_each_pair(ask, pair):
    rows = ask("meetings-between", country1=pair[0], country2=pair[1])
    assert [r["date"] for r in rows if r["meeting"] == ID + "meeting/2024-11-17-au-jp-us"] == ["2024-11-17"]


def test_the_five_state_meeting_is_between_korea_and_the_philippines_once(ask):
    rows = ask("meetings-between", country1="KR", country2="PH")
    assert [r["meeting"] for r in rows] == [ID + "meeting/2024-11-21-au-jp-kr-ph-us"]
    assert len(rows[0]["source"].split()) == 2, "both sources, in one row"


def test_standing_mechanisms_between_japan_and_australia_and_japan_and_kazakhstan(ask):
    [tdmm] = ask("mechanisms-between", country1="JP", country2="AU")
    assert tdmm["kind"] == "strategic dialogue" and tdmm["sessions"] == "1" and tdmm["latest"] == "2024-11-17"
    [dialogue] = ask("mechanisms-between", country1="KZ", country2="JP")
    assert dialogue["label"] == '"Central Asia plus Japan" Dialogue' and dialogue["sessions"] == "1"


def test_the_parts_of_trumps_2017_visit_in_order_include_one_typed_only_as_a_diplomatic_event(ask):
    rows = ask("side-events", meeting="visit/2017-11-us-jp")
    assert [(r["date"], r["kind"]) for r in rows] == [
        ("2017-11-05", "diplomatic event"),
        ("2017-11-06", "working meal"),
        ("2017-11-06", "meeting"),
    ]


def test_the_side_events_of_the_seed_summit_are_each_listed_once(ask):
    rows = ask("side-events", meeting="meeting/2025-08-08-jp-pe")
    assert len({r["event"] for r in rows}) == len(rows) == 3


def test_the_brief_of_the_2017_visit_names_the_spouse_and_the_unnamed_families(ask):
    rows = ask("meeting-brief", meeting="visit/2017-11-us-jp")
    participants = {(r.get("label"), r["detail"]) for r in rows if r["aspect"] == "participant"}
    assert ("Melania TRUMP", "United States; spouse") in participants
    assert ("families of Japanese nationals abducted by North Korea", "Japan; interlocutor") in participants
    assert ("Donald J. TRUMP", "President of the United States; guest") in participants


def test_the_admm_plus_was_hosted_by_asean_and_issued_a_statement_of_eighteen_unnamed_parties(ask):
    rows = ask("meeting-brief", meeting="event/2024-11-admm-plus-vientiane")
    assert ("host organisation", "Association of Southeast Asian Nations (ASEAN)") in {
        (r["aspect"], r.get("label")) for r in rows
    }
    [statement] = [r for r in rows if r["aspect"] == "instrument concluded"]
    assert statement["detail"] == "adopted"
    assert statement["label"].startswith("ADMM-Plus Joint Statement on Resilience")


def test_an_agency_is_party_to_memoranda_still_in_preparation_with_unnamed_japanese_partners(ask):
    rows = {r["instrument"]: r for r in ask("instruments-of-party", party="state/US")}
    opic = rows[ID + "instrument/2017-11-07-opic-japanese-partners-mous"]
    assert opic["parties"] == "Overseas Private Investment Corporation (OPIC)"
    assert opic["partiesDescription"] == "Japanese partners" and opic["status"] == "in preparation"
    energy = rows[ID + "instrument/2017-11-jp-us-strategic-energy-partnership"]
    assert energy["mode"] == "announced" and energy["date"] == "2017-11"


def test_instruments_known_only_to_the_year_or_month_keep_their_precision(ask):
    rows = {r["instrument"]: r.get("date") for r in ask("instruments-of-party", party="state/AU")}
    assert rows[ID + "instrument/2023-au-jp-us-tdmm-joint-statement"] == "2023"
    assert rows[ID + "instrument/2024-05-au-jp-us-tdmm-joint-statement"] == "2024-05"


def test_meetings_on_energy_include_the_2017_abe_trump_summit(ask):
    rows = ask("meetings-on-topic", topic="topic/energy")
    assert ID + "meeting/2017-11-06-jp-us" in {r["meeting"] for r in rows}


def test_meetings_on_north_korea_include_those_on_its_narrower_abductions_topic(ask):
    rows = {r["meeting"]: r for r in ask("meetings-on-topic", topic="topic/north-korea")}
    assert "abductions issue" in rows[ID + "meeting/2025-08-08-jp-pe"]["recorded"]


def test_the_new_topics_have_english_french_and_spanish_labels(built_store):
    rows = built_store.select("""
        SELECT ?topic (COUNT(DISTINCT LANG(?label)) AS ?languages) WHERE {
          VALUES ?topic { <https://w3id.org/diplograph/id/topic/energy> <https://w3id.org/diplograph/id/topic/apec>
                          <https://w3id.org/diplograph/id/topic/mine-action> }
          ?topic skos:prefLabel ?label
        } GROUP BY ?topic""")
    assert {r["languages"] for r in rows} == {"3"} and len(rows) == 3
    assert built_store.ask(
        "ASK { <https://w3id.org/diplograph/id/topic/mine-action> "
        '<http://www.w3.org/2004/02/skos/core#altLabel> "desminado"@es }'
    )


def test_a_month_or_a_year_comes_after_the_days_it_contains_in_the_timeline(ask):
    rows = ask("relation-timeline", country1="JP", country2="PE")
    dates = [r["date"] for r in rows]
    assert dates.index("2025-08") > max(i for i, d in enumerate(dates) if d == "2025-08-08")
    assert dates[0] == "1873"


def test_every_statement_stored_is_returned_by_the_statements_query(ask, built_store):
    stored = {r["s"] for r in built_store.select("SELECT DISTINCT ?s WHERE { ?s a dg:Statement }")}
    events = built_store.select("""
        SELECT DISTINCT ?event WHERE {
          ?event a ?kind . VALUES ?kind { dg:Meeting dg:Visit dg:MultilateralEvent }
        }""")
    returned = set()
    for row in events:
        returned |= {r["statement"] for r in ask("statements-of-meeting", meeting=row["event"])}
    assert len(stored) >= 40 and returned == stored


def test_the_2018_summit_had_a_small_group_segment_then_a_working_lunch(ask):
    rows = ask("side-events", meeting="meeting/2018-06-07-jp-us")
    assert [(r.get("eventKind"), r["kind"], r["start"], r["duration"]) for r in rows] == [
        ("small-group meeting", "diplomatic event", "2018-06-07T12:10:00-04:00", "PT45M"),
        (None, "working meal", "2018-06-07T12:55:00-04:00", "PT55M"),
    ]


def test_the_us_north_korea_summit_was_still_planned_when_the_2018_readout_referred_to_it(ask):
    rows = ask("references", resource="meeting/2018-06-07-jp-us")
    assert ID + "event/2018-06-12-us-kp-summit" in {r["item"] for r in rows}
    brief = ask("meeting-brief", meeting="event/2018-06-12-us-kp-summit")
    assert ("status", "planned") in {(r["aspect"], r.get("label")) for r in brief}
    assert ID + "event/2018-06-12-us-kp-summit" not in {r["event"] for r in ask("postponed-or-cancelled")}


def test_the_2017_visit_is_referred_to_by_the_2018_summit(ask):
    rows = ask("references", resource="visit/2017-11-us-jp")
    assert {r["via"] for r in rows if r["direction"] == "referred to by"} >= {
        ID + "meeting/2018-06-07-jp-us",
        ID + "statement/2018-06-07-jp-us/abe-thanks-families",
    }


# Cards added for the kinds that had no real-readout fixture yet (data/meetings/*.yaml, sources cited there).


def test_the_lima_summit_opened_with_a_welcome_ceremony(ask):
    rows = ask("side-events", meeting="meeting/2024-11-17-jp-pe")
    assert ("welcome ceremony", "1") in {(r.get("eventKind"), r.get("position")) for r in rows}


def test_the_joint_statement_of_lima_was_presented_at_an_announcement_of_documents(ask):
    rows = ask("side-events", meeting="meeting/2024-11-17-jp-pe")
    [presentation] = [r for r in rows if r.get("eventKind") == "announcement of documents"]
    assert presentation["instruments"].startswith("Joint Statement of Japan and Peru")


def test_the_first_japan_philippines_2plus2_began_with_a_photo_session(ask):
    rows = ask("side-events", meeting="meeting/2022-04-09-jp-ph")
    assert [(r.get("eventKind"), r["position"], r["date"]) for r in rows] == [("photo session", "1", "2022-04-09")]


def test_a_joint_press_release_was_issued_after_the_second_japan_philippines_2plus2(ask):
    rows = ask("side-events", meeting="meeting/2024-07-08-jp-ph")
    [release] = [r for r in rows if r.get("eventKind") == "issue of a joint press release"]
    assert release["instruments"].startswith("Joint press release on the outcome of the second Japan–Philippines 2+2")


def test_japan_and_the_philippines_have_a_2plus2_that_met_in_2022_and_2024(ask):
    [two_plus_two] = ask("mechanisms-between", country1="PH", country2="JP")
    assert two_plus_two["kind"] == "2+2 ministerial dialogue"
    assert (two_plus_two["sessions"], two_plus_two["latest"]) == ("2", "2024-07-08")
    brief = ask("meeting-brief", meeting="meeting/2022-04-09-jp-ph")
    assert ("session of", ID + "mechanism/jp-ph-2plus2") in {(r["aspect"], r.get("item")) for r in brief}


def test_the_2022_tokyo_summit_went_from_two_small_group_segments_to_an_extended_working_lunch(ask):
    rows = ask("side-events", meeting="meeting/2022-05-23-jp-us")
    assert [(r.get("eventKind"), r["kind"], r["start"], r["duration"]) for r in rows] == [
        ("small-group meeting", "diplomatic event", "2022-05-23T11:00:00+09:00", "PT30M"),
        ("small-group meeting", "diplomatic event", "2022-05-23T11:30:00+09:00", "PT50M"),
        ("extended meeting", "working meal", "2022-05-23T12:25:00+09:00", "PT55M"),
    ]


def test_modi_was_welcomed_with_a_guard_of_honour_before_the_delegation_level_talks(ask):
    rows = ask("side-events", meeting="meeting/2015-11-12-gb-in")
    assert [(r.get("eventKind"), r["position"]) for r in rows][:2] == [
        ("welcome ceremony", "1"),
        ("extended meeting", "2"),
    ]


def test_kishida_and_the_crown_prince_agreed_to_set_up_a_strategic_partnership_council(ask):
    [council] = ask("mechanisms-between", country1="JP", country2="SA")
    assert (council["label"], council["kind"]) == (
        "Japan–Saudi Arabia Strategic Partnership Council",
        "partnership council",
    )
    assert council["sessions"] == "0" and "latest" not in council, "set up, not yet met"
    referred = {
        r["item"] for r in ask("references", resource=council["mechanism"]) if r["direction"] == "referred to by"
    }
    assert referred == {ID + "statement/2024-05-21-jp-sa/both-establish-council"}


def test_the_crown_princes_visit_to_japan_was_postponed_and_is_not_a_visit_japan_received(ask):
    rows = {r["event"]: r for r in ask("postponed-or-cancelled", country="SA")}
    assert (rows[ID + "visit/2024-05-sa-jp"]["status"], rows[ID + "visit/2024-05-sa-jp"]["date"]) == (
        "postponed",
        "2024-05",
    )
    assert ID + "visit/2024-05-sa-jp" not in {r.get("visit") for r in ask("visits-to", host="JP")}


def test_china_and_saudi_arabia_agreed_to_meet_at_the_top_every_two_years(ask):
    [summits] = ask("mechanisms-between", country1="CN", country2="SA")
    assert (summits["kind"], summits["frequency"]) == ("regular summits", "P2Y")
    brief = ask("meeting-brief", meeting="meeting/2022-12-08-cn-sa")
    assert ("instrument concluded", "signed") in {(r["aspect"], r.get("detail")) for r in brief}


def test_the_uk_and_india_agreed_to_hold_regular_summits_without_saying_how_often(ask):
    [summits] = ask("mechanisms-between", country1="IN", country2="GB")
    assert summits["kind"] == "regular summits" and "frequency" not in summits


def test_about_a_hundred_peruvians_came_home_on_the_return_leg_of_the_charter_flight(ask):
    brief = ask("meeting-brief", meeting="event/2020-05-04-jp-pe-charter-flight")
    participants = {(r.get("label"), r["detail"]) for r in brief if r["aspect"] == "participant"}
    assert participants == {("Peruvians returning home from Mexico", "Peru; passenger; about 100")}
