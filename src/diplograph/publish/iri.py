"""The IRI policy: which request paths and site files stand for which IRIs under the configured base."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

from diplograph.namespaces import DEFAULT_BASE, configured_base

ONTOLOGY_NAMESPACE = DEFAULT_BASE + "ontology#"
"""The ontology's hash namespace: a published vocabulary that keeps its IRI whatever the base."""

ONTOLOGY_IRI = DEFAULT_BASE + "ontology"
"""The ontology document, served at /ontology whatever the base."""

RESOURCE_ROOTS = ("id/", "graph/")
"""Paths under the base that name resources with their own page: instances and named graphs."""

_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$")


@dataclass(frozen=True)
class IriPolicy:
    """Maps between IRIs under one base and the paths that serve them (server routes, site folders)."""

    base: str

    @classmethod
    def configured(cls, base: str | None = None) -> IriPolicy:
        """The policy for DIPLOGRAPH_BASE (or the given base), which always ends with a slash."""
        base = base or configured_base()
        return cls(base if base.endswith("/") else base + "/")

    def iri(self, path: str) -> str:
        """The IRI that a path under the base names: `id/state/JP` → `<base>id/state/JP`."""
        return self.base + unquote(path.lstrip("/"))

    def path(self, iri: str) -> str | None:
        """The path of an IRI relative to the base, or None for an IRI outside it or with a fragment."""
        if not iri.startswith(self.base) or "#" in iri:
            return None
        return iri[len(self.base) :]

    def is_resource(self, iri: str) -> bool:
        """Whether an IRI names a resource that gets its own page (id/… and graph/…, no fragment)."""
        path = self.path(iri)
        return bool(path) and path.startswith(RESOURCE_ROOTS) and bool(_SAFE_PATH.match(path)) and ".." not in path


@cache
def query_prefixes(base: str) -> dict[str, str]:
    """The prefixes the query editor starts with: the ontology, the data's own IRIs, and the usual vocabularies."""
    return {
        "dg": f"{base}ontology#",
        "id": f"{base}id/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dcterms": "http://purl.org/dc/terms/",
    }
