"""Reason over the ontology and data with owlready2 and HermiT, keeping what is inferred apart.

HermiT works on a reasoning copy: the core ontology plus the class and object-property
assertions of the data. Literals stay out of the copy, since HermiT rejects xsd:date and
xsd:duration, which are not in the OWL 2 datatype map; no defined class depends on them.
Every IRI names a different thing (diplograph mints one IRI per entity). The copy says so
where a conclusion depends on it: the states are all different, and so are the participations
of each event ("at least two leaders" of a summit). Each meeting's sides (dg:betweenState) are
closed so that "exactly two states" can be concluded under the open-world semantics. Declaring
every individual different gives the same conclusions at a cost that grows with the square of
the data (186 s of CPU against 12 s on 40 meetings); the contradictions it would add, two values
of a functional property or two subjects of an inverse-functional one, are found by SPARQL first.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
import pyoxigraph as ox

from diplograph.namespaces import DG, IMPORT_GRAPHS, INFERRED_GRAPH, META_GRAPH, ONTOLOGY_GRAPH, REFERENCE_STATES_GRAPH
from diplograph.pipeline import hermit_cache
from diplograph.pipeline.load import ONTOLOGY_FILES
from diplograph.pipeline.rules import apply_rules, focused
from diplograph.terms import compact

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Inferences:
    """What the reasoner concluded beyond the asserted data, as quads of the inferred graph."""

    quads: list[ox.Quad] = field(default_factory=list)
    hermit: HermitResult | None = None
    """HermiT's own share, kept so that a later rebuild can reuse it while the curated data's logic is unchanged."""

    def count_by_predicate(self) -> dict[str, int]:
        """Count inferred triples by predicate (types counted by class) for the build summary."""
        counts: dict[str, int] = {}
        for q in self.quads:
            key = compact(q.object.value) if q.predicate.value == RDF_TYPE else compact(q.predicate.value)
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class HermitResult:
    """HermiT's conclusions on one reasoning copy, named by the copy's SHA-256."""

    copy_digest: str
    quads: list[ox.Quad]


class Inconsistent(Exception):
    """The ontology and the data contradict each other."""

    def __init__(self, explanations: list[str]):
        self.explanations = explanations
        lines = "\n".join(f"  - {e}" for e in explanations)
        super().__init__(f"the ontology and the data are inconsistent:\n{lines}")


class ReasonerUnavailable(Exception):
    """HermiT cannot run here: Java is missing."""


JAVA_MISSING = (
    "HermiT, the OWL reasoner of the build, runs on Java, and no `java` command was found. "
    "Install a Java runtime (11 or newer; on Debian or Ubuntu: apt-get install default-jre-headless), "
    "or build without the reasoner: diplograph build --no-reason (no inferred triples; the shapes still run)"
)


def require_java() -> None:
    """Refuse early, in one sentence, when HermiT cannot start for want of Java."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerUnavailable(JAVA_MISSING)


_CARDINALITIES = {
    OWL + name
    for name in (
        "minQualifiedCardinality",
        "qualifiedCardinality",
        "maxQualifiedCardinality",
        "cardinality",
        "minCardinality",
        "maxCardinality",
    )
}
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _axiom_lines(store: ox.Store) -> set[str]:
    """Keep the ontology's logical axioms: no annotations, no datatype ranges outside OWL 2's map.

    Blank nodes (the restrictions and lists of the axioms) get canonical labels, so the same ontology
    always gives the same reasoning copy, whatever labels the parser drew: its digest names HermiT's
    conclusions in the cache and tells a rebuild whether the curated logic changed.
    """
    axioms = ox.Dataset()
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))):
        if isinstance(q.object, ox.Literal) and q.predicate.value not in _CARDINALITIES:
            continue
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(_XSD):
            continue
        axioms.add(ox.Quad(q.subject, q.predicate, q.object))
    axioms.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {f"{q.subject} {q.predicate} {q.object} .\n" for q in axioms}


