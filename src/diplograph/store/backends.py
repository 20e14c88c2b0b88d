"""One query interface over the stores diplograph can read: embedded Oxigraph, rdflib memory, SPARQL servers.

Every backend runs the same text: the catalogue query with the base resolved and the parameters
bound (sparql.prepare_query), checked before anything runs (no SERVICE, LOAD, FROM, no update).
The local backends answer in a warm child process (diplograph.store.worker) that is killed when a query
passes its time limit; a SPARQL server is given the limit as an HTTP timeout and, where it takes
one, as its own query timeout.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from diplograph.namespaces import configured_base
from diplograph.store import worker as wire
from diplograph.store.kept import KEEP_AFTER, KeptAnswers, live_requested
from diplograph.store.location import StoreError, StoreSpec, read_config
from diplograph.store.remote import SparqlClient
from diplograph.store.sparql import (
    ProtocolDataset,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    bind_parameters,
    check_query,
    page_clauses,
    prepare_query,
    with_base,
)

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run before it is stopped."""

WORKER_START_TIMEOUT = 120.0
"""Seconds a local worker may take to open its store (the memory store parses the whole dump)."""


def configured_timeout(given: float | None = None) -> float:
    """The query time limit: --timeout, else DIPLOGRAPH_TIMEOUT, else diplograph.toml's `timeout`, else 30 s."""
    value = given if given is not None else os.environ.get("DIPLOGRAPH_TIMEOUT") or read_config().get("timeout")
    if value is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise StoreError(f"cannot read the timeout {value!r}: give a number of seconds") from None
    if seconds <= 0:
        raise StoreError(f"the timeout must be a positive number of seconds, not {value!r}")
    return seconds


