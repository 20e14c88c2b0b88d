"""The offices HSG mentions name ("Prime Minister", "King") and reading "Title Name" into a Mention."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from diplograph.sources.xml_records import clean


@dataclass(frozen=True)
class Title:
    """An office named in a mention: its canonical wording, post slug and post class (None: no post)."""

    name: str
    slug: str | None
    kind: str = "Post"


_HEAD_OF_STATE = "HeadOfStatePost"
_HEAD_OF_GOVERNMENT = "HeadOfGovernmentPost"
_MINISTERIAL = "MinisterialPost"

TITLES: dict[str, Title] = {}


def _titles(kind: str | None, slug: str | None, *spellings: str) -> None:
    canonical = spellings[0]
    for spelling in spellings:
        TITLES[spelling.lower()] = Title(canonical, slug, kind or "Post")


_titles(_HEAD_OF_STATE, "president", "President")
_titles(_HEAD_OF_STATE, "acting-president", "Acting President", "Interim President", "Provisional President")
_titles(None, None, "President-elect", "President- elect", "President-designate", "President- designate")
_titles(_HEAD_OF_GOVERNMENT, "prime-minister", "Prime Minister", "Prime Minster", "Prime Ministere")
_titles(None, None, "Prime Minister-designate", "Prime Minister-elect", "Chancellor-elect")
_titles(_HEAD_OF_GOVERNMENT, "premier", "Premier")
_titles(_HEAD_OF_GOVERNMENT, "chancellor", "Chancellor", "Federal Chancellor")
_titles(_HEAD_OF_GOVERNMENT, "taoiseach", "Taoiseach")
_titles(_HEAD_OF_GOVERNMENT, "president-of-the-council", "President of the Council")
_titles(
    _HEAD_OF_GOVERNMENT,
    "chairman-of-the-council-of-ministers",
    "Chairman of the Council of Ministers",
    "President of the Council of Ministers",
)
_titles(_HEAD_OF_STATE, "chairman-of-the-presidency", "Chairman of the Presidency")
_titles(None, "deputy-prime-minister", "Deputy Prime Minister", "First Deputy Prime Minister")
_titles(None, "vice-premier", "Vice Premier")
_titles(None, "vice-president", "Vice President", "Vice-President")
_titles(_HEAD_OF_STATE, "king", "King")
_titles(_HEAD_OF_STATE, "queen", "Queen")
_titles(_HEAD_OF_STATE, "emperor", "Emperor")
_titles(_HEAD_OF_STATE, "empress", "Empress")
_titles(_HEAD_OF_STATE, "shah", "Shah")
_titles(_HEAD_OF_STATE, "sultan", "Sultan")
_titles(_HEAD_OF_STATE, "amir", "Amir", "Emir")
_titles(_HEAD_OF_STATE, "grand-duke", "Grand Duke")
_titles(_HEAD_OF_STATE, "grand-duchess", "Grand Duchess")
_titles(_HEAD_OF_STATE, "pope", "Pope")
_titles(_HEAD_OF_STATE, "regent", "Regent", "Prince Regent")
_titles(_HEAD_OF_STATE, "chief-of-state", "Chief of State")
_titles(_HEAD_OF_STATE, "head-of-state", "Head of State")
_titles(None, "crown-prince", "Crown Prince")
_titles(None, "governor-general", "Governor General", "Governor-General")
_titles(None, "chairman", "Chairman")
_titles(None, "general-secretary", "General Secretary")
_titles(None, "first-secretary", "First Secretary")
_titles(None, "secretary-general", "Secretary General", "Secretary-General")
_titles(None, "supreme-leader", "Supreme Leader")
_titles(_MINISTERIAL, "minister-of-foreign-affairs", "Foreign Minister", "Minister of Foreign Affairs")
_titles(_MINISTERIAL, "foreign-secretary", "Foreign Secretary")
_titles(_MINISTERIAL, "minister-of-defence", "Defense Minister", "Defence Minister", "Minister of Defense")
_titles(_MINISTERIAL, "minister-of-finance", "Finance Minister", "Minister of Finance")
_titles(None, None, "Prince", "Princess", "Sheikh", "Sheik", "General", "Lieutenant General", "Brigadier General")
_titles(None, None, "Field Marshal", "Marshal", "Generalissimo", "Archbishop", "Patriarch", "Cardinal")

_TITLE_RE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
_PIECE = re.compile(rf"^(?P<title>{_TITLE_RE})(?:\s+|(?=[A-Z]))(?P<name>.*)$", re.IGNORECASE)
_BARE_TITLE = re.compile(rf"^(?:{_TITLE_RE})$", re.IGNORECASE)
_NAME = re.compile(
    r"^(?:(?:de|da|del|de la|van|von|bin|ibn|al|el|ben|du|le|la|di|dos|das)[\s-]+)*"
    r"[A-ZÀ-ÞŁŠŽČĆ][\w'’.\-]*(?:\s+[\w'’.\-]+){0,8}$"
)


@dataclass(frozen=True)
class Mention:
    """A person as a source names them: the text, titles (canonical) and the name, if parsed."""

    text: str
    titles: tuple[str, ...]
    name: str | None

    @property
    def title(self) -> Title | None:
        """The office the mention's titles give (the first one that is a post), if any."""
        found = [TITLES[t.lower()] for t in self.titles]
        for title in found:
            if title.slug:
                return title
        return found[0] if found else None


def parse_person(text: str) -> Mention | None:
    """Read "Title Name" (or a bare name); None when the text does not look like a person."""
    text = clean(text).strip(" .;,")
    text = re.sub(r"\b(al|el|bin)\s*[-–]\s+", r"\1-", text)
    titles: list[str] = []
    rest = text
    while True:
        match = _PIECE.match(rest)
        if not match:
            break
        titles.append(TITLES[match.group("title").lower()].name)
        rest = match.group("name").strip()
        joined = re.match(r"^(?:and|&)\s+(.*)$", rest)
        if joined:
            rest = joined.group(1)
            continue
        if not _PIECE.match(rest):
            break
    name = rest.strip(" ,") or None
    bare = re.sub(r",?\s+(Jr|Sr|[0-9]+(st|nd|rd|th))\.?$", "", re.sub(r"\s*\([^)]*\)", "", name or ""))
    if name and not _NAME.match(bare):
        return None if not titles else Mention(text, tuple(titles), None)
    if not titles and (not name or len(name.split()) < 2):
        return None
    return Mention(text, tuple(titles), name)


def split_people(text: str) -> list[str]:
    """Split "President X and Prime Minister Y" or "A, B, and C" into one string per person."""
    text = clean(text)
    parts = re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", text)
    pieces: list[str] = []
    pending = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if _BARE_TITLE.match(part):
            pending = f"{pending}{part} and "
            continue
        if pieces and not pending and not _PIECE.match(part) and re.fullmatch(r"(Jr|Sr|[0-9]+(st|nd|rd|th))\.?", part):
            pieces[-1] += f", {part}"
            continue
        pieces.append(pending + part)
        pending = ""
    if pending:
        pieces.append(pending.removesuffix(" and "))
    return pieces


def name_tokens(name: str) -> tuple[str, ...]:
    """The comparison key of a name: ASCII, lower case, no brackets, suffixes or punctuation."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = re.sub(r",?\s+(jr|sr|[0-9]+(st|nd|rd|th))\.?$", "", name, flags=re.IGNORECASE)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return tuple(t for t in re.split(r"[^a-z0-9]+", ascii_name) if t)
