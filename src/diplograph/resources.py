"""Where the ontology, the data and the query catalogue live: the user's project, else the installed package.

A diplograph *project* is a folder holding `data/` (and optionally `diplograph.toml`, `ontology/` and
`queries/`). The commands read the project in the current folder (or the one given by `--project`);
only where there is none do they fall back to the copy of the data shipped inside the package, so
that edits to a project's files are never ignored after `pip install .`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

CONFIG_TEMPLATE = """\
# diplograph project settings; every line is optional.
# Where the built graph lives: oxigraph:PATH (embedded, the default), memory[:DUMP.nq], sparql:QUERY_URL[,UPDATE_URL]
# store = "oxigraph:build/store"
# Seconds before a query is stopped
# timeout = 30
"""


@cache
def packaged_root() -> Path:
    """Return the folder holding the shipped ontology/, data/ and queries/: the checkout, or the wheel's copy."""
    checkout = _PACKAGE_DIR.parents[1]
    if (checkout / "ontology" / "diplograph.ttl").is_file():
        return checkout
    return _PACKAGE_DIR / "resources"


@dataclass(frozen=True)
class Project:
    """The folder whose files a command reads: a user's project, or the package's own copy."""

    folder: Path
    packaged: bool

    def describe(self) -> str:
        """Say in one line which folder is read, so a user never wonders which copy was built."""
        if self.packaged:
            return f"no project here (no data/ in {Path.cwd()}): using the data shipped with diplograph, {self.folder}"
        return f"project {self.folder}"


class NotAProject(ValueError):
    """A folder named as a project that has no data/ in it."""

    @classmethod
    def at(cls, folder: Path) -> NotAProject:
        """The error for a folder without data/, saying how to make one."""
        return cls(f"{folder} is not a diplograph project: it has no data/ folder (make one with diplograph init)")


def is_project(folder: Path) -> bool:
    """Whether a folder is a diplograph project: it has a data/ folder."""
    return (folder / "data").is_dir()


def current_project() -> Project:
    """The project of the current folder (or of DIPLOGRAPH_PROJECT), else the packaged data."""
    named = os.environ.get("DIPLOGRAPH_PROJECT")
    folder = Path(named).resolve() if named else Path.cwd().resolve()
    if is_project(folder):
        return Project(folder, packaged=False)
    if named:
        raise NotAProject(
            f"{folder} is not a diplograph project: it has no data/ folder (make one with diplograph init)"
        )
    return Project(packaged_root(), packaged=True)


def _own_or_packaged(name: str) -> Path:
    """A project's own ontology/ or queries/ if it has one, else the packaged copy."""
    project = current_project()
    own = project.folder / name
    return own if own.is_dir() else packaged_root() / name


def ontology_dir() -> Path:
    """Return the folder of the ontology, its schemes, shapes and alignments."""
    return _own_or_packaged("ontology")


def data_dir() -> Path:
    """Return the folder of data files: the project's data/, else the packaged one."""
    return current_project().folder / "data"


def queries_dir() -> Path:
    """Return the folder of the named query catalogue."""
    return _own_or_packaged("queries")


def make_project(folder: Path) -> Path:
    """Make a new project a user can start from: the shipped data, a commented diplograph.toml, a .gitignore."""
    folder = folder.resolve()
    if (folder / "data").exists():
        raise NotAProject(f"{folder / 'data'} already exists: diplograph init makes new projects only")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(packaged_root() / "data", folder / "data", ignore=shutil.ignore_patterns("__pycache__"))
    settings = folder / "diplograph.toml"
    if not settings.exists():
        settings.write_text(CONFIG_TEMPLATE, encoding="utf-8")
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("build/\nsite/\n", encoding="utf-8")
    return folder


def schemas_dir() -> Path:
    """Return the folder of the published JSON Schemas (the meeting card's)."""
    return packaged_root() / "schemas"
