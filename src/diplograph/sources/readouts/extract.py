"""Read a readout and find what a meeting card holds, each value with the sentence it comes from.

Rule-based and offline: pysbd splits sentences (with character spans), dateparser reads the dates the
patterns find, the patterns of patterns.py find times, durations, side events, instruments and speech
acts, and the gazetteer of the graph finds persons, states and topics. Nothing is guessed: what the
rules cannot settle is left for the card's TODOs.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dateparser
import pysbd

from diplograph.pipeline.card_index import Person, fold
from diplograph.pipeline.card_reader import text_digest
from diplograph.sources.readouts import patterns
from diplograph.sources.readouts.gazetteer import Gazetteer


@dataclass(frozen=True)
class Evidence:
    """Where a value comes from: the sentence, its span in the text, and how sure the rule is."""

    text: str
    start: int
    end: int
    confidence: float

    def as_card(self) -> dict[str, Any]:
        """The evidence as a card writes it."""
        digest = text_digest(self.text)
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sha256": digest,
            "confidence": self.confidence,
        }


@dataclass
class Found:
    """A value found in the readout, with its evidence."""

    value: Any
    evidence: Evidence


class _TextOfHtml(html.parser.HTMLParser):
    """The visible text of a saved HTML page (scripts and styles dropped, blocks on their own lines)."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "nav", "header", "footer"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav", "header", "footer") and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def read_text(path: Path) -> str:
    """The readout's text: plain text and Markdown as saved, HTML reduced to its visible text."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in (".html", ".htm") or raw.lstrip().lower().startswith(("<!doctype html", "<html")):
        parser = _TextOfHtml()
        parser.feed(raw)
        return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()
    return raw


def guess_language(text: str) -> str:
    """en, fr or es, by the most frequent function words."""
    words = re.findall(r"\w+", text.lower())
    scores = {
        "en": sum(w in {"the", "and", "of", "with", "that"} for w in words),
        "fr": sum(w in {"le", "la", "les", "et", "des", "avec", "que"} for w in words),
        "es": sum(w in {"el", "los", "las", "y", "del", "con", "que"} for w in words),
    }
    return max(scores, key=scores.get)


@dataclass
class Readout:
    """A readout's text, its language and its sentences."""

    text: str
    lang: str
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        segmenter = pysbd.Segmenter(language=self.lang, clean=False, char_span=True)
        for span in segmenter.segment(self.text):
            # Lines are sentences too: headings, numbered sections and the date line stand alone.
            offset = span.start
            for line in self.text[span.start : span.end].split("\n"):
                start = offset + len(line) - len(line.lstrip())
                end = offset + len(line.rstrip())
                if end > start:
                    self.sentences.append((start, end))
                offset += len(line) + 1

    def sentence(self, at: int) -> tuple[int, int]:
        """The span of the sentence holding character `at`."""
        for start, end in self.sentences:
            if start <= at < end:
                return start, end
        return at, at

    def evidence(self, at: int, confidence: float) -> Evidence:
        """The sentence holding character `at` as evidence."""
        start, end = self.sentence(at)
        return Evidence(self.text[start:end], start, end, confidence)


@dataclass
class Participant:
    """A person of the graph taking part, with the post their tenure covers on the date."""

    person: Person
    post: str | None
    state: str | None
    mention: int
    titles: list[str] = field(default_factory=list)
    """How the readout names them without their name ("the Crown Prince", "the Prime Minister"), as patterns."""
    publisher_side: bool = False
    """Of the publisher's state: an unqualified title shared with the other side ("the Prime Minister") is theirs."""


