"""HTML pages for people: a resource's facts grouped and linked, in English or French, with schema.org JSON-LD.

Everything from the data reaches the page through Jinja2 with autoescaping on, so a label holding
`<script>` or `<img onerror>` is shown as text; links are made only to our own pages and to http(s)
IRIs, never to other schemes (`javascript:`). The JSON-LD is written by `jsonld.script_json`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph import __version__
from diplograph.publish import describe as d
from diplograph.publish.describe import DG, Description, StoreReader
from diplograph.publish.iri import ONTOLOGY_NAMESPACE, IriPolicy, query_prefixes
from diplograph.publish.jsonld import EVENT_CLASSES, schema_org, script_json
from diplograph.publish.negotiation import RDF_REPRESENTATIONS, SUPPORTED_LANGUAGES, Representation
from diplograph.publish.texts import TEXT

CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
LICENCE_NAMES = {str(CC0): "CC0 1.0", "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}
"""Short names of the licences datasets come under, for page footers (others are shown as their IRI)."""

PREDICATE_NAMES = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("type", "type"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("label", "libellé"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("comment", "commentaire"),
    "http://www.w3.org/2002/07/owl#sameAs": ("same as", "identique à"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("preferred label", "libellé préféré"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("other label", "autre libellé"),
    "http://www.w3.org/2004/02/skos/core#definition": ("definition", "définition"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("in scheme", "dans le schéma"),
    "http://www.w3.org/2004/02/skos/core#notation": ("notation", "notation"),
    "http://www.w3.org/2004/02/skos/core#broader": ("broader", "plus général"),
    "http://www.w3.org/2004/02/skos/core#topConceptOf": ("top concept of", "concept de tête de"),
    "http://www.w3.org/2004/02/skos/core#hasTopConcept": ("top concept", "concept de tête"),
    "http://purl.org/dc/terms/title": ("title", "titre"),
    "http://purl.org/dc/terms/issued": ("issued", "publié le"),
    "http://purl.org/dc/terms/publisher": ("publisher", "éditeur"),
    "http://purl.org/dc/terms/language": ("language", "langue"),
    "http://purl.org/dc/terms/rights": ("rights", "droits"),
    "http://purl.org/dc/terms/source": ("source file", "fichier source"),
    "http://purl.org/dc/terms/license": ("licence", "licence"),
    "http://purl.org/dc/terms/identifier": ("identifier in the source", "identifiant dans la source"),
    "http://purl.org/dc/terms/hasVersion": ("version", "version"),
    "http://purl.org/dc/terms/bibliographicCitation": ("citation", "citation"),
    "http://purl.org/dc/terms/subject": ("subject", "sujet"),
    "https://schema.org/latitude": ("latitude", "latitude"),
    "https://schema.org/longitude": ("longitude", "longitude"),
    "http://xmlns.com/foaf/0.1/familyName": ("family name", "nom de famille"),
    "http://xmlns.com/foaf/0.1/givenName": ("given name", "prénom"),
    "http://xmlns.com/foaf/0.1/page": ("web page", "page web"),
    "http://xmlns.com/foaf/0.1/homepage": ("home page", "site web"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("derived from", "dérivé de"),
    "https://schema.org/containedInPlace": ("contained in", "situé dans"),
}
"""Names of the predicates from other vocabularies that the data uses."""

SHOWN_APART = {DG + name for name in ("hasParticipation", "hasSubEvent", "hasTopic", "reportedIn")}
"""Predicates that an event's page shows in their own section rather than among the facts."""

LABELS = {str(p) for p in d.LABEL_PREDICATES}


@dataclass
class Item:
    """One value on a page: text, maybe a link, maybe in a language other than the page's."""

    text: str
    href: str | None = None
    lang: str | None = None
    external: bool = False
    title: str | None = None


