"""Can a user export a view as a page that needs no network, and as files for Gephi, Cytoscape, D3 and reports?"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from graph_helpers import HOSTILE, build_hostile_store

from diplograph.graphs.render_html import render_html, script_json

EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)""", re.IGNORECASE)
"""An attribute that loads or links anything not in the page itself (a scheme or a protocol-relative URL)."""


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    return build_hostile_store(tmp_path_factory.mktemp("hostile"))


def test_the_states_page_of_the_seed_has_no_external_src_or_href(run_cli, built_store, ask, tmp_path):
    result = run_cli("export", "html", "states", "--store", f"oxigraph:{built_store.path}", "--out", "states.html")
    assert result.status == 0, result.stderr
    assert f"{built_store.report.counts['states']} nodes, {len(ask('pairs-of-states'))} links" in result.stdout
    page = (tmp_path / "states.html").read_text(encoding="utf-8")
    assert EXTERNAL.findall(page) == []
    assert "jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page.lower()
    assert "Japan–Peru summit meeting, 8 August 2025" in page
    print(f"\nseed states page: {len(page.encode()) / 1024:.0f} KB")


def test_a_hostile_label_is_written_as_json_that_cannot_leave_its_script_element(run_cli, hostile_store, tmp_path):
    result = run_cli("export", "html", "meetings", "--store", f"oxigraph:{hostile_store}", "--out", "m.html")
    assert result.status == 0, result.stderr
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert HOSTILE not in page and "<img src=x" not in page and "window.pwned" in page
    assert page.count("</script>") == 3  # the data, vis-network and the page's own script: none ends early
    block = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    labels = {node["name"] for node in json.loads(block)["nodes"]}  # "label" is the same text, isolated
    assert HOSTILE in labels


def test_script_json_escapes_every_character_that_could_end_a_script():
    text = script_json({"label": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"label": "</script><!-- & \u2028"}


def test_above_the_edge_limit_the_page_keeps_the_strongest_links_and_says_so():
    graph = nx.Graph(view="states", filters="all meetings")
    for i in range(30):
        graph.add_edge(f"s{i}", f"s{i + 1}", weight=i, label=f"{i} meetings")
    page = render_html(graph, max_edges=10)
    data = json.loads(re.search(r'type="application/json">(.*?)</script>', page, re.S).group(1))
    assert sorted(edge["value"] for edge in data["edges"]) == [float(w) for w in range(20, 30)]
    assert "Showing the 10 strongest of 30 links" in page


def test_when_every_link_counts_once_the_meetings_view_keeps_the_latest_meetings_and_says_so():
    graph = nx.Graph(view="meetings", filters="all meetings")
    for year in range(2000, 2030):
        meeting = f"m{year}"
        graph.add_node(meeting, kind="meeting", date=f"{year}-05-01", label=f"Meeting {year}")
        for person in ("a", "b"):
            graph.add_edge(meeting, f"{person}{year % 3}", weight=1, relation="person")
    page = render_html(graph, max_edges=20)
    data = json.loads(re.search(r'type="application/json">(.*?)</script>', page, re.S).group(1))
    names = {node["id"]: node["name"] for node in data["nodes"]}
    kept = {names[end] for edge in data["edges"] for end in (edge["from"], edge["to"])}
    assert {name for name in kept if name.startswith("Meeting")} == {f"Meeting {year}" for year in range(2020, 2030)}
    assert "Showing 20 of 60 links: every link here counts once, so those of the latest meetings are kept" in page
    assert "strongest" not in page


@pytest.mark.parametrize("output_format", ["graphml", "gexf", "json", "png", "svg"])
def test_the_states_view_exports_for_other_tools(run_cli, built_store, ask, tmp_path, output_format):
    out = tmp_path / f"states.{output_format}"
    result = run_cli("export", output_format, "states", "--store", f"oxigraph:{built_store.path}", "--out", str(out))
    assert result.status == 0, result.stderr
    data = out.read_bytes()
    states, pairs = built_store.report.counts["states"], len(ask("pairs-of-states"))
    if output_format == "graphml":
        graph = nx.read_graphml(out)
        assert graph.number_of_nodes() == states and graph.number_of_edges() == pairs
        jp_pe = graph.edges["https://w3id.org/diplograph/id/state/JP", "https://w3id.org/diplograph/id/state/PE"]
        assert jp_pe["meetings"] == 3 and "8 August 2025" in jp_pe["label"]
    elif output_format == "gexf":
        assert nx.read_gexf(out).number_of_nodes() == states
    elif output_format == "json":
        d3 = json.loads(data)
        assert len(d3["nodes"]) == states and len(d3["links"]) == pairs
        assert {"source", "target", "weight"} <= set(d3["links"][0])
    elif output_format == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert ET.fromstring(data).tag.endswith("svg")


def test_analyze_prints_the_metrics_of_the_states_as_json(run_cli, built_store, ask):
    result = run_cli("analyze", "states", "--format", "json", "--store", f"oxigraph:{built_store.path}")
    assert result.status == 0, result.stderr
    rows = {row["label"]: row for row in json.loads(result.stdout)["rows"]}
    assert rows["Japan"]["degree"] == len(ask("pairs-of-states", country="JP"))
    assert rows["Peru"]["weighted_degree"] == 7.0
    series = run_cli("analyze", "states", "--series", "--format", "csv", "--store", f"oxigraph:{built_store.path}")
    assert "Japan,Peru,2025,1" in series.stdout


def test_an_unknown_state_is_one_line_of_error_and_status_1(run_cli, built_store):
    result = run_cli("analyze", "states", "--state", "XX", "--store", f"oxigraph:{built_store.path}")
    assert result.status == 1
    assert "unknown country code 'XX'" in result.stderr and "Traceback" not in result.stderr
