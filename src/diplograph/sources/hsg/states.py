"""Which state an HSG country slug names, and the dg:State declared for states without an ISO 3166-1 code.

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
   importer declares these as dg:State with their labels in its output graph (`declare_state`).

Two slugs are continuity bins whose meaning depends on the date: `russia` is the Soviet Union from
30 December 1922 to 25 December 1991, and `korea` is Joseon Korea up to 29 August 1910 (the
Republic of Korea afterwards). Everything else keeps its modern code even when the record's label
names an earlier regime (Prussia under `germany`); the label is kept in the record's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry
import pyoxigraph as ox

from diplograph.sources.emitter import RDF, RDFS, SKOS, Emitter

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


def declare_state(out: Emitter, state: StateRef) -> str:
    """Use a state in a graph; one the pycountry reference graph lacks is declared there, once."""
    if not state.is_pycountry and out.first_time("state " + state.key):
        out.add(state.path, RDF + "type", "dg:State")
        out.text(state.path, RDFS + "label", state.label)
        if state.how == "ISO 3166-3":
            out.add(state.path, SKOS + "notation", ox.Literal(state.key))
            out.text(state.path, RDFS + "comment", "A former state, ISO 3166-3 code " + state.key + ".")
        elif state.key == "XK":
            out.add(state.path, SKOS + "notation", ox.Literal("XK"))
            out.text(state.path, RDFS + "comment", "Kosovo: XK is a user-assigned code, not in ISO 3166-1.")
        else:
            out.text(state.path, RDFS + "comment", "A historical state without an ISO 3166 code.")
    return state.path
