"""The linked-data server: Starlette under uvicorn, every resource IRI answering in HTML and RDF.

Cool URIs: a resource IRI answers 200 with content negotiation (as Trifid does), with `Vary: Accept`,
`Content-Location` naming the variant sent and `Link` headers to the others; `?format=` overrides
Accept, `?lang=` overrides Accept-Language. The static site (`diplograph publish`) makes the other
choice, a 303 from the IRI to the document, because a static host cannot send 200 for two files
at one URL.

The store is read-only while served, so pages and query answers are kept once made
(publish/response_cache.py) and revalidated by entity tag; `cache=False` (`serve --no-cache`)
makes every answer afresh. Users' queries run in a pool of worker processes, one per CPU by
default, each killed at the time limit without stopping the others.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import anyio
from rdflib import Graph
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from diplograph.publish import describe as d
from diplograph.publish.dumps import DUMP_FILES, dump_files
from diplograph.publish.formats import serialize_dataset, serialize_graph, sparql_results
from diplograph.publish.iri import IriPolicy
from diplograph.publish.listing import meetings_page
from diplograph.publish.negotiation import (
    HTML,
    RDF_REPRESENTATIONS,
    RESOURCE_REPRESENTATIONS,
    RESULT_REPRESENTATIONS,
    TRIG,
    TURTLE,
    NotAcceptable,
    Representation,
    choose,
    choose_language,
)
from diplograph.publish.ontology_docs import ontology_html, ontology_rdf
from diplograph.publish.pages import PageMaker, home_context, query_rows
from diplograph.publish.reader import StoreReader, UnsafeIri
from diplograph.publish.relations import VENDORED_ASSETS, map_page, relation_page
from diplograph.publish.response_cache import ResponseCache, served_identity, store_identity
from diplograph.publish.sparql_endpoint import (
    DEFAULT_MAX_ROWS,
    DEFAULT_QUERY,
    DEFAULT_TIMEOUT,
    ProtocolError,
    QueryRequest,
    answer_headers,
    examples,
    kept_json,
    limit,
    read_request,
)
from diplograph.publish.void import (
    CATALOG_SUMMARY,
    CATALOG_TITLE,
    VOID_SUMMARY,
    VOID_TITLE,
    Statistics,
    dcat_graph,
    service_description,
    statistics,
    void_graph,
)
from diplograph.store.location import StoreError
from diplograph.store.results import NotXmlSafe
from diplograph.store.sparql import QueryRefused, QueryResult, QuerySyntaxError, QueryTimeout
from diplograph.store.sparql_text import same_answer_each_time

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of our pages: no inline script, nothing from elsewhere."""

ONTOLOGY_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'"
"""pyLODE's page has its styles in-line and no script to run."""

DOCUMENT_REPRESENTATIONS = (*RDF_REPRESENTATIONS, HTML)
"""Dataset descriptions and the service description: RDF first for */*, HTML when a browser asks."""


def graph_view_available() -> bool:
    """Whether the interactive graph (`diplograph export html`'s renderer) is installed."""
    try:
        from diplograph.graphs.projections import Filters, project  # noqa: F401
        from diplograph.graphs.render_html import render_html  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class Site:
    """What the server holds: the store reader, the IRI policy, the page maker and cached files."""

    reader: StoreReader
    policy: IriPolicy
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    responses: ResponseCache | None = None
    """Responses already given, or None when every answer is made afresh (`serve --no-cache`)."""
    _cache: dict[str, Any] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    """Re-entrant: what is made once may use other things made once (the dataset description, statistics)."""

    def __post_init__(self) -> None:
        self.pages = PageMaker(self.reader, self.policy, static=False, endpoint=True, graph_view=graph_view_available())

    @property
    def endpoint(self) -> str:
        """The endpoint's IRI under the base."""
        return self.policy.base + "sparql"

    def cached(self, key: str, make):
        """Make something once (statistics, dumps, ontology HTML) and keep it: the store is read-only."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    def graphs(self) -> frozenset[str]:
        """The store's named graphs, which a request may name as its dataset; listed once."""
        listing = "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"
        return self.cached("graphs", lambda: frozenset(str(row[0]) for row in self.reader.query(listing).rows))

    def statistics(self) -> Statistics:
        """The dataset's statistics, counted once."""
        return self.cached("statistics", lambda: statistics(self.reader, self.policy))

    def dataset_description(self) -> Graph:
        """VoID and DCAT together: what the home page's RDF twins hold, made once."""

        def make() -> Graph:
            graph = void_graph(self.statistics(), self.policy, self.endpoint)
            graph += dcat_graph(self.statistics(), self.policy, self.endpoint)
            return graph

        return self.cached("dataset description", make)


