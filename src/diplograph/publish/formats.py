"""Representations as bytes: RDF in five serialisations, SPARQL results in JSON, XML, CSV and TSV."""

from __future__ import annotations

import gzip
import json

from rdflib import Dataset, Graph, URIRef

from diplograph.publish.negotiation import (
    JSONLD,
    NTRIPLES,
    RDFXML,
    SPARQL_CSV,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    TRIG,
    Representation,
)
from diplograph.store.results import as_csv, as_json, as_tsv, as_xml, refuse_unsafe_xml
from diplograph.store.sparql import QueryResult

PREFIXES = {
    "dg": "https://w3id.org/diplograph/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "wd": "http://www.wikidata.org/entity/",
}
"""Prefixes written in Turtle, TriG and the JSON-LD context (inline: a reader never fetches a context)."""


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def serialize_graph(graph: Graph, representation: Representation) -> bytes:
    """Write a graph in one RDF serialisation (TriG: the default graph); RDF/XML refuses what XML cannot carry."""
    if representation is TRIG:
        dataset = Dataset()
        for triple in graph:
            dataset.add(triple)
        return serialize_dataset(dataset, representation)
    _bind(graph)
    if representation is JSONLD:
        return graph.serialize(format="json-ld", context=_context(graph), auto_compact=True, indent=1).encode()
    if representation is NTRIPLES:
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True))).encode()
    if representation is RDFXML:
        refuse_unsafe_xml((term for triple in graph for term in triple), "this description")
    return graph.serialize(format=representation.rdflib_format, encoding="utf-8")


def serialize_dataset(dataset: Dataset, representation: Representation) -> bytes:
    """Write a dataset: TriG and JSON-LD keep its named graphs; the triple formats get the union of its graphs."""
    if representation is TRIG:
        _bind(dataset)
        return dataset.serialize(format="trig", encoding="utf-8")
    if representation is JSONLD:
        _bind(dataset)
        context = _context(dataset)
        return dataset.serialize(format="json-ld", context=context, auto_compact=True, indent=1).encode()
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return serialize_graph(union, representation)


def _context(graph: Graph) -> dict[str, str]:
    used = {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects() if isinstance(o, URIRef)}
    return {prefix: ns for prefix, ns in PREFIXES.items() if any(term.startswith(ns) for term in used)}


def gzip_bytes(data: bytes) -> bytes:
    """Compress a dump reproducibly (no timestamp in the header)."""
    return gzip.compress(data, mtime=0)


def sparql_results(result: QueryResult, representation: Representation) -> bytes:
    """Write a SELECT or ASK answer in a SPARQL 1.1 results format (NotXmlSafe: XML cannot carry a value)."""
    if representation is SPARQL_XML:
        return as_xml(result).encode()
    if result.kind == "ask":
        if representation is SPARQL_JSON:
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
        return f"_askResult\n{'true' if result.boolean else 'false'}\n".encode()
    if representation is SPARQL_JSON:
        return as_json(result, compact=True).encode()
    if representation is SPARQL_CSV:
        return as_csv(result).encode()
    if representation is SPARQL_TSV:
        return as_tsv(result).encode()
    raise ValueError(f"not a SPARQL results format: {representation.media_type}")