def curated_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The named graphs of hand-curated data (data/), which HermiT reasons over in full."""
    skipped = {str(g) for g in ONTOLOGY_FILES.values()} | {
        str(REFERENCE_STATES_GRAPH),
        str(INFERRED_GRAPH),
        str(META_GRAPH),
    }
    return sorted(
        (
            g
            for g in store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value not in skipped and not g.value.startswith(str(IMPORT_GRAPHS))
        ),
        key=lambda g: g.value,
    )


def imported_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The named graphs of bulk imports, whose inferences come from the SPARQL rules."""
    return sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(str(IMPORT_GRAPHS))),
        key=lambda g: g.value,
    )


def _assertion_triples(store: ox.Store) -> set[tuple[str, str, str]]:
    """Collect class assertions to dg classes and dg object-property assertions between IRIs."""
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    object_properties = {
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "ObjectProperty"), ontology)
    }
    triples = set()
    for graph in curated_graphs(store):
        for q in store.quads_for_pattern(None, None, None, graph):
            if not (isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)):
                continue
            p = q.predicate.value
            if (p == RDF_TYPE and q.object.value.startswith(str(DG))) or p in object_properties:
                triples.add((q.subject.value, p, q.object.value))
    return triples


def reasoning_copy(store: ox.Store) -> bytes:
    """Write the ontology axioms and the data's class and object assertions as N-Triples."""
    assertions = _assertion_triples(store)
    individuals = {s for s, _, _ in assertions} | {o for _, p, o in assertions if p != RDF_TYPE}
    states = ox.NamedNode(str(DG) + "State")
    for individual in individuals:
        # The pycountry states sit in the reference graph: type only those the data mentions.
        if any(
            store.quads_for_pattern(
                ox.NamedNode(individual), ox.NamedNode(RDF_TYPE), states, ox.NamedNode(str(REFERENCE_STATES_GRAPH))
            )
        ):
            assertions.add((individual, RDF_TYPE, states.value))
    lines = _axiom_lines(store)
    lines |= {f"<{s}> <{p}> <{o}> .\n" for s, p, o in assertions}
    lines |= {f"<{i}> <{RDF_TYPE}> <{OWL}NamedIndividual> .\n" for i in individuals}
    return "".join(sorted(lines)).encode()


def reason(store: ox.Store, previous: HermitResult | None = None) -> Inferences:
    """Classify the whole dataset: HermiT on the curated data, the SPARQL rules on bulk imports.

    Imports are checked for the contradictions the rules can see (disjoint classes, functional
    properties with two values); HermiT checks the curated data in full, unless `previous` holds its
    conclusions on the very same reasoning copy.
    """
    copy = reasoning_copy(store)
    digest = hashlib.sha256(copy).hexdigest()
    if previous is not None and previous.copy_digest == digest:
        by_hermit = previous
    else:
        by_hermit = HermitResult(digest, hermit(store, copy).quads)
    quads = set(by_hermit.quads)
    imports = imported_graphs(store)
    if imports:
        problems = quick_inconsistencies(store)
        if problems:
            raise Inconsistent(problems)
        quads.update(apply_rules(store))
    return Inferences(sorted(quads, key=str), by_hermit)


@contextlib.contextmanager
def _private_temporary_folder() -> Iterator[None]:
    """Give owlready2's temporary files a folder of their own, removed even when the build is interrupted."""
    previous = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="diplograph-hermit-") as folder:
        tempfile.tempdir = folder
        try:
            yield
        finally:
            tempfile.tempdir = previous


