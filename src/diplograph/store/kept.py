"""Answers of slow queries kept in the store's folder, so the next ask of the same text reads them back.

At a million triples a few catalogue questions cost seconds however they are written (each term decoded is a
RocksDB read), and the store does not change between builds. So an answer that took the engine at least
KEEP_AFTER seconds is written to `STORE/kept-answers/KEY/`, one file per query text, and given back for
that exact text (a page of it, `LIMIT n OFFSET m` added by `paginate`, is cut from it) until the store changes.

KEY is the store's identity: the build manifest's bytes and the name and size of every RocksDB file (the
write-ahead log and the MANIFEST grow or change name with any write), taken when the backend opens the
store. A build or rebuild writes a new folder (without `kept-answers/`) and swaps it in, so every kept
answer goes with the old folder; a store changed in place gets another KEY, and its old answers are never
read. An answer is written only while the folder still has the KEY the reader opened, so a server still
reading a store that was swapped away never leaves its answers in the new one.

A SELECT's answer is also kept in its served form, each row a SPARQL 1.1 Results JSON binding on a line of its own
(`DIGEST.bindings`), so that the endpoint writes a page of it as bytes, without making an rdflib term per value
(pairs-of-persons at 1M: 10,001 rows, 6 MB, in a few milliseconds instead of half a second).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from itertools import islice
from pathlib import Path
from typing import Any

from diplograph.store.location import write_atomically
from diplograph.store.sparql_text import same_answer_each_time

FOLDER = "kept-answers"
"""The sub-folder of the store that holds kept answers (RocksDB leaves names it does not know alone)."""

KEEP_AFTER = 0.25
"""An answer the engine took at least this long to make is kept (the catalogue's target for a query at 1M)."""

MAX_TERMS = 2_000_000
"""An answer with more terms than this is not kept (about 100 MB of file)."""

MAX_KEPT = 500
"""At most this many answers are kept per store; the oldest goes first."""

LIVE_VARIABLE = "DIPLOGRAPH_LIVE"
"""Set to 1 to answer every query live: no kept answer is read or written (`query --live` does the same)."""

BINDINGS = ".bindings"
"""The suffix of a SELECT answer's served form, beside its `.jsonl`."""

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_MANIFEST = "diplograph-build.json"
_STORE_FILES = (".sst", ".log", ".blob")


def store_identity(path: Path) -> str:
    """A digest of the store's build manifest and of the name and size of its RocksDB files."""
    digest = hashlib.sha256()
    manifest = path / _MANIFEST
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        name = entry.name
        if name in ("CURRENT", "IDENTITY") or name.startswith("MANIFEST-") or name.endswith(_STORE_FILES):
            digest.update(f"\n{name} {entry.stat().st_size}".encode())
            if name == "CURRENT":
                digest.update(Path(entry.path).read_bytes())
    return digest.hexdigest()[:32]


def text_key(text: str) -> str:
    """The file name of a query text's kept answer (trailing space aside, as `paginate` leaves it)."""
    return hashlib.sha256(text.rstrip().encode()).hexdigest()[:40]


def live_requested() -> bool:
    """Whether the environment asks for every answer live."""
    return os.environ.get(LIVE_VARIABLE, "") not in ("", "0")


class KeptAnswers:
    """The kept answers of one store, as it was when opened."""

    def __init__(self, store: Path):
        self.store = store
        self.identity = store_identity(store)
        self.folder = store / FOLDER / self.identity
        self._unmade: set[str] = set()
        """Texts whose served form could not be written (a folder this process may not write to): not tried again."""

    def get(self, text: str, start: int = 0, count: int | None = None) -> tuple[str, Any] | None:
        """The kept form and payload for a text (rows `start`… of at most `count` for SELECT and CONSTRUCT)."""
        path = self.folder / f"{text_key(text)}.jsonl"
        try:
            with path.open(encoding="utf-8") as lines:
                head = json.loads(next(lines))
                if head.get("text") != text.rstrip():
                    return None  # another text with the same digest prefix: never seen, but not to be served
                form = head["form"]
                if form == "ask":
                    return form, head["boolean"]
                chosen = islice(lines, start, None if count is None else start + count)
                items = [_tuples(item) for item in json.loads("[" + ",".join(chosen) + "]")]
        except (OSError, StopIteration, ValueError, KeyError):
            return None
        if form == "select":
            return form, (head["variables"], items)
        return form, items

    def bindings(self, text: str, start: int = 0, count: int | None = None) -> tuple[list[str], list[bytes]] | None:
        """A kept SELECT answer's variables and rows `start`… (at most `count`) as SPARQL JSON bindings, each the
        bytes of one JSON object; made from the kept answer the first time when it was kept without them."""
        path = self.folder / f"{text_key(text)}{BINDINGS}"
        found = _read_bindings(path, text, start, count)
        if found is None and text not in self._unmade and self._make_bindings(text, path):
            found = _read_bindings(path, text, start, count)
        return found

    def _make_bindings(self, text: str, path: Path) -> bool:
        """Write the served form of a kept SELECT answer from its `.jsonl` (an answer kept before there was one)."""
        try:
            with (self.folder / f"{text_key(text)}.jsonl").open(encoding="utf-8") as lines:
                head = json.loads(next(lines))
                if head.get("text") != text.rstrip() or head.get("form") != "select":
                    return False
                rows = [json.loads(line) for line in lines]
        except (OSError, StopIteration, ValueError):
            return False  # no kept answer (or one being replaced): nothing to make
        try:
            if store_identity(self.store) == self.identity:
                self._keep_bindings(text, head["variables"], rows, path)
                return True
        except (OSError, KeyError, TypeError, IndexError, ValueError):
            pass
        if len(self._unmade) < MAX_KEPT:  # the folder cannot be written, or the store changed: answer the usual way
            self._unmade.add(text)
        return False

    def keep(self, text: str, form: str, payload: Any) -> bool:
        """Write a text's answer if it depends on the store alone, the store is still the one opened and it fits."""
        if not same_answer_each_time(text):
            return False  # the time, chance or new ids: a kept answer would repeat them
        if form == "select":
            head = {"variables": payload[0]}
            items = payload[1]
        elif form == "ask":
            head, items = {"boolean": payload}, []
        else:
            head, items = {}, payload
        width = len(items[0]) if items else 0
        if len(items) * width > MAX_TERMS:
            return False
        try:
            if store_identity(self.store) != self.identity:
                return False
            lines = [json.dumps({"form": form, "text": text.rstrip(), **head}, ensure_ascii=False)]
            lines.extend(json.dumps(item, ensure_ascii=False) for item in items)
            write_atomically(self.folder / f"{text_key(text)}.jsonl", ("\n".join(lines) + "\n").encode())
            if form == "select":
                self._keep_bindings(text, payload[0], items, self.folder / f"{text_key(text)}{BINDINGS}")
            self._prune()
        except OSError:
            return False  # a store folder this process may not write to: answer live next time
        return True

    def _keep_bindings(self, text: str, variables: list[str], rows: list, path: Path) -> None:
        """Write a SELECT answer's served form (the caller has checked that the store is still the one opened)."""
        lines = [json.dumps({"text": text.rstrip(), "vars": list(variables)}, ensure_ascii=False)]
        lines.extend(json_binding(variables, row) for row in rows)
        write_atomically(path, ("\n".join(lines) + "\n").encode())

    def _prune(self) -> None:
        """Drop the answers of other identities of the store, and the oldest beyond MAX_KEPT."""
        for other in (self.store / FOLDER).iterdir():
            if other.name != self.identity:
                shutil.rmtree(other, ignore_errors=True)
        kept = sorted(self.folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime)
        for old in kept[: max(0, len(kept) - MAX_KEPT)]:
            old.unlink(missing_ok=True)
            old.with_suffix(BINDINGS).unlink(missing_ok=True)


def json_binding(variables: list[str], row) -> str:
    """One row of wire terms (`("u", iri)`, `("b", id)`, `("l", lexical, datatype, language)`) as a compact
    SPARQL 1.1 Results JSON binding: unbound variables left out, xsd:string written as a plain literal."""
    binding = {}
    for name, term in zip(variables, row, strict=True):
        if term is None:
            continue
        if term[0] == "u":
            binding[name] = {"type": "uri", "value": term[1]}
        elif term[0] == "b":
            binding[name] = {"type": "bnode", "value": term[1]}
        elif term[3]:
            binding[name] = {"type": "literal", "value": term[1], "xml:lang": term[3]}
        elif term[2] is None or term[2] == XSD_STRING:
            binding[name] = {"type": "literal", "value": term[1]}
        else:
            binding[name] = {"type": "literal", "value": term[1], "datatype": term[2]}
    return json.dumps(binding, ensure_ascii=False, separators=(",", ":"))


def _read_bindings(path: Path, text: str, start: int, count: int | None) -> tuple[list[str], list[bytes]] | None:
    """Read the served form's rows as bytes (no JSON parsed but its first line), or None if there is none."""
    try:
        with path.open("rb") as lines:
            head = json.loads(next(lines))
            if head.get("text") != text.rstrip():
                return None
            chosen = islice(lines, start, None if count is None else start + count)
            return head["vars"], [line.rstrip(b"\n") for line in chosen]
    except (OSError, StopIteration, ValueError, KeyError):
        return None


def _tuples(item: list) -> tuple:
    """A row or triple of JSON lists back to the tuples of the wire format (terms are looked up by value)."""
    return tuple(None if term is None else tuple(term) for term in item)