@dataclass
class Section:
    """A titled table of a page: column headings and rows of cells, each cell a list of items."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[list[Item]]] = field(default_factory=list)


def pick(labels: Iterable[Literal], lang: str) -> Literal | None:
    """The label to show in a language: that language, then English, then untagged, then any."""
    labels = list(labels)
    for wanted in (lang, "en", None):
        for label in labels:
            if (label.language or None) == wanted:
                return label
    return labels[0] if labels else None


@lru_cache(maxsize=65536)
def _relative_url(target: str, start: str) -> str:
    """The link from a folder of the site to a path in it, quoted; remembered, as pages link the same places.

    Both are paths under the site's root: anchored at "/", relpath need not ask for the working
    directory (os.getcwd). Working out links was a tenth of the time a page took to make.
    """
    return quote(posixpath.relpath("/" + target, "/" + start), safe="/%:@!$&'()*+,;=~.-_")


class Linker:
    """Writes the links of one page, as relative URLs, for the server (IRI paths) or the static site (files)."""

    def __init__(
        self,
        policy: IriPolicy,
        page_path: str,
        lang: str,
        static: bool,
        endpoint: bool,
        graph: bool,
        translated: frozenset[str] | None = None,
    ):
        self.policy, self.page_path, self.lang, self.static = policy, page_path, lang, static
        self.endpoint, self.graph_view, self.translated = endpoint, graph, translated
        self._start = (page_path or ".") if static else (posixpath.dirname(page_path) or ".")

    def _relative(self, target: str) -> str:
        return _relative_url(target, self._start)

    def page(self, path: str, lang: str | None = None, fragment: str = "") -> str:
        """A link to a page of the site (a resource path, "" for home, "ontology", "sparql")."""
        lang = lang or self.lang
        if self.static:
            if lang != "en" and not self.has_translation(path):
                lang = "en"
            name = "index.html" if lang == "en" else f"index.{lang}.html"
            target = self._relative(posixpath.join(path or ".", name))
        else:
            target = self._relative(path or ".")
            target = target + "/" if not path else target
            if lang != "en":
                target += f"?lang={lang}"
        return target + (f"#{quote(fragment)}" if fragment else "")

    def file(self, path: str) -> str:
        """A link to a file: a stylesheet, a script, a dump."""
        return self._relative(path)

    def twin(self, representation: Representation) -> str:
        """This page's description in an RDF format."""
        if self.static:
            return f"index.{representation.extension}"
        name = posixpath.basename(self.page_path) if self.page_path else "./"
        return f"{name}?format={representation.name}"

    def has_translation(self, path: str) -> bool:
        """Whether the static site holds the page at `path` in French (resources: only when their data has French)."""
        if self.translated is None or path in self.translated:
            return True
        return not self.policy.is_resource(self.policy.base + path)

    def language(self, lang: str) -> str | None:
        """This page in another language (None: the static site has it in English only)."""
        if self.static and lang != "en" and not self.has_translation(self.page_path):
            return None
        if self.static:
            return "index.html" if lang == "en" else f"index.{lang}.html"
        name = posixpath.basename(self.page_path) if self.page_path else "./"
        return name if lang == "en" else f"{name}?lang={lang}"


class Namer:
    """Names IRIs in the page's language, from the description, extra lookups and the vocabulary."""

    def __init__(self, lang: str, vocabulary: dict[Node, list[Literal]], description: Description | None = None):
        self.lang = lang
        self.known: dict[Node, list[Literal]] = dict(vocabulary)
        if description is not None:
            for s, p, o, _ in description.quads:
                if str(p) in LABELS and isinstance(o, Literal):
                    self.known.setdefault(s, [])
                    if o not in self.known[s]:
                        self.known[s].append(o)

    def add(self, names: dict[Node, list[Literal]]) -> None:
        """Learn more names."""
        for iri, labels in names.items():
            self.known.setdefault(iri, []).extend(label for label in labels if label not in self.known.get(iri, []))

    def missing(self, iris: Iterable[Node]) -> list[Node]:
        """The IRIs among these that have no name yet."""
        return [i for i in iris if isinstance(i, URIRef) and i not in self.known]

    def label(self, iri: Node, policy: IriPolicy) -> tuple[str, str | None]:
        """The name of an IRI and its language, or a short form of the IRI when it has none."""
        label = pick(self.known.get(iri, []), self.lang)
        if label is not None:
            return str(label), label.language
        text = str(iri)
        if text in PREDICATE_NAMES:
            return PREDICATE_NAMES[text][SUPPORTED_LANGUAGES.index(self.lang)], self.lang
        if text.startswith(ONTOLOGY_NAMESPACE):
            return "dg:" + text[len(ONTOLOGY_NAMESPACE) :], None
        path = policy.path(text)
        return (path if path else text), None