def reason_by_rules(
    store: ox.Store, previous: HermitResult | None = None, focus: set[ox.NamedNode] | None = None
) -> Inferences:
    """Classify the whole dataset with the SPARQL rules only, for the edit loop (rebuilds).

    The rules conclude what HermiT concludes on the curated data (tests/test_reasoning.py), and the
    contradictions they can see (disjoint classes, functional properties) are checked over all data;
    HermiT's fuller check runs on every full build, in `diplograph check --owl` and in the tests.
    `previous` (HermiT's last conclusions) is carried over for the manifest, not used. With `focus`, only
    those resources are checked and classified (the caller has dropped their earlier conclusions).
    """
    problems = quick_inconsistencies(store, focus)
    if problems:
        raise Inconsistent(problems)
    return Inferences(apply_rules(store, focus=focus), previous)


def check_owl(store: ox.Store) -> list[str]:
    """Run HermiT over a built store's curated data; name each conclusion of HermiT the store lacks.

    Raises Inconsistent when HermiT finds the ontology and the data contradictory. An empty list means
    the store holds everything HermiT concludes (the rebuilds' rules did not fall short of it).
    """
    missing = []
    for quad in hermit(store).quads:
        if next(iter(store.quads_for_pattern(quad.subject, quad.predicate, quad.object)), None) is None:
            missing.append(" ".join(compact(term.value) for term in (quad.subject, quad.predicate, quad.object)))
    return sorted(missing)


def hermit(store: ox.Store, copy: bytes | None = None) -> Inferences:
    """Run HermiT on the reasoning copy of the curated data; return the new triples, or raise Inconsistent."""
    require_java()
    copy = reasoning_copy(store) if copy is None else copy
    with hermit_cache.reasoning_alone(copy):
        remembered = hermit_cache.recall(copy)
        if remembered is not None:
            return Inferences(remembered)
        return _run_hermit(store, copy)


def _declare_different(world: owlready2.World, dg_ns) -> None:
    """Say that the states differ, and so do the participations of each event: all the cardinalities need."""
    state = dg_ns.State
    states = sorted((i for i in world.individuals() if state is not None and state in i.is_a), key=lambda i: i.iri)
    if len(states) > 1:
        owlready2.AllDifferent(states)
    has_participation = dg_ns.hasParticipation
    if has_participation is None:
        return
    for event in world.individuals():
        participations = sorted(has_participation[event], key=lambda i: i.iri)
        if len(participations) > 1:
            owlready2.AllDifferent(participations)


def _run_hermit(store: ox.Store, copy: bytes) -> Inferences:
    """Reason over the copy in a world of its own, and keep what HermiT concluded for the next build of it."""
    clashes = functional_clashes(store)
    if clashes:  # found here, since the copy no longer declares every individual different
        raise Inconsistent(clashes)
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reasoning-copy.nt"
        path.write_bytes(copy)
        onto = world.get_ontology(f"file://{path}").load(format="ntriples")
    asserted = _assertions(world)
    dg_ns = world.get_namespace(str(DG))
    with onto:
        _declare_different(world, dg_ns)
        between = dg_ns.betweenState
        for meeting in world.search(type=dg_ns.Meeting):
            if between is not None and between[meeting]:
                owlready2.close_world(meeting, Properties=[between])
    try:
        with onto, _private_temporary_folder():
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        raise Inconsistent(explain_inconsistency(store)) from None
    quads = _new_triples(world, asserted)
    hermit_cache.remember(copy, quads)
    return Inferences(quads)


def _assertions(world: owlready2.World) -> set[tuple[str, str, str]]:
    return {(s, p, o) for s, p, o in _iri_triples(world)}


def _iri_triples(world: owlready2.World):
    """Yield (s, p, o) IRIs of the world's class and object assertions about dg individuals."""
    for individual in world.individuals():
        for cls in individual.is_a:
            if isinstance(cls, owlready2.ThingClass) and cls.iri.startswith(str(DG)):
                yield individual.iri, RDF_TYPE, cls.iri
        for prop in individual.get_properties():
            if isinstance(prop, owlready2.ObjectPropertyClass) and prop.iri.startswith(str(DG)):
                for value in prop[individual]:
                    if hasattr(value, "iri"):
                        yield individual.iri, prop.iri, value.iri


