"""Does the server answer many clients fast, and stay right while it does?

The linked-data server keeps the answers it has given (the store is read-only while served) and
revalidates them by entity tag; `--no-cache` makes every answer afresh. Users' queries run in a
pool of worker processes, each killed at the time limit without stopping the others.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time

import httpx
import pytest
from ld_server import BASE, SEED, running_server
from starlette.responses import Response

from diplograph.publish.response_cache import KEEP_MAKING, ResponseCache, matches, store_identity
from diplograph.publish.server import make_app
from diplograph.store.backends import LocalWorker, WorkerPool, open_backend
from diplograph.store.location import StoreSpec
from diplograph.store.sparql import QueryTimeout

JSON = "application/sparql-results+json"
MEETINGS = (
    "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
    "SELECT ?meeting ?date WHERE { ?meeting a dg:Meeting ; dg:date ?date } ORDER BY ?date ?meeting"
)
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A cross product of the store with itself, three times: it never ends in the time a test allows."""
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u }"
"""Every pair of typed resources: finite, and long enough for eight clients to ask at once."""


def ask(n: int) -> str:
    """A quick query whose text differs with `n` (so that no two are the same request)."""
    return f"ASK {{ <{SEED}> ?p ?o FILTER({n} >= 0) }}"


@pytest.fixture(scope="module")
def uncached_server(built_store, tmp_path_factory):
    """`diplograph serve --no-cache`: every answer made afresh."""
    with running_server(built_store.path, tmp_path_factory.mktemp("uncached"), "--no-cache") as server:
        yield server


def in_own_loop(work):
    """Run a coroutine function on an event loop of its own thread (the browser tests leave one running here)."""
    done: list = []
    thread = threading.Thread(target=lambda: done.append(asyncio.run(work())))
    thread.start()
    thread.join()
    return done[0]


def asked(application, *requests: tuple[str, str, dict]) -> list[httpx.Response]:
    """Send requests one after another to the application running in this process."""

    async def send() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=120) as client:
            return [await client.request(method, url, **options) for method, url, options in requests]

    return in_own_loop(send)


@pytest.fixture
def app(built_store):
    """The server's application in this process (its response cache can be looked at), closed afterwards."""
    made = []

    def make(**options):
        application = make_app(f"oxigraph:{built_store.path}", BASE, **options)
        made.append(application)
        return application

    yield make
    for application in made:
        application.state.site.reader.close()


def test_a_repeated_query_is_answered_from_the_cache_with_the_same_body(app):
    application = app()
    responses = application.state.site.responses
    query = {"params": {"query": MEETINGS}, "headers": {"Accept": JSON}}
    first, second, by_post = asked(
        application,
        ("GET", "/sparql", query),
        ("GET", "/sparql", query),
        ("POST", "/sparql", {"data": {"query": MEETINGS}, "headers": {"Accept": JSON}}),
    )
    assert first.status_code == second.status_code == by_post.status_code == 200
    assert first.content == second.content == by_post.content
    assert len(first.json()["results"]["bindings"]) >= 11
    assert (responses.misses, responses.hits) == (1, 2)
    assert first.headers["etag"] == second.headers["etag"]
    assert "etag" not in by_post.headers  # a POST gets no validator: it cannot be made conditional


