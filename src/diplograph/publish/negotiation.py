"""Content negotiation: which representation of a resource a client gets, from Accept, ?format= and Accept-Language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Representation:
    """One way to serve a resource: a media type, a short name for ?format= and the twin's file extension."""

    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()
    rdflib_format: str | None = None

    @property
    def content_type(self) -> str:
        """The Content-Type header value, with a charset for text."""
        binary = self.media_type in ("application/gzip",)
        return self.media_type if binary else f"{self.media_type}; charset=utf-8"


HTML = Representation("html", "text/html", "html", ("htm",))
TURTLE = Representation("ttl", "text/turtle", "ttl", ("turtle", "n3"), "turtle")  # Turtle is N3 too
JSONLD = Representation("jsonld", "application/ld+json", "jsonld", ("json-ld", "json"), "json-ld")
NTRIPLES = Representation("nt", "application/n-triples", "nt", ("ntriples", "n-triples"), "nt")
RDFXML = Representation("rdf", "application/rdf+xml", "rdf", ("xml", "rdfxml", "rdf-xml", "owl"), "xml")
TRIG = Representation("trig", "application/trig", "trig", (), "trig")

RDF_REPRESENTATIONS = (TURTLE, JSONLD, NTRIPLES, RDFXML, TRIG)
"""The RDF serialisations every resource has, in the server's order of preference."""

RESOURCE_REPRESENTATIONS = (HTML, *RDF_REPRESENTATIONS)
"""What a resource IRI answers: HTML first, so that `*/*` (and a browser) gets the page."""

SPARQL_JSON = Representation("json", "application/sparql-results+json", "srj", ("srj",))
SPARQL_XML = Representation("xml", "application/sparql-results+xml", "srx", ("srx",))
SPARQL_CSV = Representation("csv", "text/csv", "csv")
SPARQL_TSV = Representation("tsv", "text/tab-separated-values", "tsv")
RESULT_REPRESENTATIONS = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
"""What a SELECT or ASK answers, JSON first."""

_EXTRA_MEDIA_TYPES = {
    "application/x-turtle": (TURTLE,),
    "application/turtle": (TURTLE,),
    "text/n3": (TURTLE,),
    "text/rdf+n3": (TURTLE,),
    "application/n3": (TURTLE,),
    "application/json": (JSONLD, SPARQL_JSON),
    "application/x-json+ld": (JSONLD,),
    "text/n-triples": (NTRIPLES,),
    "text/plain": (NTRIPLES,),
    "application/xml": (RDFXML, SPARQL_XML),
    "text/xml": (RDFXML, SPARQL_XML),
    "application/xhtml+xml": (HTML,),
    "application/json+sparql-results": (SPARQL_JSON,),
}
"""Media types that clients send for a representation we have under its registered name: plain JSON is
JSON-LD for a resource and SPARQL JSON for a query's rows, as plain XML is RDF/XML or SPARQL XML."""


class NotAcceptable(Exception):
    """The client accepts none of the representations offered (HTTP 406)."""

    def __init__(self, offered: tuple[Representation, ...], asked: str):
        self.offered = offered
        super().__init__(
            f"cannot give {asked!r}; available: " + ", ".join(f"{r.media_type} (?format={r.name})" for r in offered)
        )


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Read an Accept header into (media range, quality) pairs, best first, most specific first on ties."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, quality, specificity, position))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(media, quality) for media, quality, _, _ in ranges]


def _matches(media_range: str, representation: Representation) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return representation.media_type.startswith(media_range[:-1])
    if media_range == representation.media_type:
        return True
    return representation in _EXTRA_MEDIA_TYPES.get(media_range, ())


def _specificity(media_range: str) -> int:
    return 0 if media_range == "*/*" else 1 if media_range.endswith("/*") else 2


def choose(
    offered: tuple[Representation, ...], accept: str | None, format_override: str | None = None
) -> Representation:
    """Pick the representation for a request: ?format= wins, then the best Accept match, in our order on ties.

    A ?format= we cannot give yields to an Accept header that names what we can (SPARQLWrapper sends
    `format=n3` with an Accept of Turtle); with no such header it is refused, saying what there is.
    """
    if format_override:
        wanted = format_override.strip().lower()
        for representation in offered:
            if wanted in (
                representation.name,
                representation.extension,
                representation.media_type,
                *representation.aliases,
            ):
                return representation
        if not any(_specificity(media) for media, _ in parse_accept(accept)):
            raise NotAcceptable(offered, f"?format={format_override}")
        try:
            return choose(offered, accept)
        except NotAcceptable:
            raise NotAcceptable(offered, f"?format={format_override} or Accept: {accept}") from None
    ranges = parse_accept(accept)
    best: tuple[float, int, Representation] | None = None
    for index, representation in enumerate(offered):
        matching = [(_specificity(media), quality) for media, quality in ranges if _matches(media, representation)]
        if not matching:
            continue
        quality = max(matching)[1]  # the most specific range that matches decides (RFC 9110, 12.5.1)
        if quality > 0 and (best is None or (quality, -index) > best[:2]):
            best = (quality, -index, representation)
    if best is None:
        raise NotAcceptable(offered, accept or "")
    return best[2]


SUPPORTED_LANGUAGES = ("en", "fr")
"""The languages of the pages' headings; labels come in whatever languages the data has."""


def choose_language(accept_language: str | None, override: str | None = None) -> str:
    """Pick en or fr from ?lang= or Accept-Language (primary subtag, by quality), English by default."""
    if override and override.lower()[:2] in SUPPORTED_LANGUAGES:
        return override.lower()[:2]
    for tag, quality in parse_accept(accept_language):
        primary = tag.split("-")[0]
        if quality > 0 and primary in SUPPORTED_LANGUAGES:
            return primary
    return "en"