def _new_triples(world: owlready2.World, asserted: set[tuple[str, str, str]]) -> list[ox.Quad]:
    graph = ox.NamedNode(str(INFERRED_GRAPH))
    new = sorted(set(_iri_triples(world)) - asserted)
    return [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), graph) for s, p, o in new]


_DISJOINT_CLASH = f"""
PREFIX dg: <{DG}>
SELECT DISTINCT ?x ?a ?b ?whyA ?whyB WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?set a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?a , ?b . }}
  FILTER(STR(?a) < STR(?b))
  {{ ?x a/rdfs:subClassOf* ?a . BIND("is typed so" AS ?whyA) }}
  UNION {{ ?x ?pa ?any . GRAPH <{ONTOLOGY_GRAPH}> {{ ?pa rdfs:domain/rdfs:subClassOf* ?a }}
           BIND(CONCAT("is the subject of ", STR(?pa)) AS ?whyA) }}
  UNION {{ ?any ?pa ?x . GRAPH <{ONTOLOGY_GRAPH}> {{ ?pa rdfs:range/rdfs:subClassOf* ?a }}
           BIND(CONCAT("is the value of ", STR(?pa)) AS ?whyA) }}
  {{ ?x a/rdfs:subClassOf* ?b . BIND("is typed so" AS ?whyB) }}
  UNION {{ ?x ?pb ?any2 . GRAPH <{ONTOLOGY_GRAPH}> {{ ?pb rdfs:domain/rdfs:subClassOf* ?b }}
           BIND(CONCAT("is the subject of ", STR(?pb)) AS ?whyB) }}
  UNION {{ ?any2 ?pb ?x . GRAPH <{ONTOLOGY_GRAPH}> {{ ?pb rdfs:range/rdfs:subClassOf* ?b }}
           BIND(CONCAT("is the value of ", STR(?pb)) AS ?whyB) }}
}} ORDER BY ?x ?a ?b"""

_INVERSE_FUNCTIONAL_CLASH = f"""
SELECT ?x ?p (GROUP_CONCAT(STR(?s); separator=" and ") AS ?values) WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?p a owl:InverseFunctionalProperty , owl:ObjectProperty }}
  ?s ?p ?x .
}} GROUP BY ?x ?p HAVING (COUNT(DISTINCT ?s) > 1) ORDER BY ?x ?p"""

_FUNCTIONAL_CLASH = f"""
SELECT ?x ?p (GROUP_CONCAT(STR(?o); separator=" and ") AS ?values) WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?p a owl:FunctionalProperty , owl:ObjectProperty }}
  ?x ?p ?o .
}} GROUP BY ?x ?p HAVING (COUNT(DISTINCT ?o) > 1) ORDER BY ?x ?p"""


def _disjoint_groups(store: ox.Store) -> dict[str, set[str]]:
    """Map every dg class to the members of owl:AllDisjointClasses it falls under (through subclassing)."""
    prefixes = {
        "owl": OWL,
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    }
    rows = store.query(
        "SELECT ?kind ?member WHERE { ?set a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?member . "
        "?kind rdfs:subClassOf* ?member }",
        default_graph=[ox.NamedNode(str(ONTOLOGY_GRAPH))],
        prefixes=prefixes,
    )
    groups: dict[str, set[str]] = {}
    for row in rows:
        groups.setdefault(row["kind"].value, set()).add(row["member"].value)
    return groups