def find_date(readout: Readout) -> Found | None:
    """The meeting's date: the first date written out in the text."""
    months = "|".join(patterns.MONTHS[readout.lang].split())
    pattern = patterns.DATE[readout.lang].replace("{months}", months)
    match = re.search(pattern, readout.text, re.IGNORECASE)
    if match is None:
        numeric = re.search(r"\b(20\d\d|19\d\d)[/-](\d{1,2})[/-](\d{1,2})\b", readout.text)
        if numeric is None:
            return None
        y, m, d = (int(g) for g in numeric.groups())
        return Found(f"{y:04d}-{m:02d}-{d:02d}", readout.evidence(numeric.start(), 0.7))
    day, month, year = (match.group("d1"), match.group("m1"), match.group("y1"))
    if day is None:
        day, month, year = (match.group("d2"), match.group("m2"), match.group("y2"))
    written = f"{day} de {month} de {year}" if readout.lang == "es" else f"{day} {month} {year}"
    parsed = dateparser.parse(written, languages=[readout.lang], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        return None
    return Found(parsed.date().isoformat(), readout.evidence(match.start(), 0.9))


def clock(match: re.Match) -> str:
    """HH:MM from a TIME match (a.m./p.m. read)."""
    hours, minutes = int(match.group("h")), match.group("min")
    ampm = (match.group("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hours < 12:
        hours += 12
    return f"{hours:02d}:{minutes}"


def find_duration(text: str, lang: str) -> tuple[str, bool, int] | None:
    """('45 min', approximate, offset) for the first duration in `text`."""
    match = re.search(patterns.DURATION[lang], text, re.IGNORECASE)
    if match is None:
        return None
    groups = match.groupdict()
    if groups.get("word"):
        return f"{patterns.APPROXIMATE_NUMBER_WORDS[groups['word'].lower()]} min", True, match.start()
    return f"{int(groups['n'])} min", bool(groups.get("approx")), match.start()


def find_participants(
    readout: Readout, gazetteer: Gazetteer, date: str | None, header: tuple[int, int] = (0, 0)
) -> list[Participant]:
    """The graph's persons named in the readout who held a post on the date, and those the header names.

    A person the header names but no tenure of the graph covers on the date is kept, with no post: the
    card then asks for the post (a TODO), never guesses it; elsewhere in the text such a person is only
    mentioned (a predecessor, a person the leaders talked about).
    """
    chosen: dict[str, Participant] = {}
    for person, start, _ in gazetteer.persons_in(readout.text):
        if person.iri in chosen:
            continue
        posts = person.posts_on(date) if date else []
        if date and not posts and not header[0] <= start < header[1]:
            continue
        post = posts[0] if len(posts) == 1 else None
        state = gazetteer.post_state(post) if post else None
        if state is None:  # "Mauricio Macri, President of the Argentine Republic": the state named after the name
            state = gazetteer.state_in(readout.text[start : min(start + 90, readout.sentence(start)[1])])
        chosen[person.iri] = Participant(person, post, state, start)
    # One person per state: a second namesake of the same state is a false hit.
    by_state: dict[str | None, Participant] = {}
    for participant in sorted(chosen.values(), key=lambda p: p.mention):
        by_state.setdefault(participant.state, participant)
    return [p for p in by_state.values()]


def publisher_state(url: str | None) -> str | None:
    """The state whose government publishes at `url` (gov.uk → GB), from the domain's last labels."""
    host = re.sub(r"^[a-z]+://", "", url or "").split("/")[0].lower()
    return next(
        (code for domain, code in patterns.PUBLISHER_DOMAINS.items() if f".{host}".endswith(f".{domain}")), None
    )


def _post_titles(gazetteer: Gazetteer, post: str, lang: str) -> list[str]:
    """Patterns for a post's title without a name: "the (Saudi) Crown Prince" from "Crown Prince of Saudi Arabia"."""
    labels = gazetteer.index.posts.get(post, (set(), None))[0]
    titles = [pattern for pattern, words in patterns.UNNAMED_TITLES[lang] if any(words in fold(x) for x in labels)]
    for label in labels:
        head = label.split(" of ")[0].split(" de ")[0].strip()
        if 1 <= len(head.split()) <= 3 and not head.startswith(("Secretary", "Secrétaire")):
            titles.append(rf"(?:^|\b[Tt]he\s+|\b[Ll]e\s+|\b[Ll]a\s+|\b[Ee]l\s+)(?:[A-Z]\w+\s+)?{re.escape(head)}\b")
    return titles


def add_unnamed_leader(
    readout: Readout, gazetteer: Gazetteer, participants: list[Participant], state: str | None, date: str | None
) -> None:
    """The publisher's own office holder when the readout calls them only by title ("The Prime Minister spoke to ...").

    Taken from the graph's tenures on the date, never guessed: one person of the publisher's state whose post's
    label holds the title's words, or nobody.
    """
    for participant in participants:
        participant.titles = _post_titles(gazetteer, participant.post, readout.lang) if participant.post else []
    if state is None or date is None or any(p.state == state for p in participants):
        return
    for pattern, words in patterns.UNNAMED_TITLES[readout.lang]:
        match = re.search(pattern, readout.text)
        if match is None:
            continue
        holders = [
            (person, post)
            for person in gazetteer.index.persons.values()
            for post in person.posts_on(date)
            if gazetteer.post_state(post) == state
            and any(words in fold(label) for label in gazetteer.index.posts.get(post, (set(), None))[0])
        ]
        if len(holders) == 1:
            person, post = holders[0]
            participants.append(Participant(person, post, state, match.start(), [pattern], publisher_side=True))
            return


def find_place(readout: Readout, gazetteer: Gazetteer, states: list[str]) -> tuple[str, str, int] | None:
    """(label, state, offset) of a place of the graph the meeting is said to be at ("met in London", "à l'Élysée")."""
    best = None
    for label, state in gazetteer.places():
        if state not in states:
            continue
        head = label.split(",")[0].strip()
        names = {head}
        last = head.split()[-1]
        if len(head.split()) > 1 and len(last) >= 5 and last[0].isupper() and last not in ("Street", "Palace", "House"):
            names.add(last)
        for name in names:
            match = re.search(rf"\b(?:in|at|à|au|en)\s+(?:the\s+|l[’']|la\s+|le\s+)?{re.escape(name)}\b", readout.text)
            if match and (best is None or (match.start(), -len(label)) < (best[2], -len(best[0]))):
                best = (label, state, match.start())
    return best


def find_side_events(readout: Readout) -> list[dict[str, Any]]:
    """Side events in the order of the text, with times and durations from the words around them."""
    hits = []
    for kind, pattern in patterns.SIDE_EVENTS.items():
        for match in re.finditer(pattern, readout.text, re.IGNORECASE):
            hits.append((match.start(), match.end(), kind))
    hits.sort()
    seen: set[str] = set()
    firsts = [h for h in hits if not (h[2] in seen or seen.add(h[2]))]
    events = []
    for i, (start, end, kind) in enumerate(firsts):
        sentence_start, sentence_end = readout.sentence(start)
        before_from = max(sentence_start, firsts[i - 1][1] if i and firsts[i - 1][0] >= sentence_start else 0)
        after_to = min(sentence_end, firsts[i + 1][0] if i + 1 < len(firsts) else sentence_end)
        event: dict[str, Any] = {"type": Found(kind, readout.evidence(start, 0.85))}
        started = re.search(patterns.FROM_TIME + patterns.TIME, readout.text[before_from:start], re.IGNORECASE)
        if started:
            event["start"] = Found(clock(started), readout.evidence(start, 0.8))
        lasted = find_duration(readout.text[end:after_to], readout.lang)
        if lasted:
            event["duration"] = Found(lasted[0], readout.evidence(start, 0.8))
            event["approximate"] = Found(lasted[1], readout.evidence(start, 0.8))
        events.append(event)
    return events


def find_instruments(readout: Readout, date: str | None) -> list[dict[str, Any]]:
    """Instruments named in the text: type, a label from the words that follow, and how they were concluded."""
    hits = []
    for kind, pattern in patterns.INSTRUMENTS.items():
        for match in re.finditer(pattern, readout.text, re.IGNORECASE):
            hits.append((match.start(), match.end(), kind))
    hits.sort(key=lambda h: (h[0], -h[1]))
    found: list[dict[str, Any]] = []
    covered_until = -1
    for start, end, kind in hits:
        if start < covered_until:
            continue
        sentence_start, sentence_end = readout.sentence(start)
        clause = re.split(
            r"\s+(?:ainsi que|as well as|así como|and the|et des|et de|y de|en una|en la|in a|at a|at the"
            r"|lors d\S+|durante)\s+"
            r"|[,;]\s|\.(?:\s|$)",
            readout.text[start:sentence_end],
        )[0]
        label = " ".join(clause.split()[:14]).rstrip(",")
        covered_until = start + len(clause)
        head = fold(readout.text[start:end])
        months = "|".join(patterns.MONTHS[readout.lang].split())
        dated = re.search(rf"({months})\s+(?:de\s+)?(\d{{4}})", clause, re.IGNORECASE)
        if any(f["type"].value == kind and f["_head"] == head for f in found) and not dated:
            continue  # the same instrument named again
        sentence = readout.text[sentence_start:sentence_end]
        record: dict[str, Any] = {
            "type": Found(kind, readout.evidence(start, 0.8)),
            "label": Found(label, readout.evidence(start, 0.7)),
            "_head": head,
        }
        modes = list(patterns.CONCLUDED.items())
        if kind == "exchange of notes":
            modes = [m for m in modes if m[0] == "exchanged"] + modes
        for mode, pattern in modes:
            if re.search(pattern, sentence, re.IGNORECASE):
                record["conclusion"] = Found(mode, readout.evidence(start, 0.6))
                break
        if re.search(patterns.SIDE_EVENTS["signing ceremony"], sentence, re.IGNORECASE):
            record["concluded_at"] = Found("signing", readout.evidence(start, 0.8))
            if date:
                record["date"] = Found(date, readout.evidence(start, 0.8))
        else:
            when = dated or re.search(rf"({months})\s+(?:de\s+)?(\d{{4}})", sentence, re.IGNORECASE)
            if when:
                month = patterns.MONTHS[readout.lang].split().index(when.group(1).lower()) + 1
                record["date"] = Found(f"{when.group(2)}-{month:02d}", readout.evidence(start, 0.6))
        found.append(record)
    for record in found:
        record.pop("_head")
    return found