async def _answer(
    request: Request, site: Site, key: Hashable | None, make: Callable[[], Awaitable[Response]]
) -> Response:
    """Answer from the responses the server keeps (key None: one not to keep), else make the answer now."""
    if site.responses is None or key is None:
        return await make()
    return await site.responses.answer(request, key, make)


def _page_language(request: Request, representation: Representation) -> str | None:
    """The language of an HTML page (Accept-Language, ?lang=); None for RDF, which holds every language."""
    if representation is not HTML:
        return None
    return choose_language(request.headers.get("accept-language"), request.query_params.get("lang"))


def _html(text: str, status: int = 200, csp: str = PAGE_CSP, vary: str = "Accept, Accept-Language") -> Response:
    return Response(
        text,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Vary": vary,
        },
    )


def _rdf(data: bytes, representation: Representation, variant: str | None = None) -> Response:
    headers = {"Vary": "Accept, Accept-Language", "X-Content-Type-Options": "nosniff"}
    if variant:
        headers["Content-Location"] = variant
    return Response(data, media_type=representation.content_type, headers=headers)


def _wants_html(request: Request) -> bool:
    try:
        return choose((HTML, TURTLE), request.headers.get("accept")) is HTML and "text/html" in request.headers.get(
            "accept", ""
        )
    except NotAcceptable:
        return False


def _error(request: Request, site: Site, status: int, message: str, title: str | None = None) -> Response:
    if _wants_html(request):
        lang = choose_language(request.headers.get("accept-language"), request.query_params.get("lang"))
        path = request.url.path.lstrip("/")
        link = site.pages.linker(path, lang)
        html = site.pages.render("error.html", lang, link, {"title": title or str(status), "message": message})
        return _html(html, status)
    return PlainTextResponse(message + "\n", status_code=status, headers={"Vary": "Accept"})


def _negotiate(request: Request, offered: tuple[Representation, ...]) -> Representation:
    """The representation to send (?format=, then Accept); NotAcceptable becomes a 406 (see make_app)."""
    return choose(offered, request.headers.get("accept"), request.query_params.get("format"))


async def _not_acceptable(request: Request, error: Exception) -> Response:
    """406 for what we cannot give: a format we do not have, or XML for a value XML 1.0 cannot carry."""
    return PlainTextResponse(str(error) + "\n", status_code=406, headers={"Vary": "Accept"})


def _alternates(request: Request, representations: tuple[Representation, ...]) -> str:
    path = request.url.path
    return ", ".join(f'<{path}?format={r.name}>; rel="alternate"; type="{r.media_type}"' for r in representations)


async def resource(request: Request) -> Response:
    """A resource IRI under id/ or graph/: its page or its RDF description."""
    site: Site = request.app.state.site
    path = request.url.path.lstrip("/")
    if path.endswith("/") and path.strip("/"):
        return RedirectResponse("/" + path.rstrip("/"), status_code=301)
    iri = site.policy.iri(path)
    if not site.policy.is_resource(iri):
        return _error(request, site, 404, f"nothing is published at /{path}", "Not found")
    representation = _negotiate(request, RESOURCE_REPRESENTATIONS)
    lang = _page_language(request, representation)

    def make() -> Response | None:
        description = d.describe(site.reader, iri)
        if not description:
            return None
        variant = f"/{path}?format={representation.name}"
        if lang is not None:
            response = _html(site.pages.resource_page(description, lang))
            response.headers["Content-Location"] = variant
            response.headers["Content-Language"] = lang
        elif representation is TRIG:
            response = _rdf(serialize_dataset(description.dataset(), TRIG), TRIG, variant)
        else:
            response = _rdf(serialize_graph(description.graph(), representation), representation, variant)
        response.headers["Link"] = _alternates(request, RESOURCE_REPRESENTATIONS)
        return response

    async def answer() -> Response:
        try:
            response = await run_in_threadpool(make)
        except UnsafeIri:
            return _error(request, site, 404, f"nothing is published at /{path}", "Not found")
        if response is None:
            return _error(request, site, 404, f"the store knows nothing of <{iri}>", "Not found")
        return response

    return await _answer(request, site, ("resource", path, representation.name, lang), answer)


