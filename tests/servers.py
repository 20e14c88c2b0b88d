"""Real SPARQL servers for the tests: Oxigraph server and OpenLink Virtuoso, each on a free loopback port.

Each server runs in a temporary folder, is waited for until it answers a query, and is stopped
(terminate, then kill) when the test session ends. Import the fixtures into a test module with
`from servers import oxigraph_server, virtuoso_server`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
SERVER_QUERY_TIMEOUT_S = 5
"""The servers' own limit on a query, so that a query abandoned by a client stops using a core."""


@dataclass(frozen=True)
class RunningServer:
    """A SPARQL server started for the tests, with its endpoints and the --store value that reads it."""

    name: str
    query_url: str
    update_url: str
    store_url: str | None
    log: Path

    @property
    def store_spec(self) -> str:
        """The `--store` value of this server, naming the Graph Store endpoint when it has one."""
        urls = [self.query_url, self.update_url] + ([self.store_url] if self.store_url else [])
        return "sparql:" + ",".join(urls)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_sparql(url: str, process: subprocess.Popen, log: Path, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise RuntimeError(f"{url}: the server exited with {process.returncode}:\n{output}")
        try:
            answer = requests.get(
                url,
                params={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=2,
            )
            if answer.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url}: the server did not answer within {within:.0f} s:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextmanager
def run_oxigraph_server(folder: Path) -> Iterator[RunningServer]:
    """Run `oxigraph serve` on a free port with its data in `folder`."""
    # The test extras install it beside this Python, whether or not the environment is activated.
    executable = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if executable is None:
        raise RuntimeError("the `oxigraph` command is missing: python -m pip install '.[test]' installs it")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                executable,
                "serve",
                "--location",
                str(folder / "data"),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout-s",
                str(SERVER_QUERY_TIMEOUT_S),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_sparql(f"{base}/query", process, log, within=30)
        yield RunningServer("oxigraph-server", f"{base}/query", f"{base}/update", f"{base}/store", log)
    finally:
        _stop(process)


def _virtuoso_ini(template: str, folder: Path, sql_port: int, http_port: int) -> str:
    """The packaged virtuoso.ini with its files in `folder` and its two ports changed."""
    replacements = {
        r"^(DatabaseFile\s*=).*virtuoso\.db$": rf"\1 {folder}/virtuoso.db",
        r"^(ErrorLogFile\s*=).*$": rf"\1 {folder}/virtuoso.log",
        r"^(TransactionFile\s*=).*virtuoso\.trx$": rf"\1 {folder}/virtuoso.trx",
        r"^(xa_persistent_file\s*=).*$": rf"\1 {folder}/virtuoso.pxa",
        r"^(LockFile\s*=).*$": rf"\1 {folder}/virtuoso.lck",
        r"^(DatabaseFile\s*=).*virtuoso-temp\.db$": rf"\1 {folder}/virtuoso-temp.db",
        r"^(TransactionFile\s*=).*virtuoso-temp\.trx$": rf"\1 {folder}/virtuoso-temp.trx",
        r"^(DirsAllowed\s*=).*$": rf"\1 ., {folder}, /usr/share/virtuoso-opensource-7/vad",
        r"^(MaxQueryExecutionTime\s*=).*$": rf"\1 {SERVER_QUERY_TIMEOUT_S}",
        # Let a hopeless query start, so that the tests see diplograph's timeout, not Virtuoso's estimate
        # (0: no estimate limit; a large limit is not enough, as an estimate past 2^31 s wraps round).
        r"^(MaxQueryCostEstimationTime\s*=).*$": r"\1 0",
    }
    text = template
    for pattern, replacement in replacements.items():
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    # Both sections have a ServerPort: the first is SQL ([Parameters]), the second HTTP ([HTTPServer]).
    ports = iter((sql_port, http_port))
    text = re.sub(r"^ServerPort(\s*)=.*$", lambda m: f"ServerPort{m.group(1)}= {next(ports)}", text, flags=re.MULTILINE)
    return text


@contextmanager
def run_virtuoso(folder: Path) -> Iterator[RunningServer]:
    """Run Debian's Virtuoso on two free ports with its database in `folder`; let SPARQL update it."""
    if not VIRTUOSO_INI.is_file() or shutil.which("virtuoso-t") is None:
        raise RuntimeError("Virtuoso is missing: bash scripts/install-system-deps.sh installs it")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_virtuoso_ini(VIRTUOSO_INI.read_text(), folder, sql_port, http_port))
    log = folder / "virtuoso-console.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_for_sparql(f"{base}/sparql", process, log, within=120)
        # The anonymous user may neither update nor use the Graph Store until granted (verified-setup.md):
        # SPARQL_UPDATE for /sparql, and write permission on all graphs for /sparql-graph-crud.
        grants = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        subprocess.run(
            ["isql-vt", str(sql_port), "dba", "dba", f"exec={grants}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield RunningServer("virtuoso", f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud", log)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """An Oxigraph server, empty, for the whole session."""
    with run_oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A Virtuoso server, empty but for its system graphs, for the whole session."""
    with run_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def load_built_store(server: RunningServer, built_store) -> RunningServer:
    """Load the session's built dataset into a server, as `diplograph build --store sparql:...` writes it."""
    from diplograph.namespaces import configured_base
    from diplograph.store.location import StoreSpec
    from diplograph.store.remote import write_sparql

    write_sparql(StoreSpec.parse(server.store_spec), built_store.store(), configured_base())
    return server


@pytest.fixture(scope="session")
def loaded_oxigraph_server(oxigraph_server: RunningServer, built_store) -> RunningServer:
    """The Oxigraph server holding the session's build (graphs put through the Graph Store Protocol)."""
    return load_built_store(oxigraph_server, built_store)


@pytest.fixture(scope="session")
def loaded_virtuoso(virtuoso_server: RunningServer, built_store) -> RunningServer:
    """The Virtuoso server holding the session's build."""
    return load_built_store(virtuoso_server, built_store)


if __name__ == "__main__":  # pragma: no cover - a way to poke at a server by hand
    import sys
    import tempfile

    runner = run_virtuoso if sys.argv[1:] == ["virtuoso"] else run_oxigraph_server
    with tempfile.TemporaryDirectory() as temporary, runner(Path(temporary)) as running:
        print(running.store_spec, flush=True)
        with suppress(KeyboardInterrupt):
            signal.pause()
    os._exit(0)
