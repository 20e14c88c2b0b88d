"""`diplograph evidence`: the sentences behind a meeting's records, read from a local copy of the source.

The graph keeps where a record comes from as a selector into its source (the character span and the SHA-256
of the characters, dg:spanStart, dg:spanEnd, dg:textDigest), and the sentence itself only where the card's author
stored it. Given the source text, this command shows each sentence and says whether it is still the one the
card was written from (the digest matches) or the copy differs. `--stamp` writes the span's digest into a card.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from ruamel.yaml import YAML

from diplograph.pipeline.card_reader import text_digest
from diplograph.sources.readouts.extract import read_text

CARD_SUFFIXES = (".yaml", ".yml")


@dataclass
class Resolved:
    """One record's evidence resolved against the source text: the sentence found there and whether it checks."""

    record: str
    kind: str
    start: int | None
    end: int | None
    digest: str | None
    stored: str | None
    sentence: str | None
    status: str
    """`matches` (the digest, or the stored text, is that of the span), `differs`, `unchecked` (no digest, no
    text), `outside` (the span is not in the text) or `no span`."""


def resolve(rows: list[dict[str, str]], text: str) -> list[Resolved]:
    """Read each row's span (start, end, digest, sentence as the `evidence` query gives them) in `text`."""
    found = []
    for row in rows:
        start = int(row["start"]) if row.get("start") is not None else None
        end = int(row["end"]) if row.get("end") is not None else None
        digest, stored = row.get("digest"), row.get("sentence")
        sentence, status = None, "no span"
        if start is not None and end is not None:
            if 0 <= start < end <= len(text):
                sentence = text[start:end]
                expected = digest or (text_digest(stored) if stored is not None else None)
                status = (
                    "unchecked" if expected is None else "matches" if text_digest(sentence) == expected else "differs"
                )
            else:
                status = "outside"
        found.append(Resolved(row["record"], row.get("kind", ""), start, end, digest, stored, sentence, status))
    return found


def meeting_rows(store: str | None, meeting: str) -> list[dict[str, str]]:
    """The catalogue's `evidence` answer for a meeting of the built store."""
    from diplograph.store.backends import open_backend
    from diplograph.store.catalogue import catalogue

    backend = open_backend(store)
    try:
        query = catalogue()["evidence"]
        return backend.query(query.sparql, query.bindings({"meeting": meeting})).records()
    finally:
        backend.close()


def card_rows(card: Path) -> list[dict[str, str]]:
    """The evidence records of a card, by their field, as the `evidence` query would list them."""
    data = YAML(typ="safe").load(card.read_text(encoding="utf-8"))
    rows = []
    for section, kind in (("statements", "statement"), ("side_events", "side event"), ("instruments", "instrument")):
        for i, item in enumerate(data.get(section) or []):
            evidence = item.get("evidence") or {}
            if evidence:
                row = {"record": f"{section}[{i}] {item.get('id', '')}".strip(), "kind": kind}
                row.update({k: evidence[k] for k in ("start", "end") if evidence.get(k) is not None})
                if evidence.get("sha256"):
                    row["digest"] = evidence["sha256"]
                if evidence.get("text") is not None:
                    row["sentence"] = evidence["text"]
                rows.append(row)
    return rows


def stamp(card: Path, text: str, drop_text: bool = False) -> tuple[int, list[str]]:
    """Write into `card` the SHA-256 of every evidence span as read in `text` (and drop the sentences if asked).

    A sentence the card stores that is not the text of its span is a fault, named by its field: nothing is written."""
    yaml = YAML()  # round trip: comments, order and layout are kept
    yaml.width = 4096
    yaml.preserve_quotes = True
    data = yaml.load(card.read_text(encoding="utf-8"))
    faults: list[str] = []
    stamped = 0

    def visit(node, where: str) -> None:
        nonlocal stamped
        if isinstance(node, dict):
            if "start" in node and "end" in node and ("text" in node or "sha256" in node or "confidence" in node):
                start, end = int(node["start"]), int(node["end"])
                if not 0 <= start < end <= len(text):
                    faults.append(f"{where}: the span {start}-{end} is not in the source text ({len(text)} characters)")
                    return
                passage = text[start:end]
                if node.get("text") is not None and node["text"] != passage:
                    faults.append(f"{where}.text: not the text of the span {start}-{end} in this source")
                    return
                node["sha256"] = text_digest(passage)
                if drop_text and "text" in node:
                    del node["text"]
                stamped += 1
                return
            for key, value in node.items():
                visit(value, f"{where}.{key}" if where else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, f"{where}[{i}]")

    visit(data, "")
    if not faults:
        with card.open("w", encoding="utf-8") as out:
            yaml.dump(data, out)
    return stamped, faults


def run(args: argparse.Namespace, console: Console) -> int:
    """`diplograph evidence`: print (or stamp) the sentences of a meeting or card from a local source copy."""
    errors = Console(stderr=True)
    if not args.source.is_file():
        errors.print(f"[bold red]error:[/] {escape(str(args.source))}: no such file", highlight=False)
        return 1
    text = read_text(args.source)
    is_card = args.target.endswith(CARD_SUFFIXES)
    if args.stamp:
        if not is_card:
            errors.print("[bold red]error:[/] --stamp writes into a card: give the card's file", highlight=False)
            return 2
        stamped, faults = stamp(Path(args.target), text, args.drop_text)
        for fault in faults:
            errors.print(f"[bold red]error:[/] {escape(args.target)}: {escape(fault)}", highlight=False)
        if faults:
            return 1
        print(f"{args.target}: {stamped} spans stamped with their SHA-256")
        return 0
    rows = card_rows(Path(args.target)) if is_card else meeting_rows(args.store, args.target)
    resolved = resolve(rows, text)
    for item in resolved:
        span = f"{item.start}-{item.end}" if item.start is not None else "no span"
        short = item.record.rsplit("/", 1)[-1]
        print(f"{item.kind}: {short} [{span}] {item.status}")
        if item.sentence is not None:
            print(f"  {item.sentence}")
    bad = [r for r in resolved if r.status in ("differs", "outside")]
    good = sum(r.status == "matches" for r in resolved)
    print(f"{good} of {len(resolved)} sentences found in {args.source} with their SHA-256 matching", end="")
    print(f"; {len(bad)} differ: the copy is not the text the spans were taken from" if bad else "")
    return 1 if bad else 0
