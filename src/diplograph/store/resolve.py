"""Resource parameters a user can type: a bare slug is found under its kind, an unknown one gets suggestions.

`--param person=ishiba-shigeru` means `id/person/ishiba-shigeru`; `--param person=ishiba` names nothing,
and an empty table would hide the mistake, so the command says so and offers the nearest IRIs.
"""

from __future__ import annotations

import difflib

from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph.namespaces import configured_base
from diplograph.store.backends import Backend
from diplograph.store.catalogue import CatalogueQuery, ParameterError

_EXISTS = "ASK { { ?resource ?p ?o } UNION { ?s ?p ?resource } }"
_SAME_KIND = """SELECT DISTINCT ?resource WHERE {
  ?resource a ?type .
  FILTER(isIRI(?resource) && STRSTARTS(STR(?resource), ?prefix))
}"""


def _exists(backend: Backend, iri: URIRef) -> bool:
    return bool(backend.query(_EXISTS, {"resource": iri}).boolean)


def _kind_and_slug(iri: URIRef) -> tuple[str, str]:
    """`<base>id/person/x` → ("person", "x"); `<base>id/x` → ("", "x")."""
    path = str(iri).removeprefix(configured_base() + "id/")
    kind, _, slug = path.rpartition("/")
    return kind, slug


def _suggestions(backend: Backend, kind: str, slug: str) -> list[str]:
    """The IRIs of that kind whose last segment is nearest to what was typed (close spellings, then containing it)."""
    prefix = f"{configured_base()}id/{kind}/" if kind else f"{configured_base()}id/"
    rows = backend.query(_SAME_KIND, {"prefix": Literal(prefix)}).rows
    paths = sorted({str(row[0]).removeprefix(f"{configured_base()}id/") for row in rows if row[0] is not None})
    by_slug = {path.rpartition("/")[2]: path for path in paths}
    near = [by_slug[name] for name in difflib.get_close_matches(slug, list(by_slug), n=3, cutoff=0.5)]
    near += [path for path in paths if slug and slug in path.rpartition("/")[2] and path not in near]
    return near[:3]


def check_resources(backend: Backend, query: CatalogueQuery, bindings: dict[str, Node]) -> dict[str, Node]:
    """Return the bindings with bare slugs completed; refuse a resource the store does not hold, with suggestions."""
    checked = dict(bindings)
    for parameter in query.parameters:
        value = checked.get(parameter.name)
        if parameter.type != "resource" or not isinstance(value, URIRef) or _exists(backend, value):
            continue
        kind, slug = _kind_and_slug(value)
        if not str(value).startswith(configured_base()):
            continue  # an outside IRI: absent here is a fair answer, not a typo
        if not kind:
            completed = URIRef(f"{configured_base()}id/{parameter.name}/{slug}")
            if _exists(backend, completed):
                checked[parameter.name] = completed
                continue
            kind, value = parameter.name, completed
        near = _suggestions(backend, kind, slug)
        hint = f"; did you mean {' or '.join(near)}?" if near else f"; no {kind} is stored under id/{kind}/"
        raise ParameterError(
            f"parameter {parameter.name}: the store holds nothing about {value}{hint} "
            f"(`diplograph query --list` shows what each parameter expects)"
        )
    return checked
