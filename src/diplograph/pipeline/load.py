"""Load the ontology and the data files into a working dataset, one named graph per file."""

from __future__ import annotations

import mmap
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from diplograph.namespaces import (
    DEFAULT_BASE,
    GRAPH,
    ONTOLOGY_GRAPH,
    REFERENCE_STATES_GRAPH,
    SCHEMES_GRAPH,
    graph_for_file,
)
from diplograph.reference import states_graph

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
"""The data file formats diplograph reads, by file extension."""

CARD_SUFFIXES = (".yaml", ".yml")
"""Meeting cards (pipeline/cards.py), compiled to RDF against what the other files hold."""

ONTOLOGY_FILES = {
    "diplograph.ttl": ONTOLOGY_GRAPH,
    "schemes.ttl": SCHEMES_GRAPH,
    "alignments.ttl": GRAPH["alignments"],
    "shapes.ttl": GRAPH["shapes"],
}
"""The files of ontology/ and the named graph each is loaded into."""


class LoadError(Exception):
    """A data file that cannot be read, with the place of the fault."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: int | None = None):
        self.path, self.message, self.line, self.column = path, message, line, column
        where = str(path) if line is None else f"{path}:{line}" if column is None else f"{path}:{line}:{column}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class SourceFile:
    """A file of RDF and the named graph it is loaded into."""

    path: Path
    graph: str
    label: str


def ontology_files(ontology_dir: Path) -> list[SourceFile]:
    """List the ontology files present, each with its fixed named graph."""
    found = []
    for name, graph in ONTOLOGY_FILES.items():
        path = ontology_dir / name
        if path.is_file():
            found.append(SourceFile(path, str(graph), f"ontology/{name}"))
    return found


def data_files(data_dir: Path) -> list[SourceFile]:
    """List the RDF files under data/ in a stable order, each with a graph named after its path."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and (path.suffix in FORMATS or path.suffix in CARD_SUFFIXES):
            relative = path.relative_to(data_dir).as_posix()
            found.append(SourceFile(path, graph_for_file(relative), f"data/{relative}"))
    return found


def import_files(imports_dir: Path | None) -> list[SourceFile]:
    """List the N-Quads files under an imports folder (`diplograph import`), each with the graph it holds.

    An import writes one named graph per file; the graph is read from the file's first quad, so that
    the file, not its name, says where its triples go.
    """
    if imports_dir is None or not imports_dir.is_dir():
        return []
    found = []
    for path in sorted(imports_dir.rglob("*.nq")):
        with path.open("rb") as file:
            first = file.readline()
        try:
            quads = list(ox.parse(first, format=ox.RdfFormat.N_QUADS)) if first.strip() else []
        except SyntaxError as error:
            raise LoadError(path, _first_line(error.msg), 1, error.offset) from None
        if not quads or not isinstance(quads[0].graph_name, ox.NamedNode):
            raise LoadError(path, "an imported N-Quads file must put its triples in a named graph", 1)
        relative = path.relative_to(imports_dir).as_posix()
        found.append(SourceFile(path, quads[0].graph_name.value, f"imports/{relative}"))
    return found


def card_file_quads(
    source: SourceFile, context: ox.Store, looked_up: set[str] | None = None, hints: bool = True
) -> list[ox.Quad]:
    """Compile a meeting card into quads of its graph; its faults become a LoadError at the card's line."""
    from diplograph.pipeline.card_reader import CardError
    from diplograph.pipeline.cards import card_quads

    try:
        return card_quads(source.path, context, source.graph, looked_up, hints)
    except CardError as error:
        first = error.problems[0]
        more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
        raise LoadError(source.path, f"{first.field}: {first.message}{more}", first.line, 1) from None


