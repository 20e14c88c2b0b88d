"""What an import read, wrote and skipped, per dataset, and the one summary every importer prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console


@dataclass(frozen=True)
class Problem:
    """A record that was not imported: the file, the record id and why (printed as `file: record id: why`)."""

    path: Path
    record: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: record {self.record}: {self.reason}"


@dataclass
class DatasetReport:
    """What one dataset import read, wrote and skipped.

    Importers count every record they read (`read += 1`), every record that became RDF
    (`imported += 1`), and call `skip(reason, Problem(...))` for the others: the reason groups the
    counts in the summary, the Problem names the file and record of malformed input. Notes count
    things worth saying that cost no record ("duplicate ids numbered -2").
    """

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
    """The whole import: one report per dataset written, and figures of the entity resolution."""

    datasets: dict[str, DatasetReport] = field(default_factory=dict)
    merged: Counter = field(default_factory=Counter)
    """Entity-resolution figures ("person spellings merged": 55), printed on the last line."""
    ownership: Counter = field(default_factory=Counter)
    """Triples left to another graph that holds them (see diplograph.sources.importer)."""


SHOWN_PROBLEMS = 20
"""How many problems per dataset the summary lists; the rest are counted."""


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
        for problem in item.problems[:SHOWN_PROBLEMS]:
            console.print(f"  {problem}", highlight=False, markup=False)
        if len(item.problems) > SHOWN_PROBLEMS:
            console.print(f"  ... and {len(item.problems) - SHOWN_PROBLEMS} more", highlight=False)
    if report.ownership:
        console.print(
            "left to their owner: " + ", ".join(f"{k} {v}" for k, v in sorted(report.ownership.items()) if v),
            highlight=False,
            markup=False,
        )
    console.print("entities: " + ", ".join(f"{k} {v}" for k, v in sorted(report.merged.items()) if v), highlight=False)
