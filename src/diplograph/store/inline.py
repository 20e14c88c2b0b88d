"""Write a bound resource in place of its variable in a query, where that gives the same answers.

Oxigraph (0.5) plans a UNION's branches and a sub-select before it joins them with a VALUES block at the
head of the group, so a question about one meeting read every meeting's parts first. With the resource
written in the patterns, each branch starts from it. A variable is written in place only where the
substitution cannot change the answers (the checks below); anywhere else it stays bound by VALUES.
"""

from __future__ import annotations

import re
from functools import lru_cache

from diplograph.store.sparql_text import syntax_positions

_KEEP_VALUES = "(bind: values)"
"""Written in a query's comments, it keeps every parameter in the VALUES block (a plan that is worse in place)."""
_WORDS_IN_PLACE = "(bind: words in place)"
"""Written in a query's comments, it also writes a literal parameter in place, where it occurs only in expressions
of the top group (a filter with the value written in runs as soon as its other variables are bound)."""
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_]+)")


def _skeleton(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length), so that only syntax is left."""
    syntax = set(syntax_positions(text))
    return "".join(c if i in syntax else " " for i, c in enumerate(text))


def _groups(skeleton: str) -> dict[int, int]:
    """Each `{` and its matching `}`."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, c in enumerate(skeleton):
        if c == "{":
            stack.append(i)
        elif c == "}" and stack:
            pairs[stack.pop()] = i
    return pairs


class _Query:
    """What the checks need to know about one query text."""

    def __init__(self, text: str):
        self.text = text
        self.skeleton = _skeleton(text)
        self.pairs = _groups(self.skeleton)
        depth, self.paren = 0, []
        for c in self.skeleton:
            depth += c == "("
            depth -= c == ")"
            self.paren.append(depth)
        first = self.skeleton.find("{")
        where = re.search(r"\bWHERE\s*\{", self.skeleton, re.IGNORECASE)
        self.top = where.end() - 1 if where else first
        self.subselects = []  # (outer brace, projection start, body brace)
        for found in re.finditer(r"\bSELECT\b", self.skeleton, re.IGNORECASE):
            if found.start() < self.top:
                continue
            outer = self.skeleton.rfind("{", 0, found.start())
            body = self.skeleton.find("{", found.end())
            if outer < 0 or body < 0 or self.skeleton[outer + 1 : found.start()].strip():
                raise ValueError("sub-select not alone in its group")
            self.subselects.append((outer, found.start(), body))
        self.values = [
            (found.start(), self.skeleton.find("}", found.end()))
            for found in re.finditer(r"\bVALUES\b", self.skeleton, re.IGNORECASE)
        ]

    def innermost_group(self, position: int) -> int:
        return max(
            (start for start, end in self.pairs.items() if start < position < end),
            default=self.top,
        )

    def scope(self, position: int) -> tuple[int, int]:
        """The group whose solutions a filter or expression at `position` sees (an OPTIONAL's: its left side's too)."""
        group = self.innermost_group(position)
        while group != self.top and re.search(r"\bOPTIONAL\s*$", self.skeleton[:group], re.IGNORECASE):
            group = self.innermost_group(group)
        return group, self.pairs.get(group, len(self.skeleton))


def _plan(query: _Query, name: str) -> list[tuple[int, int, bool]] | None:
    """Where `?name` occurs and whether each occurrence is a projection entry to drop; None if unsafe."""
    skeleton = query.skeleton
    occurrences = [m for m in _VARIABLE.finditer(skeleton) if m.group(1) == name]
    top_end = query.pairs.get(query.top, -1)
    if not occurrences:
        return None
    plan = []
    for m in occurrences:
        at = m.start()
        if not query.top < at < top_end:
            return None  # projected, or in the ORDER BY / GROUP BY of the query itself
        before = skeleton[:at]
        if re.search(r"\b(AS|BOUND\s*\()\s*$", before, re.IGNORECASE):
            return None
        if any(start < at < end for start, end in query.values):
            return None
        drop = False
        for outer, select, body in query.subselects:
            end = query.pairs.get(outer, -1)
            if not outer < at < end:
                continue
            if select <= at < body or query.pairs.get(body, -1) < at:
                # In the sub-select's projection or its GROUP BY: only as a bare entry among others,
                # which is dropped (the sub-select's rows all hold the resource there).
                if not _droppable(query, select, body, end, at):
                    return None
                drop = True
            elif not _projects(query, select, body, name):
                return None  # a variable of the sub-select's own, not the parameter
        if query.paren[at] > 0 and not drop:
            start, end = query.scope(at)
            bound_here = any(
                start < other.start() < end and query.paren[other.start()] == 0 for other in occurrences if other != m
            )
            if not bound_here:
                return None  # a filter that sees the variable unbound under VALUES
        plan.append((m.start(), m.end(), drop))
    return plan


