"""The three benchmark sizes, as generator settings, and what each targets."""

from __future__ import annotations

from bench.generator import Sizes

SIZES: dict[str, Sizes] = {
    "smoke": Sizes(states=30, persons=150, meetings=40),  # `--smoke`: ≈3k triples, correctness only
    # 5 posts per state, at least one holder per post (else meetings lack participants and break the
    # shapes); persons and meetings chosen to give ≈10k, 100k and 1M generated triples.
    "10k": Sizes(states=60, persons=300, meetings=136),
    "100k": Sizes(states=200, persons=2000, meetings=1750),
    "1m": Sizes(states=200, persons=13400, meetings=18400),
}
"""Name → generator sizes; the triple counts are measured and reported by the runner."""

DEFAULT_RUNS = {"smoke": 1, "10k": 2, "100k": 1, "1m": 1}
"""Measured runs per size when --runs is not given (each after one warm-up run)."""

HEAVY_RUNS = {"smoke": 1, "10k": 2, "100k": 1, "1m": 1}
"""At most this many runs of the rdflib pipeline, which takes minutes at 1M."""

RDFLIB_CAP = {"smoke": 300.0, "10k": 300.0, "100k": 600.0, "1m": 900.0}
"""Seconds after which the rdflib pipeline is stopped; its ratio is then a lower bound."""

BUILD_CAP = {"smoke": None, "10k": 600.0, "100k": 900.0, "1m": 480.0}
"""Seconds after which a build (or the validation and reasoning stage) is stopped and reported as ≥ the cap.

When the first build of a size is stopped, the store the later stages read is assembled from the
build's own steps without its checks (bench/stages.py `assemble`), and the rebuild and the rdflib
pipeline are not run at that size (the rebuild takes the build's path; both would only hit caps)."""


def parse_sizes(text: str) -> list[str]:
    """Read `10k,100k,1m` into known size names, or say which are known."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        raise SystemExit(f"unknown size {', '.join(unknown)}: choose from {', '.join(SIZES)}")
    return names
