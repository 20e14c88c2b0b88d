"""`diplograph import uk-ministers PATH`: the Institute for Government's database of UK ministers since 1979.

Reads `person.csv` (one row per name a person bore, with its dates), `post.csv`, `organisation.csv`
and `appointment.csv`. Each appointment becomes a dg:Tenure, `id/tenure/ifg/<appointment id>`, of a
UK post held by `id/person/ifg/<person id>`. A post whose name is unique in the database is
`id/post/gb-<name>` (the Prime Minister is `id/post/gb-prime-minister`, the IRI the HSG importer
gives the same post); a name several departments share ("Minister of State") gets the
department's short name added. The counted records are the appointment rows.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from rich.console import Console

from diplograph.namespaces import slugify
from diplograph.sources.hsg.importer import DatasetReport
from diplograph.sources.world import (
    DATASETS,
    RDF,
    RDFS,
    SKOS,
    ImportFailed,
    WorldEmitter,
    date_literal,
    declare_state,
    describe_dataset,
    manifest_commit,
    progress_bar,
    skip,
    state_ref,
    write_dataset,
)

DATASET = DATASETS["uk-ministers"]
FILES = {
    "person.csv": ("id", "name", "start_date", "end_date"),
    "post.csv": ("id", "organisation_id", "name", "rank_equivalence"),
    "organisation.csv": ("id", "name", "short_name"),
    "appointment.csv": ("id", "person_id", "post_id", "start_date", "end_date"),
}
HEAD_OF_GOVERNMENT = {"Prime Minister"}


def read_csv(file: Path, columns: tuple[str, ...]) -> list[dict]:
    """The rows of one CSV file; a clear error naming the file if it is missing or lacks a column."""
    if not file.is_file():
        raise ImportFailed(f"{file}: file not found")
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportFailed(f"{file}: line 1: missing column(s) {', '.join(missing)}")
        return list(reader)


def run_import(path: Path, imports_dir: Path, console: Console | None = None) -> DatasetReport:
    """Import the ministers under PATH into `<imports_dir>/world/uk-ministers.nq`."""
    path = Path(path)
    tables = {name: read_csv(path / name, columns) for name, columns in FILES.items()}
    report = DatasetReport("uk-ministers")
    out = WorldEmitter(DATASET)
    commit, version_date = manifest_commit(path, DATASET)
    describe_dataset(out, commit, version_date)
    uk = declare_state(out, state_ref("GB"))
    names: dict[str, list[dict]] = {}
    for row in tables["person.csv"]:
        names.setdefault(row["id"], []).append(row)
    organisations = {row["id"]: row for row in tables["organisation.csv"]}
    posts = {row["id"]: row for row in tables["post.csv"]}
    shared = Counter(row["name"].strip() for row in tables["post.csv"])
    declared: dict[str, str] = {}
    with progress_bar(console) as progress:
        task = progress.add_task("uk ministers", total=len(tables["appointment.csv"]))
        for line, row in enumerate(tables["appointment.csv"], start=2):
            progress.advance(task)
            report.read += 1
            where = f"line {line} ({row.get('id', '?')})"
            file = path / "appointment.csv"
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
                out.record(tenure, row["id"])
                report.imported += 1
    write_dataset(out, report, path, imports_dir, commit)
    return report


def declare_person(out: WorldEmitter, person_id: str, rows: list[dict]) -> str:
    """A minister, labelled with the name they bear last; earlier names are skos:altLabel."""
    path = f"id/person/ifg/{person_id}"
    current = max(rows, key=lambda r: (not r["end_date"], r["start_date"] or ""))
    out.add(path, RDF + "type", "dg:Person")
    out.text(path, RDFS + "label", current["name"].strip())
    for row in rows:
        if row["name"].strip() != current["name"].strip():
            out.text(path, SKOS + "altLabel", row["name"].strip())
    out.record(path, person_id)
    return path


def declare_post(out: WorldEmitter, post: dict, organisations: dict, shared: Counter, uk: str) -> str:
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
    out.record(path, post["id"])
    return path
