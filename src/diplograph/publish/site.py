"""The static publication: every page and RDF twin, the dumps, VoID, DCAT, the ontology docs and rewrite rules.

`diplograph publish --out site/` writes into a sibling folder and swaps it in at the end, so a failed
publication leaves the previous site as it was. Each resource `<base>id/kind/slug` becomes the folder
`site/id/kind/slug/` with `index.html` (English), `index.fr.html` where its data has French, and
its Turtle twin, stored compressed as `index.ttl.gz` and served for `index.ttl`. The pages link to each other's files
(`../../person/x/index.html`), so the site also reads from disk or from any static host; the rewrite
rules (`.htaccess` for Apache, `nginx.conf` and `nginx-server.conf` for nginx) add content negotiation
with a 303 from the IRI to the document.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from rdflib import Graph, URIRef

from diplograph.publish import describe as d
from diplograph.publish.dumps import DUMP_FILES
from diplograph.publish.formats import serialize_graph
from diplograph.publish.iri import IriPolicy
from diplograph.publish.negotiation import RDF_REPRESENTATIONS, SUPPORTED_LANGUAGES, TURTLE
from diplograph.publish.ontology_docs import ontology_html, ontology_rdf
from diplograph.publish.pages import PageMaker, home_context
from diplograph.publish.reader import StoreReader
from diplograph.publish.relations import VENDORED_ASSETS
from diplograph.publish.site_resources import write_resources
from diplograph.publish.void import dcat_graph, statistics, void_graph


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
    workers: int | None = None,
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
        _write_site(reader, policy, endpoint, writer, on_progress, workers)
        if out.exists():
            out.rename(previous)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


SITE_TWINS = (TURTLE,)
"""The RDF twin a resource has in the static site: Turtle, which every RDF client reads.

JSON-LD, N-Triples, RDF/XML and TriG of one resource are made on request by `diplograph serve`; the
dumps hold the whole dataset in N-Triples, TriG and JSON-LD. Writing all five for every resource made
the twins half of the site (14 kB a resource against 2 kB for Turtle alone).
"""


def french_resources(reader: StoreReader) -> list[URIRef]:
    """The resources whose own data says something in French: they get a French page in the static site.

    Elsewhere (most imported records, in English only) the French page would repeat the English one
    under French headings; the rewrite rules send French readers to the English page there.
    """
    rows = reader.select(
        'SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o) && LANGMATCHES(LANG(?o), "fr")) }'
    )
    return [row["s"] for row in rows]


def _write_site(
    reader: StoreReader,
    policy: IriPolicy,
    endpoint: str | None,
    writer: _Writer,
    on_progress: Callable[[str], None],
    workers: int | None = None,
) -> None:
    sub_nodes = {row["n"] for row in reader.select(f"SELECT DISTINCT ?n WHERE {{ ?e <{d.SUB_NODE_LINKS[0]}> ?n }}")}
    resources = [
        iri for iri in d.resources_under(reader, policy.base) if policy.is_resource(str(iri)) and iri not in sub_nodes
    ]
    published = set(resources)
    from diplograph.publish.relations import relation_pairs

    pairs = relation_pairs(reader)
    translated = frozenset(policy.path(str(iri)) or "" for iri in french_resources(reader) if iri in published)
    maker = PageMaker(
        reader,
        policy,
        static=True,
        endpoint=endpoint is not None,
        graph_view=False,
        exists=lambda iris: {i for i in iris if i in published},
        twin_representations=SITE_TWINS,
        translated=translated,
        relations=frozenset(f"{a}-{b}" for a, b in pairs),
    )

    # With worker processes, the site's own pages (year lists, map, dataset description, ontology) are made in a
    # thread of this process while the workers write the resources: alone at the end, they left a core idle 20 s.
    parallel = reader.spec.kind == "oxigraph" and (workers or os.cpu_count() or 1) > 1
    with ThreadPoolExecutor(1) as thread:
        rest = thread.submit(_write_rest, reader, policy, endpoint, writer, maker, on_progress) if parallel else None
        written = write_resources(
            reader,
            policy,
            resources,
            writer.root,
            endpoint is not None,
            SITE_TWINS,
            translated,
            workers,
            on_progress,
            pairs,
            dumps=str(writer.root / "dumps"),
        )
        _write_rest(reader, policy, endpoint, writer, maker, on_progress) if rest is None else rest.result()
    writer.report.resources += written.resources
    writer.report.pages += written.pages
    writer.report.files += written.files
    writer.report.bytes += written.bytes
    writer.report.page_bytes += written.page_bytes
    for name in DUMP_FILES:  # written by write_resources' workers
        writer.report.files += 1
        writer.report.bytes += (writer.root / "dumps" / name).stat().st_size


def _write_rest(
    reader: StoreReader,
    policy: IriPolicy,
    endpoint: str | None,
    writer: _Writer,
    maker: PageMaker,
    on_progress: Callable[[str], None],
) -> None:
    """Everything but the resources, relations and dumps: year pages, map, VoID, DCAT, editor, ontology, assets."""
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
    on_progress("query editor")
    _write_query_page(maker, writer, endpoint or DEFAULT_SITE_ENDPOINT)
    on_progress("ontology")
    writer.write("ontology/index.html", ontology_html())
    for representation in RDF_REPRESENTATIONS:
        writer.write(f"ontology/index.{representation.extension}", ontology_rdf(representation))
    static = files("diplograph.publish") / "static"
    for name in ("site.css", "query.js", *VENDORED_ASSETS):
        writer.write(f"assets/{name}", (static / name).read_bytes())
    writer.write(".htaccess", htaccess())
    writer.write("nginx.conf", nginx_conf())
    writer.write("nginx-server.conf", nginx_server_conf())


DEFAULT_SITE_ENDPOINT = "/sparql"
"""Where the static site's query editor sends queries unless `publish --endpoint` names another endpoint."""


