"""The measured stages. Each runs in a fresh child process (bench/child.py) and returns a dict with the
seconds of its timed part (imports and setup excluded) and what it produced, for the correctness checks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

Partial = Callable[[dict], None]


def _clock() -> float:
    return time.perf_counter()


# --- load ---------------------------------------------------------------------------------------


def load(args: dict, partial: Partial) -> dict:
    """The build's load step (or a raw pyoxigraph load of the same triples), in memory."""
    import pyoxigraph as ox

    from diplograph.pipeline.load import load_dataset
    from diplograph.resources import data_dir, ontology_dir

    folder = Path(args["folder"])
    variant = args["variant"]
    started = _clock()
    if variant == "raw":
        store = ox.Store()
        store.bulk_load(path=str(folder / "all.nt"), format=ox.RdfFormat.N_TRIPLES)
    elif variant == "diplograph":
        store, _ = load_dataset(ontology_dir(), data_dir(), imports_dir=folder / "imports")
    elif variant == "diplograph-turtle":
        store, _ = load_dataset(ontology_dir(), folder / "turtle")
    else:
        raise ValueError(variant)
    seconds = _clock() - started
    return {"seconds": seconds, "triples": len(store)}


# --- build --------------------------------------------------------------------------------------


def build(args: dict, partial: Partial) -> dict:
    """`diplograph.pipeline.build.build` into an Oxigraph store (no dumps), timed as a whole and by step."""
    from diplograph.pipeline.build import build as run_build
    from diplograph.resources import data_dir, ontology_dir
    from diplograph.store.location import StoreSpec

    data = Path(args["data"]) if args.get("data") else data_dir()
    imports = Path(args["imports"]) if args.get("imports") else None
    started = _clock()
    report = run_build(ontology_dir(), data, StoreSpec.parse(f"oxigraph:{args['store']}"), None, imports_dir=imports)
    seconds = _clock() - started
    return {
        "seconds": seconds,
        "steps": report.seconds,
        "triples": report.triples,
        "counts": report.counts,
        "inferred": sum(report.inferred.values()),
    }


def assemble(args: dict, partial: Partial) -> dict:
    """Write the store a build would write, from the build's own steps, without its checks.

    Used only when the build itself ran past its cap: load, graph descriptions, HermiT on the curated
    data, the SPARQL rules on everything, then `write_oxigraph`. Validation and the clash queries add
    no triples, so the store is the one the build would have written.
    """
    from diplograph.pipeline.build import describe_graphs
    from diplograph.pipeline.load import load_dataset
    from diplograph.pipeline.reason import hermit
    from diplograph.pipeline.rules import apply_rules
    from diplograph.resources import data_dir, ontology_dir
    from diplograph.store.location import write_oxigraph

    started = _clock()
    store, sources = load_dataset(ontology_dir(), data_dir(), imports_dir=Path(args["imports"]))
    store.extend(describe_graphs(sources, store))
    inferred = set(hermit(store).quads) | set(apply_rules(store))
    store.extend(inferred)
    write_oxigraph(Path(args["store"]), store)
    return {"seconds": _clock() - started, "triples": len(store), "inferred": len(inferred)}


# --- rdflib pipeline ----------------------------------------------------------------------------


def rdflib_pipeline(args: dict, partial: Partial) -> dict:
    """What a plain rdflib pipeline does with the same files: parse, validate with pySHACL, run the catalogue."""
    import pyoxigraph as ox
    from pyshacl import validate as shacl_validate
    from rdflib import Dataset, Graph, URIRef

    from diplograph.namespaces import GRAPH, REFERENCE_STATES_GRAPH
    from diplograph.pipeline.load import CARD_SUFFIXES, data_files, import_files, load_cards, load_file, ontology_files
    from diplograph.reference import states_graph
    from diplograph.resources import data_dir, ontology_dir
    from diplograph.store.sparql import with_base
    from diplograph.terms import to_rdflib

    folder = Path(args["folder"])
    result: dict = {"phases": {}, "queries": {}, "complete": False}
    started = _clock()

    def phase(name: str, since: float) -> float:
        now = _clock()
        result["phases"][name] = now - since
        result["seconds"] = now - started
        partial(result)
        return now

    dataset = Dataset(default_union=True)
    formats = {".ttl": "turtle", ".nq": "nquads", ".nt": "nt", ".trig": "trig"}
    sources = ontology_files(ontology_dir()) + data_files(data_dir())
    cards = [s for s in sources if s.path.suffix in CARD_SUFFIXES]
    for source in sources:
        if source not in cards:
            dataset.graph(URIRef(source.graph)).parse(str(source.path), format=formats[source.path.suffix])
    if cards:
        # Meeting cards are YAML that diplograph's compiler turns into RDF against the other files;
        # that step is not rdflib's to measure, so the compiled triples are handed over as they come.
        compiled = ox.Store()
        for source in sources:
            if source not in cards:
                load_file(compiled, source)
        load_cards(compiled, cards)
        for source in cards:
            graph = dataset.graph(URIRef(source.graph))
            for quad in compiled.quads_for_pattern(None, None, None, ox.NamedNode(source.graph)):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    for source in import_files(folder / "imports"):
        dataset.parse(str(source.path), format="nquads")
    reference = dataset.graph(URIRef(str(REFERENCE_STATES_GRAPH)))
    for triple in states_graph():
        reference.add(triple)
    t = phase("parse", started)

    shapes_id = URIRef(str(GRAPH["shapes"]))
    data = Graph()
    for graph in dataset.graphs():
        if graph.identifier != shapes_id:
            for triple in graph:
                data.add(triple)
    conforms, _report, _text = shacl_validate(
        data, shacl_graph=dataset.graph(shapes_id), inference="none", advanced=True, allow_warnings=True
    )
    result["conforms"] = bool(conforms)
    del data
    t = phase("validate", t)

    for name, query, bindings in catalogue_examples():
        query_started = _clock()
        rows = list(dataset.query(with_base(query.sparql), initBindings=bindings))
        result["queries"][name] = {"seconds": _clock() - query_started, "rows": len(rows)}
        partial(result)
    phase("queries", t)
    result["complete"] = True
    return result


