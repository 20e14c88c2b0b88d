"""The page of one relation between two states: a timeline, counts by year, the people who met, every item linked.

`/relation/JP-PE` on the server and `relation/JP-PE/index.html` in the static site. The charts are
small SVGs written here (no script), so the page reads offline and under the site's strict CSP.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from rdflib import URIRef
from rdflib.term import Node
from starlette.requests import Request
from starlette.responses import Response

from diplograph.publish import describe as d
from diplograph.publish.describe import DG
from diplograph.publish.pages import Item, Namer, PageMaker, Section, _CellMaker
from diplograph.publish.relation_timeline import KIND_COLOURS, KIND_WORDS, KINDS, Entry, entries, topic_grid
from diplograph.reference import is_known_state

VENDORED_ASSETS = {
    "yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui.min.css": "text/css; charset=utf-8",
    "LICENSE-yasgui.txt": "text/plain; charset=utf-8",
    "vis-timeline.min.js": "text/javascript; charset=utf-8",
    "vis-timeline.min.css": "text/css; charset=utf-8",
    "LICENSE-vis-timeline.txt": "text/plain; charset=utf-8",
    "relation.js": "text/javascript; charset=utf-8",
    "filter.js": "text/javascript; charset=utf-8",
}
"""The query editor's files (with their licence) and the meeting filter, served beside the stylesheet."""


WORDS = {
    "en": {
        "relation": "Relation",
        "counts": "By year",
        "people": "People who met",
        "items": "Everything between them",
        "meetings": "meetings",
        "kind": "Kind",
        "person": "Person",
        "for": "For",
        "none": "Nothing is recorded between these two states.",
        "timeline": "Timeline",
        "from": "From",
        "to": "to",
        "topics": "Topics year by year",
        "details": "Choose an item on the timeline to see it here.",
        "show": "Show",
        "open": "Open its page",
    },
    "fr": {
        "relation": "Relation",
        "counts": "Par année",
        "people": "Personnes qui se sont rencontrées",
        "items": "Tout ce qui les lie",
        "meetings": "rencontres",
        "kind": "Sorte",
        "person": "Personne",
        "for": "Pour",
        "none": "Rien n'est enregistré entre ces deux États.",
        "timeline": "Chronologie",
        "from": "De",
        "to": "à",
        "topics": "Les sujets année par année",
        "details": "Choisissez un élément de la chronologie pour le voir ici.",
        "show": "Afficher",
        "open": "Ouvrir sa page",
    },
}


class RelationError(ValueError):
    """A relation path that names no pair of known states."""


def parse_pair(text: str) -> tuple[str, str]:
    """`JP-PE` as two ISO codes in alphabetical order, or a RelationError saying what is wrong."""
    parts = (text or "").upper().split("-")
    if len(parts) != 2 or not all(is_known_state(p) for p in parts) or parts[0] == parts[1]:
        raise RelationError(f"{text!r} names no pair of states: write two ISO codes such as JP-PE")
    first, second = sorted(parts)
    return first, second


def relation_path(a: str, b: str) -> str:
    """The site path of a pair's page, codes in alphabetical order."""
    first, second = sorted((a.upper(), b.upper()))
    return f"relation/{first}-{second}"


def relation_pairs(reader: d.StoreReader) -> list[tuple[str, str]]:
    """Every pair of states that met, visited, changed relations or have a bilateral instrument, as codes."""
    rows = reader.select(
        f"""SELECT DISTINCT ?ca ?cb WHERE {{
  {{ ?m <{DG}betweenState> ?a , ?b }}
  UNION {{ {{ SELECT ?i WHERE {{ ?i <{DG}party> ?p }} GROUP BY ?i HAVING(COUNT(DISTINCT ?p) = 2) }}
           ?i <{DG}party> ?a , ?b }}
  UNION {{ ?v a <{DG}Visit> ; <{DG}hostState> ?a ; <{DG}visitingState> ?b }}
  UNION {{ ?v a <{DG}Visit> ; <{DG}hostState> ?b ; <{DG}visitingState> ?a }}
  FILTER(STR(?a) < STR(?b))
  ?a <http://www.w3.org/2004/02/skos/core#notation> ?ca . ?b <http://www.w3.org/2004/02/skos/core#notation> ?cb .
}}"""
    )
    return sorted({tuple(sorted((str(r["ca"]).upper(), str(r["cb"]).upper()))) for r in rows})


