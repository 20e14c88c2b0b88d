"""What an incremental rebuild needs: the build manifest, the files that changed, and what an edit touches.

Every build of an embedded Oxigraph store writes, inside the store's folder, a manifest
(`diplograph-build.json`): for each source file its named graph, path, size, modification time and
SHA-256, HermiT's conclusions with the digest of the reasoning copy they came from, and the
diplograph and pycountry versions. The next `diplograph build` reads it to decide whether it can
rebuild in place of a full build: reload only the graphs of changed files (in a hard-linked copy of
the store), validate the resources the edit can affect, and recompute inferences only if the edit
changed a triple between resources (a label or a date changes no inference).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

from diplograph import __version__
from diplograph.namespaces import ONTOLOGY_GRAPH, REFERENCE_STATES_GRAPH, SCHEMES_GRAPH
from diplograph.pipeline.load import SourceFile
from diplograph.pipeline.reason import HermitResult

MANIFEST_FILE = "diplograph-build.json"
"""The manifest's name inside the store folder (RocksDB ignores files it did not make)."""

_FORMAT = 1
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

SHAPE_REACH = 2
"""How many links away from an edited triple a shape can look: the statement shape follows
speaker → event → participation → participant, so a changed participation reaches statements two
links away. Resources further away keep the verdict of the previous build."""


@dataclass(frozen=True)
class FileRecord:
    """One source file as the last build saw it."""

    graph: str
    label: str
    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass
class Manifest:
    """What a build read and concluded, to compare the next build's inputs against."""

    engine: str
    base: str
    reasoner: bool
    files: dict[str, FileRecord] = field(default_factory=dict)
    """Graph IRI → the file loaded into it."""
    hermit: HermitResult | None = None
    graph_sizes: dict[str, int] = field(default_factory=dict)
    """Graph IRI → its number of triples, every graph of the store (counting them on disk takes seconds at 1M)."""
    inferred: dict[str, int] = field(default_factory=dict)
    """The inferred triples counted by class or property, as the build summary shows them."""
    card_labels: list[str] | None = None
    """The texts the meeting cards looked things up by label, lower-cased (card_reach.py); None when unknown."""

    def to_json(self) -> bytes:
        """Serialise, with HermiT's triples as N-Quads text."""
        data = {
            "format": _FORMAT,
            "engine": self.engine,
            "base": self.base,
            "reasoner": self.reasoner,
            "files": [asdict(record) for record in self.files.values()],
            "graph_sizes": self.graph_sizes,
            "inferred": self.inferred,
            "card_labels": self.card_labels,
            "hermit": None
            if self.hermit is None
            else {
                "copy_digest": self.hermit.copy_digest,
                "quads": ox.serialize(self.hermit.quads, format=ox.RdfFormat.N_QUADS).decode(),
            },
        }
        return json.dumps(data, indent=1, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest | None:
        """Read a manifest, or None when it is from another format version or unreadable."""
        try:
            raw = json.loads(data)
            if raw.get("format") != _FORMAT:
                return None
            hermit = raw["hermit"]
            return cls(
                engine=raw["engine"],
                base=raw["base"],
                reasoner=raw["reasoner"],
                files={record["graph"]: FileRecord(**record) for record in raw["files"]},
                graph_sizes={graph: int(n) for graph, n in raw["graph_sizes"].items()},
                inferred={key: int(n) for key, n in raw["inferred"].items()},
                card_labels=None if raw.get("card_labels") is None else [str(t) for t in raw["card_labels"]],
                hermit=None
                if hermit is None
                else HermitResult(
                    hermit["copy_digest"],
                    list(ox.parse(hermit["quads"].encode(), format=ox.RdfFormat.N_QUADS)),
                ),
            )
        except (ValueError, KeyError, TypeError, SyntaxError):
            return None


def engine_version() -> str:
    """The versions whose change invalidates a previous build: diplograph, pycountry (the states), pyoxigraph."""
    return f"diplograph {__version__}; pycountry {version('pycountry')}; pyoxigraph {ox.__version__}"


def read_manifest(store_path: Path) -> Manifest | None:
    """The manifest of the store at `store_path`, or None when there is no store or no usable manifest."""
    path = store_path / MANIFEST_FILE
    if not path.is_file():
        return None
    return Manifest.from_json(path.read_bytes())


def record_files(sources: list[SourceFile], previous: Manifest | None = None) -> dict[str, FileRecord]:
    """Describe each source file, hashing only those whose path, size or modification time changed."""
    records = {}
    for source in sources:
        stat = source.path.stat()
        path = str(source.path.resolve())
        known = previous.files.get(source.graph) if previous else None
        if known and (known.path, known.size, known.mtime_ns) == (path, stat.st_size, stat.st_mtime_ns):
            digest = known.sha256
        else:
            with source.path.open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
        records[source.graph] = FileRecord(source.graph, source.label, path, stat.st_size, stat.st_mtime_ns, digest)
    return records


@dataclass(frozen=True)
class Changes:
    """The source files whose graphs a rebuild must replace or drop."""

    changed: list[SourceFile]
    removed: list[str]
    records: dict[str, FileRecord]
    recompiled: list[SourceFile] = field(default_factory=list)
    """Cards to compile again only because another file changed (a card is compiled against the others);
    the rebuild drops them from `changed` when the edit cannot change what they resolve (card_reach.py)."""
    cards_because: list[str] = field(default_factory=list)
    """Why the cards were compiled again (a card file changed, or an edited triple they read), if they were."""
    unaltered: set[str] = field(default_factory=set)
    """Graphs of recompiled cards that came out the same: not reported as rebuilt."""

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)

    def reported(self) -> list[SourceFile]:
        """The files a user would call changed: edited ones, and cards whose triples the edit changed."""
        return [s for s in self.changed if s not in self.recompiled or s.graph not in self.unaltered]


