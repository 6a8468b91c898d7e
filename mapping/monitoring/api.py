"""The map's visits layer: published monitoring visits as GeoJSON points."""

from django.db.models import Count
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from mapping.map.geojson import feature_collection_response
from mapping.models import MonitoringVisitPage
from mapping.reference import LANGUAGES

MAX_VISITS = 500


@require_GET
def visits_geojson(request):
    """Published monitoring visits as GeoJSON points, for the map's visits layer.

    `GET /api/v1/map/visits.geojson[?lang=ru|kk|en]`: the newest MAX_VISITS visits that have a place,
    each in the reader's language when translated (in the default language otherwise), with
    `properties` `id`, `title`, `url`, `visited_on`, `group`, `recommendations` (their number).
    Visits are few next to issues, so the layer is loaded whole and not by viewport.
    """
    language = request.GET.get("lang", "")
    language = language if language in LANGUAGES else translation.get_language()
    default = Locale.get_default()
    visits = (
        MonitoringVisitPage.objects.live()
        .filter(latitude__isnull=False, locale__language_code__in={language, default.language_code})
        .select_related("group", "locale")
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .order_by("-visited_on", "-pk")
    )
    chosen = {}
    for visit in visits:
        key = visit.translation_key
        # The reader's language wins over the default one for the same visit.
        if key not in chosen or visit.locale.language_code == language:
            chosen[key] = visit
    newest_first = sorted(chosen.values(), key=lambda visit: (visit.visited_on, visit.pk), reverse=True)
    chosen = newest_first[:MAX_VISITS]
    with translation.override(language):
        features = [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(visit.longitude, 6), round(visit.latitude, 6)],
                },
                "properties": {
                    "id": visit.pk,
                    "title": visit.title,
                    "url": visit.get_url(request=request),
                    "visited_on": visit.visited_on.isoformat(),
                    "group": visit.group.name,
                    "recommendations": visit.recommendation_count,
                },
            }
            for visit in chosen
        ]
    return feature_collection_response(features)