def test_if_none_match_gets_304(ld_server):
    page = ld_server.iri_url(SEED)
    first = httpx.get(page, headers={"Accept": "text/html"})
    assert first.status_code == 200, first.text[:300]
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = httpx.get(page, headers={"Accept": "text/html", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["vary"] == first.headers["vary"]
    assert again.headers["content-location"] == first.headers["content-location"]
    strong = httpx.get(page, headers={"Accept": "text/html", "If-None-Match": etag.removeprefix("W/")})
    assert strong.status_code == 304  # If-None-Match compares weakly
    other = httpx.get(page, headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert other.status_code == 200  # another representation has another tag
    assert other.headers["etag"] != etag
    query = httpx.get(ld_server.url + "sparql", params={"query": MEETINGS}, headers={"Accept": JSON})
    assert query.status_code == 200, query.text
    unchanged = httpx.get(
        ld_server.url + "sparql",
        params={"query": MEETINGS},
        headers={"Accept": JSON, "If-None-Match": query.headers["etag"]},
    )
    assert unchanged.status_code == 304


def test_no_cache_serves_fresh_answers(app, uncached_server):
    assert app(cache=False).state.site.responses is None
    page = uncached_server.iri_url(SEED)
    first = httpx.get(page, headers={"Accept": "text/turtle"})
    assert first.status_code == 200
    assert "etag" not in first.headers
    conditional = httpx.get(page, headers={"Accept": "text/turtle", "If-None-Match": "*"})
    assert conditional.status_code == 200
    assert conditional.content == first.content
    fresh = [
        httpx.post(
            uncached_server.url + "sparql", data={"query": "SELECT (STRUUID() AS ?id) {}"}, headers={"Accept": JSON}
        )
        for _ in range(2)
    ]
    ids = {answer.json()["results"]["bindings"][0]["id"]["value"] for answer in fresh}
    assert len(ids) == 2


def test_a_query_asking_for_new_ids_or_the_time_is_never_kept(ld_server):
    for query in ("SELECT (STRUUID() AS ?v) {}", "SELECT (NOW() AS ?v) {}", "SELECT (RAND() AS ?v) {}"):
        answers = [
            httpx.get(ld_server.url + "sparql", params={"query": query}, headers={"Accept": JSON}) for _ in range(2)
        ]
        assert [a.status_code for a in answers] == [200, 200]
        assert all("etag" not in a.headers for a in answers)
    uuids = [
        httpx.get(ld_server.url + "sparql", params={"query": "SELECT (UUID() AS ?v) {}"}, headers={"Accept": JSON})
        for _ in range(2)
    ]
    assert uuids[0].json() != uuids[1].json()


def test_errors_are_not_cached(app):
    application = app(timeout=1.0)
    responses = application.state.site.responses
    missing = asked(application, *[("GET", "/id/state/XX", {"headers": {"Accept": "text/turtle"}})] * 2)
    malformed = asked(application, *[("GET", "/sparql", {"params": {"query": "SELECT ?x WHERE {"}})] * 2)
    (refused,) = asked(
        application, ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}})
    )
    (not_acceptable,) = asked(application, ("GET", "/" + SEED.removeprefix(BASE), {"headers": {"Accept": "image/png"}}))
    started = time.monotonic()
    stopped, again = asked(application, *[("GET", "/sparql", {"params": {"query": ENDLESS}})] * 2)
    took = time.monotonic() - started
    assert [r.status_code for r in missing] == [404, 404]
    assert [r.status_code for r in malformed] == [400, 400]
    assert refused.status_code == 403
    assert not_acceptable.status_code == 406
    assert [stopped.status_code, again.status_code] == [503, 503]
    assert took >= 1.0  # the first request waited its limit; the second was told at once, the answer being made
    assert "being made" in again.text and again.headers["retry-after"] == "1"
    everything = [*missing, *malformed, refused, not_acceptable, stopped, again]
    assert all("etag" not in r.headers for r in everything)
    assert len(responses) == 0


