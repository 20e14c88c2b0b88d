"""The whole dataset as downloadable files: N-Triples (gzip), TriG and JSON-LD, with their named graphs."""

from __future__ import annotations

from rdflib import Dataset

from diplograph.publish.formats import gzip_bytes, serialize_dataset
from diplograph.publish.negotiation import JSONLD, NTRIPLES, TRIG
from diplograph.publish.reader import StoreReader

DUMP_FILES = {
    "diplograph.nt.gz": "application/gzip",
    "diplograph.trig": "application/trig",
    "diplograph.jsonld": "application/ld+json",
}
"""The dump files under dumps/, with the Content-Type each is served with."""


def whole_dataset(reader: StoreReader) -> Dataset:
    """Every quad of the store's named graphs, as an rdflib Dataset."""
    dataset = Dataset()
    rows = reader.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    for g, s, p, o in rows:
        dataset.graph(g).add((s, p, o))
    return dataset


def dump_files(reader: StoreReader) -> dict[str, bytes]:
    """The three dumps, by file name (N-Triples is the union of the graphs, one line per distinct triple)."""
    dataset = whole_dataset(reader)
    return {
        "diplograph.nt.gz": gzip_bytes(serialize_dataset(dataset, NTRIPLES)),
        "diplograph.trig": serialize_dataset(dataset, TRIG),
        "diplograph.jsonld": serialize_dataset(dataset, JSONLD),
    }
