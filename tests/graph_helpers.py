"""Stores and pages shared by the graph tests: the seed with a hostile label, and a large generated graph."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from diplograph.pipeline.build import build
from diplograph.resources import data_dir, ontology_dir
from diplograph.store.location import StoreSpec

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "test-artifacts"
"""Screenshots and pages the browser tests keep (build/ is ignored by git)."""

HOSTILE = "<img src=x onerror=window.pwned=1></script><script>window.pwned=2</script>"
"""A meeting label that would run script if any page put it into HTML unescaped."""

SEED_LABEL = '"Japan–Peru summit meeting, 8 August 2025"@en'


def build_hostile_store(folder: Path) -> Path:
    """The seed and readouts, with the 8 August 2025 summit's English label replaced by HOSTILE."""
    data = folder / "data"
    shutil.copytree(data_dir(), data)
    seed = data / "meetings" / "2025-08-08-jp-pe.ttl"
    text = seed.read_text(encoding="utf-8")
    assert SEED_LABEL in text
    seed.write_text(text.replace(SEED_LABEL, f'"{HOSTILE}"@en'), encoding="utf-8")
    store = folder / "store"
    build(ontology_dir(), data, StoreSpec.parse(f"oxigraph:{store}"), None, run_reasoner=False)
    return store


def load_generator():
    """bench/generator.py, the deterministic generator of large graphs (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_generator", ROOT / "bench" / "generator.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