def _plan_literal(query: _Query, name: str) -> list[tuple[int, int, bool]] | None:
    """Where `?name` occurs, if only in expressions that see the top group's VALUES block; None otherwise."""
    occurrences = [m for m in _VARIABLE.finditer(query.skeleton) if m.group(1) == name]
    top_end = query.pairs.get(query.top, -1)
    if not occurrences:
        return None
    for m in occurrences:
        at = m.start()
        if not query.top < at < top_end or query.paren[at] == 0:
            return None  # projected, ordered by, or in a triple pattern: a literal stays bound by VALUES there
        if re.search(r"\b(AS|BOUND\s*\()\s*$", query.skeleton[:at], re.IGNORECASE):
            return None
        if any(start < at < end for start, end in query.values):
            return None
        if any(outer < at < query.pairs.get(outer, -1) for outer, _, _ in query.subselects):
            return None
        if query.scope(at)[0] != query.top:
            return None  # a group of its own (or EXISTS) sees the variable unbound under VALUES
    return [(m.start(), m.end(), False) for m in occurrences]


def _entries(query: _Query, start: int, end: int) -> list[str]:
    """The entries of a projection or GROUP BY list: bare variables, `*`, and `(` for each bracketed expression."""
    base = query.paren[start]
    entries = []
    for found in re.finditer(r"[?$][A-Za-z0-9_]+|\(|\*", query.skeleton[start:end]):
        at, token = start + found.start(), found.group()
        if token == "(" and query.paren[at] == base + 1 or token != "(" and query.paren[at] == base:
            entries.append(token)
    return entries


def _projects(query: _Query, select: int, body: int, name: str) -> bool:
    """Whether a sub-select's projection names the variable bare (so the parameter joins it)."""
    return any(entry[1:] == name for entry in _entries(query, select, body))


def _droppable(query: _Query, select: int, body: int, end: int, at: int) -> bool:
    """Whether the occurrence is a bare entry of the projection or of GROUP BY, with other entries beside it."""
    if query.paren[at] != query.paren[select]:
        return False  # inside an expression
    if select <= at < body:
        return "*" not in _entries(query, select, body) and len(_entries(query, select, body)) >= 2
    modifiers = query.pairs.get(body, at) + 1
    clause = re.search(
        r"\bGROUP\s+BY\b(.*?)(?=\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|$)",
        query.skeleton[modifiers:end],
        re.IGNORECASE | re.DOTALL,
    )
    if not clause or not modifiers + clause.start(1) <= at < modifiers + clause.end(1):
        return False  # ORDER BY or HAVING
    return len(_entries(query, modifiers + clause.start(1), modifiers + clause.end(1))) >= 2


@lru_cache(maxsize=1024)
def inline_resources(
    text: str, resources: tuple[tuple[str, str], ...], literals: tuple[tuple[str, str], ...] = ()
) -> tuple[str, frozenset[str]]:
    """Write each (variable, IRI in N3) in place where safe; the new text and the variables written in place.

    `literals` (variable, literal in N3) are written in place only in a query that asks for it (_WORDS_IN_PLACE).
    """
    if re.search(r"\bMINUS\b", _skeleton(text), re.IGNORECASE) or _KEEP_VALUES in text:
        return text, frozenset()
    try:
        query = _Query(text)
    except ValueError:
        return text, frozenset()
    edits: list[tuple[int, int, str]] = []
    done = set()
    for name, term in resources:
        plan = _plan(query, name)
        if plan is None:
            continue
        done.add(name)
        edits.extend((start, end, "" if drop else term) for start, end, drop in plan)
    for name, term in literals if _WORDS_IN_PLACE in text else ():
        plan = _plan_literal(query, name)
        if plan is None:
            continue
        done.add(name)
        edits.extend((start, end, term) for start, end, _ in plan)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, frozenset(done)
