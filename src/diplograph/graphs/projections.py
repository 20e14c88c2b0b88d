"""Projections of the store into networkx graphs, each counted by SPARQL aggregates inside the store.

Four views, all filtered the same way (period, a state's ego network, meeting format and level):

- `states`: states as nodes; an edge per pair that met, weighted by meetings, with summits,
  instruments between the two states, first and last date, and the meetings themselves;
- `persons`: persons who took part in meetings; an edge per pair who met, with the meetings;
- `meetings`: the bipartite graph of meetings and their participants, states, instruments, topics;
- `topics`: topics; an edge per pair discussed in the same meeting.

Every node and edge keeps its IRI and an English label, so that a drawing links back to the
resource's linked-data page (the IRI itself). Only aggregated rows (one per node, pair or
meeting–neighbour link) leave the store; no projection reads every triple.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph.graphs.filters import Filters, ProjectionError
from diplograph.graphs.packed import iri_field, packed_rows, select, side_by_side, text_field
from diplograph.graphs.reuse import reuse_or_make
from diplograph.graphs.world_links import MISSION_PAIRS, add_world_links
from diplograph.namespaces import configured_base
from diplograph.reference import state_key
from diplograph.store.backends import Backend
from diplograph.terms import date_sort_key

if TYPE_CHECKING:  # networkx is imported when a graph is built, so that the CLI starts fast
    import networkx as nx

VIEWS = ("states", "persons", "meetings", "topics")
"""The projections diplograph can draw and measure."""

PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

_LEVEL_CLASS = {"summit": "dg:Summit", "ministerial": "dg:MinisterialMeeting"}


@dataclass
class _Query:
    """A query being assembled from fixed fragments, with user values bound as RDF terms."""

    bindings: dict[str, Node] = field(default_factory=dict)


def state_iri(code: str) -> str:
    """The IRI of a state under the configured base, from its ISO code."""
    return f"{configured_base()}id/state/{state_key(code) or code.upper()}"


def _meeting_clauses(filters: Filters, allowed: set[str] | None, query: _Query, var: str = "?m") -> str:
    """The graph patterns and filters that select the meetings a projection counts."""
    lines = [f"{var} a dg:Meeting ."]
    if filters.start or filters.end:
        # A date may be a day, a month or a year: a meeting counts when its span overlaps the period.
        lines.append(f"{var} dg:date ?fdate_ . BIND(SUBSTR(STR(?fdate_), 1, 10) AS ?fday_)")
        if filters.start:
            lines.append('FILTER(CONCAT(?fday_, SUBSTR("9999-12-31", STRLEN(?fday_) + 1)) >= ?from_)')
            query.bindings["from_"] = Literal(filters.start.isoformat())
        if filters.end:
            lines.append('FILTER(CONCAT(?fday_, SUBSTR("0000-01-01", STRLEN(?fday_) + 1)) <= ?to_)')
            query.bindings["to_"] = Literal(filters.end.isoformat())
    if filters.meeting_format:
        lines.append(f"{var} dg:meetingFormat ?format_ .")
        query.bindings["format_"] = URIRef(f"{configured_base()}id/format/{filters.meeting_format}")
    if filters.level:
        lines.append(f"{var} a {_LEVEL_CLASS[filters.level]} .")
    if filters.partner:
        lines.append(
            f"FILTER(EXISTS {{ {var} dg:betweenState ?ego_ }} && EXISTS {{ {var} dg:betweenState ?partner_ }})"
        )
        query.bindings["ego_"] = URIRef(state_iri(filters.state or ""))
        query.bindings["partner_"] = URIRef(state_iri(filters.partner))
    elif allowed is not None:
        # The IRIs come from the store's own answer (the ego network), written as RDF terms.
        terms = ", ".join(URIRef(iri).n3() for iri in sorted(allowed)) or "<urn:diplograph:none>"
        lines.append(f"{var} dg:betweenState ?anyside_ .")
        lines.append(f"FILTER NOT EXISTS {{ {var} dg:betweenState ?side_ FILTER(?side_ NOT IN ({terms})) }}")
    return "\n  ".join(lines)


def _english(var: str, subject: str, predicate: str = "rdfs:label") -> str:
    """An OPTIONAL English (or untagged) label of a resource."""
    return f'OPTIONAL {{ {subject} {predicate} {var} FILTER(LANG({var}) = "en" || LANG({var}) = "") }}'


_MEETING_RECORD = (
    'CONCAT(COALESCE(?mdate, ""), "\\t", STR(?m), "\\t", REPLACE(COALESCE(?mlabel, ""), "[\\t\\n\\r]+", " "))'
)
"""One meeting as date TAB IRI TAB label, so that GROUP_CONCAT can carry a pair's meetings."""

