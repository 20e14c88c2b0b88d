"""The static site's resource pages and RDF twins, written by worker processes that each read the store.

Most of a publication is the same work for tens of thousands of resources: one bounded description,
two HTML pages, the RDF twins. Each worker process opens the built store read-only (Oxigraph allows
many readers), learns every label once (one query instead of one per page) and writes its share of
the resources straight into the staging folder; the parent only hands out chunks and adds up what
was written. The twins are written by Oxigraph's own serialisers from the store's terms, which is
some forty times faster than going through rdflib graphs for each resource.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph.publish import describe as d
from diplograph.publish.formats import PREFIXES
from diplograph.publish.iri import IriPolicy
from diplograph.publish.negotiation import (
    JSONLD,
    NTRIPLES,
    RDFXML,
    SUPPORTED_LANGUAGES,
    TRIG,
    TURTLE,
    Representation,
)
from diplograph.publish.pages import PageMaker
from diplograph.publish.reader import StoreReader, to_rdflib
from diplograph.store.results import NotXmlSafe, refuse_unsafe_xml
from diplograph.terms import to_oxigraph

STATIC_TIMELINE, STATIC_REFERENCES = 150, 100
"""A static page lists at most this many dated items and referring resources (the server: 500 and 300).

A state's page listed 500 dated items and 300 resources referring to it, 190 kB a page; its partners
link to the relation pages, which list everything between two states, and SPARQL answers the rest.
"""

COMPRESSED_TWINS = (TURTLE,)
"""Twins the static site stores gzip-compressed, as `index.ttl.gz`: a third of their size, a fifth of the site.

