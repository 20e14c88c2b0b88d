"""Names to look for in a readout, taken from the graph: persons, posts, states (en/fr/es) and topics."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import cache

import pycountry

from diplograph.pipeline.card_index import Person, StoreIndex, fold


@cache
def _translations(lang: str):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


@cache
def state_names() -> dict[str, str]:
    """Folded state names in English, French and Spanish (common and official) → ISO code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in {
            country.name,
            getattr(country, "common_name", country.name),
            getattr(country, "official_name", ""),
        }:
            if not name:
                continue
            for lang in ("en", "fr", "es"):
                translated = name if lang == "en" else _translations(lang).gettext(name)
                names.setdefault(fold(translated), country.alpha_2)
    names.update({"japon": "JP", "perou": "PE", "etats unis": "US", "royaume uni": "GB", "united states": "US"})
    return names


@dataclass
class Gazetteer:
    """The graph's persons, posts and topics, ready to be found in text."""

    index: StoreIndex
    surnames: dict[str, list[Person]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for person in self.index.persons.values():
            for name in person.names:
                # Official readouts write family names in capitals (ISHIBA Shigeru, Dina BOLUARTE).
                for token in re.findall(r"\b[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ\-]{2,}\b", name):
                    if re.fullmatch(r"[IVXL]+", token):
                        continue  # "Lloyd J. AUSTIN III": a numeral, not a name
                    self.surnames.setdefault(token, [])
                    if person not in self.surnames[token]:
                        self.surnames[token].append(person)

    def persons_in(self, text: str) -> list[tuple[Person, int, int]]:
        """Persons named in `text` (by a family name in capitals or in title case), with the match's span."""
        found = []
        for token, persons in self.surnames.items():
            pattern = rf"\b(?:{re.escape(token)}|{re.escape(token.title())})\b"
            for match in re.finditer(pattern, text):
                for person in persons:
                    found.append((person, match.start(), match.end()))
        return sorted(found, key=lambda f: f[1])

    def post_state(self, post: str) -> str | None:
        """The ISO code of the state a post belongs to."""
        state = self.index.posts.get(post, (set(), None))[1]
        return state.rsplit("/", 1)[1] if state else None

    def topics_in(self, text: str) -> list[str]:
        """Topic concepts whose label (en/fr/es) or slug occurs in `text`."""
        folded = f" {fold(text)} "
        found = []
        for slug, labels in self.index.concepts.get("topic", {}).items():
            forms = {fold(slug.replace("-", " "))} | {fold(label) for label in labels}
            if any(form and f" {form} " in folded for form in forms):
                found.append(slug)
        return found

    def places(self) -> list[tuple[str, str]]:
        """(label, ISO code) of every place of the graph that lies in a state."""
        return self.index.places

    def state_in(self, text: str) -> str | None:
        """The ISO code of a state named in `text` (the first, longest name wins)."""
        folded = f" {fold(text)} "
        best = None
        for name, code in state_names().items():
            at = folded.find(f" {name} ")
            if name and at >= 0 and (best is None or (at, -len(name)) < best[0]):
                best = ((at, -len(name)), code)
        return best[1] if best else None

    def states_in(self, text: str) -> list[str]:
        """Every state named in `text`, in order of first mention."""
        folded = f" {fold(text)} "
        hits = []
        for name, code in state_names().items():
            at = folded.find(f" {name} ")
            if len(name) > 3 and at >= 0:
                hits.append((at, code))
        return list(dict.fromkeys(code for _, code in sorted(hits)))
