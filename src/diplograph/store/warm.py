"""Keep the catalogue's slow answers before anyone asks: every question asked once, right after a build.

The store keeps an answer that took the engine at least KEEP_AFTER seconds (store/kept.py), but only once
someone has asked for it, so the first ask after each build was live (at 1M: 0.4–23 s). Making the answers
inside the build would put those seconds into every rebuild, which must stay a second. So `diplograph build`
starts this module as a detached, low-priority process that opens the store read-only, as every reader does,
and asks each catalogue question with exactly the text a user's `diplograph query NAME` (with the parameters
of its `# example:` line, and with none where every parameter is optional) and the endpoint's example would
send; the kept answer is found by that text. `diplograph warm` does the same in the foreground.

The questions whose answers the previous warm of the store kept go first, quickest first (their times are kept
beside the store), so that most slow answers are ready soon after a build. One warmer per store at a time (a lock
file beside the store, which outlives the folder a rebuild swaps in); a new build stops the background warmers of
the store it replaces; a warmer whose store was swapped away or deleted stops at the next question, and the store's
own check (kept.py) never lets it write answers into a folder it did not open.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from diplograph.store.location import StoreError, StoreSpec, write_atomically

if TYPE_CHECKING:  # rdflib and the catalogue are imported when the warm begins, not when a warmer starts
    from rdflib.term import Node

    from diplograph.store.catalogue import CatalogueQuery

BACKGROUND_ABOVE = 200_000
"""A build with fewer triples starts no background warmer: every catalogue answer of such a store takes well
under KEEP_AFTER (the shipped data, 11k triples, answers each in under 0.05 s), so nothing would be kept, and
the test suite's many small builds on two cores would only pay for the asking."""

NICENESS = 19
"""The background warmer's priority: the lowest, so a user's own commands come first."""

TIMEOUT = 600.0
"""A question's time limit while warming: the slowest at 1M took 23 s on a busy machine; a user's default 30 s
would be too short for a warmer at the lowest priority."""

START_AFTER = 2.0
"""Seconds a background warmer sleeps before it imports anything heavy or opens the store: a build that follows
at once (an edit loop) stops it before it has taken any of the processor."""

LOG = "warm-log.txt"
"""The background warmer's log, in the store's folder (a rebuild's new folder does not copy it). Not `*.log`: the
store's identity (kept.py) counts the size of such files, as RocksDB's write-ahead log is one."""


@dataclass(frozen=True)
class Question:
    """One text to ask: a catalogue query and the parameters a user's first ask would give it."""

    query: CatalogueQuery
    bindings: dict[str, Node]
    given: str
    """The parameters as the user types them, e.g. `--param kind=meeting`, or "" for none."""

    def describe(self) -> str:
        """The command a user would type to ask this."""
        return f"diplograph query {self.name}{' ' + self.given if self.given else ''}"

    @property
    def name(self) -> str:
        """The query's name in the catalogue."""
        return self.query.name


@dataclass
class WarmReport:
    """What a warm did: each question's seconds, which answers the store now keeps, and why it stopped early."""

    seconds: dict[str, float] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    stopped: str = ""
    at: dict[str, float] = field(default_factory=dict)
    """Seconds from the start of the warm to each question's answer."""
    started: float = field(default_factory=time.perf_counter)


def questions(folder: Path | None = None) -> list[Question]:
    """Each catalogue question with its example's parameters, and again with none if every parameter is optional.

    These are the texts `diplograph query NAME` sends for the example line and for a bare ask, and the ones the
    SPARQL endpoint's example menu sends (its rows cap is cut from the kept whole answer).
    """
    from diplograph.store.catalogue import catalogue

    found, bare = [], []
    for query in catalogue(folder).values():
        values = query.example_parameters()
        given = " ".join(f"--param {key}={value}" for key, value in values.items())
        with suppress(ValueError):  # an example the query itself refuses: no user's first ask sends that text
            found.append(Question(query, query.bindings(values), given))
        if values and all(p.optional for p in query.parameters):
            bare.append(Question(query, {}, ""))
    return found + bare


def lock_path(store: Path) -> Path:
    """The lock file of a store's warmer: beside the store, so a swapped-in folder shares it."""
    return store.parent / f".{store.name}.warming"


