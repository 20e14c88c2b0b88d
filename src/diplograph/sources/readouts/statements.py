"""Split a readout's sentences into statements: speaker, speech act, addressee, content and topics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from diplograph.sources.readouts import patterns
from diplograph.sources.readouts.extract import Evidence, Found, Participant, Readout
from diplograph.sources.readouts.gazetteer import Gazetteer

_RESPONSE = {"fr": r"\bet obtenu\b", "en": r"\band (?:received|obtained|gained)\b", "es": r"\by obtuvo\b"}


@dataclass
class Statement:
    """One speech act of the readout, with its evidence."""

    act: str
    speakers: list[str]
    """Participant keys: family names, or 'both'."""
    content: str
    evidence: Evidence
    addressees: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    answers: int | None = None
    """The index of the statement this one answers."""
    speaker_confidence: float = 0.8

    def as_card(self, ident: str, answered: str | None) -> dict[str, Any]:
        """The statement as a card writes it."""
        record: dict[str, Any] = {"id": ident}
        record["speaker"] = self.speakers[0] if len(self.speakers) == 1 else (self.speakers or "TODO: who spoke?")
        record["act"] = self.act
        if self.addressees:
            record["to"] = self.addressees
        if answered:
            record["answers"] = answered
        record["topics"] = self.topics or ["TODO: topic"]
        record["content"] = self.content
        confidence = min(self.evidence.confidence, self.speaker_confidence)
        record["evidence"] = Evidence(self.evidence.text, self.evidence.start, self.evidence.end, confidence).as_card()
        return record


def _key(participant: Participant) -> str:
    """How a card names a participant in statements: the family name in capitals."""
    for name in sorted(participant.person.names):
        # "Alberto VAN KLAVEREN STORK": a particle goes with the name after it.
        for match in re.finditer(r"\b(?:(?:VAN|VON|DE|DEL|DA|DI|LA|LE|DOS) )?[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ\-]{2,}\b", name):
            return match.group(0)
    return sorted(participant.person.names)[0]


def find_statements(
    readout: Readout, participants: list[Participant], gazetteer: Gazetteer, skip: set[tuple[int, int]]
) -> list[Statement]:
    """Every speech act of every sentence (but the header's), in the order of the text."""
    lang = readout.lang
    keys = {p.person.iri: _key(p) for p in participants}
    statements: list[Statement] = []
    last_speakers: list[str] = []
    for start, end in readout.sentences:
        if (start, end) in skip:
            continue
        sentence = readout.text[start:end]
        acts = _acts(sentence, lang)
        if not acts:
            continue
        found: list[Statement] = []
        for i, (at, act_end, act) in enumerate(acts):
            window_from = acts[i - 1][1] if i else 0
            window = sentence[window_from:at]
            speakers, confidence = _speakers_in(window, participants, keys, lang)
            next_at = acts[i + 1][0] if i + 1 < len(acts) else len(sentence)
            content = sentence[at:next_at].strip().rstrip(",;. ")
            content = re.sub(
                r",?\s*(?:puis|then|luego|et|and|y)\s+(?:elle|il|he|she|ella|él)?\s*(?:a|has|ha)?(?:\s+\w+[ée])?$",
                "",
                content,
            )
            content = re.sub(r"\s+(?:and|et|y)\s+(?:the two|both|les deux|ambos|los dos)\s+\w+$", "", content)
            # The subject of the next verb is not part of this content ("..., le Premier ministre ISHIBA a").
            content = re.sub(r",\s*[^,]*\b[A-ZÁÉÍÓÚÑ]{3,}\b\s*(?:a|ont|has|have|ha|han)?$", "", content)
            evidence = Evidence(sentence, start, end, 0.8)
            statement = Statement(act, speakers, content, evidence, speaker_confidence=confidence)
            if act == "express-support" and re.search(
                _RESPONSE[lang], sentence[max(0, at - 8) : act_end], re.IGNORECASE
            ):
                statement.answers = -1  # the request just before, by the other side
            found.append(statement)
        # "il", "elle": the last speaker named; no subject at all: the sentence's main subject
        # ("Après avoir souhaité..., ISHIBA a exprimé"), else the last speaker.
        running = list(last_speakers)
        for i, statement in enumerate(found):
            if statement.speakers == ["(pronoun)"]:
                statement.speakers = list(running)
            elif not statement.speakers:
                later = next(
                    (
                        s.speakers
                        for s in found[i + 1 :]
                        if s.speakers and s.speakers != ["(pronoun)"] and s.answers is None
                    ),
                    None,
                )
                statement.speakers, statement.speaker_confidence = (later, 0.7) if later else (list(running), 0.5)
            if statement.speakers:
                running = list(statement.speakers)
        for i, statement in enumerate(found):
            follows_request = i and found[i - 1].act == "request" and statement.speakers != found[i - 1].speakers
            if (
                statement.act == "express-support"
                and statement.answers is None
                and statement.speakers
                and follows_request
            ):
                statement.answers = len(statements) + i - 1  # "X requested ..., and Y expressed support"
        for statement in found:
            if statement.answers == -1 and statements + found:
                # "a demandé et obtenu X": the request is for X too.
                asked = found[found.index(statement) - 1] if found.index(statement) else None
                if asked is not None and asked.act == "request" and " " in statement.content:
                    asked.content = f"{asked.content} {statement.content.split(' ', 1)[1]}"
                earlier = [s for s in statements + found if s.act == "request"]
                if earlier:
                    request = earlier[-1]
                    statement.answers = (statements + found).index(request)
                    others = [k for k in keys.values() if k not in request.speakers]
                    statement.speakers, statement.speaker_confidence = others[:1], 0.6
            if statement.speakers and statement.speakers != ["both"]:
                last_speakers = statement.speakers
        statements.extend(found)
    for statement in statements:
        statement.topics = gazetteer.topics_in(statement.content)
        statement.addressees = _addressees(statement, participants, keys, gazetteer)
    return statements


def _acts(sentence: str, lang: str) -> list[tuple[int, int, str]]:
    """The speech acts of a sentence, by position, overlapping matches dropped (the earlier table row wins)."""
    hits = []
    for rank, (act, pattern) in enumerate(patterns.ACTS[lang]):
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            hits.append((match.start(), match.end(), rank, act))
    hits.sort(key=lambda h: (h[0], h[2]))
    kept: list[tuple[int, int, str]] = []
    for start, end, _, act in hits:
        if kept and start < kept[-1][1] + 12 and not (act == "express-support" and start >= kept[-1][1]):
            continue  # one verb phrase, one act ("a déclaré vouloir" is an intent, not two acts)
        kept.append((start, end, act))
    return kept


def _speakers_in(
    window: str, participants: list[Participant], keys: dict[str, str], lang: str
) -> tuple[list[str], float]:
    """Who speaks, from the words before the verb: a participant's name, 'both', or nobody yet."""
    text = re.sub(r"^\s*\d+[.)]\s*", "", window).strip(" ,")
    text = re.sub(r"^(?:and|then|et|puis|y|luego)\s+(?=\S+\s+\S)", "", text)  # "and the two leaders"
    if re.search(r"(?:^|\s)(?:y|et|and)$", text):
        return ["(pronoun)"], 0.7  # "X welcomed Y and stressed ...": the same speaker goes on
    clause = re.split(r"[,;]\s*", text)[-1] if text else ""
    tail = re.sub(r"^(?:and|then|et|puis|y|luego)\s+", "", " ".join(text.split()[-4:]))  # "... and the two leaders"
    if any(re.search(patterns.BOTH[lang], part, re.IGNORECASE) for part in (clause.strip(), text, tail)):
        return ["both"], 0.85
    named = [
        (window.rfind(key), key)
        for p in participants
        for key in [keys[p.person.iri]]
        if re.search(rf"\b(?:{re.escape(key)}|{re.escape(key.title())})\b", clause or text)
    ]
    if len({key for _, key in named}) >= 2 and re.search(patterns.AND, clause or text):
        return ["both"], 0.8  # "Foreign Secretary Truss and Foreign Minister Marsudi reaffirmed"
    if named:
        return [max(named)[1]], 0.85
    # No name: a title ("The Prime Minister", "the Saudi Crown Prince"); one shared by both sides, unqualified,
    # is the publisher's own office holder.
    titled = [p for p in participants if any(re.search(title, clause or text) for title in p.titles)]
    if len(titled) > 1:
        titled = [p for p in titled if p.publisher_side]
    if len(titled) == 1:
        return [keys[titled[0].person.iri]], 0.7
    if re.search(patterns.PRONOUN[lang], clause.strip(), re.IGNORECASE):
        return ["(pronoun)"], 0.6
    return [], 0.5


def _addressees(
    statement: Statement, participants: list[Participant], keys: dict[str, str], gazetteer: Gazetteer
) -> list[str]:
    """The other side, when the content names its state or its participant."""
    if statement.speakers == ["both"] or not statement.speakers:
        return []
    speaking_states = {p.state for p in participants if keys[p.person.iri] in statement.speakers}
    found = []
    for code in gazetteer.states_in(statement.content):
        if code not in speaking_states and code in {p.state for p in participants}:
            found.append(code)
    for p in participants:
        key = keys[p.person.iri]
        if key not in statement.speakers and re.search(rf"\b{re.escape(key)}\b", statement.content):
            found.append(key)
    return found


def as_found(statement: Statement) -> Found:
    """The statement as a found value (for scoring)."""
    return Found((statement.act, tuple(statement.speakers)), statement.evidence)