@dataclass
class PageMaker:
    """Makes the HTML of the pages, for the server or the static site, over one store."""

    reader: StoreReader
    policy: IriPolicy
    static: bool = False
    endpoint: bool = True
    graph_view: bool = False
    exists: Callable[[list[Node]], set[Node]] | None = None
    labels: dict[Node, list[Literal]] | None = None
    twin_representations: tuple[Representation, ...] = RDF_REPRESENTATIONS
    translated: frozenset[str] | None = None
    """Static site: the resource paths written in French too (None: every page is in both languages)."""
    relations: frozenset[str] | None = None
    """Static site: the pairs (`JP-PE`) that have a relation page (None: every pair, as the server answers)."""
    timeline_limit: int = 500
    reference_limit: int = 300
    """How many dated items and referring resources a page lists at most (a state's relation pages list the rest)."""

    def __post_init__(self) -> None:
        self._vocabulary = d.vocabulary_labels(self.reader)
        self._last_credits: tuple[Description | None, list[d.Credit]] = (None, [])

    def linker(self, page_path: str, lang: str) -> Linker:
        """The links of the page at `page_path` in `lang`."""
        return Linker(self.policy, page_path, lang, self.static, self.endpoint, self.graph_view, self.translated)

    def _exists(self, iris: list[Node]) -> set[Node]:
        if self.exists is not None:
            return self.exists(iris)
        return d.existing(self.reader, iris)

    def resource_page(self, description: Description, lang: str) -> str:
        """The HTML page of one resource."""
        return self.resource_pages(description, [lang])[lang]

    def resource_pages(self, description: Description, langs: Iterable[str]) -> dict[str, str]:
        """The HTML pages of one resource in several languages, asking the store once for what they show."""
        iri = description.iri
        types = {str(t) for t in description.types(iri)}
        is_event = bool(types & EVENT_CLASSES)
        is_state = DG + "State" in types
        is_person = DG + "Person" in types
        extra: dict[str, list[dict[str, Node]]] = {}
        if is_event:
            extra["instruments"] = d.event_instruments(self.reader, iri)
            extra["statements"] = d.event_statements(self.reader, iri)
            extra["evidence"] = d.event_evidence(self.reader, iri)
        if is_state:
            extra["partners"] = d.state_partners(self.reader, iri)
        if is_state or is_person:
            extra["timeline"] = d.timeline(self.reader, iri, self.timeline_limit)
        extra["references"] = d.references(self.reader, iri, self.reference_limit)
        mentioned: set[Node] = {o for _, _, o, _ in description.quads if isinstance(o, URIRef)}
        mentioned.update(c.source for c in self._credits(description, "en") if c.source is not None)
        for rows in extra.values():
            for row in rows:
                mentioned.update(v for v in row.values() if isinstance(v, URIRef))
                for speaker in str(row.get("speakers", "")).split():
                    mentioned.add(URIRef(speaker))
        namer = Namer("en", self._vocabulary, description)
        names = self._names(namer.missing(mentioned))
        pages = self._exists([m for m in mentioned if self.policy.is_resource(str(m))])
        return {lang: self._resource_page(description, lang, extra, names, pages, is_event, is_state) for lang in langs}

    def _names(self, iris: list[Node]) -> dict[Node, list[Literal]]:
        if self.labels is not None:
            return {i: self.labels[i] for i in iris if i in self.labels}
        return d.labels_of(self.reader, iris)

    def _resource_page(
        self,
        description: Description,
        lang: str,
        extra: dict[str, list[dict[str, Node]]],
        names: dict[Node, list[Literal]],
        pages: set[Node],
        is_event: bool,
        is_state: bool,
    ) -> str:
        iri = description.iri
        page_path = self.policy.path(str(iri)) or ""
        link = self.linker(page_path, lang)
        namer = Namer(lang, self._vocabulary, description)
        namer.add(names)
        cell = _CellMaker(self.policy, namer, link, pages)
        credits = self._credits(description, lang)
        text = TEXT[lang]
        sections: list[Section] = []
        if is_event:
            sections += _event_sections(description, extra, cell, text)
        if is_state:
            partners = Section("partners", text["partners"], [text["state"], text["meetings"], ""])
            own = page_path.rsplit("/", 1)[-1].upper()
            for row in extra["partners"]:
                other = str(row["partner"]).rstrip("/").rsplit("/", 1)[-1].upper()
                pair = "-".join(sorted((own, other)))
                known = self.relations is None or pair in self.relations  # the static site: pages it wrote
                relation = [Item(text["relation"], link.page(f"relation/{pair}"))] if known else []
                partners.rows.append([cell.iri(row["partner"]), [Item(str(row["meetings"]))], relation])
            sections.append(partners)
        if "timeline" in extra:
            timeline = Section("timeline", text["timeline"], [text["date"], text["item"], text["how"]])
            merged: dict[tuple[Node, Node], list[Node]] = {}
            for row in extra["timeline"]:
                ways = merged.setdefault((row["date"], row["item"]), [])
                if row["how"] not in ways:
                    ways.append(row["how"])
            for (date, item), ways in merged.items():
                timeline.rows.append([cell.value(date), cell.iri(item), [i for w in ways for i in cell.predicate(w)]])
            sections.append(timeline)
        facts = Section("facts", text["facts"], ["", ""])
        shown_apart = SHOWN_APART if is_event else set()
        by_predicate: dict[Node, list[Node]] = {}
        for s, p, o, _ in description.quads:
            if s == iri and str(p) not in shown_apart and str(p) not in LABELS:
                values = by_predicate.setdefault(p, [])
                if o not in values:
                    values.append(o)
        for predicate in sorted(by_predicate, key=lambda p: (str(p) != d.RDF_TYPE, cell.predicate_text(p))):
            items = [item for value in by_predicate[predicate] for item in cell.value(value)]
            facts.rows.append([cell.predicate(predicate), items])
        sections.append(facts)
        referred = Section("referred", text["referred"], ["", ""])
        grouped: dict[Node, list[Node]] = {}
        # what the timeline lists already, and in the static site what has no page (participations), is left out
        shown = {item for _, item in merged} if "timeline" in extra else set()
        for row in extra["references"]:
            if row["s"] not in shown and (row["s"] in pages or not self.static):
                grouped.setdefault(row["p"], []).append(row["s"])
        for predicate, subjects in grouped.items():
            referred.rows.append([cell.predicate(predicate), [i for s in subjects for i in cell.iri(s)]])
        if referred.rows:
            sections.append(referred)
        title, title_lang = namer.label(iri, self.policy)
        names = [Item(str(label), lang=label.language) for label in description.labels(iri)]
        context = {
            "title": title,
            "title_lang": title_lang if title_lang != lang else None,
            "names": names,
            "iri": str(iri),
            "types": [i for t in description.types(iri) for i in cell.iri(t)],
            "sections": [s for s in sections if s.rows],
            "jsonld": self._jsonld(description),
            "twins": [(r.media_type, r.name, link.twin(r)) for r in self.twin_representations],
            "graph_href": self._graph_href(link, iri, is_state) if not self.static else None,
            "query_href": self._query_href(link, iri),
            "credits": [self._credit(c, cell, link) for c in credits],
        }
        return self.render("resource.html", lang, link, context)

    def _jsonld(self, description: Description) -> Markup | None:
        """The page's schema.org island; the static site leaves it out where schema.org has no more than Thing."""
        data = schema_org(description, str(description.iri))
        if self.static and data.get("@type") == "Thing":
            return None  # tenures, missions, instruments...: the Turtle twin says it all, in the ontology's terms
        return script_json(data)

    def _credits(self, description: Description, lang: str) -> list[d.Credit]:
        """Whom a page credits; kept for the last description, whose page the site writes in each language."""
        last, found = self._last_credits
        if last is not description:
            found = d.credits(self.reader, description, self._derived_graphs(), d.Credit(CC0, "diplograph"))
            self._last_credits = (description, found)
        own = d.Credit(CC0, TEXT[lang]["own_data"])
        return [own if c.source is None else c for c in found]

    def _derived_graphs(self) -> set[str]:
        """The graphs the build makes from the others (the reasoner's conclusions, its records): no one to credit."""
        return {self.policy.base + "graph/inferred", self.policy.base + "graph/meta"}

    def _credit(self, credit: d.Credit, cell: _CellMaker, link: Linker) -> tuple[Item, Item]:
        """The footer's words for one source of a page's facts: the dataset (linked) and its licence (linked)."""
        source = Item(credit.title, link.page("")) if credit.source is None else cell.iri(credit.source)[0]
        licence = LICENCE_NAMES.get(str(credit.license), str(credit.license))
        return source, Item(licence, str(credit.license), external=True)

    def _graph_href(self, link: Linker, iri: URIRef, is_state: bool) -> str | None:
        if not self.graph_view:
            return None
        path = self.policy.path(str(iri)) or ""
        if is_state:
            return link.file("graph") + "?state=" + quote(path.rsplit("/", 1)[-1])
        return link.file("graph") + "?resource=" + quote(str(iri), safe="")

    def _query_href(self, link: Linker, iri: URIRef) -> str | None:
        if not self.endpoint or self.static:
            return None
        query = f"DESCRIBE <{iri}>"
        return link.file("sparql") + "?query=" + quote(query, safe="")

    def render(self, template: str, lang: str, link: Linker, context: dict[str, Any]) -> str:
        """Render a template with what every page has: its words, links, language switch."""
        other = [code for code in SUPPORTED_LANGUAGES if code != lang][0]
        return (
            environment()
            .get_template(template)
            .render(
                lang=lang,
                t=TEXT[lang],
                link=link,
                other_lang=other,
                other_lang_href=link.language(other),
                version=__version__,
                prefixes=query_prefixes(self.policy.base),
                static=self.static,
                endpoint=self.endpoint,
                **context,
            )
        )


