"""`diplograph import leaders PATH`: Archigos leaders, state-system memberships and capitals (manystates).

From `leaders.rda`, the ARCHIGOS table: one row per leader spell, or per year of a spell (Chirac
appears once a year from 1995 to 2007); rows are merged into spells by their `archigosID`. Each
spell becomes a dg:Tenure of `id/post/<state>-leader` ("Effective leader of France (Archigos)")
held by `id/person/archigos/<leaderID>`, with DBpedia URIs kept as owl:sameAs. Russia is the Soviet
Union for spells that begin between 30 December 1922 and 25 December 1991.

From `states.rda`: the Gleditsch–Ward (GW), Correlates of War (COW) and International System
(ISD) memberships become dg:StateSystemMembership resources with their start and end; the
HUGGO_STATES rows name capitals with coordinates, the latest of each state being its dg:capital.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from diplograph.namespaces import slugify
from diplograph.sources.emitter import DatasetInfo, Emitter
from diplograph.sources.hsg.states import StateRef
from diplograph.sources.importer import Advance, Importer
from diplograph.sources.report import DatasetReport
from diplograph.sources.world import (
    DATASETS,
    OWL,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    ImportFailed,
    cell,
    date_literal,
    declare_state,
    describe_dataset,
    partial_date,
    read_rda,
    record,
    resolve_cow,
    resolve_iso3,
    skip,
)

DATASET = DATASETS["leaders"]
SYSTEMS = {
    "GW": "Gleditsch–Ward list of independent states",
    "COW": "Correlates of War state system membership",
    "ISD": "International System(s) Dataset",
}


class LeadersImporter(Importer):
    """manystates: one dataset, `manystates`, read from `leaders.rda` and `states.rda`."""

    name = "leaders"
    datasets = (DATASET.dataset,)
    description = "Archigos leaders, state-system memberships and capitals (manystates)"

    def check(self, path: Path, datasets: tuple[str, ...]) -> None:
        """Both .rda files must be there."""
        for name in ("leaders.rda", "states.rda"):
            if not (Path(path) / name).is_file():
                raise ImportFailed(f"{Path(path) / name}: file not found")

    def count(self, path: Path, datasets: tuple[str, ...]) -> dict[str, int]:
        return {DATASET.dataset: 2}

    def read(self, path: Path, reports: dict[str, DatasetReport], advance: Advance) -> dict:
        """The ARCHIGOS rows and the GW, COW, ISD and HUGGO_STATES rows; all of them are the records."""
        leaders = read_rda(path / "leaders.rda", "leaders", ("ARCHIGOS",))["ARCHIGOS"].to_dict("records")
        advance(DATASET.dataset, 1)
        states = read_rda(path / "states.rda", "states", (*SYSTEMS, "HUGGO_STATES"))
        advance(DATASET.dataset, 1)
        tables = {name: table.to_dict("records") for name, table in states.items()}
        reports[DATASET.dataset].read += len(leaders) + sum(len(rows) for rows in tables.values())
        return {"path": Path(path), "leaders": leaders, **tables}

    def info(self, path: Path, dataset: str) -> DatasetInfo:
        return DATASET.info(path)

    def emit(self, dataset: str, records: dict, out: Emitter, report: DatasetReport) -> None:
        """Leader spells, memberships of the three state lists, capitals."""
        path = records["path"]
        describe_dataset(out, DATASET, path)
        emit_leaders(out, report, path / "leaders.rda", records["leaders"])
        for system in SYSTEMS:
            emit_memberships(out, report, path / "states.rda", system, records[system])
        emit_capitals(out, report, path / "states.rda", records["HUGGO_STATES"])


def person_label(row: dict) -> tuple[str, str]:
    """The name to show (from the DBpedia URI when there is one: Jacques Chirac) and Archigos' (Chirac)."""
    short = cell(row, "leader")
    uri = cell(row, "dbpedia.uri")
    if uri.startswith("http://dbpedia.org/resource/"):
        return unquote(uri.rsplit("/", 1)[-1]).replace("_", " "), short
    return short, short


def emit_leaders(out: Emitter, report: DatasetReport, file: Path, rows: list[dict]) -> None:
    """Merge the yearly rows into spells and write each spell as a tenure of the state's leader post."""
    spells: dict[str, list[dict]] = {}
    for number, row in enumerate(rows, start=1):
        spell, begin = cell(row, "archigosID"), partial_date(cell(row, "Beg"))
        where = f"ARCHIGOS row {number} ({spell or '?'} {cell(row, 'leader')})"
        if not spell or not cell(row, "leaderID"):
            skip(report, file, where, "no archigosID or leaderID")
        elif not begin:
            skip(report, file, where, "no start date")
        elif resolve_cow(cell(row, "cowID"), begin, cell(row, "StateName")) is None:
            skip(report, file, where, f"state code {cell(row, 'cowID')!r} not resolved")
        else:
            spells.setdefault(spell, []).append(row)
            report.imported += 1
    report.notes["leader spells (rows merged)"] = len(spells)
    for spell, group in spells.items():
        first = min(group, key=lambda r: partial_date(cell(r, "Beg")) or "")
        begin = partial_date(cell(first, "Beg")) or ""
        ends = [partial_date(cell(r, "End")) for r in group]
        end = max((e for e in ends if e), default=None)
        state = resolve_cow(cell(first, "cowID"), begin, cell(first, "StateName"))
        emit_spell(out, spell, first, state, begin, end)


