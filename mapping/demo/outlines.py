"""The demo's schematic outlines of the Akmola region, its districts and its two cities.

There are no real boundaries in the demo: these are made up, honestly and roughly, so that the map still
shows where places are when its tiles cannot load. The region is a polygon of about thirty points drawn
by hand after its real shape (about 50.0–53.8° N, 65.7–74.8° E), with a hole where Astana lies (a city
of republican significance, not part of the region). Its districts are the Voronoi cells of their
centres (the seat of each district, from areas.yaml) clipped to that polygon: each place of the region
goes to the district whose seat is nearest. The demo lists 14 of the region's 17 districts, so the
land of the other three goes to their neighbours. The two cities of regional significance, Kokshetau
and Stepnogorsk, are small octagons cut out of the district around them.

`python manage.py build_demo_outlines` computes them (pure Python: half-plane clipping) and writes
data/boundaries.geojson, which `load_demo` loads into `Area.boundary`. docs/operations.md says how to
load real boundaries instead.
"""

import json
import math
from pathlib import Path

from mapping.boundaries import clean_geometry, signed_area
from portal.demo.datafiles import load_yaml

PACKAGE = Path(__file__).parent
OUTLINES_FILE = PACKAGE / "data" / "boundaries.geojson"

# The region, clockwise from its north-western corner, as (latitude, longitude): drawn by hand after the
# real outline (North Kazakhstan to the north, Pavlodar to the east, Karaganda to the south, Kostanay to
# the west), to within some 20 km.
REGION = [
    (52.35, 65.95), (52.45, 66.80), (52.70, 67.60), (53.05, 68.15), (53.45, 68.75), (53.75, 69.30),
    (53.80, 69.80), (53.65, 70.30), (53.55, 70.80), (53.35, 71.30), (53.25, 71.90), (53.05, 72.50),
    (52.75, 73.10), (52.40, 73.60), (52.05, 74.20), (51.75, 74.70), (51.35, 74.80), (51.00, 74.40),
    (50.75, 73.70), (50.55, 73.00), (50.35, 72.40), (50.20, 71.60), (50.05, 70.80), (50.00, 70.00),
    (50.10, 69.20), (50.30, 68.40), (50.45, 67.60), (50.65, 66.80), (50.85, 66.00), (51.20, 65.70),
    (51.65, 65.75), (52.10, 65.85),
]  # fmt: skip
# Astana: not part of the region; an ellipse of about 15 km around its centre.
ASTANA = (51.16, 71.45)
ASTANA_RADIUS_KM = 15
CITY_RADIUS_KM = 9
# Distances are measured on a plane scaled to the region's middle latitude.
MIDDLE_LATITUDE = 52.0
KM_PER_DEGREE = 111.2


def _scale():
    return math.cos(math.radians(MIDDLE_LATITUDE))


def to_plane(latitude, longitude):
    return longitude * _scale(), latitude


def from_plane(point):
    return point[0] / _scale(), point[1]


def circle(latitude, longitude, radius_km, sides):
    """A regular polygon around a point, counter-clockwise, in the plane."""
    x, y = to_plane(latitude, longitude)
    radius = radius_km / KM_PER_DEGREE
    return [
        (x + radius * math.cos(2 * math.pi * k / sides), y + radius * math.sin(2 * math.pi * k / sides))
        for k in range(sides)
    ]


def clip(ring, a, b, c):
    """The part of a ring (open, in the plane) where a·x + b·y ≤ c (Sutherland–Hodgman, one half-plane)."""
    result = []
    for p, q in zip(ring, ring[1:] + ring[:1], strict=True):
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            result.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            result.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return result


def voronoi_cell(region, site, others):
    """The part of `region` nearer to `site` than to any of `others` (all in the plane)."""
    cell = list(region)
    for other in others:
        # |p − site|² ≤ |p − other|²  ⇔  2p·(other − site) ≤ |other|² − |site|²
        a, b = 2 * (other[0] - site[0]), 2 * (other[1] - site[1])
        c = other[0] ** 2 + other[1] ** 2 - site[0] ** 2 - site[1] ** 2
        cell = clip(cell, a, b, c)
    return cell


def inside(ring, point):
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def geometry(outer, holes=()):
    """A GeoJSON Polygon from rings in the plane: the outer ring counter-clockwise, holes clockwise
    (RFC 7946), rounded."""
    rings = []
    for ring, clockwise in [(outer, False)] + [(hole, True) for hole in holes]:
        positions = [list(from_plane(point)) for point in ring]
        if (signed_area(positions) < 0) != clockwise:
            positions.reverse()
        rings.append(positions + positions[:1])
    return clean_geometry({"type": "Polygon", "coordinates": rings})


def build(rows):
    """The outlines as a FeatureCollection: the region, its districts, its cities (by slug)."""
    region_rows = [row for row in rows if row["level"] == "region"]
    districts = [row for row in rows if row["level"] == "district"]
    cities = [row for row in rows if row["level"] == "city"]
    region = [to_plane(lat, lng) for lat, lng in reversed(REGION)]  # counter-clockwise
    astana = circle(*ASTANA, ASTANA_RADIUS_KM, 12)
    city_shapes = {row["slug"]: circle(*row["centre"], CITY_RADIUS_KM, 8) for row in cities}
    features = [
        feature(row["slug"], geometry(region, [astana]))
        for row in region_rows  # the demo has one region
    ]
    sites = {row["slug"]: to_plane(*row["centre"]) for row in districts}
    for row in districts:
        site = sites[row["slug"]]
        cell = voronoi_cell(region, site, [other for slug, other in sites.items() if slug != row["slug"]])
        if not inside(cell, site):
            raise ValueError(f"The centre of {row['slug']} lies outside the region's outline.")
        holes = [shape for shape in [astana, *city_shapes.values()] if inside(cell, _centre_of(shape))]
        for hole in holes:
            if not all(inside(cell, point) for point in hole):
                raise ValueError(f"A city's outline crosses the edge of {row['slug']}.")
        features.append(feature(row["slug"], geometry(cell, holes)))
    features += [feature(slug, geometry(shape)) for slug, shape in city_shapes.items()]
    return {"type": "FeatureCollection", "features": features}


def _centre_of(ring):
    return sum(x for x, _y in ring) / len(ring), sum(y for _x, y in ring) / len(ring)


def feature(slug, shape):
    return {"type": "Feature", "properties": {"slug": slug}, "geometry": shape}


def dumps(collection):
    """The collection as JSON with one feature a line: small, and readable in a diff."""
    lines = [json.dumps(item, separators=(",", ":")) for item in collection["features"]]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def write(path=OUTLINES_FILE):
    """Compute the outlines from areas.yaml and write them; returns the file's size in bytes."""
    text = dumps(build(load_yaml(PACKAGE, "areas")["areas"]))
    Path(path).write_text(text, encoding="utf-8")
    return len(text.encode())


def load():
    """{slug: geometry} of the demo's outlines file (rounded to DECIMALS already)."""
    with OUTLINES_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {item["properties"]["slug"]: item["geometry"] for item in data["features"]}