class _CellMaker:
    """Turns RDF terms into page items: names, links, dates."""

    def __init__(self, policy: IriPolicy, namer: Namer, link: Linker, pages: set[Node]):
        self.policy, self.namer, self.link, self.pages = policy, namer, link, pages

    def href(self, iri: Node) -> tuple[str | None, bool]:
        text = str(iri)
        if iri in self.pages:
            return self.link.page(self.policy.path(text) or ""), False
        if text.startswith(ONTOLOGY_NAMESPACE):
            return self.link.page("ontology", lang="en", fragment=text[len(ONTOLOGY_NAMESPACE) :]), False
        if text.startswith(("http://", "https://")) and not text.startswith(self.policy.base):
            return text, True
        return None, False

    def iri(self, iri: Node) -> list[Item]:
        if not isinstance(iri, URIRef):
            return self.value(iri)
        text, lang = self.namer.label(iri, self.policy)
        href, external = self.href(iri)
        # The static site leaves out the IRI as a tooltip on links: to its own pages the link's path is the IRI's,
        # and an external link's target is the IRI itself (the browser shows it on hover).
        title = None if href and self.link.static else str(iri)
        return [Item(text, href, lang if lang != self.namer.lang else None, external, title)]

    def value(self, value: Node) -> list[Item]:
        if isinstance(value, URIRef):
            return self.iri(value)
        if isinstance(value, Literal):
            lang = value.language if value.language and value.language != self.namer.lang else None
            return [Item(str(value), lang=lang)]
        return [Item(str(value))]

    def predicate_text(self, predicate: Node) -> str:
        return self.namer.label(predicate, self.policy)[0]

    def predicate(self, predicate: Node) -> list[Item]:
        return self.iri(predicate)


