"""The IRIs of diplograph: the ontology namespace, instance IRIs and named graphs under one base."""

from __future__ import annotations

import os
import re
import unicodedata

from rdflib import Namespace

DEFAULT_BASE = "https://w3id.org/diplograph/"
"""The base under which the data files are written; another base is mapped at load time."""

DG = Namespace(DEFAULT_BASE + "ontology#")
ID = Namespace(DEFAULT_BASE + "id/")
GRAPH = Namespace(DEFAULT_BASE + "graph/")
SCHEME = Namespace(DEFAULT_BASE + "id/scheme/")
DGSH = Namespace(DEFAULT_BASE + "shapes#")

ONTOLOGY_GRAPH = GRAPH["ontology"]
SCHEMES_GRAPH = GRAPH["schemes"]
REFERENCE_STATES_GRAPH = GRAPH["reference/iso-3166"]
INFERRED_GRAPH = GRAPH["inferred"]
META_GRAPH = GRAPH["meta"]
IMPORT_GRAPHS = GRAPH["import/"]
"""Bulk imports live under this prefix, one graph per dataset (graph/import/hsg/visits)."""


def configured_base() -> str:
    """Return the base IRI chosen by DIPLOGRAPH_BASE, or the default."""
    base = os.environ.get("DIPLOGRAPH_BASE", DEFAULT_BASE)
    return base if base.endswith("/") else base + "/"


def state_iri(alpha2: str) -> str:
    """Return the IRI of a state from its ISO 3166-1 alpha-2 code (default base)."""
    return f"{ID}state/{alpha2.upper()}"


def slugify(text: str) -> str:
    """Turn a name into the lower-case ASCII slug used in instance IRIs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def graph_for_file(relative_path: str) -> str:
    """Return the named graph IRI of a data file, from its path under data/ without extension."""
    stem = re.sub(r"\.(ttl|trig|nt|nq|jsonld|rdf|xml|yaml|yml)$", "", relative_path.replace(os.sep, "/"))
    return f"{GRAPH}{stem}"
