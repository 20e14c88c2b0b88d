"""`diplograph import missions PATH`: embassies and consulates (the database of embassies, from Wikidata).

Reads `database_of_embassies.csv` (`;`-separated). Each row whose sending and host states resolve
becomes a dg:DiplomaticMission, `id/mission/<Wikidata QID>`, with its type (embassy, consulate
general, ...) as a SKOS concept, the sending state (dg:sendingState), the host state
(dg:receivingState), the states it is accredited to (dg:accreditedTo), its city (a dg:Place in the
host state), coordinates (schema:latitude/longitude), website and opening date. Wikidata QIDs are
kept as owl:sameAs links, for the missions, their cities and the states.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from diplograph.namespaces import slugify
from diplograph.sources.emitter import DatasetInfo, Emitter
from diplograph.sources.importer import Advance, Importer
from diplograph.sources.report import DatasetReport
from diplograph.sources.world import (
    DATASETS,
    FOAF,
    OWL,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    ImportFailed,
    date_literal,
    declare_state,
    describe_dataset,
    read_csv,
    record,
    resolve_name,
    skip,
)

DATASET = DATASETS["missions"]
FILE = "database_of_embassies.csv"
COLUMNS = ("operator", "operatorQID", "jurisdictions", "jurisdictionQIDs", "country", "countryQID", "city")
WIKIDATA = "http://www.wikidata.org/entity/"


def qid(value: str) -> str:
    """The Q-number of a Wikidata entity IRI (`.../entity/Q17` → Q17), or empty text."""
    value = value.strip()
    return value.rsplit("/", 1)[-1] if value.startswith(WIKIDATA) else ""


class MissionsImporter(Importer):
    """The database of embassies: one dataset, `embassies`, read from `database_of_embassies.csv`."""

    name = "missions"
    datasets = (DATASET.dataset,)
    description = "embassies and consulates (Wikidata extract)"

    def check(self, path: Path, datasets: tuple[str, ...]) -> None:
        """The CSV file must be there."""
        if not (Path(path) / FILE).is_file():
            raise ImportFailed(f"{Path(path) / FILE}: file not found")

    def read(self, path: Path, reports: dict[str, DatasetReport], advance: Advance) -> dict:
        """The CSV rows, checked for the columns the importer needs."""
        rows = read_csv(Path(path) / FILE, COLUMNS, delimiter=";")
        reports[DATASET.dataset].read += len(rows)
        return {"path": Path(path), "rows": rows}

    def info(self, path: Path, dataset: str) -> DatasetInfo:
        return DATASET.info(path)

    def emit(self, dataset: str, records: dict, out: Emitter, report: DatasetReport) -> None:
        """Rows whose sending and host states resolve become missions; the others are skipped with why."""
        file = records["path"] / FILE
        describe_dataset(out, DATASET, records["path"])
        out.add("id/mission-type", RDF + "type", SKOS + "ConceptScheme")
        out.text("id/mission-type", RDFS + "label", "Types of diplomatic mission (Wikidata)")
        seen: set[str] = set()
        for line, row in enumerate(records["rows"], start=2):
            where = f"line {line} ({row.get('QID', '').strip() or 'no QID'})"
            mission = qid(row.get("QID") or "")
            sending = resolve_name(row.get("operator") or "")
            host = resolve_name(row.get("country") or "")
            if not mission:
                skip(report, file, where, "no Wikidata QID for the mission")
            elif mission in seen:
                skip(report, file, where, "the same mission twice")
            elif sending is None:
                skip(report, file, where, f"operator {row.get('operator')!r} is not a state we know")
            elif host is None:
                skip(report, file, where, f"host country {row.get('country')!r} is not a state we know")
            else:
                seen.add(mission)
                emit_mission(out, mission, row, declare_state(out, sending), declare_state(out, host))
                same_as(out, sending.path, row.get("operatorQID") or "")
                same_as(out, host.path, row.get("countryQID") or "")
                report.imported += 1


def same_as(out: Emitter, path: str, iri: str) -> None:
    """Keep a Wikidata entity as owl:sameAs of one of ours."""
    if qid(iri):
        out.add(path, OWL + "sameAs", WIKIDATA + qid(iri))


def emit_mission(out: Emitter, mission: str, row: dict, sending: str, host: str) -> None:
    """One mission: type, states, accreditations, city, coordinates, website, opening date."""
    path = f"id/mission/{mission}"
    kind = (row.get("type") or "").strip() or "diplomatic mission"
    city = (row.get("city") or "").strip()
    operator, country = row["operator"].strip(), row["country"].strip()
    out.add(path, RDF + "type", "dg:DiplomaticMission")
    where = f" in {city}" if city else ""
    out.text(path, RDFS + "label", f"{kind[:1].upper() + kind[1:]} of {operator} in {country}{where}")
    record(out, path, DATASET, mission)
    same_as(out, path, row.get("QID") or "")
    type_path = f"id/mission-type/{slugify(kind)}"
    out.add(type_path, RDF + "type", SKOS + "Concept")
    out.text(type_path, SKOS + "prefLabel", kind)
    out.text(type_path, RDFS + "label", kind)
    out.add(type_path, SKOS + "inScheme", "id/mission-type")
    same_as(out, type_path, row.get("typeQID") or "")
    out.add(path, "dg:missionType", type_path)
    out.add(path, "dg:sendingState", sending)
    out.add(path, "dg:receivingState", host)
    for name, iri in zip(
        (row.get("jurisdictions") or "").split("|"), (row.get("jurisdictionQIDs") or "").split("|"), strict=False
    ):
        accredited = resolve_name(name)
        if accredited is not None:
            out.add(path, "dg:accreditedTo", declare_state(out, accredited))
            same_as(out, accredited.path, iri)
    city_qid = qid(row.get("cityQID") or "")
    if city and city_qid:
        place = f"id/place/wd-{city_qid}"
        out.add(place, RDF + "type", "dg:Place")
        out.text(place, RDFS + "label", city)
        out.add(place, "dg:inState", host)
        same_as(out, place, row.get("cityQID") or "")
        out.add(path, "dg:missionCity", place)
    for column, predicate in (("latitude", "latitude"), ("longitude", "longitude")):
        value = (row.get(column) or "").strip()
        try:
            float(value)
        except ValueError:
            continue
        out.add(path, SCHEMA + predicate, ox.Literal(value, datatype=ox.NamedNode(XSD + "decimal")))
    website = (row.get("website") or "").strip()
    if website.startswith(("http://", "https://")) and " " not in website:
        out.add(path, FOAF + "homepage", website)
    out.add(path, "dg:dateOpened", date_literal((row.get("creation") or "")[:10]))
