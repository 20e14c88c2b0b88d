"""Run SPARQL safely: parameters bound as RDF terms, no outbound requests, no updates."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib.term import Literal, Node, URIRef

from diplograph.namespaces import configured_base
from diplograph.store.inline import inline_resources
from diplograph.store.sparql_text import syntax_positions
from diplograph.terms import to_rdflib


class QueryRefused(Exception):
    """A query that diplograph will not run: it would reach the network or change the data."""


class QuerySyntaxError(ValueError):
    """A query that is not valid SPARQL 1.1."""


class QueryTimeout(Exception):
    """A query stopped because it ran past its time limit (--timeout), or that a server would not start."""

    def __init__(self, seconds: float, where: str = "", message: str | None = None):
        self.seconds = seconds
        self.where = where
        self.message = message
        super().__init__(
            message
            or f"the query ran longer than {seconds:g} s and was stopped{where}; "
            "narrow it, or allow more time with --timeout SECONDS"
        )

    def __reduce__(self):
        return (QueryTimeout, (self.seconds, self.where, self.message))


ProtocolDataset = tuple[tuple[str, ...], tuple[str, ...]]
"""A query's dataset given by the SPARQL Protocol: its default graphs and its named graphs, by IRI."""

QUERY_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def records(self) -> list[dict[str, str]]:
        """Rows as dicts of variable → plain string, leaving out unbound variables."""
        return [
            {name: str(value) for name, value in zip(self.variables, row, strict=True) if value is not None}
            for row in self.rows
        ]


def _walk(node):
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | ParseResults):
        # pyparsing's ParseResults is neither a list nor a dict: without this branch the walk
        # stopped at the top of the tree and SERVICE / FROM went unnoticed.
        for value in node:
            yield from _walk(value)


_PARSING = threading.Lock()
"""One parse at a time: rdflib's pyparsing grammar is not thread-safe. pyparsing works out how many
arguments each parse action takes on its first calls; two threads doing that at once left every later
parse in the server failing (`Param.postParse2() missing 1 required positional argument`)."""


MAX_NESTING = 20
"""How deeply groups, brackets and parentheses may nest in a query. rdflib's recursive parser runs out of
Python's stack at about 25 levels of parentheses; the catalogue's deepest query nests 5."""


def nesting_depth(text: str) -> int:
    """How deeply `{`, `(` and `[` nest in a query, outside comments, strings and IRIs."""
    depth = deepest = 0
    for i in syntax_positions(text):
        if text[i] in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif text[i] in "})]":
            depth -= 1
    return deepest


def _too_deep(depth: int, limit: int = MAX_NESTING) -> QuerySyntaxError:
    return QuerySyntaxError(
        f"the query nests groups, brackets or parentheses {depth} levels deep; "
        f"{'at most' if depth > limit else 'here fewer than'} {limit} are accepted"
    )


@lru_cache(maxsize=1024)
def check_query(text: str, protocol_dataset: bool = False) -> str:
    """Refuse updates, SERVICE and FROM/FROM NAMED before anything runs; return the query form.

    The form is `select`, `ask`, `construct` or `describe`; syntax errors raise QuerySyntaxError.
    With a `protocol_dataset` (default-graph-uri, named-graph-uri) FROM is let through: the protocol's
    dataset takes its place (SPARQL 1.1 Protocol, 2.1.4), so it never names what is read.
    rdflib's parser costs 30–300 ms a query, so verdicts are remembered per text (refusals are
    exceptions, which the cache does not keep: a refused text is checked again each time).
    """
    from rdflib.plugins.sparql.parser import parseQuery  # here: a tenth of a second that `add` and `draft` never need

    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise _too_deep(depth)
    try:
        with _PARSING:
            tree = parseQuery(text)
    except RecursionError:  # some constructs cost the parser more stack than others
        raise _too_deep(depth, depth) from None
    except ParseException as error:
        if _looks_like_update(text):
            raise QueryRefused(
                "this is a SPARQL Update: diplograph query only reads, it never changes the store"
            ) from None
        raise QuerySyntaxError(f"SPARQL syntax error at line {error.lineno}, column {error.col}: {error.msg}") from None
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryRefused("SERVICE is refused: diplograph makes no outbound requests when it answers a query")
        if protocol_dataset:
            continue
        if name in ("datasetClause",) or (isinstance(node, dict) and "datasetClause" in node):
            raise QueryRefused("FROM and FROM NAMED are refused: queries run on the built dataset only")
    return QUERY_FORMS.get(getattr(tree[-1], "name", ""), "select")


def prepare_query(text: str, bindings: dict[str, Node] | None = None, inline: bool = False) -> tuple[str, str]:
    """Resolve the base, bind the parameters and check the result: the text every backend runs, and its form."""
    based = with_base(text)
    form = check_query(based)  # the VALUES block added next holds only RDF terms, so the verdict stands
    return bind_parameters(based, bindings or {}, inline), form


def _looks_like_update(text: str) -> bool:
    words = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
    return any(token.upper() in words for token in text.replace("{", " ").split())


def with_base(text: str) -> str:
    """Resolve the catalogue's relative IRIs (<id/...>, <graph/...>) against the configured base."""
    return f"BASE <{configured_base()}>\n{text}"


