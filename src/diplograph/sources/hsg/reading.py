"""Reading the four HSG datasets into plain records (dicts), all of them before any entity is resolved."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from diplograph.sources.hsg.persons import PersonResolver
from diplograph.sources.importer import Advance
from diplograph.sources.report import DatasetReport
from diplograph.sources.xml_records import clean, read_document, read_records, text

DATASETS = ("visits", "travels", "rdcr", "pocom")
"""The four HistoryAtState datasets, in the order they are imported."""

TEI = "{http://www.tei-c.org/ns/1.0}"

POCOM_FILES = (
    "people/*/*.xml",
    "people-pending/*.xml",
    "missions-countries/*.xml",
    "missions-orgs/*.xml",
    "positions-principals/*.xml",
)
FILES = {
    "visits": ("data/*.xml",),
    "travels": ("*-travels/*.xml",),
    "rdcr": ("articles/*.xml",),
    "pocom": POCOM_FILES,
}
"""The files of each dataset that move the progress bar."""


def dataset_root(path: Path, dataset: str) -> Path | None:
    """The folder of a dataset under PATH (same layout in the snapshot and in upstream clones)."""
    root = path / dataset
    return root if root.is_dir() else None


def source_commit(path: Path, dataset: str) -> str | None:
    """The commit of a dataset: from a git clone, else from the snapshot's MANIFEST.md."""
    root = path / dataset
    if (root / ".git").exists():
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.strip()
    manifest = path / "MANIFEST.md"
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            cells = [c.strip(" `") for c in line.split("|")]
            if len(cells) > 3 and cells[1] == dataset and re.fullmatch(r"[0-9a-f]{40}", cells[3]):
                return cells[3]
    return None


@dataclass
class Sources:
    """The parsed records of every dataset found, kept so that persons are resolved over all of them."""

    path: Path
    reports: dict[str, DatasetReport]
    visits: list[dict] = field(default_factory=list)
    trips: list[dict] = field(default_factory=list)
    presidents: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    president_names: dict[str, str] = field(default_factory=dict)
    articles: list[dict] = field(default_factory=list)
    people: dict[str, dict] = field(default_factory=dict)
    old_ids: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    chiefs: list[dict] = field(default_factory=list)
    principals: list[dict] = field(default_factory=list)
    positions: dict[str, str] = field(default_factory=dict)
    resolver: PersonResolver = field(default_factory=PersonResolver)
    """The foreign persons of visits and travels, filled by the importer's `resolve` step."""


def _files(root: Path | None, pattern: str) -> list[Path]:
    return sorted(root.glob(pattern)) if root else []


def parse_sources(path: Path, reports: dict[str, DatasetReport], advance: Advance) -> Sources:
    """Read every dataset present under PATH (all are needed to resolve persons consistently)."""
    sources = Sources(path, reports)
    visits_root = dataset_root(path, "visits")
    for file in _files(visits_root, "data/*.xml"):
        for element in read_records(file, "visit", reports["visits"]):
            reports["visits"].read += 1
            country = element.find("from")
            sources.visits.append(
                {
                    "file": file,
                    "id": text(element, "id"),
                    "start": text(element, "start-date"),
                    "end": text(element, "end-date"),
                    "visitor": text(element, "visitor"),
                    "country": (country.get("id") or "") if country is not None else "",
                    "label": text(element, "from"),
                    "description": text(element, "description"),
                }
            )
        advance("visits", 1)
    travels_root = dataset_root(path, "travels")
    for file in _files(travels_root, "presidents/*.xml"):
        for element in read_records(file, "president", reports["travels"]):
            pid = text(element, "id")
            sources.presidents.setdefault(pid, []).append(
                (text(element, "took-office-date"), text(element, "left-office-date"))
            )
            sources.president_names[pid] = text(element, "name")
    for file in _files(travels_root, "*-travels/*.xml"):
        for element in read_records(file, "trip", reports["travels"]):
            reports["travels"].read += 1
            country = element.find("country")
            sources.trips.append(
                {
                    "file": file,
                    "id": text(element, "id"),
                    "role": element.get("role") or text(element, "role"),
                    "who": element.get("who") or file.stem,
                    "name": text(element, "name"),
                    "start": text(element, "start-date"),
                    "end": text(element, "end-date"),
                    "country": (country.get("id") or "") if country is not None else "",
                    "label": text(element, "country"),
                    "locale": text(element, "locale"),
                    "remarks": text(element, "remarks"),
                }
            )
        advance("travels", 1)
    pocom_root = dataset_root(path, "pocom")
    _parse_pocom(sources, pocom_root, reports["pocom"], advance)
    for file in _files(dataset_root(path, "rdcr"), "articles/*.xml"):
        root = read_document(file, reports["rdcr"])
        if root is not None:
            sources.articles.append(_parse_article(file, root))
        advance("rdcr", 1)
    return sources