_MEETING_DETAILS = f"""OPTIONAL {{ ?m dg:date ?mdate0 . BIND(STR(?mdate0) AS ?mdate) }}
  {_english("?mlabel", "?m")}"""


def _records(text: str | None) -> list[dict[str, str]]:
    """Read GROUP_CONCAT'ed meeting records back, one per meeting IRI, in date order."""
    seen: dict[str, dict[str, str]] = {}
    for line in (text or "").split("\n"):
        if not line:
            continue
        date, _, rest = line.partition("\t")
        iri, _, label = rest.partition("\t")
        if iri not in seen or (label and not seen[iri]["label"]):
            seen[iri] = {"iri": iri, "date": date, "label": label or _tail(iri)}
    return sorted(seen.values(), key=lambda r: (date_sort_key(r["date"]), r["iri"]))


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _value(row: dict[str, Node | None], name: str, default: str = "") -> str:
    value = row.get(name)
    return default if value is None else str(value)


def _int(row: dict[str, Node | None], name: str) -> int:
    value = row.get(name)
    return 0 if value is None else int(str(value))


def _select(backend: Backend, sparql: str, query: _Query) -> list[dict[str, Node | None]]:
    result = select(backend, PREFIXES + sparql, query.bindings)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _years(text: str | None) -> dict[str, int]:
    """Count a GROUP_CONCAT of `meeting@year` items into meetings per year."""
    counts: dict[str, int] = defaultdict(int)
    for item in set((text or "").split(" ")):
        if "@" in item:
            counts[item.rsplit("@", 1)[1]] += 1
    return dict(sorted(counts.items()))


def _edge_label(meetings: list[dict[str, str]]) -> str:
    """Label an edge with its meetings: all of them when few, else how many and the latest."""
    if len(meetings) <= 3:
        return "\n".join(m["label"] for m in meetings)
    return f"{len(meetings)} meetings, latest: {meetings[-1]['label']}"


# --------------------------------------------------------------------------------------------
# states


def _meeting_scans(backend: Backend, filters: Filters, allowed: set[str] | None) -> list[Callable[[], Any]]:
    """The three scans `_meeting_sides` joins, as calls that may run side by side: each state with its meetings,
    each meeting's date and English label (packed into one string), and the summits."""
    query = _Query()
    clauses = _meeting_clauses(filters, allowed, query)
    # Grouped by state, each state's IRI is read once rather than once per meeting (1M: 0.29 s against 0.39 s).
    sides = f"""SELECT ?s (GROUP_CONCAT(STR(?m); separator=" ") AS ?held) WHERE {{
  {clauses}
  ?m dg:betweenState ?s .
}} GROUP BY ?s"""
    details = _Query()
    where = f"{_meeting_clauses(filters, allowed, details)}\n  {_MEETING_DETAILS}"
    fields = [iri_field("?m"), text_field("?mdate"), text_field("?mlabel")]
    return [
        lambda: _sides_of_meetings(_select(backend, sides, query)),
        lambda: packed_rows(backend, fields, where, details.bindings),
        lambda: packed_rows(backend, [iri_field("?m")], "?m a dg:Summit ."),
    ]


def _sides_of_meetings(rows: list[dict[str, Node | None]]) -> dict[str, set[str]]:
    """Each meeting's states, from each state's meetings (done in the scan's own thread, while the others read)."""
    sides: dict[str, set[str]] = {}
    for row in rows:
        state = _value(row, "s")
        for iri in _value(row, "held").split(" "):
            if (states := sides.get(iri)) is not None:
                states.add(state)
            elif iri:
                sides[iri] = {state}
    return sides


def _joined(sides: dict[str, set[str]], details: list[list[str]], summits: list[list[str]]) -> dict[str, dict]:
    """Each selected meeting with its states, date, English label and whether a summit, from the three scans."""
    meetings = {iri: {"states": states, "date": "", "label": "", "summit": False} for iri, states in sides.items()}
    for iri, date, label in details:
        if (meeting := meetings.get(iri)) is not None:
            meeting["date"] = meeting["date"] or date
            meeting["label"] = meeting["label"] or label
    for (iri,) in summits:
        if (meeting := meetings.get(iri)) is not None:
            meeting["summit"] = True
    return meetings