async def home(request: Request) -> Response:
    """The home page: the dataset, its entry points, its meetings and states; in RDF, VoID and DCAT."""
    site: Site = request.app.state.site
    representation = _negotiate(request, RESOURCE_REPRESENTATIONS)
    lang = _page_language(request, representation)

    def make() -> Response:
        if lang is None:
            return _rdf(serialize_graph(site.dataset_description(), representation), representation)
        link = site.pages.linker("", lang)
        context = home_context(site.pages, link, lang, site.statistics(), site.policy)
        return _html(site.pages.render("home.html", lang, link, context))

    return await _answer(request, site, ("home", representation.name, lang), lambda: run_in_threadpool(make))


def _document(name: str, make_graph, title: dict[str, str], summary: dict[str, str]):
    async def handler(request: Request) -> Response:
        site: Site = request.app.state.site
        representation = _negotiate(request, DOCUMENT_REPRESENTATIONS)
        lang = _page_language(request, representation)

        def make() -> Response:
            graph: Graph = make_graph(site)
            if lang is None:
                return _rdf(serialize_graph(graph, representation), representation)
            link = site.pages.linker(name, lang)
            context = {
                "title": title[lang],
                "summary": summary[lang],
                "iri": site.policy.base + name,
                "turtle": serialize_graph(graph, TURTLE).decode(),
                "twins": [(r.media_type, r.name, link.twin(r)) for r in RDF_REPRESENTATIONS],
            }
            return _html(site.pages.render("document.html", lang, link, context))

        key = ("document", name, representation.name, lang)
        return await _answer(request, site, key, lambda: run_in_threadpool(make))

    return handler


void_document = _document(
    ".well-known/void", lambda site: void_graph(site.statistics(), site.policy, site.endpoint), VOID_TITLE, VOID_SUMMARY
)
catalog_document = _document(
    "catalog", lambda site: dcat_graph(site.statistics(), site.policy, site.endpoint), CATALOG_TITLE, CATALOG_SUMMARY
)


async def ontology(request: Request) -> Response:
    """The ontology document: pyLODE HTML, or the ontology in RDF."""
    site: Site = request.app.state.site
    representation = _negotiate(request, RESOURCE_REPRESENTATIONS)

    def make() -> Response:
        if representation is HTML:
            return _html(site.cached("ontology.html", ontology_html), csp=ONTOLOGY_CSP, vary="Accept")
        data = site.cached(f"ontology.{representation.name}", lambda: ontology_rdf(representation))
        return _rdf(data, representation)

    return await _answer(request, site, ("ontology", representation.name), lambda: run_in_threadpool(make))


async def dump(request: Request) -> Response:
    """A dump of the whole dataset, made from the store on first request."""
    site: Site = request.app.state.site
    name = request.path_params["name"]
    if name not in DUMP_FILES:
        return _error(request, site, 404, f"no dump named {name}; dumps: {', '.join(DUMP_FILES)}", "Not found")
    made = await run_in_threadpool(site.cached, "dumps", lambda: dump_files(site.reader))
    return Response(
        made[name],
        media_type=DUMP_FILES[name],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff"},
    )


ASSETS = {"site.css": "text/css; charset=utf-8", "query.js": "text/javascript; charset=utf-8"} | VENDORED_ASSETS


