"""Where the ontology, the data and the query catalogue live: the checkout, or the installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    """Return the folder holding ontology/, data/ and queries/ for this installation."""
    checkout = _PACKAGE_DIR.parents[1]
    if (checkout / "ontology" / "diplograph.ttl").is_file():
        return checkout
    return _PACKAGE_DIR / "resources"


def ontology_dir() -> Path:
    """Return the folder of the ontology, its schemes, shapes and alignments."""
    return resource_root() / "ontology"


def data_dir() -> Path:
    """Return the default folder of data files (the seed and the readouts)."""
    return resource_root() / "data"


def queries_dir() -> Path:
    """Return the folder of the named query catalogue."""
    return resource_root() / "queries"


def schemas_dir() -> Path:
    """Return the folder of the published JSON Schemas (the meeting card's)."""
    return resource_root() / "schemas"
