"""The rdcr dataset: the history of US recognition and of diplomatic and consular relations, by country."""

from __future__ import annotations

import re

from diplograph.sources.emitter import DCT, RDF, RDFS, Emitter, typed_date
from diplograph.sources.hsg.describe import hsg_record, pocom_person
from diplograph.sources.hsg.reading import Sources
from diplograph.sources.hsg.states import declare_state, resolve_state
from diplograph.sources.report import DatasetReport, Problem

CHANGES = (
    ("severance", r"\bsever|\bbr(oke|eak)\b.*relations|\brupture"),
    ("interruption", r"suspen|interrupt|withdraw|\bclos(ed|ing|ure)\b"),
    ("resumption", r"resum|re-?establish|restor|re-?open|renew"),
    ("recognition", r"recogni"),
    (
        "establishment",
        r"establishment of (diplomatic )?relations|diplomatic relations (were |are )?established"
        r"|establish(ed|ment of)? diplomatic",
    ),
    ("embassy", r"\bembass"),
    ("legation", r"\blegation"),
)
"""Heading keywords of an rdcr timeline entry, to the changes of the relations-change scheme it reports."""

MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_PROSE_DATE = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+(?P<day>\d{1,2}))?,?\s+(?P<year>\d{4})\b"
)


def relations_changes(heading: str) -> list[str]:
    """The changes in relations a heading reports ("Establishment of ... and the Legation" → two)."""
    lowered = heading.lower()
    found = [change for change, pattern in CHANGES if re.search(pattern, lowered)]
    if "resumption" in found and "establishment" in found:
        found.remove("establishment")
    if "embassy" in found and "legation" in found:
        found.remove("legation")
    return found


def entry_date(entry: dict) -> str | None:
    """The date of a timeline entry as precisely as the source gives it.

    The heading's date (usually a year) is refined by the first date of the same year in the
    entry's text ("established on May 21, 1827"), to the day or the month. An entry whose heading
    has no date takes the first date of its text; one without any date is skipped.
    """
    heading = entry["when"] or entry["from"]
    if not heading:
        years = re.findall(r"\b(1[6-9]\d\d|20\d\d)\b", entry["head"])
        heading = years[0] if years else ""
    if not heading:
        first = _PROSE_DATE.search(entry["text"])
        if first is None:
            return None
        month, day = MONTHS[first.group("month").lower()], first.group("day")
        heading = f"{first.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    if typed_date(heading) is None:
        return None
    if len(heading) == 10 or entry["from"]:
        return heading
    for match in _PROSE_DATE.finditer(entry["text"]):
        if match.group("year") != heading[:4]:
            continue
        month = MONTHS[match.group("month").lower()]
        if len(heading) == 7 and int(heading[5:]) != month:
            continue
        day = match.group("day")
        candidate = f"{heading[:4]}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        if typed_date(candidate) is not None:
            return candidate
    return heading


def emit_relations(sources: Sources, out: Emitter, report: DatasetReport) -> None:
    """Each timeline entry: a change in relations (or another event) between the US and the country."""
    us = resolve_state("united-states")
    for article in sources.articles:
        for entry in article["entries"]:
            report.read += 1
            record_id = f"{article['id']}#{entry['n']}"
            date = entry_date(entry)
            if date is None:
                report.skip("no date in the entry", Problem(article["file"], record_id, "no date in the entry"))
                continue
            state = resolve_state(article["id"], article["label"], date)
            if state is None:
                reason = f"unknown country id {article['id']!r}"
                report.skip(reason, Problem(article["file"], record_id, reason))
                continue
            path = f"id/relations/hsg/{article['id']}/{entry['n']}"
            changes = relations_changes(entry["head"])
            kind = (
                "dg:EstablishmentOfRelations"
                if "establishment" in changes
                else ("dg:RelationsEvent" if changes else "dg:DiplomaticEvent")
            )
            heading = entry["head"].rstrip(". ") or f"{article['label']}: entry {entry['n']}"
            out.add(path, RDF + "type", kind)
            out.text(path, RDFS + "label", f"United States – {article['label']}: {heading}")
            for change in changes:
                out.add(path, "dg:relationsChange", f"id/relations-change/{change}")
            out.add(path, "dg:betweenState", us.path)
            out.add(path, "dg:betweenState", declare_state(out, state))
            out.add(path, "dg:date", typed_date(date))
            if entry["from"] and entry["to"]:
                out.add(path, "dg:startDate", typed_date(entry["from"]))
                out.add(path, "dg:endDate", typed_date(entry["to"]))
            out.text(path, RDFS + "comment", entry["text"])
            hsg_record(out, path, "rdcr", record_id)
            for ref in entry["refs"]:
                if sources.old_ids.get(ref, ref) in sources.people:
                    out.add(path, DCT + "references", pocom_person(sources, ref))
            report.imported += 1
