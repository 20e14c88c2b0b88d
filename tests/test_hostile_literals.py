"""Can data that holds markup or script break a page? Hostile literals must show as text everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import offline_page
from ld_server import BASE, HOSTILE_MEETING, running_server
from rdflib import Graph

from diplograph.publish.iri import IriPolicy
from diplograph.publish.reader import StoreReader
from diplograph.publish.site import publish

HOSTILE_PATHS = [
    HOSTILE_MEETING[len(BASE) :],
    "id/person/hostile-eve",
    "id/source/hostile-readout",
    "id/statement/2030-01-01-jp-pe/hostile-thanks",
    "id/participation/2030-01-01-jp-pe/hostile-eve",
    "id/state/PE",
    "id/person/ishiba-shigeru",
    "id/topic/friendship",
    "graph/meetings/zz-hostile-meeting",
    "",
]
"""Pages that show a hostile literal: the resources that hold them and those that link to them."""

SHOWN = ["</script><script>window.__pwned", "<img src=x onerror="]


@pytest.fixture(scope="module")
def hostile_server(hostile_store, tmp_path_factory):
    with running_server(hostile_store, tmp_path_factory.mktemp("hostile-serve")) as server:
        yield server


@pytest.fixture(scope="module")
def hostile_site(hostile_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile-publish") / "site"
    reader = StoreReader(f"oxigraph:{hostile_store}")
    try:
        publish(reader, out, IriPolicy(BASE))
    finally:
        reader.close()
    return out


def _check(page, url: str) -> str:
    """Open a page; nothing may run or be injected; the hostile text must be visible; JSON-LD must parse."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    assert page.evaluate("typeof window.__pwned") == "undefined", url
    assert dialogs == []
    assert page.locator("main img, main script, main b").count() == 0, url
    assert page.locator('a[href^="javascript:"]').count() == 0, url
    for script in page.locator('script[type="application/ld+json"]').all():
        data = json.loads(script.text_content())
        assert data["@context"] == {"@vocab": "https://schema.org/"}  # nothing to fetch
        Graph().parse(data=json.dumps(data), format="json-ld")
    return page.locator("body").inner_text()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hostile_literals_show_as_text_on_every_served_page(hostile_server, browser, lang):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    for path in [*HOSTILE_PATHS, "meetings/2030"]:  # and the list of the hostile meeting's year
        text = _check(page, f"{hostile_server.url}{path}?lang={lang}")
        assert any(shown in text for shown in SHOWN), path
    sparql = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(STR(?label), "<")) }'
    )
    text = _check(page, hostile_server.url + "sparql?query=" + quote(sparql))
    assert all(shown in text for shown in SHOWN)
    page.goto(hostile_server.url + "sparql")
    page.wait_for_function("() => !!window.diplographYasgui")  # the YASGUI editor, with its own result table
    page.evaluate("(q) => { const tab = window.diplographYasgui.getTab(); tab.setQuery(q); tab.query(); }", sparql)
    page.wait_for_selector(".yasr table tbody tr")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".yasr img").count() == 0
    assert "<img src=x onerror=" in page.locator(".yasr").inner_text()
    assert blocked == []
    page.context.close()


def test_hostile_literals_show_as_text_on_every_published_page(hostile_site, browser):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    # Participations are described with their meeting (no page of their own in the site); a French page is
    # written where the resource's own data has French (the hostile meeting has a French name).
    published = [path for path in HOSTILE_PATHS if not path.startswith("id/participation/")]
    assert (hostile_site / HOSTILE_PATHS[0] / "index.fr.html").is_file()
    for path in [*published, "relation/JP-PE", "meetings/2030"]:  # and the list of the hostile meeting's year
        for name in ("index.html", "index.fr.html"):
            if name == "index.fr.html" and not (hostile_site / path / name).is_file():
                continue
            text = _check(page, (hostile_site / path / name).as_uri())
            assert any(shown in text for shown in SHOWN), path
    assert blocked == []
    page.context.close()


def test_hostile_literals_in_embedded_jsonld_cannot_close_the_script(hostile_site):
    html = (hostile_site / HOSTILE_MEETING[len(BASE) :] / "index.html").read_text()
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script
    data = json.loads(script)
    assert "</script><script>window.__pwned = 'meeting'</script>" in json.dumps(data["name"], ensure_ascii=False)


LEFT_TO_RIGHT = """() => {
  const out = [];
  for (const node of document.querySelectorAll('main bdi')) {
    const text = node.textContent;
    if (!/^[A-Za-z][A-Za-z ]{4,}[A-Za-z]$/.test(text)) continue;   // plain left-to-right words only
    const range = document.createRange();
    const first = node.firstChild;
    if (!first || first.nodeType !== 3) continue;
    range.setStart(first, 0); range.setEnd(first, 1);
    const a = range.getBoundingClientRect().left;
    range.setStart(first, text.length - 1); range.setEnd(first, text.length);
    const b = range.getBoundingClientRect().left;
    out.push([text, a < b]);
  }
  return out;
}"""
"""Each plain English label on the page, and whether its first letter is drawn left of its last."""


def test_a_right_to_left_override_in_one_label_reverses_no_other_label(hostile_server, hostile_site, browser):
    requests: list[str] = []
    page = offline_page(browser, requests)
    for url in (hostile_server.iri_url(HOSTILE_MEETING), (hostile_site / HOSTILE_PATHS[0] / "index.html").as_uri()):
        page.goto(url)
        assert "\u202e" in page.locator("main").inner_text(), url  # the override is on the page
        labels = page.evaluate(LEFT_TO_RIGHT)
        assert labels, url
        assert [text for text, upright in labels if not upright] == [], url
    page.close()


def test_a_hostile_quotation_stays_text_on_the_meeting_page(hostile_server, browser):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    _check(page, hostile_server.url + HOSTILE_MEETING[len(BASE) :])
    sentence = page.locator("section#evidence td bdi", has_text="Eve said")
    assert sentence.count() == 1
    assert "</script><script>window.__pwned = 'quote'</script>" in sentence.inner_text()
    page.context.close()


def test_a_hostile_meeting_name_stays_text_on_the_relation_timeline(hostile_server, browser):
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    page.set_viewport_size({"width": 1300, "height": 1000})
    _check(page, hostile_server.url + "relation/JP-PE")
    page.wait_for_function("() => document.querySelectorAll('.vis-item').length > 0")
    # vis-timeline keeps itself hidden for a moment after drawing; hidden text reads as empty.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.vis-timeline')).visibility === 'visible'")
    page.locator("#timeline-controls input[name=from]").fill("2030")
    page.locator("#timeline-controls input[name=from]").dispatch_event("change")
    hostile = page.locator(".vis-item bdi", has_text="Hostile")
    assert hostile.count() == 1
    assert "</script><script>window.__pwned = 'meeting'</script>" in hostile.inner_text()
    hostile.click()
    assert "</script><script>" in page.locator("#timeline-details bdi").first.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#timeline img, #timeline script, #timeline b, #timeline-details b").count() == 0
    assert blocked == []
    page.context.close()
