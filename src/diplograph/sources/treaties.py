"""`diplograph import treaties PATH`: the Global Governance Observatory's agreements (manytreaties) as instruments.

Reads the GGO tables of `agreements.rda` and `parties.rda`. Each agreement with at least two parties
that resolve to states (ISO alpha-3 codes, or Correlates of War codes for former states: PRU, GDR,
YUG) or to international organisations becomes a dg:Treaty (dg:MemorandumOfCooperation for MOUs),
`id/instrument/ggo/<treatyID>`, with its title, signature (dg:dateConcluded), entry into force
(dg:dateInForce) and end (dg:dateEnded) at the precision the source gives, its subject and domain
as SKOS concepts, and its parties. Counted records are the rows of both tables.
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
    RDF,
    RDFS,
    SKOS,
    ImportFailed,
    cell,
    date_literal,
    declare_state,
    describe_dataset,
    read_rda,
    record,
    resolve_iso3,
    resolve_name,
    skip,
)

DATASET = DATASETS["treaties"]

ORGANISATIONS = {
    "EUE": ("european-union", "European Union"),
    "EUU": ("european-union", "European Union"),
    "EC": ("european-communities", "European Communities"),
    "EFTA": ("efta", "European Free Trade Association"),
    "EAZ": ("east-african-community", "East African Community"),
}
"""Party codes of GGO that name organisations, with our slug and label."""

TYPOS = {"VAE": "ARE", "QAR": "QAT", "BZL": "BRA"}
"""Party codes of GGO that are neither ISO nor Correlates of War codes, with the ISO code they mean."""

KINDS = {"MOU": "dg:MemorandumOfCooperation"}
"""GGO agreement types that map to a narrower instrument class than dg:Treaty."""


def party_of(out: Emitter, code: str) -> str | None:
    """The state or organisation a GGO party code names, declared in the graph; None if unknown."""
    code = code.strip()
    state = resolve_iso3(TYPOS.get(code, code)) if len(code) <= 4 and code.isalpha() and code.isupper() else None
    state = state or resolve_name(code)
    if state is not None:
        return declare_state(out, state)
    if code in ORGANISATIONS or code.startswith("IO-") or (" " in code and code.split(" ")[0].isupper()):
        slug, label = ORGANISATIONS.get(code, (slugify(code.removeprefix("IO-")), code.removeprefix("IO-")))
        path = f"id/organisation/{slug}"
        out.add(path, RDF + "type", "dg:InternationalOrganisation")
        out.text(path, RDFS + "label", label)
        return path
    return None


def concept(out: Emitter, scheme: str, label: str) -> str:
    """A SKOS concept of an open scheme (treaty subjects, domains), made on first use."""
    path = f"id/{scheme}/{slugify(label)}"
    out.add(path, RDF + "type", SKOS + "Concept")
    out.text(path, SKOS + "prefLabel", label)
    out.text(path, RDFS + "label", label)
    out.add(path, SKOS + "inScheme", f"id/{scheme}")
    return path


class TreatiesImporter(Importer):
    """manytreaties' GGO tables: one dataset, `ggo`, read from `agreements.rda` and `parties.rda`."""

    name = "treaties"
    datasets = (DATASET.dataset,)
    description = "manytreaties (GGO): agreements and their parties"

    def check(self, path: Path, datasets: tuple[str, ...]) -> None:
        """Both .rda files must be there."""
        for name in ("agreements.rda", "parties.rda"):
            if not (Path(path) / name).is_file():
                raise ImportFailed(f"{Path(path) / name}: file not found")

    def count(self, path: Path, datasets: tuple[str, ...]) -> dict[str, int]:
        return {DATASET.dataset: 2}

    def read(self, path: Path, reports: dict[str, DatasetReport], advance: Advance) -> dict:
        """The GGO agreements and parties as lists of rows (R's NA read as missing)."""
        agreements = read_rda(path / "agreements.rda", "agreements", ("GGO",))["GGO"].to_dict("records")
        advance(DATASET.dataset, 1)
        parties = read_rda(path / "parties.rda", "parties", ("GGO",))["GGO"].to_dict("records")
        advance(DATASET.dataset, 1)
        reports[DATASET.dataset].read += len(agreements) + len(parties)
        return {"path": Path(path), "agreements": agreements, "parties": parties}

    def info(self, path: Path, dataset: str) -> DatasetInfo:
        return DATASET.info(path)

    def emit(self, dataset: str, records: dict, out: Emitter, report: DatasetReport) -> None:
        """Agreements with at least two known parties become instruments; every other row is skipped with why."""
        path = records["path"]
        describe_dataset(out, DATASET, path)
        for scheme, label in (("treaty-subject", "Treaty subjects (GGO)"), ("treaty-domain", "Treaty domains (GGO)")):
            out.add(f"id/{scheme}", RDF + "type", SKOS + "ConceptScheme")
            out.text(f"id/{scheme}", RDFS + "label", label)
        known = {}
        for number, row in enumerate(records["agreements"], start=1):
            treaty_id = cell(row, "treatyID")
            if not treaty_id:
                skip(report, path / "agreements.rda", f"GGO row {number}", "no treatyID")
            elif treaty_id in known:
                skip(report, path / "agreements.rda", treaty_id, "duplicate treatyID (the first row is kept)")
            else:
                known[treaty_id] = row
        members: dict[str, list[tuple[str, dict]]] = {}
        with_rows: set[str] = set()
        for number, row in enumerate(records["parties"], start=1):
            treaty_id, code = cell(row, "treatyID"), cell(row, "stateID")
            with_rows.add(treaty_id)
            where = f"GGO party row {number} ({treaty_id} {code})"
            if treaty_id not in known:
                skip(report, path / "parties.rda", where, "treatyID not among the GGO agreements")
                continue
            party = party_of(out, code)
            if party is None:
                skip(report, path / "parties.rda", where, f"party code {code!r} names no known state or organisation")
                continue
            if any(p == party for p, _ in members.get(treaty_id, [])):
                skip(report, path / "parties.rda", where, "the same party twice in one treaty")
                continue
            members.setdefault(treaty_id, []).append((party, row))
        for treaty_id, row in known.items():
            found = members.get(treaty_id, [])
            if len(found) < 2:
                reason = (
                    "no party rows"
                    if treaty_id not in with_rows
                    else "fewer than two parties that are states or organisations"
                )
                skip(report, path / "agreements.rda", treaty_id, reason)
                report.skipped["party rows of skipped treaties"] += len(found)
                continue
            emit_treaty(out, treaty_id, row, found)
            report.imported += 1 + len(found)
            report.notes["instruments"] += 1


