"""Points as wagtailgeowidget stores them ("SRID=4326;POINT(lng lat)"), and the service area."""

import re

from django.conf import settings

POINT = re.compile(
    r"^\s*(?:SRID=(?P<srid>\d+);)?\s*POINT\s*\(\s*(?P<lng>[-+]?\d+(?:\.\d+)?)\s+(?P<lat>[-+]?\d+(?:\.\d+)?)\s*\)\s*$",
    re.IGNORECASE,
)

# Kazakhstan with a margin: the service area unless settings narrow it.
KAZAKHSTAN_BOUNDS = (46.4, 40.5, 87.4, 55.5)


def parse_point(value):
    """(latitude, longitude) of a widget string, or None for an empty or malformed one."""
    if not value:
        return None
    match = POINT.match(value)
    if not match or (match["srid"] and match["srid"] != "4326"):
        return None
    lat, lng = float(match["lat"]), float(match["lng"])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return lat, lng


def format_point(latitude, longitude):
    """The widget string of a point."""
    return f"SRID=4326;POINT({longitude:.6f} {latitude:.6f})"


def service_bounds():
    """(min_lon, min_lat, max_lon, max_lat) of the area the portal serves."""
    return tuple(getattr(settings, "MAP_SERVICE_BOUNDS", KAZAKHSTAN_BOUNDS))


def in_service_area(latitude, longitude):
    min_lon, min_lat, max_lon, max_lat = service_bounds()
    return min_lat <= latitude <= max_lat and min_lon <= longitude <= max_lon