def _meeting_sides(backend: Backend, filters: Filters, allowed: set[str] | None) -> dict[str, dict]:
    """Each selected meeting with its states, date, English label and whether a summit, in three flat scans packed
    by the store (1M: 2.9 s as rows through the worker, 1.2 s packed, less side by side); joined, each date and
    label was read once per side."""
    return _joined(*side_by_side(backend, _meeting_scans(backend, filters, allowed)))


def _ego_states(backend: Backend, filters: Filters) -> set[str] | None:
    """The states within --depth hops of --state in the states graph of the filtered meetings."""
    if not filters.state or filters.partner:
        return None
    unfiltered = Filters(filters.start, filters.end, None, 1, None, filters.meeting_format, filters.level)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for meeting in _meeting_sides(backend, unfiltered, None).values():
        for a in meeting["states"]:
            neighbours[a].update(meeting["states"] - {a})
    ego = state_iri(filters.state)
    if ego not in neighbours:
        raise ProjectionError(f"{filters.state.upper()} has no meetings among those selected ({filters.describe()})")
    reached, frontier = {ego: 0}, deque([ego])
    while frontier:
        node = frontier.popleft()
        if reached[node] == filters.depth:
            continue
        for other in neighbours[node]:
            if other not in reached:
                reached[other] = reached[node] + 1
                frontier.append(other)
    return set(reached)


def _instrument_parties(backend: Backend, filters: Filters) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The states party to each instrument concluded in the period (as `agreements-between` lists them), and its year.

    Pairs are counted in Python rather than in SPARQL: a multilateral treaty of 190 parties would make
    the store enumerate 18,000 pairs, and the imported treaties hold hundreds of them. The dates are read
    in a scan of their own, once an instrument rather than once a party (1M: 0.17 s against 0.29 s).
    """
    rows = packed_rows(backend, [iri_field("?i"), iri_field("?s")], "?i dg:party ?s . ?s a dg:State .")
    concluded: dict[str, list[str]] = defaultdict(list)
    for instrument, date in packed_rows(backend, [iri_field("?i"), text_field("?d")], "?i dg:dateConcluded ?d ."):
        concluded[instrument].append(date[:10])
    parties: dict[str, set[str]] = defaultdict(set)
    years: dict[str, str] = {}
    for instrument, state in rows:
        for day in concluded.get(instrument) or [""]:
            if filters.start or filters.end:
                if not day:
                    continue
                if filters.start and day + "9999-12-31"[len(day) :] < filters.start.isoformat():
                    continue
                if filters.end and day + "0000-01-01"[len(day) :] > filters.end.isoformat():
                    continue
            parties[instrument].add(state)
            years[instrument] = day[:4]
    return parties, years


def _instruments_by_state(parties: dict[str, set[str]]) -> dict[str, set[str]]:
    """The instruments each state is party to: a pair shares the intersection of theirs."""
    by_state: dict[str, set[str]] = defaultdict(set)
    for instrument, states in parties.items():
        for state in states:
            by_state[state].add(instrument)
    return by_state


def _state_names(backend: Backend, states: set[str]) -> dict[str, tuple[str, str]]:
    """The English label and ISO code of each state."""
    if not states:
        return {}
    terms = " ".join(URIRef(iri).n3() for iri in sorted(states))
    sparql = f"""SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?code) WHERE {{
  VALUES ?s {{ {terms} }}
  {_english("?l", "?s")}
  OPTIONAL {{ ?s skos:notation ?c }}
}} GROUP BY ?s"""
    return {_value(r, "s"): (_value(r, "label"), _value(r, "code")) for r in _select(backend, sparql, _Query())}


_ALL_STATES = f"SELECT ?s ?l ?c WHERE {{ ?s a dg:State . {_english('?l', '?s')} OPTIONAL {{ ?s skos:notation ?c }} }}"
"""Every state with its English label and code: the ends of the world view's instrument and mission links."""


def _import_page_libraries() -> None:
    """Import what the page's metrics need (numpy: 0.1–0.15 s) while the store reads: the export draws the view."""
    import networkx  # noqa: F401
    import numpy  # noqa: F401


