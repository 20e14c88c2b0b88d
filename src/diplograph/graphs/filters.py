"""What a view counts: a period, a state's ego network or one relation, a format, a level; checked as given."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from diplograph.reference import is_known_state

MEETING_FORMATS = ("in-person", "telephone", "video")
"""Values of --format-of-meeting: the concepts of the format scheme (id/format/...)."""

LEVELS = ("summit", "ministerial")
"""Values of --level: meetings the reasoner classified as dg:Summit or dg:MinisterialMeeting."""


class ProjectionError(ValueError):
    """Filters that cannot select anything: an unknown view, state, format or level, or a reversed period."""


@dataclass(frozen=True)
class Filters:
    """Which meetings a projection counts: a period, a state's ego network, a format, a level."""

    start: dt.date | None = None
    end: dt.date | None = None
    state: str | None = None
    depth: int = 1
    partner: str | None = None
    meeting_format: str | None = None
    level: str | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ProjectionError(f"the period is reversed: --from {self.start} is after --to {self.end}")
        for code in (self.state, self.partner):
            if code is not None and not is_known_state(code):
                raise ProjectionError(f"unknown country code {code!r}: expected an ISO 3166-1 alpha-2 code such as JP")
        if self.partner and not self.state:
            raise ProjectionError("--with names the other side of one relation: give --state too")
        if self.depth < 0:
            raise ProjectionError(f"--depth must be 0 or more, not {self.depth}")
        if self.meeting_format is not None and self.meeting_format not in MEETING_FORMATS:
            raise ProjectionError(
                f"unknown meeting format {self.meeting_format!r}: choose one of {', '.join(MEETING_FORMATS)}"
            )
        if self.level is not None and self.level not in LEVELS:
            raise ProjectionError(f"unknown level {self.level!r}: choose one of {', '.join(LEVELS)}")

    def describe(self) -> str:
        """Say in a few words which meetings are counted, for page headings and table captions."""
        words = []
        if self.start or self.end:
            words.append(f"{self.start or '…'} to {self.end or '…'}")
        if self.state and self.partner:
            words.append(f"{self.state.upper()}–{self.partner.upper()}")
        elif self.state:
            words.append(f"ego network of {self.state.upper()}, depth {self.depth}")
        if self.meeting_format:
            words.append(self.meeting_format)
        if self.level:
            words.append(self.level)
        return ", ".join(words) if words else "all meetings"


def parse_date(text: str) -> dt.date:
    """Read a --from/--to value (YYYY-MM-DD) or say how to write it."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        raise ProjectionError(f"malformed date {text!r}: expected YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ProjectionError(f"malformed date {text!r}: expected YYYY-MM-DD") from None