def _write_query_page(maker: PageMaker, writer: _Writer, endpoint: str) -> None:
    """YASGUI (vendored) pointed at the endpoint, the catalogue as its examples, the prefixes set."""
    from urllib.parse import urlsplit

    from diplograph.publish.sparql_endpoint import DEFAULT_QUERY, examples

    parts = urlsplit(endpoint)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""
    for lang in SUPPORTED_LANGUAGES:
        link = maker.linker("sparql", lang)
        context = {
            "title": "SPARQL",
            "query": DEFAULT_QUERY,
            "examples": examples(),
            "result": None,
            "variables": None,
            "rows": None,
            "truncated": False,
            "error": None,
            "sparql_url": endpoint,
            "connect_src": origin,
        }
        writer.write(f"sparql/{_page_name(lang)}", maker.render("query.html", lang, link, context))


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
        "# The resources' Turtle twins are stored compressed: index.ttl is answered from index.ttl.gz, gzip-encoded",
        "# (to every client: mod_deflate's INFLATE does not run after a rewrite; nginx unpacks it for those that ask)",
        "RewriteCond %{REQUEST_FILENAME} !-f",
        "RewriteCond %{REQUEST_FILENAME}.gz -f",
        "RewriteRule ^(.*)\\.ttl$ $1.ttl.gz [L]",
        '<FilesMatch "\\.ttl\\.gz$">',
        '  ForceType "text/turtle; charset=utf-8"',
        "  AddEncoding gzip .gz",
        "  <IfModule mod_headers.c>",
        "    Header merge Vary Accept-Encoding",
        "  </IfModule>",
        "</FilesMatch>",
        "",
        "# ?format=ttl|jsonld|nt|rdf|trig, when the site has that document (a resource has Turtle and JSON-LD;",
        "# the other formats of one resource come from `diplograph serve`, and the whole dataset from dumps/)",
        *[
            line
            for extension, _ in _TYPES
            for line in (
                "RewriteCond %{REQUEST_FILENAME} -d",
                *_document_exists(extension),
                f"RewriteCond %{{QUERY_STRING}} (?:^|&)format={extension}(?:&|$)",
                f"RewriteRule ^(.*?)/?$ $1/index.{extension} [R=303,L,QSD]",
            )
        ],
        "# HTML listed first (a browser): the page",
        "RewriteCond %{REQUEST_FILENAME} -d",
        "RewriteCond %{HTTP_ACCEPT} ^\\s*(text/html|application/xhtml\\+xml)" + NOT_REFUSED + " [NC]",
        french,
        FRENCH_PAGE_EXISTS,
        "RewriteRule ^(.*?)/?$ $1/index.fr.html [R=303,L]",
        "RewriteCond %{REQUEST_FILENAME} -d",
        "RewriteCond %{HTTP_ACCEPT} ^\\s*(text/html|application/xhtml\\+xml)" + NOT_REFUSED + " [NC]",
        "RewriteRule ^(.*?)/?$ $1/index.html [R=303,L]",
    ]
    for extension, media_type in _TYPES:
        lines += [
            f"# Accept: {media_type}",
            "RewriteCond %{REQUEST_FILENAME} -d",
            *_document_exists(extension),
            "RewriteCond %{HTTP_ACCEPT} " + media_type.replace("+", "\\+") + NOT_REFUSED + " [NC]",
            f"RewriteRule ^(.*?)/?$ $1/index.{extension} [R=303,L]",
        ]
    lines += [
        "# French pages for French readers, where the site has one (else the English page)",
        "RewriteCond %{REQUEST_FILENAME} -d",
        french,
        FRENCH_PAGE_EXISTS,
        "RewriteRule ^(.*?)/?$ $1/index.fr.html [R=303,L]",
        "# Everyone else: the English page",
        "RewriteCond %{REQUEST_FILENAME} -d",
        "RewriteRule ^(.*?)/?$ $1/index.html [R=303,L]",
        "",
    ]
    return "\n".join(lines)


def _document_exists(extension: str) -> list[str]:
    """Apache conditions: the folder holds `index.EXTENSION` (for Turtle: or its compressed twin, index.ttl.gz)."""
    plain = f"RewriteCond %{{REQUEST_FILENAME}}/index.{extension} -f"
    return [plain + " [OR]", plain.replace(" -f", ".gz -f")] if extension == "ttl" else [plain]


FRENCH_PAGE_EXISTS = "RewriteCond %{REQUEST_FILENAME}/index.fr.html -f"
"""The static site has French pages for some resources only: send French readers to one only where it is."""

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
location ~ /index\\.ttl$ {{
    # the resources' Turtle twins are stored compressed (index.ttl.gz): sent as they are to a client that
    # takes gzip, unpacked for the others (the documents of the site itself are plain index.ttl files)
    gzip_static always;
    gunzip on;
    gzip_vary on;
    add_header Vary "Accept, Accept-Language" always;
    add_header Access-Control-Allow-Origin "*" always;
}}
location @diplograph_document {{
    # the redirect depends on Accept and Accept-Language, so caches must key on them too
    add_header Vary "Accept, Accept-Language" always;
    add_header Access-Control-Allow-Origin "*" always;
    # the document asked for where the site has it (a resource has Turtle and JSON-LD, and a French page
    # only where its data has French); otherwise the English page
    if (-f $request_filename/$diplograph_document) {{ return 303 $diplograph_folder/$diplograph_document; }}
    if (-f $request_filename/$diplograph_document.gz) {{ return 303 $diplograph_folder/$diplograph_document; }}
    if (-f $request_filename/index.html) {{ return 303 $diplograph_folder/index.html; }}
    return 404;
}}
"""