_SCHEMA_GRAPHS = {str(g) for g in (ONTOLOGY_GRAPH, SCHEMES_GRAPH)}


@dataclass(frozen=True)
class Plan:
    """How the next build goes: incremental (`changes` set) or full, and why, for the build summary."""

    changes: Changes | None
    reason: str

    @property
    def full(self) -> bool:
        return self.changes is None


# The planner's cost model, in seconds, from the stages measured on the 2-core machine (bench/RESULTS.md):
# a full build pays HermiT and pySHACL on the curated data once (≈ 15 s) plus ≈ 40 µs per triple to load,
# validate, apply the rules and write; a rebuild pays ≈ 1 s (checkpoint, manifest, rules over the store at
# ≈ 4 µs per triple) plus ≈ 500 µs per changed triple (the walk to the resources an edit can reach and the
# shapes bound to them; HSG's 374k imported quads took 181 s that way against 17 s for the full build).
FULL_FIXED_SECONDS = 15.0
FULL_SECONDS_PER_TRIPLE = 40e-6
REBUILD_FIXED_SECONDS = 1.0
RULES_SECONDS_PER_TRIPLE = 4e-6
REBUILD_SECONDS_PER_CHANGED_TRIPLE = 500e-6

_BYTES_PER_TRIPLE = {".nq": 200, ".nt": 200, ".ttl": 40, ".trig": 40}
"""File size → triples for a file the previous build did not load (measured on HSG's N-Quads and data/)."""


def _triples_of(record: FileRecord, previous: Manifest) -> int:
    known = previous.graph_sizes.get(record.graph)
    before = previous.files.get(record.graph)
    if known is not None and before is not None and before.sha256 == record.sha256:
        return known
    return record.size // _BYTES_PER_TRIPLE.get(Path(record.path).suffix, 100) + 1


def estimate_seconds(previous: Manifest, changes: Changes) -> tuple[float, float]:
    """The expected time of (a rebuild applying `changes`, a full build), by the cost model above."""
    total = sum(_triples_of(r, previous) for r in changes.records.values())
    changed = sum(_triples_of(changes.records[s.graph], previous) for s in changes.changed)
    changed += sum(previous.graph_sizes.get(g, 0) for g in changes.removed)
    changed += sum(previous.graph_sizes.get(s.graph, 0) for s in changes.changed)  # the old triples go too
    full = (FULL_FIXED_SECONDS if previous.reasoner else 0.0) + FULL_SECONDS_PER_TRIPLE * total
    rebuild = REBUILD_FIXED_SECONDS + RULES_SECONDS_PER_TRIPLE * total + REBUILD_SECONDS_PER_CHANGED_TRIPLE * changed
    return rebuild, full


