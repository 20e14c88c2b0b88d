"""The readout commands, `diplograph draft` and `diplograph evidence`, registered without importing the
extractor (dateparser, pysbd: a tenth of a second) until one of them runs, so that other commands start faster."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console


def register(commands: argparse._SubParsersAction) -> None:
    """Add `diplograph draft READOUT` and `diplograph evidence MEETING|CARD --source FILE` to the command line."""
    parser = commands.add_parser(
        "draft",
        help="draft a meeting card from a readout (text, Markdown or saved HTML), offline",
        description="Read a readout and write a draft meeting card: the header, participants, side events, "
        "instruments and statements the rules find, each with the sentence it comes from; TODOs for the rest.",
    )
    parser.add_argument("readout", type=Path, help="the readout: .txt, .md or a saved .html page")
    parser.add_argument("--lang", choices=["en", "fr", "es"], help="its language (guessed if omitted)")
    parser.add_argument("--out", type=Path, help="write the card here (default: print it)")
    parser.add_argument("--url", help="the readout's URL, for the card's source")
    parser.add_argument("--store", type=Path, default=Path("build/store"), help="built store to resolve names in")
    parser.add_argument(
        "--no-text",
        action="store_true",
        help="keep each value's span and SHA-256 but not its sentence (a web page's text is not to be stored; "
        "`diplograph evidence CARD --source READOUT` shows the sentences from your copy)",
    )
    parser.set_defaults(func=_draft)
    parser = commands.add_parser(
        "evidence",
        help="print the sentences behind a meeting's records from a local copy of the source, checked by SHA-256",
        description="Resolve the evidence spans of a meeting of the built store (or of a card) against a local "
        "copy of the source (plain text, Markdown or a saved HTML page, read as `diplograph draft` reads it), "
        "print each sentence, and say when a sentence's SHA-256 no longer matches (the copy differs). With "
        "--stamp, write the SHA-256 of each span into the card.",
    )
    parser.add_argument("target", help="a meeting (meeting/2025-08-08-jp-pe) or a card file (.yaml)")
    parser.add_argument("--source", type=Path, required=True, help="the local copy of the source the spans are in")
    parser.add_argument("--store", help="the built store, for a meeting (default as for query)")
    parser.add_argument("--stamp", action="store_true", help="write each span's sha256 into the card")
    parser.add_argument("--drop-text", action="store_true", help="with --stamp: remove the sentences from the card")
    parser.set_defaults(func=_evidence)


def _draft(args: argparse.Namespace, console: Console) -> int:
    from diplograph.sources.readouts.draft import run

    return run(args, console)


def _evidence(args: argparse.Namespace, console: Console) -> int:
    from diplograph.sources.readouts.evidence import run

    return run(args, console)
