"""Does the served query page give a real editor (YASGUI, vendored) that runs the examples and shows errors?"""

from __future__ import annotations

import pytest
from browser import offline_page


@pytest.fixture
def editor(ld_server, browser):
    requests: list[str] = []
    page = offline_page(browser, requests)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1300, "height": 1000})
    page.goto(ld_server.url + "sparql")
    page.wait_for_function("() => !!window.diplographYasgui")
    yield page, requests, errors
    page.close()


def test_the_query_page_opens_yasgui_pointed_at_this_endpoint_with_the_prefixes_set(editor, ld_server):
    page, requests, errors = editor
    assert page.locator(".yasqe .CodeMirror").count() == 1
    assert page.evaluate("window.diplographYasgui.getTab().getEndpoint()") == ld_server.url + "sparql"
    assert "PREFIX dg:" in page.evaluate("window.diplographYasgui.getTab().getQuery()")
    assert page.locator("#query-form").is_hidden()
    assert requests == [] and errors == []


def test_a_catalogue_example_runs_and_its_results_are_in_a_sortable_table(editor):
    page, requests, errors = editor
    page.locator("a.example", has_text="between").first.click()
    page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=60_000)
    assert page.locator(".yasr table.dataTable tbody tr").count() >= 1
    column = "() => [...document.querySelectorAll('.yasr table.dataTable tbody tr')].map(r => r.cells[1].innerText)"
    orders = []
    for _ in range(4):  # a sortable header cycles through ascending and descending order
        page.locator(".yasr table.dataTable thead th").nth(1).click()
        page.wait_for_timeout(700)  # the table redraws after the click
        orders.append(page.evaluate(column))
    ascending = sorted(orders[0], key=str.casefold)
    assert ascending in orders and ascending[::-1] in orders
    assert requests == [] and errors == []


def test_a_malformed_query_shows_the_error_on_the_page(editor):
    page, requests, _ = editor
    page.evaluate(
        "() => { const tab = window.diplographYasgui.getTab(); tab.setQuery('SELECT * WHERE { ?s ?p'); tab.query(); }"
    )
    page.wait_for_function(
        "() => /error|400|erreur/i.test(document.querySelector('.yasr').innerText + "
        "document.getElementById('yasgui-error').innerText)",
        timeout=60_000,
    )
    assert requests == []