def parse_file(source: SourceFile, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Parse one file into quads of its named graph, mapping the default base to `base`."""
    rdf_format = FORMATS.get(source.path.suffix, ox.RdfFormat.TURTLE)
    graph = ox.NamedNode(source.graph)
    if rdf_format == ox.RdfFormat.RDF_XML:
        refuse_declarations(source.path)
    try:
        parsed = list(ox.parse(path=str(source.path), format=rdf_format))
    except SyntaxError as error:
        raise LoadError(source.path, _first_line(error.msg), error.lineno, error.offset) from None
    except (OSError, ValueError) as error:
        raise LoadError(source.path, str(error)) from None
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
        for q in parsed
    ]
    return rebase_instances(quads, base)


_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_declarations(path: Path) -> None:
    """Refuse an RDF/XML file with a DOCTYPE or ENTITY declaration before any parser sees it.

    Entities defined in terms of each other ("billion laughs") expand to gigabytes from a few hundred
    bytes, and RDF/XML has no use for a DTD. The file is searched through a memory map, not read whole;
    Oxigraph reads RDF/XML only in UTF-8, so the bytes are searched as they are.
    """
    with path.open("rb") as file:
        if path.stat().st_size == 0:
            return
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            found = _DECLARATION.search(data)
            if found is None:
                return
            line = data[: found.start()].count(b"\n") + 1
            word = found.group(1).decode("ascii").upper()
    raise LoadError(
        path,
        f"<!{word} declarations are refused in data files: entity definitions can expand to gigabytes "
        '("billion laughs") and RDF/XML needs no document type; remove the <!DOCTYPE ...> block',
        line,
    )


def _first_line(message: str) -> str:
    return message.splitlines()[0] if message else "syntax error"


def rebase_instances(quads: list[ox.Quad], base: str) -> list[ox.Quad]:
    """Move instance and graph IRIs (id/, graph/) from the default base to `base`.

    The ontology namespace is a published vocabulary and keeps its IRI whatever the base.
    """
    if base == DEFAULT_BASE:
        return quads
    moved = tuple(DEFAULT_BASE + part for part in ("id/", "graph/"))

    def term(node):
        if isinstance(node, ox.NamedNode) and node.value.startswith(moved):
            return ox.NamedNode(base + node.value[len(DEFAULT_BASE) :])
        return node

    return [ox.Quad(term(q.subject), q.predicate, term(q.object), term(q.graph_name)) for q in quads]


@lru_cache(maxsize=4)
def reference_quads(base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Return the pycountry states as quads of the reference graph (computed once per base)."""
    graph = ox.NamedNode(str(REFERENCE_STATES_GRAPH))
    data = states_graph().serialize(format="nt", encoding="utf-8")
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    return rebase_instances(quads, base)


def load_dataset(
    ontology_dir: Path,
    data_dir: Path,
    base: str = DEFAULT_BASE,
    imports_dir: Path | None = None,
    looked_up: set[str] | None = None,
) -> tuple[ox.Store, list[SourceFile]]:
    """Load ontology, reference states, every data file and every imported graph into an in-memory store.

    The texts the meeting cards name things by label are added to `looked_up` (for the next rebuild)."""
    store = ox.Store()
    sources = ontology_files(ontology_dir) + data_files(data_dir) + import_files(imports_dir)
    store.extend(reference_quads(base))
    for source in sources:
        if source.path.suffix not in CARD_SUFFIXES:
            load_file(store, source, base)
    load_cards(store, [s for s in sources if s.path.suffix in CARD_SUFFIXES], base, looked_up)
    return store, sources


def load_cards(
    store: ox.Store, cards: list[SourceFile], base: str = DEFAULT_BASE, looked_up: set[str] | None = None
) -> None:
    """Compile and load meeting cards after the other files; a card naming what a later card defines waits for it."""
    pending = list(cards)
    while pending:
        failed: list[tuple[SourceFile, LoadError]] = []
        for source in pending:
            try:
                store.extend(rebase_instances(card_file_quads(source, store, looked_up, hints=False), base))
            except LoadError as error:
                failed.append((source, error))
        if len(failed) == len(pending):
            # Report a card's own fault before the faults of the cards that wait for it.
            dangling = ("nothing in the graph is id/", "unknown reference")
            own = [(s, error) for s, error in failed if not any(d in error.message for d in dangling)]
            source, error = (own or failed)[0]
            card_file_quads(source, store, looked_up)  # the same fault again, now with the nearest labels
            raise error
        pending = [source for source, _ in failed]


def load_file(store: ox.Store, source: SourceFile, base: str = DEFAULT_BASE) -> None:
    """Load one file into its named graph; at the default base Oxigraph parses straight into the store.

    A meeting card is compiled against what the store already holds (so load it after the Turtle).
    """
    if source.path.suffix in CARD_SUFFIXES:
        store.extend(rebase_instances(card_file_quads(source, store), base))
        return
    if base != DEFAULT_BASE:
        store.extend(parse_file(source, base))
        return
    rdf_format = FORMATS.get(source.path.suffix, ox.RdfFormat.TURTLE)
    if rdf_format == ox.RdfFormat.RDF_XML:
        refuse_declarations(source.path)
    try:
        store.load(path=str(source.path), format=rdf_format, to_graph=ox.NamedNode(source.graph))
    except SyntaxError as error:
        raise LoadError(source.path, _first_line(error.msg), error.lineno, error.offset) from None
    except (OSError, ValueError) as error:
        raise LoadError(source.path, str(error)) from None
