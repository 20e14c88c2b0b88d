"""`diplograph add CARD`: check one meeting card against the built store and print what the graph now says.

The edit loop of an analyst: the card is compiled against the store (imports included), added to a
hard-linked copy of it (RocksDB's checkpoint: instant, the store itself is not touched), checked
with the shapes compiled to SPARQL on the resources it touches, given the SPARQL rules' inferences
(no HermiT: the rules conclude what HermiT concludes on curated data, tests/test_reasoning.py), and
asked the catalogue's questions about the meeting. On success the card is copied into data/meetings/,
where the next `diplograph build` picks it up.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console

from diplograph.namespaces import DEFAULT_BASE, ONTOLOGY_GRAPH, SCHEMES_GRAPH, graph_for_file
from diplograph.pipeline.card_reader import CardError
from diplograph.pipeline.cards import card_quads
from diplograph.pipeline.load import LoadError, SourceFile, load_dataset
from diplograph.pipeline.rebuild import touched_resources
from diplograph.pipeline.rules import apply_rules
from diplograph.pipeline.validate import SHAPES_GRAPH, validate_in_store
from diplograph.resources import data_dir, ontology_dir
from diplograph.store.catalogue import catalogue
from diplograph.store.sparql import bind_parameters, with_base

ADD_REACH = 0
"""How far beyond the ends of the card's triples `add` looks for resources to check: nowhere. The card's own
resources and the resources they link to are checked; what links *to* them from elsewhere is not (nothing does,
for a new card's resources). A full or incremental build looks two links away (every shape's reach); on a
store with the imports a person's neighbours are hundreds of imported participations, which `add` skips."""

BRIEF_QUESTIONS = ("participants", "side-events", "evidence")
"""The catalogue questions the brief asks about the new meeting."""


@dataclass
class Brief:
    """What the graph answers about the card's meeting once it is in, and how long each step took."""

    meeting: str
    triples: int
    inferred: int
    answers: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    """What the sh:Warning shapes say about the card: capacities kept to verify (verify: true)."""
    sources: set[str] = field(default_factory=set)
    """The card's own sources (the meeting's dg:reportedIn): evidence from them is the card's."""

    def render(self) -> str:
        """The brief as plain text for the terminal."""
        short = self.meeting.replace(DEFAULT_BASE, "")
        lines = [f"{short}: {self.triples} triples, {self.inferred} inferred by the rules"]
        participants = list(
            {row.get("person", ""): row for row in reversed(self.answers.get("participants", []))}.values()
        )
        for row in reversed(participants):  # one line a person (an imported post may carry a second label)
            what = ", ".join(row.get(k, "?") for k in ("capacity", "stateName", "role"))
            lines.append(f"  {row.get('name', '?')} ({what})")
        for row in self.answers.get("side-events", []):
            when = " ".join(v for v in (row.get("start", ""), row.get("duration", "")) if v)
            lines.append(f"  side event: {row.get('label', row.get('event', '?'))} {when}".rstrip())
        evidence = self.answers.get("evidence", [])
        for heading, rows in (
            ("evidence", [r for r in evidence if r.get("source") in self.sources]),
            ("evidence in other sources", [r for r in evidence if r.get("source") not in self.sources]),
        ):
            kinds: dict[str, int] = {}
            for row in rows:
                kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
            if kinds:
                counts = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(kinds.items()))
                lines.append(f"  {heading}: {counts}")
        if self.warnings:
            lines.append(f"  to verify ({len(self.warnings)}): " + "; ".join(self.warnings))
        timing = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in self.seconds.items())
        lines.append(f"  checked in {sum(self.seconds.values()):.2f} s ({timing})")
        return "\n".join(lines)


class AddFailed(Exception):
    """The card breaks a shape; the violations say where."""