def _parse_pocom(sources: Sources, root: Path | None, report: DatasetReport, advance: Advance) -> None:
    """Roles, persons (with their old ids), chiefs of mission and principal officers."""
    for file in _files(root, "roles-country-chiefs/*.xml"):
        element = read_document(file, report)
        if element is not None:
            sources.roles[text(element, "id")] = text(element, "names/singular")
    for folder in ("people/*/*.xml", "people-pending/*.xml"):
        for file in _files(root, folder):
            element = read_document(file, report)
            advance("pocom", 1)
            if element is None:
                continue
            report.read += 1
            pid = text(element, "id") or file.stem
            sources.people[pid] = {
                "file": file,
                "surname": text(element, "persName/surname"),
                "forename": text(element, "persName/forename"),
                "genname": text(element, "persName/genName"),
                "altnames": [clean("".join(a.itertext())) for a in element.iterfind("persName/altname")],
                "old_ids": [clean(o.text) for o in element.iterfind("old-ids/old-id") if clean(o.text)],
                "pending": "people-pending" in file.parts,
            }
            for old in sources.people[pid]["old_ids"]:
                sources.old_ids[old] = pid
    for file in _files(root, "missions-countries/*.xml"):
        territory = file.stem
        for element in read_records(file, "chief", report):
            report.read += 1
            sources.chiefs.append(_chief(file, territory, element))
        advance("pocom", 1)
    for file in _files(root, "missions-orgs/*.xml"):
        for _element in read_records(file, "chief", report):
            report.read += 1
            report.skip("chief of mission to an international organisation (not modelled)")
        advance("pocom", 1)
    for file in _files(root, "positions-principals/*.xml"):
        position = read_document(file, report)
        advance("pocom", 1)
        if position is None:
            continue
        pos_id = text(position, "id") or file.stem
        sources.positions[pos_id] = text(position, "names/singular")
        for element in position.iter("principal"):
            report.read += 1
            sources.principals.append(
                {
                    "file": file,
                    "position": pos_id,
                    "id": text(element, "id"),
                    "person": text(element, "person-id"),
                    "appointed": text(element, "appointed/date"),
                    "started": text(element, "started/date"),
                    "ended": text(element, "ended/date"),
                    "notes": _notes(element),
                }
            )


def _notes(element: ET.Element) -> str:
    """The notes of a pocom record as one line: "appointed: ...; started: ...; ended: ...; note"."""
    parts = []
    for event in ("appointed", "arrived", "started", "ended"):
        date, note = text(element, f"{event}/date"), text(element, f"{event}/note")
        if date or note:
            parts.append(f"{event}: {' '.join(p for p in (note, date) if p)}")
    note = text(element, "note")
    if note:
        parts.append(note)
    return "; ".join(parts)


def _chief(file: Path, territory: str, element: ET.Element) -> dict:
    return {
        "file": file,
        "territory": territory,
        "id": text(element, "id"),
        "person": text(element, "person-id"),
        "role": text(element, "role-title-id"),
        "contemporary": text(element, "contemporary-territory-id"),
        "appointed": text(element, "appointed/date"),
        "started": text(element, "started/date"),
        "ended": text(element, "ended/date"),
        "notes": _notes(element),
        "nominee": False,
    }


def _parse_article(file: Path, root: ET.Element) -> dict:
    short = ""
    for title in root.iter(f"{TEI}title"):
        if title.get("type") == "short":
            short = clean("".join(title.itertext()))
    entries = []
    for n, timeline in enumerate((d for d in root.iter(f"{TEI}div") if d.get("type") == "timeline"), start=1):
        head = timeline.find(f"{TEI}head")
        dates = list(head.iter(f"{TEI}date")) if head is not None else []
        paragraphs = [clean("".join(p.itertext())) for p in timeline.findall(f"{TEI}p")]
        refs = []
        for ref in timeline.iter(f"{TEI}ref"):
            target = (ref.get("target") or "").rstrip(":")
            found = re.fullmatch(r"/?(?:departmenthistory/)?people/([a-z0-9-]+)", target)
            if found:
                refs.append(found.group(1))
        entries.append(
            {
                "n": n,
                "head": clean("".join(head.itertext())) if head is not None else "",
                "when": next((d.get("when") for d in dates if d.get("when")), ""),
                "from": next((d.get("from") for d in dates if d.get("from")), ""),
                "to": next((d.get("to") for d in dates if d.get("to")), ""),
                "text": " ".join(p for p in paragraphs if p),
                "refs": refs,
            }
        )
    return {"file": file, "id": file.stem, "label": short.rstrip("*").strip(), "entries": entries}


def count_files(path: Path) -> dict[str, int]:
    """How many files of each dataset `parse_sources` will go through (for the progress bar)."""
    return {name: sum(len(_files(dataset_root(path, name), p)) for p in patterns) for name, patterns in FILES.items()}