def quick_inconsistencies(store: ox.Store, focus: set[ox.NamedNode] | None = None) -> list[str]:
    """Find resources typed with disjoint classes, and functional properties with two values: the
    contradictions bulk imports can contain.

    Two aggregates inside the store, linear in the data, unlike HermiT or explain_inconsistency's
    domain and range analysis; with `focus`, about those resources only.
    """
    groups = _disjoint_groups(store)
    pairs = " ".join(f"(<{kind}> <{member}>)" for kind, members in groups.items() for member in sorted(members))
    clashes = f"""
        SELECT ?x (GROUP_CONCAT(DISTINCT STR(?member); separator=" ") AS ?members) WHERE {{
          VALUES (?kind ?member) {{ {pairs} }}
          ?x a ?kind . FILTER(isIRI(?x))
        }} GROUP BY ?x HAVING (COUNT(DISTINCT ?member) > 1) ORDER BY ?x"""
    if focus is not None:
        clashes = focused(clashes, "x", focus)
    rows = store.query(clashes, use_default_graph_as_union=True) if pairs and focus != set() else []
    reasons = []
    for row in rows:
        members = " and ".join(compact(m) for m in sorted(row["members"].value.split()))
        reasons.append(
            f"{compact(row['x'].value)}{_where(store, row['x'].value)} is typed both {members}, "
            "which the ontology declares disjoint"
        )
    return reasons + functional_clashes(store, focus)


def functional_clashes(store: ox.Store, focus: set[ox.NamedNode] | None = None) -> list[str]:
    """Name each resource with two values for a functional property, or two subjects for an inverse-functional one."""
    if focus == set():
        return []
    found = []
    for text, says in (
        (_FUNCTIONAL_CLASH, "has several values for {p}, which allows one: "),
        (_INVERSE_FUNCTIONAL_CLASH, "is the value of {p} for several resources, which allows one: "),
    ):
        query = text if focus is None else focused(text, "x", focus)
        found += [
            f"{compact(row['x'].value)}{_where(store, row['x'].value)} "
            + says.format(p=compact(row["p"].value))
            + " and ".join(sorted(compact(v) for v in row["values"].value.split(" and ")))
            for row in store.query(query, use_default_graph_as_union=True, prefixes={"owl": OWL})
        ]
    return found


def explain_inconsistency(store: ox.Store) -> list[str]:
    """Find the usual causes of an inconsistency and name the resources involved."""
    prefixes = {
        "owl": OWL,
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    }
    reasons = []
    for row in store.query(_DISJOINT_CLASH, use_default_graph_as_union=True, prefixes=prefixes):
        reasons.append(
            f"{compact(row['x'].value)}{_where(store, row['x'].value)} would be both a {compact(row['a'].value)} "
            f"({_why(row['whyA'].value)}) "
            f"and a {compact(row['b'].value)} ({_why(row['whyB'].value)}), which the ontology declares disjoint"
        )
    reasons += functional_clashes(store)
    if not reasons:
        return ["HermiT found a contradiction that no simple check could locate"]
    return _dedupe(reasons)


def _where(store: ox.Store, iri: str) -> str:
    """Name the data files that describe a resource, as " (in data/...)", so the user knows what to edit."""
    meta, skip = ox.NamedNode(str(META_GRAPH)), {str(INFERRED_GRAPH), str(META_GRAPH), str(ONTOLOGY_GRAPH)}
    source = ox.NamedNode("http://purl.org/dc/terms/source")
    files = set()
    mentions = list(store.quads_for_pattern(ox.NamedNode(iri), None, None, None))
    if not mentions:  # described only as a value (the participation two events claim)
        mentions = list(store.quads_for_pattern(None, None, ox.NamedNode(iri), None))
    for quad in mentions:
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or graph.value in skip:
            continue
        named = [q.object.value for q in store.quads_for_pattern(graph, source, None, meta)]
        files.add(named[0] if named else compact(graph.value))
    return f" (in {', '.join(sorted(files))})" if files else ""


def _why(text: str) -> str:
    for lead in ("is the subject of ", "is the value of "):
        if text.startswith(lead):
            return lead + compact(text[len(lead) :])
    return text


def _dedupe(reasons: list[str]) -> list[str]:
    seen, unique = set(), []
    for reason_text in reasons:
        bare = re.sub(r" \(in [^)]*\)", "", reason_text, count=1)
        key = bare.split(" (")[0] + bare.split(") and a ")[-1]
        if key not in seen:
            seen.add(key)
            unique.append(reason_text)
    return unique