class Backend(Protocol):
    """What every store offers the rest of diplograph: read-only SPARQL over the union of its graphs."""

    spec: StoreSpec

    def query(
        self, sparql: str, bindings: dict[str, Node] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> QueryResult:
        """Answer a checked SELECT/ASK/CONSTRUCT/DESCRIBE query with parameters bound as RDF terms."""
        ...

    def query_checked(
        self, text: str, form: str, timeout: float = DEFAULT_TIMEOUT, dataset: ProtocolDataset | None = None
    ) -> QueryResult:
        """Answer a query that `check_query` has already passed, without parsing it a second time.

        `dataset` (default graphs, named graphs) replaces the union of every graph, as the SPARQL
        Protocol's default-graph-uri and named-graph-uri do.
        """
        ...

    def close(self) -> None:
        """Release what the backend holds (its worker process, if any)."""
        ...


@lru_cache(maxsize=65536)
def _cached_term(value: tuple) -> Node:
    """Build each distinct term once: rdflib's Literal parses its lexical form when it is made (5–25 µs
    for a date or a duration, more than a small query takes in Oxigraph), and answers repeat the same
    names, dates and formats. The terms are immutable, so one object can stand in every answer. Room for the
    largest catalogue answer at 1M (pairs-of-persons, 30,651 distinct terms: about 0.9 s to make them all)."""
    if value[0] == "u":
        return URIRef(value[1])
    if value[0] == "b":
        return BNode(value[1])
    _, lexical, datatype, language = value
    if language:
        return Literal(lexical, lang=language)
    if datatype is None or datatype == wire.XSD_STRING:
        return Literal(lexical)
    return Literal(lexical, datatype=URIRef(datatype))


def _encode(value: Node) -> tuple:
    if isinstance(value, URIRef):
        return ("u", str(value))
    if isinstance(value, Literal):
        datatype = None if value.language else str(value.datatype or wire.XSD_STRING)
        return ("l", str(value), datatype, value.language)
    raise StoreError(f"cannot bind {value!r} as a parameter")


def _to_result(form: str, payload) -> QueryResult:
    if form == "ask":
        return QueryResult("ask", boolean=bool(payload))
    # Each distinct term looked up once per answer, then from this answer's own table: a large answer holds
    # more distinct terms than the shared cache (pairs-of-persons at 1M: 31,398 rows, about 22,000 names).
    seen: dict[tuple, Node | None] = {None: None}

    def term(value: tuple | None) -> Node | None:
        found = seen.get(value, seen)
        if found is seen:
            found = seen[value] = _cached_term(value)
        return found

    if form in ("construct", "describe"):
        return QueryResult("construct", triples=[(term(s), term(p), term(o)) for s, p, o in payload])
    variables, rows = payload
    return QueryResult("select", variables=list(variables), rows=[tuple(map(term, row)) for row in rows])


class LocalWorker:
    """A warm child process holding a local store open; killed, and later restarted, when a query overruns."""

    def __init__(self, kind: str, location: str):
        self.kind = kind
        self.location = location
        self.process: subprocess.Popen | None = None
        self.ready = False
        self.lock = threading.Lock()
        self._finalizer = weakref.finalize(self, LocalWorker._kill, [None])

    def start(self) -> None:
        """Start the child now (it opens the store while the caller carries on)."""
        if self.process is not None:
            return
        self.process = subprocess.Popen(
            [sys.executable, "-m", "diplograph.store.worker", self.kind, self.location],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONWARNINGS": "ignore", wire.PARENT_VARIABLE: str(os.getpid())},
        )
        self.ready = False
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, LocalWorker._kill, [self.process])

    def run(
        self, text: str, form: str, timeout: float, bindings: dict | None = None, dataset: ProtocolDataset | None = None
    ):
        """Send one query and wait for its answer until the deadline; kill the child if it is late."""
        return self.run_timed(text, form, timeout, bindings, dataset)[0]

    def run_timed(
        self, text: str, form: str, timeout: float, bindings: dict | None = None, dataset: ProtocolDataset | None = None
    ):
        """Answer as `run` does; also say how long the worker took to answer (the pipe aside)."""
        with self.lock:
            self.start()
            assert self.process is not None and self.process.stdin and self.process.stdout
            if not self.ready:
                self._expect_ready()
            try:
                wire.write_frame(self.process.stdin, (text, form, bindings, dataset))
            except (BrokenPipeError, OSError):
                self.stop()
                raise StoreError(f"the query worker for {self.location} stopped unexpectedly") from None
            if not self._wait(timeout):
                self.stop()
                raise QueryTimeout(timeout)
            message = self._read()
        if message[0] == "ok":
            return message[1], message[2]
        _, category, text = message
        raise (QuerySyntaxError if category == "syntax" else StoreError)(text)

    def _expect_ready(self) -> None:
        if not self._wait(WORKER_START_TIMEOUT):
            self.stop()
            raise StoreError(f"could not open {self.location} within {WORKER_START_TIMEOUT:g} s")
        message = self._read()
        if message[0] != "ready":
            self.stop()
            raise StoreError(message[2])
        self.ready = True

    def _wait(self, seconds: float) -> bool:
        assert self.process is not None and self.process.stdout
        readable, _, _ = select.select([self.process.stdout], [], [], seconds)
        return bool(readable)

    def _read(self):
        assert self.process is not None and self.process.stdout
        try:
            return wire.read_frame(self.process.stdout)
        except (EOFError, OSError):
            self.stop()
            raise StoreError(f"the query worker for {self.location} stopped unexpectedly") from None

    def stop(self) -> None:
        """Kill the child, if there is one."""
        if self.process is not None:
            LocalWorker._kill([self.process])
            self.process = None
            self.ready = False

    @staticmethod
    def _kill(holder: list) -> None:
        process = holder[0]
        if process is None or process.poll() is not None:
            return
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream:
                with contextlib.suppress(OSError):
                    stream.close()


class WorkerPool:
    """Several warm workers over one store, so that concurrent queries run side by side (the server's).

    Each query takes an idle worker and gives it back; a query that overruns kills only its own
    worker, which is started again at once to open the store while it waits for the next query.
    Time spent waiting for a free worker counts against the query's deadline.
    """

    def __init__(self, kind: str, location: str, size: int | None = None, first: LocalWorker | None = None):
        self.kind = kind
        self.location = location
        self.size = max(1, size or os.cpu_count() or 1)
        self.workers = [first or LocalWorker(kind, location)] + [
            LocalWorker(kind, location) for _ in range(self.size - 1)
        ]
        self._idle: queue.LifoQueue[LocalWorker] = queue.LifoQueue()
        for worker in reversed(self.workers):  # the first (maybe already warm) is taken first
            self._idle.put(worker)

    def start(self) -> None:
        """Start every worker now (each opens the store while the caller carries on)."""
        for worker in self.workers:
            worker.start()

    def run(
        self, text: str, form: str, timeout: float, bindings: dict | None = None, dataset: ProtocolDataset | None = None
    ):
        """Answer one query on the first idle worker, waiting for one no longer than the deadline."""
        return self.run_timed(text, form, timeout, bindings, dataset)[0]

    def run_timed(
        self, text: str, form: str, timeout: float, bindings: dict | None = None, dataset: ProtocolDataset | None = None
    ):
        """Answer as `run` does; also say how long the worker took to answer (the pipe and the wait aside)."""
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(timeout, " (every query worker was busy)") from None
        try:
            return worker.run_timed(text, form, max(0.001, timeout - (time.monotonic() - started)), bindings, dataset)
        except QueryTimeout:
            raise QueryTimeout(timeout) from None  # the limit the user set, not what was left of it
        finally:
            worker.start()  # a worker killed at its deadline reopens the store before its next query
            self._idle.put(worker)

    def stop(self) -> None:
        """Kill every worker; one still answering a query is killed too."""
        for worker in self.workers:
            worker.stop()


