"""The benchmark's inputs for one size, written once into the work folder and reused by every run.

For a size the folder holds:

- `imports/bench/*.nq`: the generated facts as bulk imports (one named graph `graph/import/bench/…` per
  block of meetings), which `diplograph build --imports` loads next to the curated data/ (the seed);
  this is the path the build takes for large data (pySHACL and HermiT on curated data, SHACL compiled
  to SPARQL and the SPARQL rules on the imports);
- `turtle/*.ttl`: the same facts as Turtle files for `--data` (used for the load stage only);
- `all.nt`: every triple the build's load step reads (ontology, seed, reference states, imports), as
  one N-Triples file for the raw pyoxigraph load;
- `data-edited/`: a copy of data/ with one meeting file edited, for the incremental rebuild;
- `info.json`: triple counts and a digest of the generated triples.

The runner adds `store/`, written by the first (warm-up) run of the build stage, which the query,
projection and server stages read, and `store.json`, what that build reported.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.generator import BASE, SKOS, Sizes, quads, write_turtle
from bench.sizes import SIZES

EDITED_FILE = "meetings/2025-08-08-jp-pe.ttl"
"""The curated meeting file that the incremental-rebuild stage edits (its label)."""

IMPORT_GRAPHS = BASE + "graph/import/bench/"


@dataclass(frozen=True)
class Inputs:
    """Where the inputs of one size are."""

    size: str
    folder: Path

    @property
    def imports(self) -> Path:
        return self.folder / "imports"

    @property
    def turtle(self) -> Path:
        return self.folder / "turtle"

    @property
    def ntriples(self) -> Path:
        return self.folder / "all.nt"

    @property
    def edited_data(self) -> Path:
        return self.folder / "data-edited"

    @property
    def store(self) -> Path:
        return self.folder / "store"

    @property
    def store_info(self) -> Path:
        return self.folder / "store.json"

    @property
    def info_path(self) -> Path:
        return self.folder / "info.json"

    def info(self) -> dict:
        return json.loads(self.info_path.read_text())


def generated_digest(sizes: Sizes) -> tuple[int, str]:
    """Generate the facts and return their count and a digest of their sorted N-Quads."""
    generated = quads(sizes)
    text = "\n".join(sorted(str(q) for q in generated))
    return len(generated), hashlib.sha256(text.encode()).hexdigest()


def import_quads(sizes: Sizes) -> dict[str, list[ox.Quad]]:
    """The generated facts as import graphs (graph/import/bench/…), leaving out the states the build makes."""
    by_graph: dict[str, list[ox.Quad]] = {}
    notation = ox.NamedNode(SKOS + "notation")
    for q in quads(sizes):
        if q.predicate == notation or q.subject.value.startswith(BASE + "id/state/"):
            continue
        name = q.graph_name.value.rsplit("/", 1)[1]
        graph = ox.NamedNode(IMPORT_GRAPHS + name)
        by_graph.setdefault(name, []).append(ox.Quad(q.subject, q.predicate, q.object, graph))
    return by_graph


def write_imports(folder: Path, sizes: Sizes) -> int:
    """Write the import files; return the number of quads written."""
    target = folder / "bench"
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, graph_quads in sorted(import_quads(sizes).items()):
        (target / f"{name}.nq").write_bytes(ox.serialize(graph_quads, format=ox.RdfFormat.N_QUADS))
        total += len(graph_quads)
    return total


def edit_one_meeting(source: Path, target: Path) -> Path:
    """Copy data/ to `target` and change the label of one meeting; return the edited file."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    path = target / EDITED_FILE
    text = path.read_text(encoding="utf-8")
    edited = text.replace('"Japan–Peru summit meeting, 8 August 2025"@en', '"Japan–Peru summit, 8 August 2025"@en', 1)
    if edited == text:  # the label changed upstream: add a triple instead
        meeting = "<https://w3id.org/diplograph/id/meeting/2025-08-08-jp-pe>"
        edited = text + f'\n{meeting} <http://www.w3.org/2000/01/rdf-schema#comment> "edited" .\n'
    path.write_text(edited, encoding="utf-8")
    return path


def prepare(size: str, work: Path, log=print) -> Inputs:
    """Write the inputs of one size unless they are already there (info.json is written last)."""
    from diplograph.pipeline.load import load_dataset
    from diplograph.resources import data_dir, ontology_dir

    inputs = Inputs(size, work / size)
    sizes = SIZES[size]
    if inputs.info_path.is_file() and inputs.info().get("sizes") == asdict(sizes):
        return inputs
    log(f"[{size}] generating inputs in {inputs.folder}")
    shutil.rmtree(inputs.folder, ignore_errors=True)
    inputs.folder.mkdir(parents=True)
    generated, digest = generated_digest(sizes)
    imported = write_imports(inputs.imports, sizes)
    turtle_files = write_turtle(inputs.turtle, sizes)
    store, _sources = load_dataset(ontology_dir(), data_dir(), imports_dir=inputs.imports)
    load_triples = len(store)
    inputs.ntriples.write_bytes(
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store), format=ox.RdfFormat.N_TRIPLES)
    )
    del store
    edit_one_meeting(data_dir(), inputs.edited_data)
    info = {
        "sizes": asdict(sizes),
        "generated_triples": generated,
        "generated_digest": digest,
        "import_quads": imported,
        "turtle_files": len(turtle_files),
        "load_triples": load_triples,
    }
    inputs.info_path.write_text(json.dumps(info, indent=1))
    return inputs
