"""Does every IRI answer people in HTML and machines in RDF? `diplograph serve`, asked by real clients."""

from __future__ import annotations

import gzip
import json
import subprocess

import httpx
import pytest
from browser import offline_page
from ld_server import BASE, DG, SEED, expected_description, triples
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, OWL, RDF, XSD

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
}
RESOURCES = [
    SEED,
    BASE + "id/state/JP",
    BASE + "id/person/ishiba-shigeru",
    BASE + "id/instrument/2025-08-08-jp-pe-tourism-moc",
    BASE + "id/event/2025-08-08-jp-pe/signing",
    BASE + "id/topic/tourism",
    BASE + "graph/meetings/2025-08-08-jp-pe",
]


def parse(body: bytes, rdf_format: str) -> Graph:
    """Parse an RDF response; TriG and JSON-LD may hold named graphs: take their union."""
    if rdf_format in ("trig", "json-ld"):
        dataset = Dataset()
        dataset.parse(data=body, format=rdf_format)
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    graph = Graph()
    graph.parse(data=body, format=rdf_format)
    return graph


def test_curl_asking_for_turtle_gets_the_seed_meetings_date_and_participants(ld_server):
    done = subprocess.run(
        ["curl", "-sS", "-H", "Accept: text/turtle", ld_server.iri_url(SEED)], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    graph = Graph().parse(data=done.stdout, format="turtle")
    meeting = URIRef(SEED)
    assert (meeting, URIRef(DG + "date"), Literal("2025-08-08", datatype=XSD.date)) in graph
    people = {
        graph.value(participation, URIRef(DG + "participant"))
        for participation in graph.objects(meeting, URIRef(DG + "hasParticipation"))
    }
    assert people == {
        URIRef(BASE + "id/person/ishiba-shigeru"),
        URIRef(BASE + "id/person/boluarte-zegarra-dina-ercilia"),
    }
    names = {str(graph.value(person, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for person in people}
    assert any("ISHIBA" in name for name in names) and any("BOLUARTE" in name for name in names)


@pytest.mark.parametrize("media_type", sorted(RDF_TYPES))
@pytest.mark.parametrize("iri", RESOURCES)
def test_every_rdf_media_type_parses_back_to_the_stores_description(ld_server, built_store, media_type, iri):
    answer = httpx.get(ld_server.iri_url(iri), headers={"Accept": media_type}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(media_type)
    assert "Accept" in answer.headers["vary"]
    received = triples(parse(answer.content, RDF_TYPES[media_type]))
    assert received == expected_description(built_store.store(), iri)


def test_format_parameter_overrides_accept(ld_server):
    answer = httpx.get(ld_server.iri_url(SEED) + "?format=nt", headers={"Accept": "text/html"}, timeout=60)
    assert answer.headers["content-type"].startswith("application/n-triples")
    assert answer.headers["content-location"].endswith("?format=nt")


def test_a_browser_gets_html_and_a_client_without_preference_too(ld_server):
    browser_like = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert (
        httpx.get(ld_server.iri_url(SEED), headers={"Accept": browser_like})
        .headers["content-type"]
        .startswith("text/html")
    )
    assert httpx.get(ld_server.iri_url(SEED), headers={"Accept": "*/*"}).headers["content-type"].startswith("text/html")


def test_what_the_server_cannot_give_is_refused_with_406(ld_server):
    assert httpx.get(ld_server.iri_url(SEED), headers={"Accept": "image/png"}).status_code == 406
    refused = httpx.get(ld_server.iri_url(SEED) + "?format=pdf")
    assert refused.status_code == 406
    assert "text/turtle" in refused.text


def test_an_iri_the_store_does_not_know_is_404(ld_server):
    assert (
        httpx.get(ld_server.url + "id/meeting/1999-01-01-xx-yy", headers={"Accept": "text/turtle"}).status_code == 404
    )
    assert httpx.get(ld_server.url + "nothing/here").status_code == 404


def test_the_page_speaks_the_language_asked(ld_server):
    french = httpx.get(ld_server.iri_url(SEED), headers={"Accept": "text/html", "Accept-Language": "fr-FR,fr;q=0.9"})
    english = httpx.get(ld_server.iri_url(SEED), headers={"Accept": "text/html", "Accept-Language": "en-GB"})
    assert "Rencontre au sommet Japon - Pérou, 8 août 2025</bdi></h1>" in french.text
    assert "Participants" in french.text and "Accords et instruments" in french.text
    assert french.headers["content-language"] == "fr"
    assert "Japan–Peru summit meeting, 8 August 2025</bdi></h1>" in english.text
    assert "Agreements and instruments" in english.text
    assert "Accept-Language" in english.headers["vary"]


def test_a_state_page_shows_its_partners_and_timeline(ld_server):
    page = httpx.get(ld_server.url + "id/state/JP", headers={"Accept": "text/html"}).text
    partners = page.split('id="partners"')[1].split("</section>")[0]
    assert "Peru" in partners and "Argentina" in partners
    timeline = page.split('id="timeline"')[1].split("</section>")[0]
    assert "1873" in timeline and "2025-08-08" in timeline
    assert timeline.index("1873") < timeline.index("2025-08-08")


def test_a_person_links_to_wikidata_where_known_and_a_state_says_owl_same_as(ld_server):
    graph = Graph().parse(data=httpx.get(ld_server.url + "id/state/PE?format=ttl").content, format="turtle")
    assert (URIRef(BASE + "id/state/PE"), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q419")) in graph


def test_void_counts_the_dataset_and_names_its_endpoint_dumps_and_wikidata_links(ld_server, built_store):
    graph = Graph().parse(data=httpx.get(ld_server.url + ".well-known/void", headers={"Accept": "text/turtle"}).content)
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    dataset = URIRef(BASE + ".well-known/void#dataset")
    distinct = built_store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert int(graph.value(dataset, VOID.triples)) == int(distinct[0]["n"])
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert len(set(graph.objects(dataset, VOID.dataDump))) == 3
    meetings = [
        p
        for p in graph.objects(dataset, VOID.classPartition)
        if graph.value(p, VOID["class"]) == URIRef(DG + "Meeting")
    ]
    assert int(graph.value(meetings[0], VOID.entities)) >= 11
    linkset = next(graph.subjects(RDF.type, VOID.Linkset))
    assert graph.value(linkset, VOID.linkPredicate) == OWL.sameAs and int(graph.value(linkset, VOID.triples)) >= 9


def test_the_dcat_catalogue_lists_the_dumps_and_the_sparql_service(ld_server):
    graph = Graph().parse(data=httpx.get(ld_server.url + "catalog?format=ttl").content, format="turtle")
    downloads = {str(u) for u in graph.objects(None, DCAT.downloadURL)}
    assert downloads == {
        BASE + "dumps/diplograph.nt.gz",
        BASE + "dumps/diplograph.trig.gz",
        BASE + "dumps/diplograph.jsonld.gz",
    }
    assert set(graph.objects(None, DCAT.endpointURL)) == {URIRef(BASE + "sparql")}


def test_the_dumps_download_and_hold_the_whole_dataset(ld_server, built_store):
    distinct = int(
        built_store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")[0]["n"]
    )
    nt = httpx.get(ld_server.url + "dumps/diplograph.nt.gz", timeout=120)
    assert nt.headers["content-type"] == "application/gzip"
    assert len(Graph().parse(data=gzip.decompress(nt.content), format="nt")) == distinct
    for name, rdf_format in (("diplograph.trig.gz", "trig"), ("diplograph.jsonld.gz", "json-ld")):
        dataset = Dataset()
        data = gzip.decompress(httpx.get(ld_server.url + "dumps/" + name, timeout=120).content)
        dataset.parse(data=data, format=rdf_format)
        assert len({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}) == distinct
        assert len(list(dataset.graphs())) > 15


def test_the_ontology_answers_at_its_namespace_in_turtle_rdfxml_and_html(ld_server):
    turtle = Graph().parse(data=httpx.get(ld_server.url + "ontology", headers={"Accept": "text/turtle"}).content)
    assert (URIRef(DG + "Meeting"), RDF.type, OWL.Class) in turtle
    rdfxml = Graph().parse(data=httpx.get(ld_server.url + "ontology?format=rdf").content, format="xml")
    assert len(rdfxml) == len(turtle)
    html = httpx.get(ld_server.url + "ontology", headers={"Accept": "text/html"}, timeout=120).text
    assert (
        'id="Meeting"' in html
        and 'id="hasParticipation"' in html
        and "https://w3id.org/diplograph/ontology#State" in html
    )


def test_browsers_on_other_origins_may_read_the_data(ld_server):
    preflight = httpx.options(
        ld_server.url + "sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "https://example.org")
    simple = httpx.get(ld_server.iri_url(SEED), headers={"Origin": "https://example.org", "Accept": "text/turtle"})
    assert simple.headers["access-control-allow-origin"] == "*"


def test_chromium_shows_the_seed_meeting_with_participants_agreements_and_valid_jsonld(ld_server, browser):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(ld_server.iri_url(SEED))
    assert page.locator("h1").inner_text() == "Japan–Peru summit meeting, 8 August 2025"
    participants = page.locator("section#participants").inner_text()
    assert "ISHIBA Shigeru" in participants and "Dina Ercilia BOLUARTE ZEGARRA" in participants
    assert "Prime Minister of Japan" in participants
    agreements = page.locator("section#agreements").inner_text()
    assert "Memorandum of Cooperation on tourism between Japan and Peru" in agreements
    assert "Exchange of notes on the provision of fire trucks" in agreements
    assert page.locator("section#sources a").count() >= 1
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Event" and data["@id"] == SEED and data["startDate"].startswith("2025-08-08")
    assert {a["@id"] for a in data["attendee"]} == {
        BASE + "id/person/ishiba-shigeru",
        BASE + "id/person/boluarte-zegarra-dina-ercilia",
    }
    assert data["@context"] == {"@vocab": "https://schema.org/"}  # schema.org's terms, with no context to fetch
    graph = Graph().parse(data=json.dumps(data), format="json-ld")
    assert (URIRef(SEED), RDF.type, URIRef("https://schema.org/Event")) in graph
    page.locator("section#participants a", has_text="ISHIBA Shigeru").click()
    page.wait_for_url("**/id/person/ishiba-shigeru")
    assert page.locator("h1").inner_text() == "ISHIBA Shigeru"
    assert json.loads(page.locator('script[type="application/ld+json"]').text_content())["@type"] == "Person"
    assert blocked == [] and problems == []
    page.context.close()


def test_chromium_query_page_runs_a_catalogue_example_and_shows_a_table(ld_server, browser):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    page.goto(ld_server.url + "sparql")
    page.wait_for_function("() => !!window.diplographYasgui")
    page.locator("a.example", has_text="Participants of a meeting").click()
    page.wait_for_selector(".yasr table tbody tr")
    table = page.locator(".yasr table").inner_text()
    assert "ISHIBA Shigeru" in table and "guest" in table
    page.evaluate(
        "() => { const t = window.diplographYasgui.getTab(); t.setQuery('SELECT ?x WHERE { ?x ?y }'); t.query(); }"
    )
    page.wait_for_function("() => /syntax error/i.test(document.querySelector('.yasr').innerText)", timeout=60_000)
    assert blocked == []
    page.context.close()


def test_the_graph_link_opens_the_interactive_neighbourhood(ld_server, browser):
    html = httpx.get(ld_server.url + "id/state/JP", headers={"Accept": "text/html"}).text
    assert 'href="../../graph?state=JP"' in html
    answer = httpx.get(ld_server.url + "graph?state=JP", timeout=120)
    assert answer.status_code == 200 and "graph-data" in answer.text