def emit_treaty(out: Emitter, treaty_id: str, row: dict, parties: list[tuple[str, dict]]) -> None:
    """One agreement: class, title, dates at their precision, subject and domain, parties."""
    path = f"id/instrument/ggo/{slugify(treaty_id)}"
    out.add(path, RDF + "type", KINDS.get(cell(row, "TypeAgree"), "dg:Treaty"))
    out.text(path, RDFS + "label", cell(row, "Title"))
    record(out, path, DATASET, treaty_id)
    out.add(path, "dg:dateConcluded", date_literal(cell(row, "Signature")))
    out.add(path, "dg:dateInForce", date_literal(cell(row, "Force")))
    out.add(path, "dg:dateEnded", date_literal(cell(row, "End")))
    if cell(row, "TypeAgree"):
        out.add(path, "dg:instrumentForm", ox.Literal(cell(row, "TypeAgree")))
    if cell(row, "TypeSubject"):
        out.add(path, "http://purl.org/dc/terms/subject", concept(out, "treaty-subject", cell(row, "TypeSubject")))
    if cell(row, "TypeDomain"):
        out.add(path, "http://purl.org/dc/terms/subject", concept(out, "treaty-domain", cell(row, "TypeDomain")))
    for party, _ in parties:
        out.add(path, "dg:party", party)
