"""Reference data generated from pycountry: every ISO 3166-1 country as a dg:State, and state codes.

A state is named by the last part of its IRI, its key: the ISO 3166-1 alpha-2 code of a current state
(`id/state/PE`) or the ISO 3166-3 alpha-4 code of a former one (`id/state/DDDE` for the German
Democratic Republic, `SUHH`, `YUCS`, `CSHH`): the four-letter code, because two-letter codes were
reused (CS was Czechoslovakia, then Serbia and Montenegro). `state_key` turns what a user types
(alpha-2, alpha-3 or alpha-4) into that key.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from diplograph.namespaces import DG, state_iri


def _french_names() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return gettext.NullTranslations()


def states_graph() -> Graph:
    """Build the graph of all ISO 3166-1 states with English and French names."""
    french = _french_names()
    graph = Graph()
    for country in pycountry.countries:
        iri = URIRef(state_iri(country.alpha_2))
        graph.add((iri, RDF.type, DG.State))
        graph.add((iri, RDFS.label, Literal(country.name, lang="en")))
        graph.add((iri, RDFS.label, Literal(french.gettext(country.name), lang="fr")))
        graph.add((iri, SKOS.notation, Literal(country.alpha_2)))
        graph.add((iri, SKOS.altLabel, Literal(country.alpha_3)))
        official = getattr(country, "official_name", None)
        if official:
            graph.add((iri, SKOS.altLabel, Literal(official, lang="en")))
    return graph


@cache
def state_key(code: str) -> str | None:
    """The key of the state a code names (alpha-2 or alpha-3 of a current state, alpha-4 or alpha-3 of a
    former one in ISO 3166-3), or None: `pe` → PE, `PER` → PE, `DDDE` and `DDR` → DDDE."""
    code = code.strip().upper()
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
        return country.alpha_2 if country else None
    if len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            return country.alpha_2
        former = pycountry.historic_countries.get(alpha_3=code)
        return former.alpha_4 if former else None
    if len(code) == 4:
        former = pycountry.historic_countries.get(alpha_4=code)
        return former.alpha_4 if former else None
    return None


def is_known_state(code: str) -> bool:
    """Tell whether a code names a current (ISO 3166-1) or former (ISO 3166-3) state."""
    return state_key(code) is not None