def test_vary_stays_right_for_pages_and_answers_kept(ld_server, uncached_server):
    cases = [
        ("id/state/JP", {}, {"Accept": "text/html", "Accept-Language": "fr"}, {"accept", "accept-language"}),
        ("id/state/JP", {}, {"Accept": "text/turtle"}, {"accept", "accept-language"}),
        ("", {}, {"Accept": "text/html"}, {"accept", "accept-language"}),
        ("ontology", {}, {"Accept": "text/html"}, {"accept"}),
        ("sparql", {"query": MEETINGS}, {"Accept": JSON}, {"accept"}),
        ("sparql", {"query": MEETINGS}, {"Accept": "text/html"}, {"accept", "accept-language"}),
    ]
    for path, params, headers, expected in cases:
        for server in (ld_server, uncached_server):
            for _ in range(2):  # made, then (on the cached server) kept
                answer = httpx.get(server.url + path, params=params, headers=headers)
                assert answer.status_code == 200, (path, answer.text[:200])
                vary = {part.strip().lower() for part in answer.headers["vary"].split(",")}
                assert expected <= vary, (path, vary)
    english = httpx.get(ld_server.url + "id/state/JP", headers={"Accept": "text/html", "Accept-Language": "en"})
    french = httpx.get(ld_server.url + "id/state/JP", headers={"Accept": "text/html", "Accept-Language": "fr"})
    assert (english.headers["content-language"], french.headers["content-language"]) == ("en", "fr")
    assert english.headers["etag"] != french.headers["etag"]
    assert english.content != french.content


def test_eight_clients_asking_the_same_slow_query_run_it_once(app):
    application = app()
    responses = application.state.site.responses

    async def eight() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=120) as client:
            asking = [client.get("/sparql", params={"query": HEAVY}, headers={"Accept": JSON}) for _ in range(8)]
            return await asyncio.gather(*asking)

    answers = in_own_loop(eight)
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert (responses.misses, responses.hits) == (1, 7)


def test_pool_answers_concurrent_queries_and_a_runaway_query_is_killed_without_stopping_the_others(built_store):
    pool = WorkerPool("oxigraph", str(built_store.path), size=2)
    pool.start()
    try:
        assert pool.run(ask(0), "ask", timeout=60) is True
        before = {worker.process.pid for worker in pool.workers}
        outcome: list[BaseException] = []

        def runaway() -> None:
            try:
                pool.run(ENDLESS, "select", timeout=3)
            except QueryTimeout as error:
                outcome.append(error)

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.3)  # the runaway now holds one worker
        started = time.monotonic()
        quick = [pool.run(ask(n), "ask", timeout=60) for n in range(2, 12)]
        quick_seconds = time.monotonic() - started
        still_running = thread.is_alive()
        thread.join(timeout=60)
        assert quick == [True] * 10
        assert still_running, "the quick queries waited for the runaway one"
        assert quick_seconds < 3
        assert len(outcome) == 1 and isinstance(outcome[0], QueryTimeout)
        after = {worker.process.pid for worker in pool.workers if worker.process is not None}
        assert len(after) == 2
        assert len(before & after) == 1  # the runaway's worker was killed and started again; not the other
        assert [pool.run(ask(n), "ask", timeout=60) for n in range(12, 16)] == [True] * 4
    finally:
        pool.stop()
    assert all(worker.process is None for worker in pool.workers)


def test_the_server_keeps_answering_while_a_runaway_query_holds_a_worker(built_store, tmp_path):
    with running_server(built_store.path, tmp_path, "--workers", "2", "--timeout", "3") as server:
        stopped: list[httpx.Response] = []
        thread = threading.Thread(
            target=lambda: stopped.append(httpx.post(server.url + "sparql", data={"query": ENDLESS}, timeout=120))
        )
        thread.start()
        time.sleep(0.5)
        answers = [
            httpx.post(server.url + "sparql", data={"query": ask(n)}, headers={"Accept": JSON}, timeout=60)
            for n in range(6)
        ]
        still_running = thread.is_alive()
        thread.join(timeout=120)
        assert [a.json()["boolean"] for a in answers] == [True] * 6
        assert still_running
        assert stopped[0].status_code == 503
        after = httpx.post(server.url + "sparql", data={"query": ask(99)}, headers={"Accept": JSON})
        assert after.json()["boolean"] is True


def test_a_one_shot_query_starts_a_single_worker(built_store):
    backend = open_backend(f"oxigraph:{built_store.path}")
    try:
        assert isinstance(backend.worker, LocalWorker)
        assert backend.query(ask(0)).boolean is True
    finally:
        backend.close()


