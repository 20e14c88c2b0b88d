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
from rich.console import Console

from diplograph.namespaces import slugify
from diplograph.sources.hsg.importer import DatasetReport
from diplograph.sources.world import (
    DATASETS,
    RDF,
    RDFS,
    SKOS,
    WorldEmitter,
    cell,
    date_literal,
    declare_state,
    describe_dataset,
    manifest_commit,
    progress_bar,
    read_rda,
    resolve_iso3,
    resolve_name,
    skip,
    write_dataset,
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


def party_of(out: WorldEmitter, code: str) -> str | None:
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


def concept(out: WorldEmitter, scheme: str, label: str) -> str:
    """A SKOS concept of an open scheme (treaty subjects, domains), made on first use."""
    path = f"id/{scheme}/{slugify(label)}"
    out.add(path, RDF + "type", SKOS + "Concept")
    out.text(path, SKOS + "prefLabel", label)
    out.text(path, RDFS + "label", label)
    out.add(path, SKOS + "inScheme", f"id/{scheme}")
    return path


def run_import(path: Path, imports_dir: Path, console: Console | None = None) -> DatasetReport:
    """Import the GGO agreements and parties under PATH into `<imports_dir>/world/treaties.nq`."""
    path = Path(path)
    report = DatasetReport("treaties")
    with progress_bar(console) as progress:
        task = progress.add_task("read treaties", total=2)
        agreements = read_rda(path / "agreements.rda", "agreements", ("GGO",))["GGO"]
        progress.advance(task)
        parties = read_rda(path / "parties.rda", "parties", ("GGO",))["GGO"]
        progress.advance(task)
        out = WorldEmitter(DATASET)
        commit, version_date = manifest_commit(path, DATASET)
        describe_dataset(out, commit, version_date)
        for scheme, label in (("treaty-subject", "Treaty subjects (GGO)"), ("treaty-domain", "Treaty domains (GGO)")):
            out.add(f"id/{scheme}", RDF + "type", SKOS + "ConceptScheme")
            out.text(f"id/{scheme}", RDFS + "label", label)

        known = {}
        rows = agreements.to_dict("records")
        for number, row in enumerate(rows, start=1):
            report.read += 1
            treaty_id = cell(row, "treatyID")
            if not treaty_id:
                skip(report, path / "agreements.rda", f"GGO row {number}", "no treatyID")
            elif treaty_id in known:
                skip(report, path / "agreements.rda", treaty_id, "duplicate treatyID (the first row is kept)")
            else:
                known[treaty_id] = row
        members: dict[str, list[tuple[str, dict]]] = {}
        task = progress.add_task("resolve parties", total=len(parties))
        for number, row in enumerate(parties.to_dict("records"), start=1):
            report.read += 1
            progress.advance(task)
            treaty_id, code = cell(row, "treatyID"), cell(row, "stateID")
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
        task = progress.add_task("write treaties", total=len(known))
        for treaty_id, row in known.items():
            progress.advance(task)
            found = members.get(treaty_id, [])
            if len(found) < 2:
                reason = "no party rows" if not found else "fewer than two parties that are states or organisations"
                skip(report, path / "agreements.rda", treaty_id, reason)
                report.skipped["party rows of skipped treaties"] += len(found)
                continue
            emit_treaty(out, treaty_id, row, found)
            report.imported += 1 + len(found)
        write_dataset(out, report, path, imports_dir, commit)
    return report


def emit_treaty(out: WorldEmitter, treaty_id: str, row: dict, parties: list[tuple[str, dict]]) -> None:
    """One agreement: class, title, dates at their precision, subject and domain, parties."""
    path = f"id/instrument/ggo/{slugify(treaty_id)}"
    out.add(path, RDF + "type", KINDS.get(cell(row, "TypeAgree"), "dg:Treaty"))
    out.text(path, RDFS + "label", cell(row, "Title"))
    out.record(path, treaty_id)
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
