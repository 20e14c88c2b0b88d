"""Where the built graph lives: the embedded Oxigraph store by default, written atomically."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

DEFAULT_STORE = "oxigraph:build/store"
"""The store used when neither --store nor DIPLOGRAPH_STORE says otherwise."""


class StoreError(Exception):
    """A store that cannot be opened or written."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed --store value: `oxigraph:PATH`, `memory` or `sparql:QUERY_URL[,UPDATE_URL]`."""

    kind: str
    location: str = ""

    @classmethod
    def parse(cls, text: str | None) -> StoreSpec:
        """Read a store specification, falling back to DIPLOGRAPH_STORE and then the default."""
        text = text or os.environ.get("DIPLOGRAPH_STORE") or DEFAULT_STORE
        kind, _, location = text.partition(":")
        if kind == "memory" and not location:
            return cls("memory")
        if kind in ("oxigraph", "sparql") and location:
            return cls(kind, location)
        raise StoreError(
            f"unknown store {text!r}: use oxigraph:PATH (embedded, the default), memory, "
            "or sparql:QUERY_URL[,UPDATE_URL]"
        )

    @property
    def path(self) -> Path:
        """The folder of an embedded Oxigraph store."""
        return Path(self.location)

    def __str__(self) -> str:
        return f"{self.kind}:{self.location}" if self.location else self.kind


def write_oxigraph(path: Path, quads: Iterable[ox.Quad]) -> None:
    """Write a new Oxigraph store at `path`, swapping it in only once it is complete.

    The store is built in a sibling folder; the previous store is moved aside, the new one
    moved into place and only then the previous one removed, so that a failure at any step
    leaves a complete store at `path`.
    """
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.building-{os.getpid()}")
    previous = path.with_name(f".{path.name}.previous-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
        store.bulk_extend(quads)
        store.flush()
        store.optimize()
        del store
        if path.exists():
            path.rename(previous)
        try:
            staging.rename(path)
        except OSError:
            if previous.exists():
                previous.rename(path)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
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
    """Write a file through a temporary sibling and a rename, so readers never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)