def _event_sections(
    description: Description, extra: dict[str, list[dict[str, Node]]], cell: _CellMaker, text: dict[str, str]
) -> list[Section]:
    iri = description.iri
    dg = lambda name: URIRef(DG + name)  # noqa: E731
    participants = Section(
        "participants", text["participants"], [text["person"], text["capacity"], text["state"], text["role"]]
    )
    for participation in description.objects(iri, dg("hasParticipation")):
        row = []
        for predicate in ("participant", "inCapacityOf", "representsState", "hasRole"):
            row.append([i for v in description.objects(participation, dg(predicate)) for i in cell.iri(v)])
        participants.rows.append(row)
    sub_events = Section("sub-events", text["sub_events"], [""])
    sub_events.rows = [[cell.iri(e)] for e in description.objects(iri, dg("hasSubEvent"))]
    agreements = Section("agreements", text["agreements"], ["", text["kind"], text["date"]])
    for row in extra.get("instruments", []):
        kind = cell.iri(row["kind"]) if "kind" in row else []
        date = cell.value(row["date"]) if "date" in row else []
        agreements.rows.append([cell.iri(row["instrument"]), kind, date])
    topics = Section("topics", text["topics"], [""])
    topics.rows = [[[i for t in description.objects(iri, dg("hasTopic")) for i in cell.iri(t)]]]
    if not topics.rows[0][0]:
        topics.rows = []
    statements = Section("statements", text["statements"], [text["speaker"], text["speech_act"], text["content"]])
    for row in extra.get("statements", []):
        speakers = [i for s in str(row.get("speakers", "")).split() for i in cell.iri(URIRef(s))]
        act = cell.iri(row["speechAct"]) if "speechAct" in row else []
        said = cell.value(row["text"]) if "text" in row else cell.iri(row["statement"])
        if "text" in row:
            said[0].href, said[0].external = cell.href(row["statement"])
        statements.rows.append([speakers, act, said])
    evidence = Section("evidence", text["evidence"], [text["record"], text["kind"], text["quotation"], text["sources"]])
    for row in extra.get("evidence", []):
        kind = [Item(text["evidence_kinds"].get(str(row["kind"]), str(row["kind"])))]
        source = cell.iri(row["source"]) if "source" in row else []
        if "sentence" in row:
            quoted = cell.value(row["sentence"])
        else:  # the text is not stored: where it is in the source, and its digest to check a copy against
            quoted = [
                Item(f"characters {row.get('start', '?')}–{row.get('end', '?')}, SHA-256 {row.get('digest', '?')}")
            ]
        evidence.rows.append([cell.iri(row["record"]), kind, quoted, source])
    sources = Section("sources", text["sources"], [""])
    sources.rows = [[cell.iri(s)] for s in description.objects(iri, dg("reportedIn"))]
    return [participants, sub_events, agreements, topics, statements, evidence, sources]


