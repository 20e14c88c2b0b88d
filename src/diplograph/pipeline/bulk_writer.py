"""Write the new on-disk store in a child process while the build checks the same files in memory.

Bulk-loading a million quads into RocksDB takes about as long as validating and reasoning over them,
and pyoxigraph holds the GIL while it loads, so a thread would not overlap the two: a child process
does. The child bulk-loads every source file into a staging folder, one named graph per file, as
the build's load step does in memory; the parent then adds what only it knows (the graph
descriptions and the inferences), checks that no file changed in between, and swaps the folder in.
Nothing is visible at the store's path before `finish`, and a failed build deletes the folder.

Child protocol: `python -m diplograph.pipeline.bulk_writer STAGING` reads a JSON list of
`[path, graph]` pairs on stdin and exits 0 once the store is flushed, or prints the error and exits 1.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from diplograph.pipeline.load import FORMATS, LoadError, SourceFile, reference_quads, refuse_declarations
from diplograph.pipeline.rebuild import FileRecord, record_files
from diplograph.store.location import StoreError, staging_folder, swap_in, write_sidecars


class BulkWriter:
    """The parent's side: start the child, then finish or abandon the store it writes."""

    def __init__(self, path: Path, sources: list[SourceFile]):
        self.path = path
        self.sources = sources
        self.records: dict[str, FileRecord] = record_files(sources)
        """The files as they were when the copy started, compared again before the swap."""
        self.staging = staging_folder(path)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "diplograph.pipeline.bulk_writer", str(self.staging)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert self.process.stdin is not None
        # Cards are compiled by the parent (they need the other files' triples): `finish` adds them.
        files = [[str(s.path), s.graph] for s in sources if s.path.suffix in FORMATS]
        self.process.stdin.write(json.dumps(files).encode())
        self.process.stdin.close()

    def finish(self, more: Iterable[ox.Quad], sidecars: dict[str, bytes]) -> None:
        """Wait for the child, add the reference states and `more`, then swap the store in at `path`."""
        try:
            assert self.process.stdout is not None
            output = self.process.stdout.read().decode(errors="replace").strip()
            if self.process.wait() != 0:
                raise StoreError(f"could not write the store at {self.path}: {output or 'the writer stopped'}")
            changed = [s.label for s in self.sources if _stamp(s.path) != _stamp_of(self.records[s.graph])]
            if changed:
                raise StoreError(f"{', '.join(changed)} changed during the build: run it again")
            target = ox.Store(str(self.staging))
            try:
                target.bulk_extend(reference_quads())
                target.bulk_extend(more)
                target.flush()
                target.optimize()
            finally:
                del target  # closed before the folder is swapped in or removed (RocksDB writes while it is open)
            write_sidecars(self.staging, sidecars)
            swap_in(self.staging, self.path)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def abandon(self) -> None:
        """Stop the child (the build failed) and delete what it wrote."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _stamp_of(record: FileRecord) -> tuple[int, int]:
    return record.size, record.mtime_ns


def write_files(staging: Path, files: list[tuple[str, str]]) -> None:
    """Bulk-load each file into its named graph of a new store at `staging` (the child's work)."""
    store = ox.Store(str(staging))
    for path, graph in files:
        rdf_format = FORMATS.get(Path(path).suffix, ox.RdfFormat.TURTLE)
        if rdf_format == ox.RdfFormat.RDF_XML:
            refuse_declarations(Path(path))  # this child reads the files while the parent checks them
        store.bulk_load(path=path, format=rdf_format, to_graph=ox.NamedNode(graph))  # as load.load_file does
    store.flush()


def main() -> None:
    """Entry point of the child process."""
    try:
        write_files(Path(sys.argv[1]), json.loads(sys.stdin.read()))
    except (OSError, SyntaxError, ValueError, LoadError) as error:
        print(f"{type(error).__name__}: {error}", flush=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