def test_the_entity_tag_changes_with_the_store_it_describes(built_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(built_store.path, copy)
    original = store_identity(StoreSpec.parse(f"oxigraph:{built_store.path}"))
    copied = store_identity(StoreSpec.parse(f"oxigraph:{copy}"))
    assert original and copied and original != copied
    assert store_identity(StoreSpec.parse("sparql:http://127.0.0.1:9/query")) is None
    key = ("resource", "id/state/JP", "html", "en")
    assert ResponseCache(original).etag(key) == ResponseCache(original).etag(key)
    assert ResponseCache(original).etag(key) != ResponseCache(copied).etag(key)
    tag = ResponseCache(original).etag(key)
    assert matches(tag, tag) and matches(f'"x", {tag}', tag) and matches("*", tag)
    assert not matches('W/"other"', tag) and not matches(None, tag)


def test_the_cache_keeps_at_most_its_bound_and_forgets_the_least_recently_used():
    cache = ResponseCache("test", max_entries=3, max_bytes=1000)
    for n in range(3):
        cache.put(n, Response(b"x" * 10))
    assert cache.get(0) is not None  # 0 is now the most recently used
    cache.put(3, Response(b"x" * 10))
    assert cache.get(1) is None and cache.get(0) is not None and len(cache) == 3
    cache.put("big", Response(b"x" * 100))  # over a sixteenth of the bytes: not kept
    assert cache.get("big") is None
    for n in range(4, 10):
        cache.put(n, Response(b"x" * 60))
    assert cache.bytes_kept <= 1000 and len(cache) <= 3


def test_a_slow_answer_goes_on_being_made_after_its_limit_and_is_then_given_from_memory():
    cache = ResponseCache("a store", background=1)
    made: list[float] = []

    async def make(seconds: float) -> Response:
        made.append(seconds)
        await asyncio.sleep(0.6)  # longer than the request's limit, shorter than KEEP_MAKING times it
        return Response(b"the answer", status_code=200)

    def busy() -> Response:
        return Response(b"ask again", status_code=503)

    async def three_requests() -> list[tuple[int, bytes, float]]:
        from starlette.requests import Request

        request = Request({"type": "http", "method": "POST", "headers": [], "query_string": b"", "path": "/sparql"})
        answers = []
        for pause in (0, 0, 1.0):
            await asyncio.sleep(pause)
            started = time.monotonic()
            response = await cache.answer_slow(request, "key", make, 0.3, busy)
            answers.append((response.status_code, bytes(response.body), time.monotonic() - started))
        return answers

    first, second, third = in_own_loop(three_requests)
    assert first[:2] == (503, b"ask again") and first[2] >= 0.3  # told at its limit that the answer is coming
    assert second[:2] == (503, b"ask again") and second[2] < 0.3  # not held up again while it is being made
    assert third[:2] == (200, b"the answer")  # then given from memory
    assert made == [0.3 * KEEP_MAKING] and (cache.misses, cache.hits) == (1, 1)


def test_the_cache_remembers_only_as_many_failed_slow_answers_as_its_bound():
    cache = ResponseCache("a store", max_entries=2, background=1)
    made: list[str] = []

    def failing(key: str):
        async def make(seconds: float) -> Response:
            made.append(key)
            return Response(b"ran out of time", status_code=503)

        return make

    async def ask(keys: list[str]) -> list[int]:
        from starlette.requests import Request

        request = Request({"type": "http", "method": "POST", "headers": [], "query_string": b"", "path": "/sparql"})
        busy = lambda: Response(b"ask again", status_code=503)  # noqa: E731
        codes = []
        for key in keys:
            response = await cache.answer_slow(request, key, failing(key), 1.0, busy)
            codes.append(response.status_code)
            await asyncio.sleep(0.05)  # the background thread forgets the key it made once it is done
        return codes

    assert in_own_loop(lambda: ask(["a", "b", "c", "d"])) == [503] * 4
    made.clear()
    assert in_own_loop(lambda: ask(["d", "a"])) == [503, 503]
    assert made == ["a"]  # "d", among the two latest failures, was given again; "a" was forgotten and tried again
