"""The travels dataset: trips abroad of the presidents and secretaries of state, and whom they met."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from diplograph.namespaces import slugify
from diplograph.sources.emitter import RDF, RDFS, XSD, Emitter, date_range, describe_source, typed_date
from diplograph.sources.hsg.describe import (
    US_PRESIDENT,
    US_SECRETARY,
    attested_tenure,
    dataset_info,
    declare_person,
    declare_president_post,
    declare_principal_post,
    declare_resolved,
    event_problem,
    hsg_record,
    participate,
    pocom_label,
    pocom_person,
    post_for,
    source_path,
)
from diplograph.sources.hsg.reading import Sources
from diplograph.sources.hsg.states import US, StateRef, declare_state, resolve_state
from diplograph.sources.hsg.titles import Mention, parse_person, split_people
from diplograph.sources.hsg.visits import visit_level
from diplograph.sources.report import DatasetReport, Problem
from diplograph.sources.xml_records import clean

DEMONYMS = {
    "soviet": "russia",
    "russian": "russia",
    "israeli": "israel",
    "palestinian": "palestinian-authority",
    "palestinian authority": "palestinian-authority",
    "egyptian": "egypt",
    "jordanian": "jordan",
    "syrian": "syria",
    "lebanese": "lebanon",
    "saudi": "saudi-arabia",
    "iraqi": "iraq",
    "iranian": "iran",
    "turkish": "turkey",
    "greek": "greece",
    "cypriot": "cyprus",
    "greek cypriot": "cyprus",
    "british": "united-kingdom",
    "french": "france",
    "german": "germany",
    "west german": "germany",
    "east german": "german-democratic-republic",
    "italian": "italy",
    "spanish": "spain",
    "portuguese": "portugal",
    "dutch": "netherlands",
    "belgian": "belgium",
    "chinese": "china",
    "japanese": "japan",
    "korean": "korea-south",
    "south korean": "korea-south",
    "north korean": "korea-north",
    "indian": "india",
    "pakistani": "pakistan",
    "afghan": "afghanistan",
    "ukrainian": "ukraine",
    "polish": "poland",
    "canadian": "canada",
    "mexican": "mexico",
    "brazilian": "brazil",
    "argentine": "argentina",
    "chilean": "chile",
    "cuban": "cuba",
    "venezuelan": "venezuela",
    "colombian": "colombia",
    "peruvian": "peru",
    "qatari": "qatar",
    "emirati": "united-arab-emirates",
    "kuwaiti": "kuwait",
    "omani": "oman",
    "bahraini": "bahrain",
    "yemeni": "yemen",
    "libyan": "libya",
    "tunisian": "tunisia",
    "moroccan": "morocco",
    "algerian": "algeria",
    "sudanese": "sudan",
    "ethiopian": "ethiopia",
    "kenyan": "kenya",
    "nigerian": "nigeria",
    "south african": "south-africa",
    "australian": "australia",
    "vietnamese": "vietnam",
    "south vietnamese": "vietnam-south",
    "thai": "thailand",
    "philippine": "philippines",
    "indonesian": "indonesia",
    "malaysian": "malaysia",
    "serbian": "serbia",
    "croatian": "croatia",
    "bosnian": "bosnia-herzegovina",
    "albanian": "albania",
    "hungarian": "hungary",
    "czech": "czech-republic",
    "slovak": "slovakia",
    "romanian": "romania",
    "bulgarian": "bulgaria",
    "austrian": "austria",
    "swiss": "switzerland",
    "swedish": "sweden",
    "norwegian": "norway",
    "danish": "denmark",
    "finnish": "finland",
    "irish": "ireland",
    "georgian": "georgia",
    "armenian": "armenia",
    "azerbaijani": "azerbaijan",
    "kazakh": "kazakhstan",
    "uzbek": "uzbekistan",
    "mongolian": "mongolia",
    "taiwanese": "taiwan",
    "lithuanian": "lithuania",
    "latvian": "latvia",
    "estonian": "estonia",
    "yugoslav": "yugoslavia",
    "nicaraguan": "nicaragua",
    "salvadoran": "el-salvador",
    "haitian": "haiti",
}
"""Nationality prefixes in "Met with" remarks ("Soviet Foreign Minister Gromyko"), to their country slug."""

_MEET = re.compile(r"\b(?:met|meeting|audience|conferred) with\s+", re.IGNORECASE)
_ABBREVIATIONS = re.compile(r"(?:\b[A-Z]|\bU\.S|\bU\.N|\bMr|\bMrs|\bDr|\bSt|\bGen|\bJr|\bSr|\bLt|\bCol|\bNo)$")
_PURPOSE = re.compile(
    r"\s+(?:to|during|at|in|on|for|en route|regarding|about|concerning|while|after|before|who|which|aboard|"
    r"following|prior|as|under|from|with whom|together)\b.*$|\s*\(.*$|\s*;.*$|\s+[-–—]\s+.*$"
    r"|\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d.*$"
)
_OF_COUNTRY = re.compile(r"^(?P<who>.+?)\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w .'’-]+)$")


def met_with_clauses(remarks: str) -> list[str]:
    """The "Met with ..." clauses of a trip's remarks, cut at the end of the sentence."""
    clauses = []
    for match in _MEET.finditer(remarks):
        rest = remarks[match.end() :]
        end = len(rest)
        for dot in re.finditer(r"[.;]", rest):
            if dot.group() == ";" or not _ABBREVIATIONS.search(rest[: dot.start()]):
                end = dot.start()
                break
        clauses.append(rest[:end])
    return clauses