def plan_build(previous: Manifest | None, sources: list[SourceFile], base: str, reasoner: bool) -> Plan:
    """Choose between a rebuild over the previous store and a full build, whichever should take less time.

    A full build is needed when there is no manifest, when the versions, the base or the reasoner
    setting differ, or when an ontology file changed (its classes, shapes and rules bear on all data);
    it is chosen when the change is a large share of the data (a new import), where checking the edit
    resource by resource costs more than checking everything at once.
    """
    if previous is None:
        return Plan(None, "no previous build")
    if (previous.engine, previous.base, previous.reasoner) != (engine_version(), base, reasoner):
        return Plan(None, "the versions or settings changed since the previous build")
    records = record_files(sources, previous)
    changed = [
        s for s in sources if s.graph not in previous.files or previous.files[s.graph].sha256 != records[s.graph].sha256
    ]
    removed = sorted(set(previous.files) - set(records))
    recompiled: list[SourceFile] = []
    if changed or removed:  # a card is compiled against the other files: recompile the cards with any change
        recompiled = [s for s in sources if s.path.suffix in (".yaml", ".yml") and s not in changed]
        changed = [s for s in changed if s.path.suffix not in (".yaml", ".yml")] + [
            s for s in sources if s.path.suffix in (".yaml", ".yml") and (s in changed or s in recompiled)
        ]
    if any(s.label.startswith("ontology/") for s in changed) or any(g in _SCHEMA_GRAPHS for g in removed):
        return Plan(None, "the ontology changed")
    changes = Changes(changed, removed, records, recompiled)
    if not changes:
        return Plan(changes, "no file changed")
    rebuild, full = estimate_seconds(previous, changes)
    if rebuild > full:
        return Plan(None, f"the change is a large share of the data (rebuild ≈ {rebuild:.0f} s, full ≈ {full:.0f} s)")
    return Plan(changes, f"rebuild ≈ {rebuild:.1f} s, full ≈ {full:.0f} s")


def graph_size(store: ox.Store, graph: str) -> int:
    """Count the triples of one (small) named graph."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def graph_triples(store: ox.Store, graph: str) -> set[ox.Triple]:
    """The triples of one named graph."""
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    }


def changes_logic(triples: set[ox.Triple]) -> bool:
    """Whether an edit can change an inference: any added or removed link between resources, or type.

    HermiT's reasoning copy and the SPARQL rules read only types and links between resources, never
    literals, so an edit of labels, dates or durations leaves every inference as it was.
    """
    return any(not isinstance(t.object, ox.Literal) for t in triples)


def touched_resources(
    store: ox.Store, edited: set[ox.Triple], reach: int = SHAPE_REACH
) -> set[ox.NamedNode | ox.BlankNode]:
    """The resources whose shapes an edit can affect: the edited triples' ends and their neighbours.

    The walk does not go on through vocabulary (classes, concepts of the schemes, the reference
    states): no shape follows a link through a state or a concept to another resource, and doing
    so would reach every meeting of a state.
    """
    vocabulary = [ox.NamedNode(str(g)) for g in (ONTOLOGY_GRAPH, SCHEMES_GRAPH, REFERENCE_STATES_GRAPH)]

    def is_vocabulary(node) -> bool:
        return isinstance(node, ox.NamedNode) and any(
            next(iter(store.quads_for_pattern(node, None, None, graph)), None) is not None for graph in vocabulary
        )

    reached: set = set()
    frontier: set = set()
    for triple in edited:
        frontier.add(triple.subject)
        if not isinstance(triple.object, ox.Literal) and triple.predicate != _RDF_TYPE:
            frontier.add(triple.object)
    reached |= frontier
    for _ in range(reach):
        following: set = set()
        for node in frontier:
            if is_vocabulary(node):
                continue
            for quad in store.quads_for_pattern(node, None, None, None):
                if not isinstance(quad.object, ox.Literal) and quad.predicate != _RDF_TYPE:
                    following.add(quad.object)
            for quad in store.quads_for_pattern(None, None, node, None):
                following.add(quad.subject)
        frontier = following - reached
        reached |= following
    return reached
