"""Read a meeting card: YAML with the line of every field kept, checked against the published JSON Schema."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from diplograph.resources import schemas_dir

SCHEMA_FILE = "meeting-card.schema.json"


@dataclass(frozen=True)
class CardProblem:
    """One fault in a card: where it is (field and line) and what to do about it."""

    field: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.field}: {self.message}"


class CardError(Exception):
    """A card that cannot be compiled, with every problem found."""

    def __init__(self, path: Path | str, problems: list[CardProblem]):
        self.path, self.problems = Path(path), problems
        super().__init__("\n".join(f"{path}:{p.line or 1}: {p.field}: {p.message}" for p in problems))


@cache
def card_schema() -> dict[str, Any]:
    """The JSON Schema of a meeting card, as published in schemas/."""
    return json.loads((schemas_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))


def load_card(path: Path | str, text: str | None = None) -> CommentedMap:
    """Parse a card, keeping each field's line; raise CardError on bad YAML or a card the schema refuses."""
    path = Path(path)
    source = text if text is not None else path.read_text(encoding="utf-8")
    try:
        data = YAML(typ="rt").load(source)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise CardError(
            path, [CardProblem("(yaml)", line, f"{error.problem or error.context}: fix the YAML syntax")]
        ) from None
    if not isinstance(data, CommentedMap):
        raise CardError(path, [CardProblem("(card)", 1, "a card is a mapping with meeting:, participants:, ...")])
    todos = list(_todos(data, []))
    if todos:
        advice = "fill it in from the readout (see its evidence) or delete the field"
        raise CardError(
            path, [CardProblem(field_name(p), line_of(data, p), f"{v!r} is still to do: {advice}") for p, v in todos]
        )
    problems = []
    validator = jsonschema.Draft202012Validator(card_schema())
    for error in sorted(validator.iter_errors(_plain(data)), key=lambda e: list(map(str, e.absolute_path))):
        where = list(error.absolute_path)
        problems.append(CardProblem(field_name(where) or "(card)", line_of(data, where), _explain(error)))
    if problems:
        raise CardError(path, problems)
    return data


def _todos(node: Any, path: list[str | int]):
    """The fields a draft left as TODO (the evidence section aside)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "evidence":
                yield from _todos(value, [*path, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _todos(value, [*path, i])
    elif isinstance(node, str) and node.startswith("TODO"):
        yield path, node


def _plain(node: Any) -> Any:
    """The card as plain JSON values (dates as ISO strings) for the schema check."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if hasattr(node, "isoformat"):
        return node.isoformat()
    return node


def _explain(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"{error.message}: check the spelling against the card format (docs/cards.md)"
    if error.validator == "required":
        return f"{error.message}: add it"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    return error.message


def field_name(path: list[str | int]) -> str:
    """Write a path in the card as people read it: participants[1].person."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def line_of(root: Any, path: list[str | int]) -> int | None:
    """The 1-based line of the value at `path` in the card (or of the nearest enclosing field)."""
    node, line = root, None
    for part in path:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
        node = node[part]
    return line


def text_digest(text: str) -> str:
    """The SHA-256 of a quoted passage, as a card's `sha256:` and dg:textDigest hold it (UTF-8, lower-case hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
