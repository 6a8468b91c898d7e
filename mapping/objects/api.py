"""The map's objects layer: published objects as GeoJSON points, with their issue figures.

`GET /api/v1/map/objects.geojson[?lang=ru|kk|en&type=…&area=…&operator=…&q=…]` (docs/architecture.md,
"Stable interfaces"). Objects are few next to issues (a region has hundreds, a few thousand at most), so
the layer is loaded whole, not by viewport. Each feature's `properties`: `id` (the number the map's
`object` filter takes), `title` and its `lang`, `address`, `type` and `type_label`, `area`, `url` (the
object's page), `map_url` (the map filtered to the object), `open`, `resolved`, `overdue`.
"""

from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from mapping.map.filters import FilterError
from mapping.map.geojson import feature_collection_response
from mapping.map.links import map_page_url
from mapping.models import ObjectType
from mapping.objects.directory import object_directory
from mapping.objects.figures import NO_ISSUES, object_figures
from mapping.objects.filters import parse_object_filters
from mapping.reference import LANGUAGES, reference


def object_features(entries, figures, language):
    """GeoJSON features of the directory entries that have a place."""
    names = reference()["names"]
    types = dict(ObjectType.choices)
    map_url = map_page_url(language)
    features = []
    for entry in entries:
        if entry["latitude"] is None:
            continue
        counts = figures.get(entry["id"], NO_ISSUES)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(entry["longitude"], 6), round(entry["latitude"], 6)],
                },
                "properties": {
                    "id": entry["id"],
                    "title": entry["title"],
                    "lang": entry["lang"],
                    "address": entry["address"],
                    "type": entry["type"],
                    "type_label": str(types.get(entry["type"], "")),
                    "area": names.get(("Area", entry["area_key"], language), ""),
                    "url": entry["url"],
                    "map_url": f"{map_url}?object={entry['id']}" if map_url else None,
                    "open": counts.open,
                    "resolved": counts.resolved,
                    "overdue": counts.overdue,
                },
            }
        )
    return features


@require_GET
def objects_geojson(request):
    """Published objects with a place, as GeoJSON for the map's objects layer (see the module docstring)."""
    language = request.GET.get("lang", "")
    language = language if language in LANGUAGES else translation.get_language()
    with translation.override(language):
        try:
            filters = parse_object_filters(request.GET, strict=True)
        except FilterError as error:
            return JsonResponse({"error": str(error)}, status=400)
        entries = filters.apply(object_directory(request, language))
        features = object_features(entries, object_figures(), language)
    return feature_collection_response(features)
