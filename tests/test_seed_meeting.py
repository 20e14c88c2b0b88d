"""Every fact of the 8 August 2025 Japan–Peru readout, asked of the built graph in SPARQL."""

from __future__ import annotations

ID = "https://w3id.org/diplograph/id/"
MEETING = f"<{ID}meeting/2025-08-08-jp-pe>"
ISHIBA = f"<{ID}person/ishiba-shigeru>"
BOLUARTE = f"<{ID}person/boluarte-zegarra-dina-ercilia>"
JP, PE = f"<{ID}state/JP>", f"<{ID}state/PE>"
ROAD_MAP = f"<{ID}instrument/2024-11-jp-pe-strategic-partnership-road-map>"
SOURCE = f"<{ID}source/2025-08-08-kantei-jp-pe-summit-fr>"


def statements(built_store, speaker: str, act: str, topic: str) -> list[dict[str, str]]:
    return built_store.select(f"""
        SELECT ?s ?content WHERE {{
          ?s a dg:Statement ; dg:speaker {speaker} ; dg:madeAt {MEETING} ;
             dg:speechAct <{ID}act/{act}> ; dg:hasTopic <{ID}topic/{topic}> ; dg:content ?content .
        }}""")


def test_japan_and_peru_met_on_8_august_2025_at_11_45_tokyo_time(built_store):
    rows = built_store.select(f"""
        SELECT ?date ?start WHERE {{ {MEETING} a dg:Meeting ; dg:betweenState {JP}, {PE} ;
            dg:date ?date ; dg:startTime ?start }}""")
    assert rows == [{"date": "2025-08-08", "start": "2025-08-08T11:45:00+09:00"}]


def test_the_talks_lasted_about_45_minutes(built_store):
    rows = built_store.select(f"SELECT ?d ?a WHERE {{ {MEETING} dg:duration ?d ; dg:approximate ?a }}")
    assert rows == [{"d": "PT45M", "a": "true"}]


def test_the_talks_were_held_in_tokyo_at_the_prime_ministers_office(built_store):
    rows = built_store.select(f"""
        SELECT ?venue ?city WHERE {{ {MEETING} dg:atPlace ?place .
          ?place rdfs:label ?venue ; <https://schema.org/containedInPlace>/rdfs:label ?city ; dg:inState {JP} .
          FILTER(LANG(?venue) = "en" && LANG(?city) = "en") }}""")
    assert rows == [{"venue": "Prime Minister's Office, Tokyo", "city": "Tokyo"}]


def test_the_talks_were_in_person(built_store):
    assert built_store.ask(f"ASK {{ {MEETING} dg:meetingFormat <{ID}format/in-person> }}")


def test_ishiba_took_part_as_prime_minister_of_japan_and_host(built_store):
    assert built_store.ask(f"""ASK {{ {MEETING} dg:hasParticipation ?p . ?p dg:participant {ISHIBA} ;
        dg:inCapacityOf <{ID}post/jp-prime-minister> ; dg:representsState {JP} ; dg:hasRole <{ID}role/host> }}""")


def test_boluarte_took_part_as_president_of_peru_and_guest(built_store):
    assert built_store.ask(f"""ASK {{ {MEETING} dg:hasParticipation ?p . ?p dg:participant {BOLUARTE} ;
        dg:inCapacityOf <{ID}post/pe-president> ; dg:representsState {PE} ; dg:hasRole <{ID}role/guest> }}""")


def test_boluarte_was_on_her_first_official_visit_to_japan_to_attend_expo_2025(built_store):
    rows = built_store.select(f"""
        SELECT ?visit ?first ?occasion WHERE {{
          ?visit a dg:Visit ; dg:hasSubEvent {MEETING} ; dg:visitingState {PE} ; dg:hostState {JP} ;
                 dg:visitLevel <{ID}visit-level/official> ; dg:firstVisit ?first ;
                 dg:onOccasionOf/rdfs:label ?occasion FILTER(LANG(?occasion) = "en") }}""")
    assert rows == [
        {"visit": f"{ID}visit/2025-08-pe-jp", "first": "true", "occasion": "EXPO 2025 Osaka, Kansai, Japan"}
    ]


def test_a_tourism_memorandum_was_signed_at_the_ceremony_after_the_talks(built_store):
    rows = built_store.select(f"""
        SELECT ?date WHERE {{ {MEETING} dg:hasSubEvent ?ceremony . ?ceremony a dg:SigningCeremony .
          ?moc a dg:MemorandumOfCooperation ; dg:concludedAt ?ceremony ; dg:dateConcluded ?date ;
               dg:party {JP}, {PE} ; dg:hasTopic <{ID}topic/tourism> }}""")
    assert rows == [{"date": "2025-08-08"}]


