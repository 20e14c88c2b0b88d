"""The ontology at its namespace IRI: the Turtle source, other RDF serialisations, and pyLODE's HTML documentation."""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from pathlib import Path

from rdflib import Graph

from diplograph.publish.formats import serialize_graph
from diplograph.publish.iri import ONTOLOGY_NAMESPACE
from diplograph.publish.negotiation import TURTLE, Representation
from diplograph.resources import ontology_dir

_lock = threading.Lock()


def ontology_file() -> Path:
    """The ontology's source file, ontology/diplograph.ttl."""
    return ontology_dir() / "diplograph.ttl"


@cache
def ontology_graph() -> Graph:
    """The ontology parsed from its local file (never from the web)."""
    graph = Graph()
    graph.parse(ontology_file(), format="turtle")
    return graph


def ontology_rdf(representation: Representation) -> bytes:
    """The ontology in an RDF serialisation; Turtle is the source file itself, comments and all."""
    if representation is TURTLE:
        return ontology_file().read_bytes()
    return serialize_graph(ontology_graph(), representation)


@cache
def ontology_html() -> str:
    """pyLODE's documentation of the ontology, with an anchor for every term's local name.

    pyLODE names its sections after labels (`state`, `Meeting`), so an anchor `#State` is added
    before each section: the hash IRIs `…/ontology#State` then land on their term in a browser.
    pyLODE reads the local file and its own bundled background ontologies; it fetches nothing.
    """
    with _lock:
        from pylode import OntPub

        root = logging.getLogger()
        level, handlers = root.level, list(root.handlers)
        root.setLevel(logging.WARNING)
        try:
            html = OntPub(ontology=str(ontology_file())).make_html()
        finally:
            root.setLevel(level)
            for handler in list(root.handlers):
                if handler not in handlers:
                    root.removeHandler(handler)
    return add_term_anchors(html)


_SECTION = re.compile(
    r'(<div class="property entity" id="[^"]*">)(\s*<h3>.*?<code>'
    + re.escape(ONTOLOGY_NAMESPACE)
    + r"([A-Za-z0-9_-]+)</code>)",
    re.S,
)


_BLANK_LINK = re.compile(r'<a href="(n[0-9a-f]{32,40})">n[0-9a-f]{32,40}</a>')


def add_term_anchors(html: str) -> str:
    """Put `<span id="LocalName">` at the head of each term's section, unless pyLODE's id is already that.

    Also unlinks the blank-node ids pyLODE writes for nested anonymous classes (they name no page).
    """

    def anchor(match: re.Match) -> str:
        opening, rest, local = match.group(1), match.group(2), match.group(3)
        if f'id="{local}"' in opening:
            return match.group(0)
        return f'{opening}<span id="{local}"></span>{rest}'

    html = _SECTION.sub(anchor, html)
    # pyLODE writes a nested anonymous class as a link to its blank-node id, which leads nowhere
    return _BLANK_LINK.sub(r'<span class="anonymous" title="\1">(anonymous class)</span>', html)
