"""The source tree shows the pipeline: a stage imports only the stages below it; no module passes 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "diplograph"

# What each stage may import besides the top-level modules (namespaces, terms, resources, reference).
ALLOWED = {
    "store": {"store"},
    "pipeline": {"store", "pipeline"},
    "graphs": {"store", "graphs"},
    "sources": {"store", "pipeline", "sources"},
    "publish": {"store", "pipeline", "graphs", "publish"},
}
TOP_LEVEL = {"namespaces", "terms", "resources", "reference", "__init__", "__version__"}


def _stage(module: Path) -> str:
    """The stage a module belongs to: its first folder under src/diplograph, or 'top'."""
    parts = module.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "top"


def _imported_stages(module: Path) -> set[str]:
    """The diplograph packages or top-level modules a module imports, at any depth of its code."""
    stages: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] if node.module != "diplograph" else [f"diplograph.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "diplograph" and len(parts) > 1:
                stages.add(parts[1])
    return stages


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: str(m.relative_to(PACKAGE)))
def test_a_stage_imports_only_the_stages_below_it(module: Path) -> None:
    stage = _stage(module)
    if stage == "top" and module.stem not in TOP_LEVEL:
        return  # cli.py wires every stage together
    allowed = TOP_LEVEL | ALLOWED.get(stage, set())
    forbidden = _imported_stages(module) - allowed
    assert not forbidden, f"{module.relative_to(PACKAGE)} ({stage}) imports {sorted(forbidden)}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: str(m.relative_to(PACKAGE)))
def test_no_module_is_longer_than_600_lines(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{module.relative_to(PACKAGE)} has {lines} lines"
