"""The build's dumps (TriG to read, N-Quads to load elsewhere), written graph by graph so a rebuild redoes only
the graphs it changed.

Each dump is the concatenation of one chunk per named graph (TriG allows its @prefix lines again before each
graph). An index beside the dumps (`diplograph-dumps.json`) records each chunk's place and length and which
build wrote them; a rebuild copies the chunks of the graphs it did not touch from the previous dumps and
serialises only the others. Dumping the whole HSG corpus takes a minute on a loaded machine; a label edit's
two graphs, milliseconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from diplograph.namespaces import DG
from diplograph.store.location import write_atomically

INDEX_FILE = "diplograph-dumps.json"
_PREFIXES = {
    "dg": str(DG),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
DUMPS = {"diplograph.trig": ox.RdfFormat.TRIG, "diplograph.nq": ox.RdfFormat.N_QUADS}


def _chunk(store: ox.Store, graph: ox.NamedNode, rdf_format: ox.RdfFormat) -> bytes:
    if rdf_format is ox.RdfFormat.N_QUADS:
        # N-Triples lines end in " .\n" (a literal's newlines are escaped): the graph goes before the dot.
        triples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        return triples.replace(b" .\n", f" {graph} .\n".encode())
    return ox.serialize(store.quads_for_pattern(None, None, None, graph), format=rdf_format, prefixes=_PREFIXES)


def _previous(folder: Path, build_id: str) -> dict | None:
    """The index of dumps that `build_id`'s build wrote in `folder`, if they are all still there as written."""
    try:
        index = json.loads((folder / INDEX_FILE).read_text())
    except (OSError, ValueError):
        return None
    if index.get("build") != build_id:
        return None
    for name in DUMPS:
        chunks = index.get("chunks", {}).get(name)
        path = folder / name
        if chunks is None or not path.is_file() or path.stat().st_size != sum(n for _, n in chunks.values()):
            return None
    return index


def write_dumps(
    store: ox.Store,
    folder: Path,
    build_id: str = "",
    previous_build: str | None = None,
    changed: set[str] | None = None,
) -> list[Path]:
    """Write the whole dataset as TriG and N-Quads, reusing the previous build's chunks of unchanged graphs.

    `build_id` names this build (the next one passes it as `previous_build`); `changed` lists the graphs a
    rebuild touched. Without both, every graph is serialised.
    """
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    old = _previous(folder, previous_build) if previous_build is not None and changed is not None else None
    index: dict = {"build": build_id, "chunks": {}}
    written = []
    for name, rdf_format in DUMPS.items():
        old_chunks = old["chunks"][name] if old else {}
        reader = (folder / name).open("rb") if old else None
        parts, chunks, position = [], {}, 0
        try:
            for graph in graphs:
                place = old_chunks.get(graph.value)
                if reader is not None and place is not None and graph.value not in (changed or set()):
                    reader.seek(place[0])
                    data = reader.read(place[1])
                else:
                    data = _chunk(store, graph, rdf_format)
                parts.append(data)
                chunks[graph.value] = (position, len(data))
                position += len(data)
        finally:
            if reader is not None:
                reader.close()
        write_atomically(folder / name, b"".join(parts))
        index["chunks"][name] = chunks
        written.append(folder / name)
    write_atomically(folder / INDEX_FILE, json.dumps(index).encode())
    return written