def _people(reader: d.StoreReader, a: URIRef, b: URIRef) -> list[dict[str, Node]]:
    return reader.select(
        f"""SELECT ?p (SAMPLE(?s) AS ?state) (COUNT(DISTINCT ?m) AS ?n) WHERE {{
  ?m a <{DG}Meeting> ; <{DG}betweenState> {a.n3()} , {b.n3()} ; <{DG}hasParticipation> ?pp .
  ?pp <{DG}participant> ?p . OPTIONAL {{ ?pp <{DG}representsState> ?s }}
}} GROUP BY ?p ORDER BY DESC(?n) ?p"""
    )


def _year_chart(entries: list[Entry]) -> dict[str, Any]:
    """Bars of items per year, stacked by kind, as SVG rectangles (x, y, width, height, colour, title)."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for entry in entries:
        if entry.date[:4].isdigit():
            counts[int(entry.date[:4])][entry.chart_kind] += 1
    if not counts:
        return {"bars": [], "width": 0, "height": 0, "ticks": []}
    first, last = min(counts), max(counts)
    span = last - first + 1
    step = max(4.0, min(24.0, 900.0 / span))
    top = max(sum(c.values()) for c in counts.values())
    height = 140.0
    bars, ticks = [], []
    for year in range(first, last + 1):
        x = 30 + (year - first) * step
        y = height
        for kind in KIND_COLOURS:
            n = counts[year][kind]
            if not n:
                continue
            h = n / top * (height - 20)
            y -= h
            bars.append(
                {
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "w": round(step * 0.8, 1),
                    "h": round(h, 1),
                    "c": KIND_COLOURS[kind],
                    "t": f"{year}: {n} {kind}",
                }
            )
        if span <= 12 or (year - first) % max(1, span // 10) == 0:
            ticks.append({"x": round(x, 1), "text": str(year)})
    return {"bars": bars, "width": round(40 + span * step, 1), "height": height + 20, "ticks": ticks, "top": top}


def _timeline_items(entries: list[Entry], cell: _CellMaker, lang: str) -> list[dict[str, Any]]:
    """The dated entries as the page's script gives them to vis-timeline: names as text, links to our pages only."""
    words = KIND_WORDS[lang]
    items = []
    for number, entry in enumerate(entries):
        if not entry.date[:4].isdigit():
            continue
        name = cell.iri(entry.iri)[0]
        detail = cell.iri(entry.detail)[0].text if isinstance(entry.detail, URIRef) else ""
        level = words.get(entry.level, "") if entry.kind == "meeting" else ""
        item = {
            "id": number,
            "group": entry.kind,
            "start": entry.date[:10],
            "label": name.text,
            "href": name.href if name.href and not name.external else None,
            "class": entry.level or entry.kind,
            "level": level,
            "detail": detail,
        }
        if entry.end[:4].isdigit() and entry.end[:10] > entry.date[:10]:
            item["end"] = entry.end[:10]
        items.append(item)
    return items


def relation_facts(maker: PageMaker, a: str, b: str) -> tuple[list[Entry], list[dict[str, Node]], dict[str, Any]]:
    """What the store says between two states (the same for every language of the page)."""
    base = maker.policy.base
    iri_a, iri_b = URIRef(f"{base}id/state/{a}"), URIRef(f"{base}id/state/{b}")
    reader = maker.reader
    return entries(reader, iri_a, iri_b), _people(reader, iri_a, iri_b), topic_grid(reader, iri_a, iri_b)