def check_card(card: Path, store_path: Path | None, target: Path) -> Brief:
    """Compile, check and brief one card against the built store (or the data files when there is none)."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    graph = graph_for_file(target.relative_to(target.parents[1]).as_posix())
    scratch = Path(tempfile.mkdtemp(prefix="diplograph-add-"))
    try:
        if store_path is not None and store_path.is_dir():
            copy = scratch / "store"
            ox.Store.read_only(str(store_path)).backup(str(copy))
            working = ox.Store(str(copy))
            if ox.NamedNode(graph) in set(working.named_graphs()):
                if not target.is_file():
                    raise AddFailed(
                        f"{card}: the store already has the graph {graph.replace(DEFAULT_BASE, '')} from another "
                        "file (a meeting already in the graph?): check it, or give the card another file name"
                    )
                working.remove_graph(ox.NamedNode(graph))  # the card is being edited: replace its graph
        else:
            working, _ = load_dataset(ontology_dir(), data_dir())
        seconds["open"] = time.perf_counter() - started
        mark = time.perf_counter()
        quads = card_quads(card, working, graph)
        working.extend(quads)
        seconds["compile"] = time.perf_counter() - mark
        mark = time.perf_counter()
        edited = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        focus = {n for n in touched_resources(working, edited, reach=ADD_REACH) if isinstance(n, ox.NamedNode)}
        small = _neighbourhood(working, focus)
        source = SourceFile(card, graph, f"data/meetings/{target.name}")
        warnings: list = []
        violations = validate_in_store(small, [source], focus, warnings)
        seconds["validate"] = time.perf_counter() - mark
        if violations:
            raise AddFailed("\n".join(f"{card}: {v}" for v in violations))
        mark = time.perf_counter()
        inferred = [
            q for q in apply_rules(small) if not any(working.quads_for_pattern(q.subject, q.predicate, q.object))
        ]
        working.extend(inferred)
        seconds["rules"] = time.perf_counter() - mark
        mark = time.perf_counter()
        meeting = _meeting_of(quads)
        reported_in = ox.NamedNode(DEFAULT_BASE + "ontology#reportedIn")
        sources = {q.object.value for q in quads if q.predicate == reported_in and q.subject.value == meeting}
        brief = Brief(meeting, len(quads), len(inferred), seconds=seconds, warnings=_one_line_each(card, warnings))
        brief.sources = sources
        questions = catalogue()
        for name in BRIEF_QUESTIONS:
            query = questions[name]
            # The catalogue's own (trusted) text with the meeting written in place, as for Oxigraph everywhere:
            # not parsed by rdflib first (0.1 s a query), and sub-selects start from the meeting.
            text = bind_parameters(with_base(query.sparql), query.bindings({"meeting": meeting}), inline=True)
            rows = working.query(text, use_default_graph_as_union=True)
            names = [v.value for v in rows.variables]
            brief.answers[name] = [{n: row[n].value for n in names if row[n] is not None} for row in rows]
        seconds["brief"] = time.perf_counter() - mark
        del working
        return brief
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _one_line_each(card: Path, warnings: list) -> list[str]:
    """The warnings, once each (a participant's side events repeat the meeting's capacity to verify)."""
    return list(dict.fromkeys(f"{card}: {w.message}" for w in warnings))


def _neighbourhood(store: ox.Store, focus: set[ox.NamedNode]) -> ox.Store:
    """A small in-memory store with what the shapes and rules read about the card: the ontology, schemes
    and shapes, every triple about the card's resources and the resources they link to, the types of what
    those point to, and the participants' tenures. Checking there takes milliseconds, not seconds."""
    small = ox.Store()
    for graph in (ONTOLOGY_GRAPH, SCHEMES_GRAPH, SHAPES_GRAPH):
        small.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    holder = ox.NamedNode(DEFAULT_BASE + "ontology#holder")
    seen: set = set()
    same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    for node in focus:
        # The tenure check reads a participant's tenures, also those held under their other IRIs (owl:sameAs).
        for person in _same_person(store, node):
            small.extend(store.quads_for_pattern(person, same_as, None))
            for tenure in store.quads_for_pattern(None, holder, person):
                small.extend(store.quads_for_pattern(tenure.subject, None, None))
        for quad in store.quads_for_pattern(node, None, None):
            small.add(quad)
            target = quad.object
            if isinstance(target, ox.NamedNode) and target not in seen:
                seen.add(target)
                small.extend(store.quads_for_pattern(target, rdf_type, None))
                small.extend(store.quads_for_pattern(target, None, None, ox.NamedNode(str(SCHEMES_GRAPH))))
    return small


def _same_person(store: ox.Store, node: ox.NamedNode) -> list[ox.NamedNode]:
    """A node and every IRI linked to it by owl:sameAs, either way (one person in several sources)."""
    same = "(<http://www.w3.org/2002/07/owl#sameAs>|^<http://www.w3.org/2002/07/owl#sameAs>)*"
    rows = store.query(f"SELECT DISTINCT ?o WHERE {{ {node} {same} ?o }}", use_default_graph_as_union=True)
    return [node] + [row["o"] for row in rows if isinstance(row["o"], ox.NamedNode) and row["o"] != node]


def _meeting_of(quads: list[ox.Quad]) -> str:
    meeting_type = ox.NamedNode(DEFAULT_BASE + "ontology#Meeting")
    for quad in quads:
        if quad.object == meeting_type:
            return quad.subject.value
    raise AddFailed("the card compiles to no dg:Meeting")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `diplograph add CARD` to the command line."""
    parser = commands.add_parser(
        "add",
        help="check a meeting card against the built store, print its brief, and put it in data/meetings/",
        description="Compile one meeting card against the built store, check it with the shapes compiled to "
        "SPARQL and the SPARQL rules (no HermiT), print what the catalogue now answers about the meeting, "
        "and copy the card into data/meetings/ (the next `diplograph build` loads it).",
    )
    parser.add_argument("card", type=Path, help="the card (YAML)")
    parser.add_argument("--store", type=Path, default=Path("build/store"), help="the built store (default build/store)")
    parser.add_argument("--data", type=Path, default=None, help="data folder to write into (default: data/)")
    parser.add_argument("--dry-run", action="store_true", help="check and brief only; write nothing")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace, console: Console) -> int:
    errors = Console(stderr=True)
    folder = (args.data or data_dir()) / "meetings"
    target = folder / args.card.name
    if not args.card.is_file():
        errors.print(f"[bold red]error:[/] {args.card}: no such file", highlight=False)
        return 1
    try:
        brief = check_card(args.card, args.store, target)
    except CardError as error:
        errors.print(f"[bold red]error:[/] {error}", highlight=False)
        return 1
    except (AddFailed, LoadError) as error:
        errors.print(f"[bold red]error:[/] {error}", highlight=False)
        return 1
    print(brief.render())
    if not args.dry_run and args.card.resolve() != target.resolve():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.card, target)
        print(f"wrote {target}")
    return 0