def states_graph(backend: Backend, filters: Filters) -> nx.Graph:
    """States as nodes and an edge per pair that met, weighted by their meetings."""
    allowed = _ego_states(backend, filters)
    world = filters == Filters()
    scans = _meeting_scans(backend, filters, allowed) + [lambda: _instrument_parties(backend, filters)]
    if world:
        scans += [
            lambda: _select(backend, MISSION_PAIRS, _Query()),
            lambda: _select(backend, _ALL_STATES, _Query()),
        ]
    answers = side_by_side(backend, scans, meanwhile=_import_page_libraries)
    import networkx as nx

    meetings = _joined(*answers[:3])
    per_state: dict[str, list[dict]] = defaultdict(list)
    per_pair: dict[tuple[str, str], list[tuple[str, dict]]] = defaultdict(list)
    for iri, meeting in meetings.items():
        sides = sorted(meeting["states"])
        for state in sides:
            per_state[state].append(meeting)
        for i, a in enumerate(sides):
            for b in sides[i + 1 :]:
                per_pair[(a, b)].append((iri, meeting))
    names = _state_names(backend, set(per_state))
    graph = nx.Graph()
    for iri in sorted(per_state):
        held = per_state[iri]
        dates = [m["date"] for m in held if m["date"]]
        label, code = names.get(iri, ("", ""))
        graph.add_node(
            iri,
            iri=iri,
            label=label or _tail(iri),
            kind="state",
            code=code or _tail(iri),
            meetings=len(held),
            summits=sum(1 for m in held if m["summit"]),
            first=min(dates, default=""),
            last=max(dates, default=""),
        )
    parties, instrument_year = answers[3]
    by_state = _instruments_by_state(parties)
    for (a, b), held in sorted(per_pair.items()):
        records = sorted(
            ({"iri": iri, "date": m["date"], "label": m["label"] or _tail(iri)} for iri, m in held),
            key=lambda r: (r["date"], r["iri"]),
        )
        dates = [r["date"] for r in records if r["date"]]
        years: dict[str, int] = defaultdict(int)
        for date in dates:
            years[date[:4]] += 1
        shared = by_state.get(a, set()) & by_state.get(b, set())
        per_year: dict[str, int] = defaultdict(int)
        for instrument in shared:
            per_year[instrument_year.get(instrument, "")] += 1
        graph.add_edge(
            a,
            b,
            weight=len(held),
            meetings=len(held),
            summits=sum(1 for _, m in held if m["summit"]),
            instruments=len(shared),
            instrument_years=dict(sorted(per_year.items())),
            first=min(dates, default=""),
            last=max(dates, default=""),
            label=_edge_label(records),
            meeting_list=records,
            years=dict(sorted(years.items())),
        )
    if world:
        missions = {(_value(r, "a"), _value(r, "b")): _int(r, "n") for r in answers[4]}
        names = answers[5]
        add_world_links(graph, parties, missions, {_value(r, "s"): (_value(r, "l"), _value(r, "c")) for r in names})
    return graph


# --------------------------------------------------------------------------------------------
# persons


def _participations(backend: Backend, filters: Filters, allowed: set[str] | None) -> tuple[dict, dict]:
    """The selected meetings and their persons in three flat scans, counted here; the names of every participant,
    kept for those found (1M: 2.7 s through the meetings, 0.6 s so)."""
    people = "?m dg:hasParticipation ?pp . ?pp dg:participant ?p ."
    scans = [
        ("?m ?p ?code", f"{people} OPTIONAL {{ ?pp dg:representsState/skos:notation ?code }}"),
        ("?m ?mdate ?mlabel", _MEETING_DETAILS),
    ]
    meetings: dict[str, dict] = defaultdict(lambda: {"dates": set(), "labels": set(), "persons": set()})
    persons: dict[str, dict] = defaultdict(lambda: {"labels": set(), "codes": set(), "meetings": set()})
    for head, patterns in scans:
        query = _Query()
        clauses = _meeting_clauses(filters, allowed, query)
        for row in _select(backend, f"SELECT {head} WHERE {{\n  {clauses}\n  {patterns}\n}}", query):
            m, p = _value(row, "m"), _value(row, "p")
            if "?code" in head:
                persons[p]["meetings"].add(m)
                persons[p]["codes"].update(filter(None, [_value(row, "code")]))
                meetings[m]["persons"].add(p)
            elif m in meetings:
                meetings[m]["dates"].update(filter(None, [_value(row, "mdate")]))
                meetings[m]["labels"].update(filter(None, [_value(row, "mlabel")]))
    names = _english("?l", "?p").replace("OPTIONAL", "")
    for row in _select(backend, f"SELECT DISTINCT ?p ?l WHERE {{ ?pp dg:participant ?p . {names} }}", _Query()):
        if (p := _value(row, "p")) in persons:
            persons[p]["labels"].add(_value(row, "l"))
    return meetings, persons