class _LocalBackend:
    """A store answered by a local worker process, or by a pool of them."""

    spec: StoreSpec
    worker: LocalWorker | WorkerPool
    native_bindings = False
    """Give the engine the parameters separately instead of in the VALUES block (rdflib, see MemoryBackend)."""

    def query(
        self, sparql: str, bindings: dict[str, Node] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> QueryResult:
        """Check and bind the query here, answer it in the worker, stop it at the deadline."""
        text, form = prepare_query(sparql, bindings)
        if self.native_bindings and bindings:
            encoded = {name: _encode(value) for name, value in bindings.items()}
            return _to_result(form, self.worker.run(with_base(sparql), form, timeout, encoded))
        return _to_result(form, self.worker.run(text, form, timeout))

    def query_checked(
        self, text: str, form: str, timeout: float = DEFAULT_TIMEOUT, dataset: ProtocolDataset | None = None
    ) -> QueryResult:
        """Answer a query already checked by `check_query` (the endpoint's, publication's own): no second parse."""
        return _to_result(form, self.worker.run(with_base(text), form, timeout, None, dataset))

    def close(self) -> None:
        """Stop the worker process (or processes)."""
        self.worker.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


FAST_SECONDS = 0.05
"""A query text whose latest run in a worker took at most this long (and at most a tenth of its time limit) is
answered in this process: a worker's round trip costs 0.2–1 ms, as much as a small query itself."""

SLOW_SECONDS = 0.25
"""A run in this process that takes longer sends its text back to the workers (whose kill keeps the time
limit); shorter overruns of FAST_SECONDS are taken for a busy machine, not a slow query."""


class OxigraphBackend(_LocalBackend):
    """The embedded Oxigraph store written by `diplograph build`, opened read-only in a worker process.

    `workers` > 1 gives it a pool (`diplograph serve`); a one-shot query keeps a single worker.
    pyoxigraph cannot stop a query, so a query text runs first in a worker, which is killed at the
    deadline; once a run of a text in a worker has been fast (FAST_SECONDS), later runs of it are answered by
    the store opened read-only in this process (no pipe, no pickling). A run that turns out slow sends
    the text back to the workers for good.
    """

    def __init__(self, spec: StoreSpec, workers: int = 1, in_process: bool = True, kept_answers: bool = True):
        self.spec = spec
        if not spec.path.is_dir():
            raise StoreError(f"no store at {spec.path}: run `diplograph build` first")
        location = str(spec.path.resolve())
        self.worker = WorkerPool("oxigraph", location, workers) if workers > 1 else LocalWorker("oxigraph", location)
        self.worker.start()
        self.in_process = in_process
        self._location = location
        self._store = None
        self._opening = threading.Lock()
        self._worst: dict[str, float] = {}
        """Query text (parameters unbound) → how long its latest run in a worker (or slow run here) took."""
        self.kept = KeptAnswers(spec.path.resolve()) if kept_answers and not live_requested() else None
        """The slow answers kept in the store's folder (store/kept.py), None when every answer is made live."""

    def query(
        self, sparql: str, bindings: dict[str, Node] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> QueryResult:
        """Check the query, then answer it here if its text is known to be fast, else in a worker."""
        based = with_base(sparql)
        return self._answer(based, check_query(based), bindings or {}, timeout)

    def query_checked(
        self, text: str, form: str, timeout: float = DEFAULT_TIMEOUT, dataset: ProtocolDataset | None = None
    ) -> QueryResult:
        """Answer a query already checked by `check_query`, here if known to be fast, else in a worker.

        A query with a protocol dataset (default-graph-uri, named-graph-uri) always goes to a worker,
        which knows how to open that dataset.
        """
        if dataset is not None:
            return super().query_checked(text, form, timeout, dataset)
        return self._answer(with_base(text), form, {}, timeout)

    def _may_be_kept(self, based: str) -> bool:
        """Whether an answer of this text may be kept: answers are kept, and the text is not known to be fast."""
        worst = self._worst.get(based)
        return self.kept is not None and (worst is None or worst > FAST_SECONDS)

    def _answer(self, based: str, form: str, bindings: dict[str, Node], timeout: float) -> QueryResult:
        if not self._may_be_kept(based):
            return self._live(based, form, bindings, timeout)  # only a slow text's answer is ever kept
        text = bind_parameters(based, bindings, inline=True)
        found = self._kept_answer(text)
        if found is not None:
            return _to_result(*found)
        return self._live(based, form, bindings, timeout, text)

    def kept_bindings(self, text: str) -> tuple[list[str], list[bytes]] | None:
        """A checked SELECT's kept answer (or page of one) as SPARQL JSON bindings, for the endpoint to write as they
        are (store/kept.py); None when none is kept or the text is known to be fast."""
        based = with_base(text)
        if not self._may_be_kept(based):
            return None
        return self._kept_answer(based, self.kept.bindings)

    def _kept_answer(self, text: str, read: Callable[..., Any] | None = None) -> Any:
        """A kept answer for the text, or a page cut from the kept answer of the text without LIMIT/OFFSET; read with
        `read` (the kept form by default, `KeptAnswers.bindings` for the served form)."""
        assert self.kept is not None
        read = read or self.kept.get
        found = read(text)
        if found is None:
            position, limit, offset = page_clauses(text)
            if position < len(text):
                found = read(text[:position], offset, limit)
        return found

    def _live(
        self, based: str, form: str, bindings: dict[str, Node], timeout: float, text: str | None = None
    ) -> QueryResult:
        """Make the answer: here if the text is known to be fast, else in a worker; keep it if it was slow."""
        worst = self._worst.get(based)
        # The parameters go in as the worker gets them, a VALUES block: pyoxigraph 0.5's `substitutions`
        # refuses a variable the SELECT does not project, and the catalogue's parameters mostly are not.
        text = text or bind_parameters(based, bindings, inline=True)
        if self.in_process and worst is not None and worst <= min(FAST_SECONDS, timeout / 10):
            self._open()
            started = time.perf_counter()
            payload = self._here(text)
            seconds = time.perf_counter() - started
            if seconds > SLOW_SECONDS:  # a slow run here (not a busy machine's hiccup): back to the workers
                self._worst[based] = seconds
        else:
            payload, seconds = self.worker.run_timed(text, form, timeout)
            self._worst[based] = seconds  # the latest run: a first run on a cold cache may be slow
        if self.kept is not None and seconds >= KEEP_AFTER:
            self.kept.keep(text, form, payload)
        return _to_result(form, payload)

    def widen(self, workers: int) -> None:
        """Let up to `workers` queries run side by side from now on (a projection's independent scans): the one
        worker becomes the first of a pool, whose others start now and open the store while it answers."""
        with self._opening:
            if isinstance(self.worker, LocalWorker) and workers > 1:
                self.worker = WorkerPool("oxigraph", self._location, workers, first=self.worker)
                self.worker.start()

    def _open(self) -> None:
        import pyoxigraph as ox

        with self._opening:
            if self._store is None:
                try:
                    self._store = ox.Store.read_only(self._location)
                except OSError as error:
                    raise StoreError(f"cannot open the store at {self._location}: {error}") from None

    def _here(self, text: str) -> Any:
        """Answer a bound text in this process, in the wire format a worker sends."""
        try:
            return wire.wire_payload(self._store.query(text, use_default_graph_as_union=True))
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from None
        except OSError as error:
            raise StoreError(f"the query failed: {error}") from None


class MemoryBackend(_LocalBackend):
    """rdflib's own SPARQL engine over an in-memory Dataset loaded from the build's N-Quads dump.

    The reference the other backends are compared with: slow, but a separate implementation. The
    query text is checked with its VALUES block like everywhere else, but rdflib is given the
    parameters as initBindings, its own way of binding them: with the VALUES block rdflib's join
    order makes some queries a hundred times slower (pairs-of-states with country=PE ran past 30 s;
    with initBindings it takes 1 s). The catalogue tests show both give the same rows.
    """

    native_bindings = True

    def __init__(self, spec: StoreSpec):
        self.spec = spec
        if not spec.dump.is_file():
            raise StoreError(
                f"no dump at {spec.dump}: run `diplograph build` first (the memory store reads its N-Quads dump), "
                "or name one with --store memory:PATH.nq"
            )
        self.worker = LocalWorker("memory", str(spec.dump.resolve()))
        self.worker.start()


class SparqlBackend:
    """Any SPARQL 1.1 server, read through the Protocol over diplograph's named graphs on it.

    The dataset of each query is spelled out: every diplograph graph as a default-graph-uri (their
    union) and as a named-graph-uri. Virtuoso is the exception: with such a dataset (or with FROM)
    Virtuoso 7.2 evaluates property paths wrongly when joined with other patterns (a
    `?x a ?c . ?c rdfs:subClassOf* dg:Instrument` found 1 of 5 instruments), so on Virtuoso the
    dataset is left to the server, whose default graph is already the union of all its graphs:
    load diplograph into a Virtuoso of its own, or other data there will show in the answers.
    """

    def __init__(self, spec: StoreSpec):
        self.spec = spec
        self.client = SparqlClient(spec.endpoints())
        self._graphs: list[str] | None = None
        self.server_union = False
        """True when the server's own default graph (the union of all its graphs) is used: Virtuoso."""

    def graphs(self, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
        """The named graphs that diplograph loaded on the server (those under <base>graph/), looked up once."""
        if self._graphs is None:
            prefix = f"{configured_base()}graph/"
            listing = self.client.query(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                f"FILTER(STRSTARTS(STR(?g), {Literal(prefix).n3()})) }}",
                "select",
                timeout,
            )
            self._graphs = sorted(str(row[0]) for row in listing.rows)
            self.server_union = self.client.server.lower().startswith("virtuoso")
            if not self._graphs:
                raise StoreError(
                    f"no diplograph graphs at {self.client.endpoints.query}: load them with "
                    f"`diplograph build --store {self.spec}`"
                )
        return self._graphs

    def query(
        self, sparql: str, bindings: dict[str, Node] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> QueryResult:
        """Send the checked query to the server with the dataset and time limit spelled out."""
        text, form = prepare_query(sparql, bindings)
        started = time.monotonic()
        graphs = self.graphs(timeout)
        if bindings and self.client.server.lower().startswith("oxigraph"):
            text = bind_parameters(with_base(sparql), bindings, inline=True)  # resources in place, as embedded
        remaining = max(0.1, timeout - (time.monotonic() - started))
        try:
            if self.server_union:
                return self.client.query(text, form, remaining)
            return self.client.query(text, form, remaining, default_graphs=graphs, named_graphs=graphs)
        except QueryTimeout:
            raise QueryTimeout(timeout, f" (no answer from {self.client.endpoints.query} in time)") from None

    def query_checked(
        self, text: str, form: str, timeout: float = DEFAULT_TIMEOUT, dataset: ProtocolDataset | None = None
    ) -> QueryResult:
        """Send a query already checked by `check_query`, without parsing it again."""
        started = time.monotonic()
        graphs = self.graphs(timeout)
        remaining = max(0.1, timeout - (time.monotonic() - started))
        try:
            if dataset is not None:
                defaults, named = dataset
                return self.client.query(
                    with_base(text), form, remaining, default_graphs=list(defaults), named_graphs=list(named)
                )
            if self.server_union:
                return self.client.query(with_base(text), form, remaining)
            return self.client.query(with_base(text), form, remaining, default_graphs=graphs, named_graphs=graphs)
        except QueryTimeout:
            raise QueryTimeout(timeout, f" (no answer from {self.client.endpoints.query} in time)") from None

    def close(self) -> None:
        """Nothing to release: each request has its own connection."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_backend(spec: StoreSpec | str | None = None, workers: int = 1, kept_answers: bool = True) -> Backend:
    """Open the store named by a --store value (or DIPLOGRAPH_STORE, diplograph.toml, the default) for reading.

    `workers` is how many query processes the embedded Oxigraph store gets: 1 for a command that
    asks one question, more for a server that answers many clients at once. `kept_answers=False` makes every
    answer live (store/kept.py).
    """
    spec = spec if isinstance(spec, StoreSpec) else StoreSpec.parse(spec)
    if spec.kind == "oxigraph":
        return OxigraphBackend(spec, workers, kept_answers=kept_answers)
    if spec.kind == "memory":
        return MemoryBackend(spec)
    if spec.kind == "sparql":
        return SparqlBackend(spec)
    raise StoreError(f"reading from a {spec.kind} store is not available")