def catalogue_examples():
    """Each catalogue query with the parameters of its `# example:` line, bound as RDF terms."""
    from diplograph.store.catalogue import catalogue

    for name, query in catalogue().items():
        yield name, query, query.bindings(query.example_parameters())


# --- validation and reasoning -------------------------------------------------------------------


def validate_reason(args: dict, partial: Partial) -> dict:
    """Each check of the build's validate and reason steps, timed apart on the loaded dataset."""
    from diplograph.pipeline.build import describe_graphs
    from diplograph.pipeline.load import load_dataset
    from diplograph.pipeline.reason import hermit, quick_inconsistencies
    from diplograph.pipeline.rules import apply_rules
    from diplograph.pipeline.validate import _validate_with_pyshacl, validate_in_store
    from diplograph.resources import data_dir, ontology_dir

    folder = Path(args["folder"])
    store, sources = load_dataset(ontology_dir(), data_dir(), imports_dir=folder / "imports")
    store.extend(describe_graphs(sources, store))
    triples = len(store)
    seconds: dict[str, float] = {}
    result: dict = {"parts": seconds, "triples": triples}

    def timed(name: str, action):
        started = _clock()
        value = action()
        seconds[name] = _clock() - started
        result["seconds"] = sum(seconds.values())
        partial(result)
        return value

    # The clash queries go last: at scale they are the slowest, and a capped run keeps the others.
    in_store = timed("shacl_sparql", lambda: validate_in_store(store, sources))
    rules = timed("sparql_rules", lambda: apply_rules(store))
    curated = timed("pyshacl_curated", lambda: _validate_with_pyshacl(store, sources))
    reasoner = timed("hermit_curated", lambda: hermit(store)) if args.get("hermit", True) else None
    result["violations"] = [str(v) for v in in_store][:20] + [str(v) for v in curated][:20]
    result["rule_inferences"] = len(rules)
    result["hermit_inferences"] = len(reasoner.quads) if reasoner else None
    result["clash_started"] = time.time()  # epoch: a run stopped at its cap says how long the clash queries ran
    partial(result)
    clashes = timed("clash_queries", lambda: quick_inconsistencies(store))
    result["clashes"] = clashes[:20]
    if args.get("check_rules"):
        result["rules_vs_generator"] = _rules_vs_generator(args["sizes"], rules)
    return result


def _rules_vs_generator(sizes: dict, rules) -> dict:
    """Compare the rules' conclusions on the imports with the classifications the generator knows to hold."""
    from bench.generator import Sizes, quads

    generated = quads(Sizes(**sizes), inferred=True)
    expected = {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in generated
        if q.graph_name.value.endswith("graph/inferred")
    }
    found = {(q.subject.value, q.predicate.value, q.object.value) for q in rules}
    generated_subjects = {s for s, _, _ in expected}
    found_on_generated = {t for t in found if t[0] in generated_subjects}
    return {
        "expected": len(expected),
        "found": len(found_on_generated),
        "missing": sorted(expected - found_on_generated)[:5],
        "extra": sorted(found_on_generated - expected)[:5],
    }


# --- catalogue queries --------------------------------------------------------------------------


def _ox_row(solution, variables) -> tuple:
    return tuple(None if solution[v] is None else solution[v].value for v in variables)


