"""Shared fixtures: one build of the real ontology and data per test session, in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from hsg_slice import link_hsg_slice

from diplograph.pipeline import hermit_cache
from diplograph.pipeline.build import BuildReport, build
from diplograph.resources import data_dir, ontology_dir
from diplograph.store.location import StoreSpec, open_oxigraph
from diplograph.store.sparql import run_oxigraph


def pytest_configure(config: pytest.Config) -> None:
    """Keep HermiT's conclusions for the test run (see pipeline/hermit_cache.py).

    Many tests build the same curated data; HermiT reasons over each distinct input once, and the
    builds after it read back its real conclusions on that very input. An input HermiT finds
    contradictory is never kept, so every inconsistency test still runs HermiT. Set here, before
    pytest-xdist starts its workers, the folder is shared by them all; the process that made it removes it.
    """
    if not os.environ.get(hermit_cache.CACHE_VARIABLE):
        folder = tempfile.mkdtemp(prefix="diplograph-hermit-cache-")
        os.environ[hermit_cache.CACHE_VARIABLE] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The workplace's shared folder (source readouts, HSG data), read in place, never copied."""


@dataclass
class BuiltStore:
    """A built store and the report of its build, with a helper to ask it SPARQL."""

    path: Path
    dumps: Path
    report: BuildReport

    def store(self) -> ox.Store:
        return open_oxigraph(self.path)

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run SELECT over the union of all graphs; rows as dicts of plain strings."""
        prefixes = (
            "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        )
        return run_oxigraph(self._store, prefixes + sparql).records()

    def ask(self, sparql: str) -> bool:
        prefixes = "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
        return bool(run_oxigraph(self._store, prefixes + sparql).boolean)

    def __post_init__(self) -> None:
        self._store = self.store()


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> BuiltStore:
    """Build the project's ontology and data once, as `diplograph build` does."""
    folder = tmp_path_factory.mktemp("build")
    spec = StoreSpec.parse(f"oxigraph:{folder / 'store'}")
    report = build(ontology_dir(), data_dir(), spec, folder / "dumps")
    return BuiltStore(folder / "store", folder / "dumps", report)


@pytest.fixture(scope="session")
def hsg_built_store(tmp_path_factory: pytest.TempPathFactory) -> BuiltStore:
    """Import a slice of the HSG snapshot (linked, not copied) and build it with the project's data, once."""
    from diplograph.sources.hsg.importer import run_import

    folder = tmp_path_factory.mktemp("hsg-build")
    run_import(link_hsg_slice(folder), folder / "imports")
    spec = StoreSpec.parse(f"oxigraph:{folder / 'store'}")
    report = build(ontology_dir(), data_dir(), spec, folder / "dumps", imports_dir=folder / "imports", full=True)
    return BuiltStore(folder / "store", folder / "dumps", report)


@pytest.fixture(scope="module")
def ask(built_store: BuiltStore):
    """Ask a catalogue question of the session's embedded store; rows as dicts of plain strings."""
    from diplograph.store.backends import open_backend
    from diplograph.store.catalogue import catalogue

    backend = open_backend(f"oxigraph:{built_store.path}")
    queries = catalogue()

    def question(name: str, **params: str) -> list[dict[str, str]]:
        query = queries[name]
        return backend.query(query.sparql, query.bindings(params)).records()

    yield question
    backend.close()


@dataclass
class CommandResult:
    status: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run the real `diplograph` command in a child process, as a user would."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CommandResult:
        environment = {**os.environ, "COLUMNS": "200", **(env or {})}
        done = subprocess.run(
            [sys.executable, "-m", "diplograph.cli", *args],
            cwd=cwd or tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return CommandResult(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (see tests/browser.py)."""
    from browser import chromium_browser

    with chromium_browser() as launched:
        yield launched


@pytest.fixture(scope="session")
def ld_server(built_store, tmp_path_factory: pytest.TempPathFactory):
    """`diplograph serve` over the built store, on a free loopback port (see tests/ld_server.py)."""
    from ld_server import running_server

    with running_server(built_store.path, tmp_path_factory.mktemp("serve")) as server:
        yield server


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from a copy of the data plus tests/fixtures/hostile (markup and script in literals)."""
    from ld_server import build_hostile_store

    return build_hostile_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture()
def slow_store_copy(built_store, tmp_path, monkeypatch):
    """A copy of the session's store (answers are written into its folder) where every answer counts as slow."""
    from diplograph.store import backends
    from diplograph.store.kept import FOLDER

    copy = tmp_path / "store"
    shutil.copytree(built_store.path, copy, ignore=shutil.ignore_patterns(FOLDER, "LOCK"))
    monkeypatch.setattr(backends, "KEEP_AFTER", 0.0)
    return copy
