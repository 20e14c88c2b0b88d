"""Entity resolution for the Office of the Historian (HSG) datasets: countries, titles and persons.

Countries. The four datasets name countries by slugs (`peru`, `korea-south`, `turkiye`). A slug
resolves, in this order, to:

1. a current state, `id/state/<ALPHA2>`, through a small alias table of renamed and misspelt slugs
   (`turkiye` and `turkey` to TR, `somoa` to WS, `congo-kinshasa` to CD, ...) and otherwise
   `pycountry.countries.lookup` on the slug and then on the label the record gives;
2. a former state with an ISO 3166-3 code (`pycountry.historic_countries`), `id/state/<ALPHA4>`
   (SUHH, YUCS, CSHH, DDDE, ANHH): the four-letter code, because the two-letter ones were reused
   (CS was Czechoslovakia, then Serbia and Montenegro);
3. a historical state without any code (Bavaria, the Two Sicilies, Joseon Korea, the Republic of
   Texas, ...), `id/state/<slug>` in lower case so it can never clash with an ISO code; the
   importer declares these as dg:State with their labels in its output graph.

Two slugs are continuity bins whose meaning depends on the date: `russia` is the Soviet Union from
30 December 1922 to 25 December 1991, and `korea` is Joseon Korea up to 29 August 1910 (the
Republic of Korea afterwards). Everything else keeps its modern code even when the record's label
names an earlier regime (Prussia under `germany`); the label is kept in the record's text.

Persons. Foreign leaders are mentioned as "Title Name" in visits (`visitor`) and in the travels'
"Met with ..." remarks. Mentions are grouped per state:

* full names are compared on a key without diacritics, case, punctuation, nicknames in brackets or
  suffixes such as "Jr."; a name whose tokens are a subsequence of exactly one longer name of the
  same state, with the same first and last token, is merged into it ("Leopold Senghor" into
  "Leopold Sedar Senghor");
* a surname-only mention ("King Hussein", "President Mkapa") is resolved to a full-name person of
  the same state who carries that name only when exactly one such candidate is in office at that
  date, in office meaning attested in the same office by the sources within two years of it; when
  none or several are, the mention stays a person of its own (state, office, surname), labelled as
  such and linked to the candidates with rdfs:seeAlso: ambiguity is kept, not guessed.

US persons come from pocom (`id/person/hsg/pocom/<pocom id>`); the travels' secretaries of state
have pocom ids and are the same persons. The travels' presidents keep their own namespace
(`id/person/hsg/president/<id>`) because their ids clash with pocom's (`taft-william-howard` is the
President in travels and William Howard Taft III in pocom).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pycountry

from diplograph.namespaces import slugify

US = "US"

ALIASES: dict[str, str] = {
    "burma": "MM",
    "cote-divoire": "CI",
    "congo-democratic-republic": "CD",
    "congo-kinshasa": "CD",
    "congo-brazzaville": "CG",
    "congo-republic": "CG",
    "holy-see": "VA",
    "korea-north": "KP",
    "korea-south": "KR",
    "russia": "RU",
    "turkey": "TR",
    "turkiye": "TR",
    "czechia": "CZ",
    "czech-republic": "CZ",
    "eswatini": "SZ",
    "swaziland": "SZ",
    "north-macedonia": "MK",
    "macedonia": "MK",
    "cape-verde": "CV",
    "saint-vincent-and-grenadines": "VC",
    "saint-vincent-grenadines": "VC",
    "micronesia-federated-states-of": "FM",
    "micronesia": "FM",
    "antigua-and-barbuda": "AG",
    "antigua-barbuda": "AG",
    "saint-kitts-and-nevis": "KN",
    "saint-kitts-nevis": "KN",
    "somoa": "WS",
    "samoa": "WS",
    "palestinian-authority": "PS",
    "west-bank": "PS",
    "albania-1946": "AL",
    "kosovo": "XK",
    "taiwan": "TW",
    "laos": "LA",
    "east-timor": "TL",
    "timor-leste": "TL",
    "vietnam": "VN",
    "brunei": "BN",
    "iran": "IR",
    "syria": "SY",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "gambia": "GM",
    "bahamas": "BS",
    "united-kingdom": "GB",
    "united-states": "US",
    "netherlands": "NL",
    "philippines": "PH",
    "niger": "NE",
    "sudan": "SD",
    "south-sudan": "SS",
    "guinea": "GN",
    "dominica": "DM",
    "georgia": "GE",
    "korea-republic": "KR",
    "bosnia-herzegovina": "BA",
}
"""Slugs that pycountry does not find, finds wrongly or finds only by label, with their ISO code."""

HISTORIC: dict[str, str] = {
    "czechoslovakia": "CSHH",
    "czechoslovakia-1993": "CSHH",
    "german-democratic-republic": "DDDE",
    "soviet-union": "SUHH",
    "yugoslavia": "YUCS",
    "yugoslavia-1946": "YUCS",
    "socialist-federal-republic-of-yugoslavia-1992": "YUCS",
    "netherlands-antilles": "ANHH",
}
"""Slugs of former states with an ISO 3166-3 code (alpha-4, from pycountry.historic_countries)."""

HISTORIC_LABELS = {
    "CSHH": "Czechoslovakia",
    "DDDE": "German Democratic Republic",
    "SUHH": "Soviet Union",
    "YUCS": "Yugoslavia",
    "ANHH": "Netherlands Antilles",
}
"""Short English names of the ISO 3166-3 states (pycountry's are inverted: "USSR, Union of ...")."""

OWN_STATES: dict[str, tuple[str, str]] = {
    "austrian-empire": ("austrian-empire", "Austrian Empire"),
    "baden": ("baden", "Baden"),
    "bavaria": ("bavaria", "Bavaria"),
    "brunswick-luneburg": ("brunswick-luneburg", "Brunswick and Lüneburg"),
    "federal-government-germany": ("federal-government-germany", "Federal Government of Germany (1848–49)"),
    "hanover": ("hanover", "Hanover"),
    "hanseatic-republics": ("hanseatic-republics", "Hanseatic Republics"),
    "hesse": ("hesse", "Hesse"),
    "mecklenburg-schwerin": ("mecklenburg-schwerin", "Mecklenburg-Schwerin"),
    "mecklenburg-strelitz": ("mecklenburg-strelitz", "Mecklenburg-Strelitz"),
    "nassau": ("nassau", "Nassau"),
    "north-german-confederation": ("north-german-confederation", "North German Confederation"),
    "north-german-union": ("north-german-union", "North German Union"),
    "oldenburg": ("oldenburg", "Oldenburg"),
    "schaumburg-lippe": ("schaumburg-lippe", "Schaumburg-Lippe"),
    "wurttemberg": ("wurttemberg", "Württemberg"),
    "genoa": ("genoa", "Republic of Genoa"),
    "grand-duchy-tuscany": ("grand-duchy-tuscany", "Grand Duchy of Tuscany"),
    "papal-states": ("papal-states", "Papal States"),
    "parma": ("parma", "Duchy of Parma"),
    "piedmont-sardinia": ("piedmont-sardinia", "Piedmont-Sardinia"),
    "two-sicilies": ("two-sicilies", "Kingdom of the Two Sicilies"),
    "kingdom-of-two-sicilies-1861": ("two-sicilies", "Kingdom of the Two Sicilies"),
    "central-american-federation": ("central-american-federation", "Central American Federation"),
    "congo-free-state": ("congo-free-state", "Congo Free State"),
    "orange-free-state": ("orange-free-state", "Orange Free State"),
    "hawaii": ("hawaii", "Kingdom of Hawaii"),
    "texas": ("texas", "Republic of Texas"),
    "lew-chew": ("lew-chew", "Lew Chew (Ryukyu Kingdom)"),
    "kingdom-of-yugoslavia": ("kingdom-of-yugoslavia", "Kingdom of Serbia/Yugoslavia"),
    "joseon-dynasty-1910": ("joseon-korea", "Korea (Joseon)"),
    "vietnam-south": ("south-vietnam", "Republic of Vietnam (South Vietnam)"),
    "south-vietnam-1975": ("south-vietnam", "Republic of Vietnam (South Vietnam)"),
    "state-of-vietnam-1955": ("state-of-vietnam", "State of Vietnam"),
}
"""Historical states without an ISO code: slug to (our IRI slug, English label)."""

BY_DATE: dict[str, list[tuple[str, str, str]]] = {
    "russia": [("1922-12-30", "1991-12-25", "soviet-union")],
    "korea": [("0001-01-01", "1910-08-29", "joseon-dynasty-1910"), ("1910-08-30", "9999-12-31", "korea-south")],
}
"""Continuity slugs whose state depends on the date: (first day, last day, slug to use)."""


@dataclass(frozen=True)
class StateRef:
    """A resolved state: the last part of its IRI (`PE`, `SUHH`, `bavaria`), its label and how it was found."""

    key: str
    label: str
    how: str

    @property
    def path(self) -> str:
        """The IRI path under the base: `id/state/<key>`."""
        return f"id/state/{self.key}"

    @property
    def is_pycountry(self) -> bool:
        """Whether the build already declares this state (pycountry's ISO 3166-1 list)."""
        return len(self.key) == 2 and pycountry.countries.get(alpha_2=self.key) is not None


def _display_name(country) -> str:
    return getattr(country, "common_name", None) or country.name


@cache
def _lookup(text: str):
    try:
        return pycountry.countries.lookup(text)
    except LookupError:
        return None


def resolve_state(slug: str, label: str | None = None, date: str | None = None) -> StateRef | None:
    """Map an HSG country slug (and the record's label and date) to a state, or None if unknown."""
    slug = slug.strip().lower()
    if slug in BY_DATE:
        when = (date or "")[:10]
        for first, last, other in BY_DATE[slug]:
            if when and first <= _pad(when) <= last:
                slug = other
                break
        else:
            if slug == "korea":
                slug = "korea-south"
    if slug in HISTORIC:
        return StateRef(HISTORIC[slug], HISTORIC_LABELS[HISTORIC[slug]], "ISO 3166-3")
    if slug in OWN_STATES:
        key, own_label = OWN_STATES[slug]
        return StateRef(key, own_label, "historical state")
    if slug in ALIASES:
        code = ALIASES[slug]
        country = pycountry.countries.get(alpha_2=code)
        return StateRef(code, _display_name(country) if country else "Kosovo", "alias")
    attempts = (
        (slug.replace("-", " "), "pycountry"),
        (slug, "pycountry"),
        (_strip_brackets(label or ""), "pycountry label"),
    )
    for text, how in attempts:
        country = _lookup(text) if text else None
        if country is not None:
            return StateRef(country.alpha_2, _display_name(country), how)
    return None


def _pad(date: str) -> str:
    """Compare partial dates by their first day: 1933 → 1933-01-01."""
    return (date + "-01-01")[:10] if len(date) < 10 else date


def _strip_brackets(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def clean(text: str | None) -> str:
    """Normalise a text node: NBSP and runs of white space to one space, trimmed."""
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ")).strip()


#################################################################
# Titles
#################################################################


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


#################################################################
# Persons
#################################################################


@dataclass
class Person:
    """A foreign person found in the sources: the IRI key, the chosen label and the merged spellings."""

    state: str
    key: str
    label: str
    spellings: set[str] = field(default_factory=set)
    candidates: tuple[str, ...] = ()
    surname_only: bool = False

    @property
    def path(self) -> str:
        """The IRI path: `id/person/hsg/<state>/<name slug>`."""
        return f"id/person/hsg/{self.state.lower()}/{self.key}"


@dataclass
class Attestation:
    """One mention of a person in an office on a date, as collected before resolution."""

    state: str
    title: str | None
    name: str
    date: str


class PersonResolver:
    """Collect every mention first, then resolve them all at once so that IRIs do not depend on order."""

    def __init__(self) -> None:
        self.mentions: list[Attestation] = []
        self.persons: dict[tuple[str, tuple[str, ...]], Person] = {}
        self._resolved: dict[tuple[str, str | None, str, str], Person] = {}
        self.merged = 0
        self.resolved_surnames = 0
        self.ambiguous = 0

    def add(self, state: str, title: str | None, name: str, date: str) -> None:
        """Record that `name` (with `title`) of `state` is mentioned on `date`."""
        self.mentions.append(Attestation(state, title, clean(name), date))

    def resolve_all(self) -> None:
        """Merge spelling variants and resolve surname-only mentions; see the module docstring."""
        full: dict[str, dict[tuple[str, ...], list[Attestation]]] = defaultdict(lambda: defaultdict(list))
        single: list[Attestation] = []
        for mention in self.mentions:
            tokens = name_tokens(mention.name)
            if not tokens:
                continue
            if len(tokens) == 1:
                single.append(mention)
            else:
                full[mention.state][tokens].append(mention)
        canonical: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
        for state, names in full.items():
            keys = sorted(names)
            for key in keys:
                supersets = [
                    other
                    for other in keys
                    if other != key
                    and len(other) > len(key)
                    and other[0] == key[0]
                    and other[-1] == key[-1]
                    and _is_subsequence(key, other)
                ]
                if len(supersets) == 1:
                    canonical[(state, key)] = supersets[0]
            for key in keys:
                target = key
                while (state, target) in canonical:
                    target = canonical[(state, target)]
                person = self.persons.get((state, target))
                if person is None:
                    spelled = _best_spelling(names[target])
                    person = Person(state, slugify(" ".join(target)), spelled)
                    self.persons[(state, target)] = person
                if target != key:
                    self.merged += 1
                for mention in names[key]:
                    person.spellings.add(mention.name)
                    self._resolved[(state, mention.title, mention.name, mention.date)] = person
        offices: dict[tuple[str, tuple[str, ...]], list[tuple[str | None, str]]] = defaultdict(list)
        for key, person in list(self._resolved.items()):
            state, title, _name, date = key
            offices[(state, name_tokens(person.label))].append((title, date))
        for mention in sorted(single, key=lambda m: (m.state, m.name, m.date, m.title or "")):
            token = name_tokens(mention.name)[0]
            candidates = [
                person
                for (state, tokens), person in self.persons.items()
                if state == mention.state and not person.surname_only and token in (tokens[0], tokens[-1])
            ]
            in_office = [
                person
                for person in candidates
                if any(
                    title == mention.title and _within(date, mention.date, years=2)
                    for title, date in offices[(person.state, name_tokens(person.label))]
                )
            ]
            if len(in_office) == 1:
                self._resolved[(mention.state, mention.title, mention.name, mention.date)] = in_office[0]
                in_office[0].spellings.add(mention.name)
                self.resolved_surnames += 1
                continue
            slug = slugify(f"{mention.title or 'person'} {mention.name}")
            person = self.persons.get((mention.state, ("~", slug)))
            if person is None:
                label = f"{mention.title + ' ' if mention.title else ''}{mention.name} (surname only in the source)"
                person = Person(mention.state, slug, label, surname_only=True)
                self.persons[(mention.state, ("~", slug))] = person
            if len(in_office) > 1:
                self.ambiguous += 1
                person.candidates = tuple(sorted({*person.candidates, *(p.path for p in in_office)}))
            person.spellings.add(mention.name)
            self._resolved[(mention.state, mention.title, mention.name, mention.date)] = person

    def person(self, state: str, title: str | None, name: str, date: str) -> Person | None:
        """The person a mention was resolved to (after `resolve_all`)."""
        return self._resolved.get((state, title, clean(name), date))


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    iterator = iter(long)
    return all(token in iterator for token in short)


def _best_spelling(mentions: list[Attestation]) -> str:
    """Prefer the spelling with diacritics, then the most frequent, then the first alphabetically."""
    counts: dict[str, int] = defaultdict(int)
    for mention in mentions:
        counts[re.sub(r"\s*\([^)]*\)", "", mention.name).strip()] += 1
    return sorted(counts, key=lambda s: (-sum(ord(c) > 127 for c in s), -counts[s], s))[0]


def _within(a: str, b: str, years: int) -> bool:
    try:
        first, second = dt.date.fromisoformat(a[:10]), dt.date.fromisoformat(b[:10])
    except ValueError:
        return False
    return abs((first - second).days) <= 366 * years
