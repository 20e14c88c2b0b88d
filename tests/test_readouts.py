"""The key facts of the ten dev-set readouts (/work/shared/readouts), asked of the built graph in SPARQL.

Each test reads as a user's question about one readout; data/meetings/<readout id>.ttl holds the answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

ID = "https://w3id.org/diplograph/id/"
MEETINGS_DIR = Path(__file__).resolve().parents[1] / "data" / "meetings"
READOUT_IDS = [
    "jp-pe-2020-05-19-abe-vizcarra-telephone",
    "uk-pe-2020-08-05-johnson-vizcarra-telephone",
    "uk-ar-2015-11-26-cameron-macri-telephone",
    "co-pe-2014-06-26-holguin-gutierrez-fm",
    "fr-pe-2016-02-24-hollande-humala-state-visit",
    "us-pe-2021-11-10-sherman-maurtua",
    "jp-ar-2024-06-14-kishida-milei-g7-conversation",
    "jp-mx-2022-01-13-hayashi-ebrard-fm-telephone",
    "uk-jp-2024-06-14-sunak-kishida-g7",
    "jp-co-2022-03-02-hayashi-ramirez-fm-video",
]


def iri(kind: str, slug: str) -> str:
    return f"<{ID}{kind}/{slug}>"


def state(code: str) -> str:
    return iri("state", code)


def participation(built_store, meeting: str, person: str) -> list[dict[str, str]]:
    """The capacity, state and role of one person in one meeting (one row per capacity and role)."""
    return built_store.select(f"""
        SELECT ?post ?state ?role WHERE {{
          {iri("meeting", meeting)} dg:hasParticipation ?p .
          ?p dg:participant {iri("person", person)} ; dg:representsState ?state ; dg:hasRole ?role .
          OPTIONAL {{ ?p dg:inCapacityOf ?post }}
        }} ORDER BY ?post ?role""")


def statements(built_store, meeting: str, act: str, topic: str | None = None) -> list[dict[str, str]]:
    """Statements of one speech act made at a meeting (optionally on a topic), with their speakers."""
    topic_pattern = f"; dg:hasTopic {iri('topic', topic)}" if topic else ""
    return built_store.select(f"""
        SELECT ?s (GROUP_CONCAT(DISTINCT STR(?speaker); separator=" ") AS ?speakers) (SAMPLE(?c) AS ?content)
        WHERE {{
          ?s a dg:Statement ; dg:madeAt {iri("meeting", meeting)} ; dg:speechAct {iri("act", act)} ;
             dg:speaker ?speaker ; dg:content ?c {topic_pattern} .
        }} GROUP BY ?s ORDER BY ?s""")


def speakers(row: dict[str, str]) -> set[str]:
    return {s.rsplit("/", 1)[-1] for s in row["speakers"].split()}


def meeting_facts(built_store, meeting: str) -> dict[str, str]:
    rows = built_store.select(f"""
        SELECT ?date ?format (GROUP_CONCAT(DISTINCT STR(?state); separator=" ") AS ?states) WHERE {{
          {iri("meeting", meeting)} a dg:Meeting ; dg:date ?date ; dg:meetingFormat ?format ;
              dg:betweenState ?state .
        }} GROUP BY ?date ?format""")
    assert len(rows) == 1, rows
    row = rows[0]
    return {
        "date": row["date"],
        "format": row["format"].rsplit("/", 1)[-1],
        "states": " ".join(sorted(s.rsplit("/", 1)[-1] for s in row["states"].split())),
    }


def inferred_classes(built_store, meeting: str) -> set[str]:
    rows = built_store.select(f"""
        SELECT ?class WHERE {{ GRAPH <https://w3id.org/diplograph/graph/inferred> {{
          {iri("meeting", meeting)} a ?class }} }}""")
    return {r["class"].split("#")[-1] for r in rows}


#################################################################
# Every readout file: one source, one meeting named after its date and states
#################################################################


@pytest.mark.parametrize("readout", READOUT_IDS)
def test_each_readout_has_its_own_file_naming_the_readout_and_its_url(readout):
    path = MEETINGS_DIR / f"{readout}.ttl"
    text = path.read_text(encoding="utf-8")
    assert f"readout {readout}" in text.splitlines()[0]
    graph = Graph().parse(path, format="turtle")
    schema = Namespace("https://schema.org/")
    assert list(graph.objects(None, schema.url)), "the source document gives its URL"


def test_every_meeting_iri_is_derived_from_its_date_and_its_states():
    dg = Namespace("https://w3id.org/diplograph/ontology#")
    checked = 0
    for path in sorted(MEETINGS_DIR.glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        for meeting in graph.subjects(RDF.type, dg.Meeting):
            dates = list(graph.objects(meeting, dg.date))
            codes = sorted(str(s).rsplit("/", 1)[-1].lower() for s in graph.objects(meeting, dg.betweenState))
            assert len(dates) == 1 and len(codes) >= 2, (path.name, meeting)
            expected = URIRef(f"{ID}meeting/{dates[0]}-" + "-".join(codes))
            assert meeting == expected, f"{path.name}: {meeting} should be {expected}"
            checked += 1
    assert checked >= len(READOUT_IDS) + 1


def test_the_readouts_and_the_seed_give_sixteen_meetings(built_store):
    rows = built_store.select("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dg:Meeting }")
    assert rows == [{"n": "16"}]


#################################################################
# jp-pe-2020-05-19-abe-vizcarra-telephone
#################################################################

JP_PE = "2020-05-19-jp-pe"


def test_abe_and_vizcarra_talked_by_telephone_on_19_may_2020(built_store):
    assert meeting_facts(built_store, JP_PE) == {"date": "2020-05-19", "format": "telephone", "states": "JP PE"}
    assert participation(built_store, JP_PE, "abe-shinzo") == [
        {"post": f"{ID}post/jp-prime-minister", "state": f"{ID}state/JP", "role": f"{ID}role/interlocutor"}
    ]
    assert participation(built_store, JP_PE, "vizcarra-cornejo-martin-alberto") == [
        {"post": f"{ID}post/pe-president", "state": f"{ID}state/PE", "role": f"{ID}role/interlocutor"}
    ]


def test_the_abe_vizcarra_call_began_at_10_15_tokyo_time_and_lasted_about_20_minutes(built_store):
    rows = built_store.select(f"""SELECT ?start ?d ?a WHERE {{
        {iri("meeting", JP_PE)} dg:startTime ?start ; dg:duration ?d ; dg:approximate ?a }}""")
    assert rows == [{"start": "2020-05-19T10:15:00+09:00", "d": "PT20M", "a": "true"}]


def test_abe_thanked_peru_for_the_4_may_charter_flight_that_brought_about_100_peruvians_home(built_store):
    rows = built_store.select(f"""SELECT ?date ?label WHERE {{
        ?s dg:madeAt {iri("meeting", JP_PE)} ; dg:speaker {iri("person", "abe-shinzo")} ;
           dg:speechAct {iri("act", "thank")} ; dg:refersTo ?flight .
        ?flight a dg:DiplomaticEvent ; dg:date ?date ; rdfs:label ?label . FILTER(LANG(?label) = "en") }}""")
    assert len(rows) == 1
    assert rows[0]["date"] == "2020-05-04"
    assert "about 100 Peruvians" in rows[0]["label"] and "Mexico" in rows[0]["label"]


def test_vizcarra_thanked_abe_in_reply_to_japans_covid_support(built_store):
    rows = built_store.select(f"""SELECT ?reply WHERE {{
        ?reply dg:respondsTo ?first ; dg:speaker {iri("person", "vizcarra-cornejo-martin-alberto")} ;
               dg:speechAct {iri("act", "thank")} .
        ?first dg:speaker {iri("person", "abe-shinzo")} ; dg:madeAt {iri("meeting", JP_PE)} ;
               dg:hasTopic {iri("topic", "covid-19")} }}""")
    assert len(rows) == 1


def test_abe_and_vizcarra_agreed_that_stopping_covid_19_is_the_top_priority(built_store):
    rows = statements(built_store, JP_PE, "agree", "covid-19")
    assert len(rows) == 1 and speakers(rows[0]) == {"abe-shinzo", "vizcarra-cornejo-martin-alberto"}
    assert "top priority" in rows[0]["content"]


#################################################################
# uk-pe-2020-08-05-johnson-vizcarra-telephone
#################################################################

GB_PE = "2020-08-05-gb-pe"


def test_johnson_and_vizcarra_talked_by_telephone_on_5_august_2020(built_store):
    assert meeting_facts(built_store, GB_PE) == {"date": "2020-08-05", "format": "telephone", "states": "GB PE"}
    assert participation(built_store, GB_PE, "johnson-boris")[0]["post"] == f"{ID}post/gb-prime-minister"


def test_johnson_and_vizcarra_welcomed_the_second_g2g_reconstruction_agreement_without_signing_it(built_store):
    rows = built_store.select(f"""SELECT ?doc ?label WHERE {{
        ?s dg:madeAt {iri("meeting", GB_PE)} ; dg:speechAct {iri("act", "welcome")} ; dg:refersTo ?doc .
        ?doc a dg:Treaty ; dg:party {state("GB")}, {state("PE")} ; rdfs:label ?label .
        FILTER(LANG(?label) = "en")
        FILTER NOT EXISTS {{ ?doc dg:concludedAt ?event }} }}""")
    assert len(rows) == 1 and "second" in rows[0]["label"].lower() and "G2G" in rows[0]["label"]


def test_johnson_and_vizcarra_had_visited_the_amazon_together_in_2018(built_store):
    rows = built_store.select(f"""SELECT ?date WHERE {{
        {iri("meeting", GB_PE)} dg:refersTo ?visit .
        ?visit a dg:Visit ; dg:date ?date ;
               dg:hasParticipation/dg:participant {iri("person", "johnson-boris")} ;
               dg:hasParticipation/dg:participant {iri("person", "vizcarra-cornejo-martin-alberto")} }}""")
    assert rows == [{"date": "2018"}]


def test_the_uk_expressed_solidarity_with_peru_against_the_pandemic(built_store):
    rows = statements(built_store, GB_PE, "express-support", "covid-19")
    assert len(rows) == 1 and speakers(rows[0]) == {"johnson-boris"}


#################################################################
# uk-ar-2015-11-26-cameron-macri-telephone
#################################################################

AR_GB = "2015-11-26-ar-gb"


def test_cameron_called_president_elect_macri_on_26_not_25_november_2015(built_store):
    assert meeting_facts(built_store, AR_GB) == {"date": "2015-11-26", "format": "telephone", "states": "AR GB"}
    assert participation(built_store, AR_GB, "cameron-david") == [
        {"post": f"{ID}post/gb-prime-minister", "state": f"{ID}state/GB", "role": f"{ID}role/caller"}
    ]


def test_macri_took_part_as_president_elect_not_as_head_of_state(built_store):
    rows = participation(built_store, AR_GB, "macri-mauricio")
    assert [r["post"] for r in rows] == [f"{ID}post/ar-president-elect"]
    assert not built_store.ask(f"ASK {{ <{ID}post/ar-president-elect> a dg:HeadOfStatePost }}")
    assert "Summit" not in inferred_classes(built_store, AR_GB)


def test_cameron_congratulated_macri_on_his_election(built_store):
    rows = statements(built_store, AR_GB, "congratulate", "elections")
    assert len(rows) == 1 and speakers(rows[0]) == {"cameron-david"}


def test_cameron_backed_an_eu_mercosur_free_trade_agreement_between_two_organisations(built_store):
    rows = built_store.select(f"""SELECT ?party WHERE {{
        ?s dg:madeAt {iri("meeting", AR_GB)} ; dg:speaker {iri("person", "cameron-david")} ;
           dg:speechAct {iri("act", "express-support")} ; dg:refersTo ?fta .
        ?fta dg:party ?party . ?party a dg:InternationalOrganisation }} ORDER BY ?party""")
    assert [r["party"] for r in rows] == [f"{ID}organisation/eu", f"{ID}organisation/mercosur"]


def test_cameron_pledged_support_as_a_fellow_g20_member_for_argentinas_reforms(built_store):
    rows = statements(built_store, AR_GB, "express-support", "g20")
    assert len(rows) == 1 and "economic reform" in rows[0]["content"]


#################################################################
# co-pe-2014-06-26-holguin-gutierrez-fm
#################################################################

CO_PE = "2014-06-26-co-pe"


def test_holguin_and_gutierrez_met_in_lima_on_26_june_2014(built_store):
    assert meeting_facts(built_store, CO_PE) == {"date": "2014-06-26", "format": "in-person", "states": "CO PE"}
    rows = built_store.select(f"""SELECT ?city WHERE {{
        {iri("meeting", CO_PE)} dg:atPlace ?p . ?p rdfs:label ?city ; dg:inState {state("PE")} .
        FILTER(LANG(?city) = "en") }}""")
    assert rows == [{"city": "Lima"}]


def test_the_colombian_and_peruvian_foreign_ministers_met_as_guest_and_host(built_store):
    assert participation(built_store, CO_PE, "holguin-cuellar-maria-angela") == [
        {"post": f"{ID}post/co-minister-of-foreign-affairs", "state": f"{ID}state/CO", "role": f"{ID}role/guest"}
    ]
    assert participation(built_store, CO_PE, "gutierrez-reinel-gonzalo-alfonso") == [
        {"post": f"{ID}post/pe-minister-of-foreign-affairs", "state": f"{ID}state/PE", "role": f"{ID}role/host"}
    ]
    assert "MinisterialMeeting" in inferred_classes(built_store, CO_PE)


def test_the_ministers_met_after_the_qhapaq_nan_world_heritage_ceremony(built_store):
    rows = built_store.select(f"""SELECT ?label WHERE {{
        {iri("meeting", CO_PE)} dg:onOccasionOf ?ceremony .
        ?ceremony dg:hasTopic {iri("topic", "heritage")} ; rdfs:label ?label .
        ?ceremony dg:hasParticipation/dg:participant {iri("person", "holguin-cuellar-maria-angela")} .
        FILTER(LANG(?label) = "es") }}""")
    assert len(rows) == 1 and "Qhapaq Ñan" in rows[0]["label"]


def test_the_ministers_discussed_illegal_mining_and_the_border_plan_in_spanish(built_store):
    mining = statements(built_store, CO_PE, "exchange-views", "illegal-mining")
    assert len(mining) == 1
    assert speakers(mining[0]) == {"holguin-cuellar-maria-angela", "gutierrez-reinel-gonzalo-alfonso"}
    rows = built_store.select(f"""SELECT ?plan WHERE {{
        ?s dg:madeAt {iri("meeting", CO_PE)} ; dg:refersTo ?plan ; dg:content ?c .
        ?plan a dg:CooperationFramework ; dg:party {state("CO")}, {state("PE")} .
        FILTER(LANG(?c) = "es") }}""")
    assert rows == [{"plan": f"{ID}instrument/co-pe-border-integration-zone-development-plan"}]


#################################################################
# fr-pe-2016-02-24-hollande-humala-state-visit
#################################################################

FR_PE = "2016-02-24-fr-pe"
FR_PE_VISIT = iri("visit", "2016-02-fr-pe")


def test_hollande_made_a_state_visit_to_peru_on_23_and_24_february_2016(built_store):
    rows = built_store.select(f"""SELECT ?start ?end WHERE {{
        {FR_PE_VISIT} a dg:Visit ; dg:visitingState {state("FR")} ; dg:hostState {state("PE")} ;
            dg:visitLevel <{ID}visit-level/state> ; dg:startDate ?start ; dg:endDate ?end ;
            dg:hasSubEvent {iri("meeting", FR_PE)} }}""")
    assert rows == [{"start": "2016-02-23", "end": "2016-02-24"}]


def test_hollande_and_humala_held_talks_at_the_government_palace(built_store):
    assert meeting_facts(built_store, FR_PE)["states"] == "FR PE"
    rows = built_store.select(f"""SELECT ?place WHERE {{ {iri("meeting", FR_PE)} dg:atPlace ?place }}""")
    assert rows == [{"place": f"{ID}place/pe-government-palace"}]
    assert "Summit" in inferred_classes(built_store, FR_PE)


def test_a_beca_18_convention_and_a_declaration_were_signed_after_the_talks(built_store):
    rows = built_store.select(f"""SELECT ?doc WHERE {{
        {iri("meeting", FR_PE)} dg:hasSubEvent ?signing . ?signing a dg:SigningCeremony .
        ?doc dg:concludedAt ?signing ; dg:party {state("FR")}, {state("PE")} }} ORDER BY ?doc""")
    assert [r["doc"].rsplit("/", 1)[-1] for r in rows] == [
        "2016-02-24-fr-pe-beca-18-iut-convention",
        "2016-02-24-fr-pe-declaration",
    ]


def test_hollandes_visit_came_52_years_after_de_gaulles_in_1964(built_store):
    rows = built_store.select(f"""SELECT ?date WHERE {{
        {FR_PE_VISIT} dg:refersTo ?earlier . ?earlier a dg:Visit ; dg:date ?date ;
            dg:hasParticipation/dg:participant {iri("person", "de-gaulle-charles")} }}""")
    assert rows == [{"date": "1964"}]


def test_hollande_hoped_for_closer_ties_on_climate_in_french(built_store):
    rows = statements(built_store, FR_PE, "express-wish", "climate-change")
    assert len(rows) == 1 and speakers(rows[0]) == {"hollande-francois"}
    assert "changement climatique" in rows[0]["content"]


#################################################################
# us-pe-2021-11-10-sherman-maurtua
#################################################################

PE_US = "2021-11-10-pe-us"


def test_sherman_met_maurtua_in_lima_on_10_november_2021_during_an_official_visit(built_store):
    assert meeting_facts(built_store, PE_US) == {"date": "2021-11-10", "format": "in-person", "states": "PE US"}
    assert built_store.ask(f"""ASK {{ ?visit a dg:Visit ; dg:visitingState {state("US")} ;
        dg:hostState {state("PE")} ; dg:visitLevel <{ID}visit-level/official> ;
        dg:hasSubEvent {iri("meeting", PE_US)} }}""")
    rows = participation(built_store, PE_US, "sherman-wendy-ruth")
    assert {r["post"] for r in rows} == {f"{ID}post/us-deputy-secretary-of-state"}


def test_sherman_and_maurtua_exchanged_notes_on_search_and_rescue(built_store):
    rows = built_store.select(f"""SELECT ?date (COUNT(DISTINCT ?signer) AS ?signers) WHERE {{
        ?notes a dg:ExchangeOfNotes ; dg:concludedAt {iri("meeting", PE_US)} ; dg:dateConcluded ?date ;
            dg:party {state("US")}, {state("PE")} ; dg:hasTopic {iri("topic", "search-and-rescue")} ;
            dg:signatory ?signer ; dg:refersTo ?agreement . ?agreement a dg:Treaty }} GROUP BY ?date""")
    assert rows == [{"date": "2021-11-10", "signers": "2"}]


def test_the_sherman_readout_is_a_stl_news_republication_of_a_state_department_text(built_store):
    rows = built_store.select(f"""SELECT ?status ?original WHERE {{
        {iri("meeting", PE_US)} dg:reportedIn ?src .
        ?src dg:documentStatus ?status ; dcterms:source ?original }}""")
    assert rows == [
        {
            "status": f"{ID}document-status/republication",
            "original": f"{ID}source/2021-11-10-state-dept-sherman-maurtua",
        }
    ]


def test_sherman_thanked_peru_for_hosting_more_than_a_million_venezuelan_migrants(built_store):
    rows = built_store.select(f"""SELECT ?size WHERE {{
        ?s dg:madeAt {iri("meeting", PE_US)} ; dg:speaker {iri("person", "sherman-wendy-ruth")} ;
           dg:speechAct {iri("act", "thank")} ; dg:refersTo ?community .
        ?community a dg:DiasporaCommunity ; dg:originState {state("VE")} ; dg:inState {state("PE")} ;
            dg:estimatedSize ?size }}""")
    assert rows == [{"size": "1000000"}]


#################################################################
# jp-ar-2024-06-14-kishida-milei-g7-conversation
#################################################################

AR_JP = "2024-06-14-ar-jp"
G7 = iri("event", "2024-06-g7-summit-apulia")


def test_kishida_and_milei_talked_for_about_5_minutes_at_the_g7_in_apulia(built_store):
    assert meeting_facts(built_store, AR_JP) == {"date": "2024-06-14", "format": "in-person", "states": "AR JP"}
    rows = built_store.select(f"""SELECT ?d ?a ?host WHERE {{
        {iri("meeting", AR_JP)} dg:duration ?d ; dg:approximate ?a ; dg:onOccasionOf {G7} .
        {G7} a dg:MultilateralEvent ; dg:hostState ?host }}""")
    assert rows == [{"d": "PT5M", "a": "true", "host": f"{ID}state/IT"}]


def test_kishida_hoped_the_tax_convention_and_investment_agreement_enter_into_force_soon(built_store):
    rows = built_store.select(f"""SELECT ?treaty WHERE {{
        ?s dg:madeAt {iri("meeting", AR_JP)} ; dg:speaker {iri("person", "kishida-fumio")} ;
           dg:speechAct {iri("act", "express-wish")} ; dg:refersTo ?treaty .
        ?treaty a dg:Treaty ; dg:party {state("JP")}, {state("AR")} }} ORDER BY ?treaty""")
    assert [r["treaty"].rsplit("/", 1)[-1] for r in rows] == ["ar-jp-investment-agreement", "ar-jp-tax-convention"]


def test_milei_answered_kishida_by_describing_his_reforms(built_store):
    rows = built_store.select(f"""SELECT ?reply WHERE {{
        ?reply dg:speaker {iri("person", "milei-javier-gerardo")} ; dg:respondsTo ?first ;
               dg:hasTopic {iri("topic", "economic-reform")} .
        ?first dg:speaker {iri("person", "kishida-fumio")} ; dg:madeAt {iri("meeting", AR_JP)} }}""")
    assert len(rows) == 1


def test_kishida_and_milei_agreed_to_cooperate_as_strategic_partners(built_store):
    rows = statements(built_store, AR_JP, "agree", "strategic-partnership")
    assert len(rows) == 1 and speakers(rows[0]) == {"kishida-fumio", "milei-javier-gerardo"}
    assert "Summit" in inferred_classes(built_store, AR_JP)


#################################################################
# jp-mx-2022-01-13-hayashi-ebrard-fm-telephone
#################################################################

JP_MX = "2022-01-13-jp-mx"


def test_hayashi_and_ebrard_talked_by_telephone_for_about_25_minutes_on_13_january_2022(built_store):
    assert meeting_facts(built_store, JP_MX) == {"date": "2022-01-13", "format": "telephone", "states": "JP MX"}
    rows = built_store.select(f"""SELECT ?start ?d WHERE {{
        {iri("meeting", JP_MX)} dg:startTime ?start ; dg:duration ?d ; dg:approximate true }}""")
    assert rows == [{"start": "2022-01-13T09:00:00+09:00", "d": "PT25M"}]
    assert "MinisterialMeeting" in inferred_classes(built_store, JP_MX)


def test_ebrard_congratulated_hayashi_on_becoming_foreign_minister(built_store):
    rows = built_store.select(f"""SELECT ?start WHERE {{
        ?s dg:madeAt {iri("meeting", JP_MX)} ; dg:speaker {iri("person", "ebrard-casaubon-marcelo-luis")} ;
           dg:speechAct {iri("act", "congratulate")} ; dg:respondsTo ?first ; dg:refersTo ?tenure .
        ?tenure dg:holder {iri("person", "hayashi-yoshimasa")} ; dg:startDate ?start }}""")
    assert rows == [{"start": "2021-11-10"}]


def test_the_ministers_discussed_north_koreas_missile_launches_of_5_and_11_january(built_store):
    rows = built_store.select(f"""SELECT ?date WHERE {{
        ?s dg:madeAt {iri("meeting", JP_MX)} ; dg:speechAct {iri("act", "confirm")} ; dg:refersTo ?launch .
        ?launch dg:date ?date ; dg:hasTopic {iri("topic", "north-korea-nuclear-missile")} }} ORDER BY ?date""")
    assert [r["date"] for r in rows] == ["2022-01-05", "2022-01-11"]


def test_the_jp_mx_readout_is_a_french_translation_that_mentions_the_cptpp(built_store):
    rows = built_store.select(f"""SELECT ?lang ?status WHERE {{
        {iri("meeting", JP_MX)} dg:reportedIn ?src . ?src dcterms:language ?lang ; dg:documentStatus ?status .
        ?s dg:madeAt {iri("meeting", JP_MX)} ; dg:refersTo <{ID}instrument/cptpp> }}""")
    assert rows == [{"lang": "fr", "status": f"{ID}document-status/provisional-translation"}]


#################################################################
# uk-jp-2024-06-14-sunak-kishida-g7
#################################################################

GB_JP = "2024-06-14-gb-jp"


def test_sunak_and_kishida_met_at_the_same_g7_summit_as_kishida_and_milei(built_store):
    assert meeting_facts(built_store, GB_JP) == {"date": "2024-06-14", "format": "in-person", "states": "GB JP"}
    rows = built_store.select(f"""SELECT ?m WHERE {{ ?m a dg:Meeting ; dg:onOccasionOf {G7} }} ORDER BY ?m""")
    assert [r["m"].rsplit("/", 1)[-1] for r in rows] == [AR_JP, GB_JP]


def test_sunak_looked_forward_to_the_emperors_state_visit_to_the_uk_in_june_2024(built_store):
    rows = built_store.select(f"""SELECT ?date WHERE {{
        ?s dg:madeAt {iri("meeting", GB_JP)} ; dg:speaker {iri("person", "sunak-rishi")} ; dg:refersTo ?visit .
        ?visit a dg:Visit ; dg:visitingState {state("JP")} ; dg:hostState {state("GB")} ;
            dg:visitLevel <{ID}visit-level/state> ; dg:date ?date }}""")
    assert rows == [{"date": "2024-06"}]


def test_sunak_and_kishida_marked_a_year_of_the_hiroshima_accord_and_discussed_ai(built_store):
    accord = built_store.select(f"""SELECT ?date WHERE {{
        ?s dg:madeAt {iri("meeting", GB_JP)} ; dg:refersTo ?accord .
        ?accord a dg:CooperationFramework ; dg:party {state("GB")}, {state("JP")} ; dg:dateConcluded ?date }}""")
    assert accord == [{"date": "2023-05"}]
    assert len(statements(built_store, GB_JP, "exchange-views", "artificial-intelligence")) == 1


def test_sunak_thanked_japan_for_supporting_uk_accession_to_the_cptpp(built_store):
    rows = statements(built_store, GB_JP, "thank", "trade-agreements")
    assert len(rows) == 1 and speakers(rows[0]) == {"sunak-rishi"} and "CPTPP" in rows[0]["content"]


#################################################################
# jp-co-2022-03-02-hayashi-ramirez-fm-video
#################################################################

CO_JP = "2022-03-02-co-jp"


def test_hayashi_and_ramirez_held_a_video_conference_at_21_20_tokyo_time(built_store):
    assert meeting_facts(built_store, CO_JP) == {"date": "2022-03-02", "format": "video", "states": "CO JP"}
    rows = built_store.select(f"""SELECT ?start ?d WHERE {{
        {iri("meeting", CO_JP)} dg:startTime ?start ; dg:duration ?d }}""")
    assert rows == [{"start": "2022-03-02T21:20:00+09:00", "d": "PT40M"}]


def test_ramirez_took_part_as_both_vice_president_and_foreign_minister_of_colombia(built_store):
    rows = participation(built_store, CO_JP, "ramirez-blanco-marta-lucia")
    assert sorted(r["post"].rsplit("/", 1)[-1] for r in rows) == ["co-minister-of-foreign-affairs", "co-vice-president"]


def test_hayashi_and_ramirez_agreed_russias_aggression_against_ukraine_is_unacceptable(built_store):
    rows = statements(built_store, CO_JP, "agree", "ukraine")
    assert len(rows) == 1 and speakers(rows[0]) == {"hayashi-yoshimasa", "ramirez-blanco-marta-lucia"}


def test_japan_signed_a_venezuelan_displacement_aid_agreement_with_an_unnamed_organisation(built_store):
    rows = built_store.select(f"""SELECT ?date WHERE {{
        ?s dg:madeAt {iri("meeting", CO_JP)} ; dg:speaker {iri("person", "hayashi-yoshimasa")} ;
           dg:refersTo ?doc .
        ?doc dg:party {state("JP")} , ?org ; dg:dateConcluded ?date ;
             dg:hasTopic {iri("topic", "venezuelan-displacement")} .
        ?org a dg:InternationalOrganisation . FILTER(isBlank(?org)) }}""")
    assert rows == [{"date": "2022-02"}]


def test_ramirez_thanked_japan_in_reply_to_hayashis_aid_announcement(built_store):
    rows = built_store.select(f"""SELECT ?reply WHERE {{
        ?reply dg:speaker {iri("person", "ramirez-blanco-marta-lucia")} ; dg:speechAct {iri("act", "thank")} ;
               dg:respondsTo ?first .
        ?first dg:speaker {iri("person", "hayashi-yoshimasa")} ; dg:madeAt {iri("meeting", CO_JP)} }}""")
    assert len(rows) == 1