async def asset(request: Request) -> Response:
    """Our own stylesheet and script (no CDN)."""
    name = request.path_params["name"]
    if name not in ASSETS:
        return PlainTextResponse("not found\n", status_code=404)
    data = (files("diplograph.publish") / "static" / name).read_bytes()
    return Response(data, media_type=ASSETS[name], headers={"Cache-Control": "max-age=3600"})


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint (GET, POST form, POST sparql-query), read-only."""
    site: Site = request.app.state.site
    if request.url.path.endswith("/") and _wants_html(request):  # the page's relative links need /sparql
        return RedirectResponse("/sparql" + (f"?{request.url.query}" if request.url.query else ""), status_code=308)
    body = await request.body() if request.method == "POST" else b""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    try:
        # In a thread: a query not seen before is parsed by rdflib (30–300 ms), which would hold up
        # every other request on the event loop, answers already kept among them.
        content_type = request.headers.get("content-type", "")
        query = await run_in_threadpool(read_request, request.method, params, content_type, body, site.graphs)
    except ProtocolError as error:
        return _sparql_error(request, site, error.status, str(error))
    if query is None:
        return await _service_description(request, site)
    graph_form = query.form in ("construct", "describe")
    offered = (*(RDF_REPRESENTATIONS if graph_form else RESULT_REPRESENTATIONS), HTML)
    representation = _negotiate(request, offered)
    key = ("sparql", query.text, query.dataset, representation.name, _page_language(request, representation))
    if site.responses is None or not same_answer_each_time(query.text):
        return await _run_query(request, site, query, representation)
    busy = f"the answer takes longer than {site.timeout:g} s to make; it is being made and will be kept: ask again soon"

    def still_making() -> Response:
        response = _sparql_error(request, site, 503, busy, query)
        response.headers["Retry-After"] = str(round(site.timeout))
        return response

    make = lambda seconds: _run_query(request, site, query, representation, seconds)  # noqa: E731
    return await site.responses.answer_slow(request, key, make, site.timeout, still_making)


async def _run_query(
    request: Request, site: Site, query: QueryRequest, representation: Representation, seconds: float | None = None
) -> Response:
    """Answer a checked query in a worker, stopped at the time limit, and write the answer in a thread."""
    seconds = seconds or site.timeout
    try:
        with anyio.fail_after(seconds + 5):
            backend, text = site.reader.backend, query.rows_shown(site.max_rows)
            kept = await run_in_threadpool(kept_json, backend, query, representation, site.max_rows)
            if kept is not None:  # a kept answer, written without rdflib terms
                return Response(kept[0], media_type=representation.content_type, headers=kept[1])
            result = await run_in_threadpool(backend.query_checked, text, query.form, seconds, query.dataset)
    except QueryTimeout as error:
        return _sparql_error(request, site, 503, str(error), query)
    except TimeoutError:
        return _sparql_error(request, site, 503, f"the query ran longer than {seconds:g} s and was stopped", query)
    except QuerySyntaxError as error:
        return _sparql_error(request, site, 400, str(error), query)
    except QueryRefused as error:
        return _sparql_error(request, site, 403, str(error), query)
    except StoreError as error:
        return _sparql_error(request, site, 500, str(error), query)
    return await run_in_threadpool(_query_answer, request, site, query, representation, result)


def _query_answer(
    request: Request, site: Site, query: QueryRequest, representation: Representation, result: QueryResult
) -> Response:
    """A query's answer in the negotiated format, cut to the row limit."""
    result, truncated = limit(result, site.max_rows)
    headers = answer_headers(truncated, site.max_rows)
    if representation is HTML:
        return _query_page(request, site, query.text, result=result, truncated=truncated)
    if query.form in ("construct", "describe"):
        graph = Graph()
        for triple in result.triples:
            graph.add(triple)
        data = serialize_graph(graph, representation)
    else:
        data = sparql_results(result, representation)
    return Response(data, media_type=representation.content_type, headers=headers)


def _sparql_error(
    request: Request, site: Site, status: int, message: str, query: QueryRequest | None = None
) -> Response:
    if _wants_html(request):
        text = query.text if query else request.query_params.get("query", "")
        return _query_page(request, site, text, error=message, status=status)
    return PlainTextResponse(message + "\n", status_code=status, headers={"Vary": "Accept"})


def _query_page(
    request: Request,
    site: Site,
    text: str,
    result=None,
    truncated: bool = False,
    error: str | None = None,
    status: int = 200,
) -> Response:
    lang = choose_language(request.headers.get("accept-language"), request.query_params.get("lang"))
    link = site.pages.linker("sparql", lang)
    variables, rows = (None, None)
    if result is not None and result.kind == "select":
        variables, rows = result.variables, query_rows(result, site.policy, link)
    if result is not None and result.kind == "construct":
        graph = Graph()
        for triple in result.triples:
            graph.add(triple)
        variables = ["subject", "predicate", "object"]
        rows = query_rows(
            type(result)("select", variables=variables, rows=[tuple(t) for t in graph]), site.policy, link
        )
    context = {
        "title": "SPARQL",
        "query": text or DEFAULT_QUERY,
        "examples": examples(),
        "result": result,
        "variables": variables,
        "rows": rows,
        "truncated": truncated,
        "error": error,
    }
    return _html(site.pages.render("query.html", lang, link, context), status=status)


