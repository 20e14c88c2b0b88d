"""The catalogue questions of the foundation, asked through the `diplograph query` command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from diplograph.store.catalogue import catalogue


@pytest.fixture
def ask(run_cli, built_store):
    """Run `diplograph query` on the session's built store and read its CSV answer."""

    def query(name: str, **params: str) -> list[dict[str, str]]:
        args = ["query", name, "--format", "csv", "--store", f"oxigraph:{built_store.path}"]
        for key, value in params.items():
            args += ["--param", f"{key}={value}"]
        result = run_cli(*args)
        assert result.status == 0, result.stderr
        return list(csv.DictReader(io.StringIO(result.stdout)))

    return query


def test_meetings_between_japan_and_peru_lists_the_8_august_2025_summit(ask):
    rows = ask("meetings-between", country1="JP", country2="PE")
    summit = [r for r in rows if r["date"] == "2025-08-08"]
    assert len(summit) == 1
    assert summit[0]["start"] == "2025-08-08T11:45:00+09:00"
    assert summit[0]["duration"] == "PT45M" and summit[0]["approximate"] == "true"
    assert summit[0]["format"] == "in person"
    assert summit[0]["meeting"].endswith("/id/meeting/2025-08-08-jp-pe")


def test_the_order_of_the_two_countries_does_not_matter(ask):
    assert ask("meetings-between", country1="PE", country2="JP") == ask(
        "meetings-between", country1="JP", country2="PE"
    )


def test_agreements_between_japan_and_peru_include_the_new_and_the_earlier_instruments(ask):
    rows = {r["title"]: r for r in ask("agreements-between", country1="JP", country2="PE")}
    assert rows["Memorandum of Cooperation on tourism between Japan and Peru"]["date"] == "2025-08-08"
    assert rows["Exchange of notes on the provision of fire trucks and tank trucks"]["kind"] == "exchange of notes"
    road_map = "Road Map to Strengthen the Strategic Partnership between Japan and the Republic of Peru [2024-2033]"
    assert rows[road_map]["date"] == "2024-11"
    defence = "Memorandum between the defence authorities of Japan and Peru (November 2024)"
    assert rows[defence]["kind"] == "memorandum of cooperation"


def test_requests_show_ishibas_request_on_abductions_and_perus_support(ask):
    rows = [r for r in ask("requests") if "abductions issue" in r["topics"]]
    assert len(rows) == 1
    assert rows[0]["speaker"] == "ISHIBA Shigeru" and rows[0]["addressee"] == "Peru"
    assert rows[0]["answerAct"] == "expressed support" and rows[0]["answeredBy"] == "Peru"


def test_participants_of_the_summit_are_ishiba_and_boluarte_in_their_capacities(ask):
    rows = ask("participants", meeting="meeting/2025-08-08-jp-pe")
    assert {(r["name"], r["capacity"], r["role"]) for r in rows} == {
        ("ISHIBA Shigeru", "Prime Minister of Japan", "host"),
        ("Dina Ercilia BOLUARTE ZEGARRA", "President of the Republic of Peru", "guest"),
    }


def test_side_events_of_the_summit_are_the_ceremony_press_conference_and_lunch_in_order(ask):
    rows = ask("side-events", meeting="meeting/2025-08-08-jp-pe")
    kinds = [r["kind"] for r in rows]
    assert sorted(kinds) == ["press conference", "signing or exchange ceremony", "working meal"]
    ceremony = next(r for r in rows if r["kind"] == "signing or exchange ceremony")
    assert "tourism" in ceremony["instruments"] and "fire trucks" in ceremony["instruments"]
    lunch = next(r for r in rows if r["kind"] == "working meal")
    assert lunch["start"] == "2025-08-08T12:55:00+09:00" and lunch["duration"] == "PT50M"


def test_topics_between_japan_and_peru_include_the_abductions_issue_under_north_korea(ask):
    rows = {r["label"]: r for r in ask("topics-between", country1="JP", country2="PE")}
    assert rows["abductions issue"]["broader"] == "North Korea"
    assert {"tourism", "Ukraine", "Middle East", "EXPO 2025 Osaka, Kansai"} <= set(rows)


def test_relations_since_1873_were_152_years_old_at_the_2025_summit(ask):
    rows = [r for r in ask("relations-since", country1="JP", country2="PE") if r["date"] == "2025-08-08"]
    assert rows == [{"meeting": rows[0]["meeting"], "date": "2025-08-08", "established": "1873", "years": "152"}]


def test_the_president_of_peru_on_8_august_2025_was_boluarte(ask):
    rows = ask("office-holder", country="PE", office="president", date="2025-08-08")
    assert [r["name"] for r in rows] == ["Dina Ercilia BOLUARTE ZEGARRA"]


