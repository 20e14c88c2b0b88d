"""Point at the offending line of a data file, and suggest the concept a mistyped value meant."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from diplograph.namespaces import SCHEMES_GRAPH

_SKOS = "http://www.w3.org/2004/02/skos/core#"


@lru_cache(maxsize=64)
def _lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def _tokens(iri_or_text: str) -> list[list[str]]:
    """The ways a resource can be written in a data file, most precise first: its path after
    id/<kind>/ (escaped or not), then its last segment alone (written after a longer prefix)."""
    text = iri_or_text.strip("<>")
    match = re.search(r"/id/[^/]+/(.+)$", text)
    tail = match.group(1) if match else re.split(r"[/#]", text)[-1]
    last = re.split(r"[/#]", tail)[-1]
    choices = [[tail.replace("/", "\\/"), tail]]
    if last != tail:
        choices.append([last])
    return choices


def _opens_description(line: str) -> bool:
    return bool(line) and not line[0].isspace() and not line.startswith(("#", "@", "PREFIX", "prefix"))


def line_of(path: Path | None, focus: str, value: str | None = None) -> int | None:
    """Return the 1-based line that states `value` for `focus` (or `focus` itself), or None when not found.

    rdflib and Oxigraph keep no positions for parsed triples, so the line is found in the text:
    first the line that opens the focus's description, then the first line from there that
    writes the value.
    """
    if path is None:
        return None
    lines = _lines(path)
    start = None
    for tokens in _tokens(focus):
        start = next(
            (n for n, line in enumerate(lines) if _opens_description(line) and any(t in line for t in tokens)), None
        )
        if start is not None:
            break
    if start is None:
        return None
    if value:
        choices = _tokens(value) if "/" in value or ":" in value else [[value]]
        for tokens in choices:
            for number in range(start, len(lines)):
                if number > start and _opens_description(lines[number]):
                    break  # the next description begins
                if any(t in lines[number] for t in tokens):
                    return number + 1
    return start + 1


def scheme_suggestions(store: ox.Store, scheme: str, value: str, count: int = 3) -> list[str]:
    """Name the concepts of `scheme` closest to a value that is not in it, by their IRI's last part and labels."""
    names: dict[str, str] = {}
    query = f"""
        SELECT ?concept ?label WHERE {{
          GRAPH <{SCHEMES_GRAPH}> {{
            ?concept <{_SKOS}inScheme> <{scheme}> .
            OPTIONAL {{ ?concept <{_SKOS}prefLabel>|<{_SKOS}altLabel> ?label }}
          }}
        }}"""
    for row in store.query(query):
        concept = row["concept"].value
        names.setdefault(concept.rstrip("/").rsplit("/", 1)[-1].lower(), concept)
        if row["label"] is not None:
            names.setdefault(row["label"].value.lower(), concept)
    wanted = value.strip("<>").rstrip("/").rsplit("/", 1)[-1].lower()
    found: list[str] = []
    for match in difflib.get_close_matches(wanted, list(names), n=count * 3, cutoff=0.6):
        if names[match] not in found:
            found.append(names[match])
    return found[:count]
