"""The pocom dataset: the chiefs of mission of the United States and the Department of State's principal officers."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from diplograph.namespaces import slugify
from diplograph.sources.emitter import DCT, FOAF, RDF, RDFS, Emitter, typed_date
from diplograph.sources.hsg.describe import (
    declare_person,
    declare_principal_post,
    hsg_record,
    pocom_label,
    pocom_path,
    source_path,
)
from diplograph.sources.hsg.reading import Sources
from diplograph.sources.hsg.states import StateRef, declare_state, resolve_state
from diplograph.sources.report import DatasetReport, Problem


def emit_chiefs(sources: Sources, out: Emitter, report: DatasetReport) -> None:
    """Persons, the chief-of-mission posts (of the US, in each country) and principal posts, with tenures."""
    for pid, person in sorted(sources.people.items()):
        path = pocom_path(pid)
        declare_person(out, path, pocom_label(person), set(person["altnames"]))
        out.add(path, FOAF + "familyName", ox.Literal(person["surname"]) if person["surname"] else None)
        out.add(path, FOAF + "givenName", ox.Literal(person["forename"]) if person["forename"] else None)
        for identifier in (pid, *person["old_ids"]):
            out.add(path, DCT + "identifier", ox.Literal(identifier))
        out.add(path, "dg:reportedIn", source_path("pocom"))
        report.imported += 1
    seen: Counter = Counter()
    for chief in sources.chiefs:
        date = chief["started"] or chief["appointed"]
        state = resolve_state(chief["contemporary"] or chief["territory"], None, date)
        if not chief["id"]:
            report.skip("no record id", Problem(chief["file"], "?", "no record id"))
            continue
        if state is None:
            reason = f"unknown country id {chief['contemporary'] or chief['territory']!r}"
            report.skip(reason, Problem(chief["file"], chief["id"], reason))
            continue
        seen[chief["id"]] += 1
        suffix = f"-{seen[chief['id']]}" if seen[chief["id"]] > 1 else ""
        if suffix:
            report.notes["duplicate chief ids (numbered -2, -3)"] += 1
        post = chief_of_mission_post(out, state)
        role = sources.roles.get(chief["role"], chief["role"])
        tenure(out, sources, report, f"id/tenure/hsg/{chief['id']}{suffix}", chief, post, f"{role}, {state.label}")
    for principal in sources.principals:
        if not principal["id"]:
            report.skip("no record id", Problem(principal["file"], "?", "no record id"))
            continue
        post = declare_principal_post(out, sources, principal["position"])
        seen[(principal["position"], principal["id"])] += 1
        number = seen[(principal["position"], principal["id"])]
        if number > 1:
            report.notes["duplicate principal ids in one position (numbered -2, -3)"] += 1
        tenure(
            out,
            sources,
            report,
            f"id/tenure/hsg/{principal['position']}/{principal['id']}" + (f"-{number}" if number > 1 else ""),
            principal,
            post,
            sources.positions.get(principal["position"], principal["position"]),
        )


def chief_of_mission_post(out: Emitter, state: StateRef) -> str:
    """The post of the United States' chief of mission in a state (`post/us-chief-of-mission-pe`)."""
    post = f"id/post/us-chief-of-mission-{slugify(state.key)}"
    out.add(post, RDF + "type", "dg:Post")
    out.text(post, RDFS + "label", f"Chief of Mission of the United States to {state.label}")
    out.add(post, "dg:postOf", "id/state/US")
    out.add(post, "dg:inState", declare_state(out, state))
    return post


def tenure(out: Emitter, sources: Sources, report: DatasetReport, path: str, item: dict, post: str, role: str) -> None:
    """A tenure from a pocom record: appointed, started (credentials presented) and ended (departure)."""
    pid = sources.old_ids.get(item["person"], item["person"])
    person = pocom_path(pid)
    if pid not in sources.people:
        declare_person(out, person, pid)
        out.text(person, RDFS + "comment", "pocom names this person id but has no person record for it.")
        report.notes["person ids without a person record"] += 1
    name = pocom_label(sources.people[pid]) if pid in sources.people else pid
    out.add(path, RDF + "type", "dg:Tenure")
    out.text(path, RDFS + "label", f"{name}, {role}")
    out.add(path, "dg:holder", person)
    out.add(path, "dg:post", post)
    out.add(path, "dg:appointmentDate", typed_date(item["appointed"]) if item["appointed"] else None)
    out.add(path, "dg:startDate", typed_date(item["started"]) if item["started"] else None)
    out.add(path, "dg:endDate", typed_date(item["ended"]) if item["ended"] else None)
    out.text(path, RDFS + "comment", item["notes"])
    hsg_record(out, path, "pocom", item["id"])
    report.imported += 1
