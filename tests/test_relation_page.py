"""Does the server answer a page per pair of states, with its timeline, and refuse a pair that is not one?"""

from __future__ import annotations

import httpx
from browser import offline_page


def test_the_server_shows_japan_and_peru_met_in_2025_on_their_relation_page(ld_server, browser):
    requests: list[str] = []
    page = offline_page(browser, requests)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(ld_server.url + "relation/PE-JP")
    assert "Japan" in page.locator("h1").inner_text() and "Peru" in page.locator("h1").inner_text()
    assert any("2025" in t for t in page.locator("svg.chart rect title").all_text_contents())
    page.locator("section#items a", has_text="8 August 2025").first.click()
    page.wait_for_url("**/id/meeting/**")
    assert requests == [] and errors == []
    page.close()


def test_a_relation_of_a_made_up_state_is_not_found(ld_server):
    answer = httpx.get(ld_server.url + "relation/JP-QQ", timeout=60)
    assert answer.status_code == 404
    assert "ISO codes" in answer.text


def test_the_served_map_links_the_japan_peru_arc_to_their_relation_page(ld_server, browser):
    requests: list[str] = []
    page = offline_page(browser, requests)
    page.goto(ld_server.url + "map")
    page.wait_for_function("() => window.diplographStatus && window.diplographStatus.stabilized")
    arc = page.locator("path.link", has=page.locator("title", has_text="Japan")).filter(
        has=page.locator("title", has_text="Peru")
    )
    arc.first.dispatch_event("click")
    page.locator("#open-relation").click()
    page.wait_for_url("**/relation/JP-PE")
    assert "Japan" in page.locator("h1").inner_text()
    assert requests == []
    page.close()


def test_the_server_lists_the_meetings_of_2025_and_refuses_a_year_that_is_not_one(ld_server):
    answer = httpx.get(ld_server.url + "meetings/2025", timeout=60)
    assert answer.status_code == 200 and "Japan–Peru summit meeting, 8 August 2025" in answer.text
    years = httpx.get(ld_server.url + "meetings", timeout=60)
    assert 'href="meetings/2025"' in years.text
    assert httpx.get(ld_server.url + "meetings/20x5", timeout=60).status_code == 404
    assert httpx.get(ld_server.url + "assets/filter.js", timeout=60).status_code == 200


def _timeline(page) -> None:
    page.wait_for_function("() => !!window.diplographTimeline && document.querySelectorAll('.vis-item').length > 0")


def test_the_japan_peru_timeline_draws_their_meetings_and_filters_by_kind_and_years(ld_server, browser):
    requests: list[str] = []
    page = offline_page(browser, requests)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.set_viewport_size({"width": 1300, "height": 1000})
    page.goto(ld_server.url + "relation/JP-PE")
    _timeline(page)
    page.wait_for_function("() => getComputedStyle(document.querySelector('.vis-timeline')).visibility === 'visible'")
    assert page.locator(".vis-item.vis-box").first.bounding_box()["width"] > 20  # boxes with their names
    data = page.evaluate("JSON.parse(document.getElementById('timeline-data').textContent)")
    groups = {item["group"] for item in data["items"]}
    assert {"meeting", "instrument"} <= groups
    meetings = [item for item in data["items"] if item["group"] == "meeting"]
    assert any(item["start"].startswith("2025-08-08") for item in meetings)
    drawn = int(page.locator("#timeline").get_attribute("data-drawn"))
    assert drawn == len(data["items"])
    page.locator("#timeline-controls input[value=instrument]").uncheck()
    page.wait_for_function(f"() => Number(document.getElementById('timeline').dataset.drawn) < {drawn}")
    assert int(page.locator("#timeline").get_attribute("data-drawn")) == drawn - sum(
        1 for item in data["items"] if item["group"] == "instrument"
    )
    assert page.locator(".vis-item.instrument").count() == 0
    page.locator("#timeline-controls input[name=from]").fill("2025")
    page.locator("#timeline-controls input[name=from]").dispatch_event("change")
    in_2025 = sum(1 for item in data["items"] if item["group"] != "instrument" and item["start"] >= "2025")
    page.wait_for_function(f"() => Number(document.getElementById('timeline').dataset.drawn) === {in_2025}")
    visible = page.locator(".vis-item").all_inner_texts()
    assert visible and all("2024" not in text for text in visible)
    assert requests == [] and errors == []
    page.close()


def test_a_click_on_the_timeline_shows_the_meeting_and_links_its_page(ld_server, browser):
    requests: list[str] = []
    page = offline_page(browser, requests)
    page.set_viewport_size({"width": 1300, "height": 1000})
    page.goto(ld_server.url + "relation/JP-PE")
    _timeline(page)
    page.locator("#timeline-controls input[name=from]").fill("2025")
    page.locator("#timeline-controls input[name=from]").dispatch_event("change")
    page.locator(".vis-item", has_text="8 August 2025").first.click()
    details = page.locator("#timeline-details")
    assert "2025-08-08" in details.inner_text()
    details.locator("a").click()
    page.wait_for_url("**/id/meeting/2025-08-08-jp-pe**")
    assert requests == []
    page.close()