def met_with(remarks: str) -> tuple[list[tuple[Mention, str | None]], int]:
    """Persons met, each with a country slug when the remark names one; and the count of unparsed pieces."""
    found, unparsed = [], 0
    for clause in met_with_clauses(remarks):
        clause = _PURPOSE.sub("", clause.strip())
        for piece in split_people(clause):
            piece = re.sub(r"^(?:the|with)\s+", "", piece.strip(), flags=re.IGNORECASE)
            country = None
            of = _OF_COUNTRY.match(piece)
            if of and resolve_state(slugify(of.group("country")), of.group("country")):
                piece, country = of.group("who"), slugify(of.group("country"))
            words = piece.split()
            for size in (2, 1):
                prefix = " ".join(words[:size]).lower()
                if len(words) > size and prefix in DEMONYMS and parse_person(" ".join(words[size:])):
                    country = DEMONYMS[prefix]
                    piece = " ".join(words[size:])
                    break
            mention = parse_person(piece)
            if mention is None or not mention.name or not mention.titles:
                unparsed += 1
                continue
            found.append((mention, country))
    return found, unparsed


def trips(sources: Sources) -> Iterator[tuple[dict, StateRef | None, list[tuple[int, Mention, StateRef | None]], int]]:
    """Each trip with its host state, the persons met (numbered, each with their state) and the unparsed count."""
    for trip in sources.trips:
        state = resolve_state(trip["country"], trip["label"], trip["start"])
        mentions, unparsed = met_with(trip["remarks"])
        met = [
            (n, mention, resolve_state(country, None, trip["start"]) if country else state)
            for n, (mention, country) in enumerate(mentions, start=1)
        ]
        yield trip, state, met, unparsed


def add_mentions(sources: Sources) -> None:
    """Tell the person resolver about every foreign person met on a trip to a known state."""
    for trip, state, met, _unparsed in trips(sources):
        if state is None:
            continue
        for _n, mention, other in met:
            if other is not None and other.key != US:
                sources.resolver.add_mention(other.key, mention, trip["start"])


def emit_travels(sources: Sources, out: Emitter, report: DatasetReport) -> None:
    """Each trip: a dg:Visit of the US to the country, and a dg:Meeting for each person met."""
    us = resolve_state("united-states")
    for trip, state, met, unparsed in trips(sources):
        problem = event_problem(trip, state)
        if problem:
            report.skip(problem, Problem(trip["file"], trip["id"], problem))
            continue
        path = f"id/visit/hsg-trip-{trip['id']}"
        traveller, post = traveller_of(out, sources, trip)
        office = "President" if trip["role"] == "president" else "Secretary of State"
        out.add(path, RDF + "type", "dg:Visit")
        out.text(
            path,
            RDFS + "label",
            f"Trip of {office} {trip['name']} to {trip['label']}, {date_range(trip['start'], trip['end'])}",
        )
        out.add(path, "dg:visitingState", us.path)
        out.add(path, "dg:hostState", declare_state(out, state))
        level = (
            visit_level(trip["remarks"][:40]) if re.match(r"(state|official) visit", trip["remarks"], re.I) else None
        )
        out.add(path, "dg:visitLevel", f"id/visit-level/{level}" if level else None)
        out.add(path, "dg:date", typed_date(trip["start"]))
        out.add(path, "dg:startDate", typed_date(trip["start"]))
        out.add(path, "dg:endDate", typed_date(trip["end"] or trip["start"]))
        out.text(path, RDFS + "comment", trip["remarks"])
        hsg_record(out, path, "travels", trip["id"])
        for place in places(out, trip["locale"], state):
            out.add(path, "dg:atPlace", place)
        us_side = f"id/participation/hsg-trip-{trip['id']}/traveller"
        participate(out, path, us_side, traveller, post, us, "id/role/guest")
        cover(out, sources, trip, traveller, post, f"id/tenure/hsg-trip-{trip['id']}")
        report.notes["'met with' pieces not parsed (kept in rdfs:comment)"] += unparsed
        for n, mention, other in met:
            if other is None or other.key == US:
                report.notes["'met with' persons of the US or of no known state (kept in rdfs:comment)"] += 1
                continue
            person = sources.resolver.person_of(other.key, mention, trip["start"])
            if person is not None:
                meeting = f"id/meeting/hsg-trip-{trip['id']}-{n}"
                emit_meeting(out, trip, meeting, office, traveller, post, state, other, mention)
                other_post = post_for(out, other, mention.title)
                role = "id/role/host" if other.key == state.key else "id/role/interlocutor"
                participate(out, meeting, f"{meeting}/other", declare_resolved(out, person), other_post, other, role)
                out.text(f"{meeting}/other", RDFS + "label", mention.text)
                if other_post:
                    tenure = f"id/tenure/hsg-trip-{trip['id']}-{n}"
                    attested_tenure(out, tenure, person.path, other_post, trip["start"], trip["end"], "travels")
        report.imported += 1


