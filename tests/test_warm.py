"""Warming a store (store/warm.py): the catalogue's answers kept before anyone asks, by the texts users send."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from diplograph import cli
from diplograph.store import backends, warm
from diplograph.store.catalogue import catalogue
from diplograph.store.kept import FOLDER, store_identity, text_key
from diplograph.store.location import StoreSpec
from diplograph.store.sparql import bind_parameters, with_base

SENTINEL = "kept before anyone asked"


def _copy(built_store, folder):
    copy = folder / "store"
    shutil.copytree(built_store.path, copy, ignore=shutil.ignore_patterns(FOLDER, "LOCK", warm.LOG))
    return copy


@pytest.fixture(scope="module")
def warmed(built_store, tmp_path_factory):
    """A copy of the session's store warmed with every answer counted as slow, each kept answer then marked."""
    copy = _copy(built_store, tmp_path_factory.mktemp("warmed"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backends, "KEEP_AFTER", 0.0)
        report = warm.warm(f"oxigraph:{copy}")
    for path in (copy / FOLDER).glob("*/*.jsonl"):
        head = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        if head["form"] == "select":
            row = [["l", SENTINEL, None, None]] * len(head["variables"])
            path.write_text(json.dumps(head) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    return copy, report


def _example_words(name: str) -> list[str]:
    """The words after `diplograph` on the query's `# example:` line."""
    return catalogue()[name].examples[0].split()[1:]


@pytest.mark.parametrize(
    "words",
    [
        _example_words("pairs-of-persons"),
        _example_words("single-source"),
        ["query", "single-source"],
        _example_words("meetings-on-topic"),
        _example_words("meetings-by-format") + ["--limit", "100"],
        ["query", "support-for"],
        _example_words("relations-without-embassy"),
    ],
    ids=" ".join,
)
def test_after_warming_the_slow_questions_are_read_from_the_store_not_made(warmed, capsys, words):
    store, _report = warmed
    assert cli.main([*words, "--store", f"oxigraph:{store}", "--format", "csv"]) == 0
    assert SENTINEL in capsys.readouterr().out


def test_warming_asks_every_catalogue_question_and_the_endpoint_examples_find_their_answers(warmed):
    from diplograph.publish.sparql_endpoint import examples

    store, report = warmed
    assert {label.split()[2] for label in report.seconds} == set(catalogue())
    assert not report.failed and not report.stopped
    folder = next((store / FOLDER).iterdir())
    for example in examples():
        text = bind_parameters(with_base(example.text), {}, inline=True)  # as /sparql runs the example's text
        assert (folder / f"{text_key(text)}.jsonl").is_file(), example.name


def test_a_warmer_stops_when_a_new_build_swaps_the_store(built_store, tmp_path, monkeypatch):
    store = _copy(built_store, tmp_path)
    monkeypatch.setattr(backends, "KEEP_AFTER", 0.0)

    def swap(index, question):
        if index == 1:  # as a build does: a new folder renamed into place
            shutil.copytree(store, tmp_path / "new", ignore=shutil.ignore_patterns(FOLDER, "LOCK"))
            (tmp_path / "new" / "diplograph-build.json").write_text("{}", encoding="utf-8")
            store.rename(tmp_path / "old")
            (tmp_path / "new").rename(store)

    report = warm.warm(f"oxigraph:{store}", swap, warm.questions()[:5])
    assert "changed" in report.stopped
    assert len(report.seconds) == 1
    assert not (store / FOLDER).exists()


def test_a_warmer_whose_store_was_deleted_stops_quietly(built_store, tmp_path):
    store = _copy(built_store, tmp_path)
    report = warm.warm(f"oxigraph:{store}", lambda index, _: index == 1 and shutil.rmtree(store), warm.questions()[:5])
    assert report.stopped == "the store is gone"


def _rebuild(built_store, tmp_path, monkeypatch, *flags):
    """The store copy and the words of `diplograph build` over it (nothing changed: a fraction of a second)."""
    store = _copy(built_store, tmp_path)
    shutil.copytree(built_store.dumps, tmp_path / "dumps")
    monkeypatch.chdir(tmp_path)
    return store, ["build", "--store", f"oxigraph:{store}", "--dumps", str(tmp_path / "dumps"), *flags]


def test_a_build_of_a_large_store_warms_it_in_the_background_and_returns_first(
    built_store, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(warm, "BACKGROUND_ABOVE", 0)
    store, words = _rebuild(built_store, tmp_path, monkeypatch)
    assert cli.main(words) == 0
    started = re.search(r"in the background \(pid (\d+)", capsys.readouterr().out)
    assert started, "the build said nothing of a warmer"
    pid = int(started.group(1))
    assert os.waitpid(pid, os.WNOHANG) == (0, 0), "the build waited for the warmer"
    identity = store_identity(store)
    os.waitpid(pid, 0)
    assert store_identity(store) == identity  # its log leaves the store the one its kept answers belong to
    log = (store / warm.LOG).read_text(encoding="utf-8")
    assert f"done: {len(warm.questions())} questions asked" in log
    assert not (store / FOLDER).exists() or not list((store / FOLDER).glob("*/*.jsonl"))  # all fast here


def test_a_build_of_a_small_store_starts_no_warmer(built_store, tmp_path, monkeypatch, capsys):
    store, words = _rebuild(built_store, tmp_path, monkeypatch)
    assert built_store.report.triples < warm.BACKGROUND_ABOVE  # the shipped data
    assert cli.main(words) == 0
    assert "in the background" not in capsys.readouterr().out
    assert not (store / warm.LOG).exists()


def test_build_no_warm_starts_no_warmer_even_on_a_large_store(built_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(warm, "BACKGROUND_ABOVE", 0)
    store, words = _rebuild(built_store, tmp_path, monkeypatch, "--no-warm")
    assert cli.main(words) == 0
    assert "in the background" not in capsys.readouterr().out
    assert not (store / warm.LOG).exists()


def test_warm_help_teaches_when_it_runs_by_itself(capsys):
    with pytest.raises(SystemExit):
        cli.main(["warm", "--help"])
    out = capsys.readouterr().out
    assert "diplograph build --no-warm && diplograph warm" in out
    assert f"{warm.BACKGROUND_ABOVE:,} triples" in out


def test_a_new_build_stops_the_background_warmer_of_the_store_it_replaces(built_store, tmp_path):
    store = _copy(built_store, tmp_path)
    spec = StoreSpec.parse(f"oxigraph:{store}")
    process = warm.start_background(spec, after=0)
    for _ in range(600):  # until it holds the lock (it writes its process id there), at most 30 s
        if warm.lock_path(store).is_file() and warm.lock_path(store).read_text().strip() == str(process.pid):
            break
        time.sleep(0.05)
    warm.stop_background(spec)
    assert process.wait(timeout=30) == -signal.SIGTERM
    assert "done:" not in (store / warm.LOG).read_text(encoding="utf-8")


def test_the_next_warm_asks_first_what_the_last_one_kept_quickest_first(warmed):
    store, report = warmed
    assert set(warm.read_times(store)) == set(report.kept)  # every answer counted as slow there
    last = {"diplograph query pairs-of-persons": 12.0, "diplograph query support-for": 0.7}
    order = [q.describe() for q in warm.ordered(warm.questions(), last)]
    assert order[:2] == ["diplograph query support-for", "diplograph query pairs-of-persons"]
    assert sorted(order) == sorted(q.describe() for q in warm.questions())


def test_a_new_build_stops_a_warmer_waiting_for_the_lock_of_an_older_one(built_store, tmp_path):
    store = _copy(built_store, tmp_path)
    spec = StoreSpec.parse(f"oxigraph:{store}")
    with warm.warming_lock(store):  # an older warmer still asking
        process = warm.start_background(spec, after=0)
        for _ in range(600):  # until it runs (its command line is there), at most 30 s
            if Path(f"/proc/{process.pid}/cmdline").read_bytes():
                break
            time.sleep(0.05)
        warm.stop_background(spec)
        assert process.wait(timeout=30) == -signal.SIGTERM
