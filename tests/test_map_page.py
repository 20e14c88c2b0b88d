"""Does `diplograph export html map` draw offline, filter what it draws, open a relation, and keep labels as text?"""

from __future__ import annotations

import subprocess
import sys

import pytest
from browser import offline_page
from graph_helpers import HOSTILE, build_hostile_store


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory):
    """`diplograph export html map` on the seed whose Japan–Peru summit has a hostile label."""
    folder = tmp_path_factory.mktemp("map")
    store = build_hostile_store(folder)
    command = [sys.executable, "-m", "diplograph.cli", "export", "html", "map", "--store", f"oxigraph:{store}"]
    done = subprocess.run([*command, "--out", str(folder / "map.html")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder / "map.html"


def _open(browser, path, requests):
    page = offline_page(browser, requests)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.diplographStatus && window.diplographStatus.stabilized")
    return page, errors


def test_the_map_draws_japan_and_peru_and_an_arc_between_them_offline(browser, hostile_map):
    requests: list[str] = []
    page, errors = _open(browser, hostile_map, requests)
    assert page.locator("path.country").count() > 150
    assert page.locator("circle.state[data-code=JP]").count() == 1
    assert page.locator("circle.state[data-code=PE]").count() == 1
    assert page.locator("path.link").count() >= 1
    assert requests == [] and errors == []
    page.close()


def test_a_period_before_every_meeting_leaves_no_arc(browser, hostile_map):
    requests: list[str] = []
    page, _ = _open(browser, hostile_map, requests)
    assert page.evaluate("window.diplographShown.links") > 0
    first = int(page.get_attribute("#year-from", "min"))
    page.fill("#year-to", str(first - 1))
    page.dispatch_event("#year-to", "change")
    assert page.evaluate("window.diplographShown.links") == 0
    assert page.locator("path.link").count() == 0
    page.close()


def test_a_click_on_the_japan_peru_arc_shows_its_meetings_and_the_hostile_label_as_text(browser, hostile_map):
    requests: list[str] = []
    page, errors = _open(browser, hostile_map, requests)
    arc = page.locator("path.link", has=page.locator("title", has_text="Japan")).filter(
        has=page.locator("title", has_text="Peru")
    )
    arc.first.dispatch_event("click")
    assert "Japan" in page.locator("#details .name").text_content()
    assert "Peru" in page.locator("#details .name").text_content()
    assert HOSTILE in page.locator("#details").text_content()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("img").count() == 0 and errors == [] and requests == []
    page.close()


def test_the_japan_peru_arc_crosses_the_pacific_not_the_atlantic(browser, hostile_map):
    requests: list[str] = []
    page, _ = _open(browser, hostile_map, requests)
    arc = page.locator("path.link", has=page.locator("title", has_text="Japan")).filter(
        has=page.locator("title", has_text="Peru")
    )
    japan, peru = (float(page.get_attribute(f"circle.state[data-code={code}]", "cx")) for code in ("JP", "PE"))
    width = page.evaluate("document.getElementById('svg').viewBox.baseVal.width")
    assert abs(japan - peru) > width / 2  # Tokyo and Lima: more than half the world apart on the map
    halves = [part for part in arc.first.get_attribute("d").split("M") if part]
    assert len(halves) == 2  # one leaving the map at the edge, one coming in at the other
    for half in halves:
        start, end = half.split("Q")[0], half.split(" ")[-1]
        start_x, end_x = float(start.split(",")[0]), float(end.split(",")[0])
        assert abs(end_x - start_x) < width / 2
        assert min(start_x, end_x) < 0 or max(start_x, end_x) > width  # it crosses an edge of the map
    page.close()
