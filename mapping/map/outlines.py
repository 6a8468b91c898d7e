"""The map's outlines layer: the areas' boundaries as GeoJSON, named in the reader's language.

`GET /api/v1/map/areas.geojson[?lang=ru|kk|en]`: a FeatureCollection of every area of the default
language that has a boundary, the region first, then districts, cities and rural okrugs (the order the
map draws them in), each with `properties` `slug`, `level`, `name` and `label_point` ([longitude,
latitude] where its name goes, or null). Coordinates are rounded to three decimals (about 100 m).

The map draws them under the issues whether or not its tiles load: over tiles they show where a
district ends, and without tiles (no tile server, no network to it) they are what is left of the map.
The answer is built once per language and generation of the reference data (an area saved starts a new
one) and is small enough to send to every map: the demo's schematic outlines are under 5 KB.
"""

import json
import logging

from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from mapping.boundaries import BoundaryError, clean_geometry, label_point
from mapping.generations import REFERENCE_GENERATION
from mapping.models import Area
from mapping.reference import LANGUAGES, reference
from portal.cache import cached

LEVEL_ORDER = {
    Area.Level.REGION: 0,
    Area.Level.DISTRICT: 1,
    Area.Level.CITY: 2,
    Area.Level.RURAL_OKRUG: 3,
}
logger = logging.getLogger(__name__)


def outline_features(language):
    """The features of the areas with a boundary, named in `language`."""
    names = reference()["names"]
    rows = (
        Area.objects.filter(locale=Locale.get_default(), boundary__isnull=False)
        .values("slug", "level", "name", "translation_key", "boundary", "centre_latitude", "centre_longitude")
        .order_by("name")
    )
    features = []
    for row in rows:
        try:
            geometry = clean_geometry(row["boundary"])
        except BoundaryError:  # the admin checks boundaries; one saved otherwise is left off the map
            logger.warning("The boundary of the area %s is not a polygon; it is not drawn.", row["slug"])
            continue
        centre = None
        if row["centre_latitude"] is not None and row["centre_longitude"] is not None:
            centre = (row["centre_longitude"], row["centre_latitude"])
        point = label_point(geometry, centre)
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "slug": row["slug"],
                    "level": row["level"],
                    "name": names.get(("Area", str(row["translation_key"]), language)) or row["name"],
                    "label_point": list(point) if point else None,
                },
            }
        )
    features.sort(key=lambda feature: LEVEL_ORDER.get(feature["properties"]["level"], len(LEVEL_ORDER)))
    return features


def _body(language):
    collection = {"type": "FeatureCollection", "features": outline_features(language)}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


@require_GET
def outlines_geojson(request):
    """The areas' outlines for the map (see the module docstring)."""
    language = request.GET.get("lang", "")
    language = language if language in LANGUAGES else (translation.get_language() or "ru").split("-")[0]
    body = cached(f"mapping-outlines:{language}", lambda: _body(language), generation=REFERENCE_GENERATION)
    response = HttpResponse(body, content_type="application/geo+json")
    # Boundaries change seldom; an area saved reaches the front proxy at once (its purge) and browsers
    # within ten minutes.
    response["Cache-Control"] = "public, max-age=600"
    response["Vary"] = "Accept-Language"
    return response
