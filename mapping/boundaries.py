"""Areas' boundaries as GeoJSON geometries (Polygon or MultiPolygon, longitude first): checked, rounded to
three decimals (about 100 m, plenty for outlines on a regional map), measured, and labelled.

Used by the admin's check of `Area.boundary`, the map's outlines layer (`mapping.map.outlines`), the
command `load_boundaries` and the demo's schematic outlines (`mapping.demo.outlines`).
"""

import math

from django.utils.translation import gettext_lazy as _

DECIMALS = 3


class BoundaryError(ValueError):
    """A boundary that is not a GeoJSON Polygon or MultiPolygon we can draw."""


def _position(value):
    if (
        not isinstance(value, list | tuple)
        or len(value) < 2
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in value[:2])
        or not all(math.isfinite(n) for n in value[:2])
        or not (-180 <= value[0] <= 180 and -90 <= value[1] <= 90)
    ):
        raise BoundaryError(
            _(
                "A position of the boundary must be [longitude, latitude], with a longitude from -180 "
                "to 180 and a latitude from -90 to 90."
            )
        )
    return round(float(value[0]), DECIMALS), round(float(value[1]), DECIMALS)


def _ring(value):
    """A closed ring of rounded positions without repeats, or None when rounding leaves no area."""
    if not isinstance(value, list | tuple) or len(value) < 4:
        raise BoundaryError(
            _("Each ring of the boundary needs at least four positions, the last one repeating the first.")
        )
    ring = []
    for position in map(_position, value):
        if not ring or ring[-1] != position:
            ring.append(position)
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return [list(position) for position in ring] if len(ring) >= 4 else None


def _polygon(value):
    if not isinstance(value, list | tuple) or not value:
        raise BoundaryError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    rings = [_ring(ring) for ring in value]
    if rings[0] is None:
        return None
    return [rings[0]] + [ring for ring in rings[1:] if ring is not None]


def clean_geometry(geometry):
    """`geometry` checked and rounded, as a Polygon or MultiPolygon; or BoundaryError."""
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise BoundaryError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    coordinates = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        polygons = [_polygon(coordinates)]
    elif isinstance(coordinates, list | tuple) and coordinates:
        polygons = [_polygon(polygon) for polygon in coordinates]
    else:
        raise BoundaryError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    polygons = [polygon for polygon in polygons if polygon]
    if not polygons:
        raise BoundaryError(
            _("Each ring of the boundary needs at least four positions, the last one repeating the first.")
        )
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def polygons(geometry):
    """The polygons (each a list of rings: the outer one, then the holes) of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def bounds(geometry):
    """(south, west, north, east) of a geometry."""
    positions = [position for polygon in polygons(geometry) for position in polygon[0]]
    longitudes = [position[0] for position in positions]
    latitudes = [position[1] for position in positions]
    return min(latitudes), min(longitudes), max(latitudes), max(longitudes)


def signed_area(ring):
    """Twice the signed area of a ring of (x, y): positive when it runs counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))


def _in_ring(ring, x, y):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(geometry, longitude, latitude):
    """Whether a point lies inside the geometry (inside an outer ring and outside its holes)."""
    return any(
        _in_ring(polygon[0], longitude, latitude)
        and not any(_in_ring(hole, longitude, latitude) for hole in polygon[1:])
        for polygon in polygons(geometry)
    )


def _centroid(ring):
    twice_area = signed_area(ring)
    if not twice_area:
        return None
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in pairs:
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * twice_area), cy / (3 * twice_area)


def label_point(geometry, centre=None):
    """Where a label goes: the centroid of the largest part when it lies inside the area, else the
    area's `centre` (longitude, latitude), else None."""
    largest = max(polygons(geometry), key=lambda polygon: abs(signed_area(polygon[0])))
    point = _centroid(largest[0])
    if point is not None and contains(geometry, *point):
        return round(point[0], DECIMALS), round(point[1], DECIMALS)
    return centre


def read_feature_collection(data, slug_property="slug"):
    """{slug: clean geometry} of a GeoJSON FeatureCollection whose features name an area's slug in
    `properties[slug_property]`; or BoundaryError naming the feature."""
    # For the command line, like every management command's output: in English.
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError("The file must be a GeoJSON FeatureCollection.")
    found = {}
    for number, feature in enumerate(data.get("features") or [], start=1):
        properties = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        slug = str(properties.get(slug_property) or "").strip()
        if not slug:
            raise BoundaryError(f"Feature {number} has no “{slug_property}” property naming an area.")
        try:
            found[slug] = clean_geometry(feature.get("geometry"))
        except BoundaryError as error:
            raise BoundaryError(f"{slug}: {error}") from None
    return found