@lru_cache(maxsize=1024)
def _where_brace(text: str) -> int:
    """Find the `{` that opens the query's top-level WHERE group, skipping comments, strings and IRIs.

    A character-by-character scan (≈0.1 ms for a catalogue query, as much as a small query takes in
    Oxigraph), so the position is remembered per text, like `check_query`'s verdict.
    """
    depth, seen_where = 0, False
    construct = re.search(r"\bCONSTRUCT\b", _blank_out(text), re.IGNORECASE) is not None
    for i in syntax_positions(text):
        c = text[i]
        if depth == 0 and text[i : i + 5].upper() == "WHERE" and not (text[i - 1 : i].isalnum()):
            seen_where = True
        if c == "{":
            if depth == 0 and (seen_where or not construct):
                return i
            depth += 1
        elif c == "}":
            depth -= 1
    raise QuerySyntaxError("cannot find the WHERE clause of the query to bind its parameters")


def _blank_out(text: str) -> str:
    return re.sub(r"#[^\n]*", "", text)


def bind_parameters(text: str, bindings: dict[str, Node], inline: bool = False) -> str:
    """Bind parameters: a resource written in place of its variable where that means the same, else a VALUES block.

    The values are written as RDF terms (rdflib's escaping), so no user text reaches the query
    as SPARQL syntax; the block is joined with the whole group, so filters and aggregates see it.
    With `inline` (for Oxigraph: the embedded store and Oxigraph servers) a resource is written in place
    where that gives the same answers, which lets Oxigraph start from it: with only the VALUES block it
    planned each UNION branch and sub-select unbound (a meeting's brief at 1M: 20 s, written in place
    15 ms). Virtuoso 7.2 fails on some of the texts so written (SQ142), rdflib gains nothing: VALUES.
    """
    if not bindings:
        return text
    key = tuple((name, value.n3()) for name, value in bindings.items() if isinstance(value, URIRef))
    words = tuple((name, value.n3()) for name, value in bindings.items() if isinstance(value, Literal))
    text, inlined = inline_resources(text, key, words) if (key or words) and inline else (text, frozenset())
    rest = {name: value for name, value in bindings.items() if name not in inlined}
    if not rest:
        return text
    names = " ".join(f"?{name}" for name in rest)
    values = " ".join(value.n3() for value in rest.values())
    brace = _where_brace(text)
    return f"{text[: brace + 1]}\n  VALUES ({names}) {{ ({values}) }}{text[brace + 1 :]}"


def run_oxigraph(store: ox.Store, text: str, bindings: dict[str, Node] | None = None) -> QueryResult:
    """Run a checked query on an Oxigraph store over the union of its graphs."""
    text, _ = prepare_query(text, bindings)
    try:
        return read_answer(store.query(text, use_default_graph_as_union=True))
    except SyntaxError as error:
        raise QuerySyntaxError(str(error)) from None


def read_answer(
    answer: ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean,
    term: Callable[[ox.NamedNode | ox.BlankNode | ox.Literal | None], Node | None] = to_rdflib,
) -> QueryResult:
    """Read a pyoxigraph answer whole, its terms made by `term`, in the thread that made it.

    pyoxigraph's answers may be freed only by the thread that made them, and a frame caught in a reference cycle
    (rdflib's parser leaves some; a frame keeps its callers' frames) would hold one until the collector frees it,
    perhaps on another thread (the projections read on two). So pass it straight in, `read_answer(store.query(…))`,
    keeping no name of it: it is deleted here before this returns.
    """
    try:
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult(
                "construct", triples=[(term(t.subject), term(t.predicate), term(t.object)) for t in answer]
            )
        variables = [v.value for v in answer.variables]
        # A solution iterates over its values in the order of the variables, None where unbound.
        return QueryResult("select", variables=variables, rows=[tuple(map(term, solution)) for solution in answer])
    finally:
        del answer


_COMMENT_OR_TOKEN = re.compile(r'<[^>\s]*>|"(?:[^"\\\n]|\\.)*"|#[^\n]*')


def page_clauses(text: str) -> tuple[int, int | None, int]:
    """Where a query's closing LIMIT/OFFSET clauses start (its length when it has none), the limit and offset."""
    blank = _COMMENT_OR_TOKEN.sub(lambda m: " " * len(m.group()) if m.group().startswith("#") else m.group(), text)
    position, limit, offset = len(text), None, 0
    while True:
        found = re.search(r"(LIMIT|OFFSET)\s+(\d+)\s*$", blank[:position], re.IGNORECASE)
        if not found:
            return position, limit, offset
        if found.group(1).upper() == "LIMIT":
            limit = int(found.group(2))
        else:
            offset = int(found.group(2))
        position = found.start()


def paginate(text: str, limit: int | None = None, offset: int = 0) -> str:
    """Ask for one page of a query's answers: rows `offset`… of at most `limit`, within any LIMIT/OFFSET of its own.

    The clauses go at the end of the top-level query (after its ORDER BY), so the engine orders once
    and returns the page; a query's own LIMIT and OFFSET are kept and the page taken inside them.
    """
    if limit is None and not offset:
        return text
    if (limit is not None and limit < 0) or offset < 0:
        raise ValueError("a page needs a limit and an offset of 0 or more")
    position, own_limit, own_offset = page_clauses(text)
    start = own_offset + offset
    count = limit
    if own_limit is not None:
        left = max(0, own_limit - offset)
        count = left if count is None else min(count, left)
    clauses = (f"\nLIMIT {count}" if count is not None else "") + (f"\nOFFSET {start}" if start else "")
    return text[:position].rstrip() + clauses + "\n"
