"""Where the built graph lives: the embedded Oxigraph store by default, written atomically."""

from __future__ import annotations

import os
import shutil
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

DEFAULT_STORE = "oxigraph:build/store"
"""The store used when neither --store, DIPLOGRAPH_STORE nor diplograph.toml says otherwise."""

DEFAULT_DUMP = "build/dumps/diplograph.nq"
"""The N-Quads dump that the `memory` store reads when it names no file."""

CONFIG_FILE = "diplograph.toml"
"""An optional file in the current folder: `store = "..."` and `timeout = SECONDS`."""


class StoreError(Exception):
    """A store that cannot be opened or written."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed --store value: `oxigraph:PATH`, `memory` or `sparql:QUERY_URL[,UPDATE_URL]`."""

    kind: str
    location: str = ""

    @classmethod
    def parse(cls, text: str | None) -> StoreSpec:
        """Read a store specification, falling back to DIPLOGRAPH_STORE, diplograph.toml, then the default."""
        text = text or os.environ.get("DIPLOGRAPH_STORE") or read_config().get("store") or DEFAULT_STORE
        kind, _, location = str(text).partition(":")
        if kind == "memory":
            return cls("memory", location)
        if kind == "oxigraph" and location:
            return cls(kind, location)
        if kind == "sparql" and location:
            spec = cls(kind, location)
            spec.endpoints()  # check the URLs now
            return spec
        raise StoreError(
            f"unknown store {text!r}: use oxigraph:PATH (embedded, the default), memory[:DUMP.nq] (rdflib), "
            "or sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]"
        )

    def endpoints(self) -> SparqlEndpoints:
        """The URLs of a `sparql:` store: query, and optionally update and Graph Store Protocol."""
        urls = [url.strip() for url in self.location.split(",")]
        if len(urls) > 3 or not all(url.startswith(("http://", "https://")) for url in urls):
            raise StoreError(
                f"cannot read the SPARQL store {self.location!r}: "
                "write sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]] "
                "with http(s) URLs, e.g. sparql:http://localhost:7878/query,http://localhost:7878/update"
            )
        return SparqlEndpoints(urls[0], urls[1] if len(urls) > 1 else None, urls[2] if len(urls) > 2 else None)

    @property
    def dump(self) -> Path:
        """The N-Quads (or TriG) file that a `memory` store is loaded from."""
        return Path(self.location or DEFAULT_DUMP)

    @property
    def path(self) -> Path:
        """The folder of an embedded Oxigraph store."""
        return Path(self.location)

    def __str__(self) -> str:
        return f"{self.kind}:{self.location}" if self.location else self.kind


@dataclass(frozen=True)
class SparqlEndpoints:
    """Where a SPARQL 1.1 server answers queries, takes updates and serves its Graph Store."""

    query: str
    update: str | None = None
    graph_store: str | None = None


def read_config(folder: Path | None = None) -> dict:
    """Read diplograph.toml from the current folder, or nothing if there is none."""
    path = (folder or Path.cwd()) / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise StoreError(f"{path}: cannot read the configuration: {error}") from None


def write_oxigraph(path: Path, quads: Iterable[ox.Quad], sidecars: dict[str, bytes] | None = None) -> None:
    """Write a new Oxigraph store at `path`, swapping it in only once it is complete.

    The store is built in a sibling folder; `sidecars` are files written into that folder with it
    (the build manifest). `swap_in` then puts the folder in place.
    """
    staging = staging_folder(path)
    try:
        store = ox.Store(str(staging))
        try:
            store.bulk_extend(quads)
            store.flush()
            store.optimize()
        finally:
            del store  # closed before the folder is swapped in or removed (RocksDB writes while it is open)
        write_sidecars(staging, sidecars or {})
        swap_in(staging, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def staging_folder(path: Path) -> Path:
    """An empty sibling folder name where a new version of the store at `path` is prepared."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def write_sidecars(folder: Path, sidecars: dict[str, bytes]) -> None:
    """Write files that travel with the store inside its folder (RocksDB leaves unknown names alone)."""
    for name, data in sidecars.items():
        (folder / name).write_bytes(data)


def swap_in(staging: Path, path: Path) -> None:
    """Move a finished store folder to `path`, so that a failure at any step leaves a complete store there.

    The previous store is moved aside, the new one moved into place and only then the previous one
    removed. Readers that opened the previous store keep reading it until they close it.
    """
    path = path.resolve()
    previous = path.with_name(f".{path.name}.previous-{os.getpid()}")
    if path.exists():
        path.rename(previous)
    try:
        staging.rename(path)
    except OSError:
        if previous.exists():
            previous.rename(path)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def open_oxigraph(path: Path) -> ox.Store:
    """Open a built store for reading, or say how to build one."""
    if not path.is_dir():
        raise StoreError(f"no store at {path}: run `diplograph build` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as error:
        raise StoreError(f"cannot open the store at {path}: {error}") from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file through a temporary sibling and a rename, so readers never see half of it; the temporary name is
    this thread's own, as two threads of a server may write the same file at once (a kept answer)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)