PAGE_ABOVE = 1000
"""Answers with more rows than this are also timed as their first page of PAGE rows."""
PAGE = 100


def _first_page(backend, raw, query, bindings, limit: float, reps: int) -> dict:
    """The first PAGE rows of a query, through diplograph (`paginate`, as the CLI) and on raw pyoxigraph."""
    from diplograph.store.sparql import paginate, prepare_query

    paged = paginate(query.sparql, PAGE, 0)
    text, _form = prepare_query(paged, bindings, inline=True)
    times: dict[str, list[float]] = {"diplograph": [], "raw": []}
    rows: dict[str, list] = {}

    def ours() -> list:
        return [
            tuple(None if v is None else str(v) for v in row)
            for row in backend.query(paged, bindings, timeout=limit).rows
        ]

    def theirs() -> list:
        solutions = raw.query(text, use_default_graph_as_union=True)
        return [_ox_row(s, solutions.variables) for s in solutions]

    for rep in range(max(2, min(reps, 3))):
        pair = [("diplograph", ours), ("raw", theirs)]
        for label, action in pair if rep % 2 == 0 else pair[::-1]:
            started = _clock()
            rows[label] = action()
            times[label].append(_clock() - started)
    same = rows["diplograph"] == rows["raw"]
    return {"times": times, "rows": {k: len(v) for k, v in rows.items()}, "identical": same}


def queries(args: dict, partial: Partial) -> dict:
    """Each catalogue query through diplograph's backend and as the same text on raw pyoxigraph, interleaved."""
    import pyoxigraph as ox

    from diplograph.store.backends import open_backend
    from diplograph.store.sparql import QueryTimeout, prepare_query

    store_path = args["store"]
    reps = args["reps"]
    limit = args.get("timeout", 120.0)
    backend = open_backend(f"oxigraph:{store_path}", kept_answers=not args.get("live"))
    raw = ox.Store.read_only(store_path)
    originals = Path(args["originals"]) if args.get("originals") else None
    result: dict = {"queries": {}}
    try:
        for name, query, bindings in catalogue_examples():
            if args.get("names") and name not in args["names"]:
                continue
            text, _form = prepare_query(query.sparql, bindings, inline=True)  # the text the embedded store runs
            if originals is not None and (originals / f"{name}.rq").is_file():
                # raw pyoxigraph runs the query as it was written before it was restated for the planner
                original = (originals / f"{name}.rq").read_text(encoding="utf-8")
                text, _form = prepare_query(original, bindings, inline=True)

            def ours(query=query, bindings=bindings):
                answer = backend.query(query.sparql, bindings, timeout=limit)
                return sorted(tuple(None if v is None else str(v) for v in row) for row in answer.rows)

            def theirs(text=text):
                solutions = raw.query(text, use_default_graph_as_union=True)
                variables = solutions.variables
                return sorted(_ox_row(s, variables) for s in solutions)

            first_page_ask = None
            if args.get("page_first"):
                # The first ask of a first page, before the whole answer has been asked (after a build: warmed
                # or not), as `query --limit 100` would be a user's first ask.
                from diplograph.store.sparql import paginate

                started = _clock()
                backend.query(paginate(query.sparql, PAGE, 0), bindings, timeout=limit)
                first_page_ask = _clock() - started
            try:
                started = _clock()
                rows_ours = ours()  # warm-up, and the rows compared; diplograph's path first, as it can be stopped
                first_ask = _clock() - started
            except QueryTimeout:
                # Raw pyoxigraph cannot be stopped in-process: a query past the limit is not run there.
                result["queries"][name] = {"timeout": limit, "times": {"diplograph": [], "raw": []}, "rows": None}
                partial(result)
                continue
            if not args.get("one_warm_up"):
                # A second warm-up: a text found fast in a worker is answered here next, and the first such
                # run opens the store in this process (20-70 ms once, not a cost of the query).
                ours()
            rows_theirs = theirs()
            times: dict[str, list[float]] = {"diplograph": [], "raw": []}
            first = None
            for rep in range(reps):
                pair = [("diplograph", ours), ("raw", theirs)]
                for label, action in pair if rep % 2 == 0 else pair[::-1]:
                    started = _clock()
                    action()
                    times[label].append(_clock() - started)
                first = first or max(times["raw"][0], times["diplograph"][0])
                if first > 5 and rep >= 1:
                    break  # a slow query: two pairs are enough
            result["queries"][name] = {
                "times": times,
                "rows": len(rows_ours),
                "identical": rows_ours == rows_theirs,
                "timeout": None,
                "first_ask": first_ask,
                "first_page_ask": first_page_ask,
            }
            if len(rows_ours) > PAGE_ABOVE:  # a large answer: its first page too, as `query --limit` asks for it
                result["queries"][name]["page"] = _first_page(backend, raw, query, bindings, limit, reps)
            partial(result)
    finally:
        backend.close()
    result["seconds"] = sum(sum(q["times"]["diplograph"]) for q in result["queries"].values())
    result["timeouts"] = [name for name, q in result["queries"].items() if q.get("timeout")]
    return result


