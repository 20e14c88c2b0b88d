"""Does the exported page work in a real browser: offline, drawn, clickable, and deaf to script in the data?

Debian's headless Chromium, driven by Playwright (tests/browser.py); every request off the local
file is blocked and recorded. Screenshots go to build/test-artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from browser import offline_page
from graph_helpers import ARTIFACTS, HOSTILE, build_hostile_store, load_generator

from diplograph.graphs.projections import project
from diplograph.graphs.render_html import write_html
from diplograph.store.backends import open_backend

JP = "https://w3id.org/diplograph/id/state/JP"
PE = "https://w3id.org/diplograph/id/state/PE"
LAYOUT_WAIT_MS = 180_000
"""How long a test waits for the layout before it gives up (a guard, not a speed goal: see bench/)."""


def _open(browser, path, requests):
    page = offline_page(browser, requests)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function(
        "() => window.diplographStatus && window.diplographStatus.stabilized", timeout=LAYOUT_WAIT_MS
    )
    return page, errors


def _node_id(page, iri: str) -> int:
    return page.evaluate("(iri) => window.diplographData.nodes.get({filter: n => n.iri === iri})[0].id", iri)


def _click_node(page, node_id: int) -> None:
    """Bring a node to the middle of the canvas, zoomed in, and click its centre with the mouse, as a person would."""
    point = page.evaluate(
        """(id) => {
            const net = window.diplographNetwork;
            net.focus(id, {scale: 6, animation: false});
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.querySelector('#network canvas').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    print(f"\nscreenshot: {path}")


@pytest.fixture
def seed_page(run_cli, built_store, tmp_path):
    """`diplograph export html states --out states.html` on the seed, as the acceptance test runs it."""
    result = run_cli("export", "html", "states", "--store", f"oxigraph:{built_store.path}", "--out", "states.html")
    assert result.status == 0, result.stderr
    return tmp_path / "states.html"


def test_the_seed_states_page_opens_offline_and_joins_japan_and_peru_by_their_meetings(
    browser, seed_page, built_store, ask
):
    requests: list[str] = []
    page, errors = _open(browser, seed_page, requests)
    assert requests == [] and errors == []
    assert page.evaluate("window.diplographData.nodes.length") == built_store.report.counts["states"]
    assert page.evaluate("window.diplographData.edges.length") == len(ask("pairs-of-states"))
    assert page.locator("#network canvas").count() == 1
    jp, pe = _node_id(page, JP), _node_id(page, PE)
    labels = page.evaluate(
        "([a, b]) => window.diplographData.edges.get({filter: e => (e.from === a && e.to === b) ||"
        " (e.from === b && e.to === a)}).map(e => e.text)",
        [jp, pe],
    )
    assert len(labels) == 1
    assert "Japan–Peru summit meeting, 8 August 2025" in labels[0]
    assert "Japan–Peru summit telephone talk, 19 May 2020" in labels[0]
    _screenshot(page, "seed-states.png")
    page.close()


def test_a_click_on_japan_shows_its_details_and_a_link_to_its_page(browser, seed_page):
    requests: list[str] = []
    page, _ = _open(browser, seed_page, requests)
    _click_node(page, _node_id(page, JP))
    page.wait_for_function("() => window.diplographSelected !== undefined", timeout=10_000)
    assert page.locator("#details .name").text_content() == "Japan"
    assert "weighted degree" in page.locator("#details").text_content()
    assert page.locator("#open-page").get_attribute("href") == JP
    page.fill("#search", "per")
    assert page.locator("#matches button").first.text_content() == "Peru"
    assert requests == []
    page.close()


def test_a_click_on_the_japan_peru_link_lists_their_meetings_with_links_to_their_pages(browser, seed_page):
    requests: list[str] = []
    page, _ = _open(browser, seed_page, requests)
    jp, pe = _node_id(page, JP), _node_id(page, PE)
    point = page.evaluate(
        """([a, b]) => {
            const net = window.diplographNetwork;
            const ends = net.getPositions([a, b]);
            const middle = {x: (ends[a].x + ends[b].x) / 2, y: (ends[a].y + ends[b].y) / 2};
            net.moveTo({position: middle, scale: 4, animation: false});
            const dom = net.canvasToDOM(middle);
            const box = document.querySelector('#network canvas').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        [jp, pe],
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("() => window.diplographSelected !== undefined", timeout=10_000)
    links = page.locator("#details ol li a")
    assert links.count() == 3
    assert links.nth(2).text_content() == "2025-08-08 — Japan–Peru summit meeting, 8 August 2025"
    assert links.nth(2).get_attribute("href") == "https://w3id.org/diplograph/id/meeting/2025-08-08-jp-pe"
    assert requests == []
    page.close()


def test_a_hostile_label_is_shown_as_text_in_the_details_and_the_tooltip(browser, run_cli, tmp_path):
    store = build_hostile_store(tmp_path)
    result = run_cli("export", "html", "meetings", "--store", f"oxigraph:{store}", "--out", "meetings.html")
    assert result.status == 0, result.stderr
    requests: list[str] = []
    page, errors = _open(browser, tmp_path / "meetings.html", requests)
    meeting = _node_id(page, "https://w3id.org/diplograph/id/meeting/2025-08-08-jp-pe")
    _click_node(page, meeting)
    page.wait_for_function("() => window.diplographSelected !== undefined", timeout=10_000)
    assert page.locator("#details .name").text_content() == HOSTILE
    page.mouse.move(1, 1)
    box = page.evaluate(
        """(id) => { const net = window.diplographNetwork;
                     const dom = net.canvasToDOM(net.getPositions([id])[id]);
                     const b = document.querySelector('#network canvas').getBoundingClientRect();
                     return {x: b.left + dom.x, y: b.top + dom.y}; }""",
        meeting,
    )
    page.mouse.move(box["x"], box["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert HOSTILE in tooltip.text_content()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("img").count() == 0 and errors == [] and requests == []
    page.close()


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    generator = load_generator()
    folder = tmp_path_factory.mktemp("large")
    generator.write_store(folder / "store", generator.Sizes(states=150, persons=6000, meetings=4000))
    graph = project(open_backend(f"oxigraph:{folder / 'store'}"), "persons")
    assert graph.number_of_nodes() >= 3000
    path = folder / "persons.html"
    size = write_html(graph, path)
    print(f"\nlarge page: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} links, {size / 1024:,.0f} KB")
    return path, graph


def test_the_same_store_draws_the_same_page_in_every_process(large_page):
    path, _ = large_page
    again = path.with_name("persons-again.html")
    script = (
        "import sys; from diplograph.graphs.projections import project; "
        "from diplograph.graphs.render_html import write_html; from diplograph.store.backends import open_backend; "
        "write_html(project(open_backend(sys.argv[1]), 'persons'), sys.argv[2])"
    )
    # Another string-hash salt than this process's: sets of IRIs come out in another order.
    salt = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    store = f"oxigraph:{path.parent / 'store'}"
    subprocess.run(
        [sys.executable, "-c", script, store, str(again)], env={**os.environ, "PYTHONHASHSEED": salt}, check=True
    )
    assert again.read_bytes() == path.read_bytes()


def test_a_graph_of_3000_persons_opens_laid_out_without_physics_and_answers_a_click(browser, large_page):
    path, graph = large_page
    requests: list[str] = []
    page, errors = _open(browser, path, requests)
    status = page.evaluate("window.diplographStatus")
    print(f"\ndrawn: {status}")
    assert status["iterations"] == 0  # the positions came with the page
    assert page.evaluate("Object.keys(window.diplographNetwork.getPositions()).length") == graph.number_of_nodes()
    assert page.evaluate("window.diplographData.nodes.length") == graph.number_of_nodes()
    assert page.locator("#notice").is_visible() and "strongest" in page.locator("#notice").text_content()
    hub = max(graph, key=lambda n: graph.degree(n, weight="weight"))
    _click_node(page, _node_id(page, hub))
    page.wait_for_function("() => window.diplographSelected !== undefined", timeout=30_000)
    assert page.locator("#details .name").text_content() == graph.nodes[hub]["label"]
    assert requests == [] and errors == []
    _screenshot(page, "large-persons.png")
    page.close()


def test_links_carry_no_labels_until_asked_and_states_are_coloured_by_region_with_a_legend(browser, seed_page):
    requests: list[str] = []
    page, errors = _open(browser, seed_page, requests)
    labelled = "window.diplographData.edges.get({filter: e => !!e.label}).length"
    assert page.evaluate(labelled) == 0
    page.check("#edge-labels")
    assert page.evaluate(labelled) > 0
    legend = page.locator("#legend").text_content()
    assert "Asia" in legend and "Latin America and the Caribbean" in legend
    colours = page.evaluate(
        "(iris) => iris.map(i => window.diplographData.nodes.get({filter: n => n.iri === i})[0].color)", [JP, PE]
    )
    assert colours[0] != colours[1]  # Japan (Asia) and Peru (Latin America) in different colours
    assert requests == [] and errors == []
    page.close()


def test_a_period_before_every_meeting_hides_every_link_and_the_full_period_brings_them_back(browser, seed_page):
    requests: list[str] = []
    page, errors = _open(browser, seed_page, requests)
    before = page.evaluate("window.diplographShown")
    assert before["edges"] > 0
    first = int(page.get_attribute("#year-from", "min"))
    page.fill("#year-to", str(first - 1))
    page.dispatch_event("#year-to", "change")
    assert page.evaluate("window.diplographShown")["edges"] == 0
    page.fill("#year-to", page.get_attribute("#year-to", "max"))
    page.dispatch_event("#year-to", "change")
    assert page.evaluate("window.diplographShown") == before
    page.uncheck("#kinds input[value=meetings]")
    assert page.evaluate("window.diplographShown")["edges"] < before["edges"]
    assert requests == [] and errors == []
    page.close()


def test_in_the_meetings_view_a_period_of_one_year_draws_only_that_years_meetings(
    browser, run_cli, built_store, tmp_path
):
    result = run_cli("export", "html", "meetings", "--store", f"oxigraph:{built_store.path}", "--out", "meetings.html")
    assert result.status == 0, result.stderr
    requests: list[str] = []
    page, errors = _open(browser, tmp_path / "meetings.html", requests)
    before = page.evaluate("window.diplographShown")
    last = page.get_attribute("#year-to", "max")
    page.fill("#year-from", last)
    page.dispatch_event("#year-from", "change")
    shown = page.evaluate("window.diplographShown")
    assert 0 < shown["edges"] < before["edges"]
    years = page.evaluate(
        """() => window.diplographData.edges.get({filter: e => !e.hidden})
                     .flatMap(e => Object.values(e.kinds || {}).flatMap(Object.keys))"""
    )
    assert years and set(years) == {last}
    assert requests == [] and errors == []
    page.close()


def test_the_size_metric_changes_the_sizes_drawn(browser, seed_page):
    requests: list[str] = []
    page, _ = _open(browser, seed_page, requests)
    sizes = "window.diplographData.nodes.get().map(n => n.value).join(',')"
    before = page.evaluate(sizes)
    page.select_option("#size-by", "pagerank")
    assert page.evaluate(sizes) != before
    page.close()


def test_search_zooms_to_the_node_it_finds(browser, seed_page):
    requests: list[str] = []
    page, _ = _open(browser, seed_page, requests)
    scale = page.evaluate("window.diplographNetwork.getScale()")
    page.fill("#search", "Peru")
    page.press("#search", "Enter")
    assert page.locator("#details .name").text_content() == "Peru"
    assert page.evaluate("window.diplographNetwork.getScale()") != scale
    centre = page.evaluate(
        """(id) => { const n = window.diplographNetwork;
                     const p = n.canvasToDOM(n.getPositions([id])[id]);
                     const b = document.querySelector('#network canvas');
                     return [Math.abs(p.x - b.clientWidth / 2), Math.abs(p.y - b.clientHeight / 2)]; }""",
        _node_id(page, PE),
    )
    assert max(centre) < 5
    page.close()


def test_every_label_drawn_or_listed_is_isolated_so_an_override_cannot_reverse_the_next(browser, seed_page):
    requests: list[str] = []
    page, _ = _open(browser, seed_page, requests)
    labels = page.evaluate("window.diplographData.nodes.get().map(n => n.label)")
    assert labels and all(text.startswith("\u2068") and text.endswith("\u2069") for text in labels)
    page.fill("#search", "a")
    styles = page.evaluate(
        "() => [...document.querySelectorAll('#matches button, #legend span')]"
        ".map(e => getComputedStyle(e).unicodeBidi)"
    )
    assert styles and set(styles) == {"isolate"}
    page.close()


def test_a_link_of_twelve_meetings_lists_its_ten_latest_in_its_tooltip(browser, tmp_path):
    import networkx as nx

    from diplograph.graphs.render_html import isolate

    graph = nx.Graph(view="states")
    for iri, code in ((JP, "JP"), (PE, "PE")):
        graph.add_node(iri, iri=iri, label=code, kind="state", code=code, meetings=12)
    meetings = [
        {"iri": f"https://w3id.org/diplograph/id/meeting/m{n}", "date": f"{2000 + n}-05-01", "label": f"talks {n}"}
        for n in range(1, 13)
    ]
    graph.add_edge(
        JP, PE, weight=12, meetings=12, label="12 meetings, latest: talks 12", meeting_list=meetings, years={}
    )
    write_html(graph, tmp_path / "link.html")
    requests: list[str] = []
    page, errors = _open(browser, tmp_path / "link.html", requests)
    lines = page.evaluate("window.diplographData.edges.get()[0].title").split("\n")
    assert lines[1] == isolate("12 meetings, latest: talks 12")
    assert lines[2:] == [isolate(f"{2000 + n}-05-01 talks {n}") for n in range(3, 13)]
    assert errors == [] and requests == []
    page.close()
