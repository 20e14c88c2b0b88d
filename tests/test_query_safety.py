"""Queries are safe on every store: no outbound request, no update, and a runaway query is stopped."""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import (  # noqa: F401
    load_built_store,
    loaded_oxigraph_server,
    loaded_virtuoso,
    oxigraph_server,
    run_oxigraph_server,
    virtuoso_server,
)

from diplograph.store.backends import open_backend
from diplograph.store.sparql import QueryRefused, QueryTimeout

STORES = ["memory", "oxigraph", "oxigraph-server", "virtuoso"]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""A cross product of all the triples, four times over: hours of work on any engine."""


@pytest.fixture
def store_spec(request, built_store):
    """The --store value of each kind of store, all holding the session's build."""

    def spec(name: str) -> str:
        if name == "memory":
            return f"memory:{built_store.dumps / 'diplograph.nq'}"
        if name == "oxigraph":
            return f"oxigraph:{built_store.path}"
        server = "loaded_oxigraph_server" if name == "oxigraph-server" else "loaded_virtuoso"
        return request.getfixturevalue(server).store_spec

    return spec


@pytest.fixture(scope="module")
def runaway_oxigraph_server(tmp_path_factory: pytest.TempPathFactory, built_store):
    """An Oxigraph server of its own for the runaway queries, stopped when this module ends.

    `oxigraph serve` goes on computing a query after its client has given up; on the session's server
    the two runaway queries would take a core from every test that runs after them.
    """
    with run_oxigraph_server(tmp_path_factory.mktemp("runaway-oxigraph-server")) as server:
        yield load_built_store(server, built_store)


@pytest.fixture
def runaway_store_spec(request, store_spec):
    """The --store value of each kind of store, with the Oxigraph server the runaway queries may keep busy."""

    def spec(name: str) -> str:
        if name == "oxigraph-server":
            return request.getfixturevalue("runaway_oxigraph_server").store_spec
        return store_spec(name)

    return spec


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    """A TCP listener on 127.0.0.1 that a query must never connect to."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock, sock.getsockname()[1]


def heard_anything(sock: socket.socket) -> bool:
    """Whether a connection is waiting on the listener (a short wait lets a late one arrive)."""
    readable, _, _ = select.select([sock], [], [], 0.5)
    return bool(readable)


def outbound_queries(port: int) -> dict[str, str]:
    """Queries that would reach http://127.0.0.1:PORT/ if they were run."""
    url = f"http://127.0.0.1:{port}/"
    return {
        "service": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "silent service": f"SELECT * WHERE {{ ?x ?y ?z . SERVICE SILENT <{url}sparql> {{ ?s ?p ?o }} }} LIMIT 1",
        "from": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "from named": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "load": f"LOAD <{url}>",
    }


@pytest.mark.parametrize("store", STORES)
def test_a_query_that_would_call_out_is_refused_and_the_listener_hears_nothing(store, store_spec, listener):
    sock, port = listener
    backend = open_backend(store_spec(store))
    try:
        for kind, text in outbound_queries(port).items():
            with pytest.raises(QueryRefused):
                backend.query(text)
            assert not heard_anything(sock), f"{kind} reached the listener on {store}"
    finally:
        backend.close()


def test_the_command_refuses_service_and_the_listener_hears_nothing(run_cli, built_store, listener, tmp_path):
    sock, port = listener
    query = tmp_path / "outbound.rq"
    query.write_text(f"# title: outbound\n{outbound_queries(port)['service']}\n")
    result = run_cli("query", str(query), "--store", f"oxigraph:{built_store.path}")
    assert result.status == 1
    assert "SERVICE is refused" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not heard_anything(sock)


@pytest.mark.parametrize("store", STORES)
def test_an_update_is_never_run_from_query(store, store_spec):
    backend = open_backend(store_spec(store))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    try:
        before = backend.query(count).rows
        for update in (
            "INSERT DATA { GRAPH <graph/extra> { <id/x> <id/y> <id/z> } }",
            "DELETE WHERE { ?s ?p ?o }",
            "DROP ALL",
        ):
            with pytest.raises(QueryRefused, match="never changes the store"):
                backend.query(update)
        assert backend.query(count).rows == before
    finally:
        backend.close()


@pytest.mark.parametrize("store", STORES)
def test_a_runaway_query_is_stopped_by_the_timeout_and_the_store_still_answers(store, runaway_store_spec):
    backend = open_backend(runaway_store_spec(store))
    try:
        # Warm up first, so that the time limit measures the query and not the start of a worker.
        assert backend.query("ASK { ?s ?p ?o }").boolean is True
        with pytest.raises(QueryTimeout, match="ran longer than 2 s and was stopped"):
            backend.query(SLOW, timeout=2)
        assert backend.query("ASK { ?s ?p ?o }").boolean is True
    finally:
        backend.close()


@pytest.mark.parametrize("store", STORES)
def test_the_command_stops_a_runaway_query_with_a_clear_message(store, runaway_store_spec, run_cli, tmp_path: Path):
    query = tmp_path / "slow.rq"
    query.write_text(f"# title: a cross product of everything\n{SLOW}\n")
    result = run_cli("query", str(query), "--store", runaway_store_spec(store), "--timeout", "2")
    assert result.status == 1
    assert result.stderr.startswith("error: the query ran longer than 2 s and was stopped")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_timeout_must_be_a_positive_number(run_cli, built_store):
    result = run_cli("query", "diaspora", "--store", f"oxigraph:{built_store.path}", "--timeout", "0")
    assert result.status == 1 and "positive number of seconds" in result.stderr