The rewrite rules answer `index.ttl` from it (Content-Encoding: gzip; nginx unpacks it for a client
that does not take gzip), so the document's URL, the pages' links and content negotiation are unchanged.
"""

CHUNK = 200
"""Resources a worker writes per task: large enough to keep the hand-out cheap, small enough to share the tail."""

_OX_FORMATS = {
    TURTLE.name: ox.RdfFormat.TURTLE,
    JSONLD.name: ox.RdfFormat.JSON_LD,
    NTRIPLES.name: ox.RdfFormat.N_TRIPLES,
    RDFXML.name: ox.RdfFormat.RDF_XML,
    TRIG.name: ox.RdfFormat.TRIG,
}


@dataclass
class Written:
    """What one chunk (or the whole run) wrote."""

    resources: int = 0
    pages: int = 0
    files: int = 0
    bytes: int = 0
    page_bytes: list[int] = field(default_factory=list)

    def add(self, other: Written) -> None:
        """Count another chunk in."""
        self.resources += other.resources
        self.pages += other.pages
        self.files += other.files
        self.bytes += other.bytes
        self.page_bytes += other.page_bytes


def all_labels(reader: StoreReader) -> dict[Node, list[Literal]]:
    """Every name of every IRI in the store, preferred predicates first (what `labels_of` gives, for all at once)."""
    names: dict[Node, list[Literal]] = {}
    for predicate in d.LABEL_PREDICATES:
        # One predicate at a time, so the store reads its predicate index instead of every triple.
        rows = reader.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?s) && isLiteral(?o)) }}")
        for s, o in sorted(rows.rows, key=lambda row: str(row[1])):
            values = names.setdefault(s, [])
            if o not in values:
                values.append(o)
    return names


LabelQuads = dict[ox.NamedNode, list[ox.Quad]]


def label_quads(store: ox.Store) -> LabelQuads:
    """Every naming quad of the store (rdfs:label, skos:prefLabel, dcterms:title), by the IRI it names."""
    found: LabelQuads = {}
    for predicate in d.LABEL_PREDICATES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None):
            if isinstance(quad.subject, ox.NamedNode):
                found.setdefault(quad.subject, []).append(quad)
    return found


_SUB_NODE_LINKS = {ox.NamedNode(str(p)) for p in d.SUB_NODE_LINKS}


def describe_terms(store: ox.Store, iri: str, labels: LabelQuads) -> tuple[d.Description, list[ox.Quad]]:
    """The bounded description of one IRI (as `describe.DESCRIBE_QUERY` defines it), read from the store's indexes.

    Returned as rdflib quads for the page and as Oxigraph quads for the twins. The store's quads are
    read by pattern (subject, then each sub-node) and the names of what they point to come from
    `labels`, read once: a SPARQL query per resource cost more than everything else a page needs.
    """
    subject = ox.NamedNode(iri)
    own = [q for q in store.quads_for_pattern(subject, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]
    quads = set(own)
    pointed = [q.object for q in own]
    sub_nodes = {q.object for q in own if isinstance(q.object, ox.BlankNode) or q.predicate in _SUB_NODE_LINKS}
    for node in sub_nodes:
        for quad in store.quads_for_pattern(node, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                quads.add(quad)
                pointed.append(quad.object)
    for node in set(pointed):
        if isinstance(node, ox.NamedNode):
            quads.update(labels.get(node, ()))
    ordered = sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)))
    converted = [tuple(map(to_rdflib, (q.subject, q.predicate, q.object, q.graph_name))) for q in ordered]
    converted.sort(key=lambda q: tuple(d._sort_key(t) for t in q))
    return d.Description(URIRef(iri), converted), ordered


def _used_prefixes(quads: list[ox.Quad]) -> dict[str, str]:
    """The prefixes whose namespace a description's IRIs (or literals' datatypes) use."""
    text = " ".join(str(q) for q in quads)
    return {prefix: ns for prefix, ns in PREFIXES.items() if f"<{ns}" in text}


def twin_bytes(quads: list[ox.Quad], representation: Representation, description: d.Description, path: str) -> bytes:
    """One RDF twin of a description: TriG keeps the named graphs, the other formats the distinct triples."""
    fmt = _OX_FORMATS[representation.name]
    if representation is TRIG:
        items: list = quads
    else:
        seen: dict[ox.Triple, None] = {}
        for quad in quads:
            seen.setdefault(quad.triple, None)
        items = list(seen)
    if representation is RDFXML:
        try:
            refuse_unsafe_xml((t for quad in description.quads for t in quad[:3]), "this description")
        except NotXmlSafe as error:  # a static host cannot answer 406: refuse the publication, clearly
            reason = str(error).split(";")[0].replace("this description", "its description")
            raise NotXmlSafe(f"cannot write /{path}/index.rdf: {reason}; remove it from the data") from None
    if representation is NTRIPLES:
        text = ox.serialize(items, format=fmt)
        return b"".join(sorted(text.splitlines(keepends=True)))
    prefixes = None
    if representation in (TURTLE, TRIG, RDFXML):
        prefixes = _used_prefixes(quads)
    return ox.serialize(items, format=fmt, prefixes=prefixes)


_worker: dict[str, object] = {}


def _start(
    spec: str | StoreReader,
    base: str,
    published: list[str],
    endpoint: bool,
    twins: tuple[Representation, ...],
    translated: frozenset[str],
    labels: dict[Node, list[Literal]],
    pairs: list[tuple[str, str]] = (),
) -> None:
    """Open the store in this worker and learn what every page needs: the published IRIs and every label."""
    reader = spec if isinstance(spec, StoreReader) else StoreReader(spec)
    policy = IriPolicy(base)
    pages = {URIRef(i) for i in published}
    maker = PageMaker(
        reader,
        policy,
        static=True,
        endpoint=endpoint,
        graph_view=False,
        exists=lambda iris: {i for i in iris if i in pages},
        labels=labels,
        twin_representations=twins,
        translated=translated,
        relations=frozenset(f"{a}-{b}" for a, b in pairs),
        timeline_limit=STATIC_TIMELINE,
        reference_limit=STATIC_REFERENCES,
    )
    _worker.update(reader=reader, policy=policy, maker=maker, twins=twins, translated=translated)
    if reader.embedded is not None:
        _worker["label_quads"] = label_quads(reader.embedded)


_INDENTATION = re.compile(r"\n[ \t]+")


def compact(html: str) -> str:
    """A page without the templates' indentation (8 MB of the full site); the static pages hold no <pre>."""
    return _INDENTATION.sub("\n", html)


def _page_name(lang: str) -> str:
    return "index.html" if lang == "en" else f"index.{lang}.html"


