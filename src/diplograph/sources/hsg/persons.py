"""How the persons the HSG datasets mention are resolved to IRIs.

Foreign leaders are mentioned as "Title Name" in visits (`visitor`) and in the travels'
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
from collections import defaultdict
from dataclasses import dataclass, field

from diplograph.namespaces import slugify
from diplograph.sources.hsg.titles import Mention, name_tokens
from diplograph.sources.xml_records import clean


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

    def add_mention(self, state: str, mention: Mention, date: str) -> None:
        """Record a parsed mention (its office and name) of a person of `state` on `date`."""
        self.add(state, mention.title.name if mention.title else None, mention.name, date)

    def person_of(self, state: str, mention: Mention, date: str) -> Person | None:
        """The person a parsed mention was resolved to (after `resolve_all`)."""
        return self.person(state, mention.title.name if mention.title else None, mention.name, date)


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
