"""The whole dataset as downloadable files: N-Triples, TriG and JSON-LD (the last two with their named graphs), gzip.

All three are compressed: on the full build the TriG and JSON-LD were 100 and 250 MB as text, most
of a static site's size, for files that are downloaded whole. On the embedded store they are written
by Oxigraph's serialisers, streamed into gzip; on other stores through rdflib.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from diplograph.publish.formats import PREFIXES, serialize_dataset
from diplograph.publish.negotiation import JSONLD, NTRIPLES, TRIG
from diplograph.publish.reader import StoreReader

DUMP_FILES = {
    "diplograph.nt.gz": "application/gzip",
    "diplograph.trig.gz": "application/gzip",
    "diplograph.jsonld.gz": "application/gzip",
}
"""The dump files under dumps/, with the Content-Type each is served with."""


def whole_dataset(reader: StoreReader) -> Dataset:
    """Every quad of the store's named graphs, as an rdflib Dataset."""
    dataset = Dataset()
    rows = reader.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    for g, s, p, o in rows:
        dataset.graph(g).add((s, p, o))
    return dataset


def _oxigraph_writers(store: ox.Store) -> dict[str, Callable[[BinaryIO], None]]:
    def triples(out: BinaryIO) -> None:  # the union of the graphs: each distinct triple once
        found = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        ox.serialize(found, out, format=ox.RdfFormat.N_TRIPLES)

    return {
        "diplograph.nt.gz": triples,
        "diplograph.trig.gz": lambda out: store.dump(out, format=ox.RdfFormat.TRIG, prefixes=PREFIXES),
        "diplograph.jsonld.gz": lambda out: store.dump(out, format=ox.RdfFormat.JSON_LD),
    }


def write_dumps(reader: StoreReader, open_file: Callable[[str], BinaryIO]) -> None:
    """Write the three dumps, each into the file `open_file(name)` gives, compressed as it is written."""
    if reader.embedded is not None:
        writers = _oxigraph_writers(reader.embedded)
    else:
        dataset = whole_dataset(reader)
        writers = {
            name: (lambda out, representation=representation: out.write(serialize_dataset(dataset, representation)))
            for name, representation in zip(DUMP_FILES, (NTRIPLES, TRIG, JSONLD), strict=True)
        }
    for name, write in writers.items():
        # Level 6, not gzip's 9: half the time for a file 1-2 % larger (the dumps were a tenth of `publish`'s time).
        with open_file(name) as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as out:
            write(out)


def dump_files(reader: StoreReader) -> dict[str, bytes]:
    """The three dumps, by file name, in memory (for the server, which keeps them once made)."""
    buffers: dict[str, io.BytesIO] = {}

    class _Kept(io.BytesIO):
        def close(self) -> None:  # keep the bytes readable after the `with` block
            pass

    def open_buffer(name: str) -> BinaryIO:
        buffers[name] = _Kept()
        return buffers[name]

    write_dumps(reader, open_buffer)
    return {name: buffer.getvalue() for name, buffer in buffers.items()}
