"""What `diplograph query` tells a newcomer who types a slug, a wrong day, an own query file, or wants the text."""

from __future__ import annotations

from pathlib import Path

from diplograph.store.catalogue import find_query


def _store(built_store) -> str:
    return f"oxigraph:{built_store.path}"


def test_a_bare_slug_names_the_person_of_a_person_parameter(run_cli, built_store):
    done = run_cli(
        "query", "meetings-of-person", "-p", "person=ishiba-shigeru", "-f", "csv", "--store", _store(built_store)
    )
    assert done.status == 0, done.stderr
    assert "/id/meeting/2025-08-08-jp-pe" in done.stdout


def test_an_unknown_person_is_named_with_the_nearest_persons(run_cli, built_store):
    done = run_cli("query", "meetings-of-person", "-p", "person=ishiba", "--store", _store(built_store))
    assert done.status == 1
    assert "id/person/ishiba" in done.stderr and "did you mean person/ishiba-shigeru" in done.stderr


def test_the_30th_of_february_is_no_such_date_not_a_malformed_one(run_cli, built_store):
    done = run_cli(
        "query", "office-holder", "-p", "date=2025-02-30", "-p", "country=JP", "--store", _store(built_store)
    )
    assert done.status == 1
    assert "no such date 2025-02-30" in done.stderr and "February 2025 has 28 days" in done.stderr
    assert "malformed" not in done.stderr


def test_explain_prints_the_query_unwrapped_so_it_can_be_run_again(run_cli, built_store):
    query = find_query("meetings-between")
    done = run_cli(
        "query", "meetings-between", "-p", "country1=JP", "-p", "country2=PE", "--explain", "-f", "csv",
        "--store", _store(built_store),
    )  # fmt: skip
    assert done.status == 0, done.stderr
    assert query.sparql in done.stdout
    assert any(len(line) > 80 for line in query.sparql.splitlines()), "the check needs a line longer than 80 columns"


def test_a_query_file_of_ones_own_needs_no_title_header(run_cli, built_store, tmp_path: Path):
    own = tmp_path / "count.rq"
    own.write_text("SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    done = run_cli("query", str(own), "-f", "csv", "--store", _store(built_store))
    assert done.status == 0, done.stderr
    assert done.stdout.splitlines()[0] == "triples" and int(done.stdout.splitlines()[1]) > 1000
