"""Where a query's syntax is: the one scanner of comments, strings and IRIs that the query checks share."""

from __future__ import annotations

import re
from collections.abc import Iterator

_IRI = re.compile(r"<[^\s<>\"{}|^`]*>")


def syntax_positions(text: str) -> Iterator[int]:
    """Yield the index of each character of a query that is SPARQL syntax: not in a comment, string or IRI."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            end = text.find(quote, i + len(quote))
            while end > 0 and text[end - 1] == "\\":
                end = text.find(quote, end + 1)
            i = n if end < 0 else end + len(quote)
            continue
        if c == "<" and _IRI.match(text, i):
            i = text.find(">", i) + 1
            continue
        yield i
        i += 1


_NONDETERMINISTIC = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def same_answer_each_time(text: str) -> bool:
    """Whether a query's answer depends on the store alone: not when it asks for the time, chance or new ids."""
    return _NONDETERMINISTIC.search(text) is None
