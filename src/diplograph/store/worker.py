"""A child process that answers queries on a local store, so that a runaway query can be killed.

pyoxigraph offers no way to cancel a query from Python and rdflib's engine cannot be interrupted
either, so the embedded and in-memory backends send each (already checked) query to this worker
and kill it at the deadline. The worker stays warm between queries: only the first query of a
backend, and the first after a kill, pays for starting it (≈0.2 s for Oxigraph, more for memory,
which parses the dump).

Protocol: length-prefixed pickles on stdin/stdout. The parent sends `(text, form, bindings)`
(bindings only for rdflib, which gets the parameters as initBindings, see backends); the worker
answers `("ok", payload, seconds)` (the engine's time, without the pipe) or `("error", category, message)`.
Terms travel as plain tuples — `("u", iri)`,
`("b", id)`, `("l", lexical, datatype, language)` — so the Oxigraph worker never imports rdflib.
This module imports only the standard library and pyoxigraph at the top, to start fast.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import time
from typing import Any, BinaryIO

_HEADER = struct.Struct("!Q")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class WorkerError(Exception):
    """A store the worker could not open, or a query it could not run, as a one-line message."""

    def __init__(self, message: str, category: str = "store"):
        super().__init__(message)
        self.category = category


def write_frame(stream: BinaryIO, message: Any) -> None:
    """Send one pickled message."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: BinaryIO) -> Any:
    """Receive one pickled message; EOFError when the other side has gone."""
    header = _read_exactly(stream, _HEADER.size)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(header)[0]))


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


PARENT_VARIABLE = "DIPLOGRAPH_WORKER_PARENT"
"""The environment variable in which the parent names its process id."""


def _die_with_parent() -> None:
    """Exit as soon as the process that started this worker is gone (no orphaned queries).

    A thread watches the parent's pid; pyoxigraph lets it run while a query is evaluated. Linux's
    PR_SET_PDEATHSIG would not do: it fires when the parent *thread* ends, and the server starts its
    workers from pool threads that end after a few idle seconds, which killed healthy workers.
    """
    import threading
    import time

    parent = int(os.environ.get(PARENT_VARIABLE) or os.getppid())

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent watch", daemon=True).start()


# --- Oxigraph -----------------------------------------------------------------------------------


def ox_term(term) -> tuple | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    return ("l", term.value, term.datatype.value if not term.language else None, term.language)