def test_the_prime_minister_of_japan_on_8_august_2025_was_ishiba(ask):
    rows = ask("office-holder", post="post/jp-prime-minister", date="2025-08-08")
    assert [r["name"] for r in rows] == ["ISHIBA Shigeru"]


def test_the_nikkei_of_peru_number_about_250000_per_the_2025_readout(ask):
    rows = [r for r in ask("diaspora", country="PE") if r["origin"] == "Japan"]
    assert rows[0]["size"] == "250000" and rows[0]["approximate"] == "true" and rows[0]["asOf"] == "2025-08-08"


def test_the_source_of_the_nikkei_figure_is_the_french_readout_in_its_data_file(ask):
    rows = ask("sources", resource="diaspora/jp-in-pe")
    assert len(rows) == 1
    assert rows[0]["language"] == "fr" and rows[0]["status"] == "provisional translation"
    assert rows[0]["file"] == "data/meetings/2025-08-08-jp-pe.ttl"


def test_query_list_shows_every_catalogue_query_with_its_title(run_cli):
    result = run_cli("query", "--list")
    assert result.status == 0
    for query in catalogue().values():
        assert f"{query.name}  {query.title}" in result.stdout


def test_json_output_follows_the_sparql_results_format(run_cli, built_store):
    result = run_cli(
        "query",
        "meetings-between",
        "-p",
        "country1=JP",
        "-p",
        "country2=PE",
        "--format",
        "json",
        "--store",
        f"oxigraph:{built_store.path}",
    )
    document = json.loads(result.stdout)
    assert "meeting" in document["head"]["vars"]
    date = next(b["date"] for b in document["results"]["bindings"] if b["date"]["value"] == "2025-08-08")
    assert date["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_an_unknown_parameter_is_a_one_line_error_listing_the_parameters(run_cli, built_store):
    result = run_cli("query", "meetings-between", "-p", "country=JP", "--store", f"oxigraph:{built_store.path}")
    assert result.status == 1
    assert "has no parameter country; its parameters: country1 (state), country2 (state)" in result.stderr


def test_an_unknown_country_code_is_refused(run_cli, built_store):
    result = run_cli(
        "query", "meetings-between", "-p", "country1=JP", "-p", "country2=XX", "--store", f"oxigraph:{built_store.path}"
    )
    assert result.status == 1 and "unknown country code 'XX'" in result.stderr


def test_a_malformed_date_is_refused(run_cli, built_store):
    result = run_cli("query", "office-holder", "-p", "date=2025-8-40", "--store", f"oxigraph:{built_store.path}")
    assert result.status == 1 and "malformed date '2025-8-40'" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_a_well_written_date_that_does_not_exist_is_named_so(run_cli, built_store):
    result = run_cli("query", "office-holder", "-p", "date=2025-13-40", "--store", f"oxigraph:{built_store.path}")
    assert result.status == 1 and "no such date 2025-13-40" in result.stderr and "no month 13" in result.stderr


def test_a_parameter_cannot_inject_sparql(run_cli, built_store):
    hostile = 'president") } } SELECT * WHERE { ?s ?p ?o } #'
    result = run_cli(
        "query",
        "office-holder",
        "-p",
        "date=2025-08-08",
        "-p",
        "country=PE",
        "-p",
        f"office={hostile}",
        "--format",
        "csv",
        "--store",
        f"oxigraph:{built_store.path}",
    )
    assert result.status == 0
    assert result.stdout.strip().splitlines() == ["post,title,holder,name,start,end"]


def test_limit_and_offset_page_through_the_pairs_of_persons_in_the_same_order(run_cli, built_store):
    def rows(*extra: str) -> list[dict[str, str]]:
        store = f"oxigraph:{built_store.path}"
        result = run_cli("query", "pairs-of-persons", "--format", "csv", "--store", store, *extra)
        assert result.status == 0, result.stderr
        return list(csv.DictReader(io.StringIO(result.stdout)))

    everything = rows()
    assert len(everything) > 4
    assert rows("--limit", "2") == everything[:2]
    assert rows("--limit", "2", "--offset", "2") == everything[2:4]
    assert rows("--offset", "3") == everything[3:]


def test_a_fast_query_answered_in_process_gives_the_rows_the_worker_gave(built_store):
    from diplograph.store.backends import open_backend

    query = catalogue()["meetings-between"]
    bindings = query.bindings({"country1": "JP", "country2": "PE"})
    backend = open_backend(f"oxigraph:{built_store.path}")
    try:
        by_worker = backend.query(query.sparql, bindings)
        assert backend._store is None, "the first run of a query text goes to the worker"
        in_process = backend.query(query.sparql, bindings)
        assert backend._store is not None, "a query text known to be fast is answered in this process"
    finally:
        backend.close()
    assert by_worker.variables == in_process.variables
    assert by_worker.rows == in_process.rows and by_worker.rows