@contextmanager
def warming_lock(store: Path) -> Iterator[None]:
    """Hold the store's warm lock, waiting for a warmer of an older build to stop (it does at its next question);
    the lock file names the process holding it."""
    with lock_path(store).open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.truncate(0)
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stop_background(spec: StoreSpec) -> None:
    """Stop the background warmers of a store that is about to be rebuilt: their answers would go with the old folder,
    and the build needs the processor. Each is found by its command line (this module, this store) and stopped with
    its own process group (its worker too); one still starting, not yet holding the lock, is stopped as well. A warmer
    in the foreground (`diplograph warm`) is left to notice the change at its next question."""
    wanted = [b"-m", b"diplograph.store.warm", str(spec.path.resolve()).encode()]
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return  # no /proc here: a warmer of the old store stops at its next question
    for pid in pids:
        try:
            words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if pid != os.getpid() and words[1:4] == wanted and os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGTERM)
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to look at


def warm(
    spec: StoreSpec | str | None = None,
    on_question: Callable[[int, Question], None] | None = None,
    chosen: list[Question] | None = None,
    started_for: str | None = None,
) -> WarmReport:
    """Ask every question of the catalogue once, so the store keeps the slow answers; stop if the store changes.

    `started_for` is the store's identity when the warmer was started: a warmer that waited for the lock while
    newer builds came does nothing, as the newest build's warmer warms the store it made."""
    from diplograph.store.kept import store_identity

    spec = spec if isinstance(spec, StoreSpec) else StoreSpec.parse(spec)
    if spec.kind != "oxigraph":
        raise StoreError(f"only an embedded store keeps answers; {spec} is not one (oxigraph:PATH)")
    if not spec.path.is_dir():
        raise StoreError(f"no store at {spec.path}: run `diplograph build` first")
    report = WarmReport()
    store = spec.path.resolve()
    with warming_lock(store):
        identity = store_identity(store)
        if started_for is not None and started_for != identity:
            report.stopped = "the store changed since this warmer was started: the newer build's warmer warms it"
            return report
        before = read_times(store)
        asked = ordered(questions() if chosen is None else chosen, before)
        _ask(spec, identity, asked, on_question, report)
        if not report.stopped:
            _write_times(store, before, report)
    return report


def times_path(store: Path) -> Path:
    """Where the latest warm of a store says how long each question took and which answers it kept (beside the
    store, as the lock: the next build's warmer reads it)."""
    return store.parent / f".{store.name}.warm-times.json"


