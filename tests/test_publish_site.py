"""Can the linked data be published without Python? `diplograph publish` writes a static site."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from browser import offline_page
from ld_server import BASE, SEED, expected_description, triples
from rdflib import Dataset, Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is a folder of the checkout, not a package

from bench import linkcheck  # noqa: E402

TWINS = {"ttl": "turtle"}
"""The RDF twin every resource has in the static site (the other formats come from `diplograph serve`)."""


def _twin(folder: Path, extension: str = "ttl") -> bytes:
    """A resource's twin as its document's URL serves it: stored compressed (`index.ttl.gz`), read plain."""
    return gzip.decompress((folder / f"index.{extension}.gz").read_bytes())


def _english_only(site: Path) -> str:
    """A resource path whose data has no French, so the site has its English page only."""
    for page in sorted((site / "id").rglob("index.html")):
        if not (page.parent / "index.fr.html").exists():
            return str(page.parent.relative_to(site))
    raise AssertionError("every resource has a French page")


@pytest.fixture(scope="module")
def site(built_store, ld_server, tmp_path_factory) -> Path:
    """The site that `diplograph publish` writes from the built store, its query editor pointed at the served one."""
    out = tmp_path_factory.mktemp("publish") / "site"
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "diplograph.cli",
            "publish",
            "--out",
            str(out),
            "--store",
            f"oxigraph:{built_store.path}",
            "--endpoint",
            ld_server.url + "sparql",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "DIPLOGRAPH_BASE": BASE, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    print(f"\n{done.stdout.strip()} (wall {time.perf_counter() - started:.1f} s)")
    return out


def test_every_html_page_of_a_resource_has_its_rdf_twins(site):
    views = {site / "relation", site / "map", site / "meetings", site / "sparql"}  # views, not resources
    pages = sorted(p for p in site.rglob("*.html") if not views & set(p.parents))
    assert len(pages) > 1000
    for page in pages:
        for extension in TWINS:
            twin = page.parent / f"index.{extension}"
            if {site / "id", site / "graph"} & set(page.parents):  # a resource's twin is stored compressed
                twin = twin.with_name(twin.name + ".gz")
            assert twin.is_file(), f"{page} has no {twin.name}"


def test_a_link_checker_finds_no_broken_internal_link(site):
    pages, checked, broken = linkcheck.check(site)  # bench/linkcheck.py, which checks whole published sites too
    print(f"\nlink checker: {pages} pages, {checked} internal links, {len(broken)} broken")
    assert broken == []
    assert checked > 10_000


def test_the_site_twins_hold_the_stores_description(site, built_store):
    folder = site / SEED[len(BASE) :]
    expected = expected_description(built_store.store(), SEED)
    for extension, rdf_format in TWINS.items():
        data = _twin(folder, extension)
        if rdf_format == "trig":
            dataset = Dataset()
            dataset.parse(data=data, format="trig")
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = Graph().parse(data=data, format=rdf_format)
        assert triples(graph) == expected, extension


def test_the_site_holds_dumps_void_dcat_ontology_docs_and_rewrite_rules(site):
    for name in ("dumps/diplograph.nt.gz", "dumps/diplograph.trig.gz", "dumps/diplograph.jsonld.gz"):
        assert (site / name).stat().st_size > 10_000
    assert "void:triples" in (site / ".well-known/void/index.ttl").read_text()
    assert "dcat:Catalog" in (site / "catalog/index.ttl").read_text()
    assert 'id="Meeting"' in (site / "ontology/index.html").read_text()
    assert "owl:Class" in (site / "ontology/index.ttl").read_text()
    htaccess = (site / ".htaccess").read_text()
    assert "RewriteRule ^(.*?)/?$ $1/index.ttl [R=303,L]" in htaccess and "AddType text/turtle .ttl" in htaccess
    assert "map $http_accept $diplograph_accept" in (site / "nginx.conf").read_text()
    assert "return 303" in (site / "nginx-server.conf").read_text()
    assert (site / "index.html").is_file() and (site / "index.fr.html").is_file()


def test_the_static_pages_read_offline_in_chromium(site, browser):
    blocked: list[str] = []
    page_view = offline_page(browser, blocked)
    page_view.goto((site / SEED[len(BASE) :] / "index.fr.html").as_uri())
    assert page_view.locator("h1").inner_text() == "Rencontre au sommet Japon - Pérou, 8 août 2025"
    assert "Shigeru ISHIBA" in page_view.locator("section#participants").inner_text()  # his name in French
    page_view.locator("section#participants a", has_text="Shigeru ISHIBA").click()
    page_view.wait_for_url("**/id/person/ishiba-shigeru/index.fr.html")
    assert page_view.evaluate("getComputedStyle(document.body).margin") == "0px"  # the stylesheet loaded
    assert blocked == []
    page_view.context.close()


@pytest.fixture(scope="module", params=["nginx", "apache"])
def static_server(request, site, tmp_path_factory):
    """Debian's nginx, then Apache, serving the published site with its own rewrite rules on a free port.

    Apache's workers run as www-data when the tests run as root, so it serves a world-readable copy of
    the files these tests ask for (the rules, the home page and one resource), not the private temp folder.
    """
    import shutil
    import tempfile

    from static_server import running_apache, running_nginx

    if request.param == "nginx":
        with running_nginx(site, tmp_path_factory.mktemp("nginx")) as url:
            yield url
        return
    readable = Path(tempfile.mkdtemp(prefix="diplograph-apache-"))
    prefix = Path(tempfile.mkdtemp(prefix="diplograph-apache-run-"))
    try:
        readable.chmod(0o755)
        for name in (".htaccess", "index.html", "index.fr.html"):
            shutil.copy(site / name, readable / name)
        english = _english_only(site)
        for path in ("id/state/AR", english):
            shutil.copytree(site / path, readable / path)
            for folder in [readable / path, *(readable / path).parents]:
                if readable in folder.parents:
                    folder.chmod(0o755)
        with running_apache(readable, prefix) as url:
            yield url
    finally:
        shutil.rmtree(readable, ignore_errors=True)
        shutil.rmtree(prefix, ignore_errors=True)


def test_the_static_server_sends_vary_with_its_303_redirects(static_server):
    answer = httpx.get(static_server + "id/state/AR", headers={"Accept": "text/turtle"})
    assert answer.status_code == 303
    assert urlsplit(answer.headers["location"]).path == "/id/state/AR/index.ttl"
    assert {v.strip() for v in answer.headers["vary"].split(",")} >= {"Accept", "Accept-Language"}


def test_the_static_server_never_sends_what_the_client_refused_with_q_0(static_server):
    def document(accept: str, language: str = "en") -> str:
        answer = httpx.get(static_server + "id/state/AR", headers={"Accept": accept, "Accept-Language": language})
        assert answer.status_code == 303
        return urlsplit(answer.headers["location"]).path.rsplit("/", 1)[1]

    assert document("text/turtle") == "index.ttl"
    assert document("text/turtle;q=0") == "index.html"
    assert document("text/turtle; q=0.0, application/ld+json") == "index.html"  # no JSON-LD twin in the site
    assert document("text/turtle;q=0.5") == "index.ttl"
    assert document("text/html", "fr") == "index.fr.html"
    assert document("text/html", "fr;q=0, en") == "index.html"


def test_the_static_server_redirects_a_trailing_slash_to_one_document(static_server, site):
    answer = httpx.get(static_server + "id/state/AR/", headers={"Accept": "text/turtle"})
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"]).path
    assert location == "/id/state/AR/index.ttl"
    followed = httpx.get(static_server + location.lstrip("/"))
    assert followed.status_code == 200 and followed.headers["content-type"].startswith("text/turtle")
    assert followed.content == _twin(site / "id/state/AR")


def test_the_compressed_turtle_twin_reaches_a_client_that_takes_no_gzip(static_server, site):
    answer = httpx.get(static_server + "id/state/AR/index.ttl", headers={"Accept-Encoding": "identity"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    # nginx unpacks it (gunzip); Apache sends it gzip-encoded to every client (INFLATE skips rewritten requests)
    expected = None if answer.headers["server"].startswith("nginx") else "gzip"
    assert answer.headers.get("content-encoding") == expected
    assert answer.content == _twin(site / "id/state/AR")


def test_the_static_server_serves_the_format_asked_by_query_and_the_files_as_they_are(static_server, site):
    answer = httpx.get(static_server + "id/state/AR?format=ttl", follow_redirects=True)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    assert answer.content == _twin(site / "id/state/AR")
    assert httpx.get(static_server + "id/state/ZZZ").status_code == 404


def test_the_static_server_sends_the_page_for_what_the_site_does_not_hold(static_server, site):
    def location(path: str, **headers: str) -> str:
        answer = httpx.get(static_server + path, headers=headers)
        assert answer.status_code == 303
        return urlsplit(answer.headers["location"]).path

    assert location("id/state/AR?format=rdf") == "/id/state/AR/index.html"  # RDF/XML: from `diplograph serve`
    assert location("id/state/AR", Accept="application/n-triples, text/turtle;q=0.5") == "/id/state/AR/index.ttl"
    english = _english_only(site)
    assert location(english, Accept="text/html", **{"Accept-Language": "fr"}) == f"/{english}/index.html"


def _bell_store(tmp_path: Path) -> str:
    import pyoxigraph as ox

    store = ox.Store(str(tmp_path / "store"))
    label = ox.Literal("bell\x07here", language="en")
    subject, graph = ox.NamedNode(BASE + "id/state/XX"), ox.NamedNode(BASE + "graph/x")
    store.add(ox.Quad(subject, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), label, graph))
    store.flush()
    del store
    return f"oxigraph:{tmp_path / 'store'}"


def test_a_control_character_reaches_the_turtle_twin_escaped(tmp_path):
    from diplograph.publish.iri import IriPolicy
    from diplograph.publish.reader import StoreReader
    from diplograph.publish.site import publish

    reader = StoreReader(_bell_store(tmp_path))
    try:
        publish(reader, tmp_path / "site", IriPolicy(BASE), workers=1)
    finally:
        reader.close()
    turtle = _twin(tmp_path / "site/id/state/XX").decode()
    assert "\x07" not in turtle and "bell\\u0007here" in turtle
    assert "bell\x07here" in {str(o) for o in Graph().parse(data=turtle, format="turtle").objects()}


def test_an_rdfxml_twin_refuses_a_control_character_naming_the_resource(tmp_path):
    from diplograph.publish.negotiation import RDFXML
    from diplograph.publish.reader import StoreReader
    from diplograph.publish.site_resources import describe_terms, label_quads, twin_bytes
    from diplograph.store.results import NotXmlSafe

    reader = StoreReader(_bell_store(tmp_path))
    try:
        description, quads = describe_terms(reader.embedded, BASE + "id/state/XX", label_quads(reader.embedded))
        with pytest.raises(NotXmlSafe, match=r"/id/state/XX/index\.rdf.*U\+0007"):
            twin_bytes(quads, RDFXML, description, "id/state/XX")
    finally:
        reader.close()


def test_the_japan_peru_relation_page_shows_their_meetings_by_year_and_who_met(site, browser):
    blocked: list[str] = []
    page_view = offline_page(browser, blocked)
    page_view.goto((site / "relation" / "JP-PE" / "index.html").as_uri())
    assert page_view.locator("h1").inner_text() in ("Japan – Peru", "Peru – Japan")
    assert page_view.locator("svg.chart rect").count() >= 1  # the counts by year are drawn
    assert "2025" in page_view.locator("svg.chart").inner_html()
    assert "ISHIBA Shigeru" in page_view.locator("section#people").inner_text()
    page_view.locator("section#items a", has_text="8 August 2025").first.click()
    page_view.wait_for_url("**/id/meeting/**/index.html")
    assert blocked == []
    page_view.context.close()


def test_the_page_of_japan_ranks_its_partners_and_links_each_relation(site, browser):
    blocked: list[str] = []
    page_view = offline_page(browser, blocked)
    page_view.goto((site / "id" / "state" / "JP" / "index.html").as_uri())
    partners = page_view.locator("section#partners tbody tr")
    counts = [int(partners.nth(i).locator("td").nth(1).inner_text()) for i in range(partners.count())]
    assert counts and counts == sorted(counts, reverse=True)
    page_view.locator("section#partners a", has_text="relation").first.click()
    page_view.wait_for_url("**/relation/*/index.html")
    assert "Japan" in page_view.locator("h1").inner_text()
    page_view.context.close()


def test_the_published_map_draws_offline_and_opens_a_relation(site, browser):
    blocked: list[str] = []
    page_view = offline_page(browser, blocked)
    page_view.goto((site / "map" / "index.html").as_uri())
    page_view.wait_for_function("() => window.diplographShown && window.diplographShown.links > 0")
    page_view.locator("path.link").first.dispatch_event("click")
    page_view.locator("#open-relation").click()
    page_view.wait_for_url("**/relation/*/index.html")
    assert blocked == []
    page_view.context.close()


def test_the_home_page_lists_the_latest_meetings_and_the_year_pages_filter_by_state(site, browser):
    blocked: list[str] = []
    page_view = offline_page(browser, blocked)
    page_view.goto((site / "index.html").as_uri())
    assert 0 < page_view.locator("section#meetings tbody tr").count() <= 40
    page_view.locator("#all-meetings").click()
    page_view.wait_for_url("**/meetings/index.html")
    page_view.locator("ul.years a", has_text="2025").click()
    page_view.wait_for_url("**/meetings/2025/index.html")
    rows = page_view.locator("#meeting-list tbody tr")
    total = rows.count()
    assert total >= 1 and page_view.locator("#filter-count").inner_text() == str(total)
    page_view.select_option("#filter-state", "PE")
    shown = [row for row in rows.all() if row.is_visible()]
    assert 1 <= len(shown) <= total and all("PE" in row.get_attribute("data-states").split() for row in shown)
    page_view.select_option("#filter-format", index=1)
    assert int(page_view.locator("#filter-count").inner_text()) <= len(shown)
    white_space = page_view.evaluate("getComputedStyle(document.querySelector('#meeting-list td.date')).whiteSpace")
    assert white_space == "nowrap"  # dates never wrap
    assert blocked == []
    page_view.context.close()


def test_the_static_query_editor_runs_a_catalogue_example_against_the_configured_endpoint(site, ld_server, browser):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "sparql" / "index.html").as_uri())
    page.wait_for_function("() => !!window.diplographYasgui")
    assert page.evaluate("window.diplographYasgui.getTab().getEndpoint()") == ld_server.url + "sparql"
    assert "PREFIX dg:" in page.evaluate("window.diplographYasgui.getTab().getQuery()")
    page.locator("a.example", has_text="between").first.click()
    page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=60_000)
    assert page.locator(".yasr table.dataTable tbody tr").count() >= 1
    assert blocked == [] and errors == []
    page.context.close()


def test_a_shared_static_query_link_opens_and_runs_the_query(site, browser):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    query = "SELECT ?label WHERE { <" + SEED + "> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    page.goto((site / "sparql" / "index.fr.html").as_uri() + "?query=" + quote(query))
    page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=60_000)
    assert "Pérou" in page.locator(".yasr table.dataTable").inner_text()
    assert blocked == []
    page.context.close()
