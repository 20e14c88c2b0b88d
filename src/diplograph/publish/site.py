"""The static publication: every page and RDF twin, the dumps, VoID, DCAT, the ontology docs and rewrite rules.

`diplograph publish --out site/` writes into a sibling folder and swaps it in at the end, so a failed
publication leaves the previous site as it was. Each resource `<base>id/kind/slug` becomes the folder
`site/id/kind/slug/` with `index.html` (English), `index.fr.html` and the twins `index.ttl`,
`index.jsonld`, `index.nt`, `index.rdf`, `index.trig`. The pages link to each other's files
(`../../person/x/index.html`), so the site also reads from disk or from any static host; the rewrite
rules (`.htaccess` for Apache, `nginx.conf` and `nginx-server.conf` for nginx) add content negotiation
with a 303 from the IRI to the document.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

from diplograph.publish import describe as d
from diplograph.publish.dumps import dump_files
from diplograph.publish.formats import serialize_dataset, serialize_graph
from diplograph.publish.iri import IriPolicy
from diplograph.publish.negotiation import RDF_REPRESENTATIONS, SUPPORTED_LANGUAGES, TRIG, TURTLE
from diplograph.publish.ontology_docs import ontology_html, ontology_rdf
from diplograph.publish.pages import PageMaker, home_context
from diplograph.publish.reader import StoreReader
from diplograph.publish.void import dcat_graph, statistics, void_graph
from diplograph.store.results import NotXmlSafe


@dataclass
class PublishReport:
    """What a publication wrote: how many pages and files, how many bytes, how long it took."""

    out: Path
    resources: int = 0
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    page_bytes: list[int] = field(default_factory=list)


def _page_name(lang: str) -> str:
    return "index.html" if lang == "en" else f"index.{lang}.html"


class _Writer:
    def __init__(self, root: Path, report: PublishReport):
        self.root, self.report = root, report

    def write(self, relative: str, data: bytes | str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = data.encode() if isinstance(data, str) else data
        path.write_bytes(payload)
        self.report.files += 1
        self.report.bytes += len(payload)
        if relative.endswith(".html"):
            self.report.pages += 1
            self.report.page_bytes.append(len(payload))


def publish(
    reader: StoreReader,
    out: Path,
    policy: IriPolicy | None = None,
    endpoint: str | None = None,
    on_progress: Callable[[str], None] = lambda message: None,
) -> PublishReport:
    """Write the whole site into `out`, atomically: a new folder is made aside and swapped in."""
    started = time.perf_counter()
    policy = policy or IriPolicy.configured()
    out = out.resolve()
    staging = out.with_name(f".{out.name}.publishing-{os.getpid()}")
    previous = out.with_name(f".{out.name}.previous-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    report = PublishReport(out)
    writer = _Writer(staging, report)
    try:
        _write_site(reader, policy, endpoint, writer, on_progress)
        if out.exists():
            out.rename(previous)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def _write_site(
    reader: StoreReader, policy: IriPolicy, endpoint: str | None, writer: _Writer, on_progress: Callable[[str], None]
) -> None:
    resources = [iri for iri in d.resources_under(reader, policy.base) if policy.is_resource(str(iri))]
    published = set(resources)
    maker = PageMaker(
        reader,
        policy,
        static=True,
        endpoint=endpoint is not None,
        graph_view=False,
        exists=lambda iris: {i for i in iris if i in published},
    )
    for number, iri in enumerate(resources, 1):
        path = policy.path(str(iri)) or ""
        description = d.describe(reader, str(iri))
        for lang in SUPPORTED_LANGUAGES:
            writer.write(f"{path}/{_page_name(lang)}", maker.resource_page(description, lang))
        for representation in RDF_REPRESENTATIONS:
            if representation is TRIG:
                data = serialize_dataset(description.dataset(), TRIG)
            else:
                try:
                    data = serialize_graph(description.graph(), representation)
                except NotXmlSafe as error:  # a static host cannot answer 406: refuse the publication, clearly
                    reason = str(error).split(";")[0].replace("this description", "its description")
                    raise NotXmlSafe(f"cannot write /{path}/index.rdf: {reason}; remove it from the data") from None
            writer.write(f"{path}/index.{representation.extension}", data)
        writer.report.resources += 1
        if number % 100 == 0:
            on_progress(f"{number}/{len(resources)} resources")
    on_progress("relations")
    from diplograph.publish.relations import relation_context, relation_pairs, relation_path

    for a, b in relation_pairs(reader):
        path = relation_path(a, b)
        for lang in SUPPORTED_LANGUAGES:
            link = maker.linker(path, lang)
            page = maker.render("relation.html", lang, link, relation_context(maker, link, lang, a, b))
            writer.write(f"{path}/{_page_name(lang)}", page)
    on_progress("meetings by year")
    from diplograph.publish.listing import write_meeting_pages

    write_meeting_pages(maker, writer.write, _page_name)
    on_progress("map")
    from diplograph.graphs.projections import project
    from diplograph.graphs.render_map import render_map

    states = project(reader.backend, "states")
    drawn = render_map(states, reader.backend, relation_base="../relation/{pair}/index.html")
    for lang in SUPPORTED_LANGUAGES:
        writer.write(f"map/{_page_name(lang)}", drawn)
    on_progress("dataset description")
    stats = statistics(reader, policy)
    void = void_graph(stats, policy, endpoint)
    dcat = dcat_graph(stats, policy, endpoint)
    _write_documents(maker, writer, "", void + dcat, home=stats)
    _write_documents(maker, writer, ".well-known/void", void, title="void")
    _write_documents(maker, writer, "catalog", dcat, title="catalog")
    on_progress("ontology")
    writer.write("ontology/index.html", ontology_html())
    for representation in RDF_REPRESENTATIONS:
        writer.write(f"ontology/index.{representation.extension}", ontology_rdf(representation))
    on_progress("dumps")
    for name, data in dump_files(reader).items():
        writer.write(f"dumps/{name}", data)
    static = files("diplograph.publish") / "static"
    for name in ("site.css", "query.js", "filter.js"):
        writer.write(f"assets/{name}", (static / name).read_bytes())
    writer.write(".htaccess", htaccess())
    writer.write("nginx.conf", nginx_conf())
    writer.write("nginx-server.conf", nginx_server_conf())


def _write_documents(maker: PageMaker, writer: _Writer, path: str, graph: Graph, home=None, title: str = "") -> None:
    from diplograph.publish.void import CATALOG_SUMMARY, CATALOG_TITLE, VOID_SUMMARY, VOID_TITLE

    for lang in SUPPORTED_LANGUAGES:
        link = maker.linker(path, lang)
        if home is not None:
            context = home_context(maker, link, lang, home, maker.policy)
            html = maker.render("home.html", lang, link, context)
        else:
            titles, summaries = (VOID_TITLE, VOID_SUMMARY) if title == "void" else (CATALOG_TITLE, CATALOG_SUMMARY)
            context = {
                "title": titles[lang],
                "summary": summaries[lang],
                "iri": maker.policy.base + path,
                "turtle": serialize_graph(graph, TURTLE).decode(),
                "twins": [(r.media_type, r.name, link.twin(r)) for r in RDF_REPRESENTATIONS],
            }
            html = maker.render("document.html", lang, link, context)
        writer.write(f"{path}/{_page_name(lang)}" if path else _page_name(lang), html)
    for representation in RDF_REPRESENTATIONS:
        name = f"index.{representation.extension}"
        writer.write(f"{path}/{name}" if path else name, serialize_graph(graph, representation))


_TYPES = [(r.extension, r.media_type) for r in RDF_REPRESENTATIONS]


def htaccess() -> str:
    """Apache rules: 303 from a resource IRI to its document in the format asked (?format=, then Accept)."""
    french = "RewriteCond %{HTTP:Accept-Language} ^\\s*fr" + NOT_REFUSED + " [NC]"
    lines = [
        "# diplograph: content negotiation for the static site (Apache 2.4, mod_rewrite, mod_mime, mod_headers).",
        "# A resource IRI (a folder) answers 303 See Other to its document: index.ttl, index.jsonld, index.nt,",
        "# index.rdf, index.trig for RDF (?format= first, then Accept, in this order), index.fr.html for French",
        "# readers, index.html otherwise; a media type or language given q=0 is never chosen, and a client that",
        "# lists HTML first gets the page. Set RewriteBase to the path the site is served under.",
        "Options -MultiViews",
        "DirectoryIndex index.html",
        "DirectorySlash Off",
        *[f"AddType {media_type} .{extension}" for extension, media_type in _TYPES],
        "AddType application/gzip .gz",
        "AddCharset utf-8 .html .ttl .jsonld .nt .rdf .trig",
        "<IfModule mod_headers.c>",
        "  # always: the 303s depend on Accept and Accept-Language too, so caches must key on them",
        '  Header always merge Vary "Accept, Accept-Language"',
        '  <FilesMatch "\\.(ttl|jsonld|nt|rdf|trig|gz)$">',
        '    Header set Access-Control-Allow-Origin "*"',
        "  </FilesMatch>",
        "</IfModule>",
        "RewriteEngine On",
        "RewriteBase /",
        "",
        "# ?format=ttl|jsonld|nt|rdf|trig",
        "RewriteCond %{REQUEST_FILENAME} -d",
        "RewriteCond %{QUERY_STRING} (?:^|&)format=(ttl|jsonld|nt|rdf|trig)(?:&|$)",
        "RewriteRule ^(.*?)/?$ $1/index.%1 [R=303,L,QSD]",
        "# HTML listed first (a browser): the page",
        "RewriteCond %{REQUEST_FILENAME} -d",
        "RewriteCond %{HTTP_ACCEPT} ^\\s*(text/html|application/xhtml\\+xml)" + NOT_REFUSED + " [NC]",
        french,
        "RewriteRule ^(.*?)/?$ $1/index.fr.html [R=303,L]",
        "RewriteCond %{REQUEST_FILENAME} -d",
        "RewriteCond %{HTTP_ACCEPT} ^\\s*(text/html|application/xhtml\\+xml)" + NOT_REFUSED + " [NC]",
        "RewriteRule ^(.*?)/?$ $1/index.html [R=303,L]",
    ]
    for extension, media_type in _TYPES:
        lines += [
            f"# Accept: {media_type}",
            "RewriteCond %{REQUEST_FILENAME} -d",
            "RewriteCond %{HTTP_ACCEPT} " + media_type.replace("+", "\\+") + NOT_REFUSED + " [NC]",
            f"RewriteRule ^(.*?)/?$ $1/index.{extension} [R=303,L]",
        ]
    lines += [
        "# French pages for French readers",
        "RewriteCond %{REQUEST_FILENAME} -d",
        french,
        "RewriteRule ^(.*?)/?$ $1/index.fr.html [R=303,L]",
        "# Everyone else: the English page",
        "RewriteCond %{REQUEST_FILENAME} -d",
        "RewriteRule ^(.*?)/?$ $1/index.html [R=303,L]",
        "",
    ]
    return "\n".join(lines)


NOT_REFUSED = r"(?![^,]*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$))"
"""A regular-expression guard after a media range (or language): not when the client gave it `q=0`."""


def nginx_conf() -> str:
    """nginx rules for `http {}`: which document a request gets, from ?format=, Accept and Accept-Language.

    A rewrite rule cannot weigh qualities as the server does; it honours `q=0` (never that one), and a
    client that lists HTML first (a browser) gets the page whatever else it accepts.
    """
    accept = "\n".join(
        f'    "~*{media_type.replace("+", "[+]")}{NOT_REFUSED}" {extension};' for extension, media_type in _TYPES
    )
    formats = " ".join(f"{extension} {extension};" for extension, _ in _TYPES)
    return f"""# diplograph: content negotiation for the static site (nginx).