def _record(meeting: dict, iri: str) -> dict[str, str]:
    label = re.sub(r"[\t\n\r]+", " ", min(meeting["labels"], default="")) or _tail(iri)
    return {"iri": iri, "date": min(meeting["dates"], default=""), "label": label}


def persons_graph(backend: Backend, filters: Filters) -> nx.Graph:
    """Persons who took part in meetings, joined when they met, with the meetings on each edge."""
    allowed = _ego_states(backend, filters)
    import networkx as nx

    meetings, persons = _participations(backend, filters, allowed)
    graph = nx.Graph()
    for iri, person in persons.items():
        dates = [d for m in person["meetings"] for d in meetings[m]["dates"]]
        graph.add_node(
            iri,
            iri=iri,
            label=min(person["labels"], default=_tail(iri)),
            kind="person",
            states=" ".join(sorted(person["codes"])),
            meetings=len(person["meetings"]),
            first=min(dates, default=""),
            last=max(dates, default=""),
        )
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for iri, meeting in meetings.items():
        ordered = sorted(meeting["persons"])
        for n, p in enumerate(ordered):
            for q in ordered[n + 1 :]:
                pairs[(p, q)].append(iri)
    for (p, q), shared in pairs.items():
        records = sorted((_record(meetings[m], m) for m in shared), key=lambda r: (date_sort_key(r["date"]), r["iri"]))
        dates = [d for m in shared for d in meetings[m]["dates"]]
        graph.add_edge(
            p,
            q,
            weight=len(shared),
            meetings=len(shared),
            first=min(dates, default=""),
            last=max(dates, default=""),
            label=_edge_label(records),
            meeting_list=records,
            years=dict(sorted(Counter(r["date"][:4] for r in records if r["date"]).items())),
        )
    return graph


# --------------------------------------------------------------------------------------------
# meetings (bipartite)

_NEIGHBOURS = {
    "person": "?m dg:hasParticipation ?pp . ?pp dg:participant ?x . OPTIONAL { ?pp dg:representsState ?via }",
    "state": "?m dg:betweenState ?x .",
    "instrument": "?x dg:concludedAt ?e . ?m dg:hasSubEvent* ?e .",
    "topic": "?m dg:hasTopic ?x .",
}


def meetings_graph(backend: Backend, filters: Filters) -> nx.Graph:
    """Meetings linked to their participants, states, instruments and topics (a bipartite graph)."""
    allowed = _ego_states(backend, filters)
    import networkx as nx

    graph = nx.Graph()
    query = _Query()
    clauses = _meeting_clauses(filters, allowed, query)
    sparql = f"""SELECT ?m (SAMPLE(?mlabel) AS ?label) (SAMPLE(?mdate) AS ?date) (SAMPLE(?fmt) AS ?format)
  (COUNT(DISTINCT ?summit) AS ?summit_count)
WHERE {{
  {clauses}
  {_MEETING_DETAILS}
  OPTIONAL {{ ?m dg:meetingFormat ?f . BIND(REPLACE(STR(?f), "^.*/", "") AS ?fmt) }}
  OPTIONAL {{ ?m a dg:Summit . BIND(?m AS ?summit) }}
}} GROUP BY ?m"""
    for row in _select(backend, sparql, query):
        iri = _value(row, "m")
        graph.add_node(
            iri,
            iri=iri,
            label=_value(row, "label", _tail(iri)),
            kind="meeting",
            date=_value(row, "date"),
            format=_value(row, "format"),
            summit=_int(row, "summit_count") > 0,
            bipartite=0,
        )
    for kind, pattern in _NEIGHBOURS.items():
        query = _Query()
        clauses = _meeting_clauses(filters, allowed, query)
        sparql = f"""SELECT ?m ?x (SAMPLE(?xl) AS ?label) (GROUP_CONCAT(DISTINCT STR(?via); separator=" ") AS ?for)
WHERE {{
  {clauses}
  {pattern}
  OPTIONAL {{ ?x rdfs:label|skos:prefLabel ?xl FILTER(LANG(?xl) = "en" || LANG(?xl) = "") }}
}} GROUP BY ?m ?x"""
        for row in _select(backend, sparql, query):
            iri = _value(row, "x")
            if iri not in graph:
                graph.add_node(iri, iri=iri, label=_value(row, "label", _tail(iri)), kind=kind, bipartite=1)
            attributes = {"weight": 1, "relation": kind}
            if kind == "person" and _value(row, "for"):
                attributes["for_state"] = _value(row, "for")
            graph.add_edge(_value(row, "m"), iri, **attributes)
    return graph


