"""The linked-data server for the tests: `diplograph serve` in a child process on a free loopback port.

The fixtures `ld_server` and `hostile_store` (tests/conftest.py) use these helpers. Each server is
waited for until its home page answers and is stopped (terminate, then kill) at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from diplograph.pipeline.build import build
from diplograph.resources import data_dir, ontology_dir
from diplograph.store.location import StoreSpec
from diplograph.terms import to_rdflib

BASE = "https://w3id.org/diplograph/"
DG = BASE + "ontology#"
SEED = BASE + "id/meeting/2025-08-08-jp-pe"
HOSTILE_MEETING = BASE + "id/meeting/2030-01-01-jp-pe"
HOSTILE_FILE = Path(__file__).parent / "fixtures" / "hostile" / "zz-hostile-meeting.ttl"
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@dataclass(frozen=True)
class Server:
    """A running `diplograph serve`: its root URL and its log."""

    url: str
    log: Path

    def iri_url(self, iri: str) -> str:
        """The server URL that answers for an IRI under the base."""
        return self.url + iri[len(BASE) :]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(store: Path, folder: Path, *options: str) -> Iterator[Server]:
    """Start `diplograph serve` over a store and stop it afterwards."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "diplograph.cli",
                "serve",
                "--port",
                str(port),
                "--store",
                f"oxigraph:{store}",
                *options,
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "DIPLOGRAPH_BASE": BASE},
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"diplograph serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(url, headers={"Accept": "text/turtle"}, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"diplograph serve did not answer at {url}:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def build_hostile_store(folder: Path) -> Path:
    """Build a store from a copy of the project's data plus a file of hostile literals (no reasoner)."""
    data = folder / "data"
    shutil.copytree(data_dir(), data)
    shutil.copy(HOSTILE_FILE, data / "meetings" / HOSTILE_FILE.name)
    build(ontology_dir(), data, StoreSpec.parse(f"oxigraph:{folder / 'store'}"), None, run_reasoner=False)
    return folder / "store"


def plain(term):
    """RDF 1.1 makes "x" and "x"^^xsd:string one literal; rdflib does not: write both plain."""
    if isinstance(term, Literal) and term.datatype == XSD_STRING:
        return Literal(str(term))
    return term


def triples(graph: Graph) -> set[tuple]:
    """A graph's triples with plain strings, to compare graphs that have no blank nodes."""
    return {(plain(s), plain(p), plain(o)) for s, p, o in graph}


def expected_description(store: ox.Store, iri: str) -> set[tuple]:
    """The documented bounded description, computed from the store's quads without SPARQL.

    The resource's own triples; those of its participations and blank nodes; the labels of every IRI
    that these point to.
    """
    subject = ox.NamedNode(iri)
    own = list(store.quads_for_pattern(subject, None, None, None))
    sub_nodes = {
        q.object for q in own if isinstance(q.object, ox.BlankNode) or q.predicate.value == DG + "hasParticipation"
    }
    sub = [q for node in sub_nodes for q in store.quads_for_pattern(node, None, None, None)]
    linked = {q.object for q in own + sub if isinstance(q.object, ox.NamedNode)}
    labels = [
        q for node in linked for label in LABELS for q in store.quads_for_pattern(node, ox.NamedNode(label), None, None)
    ]
    return {
        (plain(to_rdflib(q.subject)), plain(to_rdflib(q.predicate)), plain(to_rdflib(q.object)))
        for q in own + sub + labels
    }