def wire_payload(answer: Any) -> Any:
    """A pyoxigraph answer read whole into the wire format: a boolean, a list of triples, or (variables, rows).

    Given the answer unnamed (`wire_payload(store.query(…))`), it deletes it before returning, in the thread that
    made it: pyoxigraph's answers may not be freed by another (see store.sparql.read_answer)."""
    import pyoxigraph as ox

    try:
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        if isinstance(answer, ox.QueryTriples):
            return [(ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in answer]
        variables = [v.value for v in answer.variables]
        return (variables, [tuple(ox_term(s[v]) for v in variables) for s in answer])
    finally:
        del answer


def _open_oxigraph(location: str):
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(location)
    except OSError as error:
        raise WorkerError(f"cannot open the store at {location}: {error}") from None

    def run(text: str, form: str, bindings: dict | None = None, dataset: tuple | None = None) -> Any:
        try:
            if dataset is None:
                return wire_payload(store.query(text, use_default_graph_as_union=True))
            # the protocol's dataset; it also overrides any FROM in the text
            defaults, named = ([ox.NamedNode(iri) for iri in graphs] for graphs in dataset)
            return wire_payload(store.query(text, default_graph=defaults, named_graphs=named))
        except SyntaxError as error:
            raise WorkerError(f"SPARQL syntax error: {error}", "syntax") from None
        except OSError as error:
            raise WorkerError(f"the query failed: {error}") from None

    return run


# --- rdflib in memory ---------------------------------------------------------------------------


def _open_memory(location: str):
    import rdflib.plugins.sparql
    from rdflib import BNode, Dataset, Literal, URIRef
    from rdflib.plugins.sparql import prepareQuery

    # Never fetch a graph named in FROM / FROM NAMED from the web; diplograph also refuses them.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = True

    dataset = Dataset(default_union=True)
    rdf_format = "trig" if location.endswith(".trig") else "nquads"
    try:
        with open(location, "rb") as data:
            dataset.parse(data, format=rdf_format)
    except OSError as error:
        raise WorkerError(f"cannot read the dump {location}: {error.strerror}") from None
    except Exception as error:  # a parser's own exception types vary
        raise WorkerError(f"cannot read the dump {location}: {error}") from None

    def term(value) -> tuple | None:
        if value is None:
            return None
        if isinstance(value, URIRef):
            return ("u", str(value))
        if isinstance(value, BNode):
            return ("b", str(value))
        if isinstance(value, Literal):
            datatype = None if value.language else str(value.datatype or XSD_STRING)
            return ("l", str(value), datatype, value.language)
        raise WorkerError(f"unexpected term in an answer: {value!r}")

    def bound(value: tuple):
        if value[0] == "u":
            return URIRef(value[1])
        _, lexical, datatype, language = value
        return Literal(lexical, lang=language) if language else Literal(lexical, datatype=datatype and URIRef(datatype))

    def restricted(chosen: tuple) -> Dataset:
        """A copy holding only the protocol's graphs: the default ones merged, the named ones by name."""
        defaults, named = chosen
        view = Dataset(default_union=False)
        for iri in defaults:
            for triple in dataset.graph(URIRef(iri)):
                view.default_graph.add(triple)
        for iri in named:
            copy = view.graph(URIRef(iri))
            for triple in dataset.graph(URIRef(iri)):
                copy.add(triple)
        return view

    def run(text: str, form: str, bindings: dict | None = None, chosen: tuple | None = None) -> Any:
        try:
            initial = {name: bound(v) for name, v in (bindings or {}).items()}
            if chosen is None:
                answer = dataset.query(text, initBindings=initial)
            else:  # the protocol's dataset replaces any FROM / FROM NAMED of the text (SPARQL 1.1 Protocol 2.1.4)
                prepared = prepareQuery(text)
                prepared.algebra["datasetClause"] = None
                answer = restricted(chosen).query(prepared, initBindings=initial)
        except Exception as error:  # rdflib raises many kinds; report them in one line
            raise WorkerError(f"the query failed: {type(error).__name__}: {error}") from None
        if form == "ask":
            return bool(answer.askAnswer)
        if form in ("construct", "describe"):
            return [(term(s), term(p), term(o)) for s, p, o in answer.graph]
        variables = [str(v) for v in answer.vars]
        return (variables, [tuple(term(row[v]) for v in variables) for row in answer])

    return run


OPENERS = {"oxigraph": _open_oxigraph, "memory": _open_memory}


def serve(kind: str, location: str, requests: BinaryIO, answers: BinaryIO) -> None:
    """Open the store, say ready (or why not), then answer queries until the parent closes the pipe."""
    try:
        run = OPENERS[kind](location)
    except WorkerError as error:
        write_frame(answers, ("error", error.category, str(error)))
        return
    write_frame(answers, ("ready", os.getpid()))
    while True:
        try:
            text, form, bindings, dataset = read_frame(requests)
        except EOFError:
            return
        try:
            started, cpu = time.perf_counter(), time.thread_time()
            payload = run(text, form, bindings, dataset)
            seconds = _engine_seconds(time.perf_counter() - started, time.thread_time() - cpu)
            write_frame(answers, ("ok", payload, seconds))
        except WorkerError as error:
            write_frame(answers, ("error", error.category, str(error)))


WALL_GUARD = 0.5
"""A run longer than this by the wall clock is reported as such, whatever its CPU time (a query waiting on
the disk is slow too)."""


def _engine_seconds(wall: float, cpu: float) -> float:
    """How long the engine took: its CPU time for a short run, so that a worker waiting for a core on a loaded
    machine does not make a fast query look slow (it then never got answered in-process: 14x raw at load 15)."""
    return wall if wall > WALL_GUARD else min(wall, cpu)


def main() -> None:
    """Entry point of `python -m diplograph.store.worker KIND LOCATION`."""
    _die_with_parent()
    # Pickles go to the real stdout; anything a library prints goes to stderr instead.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.argv[1], sys.argv[2], sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
