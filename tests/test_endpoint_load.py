"""How does /sparql hold up under eight concurrent clients? A bounded load test on loopback."""

from __future__ import annotations

import itertools
import threading
import time

import httpx

from diplograph.publish.sparql_endpoint import examples

CLIENTS = 8
SECONDS = 5.0


def test_eight_clients_asking_catalogue_questions_for_five_seconds_get_no_error(ld_server):
    queries = [example.text for example in examples()]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(offset: int) -> None:
        with httpx.Client(timeout=60) as http:
            for query in itertools.islice(itertools.cycle(queries), offset, None):
                if time.monotonic() >= deadline:
                    return
                started = time.perf_counter()
                try:
                    answer = http.post(
                        ld_server.url + "sparql",
                        data={"query": query},
                        headers={"Accept": "application/sparql-results+json"},
                    )
                    ok = answer.status_code == 200 and "results" in answer.json()
                    problem = None if ok else f"{answer.status_code}: {answer.text[:200]}"
                except httpx.HTTPError as error:
                    problem = f"{type(error).__name__}: {error}"
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if problem:
                        errors.append(problem)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"\nload: {CLIENTS} clients, {elapsed:.1f} s, {len(latencies)} queries, "
        f"{len(latencies) / elapsed:.1f} queries/s, "
        f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, {len(errors)} errors"
    )
    assert errors == []
    assert latencies