def emit_meeting(
    out: Emitter,
    trip: dict,
    meeting: str,
    office: str,
    traveller: str,
    post: str,
    host: StateRef,
    other: StateRef,
    mention: Mention,
) -> None:
    """A meeting of the traveller with a person met on the trip, part of the trip, dated by the trip."""
    us = resolve_state("united-states")
    out.add(f"id/visit/hsg-trip-{trip['id']}", "dg:hasSubEvent", meeting)
    out.add(meeting, RDF + "type", "dg:Meeting")
    out.text(
        meeting,
        RDFS + "label",
        f"Meeting of {office} {trip['name']} with {mention.text}, {date_range(trip['start'], trip['end'])}",
    )
    out.add(meeting, "dg:date", typed_date(trip["start"]))
    if trip["end"] and trip["end"] != trip["start"]:
        out.add(meeting, "dg:startDate", typed_date(trip["start"]))
        out.add(meeting, "dg:endDate", typed_date(trip["end"]))
        out.add(meeting, "dg:approximate", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))
        out.text(
            meeting,
            RDFS + "comment",
            "The source gives the days of the trip, not of the meeting; dg:date is the first day of the trip.",
        )
    out.add(meeting, "dg:meetingFormat", "id/format/in-person")
    out.add(meeting, "dg:betweenState", us.path)
    out.add(meeting, "dg:betweenState", declare_state(out, other))
    out.add(meeting, "dg:hostState", host.path)
    hsg_record(out, meeting, "travels", trip["id"])
    participate(out, meeting, f"{meeting}/us", traveller, post, us, "id/role/guest")


def traveller_of(out: Emitter, sources: Sources, trip: dict) -> tuple[str, str]:
    """The traveller and the post: a president (own ids) or a secretary of state (pocom ids)."""
    if trip["role"] == "president":
        person = f"id/person/hsg/president/{trip['who']}"
        declare_person(out, person, sources.president_names.get(trip["who"], trip["name"]))
        return person, declare_president_post(out)
    person = pocom_person(sources, trip["who"])
    pocom = sources.people.get(sources.old_ids.get(trip["who"], trip["who"]))
    declare_person(out, person, pocom_label(pocom) if pocom else trip["name"])
    declare_principal_post(out, sources, "secretary")
    return person, US_SECRETARY


def cover(out: Emitter, sources: Sources, trip: dict, person: str, post: str, fallback: str) -> None:
    """Give the traveller a tenure that covers the trip: the recorded term, else one attested by the trip."""
    if post == US_PRESIDENT:
        terms = [
            (f"id/tenure/hsg/us-president/{start}", start, end)
            for start, end in sources.presidents.get(trip["who"], [])
            if start
        ]
    else:
        who = sources.old_ids.get(trip["who"], trip["who"])
        terms = [
            (f"id/tenure/hsg/secretary/{p['id']}", p["started"], p["ended"])
            for p in sources.principals
            if p["position"] == "secretary" and p["person"] == who
        ]
    for path, start, end in terms:
        if typed_date(start) is not None and start <= trip["start"] and (not end or trip["start"] <= end):
            out.add(path, RDF + "type", "dg:Tenure")
            out.add(path, "dg:holder", person)
            out.add(path, "dg:post", post)
            out.add(path, "dg:startDate", typed_date(start))
            out.add(path, "dg:endDate", typed_date(end) if end else None)
            out.add(path, "dg:reportedIn", source_path("pocom" if post == US_SECRETARY else "travels"))
            if post == US_SECRETARY:
                describe_source(out, dataset_info(sources.path, "pocom"), of_graph=False)
            return
    attested_tenure(out, fallback, person, post, trip["start"], trip["end"], "travels")


def places(out: Emitter, locale: str, state: StateRef) -> list[str]:
    """The places of a trip's locale ("Jerusalem, Tel Aviv"), each a dg:Place in the host state."""
    found = []
    for name in (clean(p) for p in locale.split(",")):
        if not name or not slugify(name):
            continue
        path = f"id/place/{slugify(state.key)}-{slugify(name)}"
        out.add(path, RDF + "type", "dg:Place")
        out.text(path, RDFS + "label", name)
        out.add(path, "dg:inState", state.path)
        found.append(path)
    return found