@cache
def environment() -> Environment:
    """The Jinja2 environment of the pages: templates from the package, autoescaping always on.

    Templates are read once (no auto-reload): they belong to the installed package, and checking
    their files' times on every page cost two system calls per template rendered.
    """
    env = Environment(
        loader=PackageLoader("diplograph.publish", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    return env


def query_rows(result, policy: IriPolicy, link: Linker) -> list[list[dict[str, str | None]]]:
    """A SELECT answer as table cells: text, and a link for IRIs (ours to our pages, others as they are)."""
    rows = []
    for row in result.rows:
        cells = []
        for value in row:
            if value is None:
                cells.append({"text": "", "href": None})
                continue
            href = None
            if isinstance(value, URIRef):
                text = str(value)
                if policy.is_resource(text):
                    href = link.page(policy.path(text) or "")
                elif text.startswith(("http://", "https://")) and not text.startswith(policy.base):
                    href = text
            cells.append({"text": str(value), "href": href})
        rows.append(cells)
    return rows


HOME_ROWS = 40
"""The latest meetings and busiest states the home page lists; the rest are on the meetings pages, by year."""


def home_context(maker: PageMaker, link: Linker, lang: str, stats, policy: IriPolicy) -> dict[str, Any]:
    """What the home page shows: the meetings, the states that met, how many of each kind of thing."""
    from diplograph.publish.void import DUMPS, schema_org_dataset

    text = TEXT[lang]
    reader = maker.reader
    meetings = reader.select(
        f"SELECT ?m (SAMPLE(?d) AS ?date) WHERE {{ ?m a <{DG}Meeting> ; <{DG}date> ?d }} "
        f"GROUP BY ?m ORDER BY DESC(STR(?date)) ?m LIMIT {HOME_ROWS}"
    )
    states = reader.select(
        f"SELECT ?s (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m <{DG}betweenState> ?s }} GROUP BY ?s ORDER BY DESC(?n) ?s "
        f"LIMIT {HOME_ROWS}"
    )
    namer = Namer(lang, maker._vocabulary)
    mentioned = [row["m"] for row in meetings] + [row["s"] for row in states] + list(stats.classes)
    namer.add(d.labels_of(reader, namer.missing(mentioned)))
    pages = maker._exists([m for m in mentioned if policy.is_resource(str(m))])
    cell = _CellMaker(policy, namer, link, pages)
    meeting_section = Section("meetings", text["meetings"], [text["date"], ""])
    meeting_section.rows = [[cell.value(row["date"]), cell.iri(row["m"])] for row in meetings]
    state_section = Section("states", text["partners"], [text["state"], text["meetings"]])
    state_section.rows = [[cell.iri(row["s"]), [Item(str(row["n"]))]] for row in states]
    kinds = Section("resources", text["resources"], [text["type"], text["count"]])
    ours = {c: n for c, n in stats.classes.items() if str(c).startswith(DG)}
    kinds.rows = [[cell.iri(c), [Item(str(n))]] for c, n in sorted(ours.items(), key=lambda kv: -kv[1])]
    return {
        "title": text["dataset"],
        "sections": [s for s in (meeting_section, state_section, kinds) if s.rows],
        "dumps": [(path.rsplit("/", 1)[-1], link.file(path)) for path, _, _, _ in DUMPS],
        "jsonld": script_json(schema_org_dataset(stats, policy, TEXT["en"]["dataset"], TEXT["en"]["intro"])),
        "twins": [(r.media_type, r.name, link.twin(r)) for r in RDF_REPRESENTATIONS],
    }
