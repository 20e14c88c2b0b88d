"""The meetings, a year at a time: the home page shows the latest, these pages show them all, filterable.

`/meetings` lists the years with their counts; `/meetings/1990` lists that year's meetings with
their states and format, and a small script (assets/filter.js) narrows the table by state and
format in the page. The static site writes the same pages as files.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from diplograph.publish import describe as d
from diplograph.publish.describe import DG
from diplograph.publish.pages import Item, Namer, PageMaker, _CellMaker

SKOS = "http://www.w3.org/2004/02/skos/core#"


def meeting_years(reader: d.StoreReader) -> list[tuple[str, int]]:
    """Each year with meetings, latest first, and how many."""
    rows = reader.select(
        f"""SELECT ?y (COUNT(DISTINCT ?m) AS ?n) WHERE {{
  ?m a <{DG}Meeting> ; <{DG}date> ?d . BIND(SUBSTR(STR(?d), 1, 4) AS ?y)
}} GROUP BY ?y ORDER BY DESC(?y)"""
    )
    return [(str(r["y"]), int(str(r["n"]))) for r in rows if re.fullmatch(r"\d{4}", str(r["y"]))]


def year_context(maker: PageMaker, link, lang: str, year: str) -> dict[str, Any]:
    """The meetings of one year, in date order, with the states and format of each."""
    rows = maker.reader.select(
        f"""SELECT ?m (SAMPLE(?d) AS ?date) (GROUP_CONCAT(DISTINCT ?code; separator=" ") AS ?states)
  (SAMPLE(?f) AS ?format) WHERE {{
  ?m a <{DG}Meeting> ; <{DG}date> ?d . FILTER(STRSTARTS(STR(?d), "{year}"))
  OPTIONAL {{ ?m <{DG}betweenState>/<{SKOS}notation> ?code }}
  OPTIONAL {{ ?m <{DG}meetingFormat> ?f }}
}} GROUP BY ?m ORDER BY STR(?date) ?m"""
    )
    namer = Namer(lang, maker._vocabulary)
    mentioned = [r["m"] for r in rows] + [r["format"] for r in rows if r.get("format")]
    namer.add(d.labels_of(maker.reader, namer.missing(mentioned)))
    pages = maker._exists([m for m in mentioned if maker.policy.is_resource(str(m))])
    cell = _CellMaker(maker.policy, namer, link, pages)
    meetings, states, formats = [], set(), set()
    for row in rows:
        codes = sorted(set(str(row.get("states") or "").split()))
        states.update(codes)
        fmt = str(row["format"]).rstrip("/").rsplit("/", 1)[-1] if row.get("format") else ""
        if fmt:
            formats.add(fmt)
        meetings.append(
            {
                "date": str(row["date"]),
                "meeting": cell.iri(row["m"]),
                "states": codes,
                "state_links": [Item(c, link.page(f"id/state/{c}")) for c in codes],
                "format": fmt,
            }
        )
    return {"title": year, "year": year, "meetings": meetings, "states": sorted(states), "formats": sorted(formats)}


def years_context(maker: PageMaker, link, lang: str) -> dict[str, Any]:
    """Every year with meetings, as links to its page."""
    years = meeting_years(maker.reader)
    return {"title": None, "years": [(y, n, link.page(f"meetings/{y}")) for y, n in years], "meetings": None}


def write_meeting_pages(maker: PageMaker, write, page_name) -> None:
    """Write meetings/ and meetings/YEAR/ for the static site."""
    from diplograph.publish.negotiation import SUPPORTED_LANGUAGES

    for lang in SUPPORTED_LANGUAGES:
        link = maker.linker("meetings", lang)
        write(
            f"meetings/{page_name(lang)}", maker.render("meetings.html", lang, link, years_context(maker, link, lang))
        )
    for year, _ in meeting_years(maker.reader):
        for lang in SUPPORTED_LANGUAGES:
            link = maker.linker(f"meetings/{year}", lang)
            context = year_context(maker, link, lang, year)
            write(f"meetings/{year}/{page_name(lang)}", maker.render("meetings.html", lang, link, context))


async def meetings_page(request: Request) -> Response:
    """`/meetings` (the years) and `/meetings/1990` (that year's meetings, filterable)."""
    from starlette.concurrency import run_in_threadpool

    from diplograph.publish.server import _answer, _error, _html

    site = request.app.state.site
    year = request.path_params.get("year")
    if year is not None and not re.fullmatch(r"\d{4}", year):
        return _error(request, site, 404, f"{year!r} is not a year: write four digits such as 1990", "Not found")
    lang = "fr" if request.query_params.get("lang") == "fr" else "en"

    def make() -> Response:
        path = f"meetings/{year}" if year else "meetings"
        link = site.pages.linker(path, lang)
        context = year_context(site.pages, link, lang, year) if year else years_context(site.pages, link, lang)
        return _html(site.pages.render("meetings.html", lang, link, context))

    return await _answer(request, site, ("meetings", year, lang), lambda: run_in_threadpool(make))