# --- projections --------------------------------------------------------------------------------


def projection(args: dict, partial: Partial) -> dict:
    """A networkx view of the store (`states` with its HTML export, or `persons`), as `diplograph graph` does it."""
    from diplograph.graphs.projections import project
    from diplograph.graphs.render_html import write_html
    from diplograph.store.backends import open_backend

    view = args["view"]
    started = _clock()
    backend = open_backend(f"oxigraph:{args['store']}")
    opened = _clock()
    try:
        graph = project(backend, view)
    finally:
        backend.close()
    projected = _clock()
    size = write_html(graph, Path(args["out"])) if args.get("html") else 0
    done = _clock()
    return {
        "seconds": done - started,
        "parts": {"open": opened - started, "project": projected - opened, "html": done - projected},
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "html_bytes": size,
    }


# --- HTTP load ----------------------------------------------------------------------------------


def http_load(args: dict, partial: Partial) -> dict:
    """A bounded loopback load: `concurrency` clients for `seconds`, at most `max_requests` requests.

    With `once`, every distinct request is made once, shared out among the clients: the warm-up
    (with one client), the same for a server with a response cache and one without.
    """
    import itertools
    import threading

    import httpx

    url = args["url"]
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the load test only talks to 127.0.0.1")
    mode = args["mode"]
    if mode == "sparql":
        from diplograph.publish.sparql_endpoint import examples

        requests = [("POST", "sparql", {"query": e.text}, "application/sparql-results+json") for e in examples()]
    else:
        requests = [("GET", path, None, "text/html") for path in args["pages"]]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = [args["max_requests"]]
    deadline = time.monotonic() + args["seconds"]

    def client(offset: int) -> None:
        if args.get("once"):
            plan = requests[offset :: args["concurrency"]]
        else:
            plan = itertools.islice(itertools.cycle(requests), offset, None)
        with httpx.Client(timeout=30) as http:
            for method, path, form, accept in plan:
                with lock:
                    if time.monotonic() >= deadline or budget[0] <= 0:
                        return
                    budget[0] -= 1
                started = _clock()
                try:
                    answer = http.request(method, url + path, data=form, headers={"Accept": accept})
                    problem = None if answer.status_code == 200 else f"{answer.status_code} {path}"
                except httpx.HTTPError as error:
                    problem = f"{type(error).__name__}: {error}"
                with lock:
                    latencies.append(_clock() - started)
                    if problem:
                        errors.append(problem)

    started = _clock()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(args["concurrency"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = _clock() - started
    ordered = sorted(latencies)

    def quantile(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")

    return {
        "seconds": elapsed,
        "requests": len(latencies),
        "per_second": len(latencies) / elapsed if elapsed else 0.0,
        "p50": quantile(0.5),
        "p99": quantile(0.99),
        "max": ordered[-1] if ordered else float("nan"),
        "errors": errors[:10],
        "error_count": len(errors),
        "distinct_requests": len(requests),
    }


# --- the real corpus ----------------------------------------------------------------------------


def corpus(args: dict, partial: Partial) -> dict:
    """`diplograph import hsg` of the Office of the Historian data, then `diplograph build` with it."""
    from diplograph.pipeline.build import build as run_build
    from diplograph.resources import data_dir, ontology_dir
    from diplograph.sources.hsg.importer import run_import
    from diplograph.store.location import StoreSpec

    work = Path(args["work"])
    imports = work / "imports"
    result: dict = {}
    started = _clock()
    report = run_import(Path(args["hsg"]), imports)
    result["import_seconds"] = _clock() - started
    result["import_quads"] = {name: r.quads for name, r in report.datasets.items()}
    partial(result)
    started = _clock()
    spec = StoreSpec.parse(f"oxigraph:{work / 'store'}")
    built = run_build(ontology_dir(), data_dir(), spec, None, imports_dir=imports)
    result["build_seconds"] = _clock() - started
    result["steps"] = built.seconds
    result["triples"] = built.triples
    result["counts"] = built.counts
    result["seconds"] = result["import_seconds"] + result["build_seconds"]
    return result


STAGES: dict[str, Callable[[dict, Partial], dict]] = {
    "load": load,
    "build": build,
    "assemble": assemble,
    "rdflib": rdflib_pipeline,
    "validate-reason": validate_reason,
    "queries": queries,
    "projection": projection,
    "http-load": http_load,
    "corpus": corpus,
}
