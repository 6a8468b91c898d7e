"""The map API: published issues in a viewport as GeoJSON, clustered on a grid when there are too many.

`GET /api/v1/map/issues.geojson?bbox=minLon,minLat,maxLon,maxLat&zoom=Z[&status=…&category=…&area=…]`
(docs/architecture.md, "Stable interfaces"). At most MAX_FEATURES features; above that, grid cells
sized by the zoom, whose counts add up to the issues in the box. Sensitive issues are placed, and found
by the box, at their area's centre only.

The cells come from `mapping.map.grid`, which caches them in blocks shared by every reader and counts
the border of each box in the database. The map asks for boxes on the cells' edges, which have no
border to count. Above the coarse zooms, any other box is first probed for more than MAX_FEATURES issues,
which reads at most that many index entries: a street's box is answered with its issues without
counting cells at all. The issues of a street's box on the cells' edges come from features cached per
block of the grid (`mapping.map.street_blocks`).
"""

import math

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mapping.map.features import issue_features
from mapping.map.filters import FilterError, parse_filters, published_issues
from mapping.map.geojson import feature_collection_response
from mapping.map.grid import COUNT, WARM_MAX_ZOOM, cells_in_box, cluster_features, in_box, on_cell_edges
from mapping.map.links import issue_url_prefix
from mapping.map.street_blocks import features_in_box
from mapping.models.issues import local_today
from mapping.reference import LANGUAGES

MAX_FEATURES = 500
MAX_ZOOM = 20


def parse_viewport(params):
    """(min_lon, min_lat, max_lon, max_lat) and zoom from the query string, or FilterError."""
    raw_bbox = params.get("bbox")
    if not raw_bbox:
        raise FilterError(_("The bbox parameter is required: minLon,minLat,maxLon,maxLat."))
    if len(raw_bbox) > 120:
        raise FilterError(_("The bbox parameter is too long."))
    parts = raw_bbox.split(",")
    if len(parts) != 4:
        raise FilterError(_("The bbox parameter needs four numbers: minLon,minLat,maxLon,maxLat."))
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise FilterError(_("The bbox parameter must contain numbers only.")) from None
    if not all(math.isfinite(value) for value in (min_lon, min_lat, max_lon, max_lat)):
        raise FilterError(_("The bbox parameter must contain finite numbers."))
    if not (
        -180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= 90 and -90 <= max_lat <= 90
    ):
        raise FilterError(_("The bbox lies outside the world: longitudes -180…180, latitudes -90…90."))
    if min_lon >= max_lon or min_lat >= max_lat:
        raise FilterError(_("The bbox is inverted or empty: give the south-west corner first."))
    raw_zoom = params.get("zoom")
    if raw_zoom is None or not raw_zoom.isdigit() or len(raw_zoom) > 2:
        raise FilterError(
            _("The zoom parameter must be a whole number from 0 to %(max)d.") % {"max": MAX_ZOOM}
        )
    zoom = int(raw_zoom)
    if zoom > MAX_ZOOM:
        raise FilterError(
            _("The zoom parameter must be a whole number from 0 to %(max)d.") % {"max": MAX_ZOOM}
        )
    return (min_lon, min_lat, max_lon, max_lat), zoom


@require_GET
def issues_geojson(request):
    """Published issues in a viewport, as GeoJSON for the public map (see the module docstring)."""
    language = request.GET.get("lang", "")
    with translation.override(language if language in LANGUAGES else translation.get_language()):
        try:
            (min_lon, min_lat, max_lon, max_lat), zoom = parse_viewport(request.GET)
            filters = parse_filters(request.GET, strict=True)
        except FilterError as error:
            return JsonResponse({"error": str(error)}, status=400)
        bbox = (min_lon, min_lat, max_lon, max_lat)
        issues = in_box(published_issues(filters), bbox)
        probe = None
        above_warmed = zoom > WARM_MAX_ZOOM
        on_edges = on_cell_edges(bbox, zoom)
        # A box off the cells' edges above the warmed zooms: more than MAX_FEATURES? Reading no more index
        # entries than that. A box on them is counted from the cached blocks alone.
        if above_warmed and not on_edges:
            probe = len(issues.order_by().values_list("pk", flat=True)[: MAX_FEATURES + 1])
        if probe is not None and probe <= MAX_FEATURES:
            total = probe
        else:
            cells = cells_in_box(filters, bbox, zoom)
            total = sum(cell[COUNT] for cell in cells)
        if total <= MAX_FEATURES:
            url_prefix, today = issue_url_prefix(translation.get_language()), local_today()
            features = None
            if above_warmed and on_edges:  # a street's view, as the map asks
                features = features_in_box(filters, bbox, zoom, url_prefix, today)
            if features is None:
                features = issue_features(issues, url_prefix, today)
        else:
            features = cluster_features(cells, MAX_FEATURES)
        response = feature_collection_response(features, total=total, clustered=total > MAX_FEATURES)
    # Its ETag, and a 304 for a browser that has it, come from the page cache (portal.page_cache).
    response["Vary"] = "Accept-Language"
    return response