def test_notes_on_fire_trucks_and_tank_trucks_were_exchanged_at_the_same_ceremony(built_store):
    rows = built_store.select(f"""
        SELECT ?title WHERE {{ {MEETING} dg:hasSubEvent ?ceremony . ?ceremony a dg:SigningCeremony .
          ?notes a dg:ExchangeOfNotes ; dg:concludedAt ?ceremony ; dg:party {JP}, {PE} ;
                 rdfs:label ?title FILTER(LANG(?title) = "en") }}""")
    assert rows == [{"title": "Exchange of notes on the provision of fire trucks and tank trucks"}]


def test_a_joint_press_conference_followed(built_store):
    assert built_store.ask(f"""ASK {{ {MEETING} dg:hasSubEvent ?press . ?press a dg:PressConference ;
        dg:participatingPerson {ISHIBA}, {BOLUARTE} }}""")


def test_a_working_lunch_began_at_12_55_for_about_50_minutes(built_store):
    rows = built_store.select(f"""
        SELECT ?start ?duration ?approximate WHERE {{ {MEETING} dg:hasSubEvent ?lunch . ?lunch a dg:WorkingMeal ;
          dg:startTime ?start ; dg:duration ?duration ; dg:approximate ?approximate }}""")
    assert rows == [{"start": "2025-08-08T12:55:00+09:00", "duration": "PT50M", "approximate": "true"}]


def test_ishiba_wished_that_expo_2025_would_show_perus_culture(built_store):
    rows = statements(built_store, ISHIBA, "express-wish", "expo-2025")
    assert len(rows) == 1 and "culture" in rows[0]["content"]


def test_relations_established_in_1873_were_more_than_150_years_old_at_the_meeting(built_store):
    rows = built_store.select(f"""
        SELECT ?since (YEAR(?date) - YEAR(?since) AS ?years) WHERE {{
          ?e a dg:EstablishmentOfRelations ; dg:betweenState {JP}, {PE} ; dg:date ?since .
          {MEETING} dg:date ?date }}""")
    assert rows == [{"since": "1873", "years": "152"}]


def test_ishiba_said_the_relations_are_over_150_years_old_and_peru_has_250000_nikkei(built_store):
    rows = statements(built_store, ISHIBA, "express-intent", "diaspora")
    assert len(rows) == 1
    assert "150 ans" in rows[0]["content"] and "250 000 nikkeijin" in rows[0]["content"]


def test_about_250000_nikkei_live_in_peru(built_store):
    rows = built_store.select(f"""
        SELECT ?size ?approximate WHERE {{ ?c a dg:DiasporaCommunity ; dg:originState {JP} ; dg:inState {PE} ;
          dg:estimatedSize ?size ; dg:approximate ?approximate ; dg:reportedIn {SOURCE} }}""")
    assert rows == [{"size": "250000", "approximate": "true"}]


def test_boluarte_thanked_japan_for_its_welcome(built_store):
    rows = statements(built_store, BOLUARTE, "thank", "friendship")
    assert len(rows) == 1 and "accueil" in rows[0]["content"]


def test_boluarte_will_work_for_closer_ties_under_the_2024_2033_road_map(built_store):
    assert built_store.ask(f"""ASK {{ ?s dg:speaker {BOLUARTE} ; dg:speechAct <{ID}act/express-intent> ;
        dg:withinFramework {ROAD_MAP} ; dg:madeAt {MEETING} }}""")


def test_the_road_map_covers_2024_to_2033_and_was_published_during_ishibas_visit_to_peru_in_november_2024(
    built_store,
):
    rows = built_store.select(f"""
        SELECT ?from ?to ?published ?visitor WHERE {{ {ROAD_MAP} a dg:CooperationFramework ;
          dg:startDate ?from ; dg:endDate ?to ; dg:dateConcluded ?published ; dg:concludedAt ?visit .
          ?visit a dg:Visit ; dg:visitingState {JP} ; dg:hostState {PE} ;
                 dg:hasParticipation/dg:participant ?visitor }}""")
    assert rows == [{"from": "2024", "to": "2033", "published": "2024-11", "visitor": ISHIBA.strip("<>")}]


def test_peru_day_at_the_expo_was_the_next_day(built_store):
    rows = built_store.select(f"""
        SELECT ?date WHERE {{ ?s dg:speaker {BOLUARTE} ; dg:refersTo ?day . ?day dg:date ?date ;
          rdfs:label "Peru Day at EXPO 2025 Osaka, Kansai"@en ;
          dg:onOccasionOf <{ID}event/expo-2025-osaka-kansai> }}""")
    assert rows == [{"date": "2025-08-09"}]


def test_ishiba_wants_security_and_defence_cooperation_through_the_november_2024_defence_memorandum(built_store):
    rows = built_store.select(f"""
        SELECT ?date WHERE {{ ?s dg:speaker {ISHIBA} ; dg:hasTopic <{ID}topic/security-defence> ;
          dg:madeAt {MEETING} ; dg:refersTo ?moc . ?moc a dg:MemorandumOfCooperation ; dg:dateConcluded ?date }}""")
    assert rows == [{"date": "2024-11"}]