def _write_chunk(task: tuple[str, list[str]]) -> Written:
    """Write the pages and twins of a chunk of resources under the staging folder."""
    root, iris = task
    reader: StoreReader = _worker["reader"]  # type: ignore[assignment]
    policy: IriPolicy = _worker["policy"]  # type: ignore[assignment]
    maker: PageMaker = _worker["maker"]  # type: ignore[assignment]
    twins: tuple[Representation, ...] = _worker["twins"]  # type: ignore[assignment]
    translated: frozenset[str] = _worker["translated"]  # type: ignore[assignment]
    written = Written()
    for iri in iris:
        path = policy.path(iri) or ""
        folder = os.path.join(root, path)
        os.makedirs(folder, exist_ok=True)
        if reader.embedded is not None:
            description, quads = describe_terms(reader.embedded, iri, _worker["label_quads"])
        else:
            description = d.describe(reader, iri)
            quads = [ox.Quad(*(to_oxigraph(t) for t in quad[:3]), to_oxigraph(quad[3])) for quad in description.quads]
        files: dict[str, bytes] = {}
        langs = SUPPORTED_LANGUAGES if path in translated else ("en",)
        for lang, html in maker.resource_pages(description, langs).items():
            files[_page_name(lang)] = compact(html).encode()
        for representation in twins:
            name = f"index.{representation.extension}"
            data = twin_bytes(quads, representation, description, path)
            if representation in COMPRESSED_TWINS:
                files[name + ".gz"] = gzip.compress(data, compresslevel=9, mtime=0)
            else:
                files[name] = data
        for name, data in files.items():
            with open(os.path.join(folder, name), "wb") as out:
                out.write(data)
            written.files += 1
            written.bytes += len(data)
            if name.endswith(".html"):
                written.pages += 1
                written.page_bytes.append(len(data))
        written.resources += 1
    return written


def _write_relations(task: tuple[str, list[tuple[str, str]]]) -> Written:
    """Write the pages (every language) of a chunk of relations between two states."""
    from diplograph.publish.relations import relation_context, relation_facts, relation_path

    root, pairs = task
    maker: PageMaker = _worker["maker"]  # type: ignore[assignment]
    written = Written()
    for a, b in pairs:
        path = relation_path(a, b)
        os.makedirs(os.path.join(root, path), exist_ok=True)
        facts = relation_facts(maker, a, b)
        for lang in SUPPORTED_LANGUAGES:
            link = maker.linker(path, lang)
            data = compact(maker.render("relation.html", lang, link, relation_context(maker, link, lang, a, b, facts)))
            data = data.encode()
            with open(os.path.join(root, path, _page_name(lang)), "wb") as out:
                out.write(data)
            written.files += 1
            written.pages += 1
            written.bytes += len(data)
            written.page_bytes.append(len(data))
    return written


def _write_dumps(folder: str) -> None:
    """Write the dumps into `folder` (a worker's task, beside the others' pages)."""
    from diplograph.publish.dumps import write_dumps

    os.makedirs(folder, exist_ok=True)
    write_dumps(_worker["reader"], lambda name: open(os.path.join(folder, name), "wb"))  # type: ignore[arg-type]  # noqa: SIM115


def write_resources(
    reader: StoreReader,
    policy: IriPolicy,
    resources: list[URIRef],
    root: Path,
    endpoint: bool,
    twins: tuple[Representation, ...],
    translated: frozenset[str],
    workers: int | None = None,
    on_progress: Callable[[str], None] = lambda message: None,
    pairs: list[tuple[str, str]] | None = None,
    dumps: str | None = None,
) -> Written:
    """Write every resource's pages and twins, the relation pages of `pairs` and the dumps (into the folder
    `dumps`, if given), in `workers` processes."""
    total = Written()
    chunks = [
        (str(root), [str(i) for i in resources[start : start + CHUNK]]) for start in range(0, len(resources), CHUNK)
    ]
    published = [str(i) for i in resources]
    workers = workers or os.cpu_count() or 1
    labels = all_labels(reader)
    if reader.spec.kind != "oxigraph" or workers == 1 or len(chunks) < 2:
        _start(reader, policy.base, published, endpoint, twins, translated, labels, pairs or [])
        for chunk in chunks:
            total.add(_write_chunk(chunk))
            on_progress(f"{total.resources}/{len(resources)} resources")
        if pairs:
            total.add(_write_relations((str(root), pairs)))
        if dumps:
            _write_dumps(dumps)
        return total
    context = multiprocessing.get_context("spawn")  # the parent holds the store open: never fork it
    arguments = (str(reader.spec), policy.base, published, endpoint, twins, translated, labels, pairs or [])
    with context.Pool(workers, _start, arguments) as pool:
        dumped = pool.apply_async(_write_dumps, (dumps,)) if dumps else None  # one worker, while the others write pages
        for written in pool.imap_unordered(_write_chunk, chunks):
            total.add(written)
            on_progress(f"{total.resources}/{len(resources)} resources")
        if pairs:
            on_progress("relations")
            tasks = [(str(root), pairs[start : start + 20]) for start in range(0, len(pairs), 20)]
            for written in pool.imap_unordered(_write_relations, tasks):
                total.add(written)
        if dumped is not None:
            dumped.get()
    return total
