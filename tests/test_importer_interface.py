"""The shared importer interface, with a small real source of two CSV datasets: what every importer gets for free."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph.resources import data_dir, ontology_dir
from diplograph.sources.emitter import CC_BY_4, RDF, RDFS, DatasetInfo, Emitter, describe_source, record, typed_date
from diplograph.sources.importer import Importer, Project, SourceError, run_import
from diplograph.sources.report import DatasetReport, Problem

ID = "https://w3id.org/diplograph/id/"


class Leaders(Importer):
    """Two CSV files, `heads.csv` and `ministers.csv`, each row a person holding a post from a date."""

    name = "leaders-example"
    datasets = ("heads", "ministers")
    owners = ("ministers", "heads")

    def read(self, path: Path, reports: dict[str, DatasetReport], advance) -> dict[str, list[dict]]:
        rows: dict[str, list[dict]] = {}
        for dataset in self.datasets:
            file = path / f"{dataset}.csv"
            rows[dataset] = []
            with file.open(encoding="utf-8") as handle:
                for line, row in enumerate(csv.DictReader(handle), start=2):
                    reports[dataset].read += 1
                    if typed_date(row["start"]) is None:
                        reason = f"unreadable start date {row['start']!r}"
                        reports[dataset].skip(reason, Problem(file, f"line {line} ({row['id']})", reason))
                        continue
                    rows[dataset].append(row)
            advance(dataset, 1)
        return rows

    def emit(self, dataset: str, records: dict[str, list[dict]], out: Emitter, report: DatasetReport) -> None:
        info = self.info(Path(), dataset)
        describe_source(out, info)
        for row in records[dataset]:
            person, post, tenure = (
                f"id/person/example/{row['id']}",
                f"id/post/{row['post']}",
                f"id/tenure/ex/{row['id']}",
            )
            out.add(person, RDF + "type", "dg:Person")
            out.text(person, RDFS + "label", row["name"])
            out.add(post, RDF + "type", "dg:Post")
            out.text(post, RDFS + "label", row["post_label"])
            out.add(tenure, RDF + "type", "dg:Tenure")
            out.add(tenure, "dg:holder", person)
            out.add(tenure, "dg:post", post)
            out.add(tenure, "dg:startDate", typed_date(row["start"]))
            record(out, tenure, info.source, row["id"])
            report.imported += 1

    def info(self, path: Path, dataset: str) -> DatasetInfo:
        return DatasetInfo(
            source=f"id/source/example-{dataset}",
            title=f"Example {dataset}",
            label=f"Example {dataset} (a test source)",
            repository="https://example.org/leaders",
            licence=CC_BY_4,
            publisher="id/publisher/example",
            publisher_label="Example publisher",
            graph_label=f"Import of the example {dataset}",
        )


FIELDS = ["id", "name", "post", "post_label", "start"]


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.read(ontology_dir(), data_dir())


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "leaders"
    folder.mkdir()
    boluarte = ["boluarte", "Dina Boluarte", "pe-president", "President of Peru", "2022-12-07"]
    _write(folder / "heads.csv", [boluarte, ["x", "Nobody", "pe-president", "President of Peru", "2022-13-45"]])
    _write(folder / "ministers.csv", [boluarte, ["gonzalez", "Elmer Schialer", "pe-foreign", "FM of Peru", "2024"]])
    return folder


def _quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def test_a_bad_record_is_reported_with_its_file_and_line_and_the_others_are_imported(source, tmp_path, project):
    report = run_import(Leaders(), source, tmp_path / "imports", project=project)
    heads = report.datasets["heads"]
    assert (heads.read, heads.imported, sum(heads.skipped.values())) == (2, 1, 1)
    assert [str(problem) for problem in heads.problems] == [
        f"{source / 'heads.csv'}: record line 3 (x): unreadable start date '2022-13-45'"
    ]


def test_each_dataset_is_one_named_graph_written_twice_to_the_same_bytes(source, tmp_path, project):
    run_import(Leaders(), source, tmp_path / "first", project=project)
    run_import(Leaders(), source, tmp_path / "second", ("heads",), project=project)
    run_import(Leaders(), source, tmp_path / "second", ("ministers",), project=project)
    for dataset in Leaders.datasets:
        written = tmp_path / "first" / "leaders-example" / f"{dataset}.nq"
        assert {q.graph_name.value for q in _quads(written)} == {
            f"https://w3id.org/diplograph/graph/import/leaders-example/{dataset}"
        }
        assert written.read_bytes() == (tmp_path / "second" / "leaders-example" / f"{dataset}.nq").read_bytes()


def test_a_post_the_project_describes_keeps_its_label_and_class_and_gets_the_source_wording_as_alt_label(
    source, tmp_path, project
):
    run_import(Leaders(), source, tmp_path, project=project)
    quads = [q for d in Leaders.datasets for q in _quads(tmp_path / "leaders-example" / f"{d}.nq")]
    about_post = {(q.predicate.value, q.object.value) for q in quads if q.subject.value == ID + "post/pe-president"}
    assert about_post == {("http://www.w3.org/2004/02/skos/core#altLabel", "President of Peru")}


def test_a_triple_two_datasets_give_is_written_once_in_its_owner_graph(source, tmp_path, project):
    report = run_import(Leaders(), source, tmp_path, project=project)
    graphs: Counter = Counter()
    for dataset in Leaders.datasets:
        for quad in _quads(tmp_path / "leaders-example" / f"{dataset}.nq"):
            if quad.subject.value == ID + "person/example/boluarte":
                graphs[(quad.predicate.value, dataset)] += 1
    assert graphs == Counter(
        {
            (RDF + "type", "ministers"): 1,
            (RDFS + "label", "ministers"): 1,
        }
    )
    assert report.ownership["triples an earlier dataset gives"] > 0


def test_an_unknown_dataset_is_refused_by_name(source, tmp_path, project):
    with pytest.raises(SourceError, match="has no dataset treaties"):
        run_import(Leaders(), source, tmp_path, ("treaties",), project=project)
