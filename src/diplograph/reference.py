"""Reference data generated from pycountry: every ISO 3166-1 country as a dg:State."""

from __future__ import annotations

import gettext

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


def is_known_state(code: str) -> bool:
    """Tell whether an ISO 3166-1 alpha-2 code names a current country."""
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None