# --------------------------------------------------------------------------------------------
# topics


def topics_graph(backend: Backend, filters: Filters) -> nx.Graph:
    """Topics of meetings, joined when discussed in the same meeting, weighted by those meetings."""
    allowed = _ego_states(backend, filters)
    import networkx as nx

    graph = nx.Graph()
    query = _Query()
    clauses = _meeting_clauses(filters, allowed, query)
    nodes = f"""SELECT ?t (SAMPLE(?l) AS ?label) (SAMPLE(?bl) AS ?broader) (COUNT(DISTINCT ?m) AS ?meetings)
  (MIN(?mdate) AS ?first) (MAX(?mdate) AS ?last)
WHERE {{
  {clauses}
  ?m dg:hasTopic ?t .
  OPTIONAL {{ ?m dg:date ?mdate0 . BIND(STR(?mdate0) AS ?mdate) }}
  {_english("?l", "?t", "skos:prefLabel")}
  OPTIONAL {{ ?t skos:broader/skos:prefLabel ?bl FILTER(LANG(?bl) = "en" || LANG(?bl) = "") }}
}} GROUP BY ?t"""
    for row in _select(backend, nodes, query):
        iri = _value(row, "t")
        graph.add_node(
            iri,
            iri=iri,
            label=_value(row, "label", _tail(iri)),
            kind="topic",
            broader=_value(row, "broader"),
            meetings=_int(row, "meetings"),
            first=_value(row, "first"),
            last=_value(row, "last"),
        )
    query = _Query()
    clauses = _meeting_clauses(filters, allowed, query)
    edges = f"""SELECT ?t ?u (COUNT(DISTINCT ?m) AS ?meetings) (MIN(?mdate) AS ?first) (MAX(?mdate) AS ?last)
  (GROUP_CONCAT(DISTINCT CONCAT(STR(?m), "@", SUBSTR(?mdate, 1, 4)); separator=" ") AS ?years)
WHERE {{
  {clauses}
  ?m dg:hasTopic ?t , ?u . FILTER(STR(?t) < STR(?u))
  OPTIONAL {{ ?m dg:date ?mdate0 . BIND(STR(?mdate0) AS ?mdate) }}
}} GROUP BY ?t ?u"""
    for row in _select(backend, edges, query):
        count = _int(row, "meetings")
        graph.add_edge(
            _value(row, "t"),
            _value(row, "u"),
            weight=count,
            meetings=count,
            first=_value(row, "first"),
            last=_value(row, "last"),
            label=f"{count} meeting{'s' if count != 1 else ''}",
            years=_years(_value(row, "years")),
        )
    return graph


_BUILDERS = {"states": states_graph, "persons": persons_graph, "meetings": meetings_graph, "topics": topics_graph}


def project(backend: Backend, view: str, filters: Filters | None = None, keep: bool = True) -> nx.Graph:
    """Build one view of the store as a networkx graph; the graph records the view, filters and time taken.

    With `keep`, the states view is read from, or written to, the store's folder (graphs/reuse.py); the
    linked-data server, which draws a different ego network at each request, does not keep them.
    """
    if view not in _BUILDERS:
        raise ProjectionError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    filters = filters or Filters()
    started = time.perf_counter()

    def make() -> nx.Graph:
        return in_canonical_order(_BUILDERS[view](backend, filters))

    graph = reuse_or_make(backend, view, filters, make) if keep else make()
    graph.graph.update(view=view, filters=filters.describe(), seconds=round(time.perf_counter() - started, 4))
    return graph


def in_canonical_order(graph: nx.Graph) -> nx.Graph:
    """The same graph with nodes and links in sorted order, so the layout and communities drawn from it never
    depend on the order in which sets happened to yield them (Python salts string hashes per process)."""
    ordered = graph.__class__()
    ordered.graph.update(graph.graph)
    ordered.add_nodes_from(sorted(graph.nodes(data=True), key=lambda item: str(item[0])))
    ordered.add_edges_from(sorted(graph.edges(data=True), key=lambda item: (str(item[0]), str(item[1]))))
    return ordered
