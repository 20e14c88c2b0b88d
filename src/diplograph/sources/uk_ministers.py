"""`diplograph import uk-ministers PATH`: the Institute for Government's database of UK ministers since 1979.

Reads `person.csv` (one row per name a person bore, with its dates), `post.csv`, `organisation.csv`
and `appointment.csv`. Each appointment becomes a dg:Tenure, `id/tenure/ifg/<appointment id>`, of a
UK post held by `id/person/ifg/<person id>`. A post whose name is unique in the database is
`id/post/gb-<name>` (the Prime Minister is `id/post/gb-prime-minister`, the IRI the HSG importer
gives the same post); a name several departments share ("Minister of State") gets the
department's short name added. The counted records are the appointment rows.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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
    date_literal,
    declare_state,
    describe_dataset,
    read_csv,
    record,
    skip,
    state_ref,
)

DATASET = DATASETS["uk-ministers"]
FILES = {
    "person.csv": ("id", "name", "start_date", "end_date"),
    "post.csv": ("id", "organisation_id", "name", "rank_equivalence"),
    "organisation.csv": ("id", "name", "short_name"),
    "appointment.csv": ("id", "person_id", "post_id", "start_date", "end_date"),
}
HEAD_OF_GOVERNMENT = {"Prime Minister"}


class UkMinistersImporter(Importer):
    """The IfG Ministers Database: one dataset, `ifg`, read from its four CSV files."""

    name = "uk-ministers"
    datasets = (DATASET.dataset,)
    description = "UK government ministers since 1979 (Institute for Government)"

    def check(self, path: Path, datasets: tuple[str, ...]) -> None:
        """The four CSV files must be there."""
        for name in FILES:
            if not (Path(path) / name).is_file():
                raise ImportFailed(f"{Path(path) / name}: file not found")

    def read(self, path: Path, reports: dict[str, DatasetReport], advance: Advance) -> dict:
        """The four tables, checked for the columns the importer needs; the appointments are the records."""
        tables = {name: read_csv(Path(path) / name, columns) for name, columns in FILES.items()}
        reports[DATASET.dataset].read += len(tables["appointment.csv"])
        return {"path": Path(path), **tables}

    def info(self, path: Path, dataset: str) -> DatasetInfo:
        return DATASET.info(path)

    def emit(self, dataset: str, records: dict, out: Emitter, report: DatasetReport) -> None:
        """Each appointment with a known person, post and start date becomes a tenure."""
        path = records["path"]
        describe_dataset(out, DATASET, path)
        uk = declare_state(out, state_ref("GB"))
        names: dict[str, list[dict]] = {}
        for row in records["person.csv"]:
            names.setdefault(row["id"], []).append(row)
        organisations = {row["id"]: row for row in records["organisation.csv"]}
        posts = {row["id"]: row for row in records["post.csv"]}
        shared = Counter(row["name"].strip() for row in records["post.csv"])
        declared: dict[str, str] = {}
        file = path / "appointment.csv"
        for line, row in enumerate(records["appointment.csv"], start=2):
            where = f"line {line} ({row.get('id', '?')})"
            if row["person_id"] not in names:
                skip(report, file, where, f"person_id {row['person_id']!r} not in person.csv")
            elif row["post_id"] not in posts:
                skip(report, file, where, f"post_id {row['post_id']!r} not in post.csv")
            elif date_literal(row["start_date"]) is None:
                skip(report, file, where, "no readable start_date")
            else:
                person = declare_person(out, row["person_id"], names[row["person_id"]])
                if row["post_id"] not in declared:
                    declared[row["post_id"]] = declare_post(out, posts[row["post_id"]], organisations, shared, uk)
                tenure = f"id/tenure/ifg/{row['id']}"
                out.add(tenure, RDF + "type", "dg:Tenure")
                out.add(tenure, "dg:holder", person)
                out.add(tenure, "dg:post", declared[row["post_id"]])
                out.add(tenure, "dg:startDate", date_literal(row["start_date"]))
                out.add(tenure, "dg:endDate", date_literal(row["end_date"]))
                record(out, tenure, DATASET, row["id"])
                report.imported += 1


def declare_person(out: Emitter, person_id: str, rows: list[dict]) -> str:
    """A minister, labelled with the name they bear last; earlier names are skos:altLabel."""
    path = f"id/person/ifg/{person_id}"
    current = max(rows, key=lambda r: (not r["end_date"], r["start_date"] or ""))
    out.add(path, RDF + "type", "dg:Person")
    out.text(path, RDFS + "label", current["name"].strip())
    for row in rows:
        if row["name"].strip() != current["name"].strip():
            out.text(path, SKOS + "altLabel", row["name"].strip())
    record(out, path, DATASET, person_id)
    return path


def declare_post(out: Emitter, post: dict, organisations: dict, shared: Counter, uk: str) -> str:
    """A UK post: `gb-<name>`, with the department when several share the name; PM a head of government."""
    name = post["name"].strip()
    organisation = organisations.get(post["organisation_id"], {})
    slug = slugify(name)
    label = f"{name} of the United Kingdom"
    if shared[name] > 1:
        slug += "-" + slugify(organisation.get("short_name") or organisation.get("name") or post["id"][:8])
        label = f"{name}, {organisation.get('name') or 'United Kingdom'}"
    path = f"id/post/gb-{slug}"
    kind = "dg:HeadOfGovernmentPost" if name in HEAD_OF_GOVERNMENT else "dg:MinisterialPost"
    out.add(path, RDF + "type", kind)
    out.text(path, RDFS + "label", label)
    out.add(path, "dg:postOf", uk)
    record(out, path, DATASET, post["id"])
    return path