def emit_spell(out: Emitter, spell: str, row: dict, state: StateRef, begin: str, end: str | None) -> None:
    """One leader spell: the person, the state's leader post and the tenure between them."""
    person = f"id/person/archigos/{cell(row, 'leaderID')}"
    label, short = person_label(row)
    out.add(person, RDF + "type", "dg:Person")
    out.text(person, RDFS + "label", label)
    if short != label:
        out.text(person, SKOS + "altLabel", short)
    record(out, person, DATASET, cell(row, "leaderID"))
    uri = cell(row, "dbpedia.uri")
    if uri.startswith("http://dbpedia.org/resource/"):
        out.add(person, OWL + "sameAs", uri)
    for column, predicate in (("BornDate", "dg:birthDate"), ("DeathDate", "dg:deathDate")):
        out.add(person, predicate, date_literal(cell(row, column)))
    post = f"id/post/{slugify(state.key)}-leader"
    out.add(post, RDF + "type", "dg:EffectiveLeaderPost")
    out.text(post, RDFS + "label", f"Effective leader of {state.label} (Archigos)")
    out.add(post, "dg:postOf", declare_state(out, state))
    tenure = f"id/tenure/archigos/{slugify(spell)}"
    out.add(tenure, RDF + "type", "dg:Tenure")
    out.add(tenure, "dg:holder", person)
    out.add(tenure, "dg:post", post)
    out.add(tenure, "dg:startDate", date_literal(begin))
    out.add(tenure, "dg:endDate", date_literal(end))
    record(out, tenure, DATASET, spell)
    for column, predicate in (("entry", "dg:entryManner"), ("exit", "dg:exitManner")):
        if cell(row, column):
            out.add(tenure, predicate, ox.Literal(cell(row, column)))


def emit_memberships(out: Emitter, report: DatasetReport, file: Path, system: str, rows: list[dict]) -> None:
    """State-system memberships: which state was a member of which list, from when to when."""
    scheme = f"id/state-system/{system.lower()}"
    out.add(scheme, RDF + "type", SKOS + "Concept")
    out.text(scheme, RDFS + "label", SYSTEMS[system])
    out.text(scheme, SKOS + "prefLabel", SYSTEMS[system])
    for number, row in enumerate(rows, start=1):
        code, begin_text, end_text = cell(row, "cowID"), cell(row, "Beg"), cell(row, "End")
        begin = partial_date(begin_text)
        state = resolve_cow(code, None, cell(row, "StateName"))
        where = f"{system} row {number} ({code} {cell(row, 'StateName')})"
        if state is None:
            skip(report, file, where, f"state code {code!r} not resolved")
            continue
        if not begin:
            skip(report, file, where, "no start date")
            continue
        path = f"id/membership/{system.lower()}/{slugify(code)}-{begin}"
        out.add(path, RDF + "type", "dg:StateSystemMembership")
        out.add(path, "dg:member", declare_state(out, state))
        out.add(path, "dg:stateSystem", scheme)
        out.text(path, RDFS + "label", f"{cell(row, 'StateName') or state.label} in the {system} list")
        out.add(path, "dg:startDate", date_literal(begin))
        if not end_text.endswith(".."):
            out.add(path, "dg:endDate", date_literal(end_text))
        out.add(path, "dg:stateCode", ox.Literal(code))
        record(out, path, DATASET, f"{system} {code} {begin_text}")
        report.imported += 1


def emit_capitals(out: Emitter, report: DatasetReport, file: Path, rows: list[dict]) -> None:
    """Capitals with coordinates; the one of each state's latest row is its dg:capital."""
    coordinates: dict[tuple[str, str], tuple[str, str]] = {}
    for row in rows:
        if cell(row, "Latitude") and cell(row, "Longitude"):
            coordinates.setdefault((cell(row, "stateID"), cell(row, "Capital")), (row["Latitude"], row["Longitude"]))
    latest: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(rows, start=1):
        code, capital = cell(row, "stateID"), cell(row, "Capital")
        where = f"HUGGO_STATES row {number} ({code} {capital})"
        state = (resolve_iso3(code) or resolve_cow(code, None, cell(row, "StateName"))) if code else None
        if state is None:
            skip(report, file, where, f"state code {code!r} not resolved")
            continue
        if not capital:
            skip(report, file, where, "no capital named")
            continue
        place = f"id/place/{slugify(state.key)}-{slugify(capital)}"
        out.add(place, RDF + "type", "dg:Place")
        out.text(place, RDFS + "label", capital)
        out.add(place, "dg:inState", declare_state(out, state))
        if (code, capital) in coordinates:
            for value, predicate in zip(coordinates[(code, capital)], ("latitude", "longitude"), strict=True):
                out.add(place, SCHEMA + predicate, ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal")))
        begin = partial_date(cell(row, "Beg")) or ""
        if state.key not in latest or begin >= latest[state.key][0]:
            latest[state.key] = (begin, place)
        report.imported += 1
    for key, (_, place) in latest.items():
        out.add(f"id/state/{key}", "dg:capital", place)
