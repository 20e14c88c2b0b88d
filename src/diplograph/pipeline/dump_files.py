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
import os
from contextlib import nullcontext
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
    rebuild touched. Without both, every graph is serialised. The reused chunks are copied file to file by
    the kernel (`os.copy_file_range`), runs of neighbouring chunks at once: a label edit of the real corpus
    rewrote 220 MB of dumps through Python's buffers in 1.4 s.
    """
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    old = _previous(folder, previous_build) if previous_build is not None and changed is not None else None
    index: dict = {"build": build_id, "chunks": {}}
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for name, rdf_format in DUMPS.items():
        old_chunks = old["chunks"][name] if old else {}
        target = folder / name
        temporary = target.with_name(f".{name}.tmp-{os.getpid()}")
        chunks: dict[str, tuple[int, int]] = {}
        try:
            with temporary.open("wb") as out, target.open("rb") if old else nullcontext() as reader:
                run: list[int] = []  # [start, length] of the previous dump's bytes to copy next
                for graph in graphs:
                    place = old_chunks.get(graph.value)
                    position = out.tell() + (run[1] if run else 0)
                    if reader is not None and place is not None and graph.value not in (changed or set()):
                        if run and run[0] + run[1] == place[0]:
                            run[1] += place[1]
                        else:
                            _copy(reader, out, run)
                            run = [place[0], place[1]]
                        chunks[graph.value] = (position, place[1])
                        continue
                    _copy(reader, out, run)
                    run = []
                    data = _chunk(store, graph, rdf_format)
                    out.write(data)
                    chunks[graph.value] = (position, len(data))
                _copy(reader, out, run)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        index["chunks"][name] = chunks
        written.append(target)
    write_atomically(folder / INDEX_FILE, json.dumps(index).encode())
    return written


def _copy(reader, out, run: list[int]) -> None:
    """Copy `run` ([start, length]) of the previous dump to the end of `out`, inside the kernel where it can."""
    if not run:
        return
    out.flush()
    start, length = run
    while length:
        try:
            done = os.copy_file_range(reader.fileno(), out.fileno(), length, start)
        except (AttributeError, OSError):  # not Linux, or not between these two files: through a buffer
            reader.seek(start)
            done = len(data := reader.read(min(length, 1 << 24)))
            out.write(data)
            out.flush()
        if done == 0:
            raise OSError(f"the previous dump {reader.name} is shorter than its index says")
        start, length = start + done, length - done
    out.seek(0, os.SEEK_END)
