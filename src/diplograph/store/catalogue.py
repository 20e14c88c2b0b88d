"""The named query catalogue: query files with a header that documents them and typed parameters."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from diplograph.namespaces import configured_base
from diplograph.reference import state_key
from diplograph.resources import queries_dir

PARAMETER_TYPES = {
    "state": "ISO 3166-1 country code (JP, JPN) or ISO 3166-3 code of a former state (DDDE)",
    "date": "calendar date YYYY-MM-DD",
    "year": "year YYYY",
    "resource": "an IRI, or a path under the base such as meeting/2025-08-08-jp-pe",
    "string": "free text",
    "integer": "whole number",
}
"""The types a query parameter can declare, with how to write a value of each."""


class ParameterError(ValueError):
    """A parameter that the query does not declare, lacks, or cannot read."""


class CatalogueError(LookupError):
    """A query name that is not in the catalogue, or a query file without a proper header."""


@dataclass(frozen=True)
class Parameter:
    """A declared query parameter: its name, type, whether it is required, and what it means."""

    name: str
    type: str
    description: str
    optional: bool = False

    def bind(self, text: str) -> Node:
        """Turn the text a user typed into the RDF term bound to the query variable."""
        reader = getattr(self, f"_read_{self.type}")
        return reader(text.strip())

    def _read_state(self, text: str) -> Node:
        key = state_key(text)
        if key is None:
            raise ParameterError(
                f"unknown country code {text!r} for parameter {self.name}: expected an ISO 3166-1 code such as "
                "JP or PER, or an ISO 3166-3 code of a former state such as DDDE (the German Democratic Republic)"
            )
        return URIRef(f"{configured_base()}id/state/{key}")

    def _read_date(self, text: str) -> Node:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ParameterError(f"malformed date {text!r} for parameter {self.name}: expected YYYY-MM-DD")
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            year, month, day = (int(part) for part in text.split("-"))
            if not 1 <= month <= 12:
                why = f"there is no month {month:02d}"
            else:
                last = calendar.monthrange(year, month)[1]
                why = f"{calendar.month_name[month]} {year} has {last} days"
            raise ParameterError(f"no such date {text} for parameter {self.name}: {why}") from None
        return Literal(text, datatype=XSD.date)

    def _read_year(self, text: str) -> Node:
        if not re.fullmatch(r"\d{4}", text):
            raise ParameterError(f"malformed year {text!r} for parameter {self.name}: expected YYYY")
        return Literal(int(text), datatype=XSD.integer)

    def _read_integer(self, text: str) -> Node:
        if not re.fullmatch(r"-?\d+", text):
            raise ParameterError(f"malformed integer {text!r} for parameter {self.name}")
        return Literal(int(text), datatype=XSD.integer)

    def _read_string(self, text: str) -> Node:
        return Literal(text)

    def _read_resource(self, text: str) -> Node:
        if re.match(r"^[a-z][a-z0-9+.-]*://", text):
            if re.search(r"[\s<>\"{}|\\^`]", text):
                raise ParameterError(f"malformed IRI {text!r} for parameter {self.name}")
            return URIRef(text)
        path = text.lstrip("/")
        if not re.fullmatch(r"[A-Za-z0-9._~/%-]+", path):
            raise ParameterError(f"malformed resource {text!r} for parameter {self.name}")
        return URIRef(configured_base() + (path if path.startswith("id/") else f"id/{path}"))


@dataclass(frozen=True)
class CatalogueQuery:
    """A query of the catalogue: its file, header and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    examples: tuple[str, ...] = field(default_factory=tuple)
    sparql: str = ""

    def bindings(self, given: dict[str, str]) -> dict[str, Node]:
        """Check the user's parameters against the declared ones and turn them into RDF terms."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise ParameterError(
                f"query {self.name} has no parameter {', '.join(unknown)}; its parameters: {self.signature()}"
            )
        missing = [p.name for p in self.parameters if not p.optional and p.name not in given]
        if missing:
            raise ParameterError(
                f"query {self.name} needs parameter {', '.join(missing)}; its parameters: {self.signature()}"
            )
        return {name: declared[name].bind(value) for name, value in given.items()}

    def example_parameters(self) -> dict[str, str]:
        """The parameters given on the query's first `# example:` line, as KEY → text."""
        values: dict[str, str] = {}
        for example in self.examples[:1]:
            words = shlex.split(example)
            for flag, value in zip(words, words[1:], strict=False):
                if flag in ("--param", "-p") and "=" in value:
                    key, _, given = value.partition("=")
                    values[key] = given
        return values

    def signature(self) -> str:
        """List the parameters as `name (type)`, optional ones in brackets."""
        if not self.parameters:
            return "none"
        return ", ".join(f"[{p.name} ({p.type})]" if p.optional else f"{p.name} ({p.type})" for p in self.parameters)


_HEADER_LINE = re.compile(r"^#\s*(title|description|param|example):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+\((\w+)(,\s*optional)?\)\s*(.*)$")


def read_query(path: Path, header_required: bool = True) -> CatalogueQuery:
    """Read a query file and its comment header (required in the catalogue, optional for a user's own file)."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": []}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            last = match.group(1)
            fields[last].append(match.group(2).strip())
        elif last in ("description", "title") and line.strip("# ").strip():
            fields[last][-1] += " " + line.lstrip("#").strip()
    if not fields["title"] and not header_required:
        fields["title"] = [path.stem]
    if not fields["title"]:
        raise CatalogueError(f"{path}: the query has no '# title:' line in its header")
    parameters = []
    for spec in fields["param"]:
        match = _PARAM.match(spec)
        if not match or match.group(2) not in PARAMETER_TYPES:
            raise CatalogueError(
                f"{path}: cannot read parameter line {spec!r}; write 'name (type[, optional]) description' "
                f"with type one of {', '.join(PARAMETER_TYPES)}"
            )
        parameters.append(Parameter(match.group(1), match.group(2), match.group(4), bool(match.group(3))))
    return CatalogueQuery(
        name=path.stem,
        path=path,
        title=fields["title"][0],
        description=" ".join(fields["description"]),
        parameters=tuple(parameters),
        examples=tuple(fields["example"]),
        sparql=text,
    )


def catalogue(folder: Path | None = None) -> dict[str, CatalogueQuery]:
    """Read every query of the catalogue, by name."""
    folder = folder or queries_dir()
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def find_query(name_or_file: str) -> CatalogueQuery:
    """Find a catalogue query by name, or read a query file given by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return read_query(path, header_required=False)
    queries = catalogue()
    if name_or_file in queries:
        return queries[name_or_file]
    raise CatalogueError(
        f"no query named {name_or_file!r}; `diplograph query --list` shows the catalogue ({', '.join(queries)})"
    )