def relation_context(maker: PageMaker, link, lang: str, a: str, b: str, facts=None) -> dict[str, Any]:
    """What the relation page of two states shows (`facts`: from `relation_facts`, asked once for both languages)."""
    base = maker.policy.base
    iri_a, iri_b = URIRef(f"{base}id/state/{a}"), URIRef(f"{base}id/state/{b}")
    found, people, topics = facts or relation_facts(maker, a, b)
    words = WORDS[lang]
    namer = Namer(lang, maker._vocabulary)
    mentioned = (
        [iri_a, iri_b]
        + [e.iri for e in found]
        + [e.detail for e in found if isinstance(e.detail, URIRef)]
        + [r["p"] for r in people]
        + [r["state"] for r in people if r.get("state")]
        + list(topics["topics"])
    )
    namer.add(maker._names(namer.missing(mentioned)))
    pages = maker._exists([m for m in mentioned if maker.policy.is_resource(str(m))])
    cell = _CellMaker(maker.policy, namer, link, pages)
    kind_words = KIND_WORDS[lang]
    items = Section("items", words["items"], ["", words["kind"], ""])
    for entry in reversed(found):
        items.rows.append([[Item(entry.date)] if entry.date else [], [Item(entry.kind)], cell.iri(entry.iri)])
    met = Section("people", words["people"], [words["person"], words["for"], words["meetings"]])
    for row in people:
        met.rows.append([cell.iri(row["p"]), cell.iri(row["state"]) if row.get("state") else [], [Item(str(row["n"]))]])
    kinds = Counter(e.chart_kind for e in found)
    name_a, name_b = namer.label(iri_a, maker.policy)[0], namer.label(iri_b, maker.policy)[0]
    timeline = _timeline_items(found, cell, lang)
    groups = [{"id": kind, "label": kind_words[kind]} for kind in KINDS if any(i["group"] == kind for i in timeline)]
    years = [int(i["start"][:4]) for i in timeline]
    return {
        "title": f"{name_a} – {name_b}",
        "sides": [cell.iri(iri_a), cell.iri(iri_b)],
        "summary": [(kind, kinds[kind], KIND_COLOURS[kind]) for kind in KIND_COLOURS if kinds[kind]],
        "chart": _year_chart(found),
        "timeline": {"items": timeline, "groups": groups},
        # vis-timeline places its items with style attributes: this page lets styles (never scripts) be in-line
        "inline_styles": bool(timeline),
        "timeline_years": (min(years), max(years)) if years else None,
        "groups": groups,
        "topics": {
            "rows": [cell.iri(t)[0] for t in topics["topics"]],
            "years": topics["years"],
            "cells": topics["cells"],
            "width": 180 + 22 * len(topics["years"]),
            "height": 30 + 22 * len(topics["topics"]),
        },
        "sections": [s for s in (met, items) if s.rows],
        "w": words,
        "twins": [],
        "pair": f"{a}-{b}",
    }


async def relation_page(request: Request) -> Response:
    """The page of one relation between two states (`/relation/JP-PE`): timeline, counts by year, people."""
    from starlette.concurrency import run_in_threadpool

    from diplograph.publish.server import PAGE_CSP, _answer, _error, _html

    site = request.app.state.site
    try:
        a, b = parse_pair(request.path_params["pair"])
    except RelationError as error:
        return _error(request, site, 404, str(error), "Not found")
    lang = "fr" if request.query_params.get("lang") == "fr" else "en"

    def make() -> Response:
        link = site.pages.linker(relation_path(a, b), lang)
        context = relation_context(site.pages, link, lang, a, b)
        # vis-timeline places its items with style attributes: the header allows them as the page's own policy
        # does (a browser applies both; the header alone refused them, an error in the console for each)
        csp = (
            PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            if context["inline_styles"]
            else PAGE_CSP
        )
        return _html(site.pages.render("relation.html", lang, link, context), csp=csp)

    return await _answer(request, site, ("relation", a, b, lang), lambda: run_in_threadpool(make))


async def map_page(request: Request) -> Response:
    """The world map of relations (`/map`), drawn by diplograph.graphs.render_map with its own in-line script."""
    from starlette.concurrency import run_in_threadpool

    from diplograph.graphs.projections import project
    from diplograph.graphs.render_map import render_map
    from diplograph.publish.server import _answer

    site = request.app.state.site

    def make() -> Response:
        html = render_map(project(site.reader.backend, "states"), site.reader.backend, relation_base="relation/{pair}")
        return Response(html, media_type="text/html; charset=utf-8", headers={"X-Content-Type-Options": "nosniff"})

    return await _answer(request, site, ("map",), lambda: run_in_threadpool(make))
