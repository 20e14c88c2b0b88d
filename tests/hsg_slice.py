"""A part of the Office of the Historian snapshot, linked (not copied) into a test's folder."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"

HSG_SLICE = (
    "MANIFEST.md",
    "visits/data/2020.xml",
    "travels/presidents",
    "travels/president-travels/biden-joseph-r.xml",
    "travels/secretary-travels/blinken-antony-j.xml",
    "travels/secretary-travels/rubio-marco.xml",
    "rdcr/articles/japan.xml",
    "rdcr/articles/peru.xml",
    "pocom/people",
    "pocom/people-pending",
    "pocom/positions-principals",
    "pocom/roles-country-chiefs",
    "pocom/missions-countries/japan.xml",
    "pocom/missions-countries/peru.xml",
)
"""Where the curated meetings and posts meet imported ones (Japan, Peru, the secretaries of state and the
chiefs of mission), small enough for rdflib to answer every question."""


def link_hsg_slice(folder: Path) -> Path:
    """Make `folder/hsg` a snapshot holding only the slice's files, each a link into ../shared; return it."""
    for part in HSG_SLICE:
        link = folder / "hsg" / part
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(SHARED / "data" / "hsg" / part)
    return folder / "hsg"
