"""Compare a drafted card with the card a person finished: precision and recall per field."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

HEADER = ("date", "start", "utc_offset", "duration", "approximate", "format", "host")


@dataclass
class FieldScore:
    """How many values the draft gave, how many the final card has, and how many agree."""

    drafted: int = 0
    expected: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        """Share of the drafted values that are right (1 when nothing was drafted)."""
        return self.correct / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        """Share of the final card's values the draft found (1 when there were none)."""
        return self.correct / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _todo(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("TODO")


def _surnames(name: str) -> frozenset[str]:
    """A person as the capitalised family names of their name (how readouts and cards both write them)."""
    return frozenset(re.findall(r"\b[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ\-]{2,}\b", name)) or frozenset({name.lower()})


def _bags(card: dict[str, Any]) -> dict[str, Counter]:
    """Each field of a card as a bag of comparable values (TODOs left out)."""
    meeting = card.get("meeting", {})
    bags: dict[str, Counter] = {}
    for field in HEADER:
        value = meeting.get(field)
        bags[f"meeting.{field}"] = Counter([str(value).lower()] if value is not None and not _todo(value) else [])
    bags["meeting.states"] = Counter(s for s in meeting.get("states", []) if not _todo(s))
    people = [p for p in card.get("participants", []) if p.get("person") and not _todo(p["person"])]
    bags["participants"] = Counter(_surnames(p["person"]) for p in people)
    bags["participants.role"] = Counter((_surnames(p["person"]), p.get("role")) for p in people)
    sides = card.get("side_events", [])
    bags["side_events"] = Counter(s["type"] for s in sides)
    bags["side_events.times"] = Counter(
        (s["type"], str(s.get("start")), str(s.get("duration"))) for s in sides if s.get("start") or s.get("duration")
    )
    instruments = card.get("instruments", [])
    bags["instruments"] = Counter(i["type"] for i in instruments)
    bags["instruments.date"] = Counter(
        (i["type"], str(i["date"])) for i in instruments if i.get("date") and not _todo(i.get("date"))
    )
    statements = card.get("statements", [])

    def speakers(s: dict) -> tuple:
        value = s.get("speaker")
        names = value if isinstance(value, list) else [value]
        return tuple(sorted(str(n).upper() for n in names))

    bags["statements"] = Counter(
        (speakers(s), s["act"] if isinstance(s["act"], str) else s["act"][0]) for s in statements
    )
    bags["requests"] = Counter(speakers(s) for s in statements if s.get("act") == "request")
    return bags


def score(draft: dict[str, Any], final: dict[str, Any]) -> dict[str, FieldScore]:
    """Precision and recall of each field of `draft` against `final`."""
    drafted, expected = _bags(draft), _bags(final)
    # A person drafted with their full name is the person the final card names more briefly.
    known = list(expected["participants"])

    def same(person: frozenset[str]) -> frozenset[str]:
        return next((k for k in known if k & person), person)

    drafted["participants"] = Counter({same(k): n for k, n in drafted["participants"].items()})
    drafted["participants.role"] = Counter({(same(k), r): n for (k, r), n in drafted["participants.role"].items()})
    return {
        field: FieldScore(
            sum(drafted[field].values()),
            sum(expected[field].values()),
            sum((drafted[field] & expected[field]).values()),
        )
        for field in expected
    }


def table(scores: dict[str, FieldScore]) -> str:
    """The scores as a Markdown table."""
    lines = [
        "| field | drafted | expected | right | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for field, s in scores.items():
        lines.append(f"| {field} | {s.drafted} | {s.expected} | {s.correct} | {s.precision:.2f} | {s.recall:.2f} |")
    return "\n".join(lines)
