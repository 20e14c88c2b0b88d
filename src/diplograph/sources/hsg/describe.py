"""The descriptions the four HSG datasets share: sources, persons, posts, tenures and participations.

Each block is written here once and called by the dataset modules (visits, travels, relations,
chiefs), so that a person, a post or a tenure is described the same way whichever dataset names it.
"""

from __future__ import annotations

import re
from pathlib import Path

from diplograph.namespaces import slugify
from diplograph.sources.emitter import CC0, RDF, RDFS, SKOS, DatasetInfo, Emitter, is_day, record, typed_date
from diplograph.sources.hsg.persons import Person
from diplograph.sources.hsg.reading import Sources, source_commit
from diplograph.sources.hsg.states import StateRef, declare_state
from diplograph.sources.hsg.titles import Title

REPOSITORIES = {name: f"https://github.com/HistoryAtState/{name}" for name in ("visits", "travels", "rdcr", "pocom")}
TITLES_EN = {
    "visits": "Visits by Foreign Leaders of the United States",
    "travels": "Travels of the President and the Secretary of State",
    "rdcr": "A Guide to the United States' History of Recognition, Diplomatic, and Consular Relations",
    "pocom": "Principal Officers and Chiefs of Mission of the U.S. Department of State",
}
PUBLISHER = "id/publisher/us-office-of-the-historian"
US_PRESIDENT = "id/post/us-president"
US_SECRETARY = "id/post/us-secretary-of-state"
PRINCIPAL_POSTS = {"secretary": "us-secretary-of-state", "deputy-secretary": "us-deputy-secretary-of-state"}
"""pocom positions that the curated data already names; the others become post/us-<position id>."""


def source_path(dataset: str) -> str:
    """The dg:SourceDocument standing for one dataset."""
    return f"id/source/hsg-{dataset}"


def dataset_info(path: Path, dataset: str) -> DatasetInfo:
    """Where a HistoryAtState dataset comes from: its repository, the commit read and its licence (CC0)."""
    return DatasetInfo(
        source=source_path(dataset),
        title=TITLES_EN[dataset],
        label=f"{TITLES_EN[dataset]} (Office of the Historian, HistoryAtState/{dataset})",
        repository=REPOSITORIES[dataset],
        licence=CC0,
        publisher=PUBLISHER,
        publisher_label="Office of the Historian, U.S. Department of State",
        graph_label=f"Import of the HistoryAtState {dataset} dataset",
        commit=source_commit(path, dataset),
    )


def hsg_record(out: Emitter, subject: str, dataset: str, record_id: str) -> None:
    """Make a resource traceable: its record id in the dataset and the dataset that reports it."""
    record(out, subject, source_path(dataset), record_id)


def event_problem(item: dict, state: StateRef | None) -> str | None:
    """Why a visit or trip cannot be imported (no id, unknown country, unreadable dates), or None."""
    if not item["id"]:
        return "no record id"
    if state is None:
        return f"unknown country id {item['country']!r}"
    if not is_day(item["start"]):
        return f"unreadable start date {item['start']!r}"
    if item["end"] and typed_date(item["end"]) is None:
        return f"unreadable end date {item['end']!r}"
    return None


def declare_person(out: Emitter, path: str, label: str, spellings: set[str] = frozenset()) -> None:
    """Type and label a person, keeping the other spellings the sources use as skos:altLabel."""
    out.add(path, RDF + "type", "dg:Person")
    out.text(path, RDFS + "label", label)
    for spelling in sorted(spellings):
        if spelling != label:
            out.text(path, SKOS + "altLabel", spelling)


def declare_resolved(out: Emitter, person: Person) -> str:
    """Declare a resolved foreign person, linked to the candidates of an ambiguous surname."""
    declare_person(out, person.path, person.label, person.spellings)
    for candidate in person.candidates:
        out.add(person.path, RDFS + "seeAlso", candidate)
    return person.path


def post_for(out: Emitter, state: StateRef, title: Title | None) -> str | None:
    """The post a title names in a state (`id/post/gr-prime-minister`), declared with its class and label."""
    if title is None or not title.slug:
        return None
    path = f"id/post/{slugify(state.key)}-{title.slug}"
    out.add(path, RDF + "type", "dg:" + title.kind)
    out.text(path, RDFS + "label", f"{title.name} of {state.label}")
    out.add(path, "dg:postOf", declare_state(out, state))
    return path


def attested_tenure(out: Emitter, path: str, person: str, post: str, start: str, end: str, dataset: str) -> None:
    """A tenure known only from one record: the source shows the person in office on those days."""
    out.add(path, RDF + "type", "dg:Tenure")
    out.add(path, "dg:holder", person)
    out.add(path, "dg:post", post)
    out.add(path, "dg:startDate", typed_date(start))
    out.add(path, "dg:endDate", typed_date(end or start))
    out.add(path, "dg:reportedIn", source_path(dataset))
    out.text(path, RDFS + "comment", "Attested by the source on these days only; the full term is not given.")


def participate(out: Emitter, event: str, path: str, person: str, post: str | None, state: StateRef, role: str) -> None:
    """Add one person's participation in an event, in the capacity of a post, for a state."""
    out.add(event, "dg:hasParticipation", path)
    out.add(path, RDF + "type", "dg:Participation")
    out.add(path, "dg:participant", person)
    out.add(path, "dg:inCapacityOf", post)
    out.add(path, "dg:representsState", state.path)
    out.add(path, "dg:hasRole", role)


def pocom_path(pid: str) -> str:
    """The IRI path of a pocom person by their current pocom id."""
    return f"id/person/hsg/pocom/{pid}"


def pocom_person(sources: Sources, ref: str) -> str:
    """The IRI path of the pocom person an id names, following an old id to the current one."""
    return pocom_path(sources.old_ids.get(ref, ref))


def pocom_label(person: dict) -> str:
    """A pocom person's name as written: forename (without the bracketed alias), surname, suffix."""
    forename = re.sub(r"\s*\([^)]*\)", "", person["forename"]).strip()
    name = " ".join(p for p in (forename, person["surname"]) if p)
    return f"{name}, {person['genname']}" if person["genname"] else name


def declare_principal_post(out: Emitter, sources: Sources, position: str) -> str:
    """The post of a Department of State principal officer (`post/us-secretary-of-state`)."""
    path = f"id/post/{PRINCIPAL_POSTS.get(position, 'us-' + position)}"
    singular = sources.positions.get(position) or ("Secretary of State" if position == "secretary" else position)
    kind = "dg:MinisterialPost" if re.match(r"(deputy |under )?secretary\b", singular, re.I) else "dg:Post"
    out.add(path, RDF + "type", kind)
    label = (
        f"{singular} of the United States" if position in PRINCIPAL_POSTS else f"{singular} (U.S. Department of State)"
    )
    out.text(path, RDFS + "label", label)
    out.add(path, "dg:postOf", "id/state/US")
    return path


def declare_president_post(out: Emitter) -> str:
    """The post of President of the United States, head of state and of government."""
    out.add(US_PRESIDENT, RDF + "type", "dg:HeadOfStatePost")
    out.add(US_PRESIDENT, RDF + "type", "dg:HeadOfGovernmentPost")
    out.text(US_PRESIDENT, RDFS + "label", "President of the United States")
    out.add(US_PRESIDENT, "dg:postOf", "id/state/US")
    return US_PRESIDENT