# A resource IRI (a folder) answers 303 See Other to its document: index.ttl, index.jsonld, index.nt,
# index.rdf, index.trig for RDF (?format= first, then Accept), index.fr.html for French readers,
# index.html otherwise. Include this file in http {{}} and nginx-server.conf in the site's server {{}}:
#   http {{ include /srv/diplograph/site/nginx.conf;
#          server {{ root /srv/diplograph/site; include /srv/diplograph/site/nginx-server.conf; }} }}

map $http_accept $diplograph_accept {{
    default html;
    "~*^\\s*(text/html|application/xhtml[+]xml){NOT_REFUSED}" html;
{accept}
}}
map $arg_format $diplograph_format {{
    default $diplograph_accept;
    {formats} html html;
}}
map $http_accept_language $diplograph_lang {{
    default "";
    "~*^\\s*fr{NOT_REFUSED}" ".fr";
}}
map "$diplograph_format$diplograph_lang" $diplograph_document {{
    default "index.html";
    "html.fr" "index.fr.html";
    "~^(?<ext>ttl|jsonld|nt|rdf|trig)" "index.$ext";
}}
map $uri $diplograph_folder {{
    default $uri;
    "~^(?<folder>.*?)/+$" $folder;
}}
"""


def nginx_server_conf() -> str:
    """nginx rules for the site's `server {}`: files as they are, a folder (a resource IRI) by a 303 to its document."""
    types = " ".join(f"{media_type} {extension};" for extension, media_type in _TYPES)
    return f"""# diplograph: the static site's server {{}} rules (see nginx.conf for the maps they read).
types {{ text/html html; {types} application/gzip gz; text/css css; text/javascript js; }}
charset utf-8;
charset_types text/turtle application/n-triples application/trig application/ld+json application/rdf+xml;
location / {{
    add_header Vary "Accept, Accept-Language" always;
    add_header Access-Control-Allow-Origin "*" always;
    try_files $uri @diplograph_document;
}}
location @diplograph_document {{
    # the redirect depends on Accept and Accept-Language, so caches must key on them too
    add_header Vary "Accept, Accept-Language" always;
    add_header Access-Control-Allow-Origin "*" always;
    if (-f $request_filename/index.html) {{ return 303 $diplograph_folder/$diplograph_document; }}
    return 404;
}}
"""