async def _service_description(request: Request, site: Site) -> Response:
    representation = _negotiate(request, DOCUMENT_REPRESENTATIONS)

    def make() -> Response:
        if representation is HTML:
            return _query_page(request, site, "")
        description = service_description(site.policy, site.endpoint, site.statistics(), site.graphs())
        return _rdf(serialize_graph(description, representation), representation)

    key = ("sparql", None, representation.name, _page_language(request, representation))
    return await _answer(request, site, key, lambda: run_in_threadpool(make))


async def graph_view(request: Request) -> Response:
    """The interactive graph of a state's (or a relation's) neighbourhood, drawn by diplograph.graphs.render_html."""
    site: Site = request.app.state.site
    if not site.pages.graph_view:
        return _error(request, site, 404, "the interactive graph is not installed; use the SPARQL page", "Not found")
    from diplograph.graphs.filters import Filters, ProjectionError
    from diplograph.graphs.projections import project
    from diplograph.graphs.render_html import render_html

    view = request.query_params.get("view", "states")
    state, partner = request.query_params.get("state"), request.query_params.get("with")

    def make() -> Response:
        graph = project(site.reader.backend, view, Filters(state=state, partner=partner), keep=False)
        html = render_html(graph, f"diplograph: {view}, {graph.graph['filters']}")
        return Response(html, media_type="text/html; charset=utf-8", headers={"X-Content-Type-Options": "nosniff"})

    async def answer() -> Response:
        try:
            return await run_in_threadpool(make)
        except ProjectionError as error:
            return _error(request, site, 400, str(error), "Bad request")

    return await _answer(request, site, ("graph", view, state, partner), answer)


async def not_found(request: Request) -> Response:
    """Anything else."""
    site: Site = request.app.state.site
    return _error(request, site, 404, f"nothing is published at {request.url.path}", "Not found")


def make_app(
    store: str | None = None,
    base: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    cache: bool = True,
    workers: int | None = None,
) -> Starlette:
    """The ASGI application over one store, with CORS open to every origin (the data is public and read-only).

    `cache` keeps the answers given (never for a remote SPARQL store, which can change under us);
    `workers` is how many processes answer users' queries on a local store (default: one per CPU).
    """
    policy = IriPolicy.configured(base)
    reader = StoreReader(store, workers=workers or os.cpu_count() or 1)
    identity = store_identity(reader.spec) if cache else None
    slots = max(1, reader.workers - 1)  # slow answers made past the limit leave a query worker to the others
    responses = ResponseCache(served_identity(identity, policy.base, max_rows), background=slots) if identity else None
    site = Site(reader, policy, timeout=timeout, max_rows=max_rows, responses=responses)
    get = ["GET", "HEAD"]
    routes = [
        Route("/", home, methods=get),
        *(Route(path, sparql, methods=["GET", "HEAD", "POST"]) for path in ("/sparql", "/sparql/")),
        Route("/ontology", ontology, methods=get),
        Route("/.well-known/void", void_document, methods=get),
        Route("/catalog", catalog_document, methods=get),
        Route("/dumps/{name}", dump, methods=get),
        Route("/assets/{name}", asset, methods=get),
        Route("/graph", graph_view, methods=get),
        Route("/relation/{pair}", relation_page, methods=get),
        Route("/map", map_page, methods=get),
        Route("/meetings", meetings_page, methods=get),
        Route("/meetings/{year}", meetings_page, methods=get),
        Route("/id/{rest:path}", resource, methods=get),
        Route("/graph/{rest:path}", resource, methods=get),
        Route("/{rest:path}", not_found, methods=get),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Accept-Language", "Content-Type"],
            expose_headers=["Content-Location", "Content-Language", "ETag", "Link", "Vary", "X-Result-Limit"],
            max_age=3600,
        )
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await run_in_threadpool(lambda: site.reader.backend)  # the query workers open the store now, not on a query
        yield
        site.reader.close()

    handlers = {NotAcceptable: _not_acceptable, NotXmlSafe: _not_acceptable}
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=handlers)
    app.state.site = site
    return app


def run(
    host: str,
    port: int,
    store: str | None,
    base: str | None,
    timeout: float,
    max_rows: int,
    cache: bool = True,
    workers: int | None = None,
) -> None:
    """Serve until interrupted."""
    import uvicorn

    app = make_app(store, base, timeout, max_rows, cache=cache, workers=workers)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
