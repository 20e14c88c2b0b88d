"""Whether an edit of the other files can change what a meeting card compiles to.

A card is compiled against the store (pipeline/card_index.py): it looks up persons by their names and
tenures, posts, concepts, the resources it names by id or by label, and the meetings of its day. An
edit that changes none of the triples those look-ups read leaves every card's triples as they were,
so a rebuild keeps the cards' graphs instead of compiling all of them again (seconds on the real
corpus, where each card's persons are looked up among the 10,800 imported ones).

What the look-ups read, and so what makes an edited triple bear on the cards:

- a type (`rdf:type`): every look-up selects by type (persons, places, meetings, instruments…);
- the predicates of persons, tenures, posts, concepts and meetings the index reads (`READ_PREDICATES`);
- anything said of a person (a card's person is preferred when the project's own files describe them);
- a label of a post, or of a resource of the classes a card names by label (`LABELLED_TYPES`) when
  the card looked that text up (`StoreIndex.looked_up`, kept in the build manifest);
- the first triple said of a resource, or the last one taken away (a card asks whether an id exists).

Everything else (a meeting's summary, duration or participants' order, a label nobody names it by)
does not reach a card.
"""

from __future__ import annotations

import pyoxigraph as ox

from diplograph.pipeline.card_index import DG, LABELLED_TYPES

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_FOAF = "http://xmlns.com/foaf/0.1/"

READ_PREDICATES = frozenset(
    ox.NamedNode(iri)
    for iri in (
        "http://www.w3.org/2002/07/owl#sameAs",
        "http://www.w3.org/2000/01/rdf-schema#subClassOf",
        _SKOS + "prefLabel",
        _SKOS + "altLabel",
        _FOAF + "familyName",
        _FOAF + "givenName",
        DG + "holder",
        DG + "post",
        DG + "startDate",
        DG + "endDate",
        DG + "postOf",
        DG + "inState",
        DG + "date",
        DG + "betweenState",
    )
)
"""The predicates the card index reads whatever their subject (persons' names and tenures, posts, places,
concepts, meetings' dates and sides, the class tree)."""

_PERSON = ox.NamedNode(DG + "Person")
_POST_OF = ox.NamedNode(DG + "postOf")
_NAMED_BY_LABEL = frozenset(ox.NamedNode(DG + name) for name in LABELLED_TYPES)


def bearing_on_cards(
    store: ox.Store, added: set[ox.Triple], removed: set[ox.Triple], looked_up: set[str] | None
) -> ox.Triple | None:
    """The first edited triple that can change a card's compilation, or None when no card needs compiling again.

    `store` holds the data after the edit (the cards' graphs still as they were); `added` and `removed` are the
    triples the edit added and took away; `looked_up` the texts the cards looked up by label in the previous
    build (None when unknown: then any label of a resource a card can name by label counts).
    """
    edited = added | removed
    read = [t for t in edited if t.predicate == RDF_TYPE or t.predicate in READ_PREDICATES]
    if read:
        return min(read, key=str)  # the same reason on every run
    removed_subjects = {t.subject for t in removed}
    by_subject: dict[ox.Term, list[ox.Triple]] = {}
    for triple in sorted(edited, key=str):
        by_subject.setdefault(triple.subject, []).append(triple)
    found: list[ox.Triple] = []
    for subject, triples in by_subject.items():  # each subject's types and existence read once
        types = {q.object for q in store.quads_for_pattern(subject, RDF_TYPE, None)}
        if _PERSON in types or _existence_changed(store, subject, added, subject in removed_subjects):
            found.append(triples[0])
            continue
        labels = [t for t in triples if t.predicate == RDFS_LABEL]
        bearing = [t for t in labels if _label_bears(store, subject, types, t.object, looked_up)]
        found.extend(bearing[:1])
    return min(found, key=str) if found else None


def _label_bears(
    store: ox.Store, subject: ox.Term, types: set[ox.Term], label: ox.Term, looked_up: set[str] | None
) -> bool:
    if next(iter(store.quads_for_pattern(subject, _POST_OF, None)), None) is not None:
        return True  # a post is looked up by any word of its labels
    if not types & _NAMED_BY_LABEL:
        return False
    return looked_up is None or (isinstance(label, ox.Literal) and label.value.lower() in looked_up)


def _existence_changed(store: ox.Store, subject: ox.Term, added: set[ox.Triple], lost_some: bool) -> bool:
    """Whether the store says something of `subject` now and said nothing before, or the other way round."""
    now = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(subject, None, None)]
    before = lost_some or any(t not in added for t in now)
    return bool(now) != before