def read_times(store: Path) -> dict[str, float]:
    """The seconds of the answers the latest warm kept, by question (none if there was no warm)."""
    try:
        return {str(k): float(v) for k, v in json.loads(times_path(store).read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def ordered(asked: list[Question], kept_before: dict[str, float]) -> list[Question]:
    """The questions whose answers the latest warm kept first, the quickest of them first (so that as many slow
    answers as possible are ready soon after a build), then the others in catalogue order."""
    first = sorted((q for q in asked if q.describe() in kept_before), key=lambda q: kept_before[q.describe()])
    return first + [q for q in asked if q.describe() not in kept_before]


def _write_times(store: Path, before: dict[str, float], report: WarmReport) -> None:
    """Remember how long the answers kept took to make (a kept answer read back is quick: its earlier time stays)."""
    times = {label: max(report.seconds[label], before.get(label, 0.0)) for label in report.kept}
    with suppress(OSError):  # the store's folder went away: the next warm asks in catalogue order
        write_atomically(times_path(store), json.dumps(times, indent=1).encode())


def _ask(
    spec: StoreSpec,
    identity: str,
    asked: list[Question],
    on_question: Callable[[int, Question], None] | None,
    report: WarmReport,
) -> None:
    """Ask the questions with one reader, which keeps each slow answer, made in a worker or in this process."""
    from diplograph.store.backends import OxigraphBackend, open_backend
    from diplograph.store.kept import store_identity, text_key
    from diplograph.store.resolve import check_resources
    from diplograph.store.sparql import QueryTimeout, bind_parameters, with_base

    backend = open_backend(spec)
    try:
        if not isinstance(backend, OxigraphBackend) or backend.kept is None:
            report.stopped = "every answer is made live (DIPLOGRAPH_LIVE): nothing to keep"
            return
        kept = backend.kept
        for done, question in enumerate(asked):
            if on_question is not None:
                on_question(done, question)
            try:
                if kept.identity != identity or store_identity(kept.store) != identity:
                    report.stopped = "the store changed (a new build): its own warmer asks again"
                    break
            except OSError:
                report.stopped = "the store is gone"
                break
            label = question.describe()
            started = time.perf_counter()
            try:
                bindings = check_resources(backend, question.query, question.bindings)
                backend.query(question.query.sparql, bindings, timeout=TIMEOUT)
            except (QueryTimeout, StoreError, ValueError, LookupError) as error:
                report.failed[label] = str(error)
                continue
            report.seconds[label] = time.perf_counter() - started
            report.at[label] = time.perf_counter() - report.started
            text = bind_parameters(with_base(question.query.sparql), bindings, inline=True)
            if (kept.folder / f"{text_key(text)}.jsonl").is_file():
                report.kept.append(label)
    finally:
        backend.close()


def start_background(spec: StoreSpec, after: float = START_AFTER) -> subprocess.Popen | None:
    """Start a detached warmer of the store at the lowest priority and return at once (None if it cannot start)."""
    from diplograph.store.kept import live_requested

    if live_requested():
        return None  # every answer is made live: nothing would be kept
    from diplograph.store.kept import store_identity

    store = spec.path.resolve()
    try:
        identity = store_identity(store)
        log = (store / LOG).open("ab")
    except OSError:
        return None
    with log:
        return subprocess.Popen(
            [sys.executable, "-m", "diplograph.store.warm", str(store), identity, f"--after={after:g}"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )


WARM_HELP = """\
examples:
  diplograph warm                               keep the slow answers of build/store now, with a progress bar
  diplograph build --no-warm && diplograph warm  build, then warm in the foreground (e.g. in a script)
  diplograph warm --store oxigraph:/srv/graph   warm another embedded store

An answer that takes the store at least 0.25 s to make is kept in its folder (kept-answers/) and read
back for the same question until the next build. `diplograph build` starts this warm by itself in the
background (at the lowest priority, its log in STORE/warm-log.txt) for stores over {above:,} triples;
running it again costs little, as kept answers are read back. `diplograph query --live` skips them.
"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add `warm` to the diplograph command."""
    command = commands.add_parser(
        "warm",
        help="ask every catalogue question once now, so the store keeps the slow answers before a user asks",
        description="Ask each question of the catalogue (queries/*.rq) once, with the parameters of its "
        "example and, where every parameter is optional, with none: the texts `diplograph query NAME` and the "
        "SPARQL endpoint's examples send. The store keeps the answers that were slow to make, so the first "
        "user to ask after a build reads them instead of waiting.",
        epilog=WARM_HELP.format(above=BACKGROUND_ABOVE),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--store", help="the embedded store to warm (oxigraph:PATH; default as for query)")
    command.set_defaults(func=_warm_command)


def _warm_command(args: argparse.Namespace, console) -> int:
    """Warm in the foreground with a progress bar, then say which answers the store keeps."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    asked = questions()
    started = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("warming", total=len(asked))

        def step(index: int, question: Question) -> None:
            progress.update(task, completed=index, description=question.name)

        report = warm(args.store, step, asked)
    for label in report.kept:
        console.print(f"  kept: {label} ({report.seconds[label]:.2f} s)", highlight=False, markup=False)
    for label, why in report.failed.items():
        console.print(f"  [bold yellow]failed[/]: {label}: {why}", highlight=False)
    if report.stopped:
        console.print(f"  stopped: {report.stopped}", highlight=False)
    console.print(
        f"[bold green]warmed[/] {len(report.seconds)} questions in {time.perf_counter() - started:.1f} s; "
        f"the store keeps {len(report.kept)} answers that were slow to make",
        highlight=False,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """The background warmer: warm the store given, write one line per slow answer, exit quietly on any trouble."""
    parser = argparse.ArgumentParser(prog="python -m diplograph.store.warm", description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="the embedded store's folder")
    parser.add_argument("identity", nargs="?", help="the store's identity when the warmer was started (kept.py)")
    parser.add_argument("--after", type=float, default=START_AFTER, help="seconds to sleep first (START_AFTER)")
    args = parser.parse_args(argv)
    os.nice(NICENESS)
    time.sleep(max(0.0, args.after))
    started = time.perf_counter()
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} warming {args.store} (pid {os.getpid()})", flush=True)
    try:
        report = warm(StoreSpec("oxigraph", str(args.store)), started_for=args.identity)
    except Exception as error:  # noqa: BLE001 — a detached process has no one to tell but its log
        print(f"stopped: {type(error).__name__}: {error}", flush=True)
        return 0
    for label in report.kept:
        print(f"  kept {label} ({report.seconds[label]:.2f} s, ready at {report.at[label]:.1f} s)", flush=True)
    for label, why in report.failed.items():
        print(f"  failed {label}: {why}", flush=True)
    if report.stopped:
        print(f"  stopped: {report.stopped}", flush=True)
    print(
        f"done: {len(report.seconds)} questions asked, {len(report.kept)} answers kept, "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