def test_ishiba_wants_people_to_people_exchange_through_the_tourism_memorandum(built_store):
    assert built_store.ask(f"""ASK {{ ?s dg:speaker {ISHIBA} ; dg:hasTopic <{ID}topic/people-to-people> ;
        dg:refersTo <{ID}instrument/2025-08-08-jp-pe-tourism-moc> }}""")


def test_ishiba_backed_japanese_private_investment_and_the_july_2025_platform(built_store):
    rows = built_store.select(f"""
        SELECT ?date WHERE {{ ?s dg:speaker {ISHIBA} ; dg:hasTopic <{ID}topic/investment> ; dg:refersTo ?platform .
          ?platform dg:date ?date ; dg:hasTopic <{ID}topic/infrastructure> , <{ID}topic/latin-america> }}""")
    assert rows == [{"date": "2025-07"}]


def test_boluarte_was_satisfied_with_high_level_visits_and_projects_under_the_road_map(built_store):
    rows = statements(built_store, BOLUARTE, "express-satisfaction", "high-level-exchanges")
    assert len(rows) == 1
    assert built_store.ask(f"ASK {{ <{rows[0]['s']}> dg:withinFramework {ROAD_MAP} }}")


def test_both_agreed_to_deepen_cooperation_in_three_fields_under_the_road_map(built_store):
    rows = built_store.select(f"""
        SELECT ?topic WHERE {{ ?s dg:speaker {ISHIBA}, {BOLUARTE} ; dg:speechAct <{ID}act/agree> ;
          dg:withinFramework {ROAD_MAP} ; dg:hasTopic ?topic }} ORDER BY ?topic""")
    assert [r["topic"].rsplit("/", 1)[-1] for r in rows] == ["economy-trade", "people-to-people", "security-defence"]


def test_views_were_exchanged_on_ukraine_the_middle_east_and_nuclear_disarmament(built_store):
    rows = built_store.select(f"""
        SELECT ?topic WHERE {{ ?s dg:madeAt {MEETING} ; dg:speechAct <{ID}act/exchange-views> ;
          dg:hasTopic ?topic }}""")
    topics = {r["topic"].rsplit("/", 1)[-1] for r in rows}
    assert {"ukraine", "middle-east", "nuclear-disarmament"} <= topics


def test_both_confirmed_they_will_keep_working_together_internationally(built_store):
    assert statements(built_store, BOLUARTE, "confirm", "international-cooperation")
    assert statements(built_store, ISHIBA, "confirm", "international-cooperation")


def test_east_asia_north_korea_missiles_and_abductions_were_discussed(built_store):
    rows = built_store.select(f"""
        SELECT ?topic WHERE {{ ?s dg:madeAt {MEETING} ; dg:speechAct <{ID}act/exchange-views> ;
          dg:hasTopic ?topic }}""")
    topics = {r["topic"].rsplit("/", 1)[-1] for r in rows}
    assert {"east-asia", "north-korea", "north-korea-nuclear-missile", "abductions"} <= topics


def test_ishiba_requested_and_obtained_perus_support_on_the_abductions_issue(built_store):
    rows = built_store.select(f"""
        SELECT ?answerAct ?answeredFor WHERE {{
          ?request dg:speaker {ISHIBA} ; dg:onBehalfOf {JP} ; dg:addressee {PE} ;
                   dg:speechAct <{ID}act/request> ; dg:hasTopic <{ID}topic/abductions> .
          ?answer dg:respondsTo ?request ; dg:speechAct ?answerAct ; dg:onBehalfOf ?answeredFor }}""")
    assert rows == [{"answerAct": f"{ID}act/express-support", "answeredFor": f"{ID}state/PE"}]


def test_the_source_is_a_french_provisional_translation_published_by_the_prime_ministers_office(built_store):
    rows = built_store.select(f"""
        SELECT ?title ?language ?issued ?publisher ?status WHERE {{
          {SOURCE} dcterms:title ?title ; dcterms:language ?language ; dcterms:issued ?issued ;
              dcterms:publisher/rdfs:label ?publisher ; dg:documentStatus ?status ;
              dg:translationOf/dcterms:language "en" .
          FILTER(LANG(?publisher) = "en") }}""")
    assert rows == [
        {
            "title": "Rencontre au sommet Japon - Pérou",
            "language": "fr",
            "issued": "2025-08-08",
            "publisher": "Prime Minister's Office of Japan (Cabinet Public Affairs Office, Cabinet Secretariat)",
            "status": f"{ID}document-status/provisional-translation",
        }
    ]


def test_every_fact_about_the_meeting_is_in_the_named_graph_of_its_source_file(built_store):
    rows = built_store.select(f"""
        SELECT DISTINCT ?graph ?source WHERE {{ GRAPH ?graph {{ {MEETING} dg:reportedIn ?source }} }}""")
    assert rows == [
        {"graph": "https://w3id.org/diplograph/graph/meetings/2025-08-08-jp-pe", "source": SOURCE.strip("<>")}
    ]
