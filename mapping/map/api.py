"""The map API: published issues in a viewport as GeoJSON, clustered on a grid when there are too many.

`GET /api/v1/map/issues.geojson?bbox=minLon,minLat,maxLon,maxLat&zoom=Z[&status=…&category=…&area=…]`
(docs/architecture.md, "Stable interfaces"). At most MAX_FEATURES features; above that, grid cells
sized by the zoom, whose counts add up to the issues in the box. Sensitive issues are placed, and found
by the box, at their area's centre only.

Grouping every issue of the country takes longer than a request may, so up to CACHED_GRID_MAX_ZOOM the
grid of the whole map is computed once per zoom and filters and shared (until an issue changes, or for
GRID_CACHE_SECONDS); a box takes the cells wholly inside it from that grid and counts the cells on its
border in the database, so that the counts stay exact: four strips, each read from an index that starts
with the strip's narrow dimension (`border_rows`).
"""

import hashlib
import json
import math

from django.db.models import Avg, Count, F, IntegerField, Max, Min, Q
from django.db.models.functions import Cast, Floor
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tasks import task

from mapping.generations import MAP_GENERATION
from mapping.map.filters import FilterError, IssueFilters, parse_filters, published_issues
from mapping.map.links import issue_url_prefix
from mapping.models import IssueStatus
from mapping.models.issues import OPEN_STATUSES, local_today
from mapping.reference import LANGUAGES, reference
from portal.cache import cached

MAX_FEATURES = 500
MAX_ZOOM = 20
CELLS_PER_TILE = 4  # a cell is a quarter of a 256-pixel tile: about 64 pixels on screen
CACHED_GRID_MAX_ZOOM = 7
# A change of the issues starts a new generation anyway; the time bounds what a missed signal could leave.
GRID_CACHE_SECONDS = 3600
GRID_FIELDS = ("cx", "cy", "status", "n", "lat", "lon", "south", "north", "west", "east")
# The whole map as a box, rather than "map_latitude IS NOT NULL", so that the map's index serves it.
WORLD = {
    "map_latitude__gte": -90,
    "map_latitude__lte": 90,
    "map_longitude__gte": -180,
    "map_longitude__lte": 180,
}


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


def issue_features(queryset, url_prefix, today):
    rows = queryset.values(
        "id",
        "title",
        "status",
        "registered_on",
        "due_on",
        "map_latitude",
        "map_longitude",
        "category__slug",
        "category__symbol",
        "category__translation_key",
        "category__name",
    ).order_by("-registered_on", "-id")
    labels = dict(IssueStatus.choices)
    names = reference()["names"]
    language = translation.get_language()
    return [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(r["map_longitude"], 6), round(r["map_latitude"], 6)],
            },
            "properties": {
                "id": r["id"],
                "title": r["title"],
                "status": r["status"],
                "status_label": str(labels[r["status"]]),
                "category": r["category__slug"],
                "category_name": names.get(("Category", str(r["category__translation_key"]), language))
                or r["category__name"],
                "category_symbol": r["category__symbol"],
                "url": f"{url_prefix}{r['id']}/" if url_prefix else None,
                "registered": r["registered_on"].isoformat(),
                "due": r["due_on"].isoformat(),
                "overdue": r["status"] in OPEN_STATUSES and r["due_on"] < today,
            },
        }
        for r in rows
    ]


def cell_size(zoom):
    return 360 / (2**zoom) / CELLS_PER_TILE


def grid_rows(queryset, zoom):
    """Per grid cell and status: the count, mean position and extent of the issues."""
    size = cell_size(zoom)
    return list(
        queryset.annotate(
            cx=Cast(Floor(F("map_longitude") / size), IntegerField()),
            cy=Cast(Floor(F("map_latitude") / size), IntegerField()),
        )
        .values("cx", "cy", "status")
        .annotate(
            n=Count("*"),  # not Count("id"): PostgreSQL can then answer from the map index alone
            lat=Avg("map_latitude"),
            lon=Avg("map_longitude"),
            south=Min("map_latitude"),
            north=Max("map_latitude"),
            west=Min("map_longitude"),
            east=Max("map_longitude"),
        )
        .order_by()
    )


def shared_grid(filters, zoom):
    """The grid rows of the whole map at `zoom` for these filters, as tuples of GRID_FIELDS, cached."""
    scope = repr((zoom, sorted(filters.as_query().items()), local_today())).encode()
    return cached(
        "map-grid:" + hashlib.blake2b(scope, digest_size=16).hexdigest(),
        # Kept as tuples: thousands of rows at the finer zooms, and a tuple unpickles far faster.
        lambda: [
            tuple(row[name] for name in GRID_FIELDS)
            for row in grid_rows(published_issues(filters).filter(**WORLD), zoom)
        ],
        timeout=GRID_CACHE_SECONDS,
        generation=MAP_GENERATION,
    )


@task()
def warm_grids():
    """Compute the unfiltered grids of every cached zoom in the task worker once an issue change has
    committed: the next reader of the map finds them ready (nothing, if they already are)."""
    for zoom in range(CACHED_GRID_MAX_ZOOM + 1):
        shared_grid(IssueFilters(), zoom)


def rows_in_box(filters, issues_in_box, bbox, zoom):
    """Exact grid rows of the box: inner cells from the shared grid, border cells from the database."""
    size = cell_size(zoom)
    min_lon, min_lat, max_lon, max_lat = bbox
    west, east = math.ceil(min_lon / size), math.floor(max_lon / size) - 1
    south, north = math.ceil(min_lat / size), math.floor(max_lat / size) - 1
    if west > east or south > north:  # no whole cell inside: the box is all border
        return grid_rows(issues_in_box, zoom)
    grid = shared_grid(filters, zoom)
    inner = [
        dict(zip(GRID_FIELDS, row, strict=True))
        for row in grid
        if west <= row[0] <= east and south <= row[1] <= north
    ]
    inner_lon, inner_lat = (west * size, (east + 1) * size), (south * size, (north + 1) * size)
    return inner + border_rows(published_issues(filters), bbox, inner_lon, inner_lat, zoom)


def border_rows(issues, bbox, inner_lon, inner_lat, zoom):
    """Grid rows of the box outside its whole cells: four disjoint strips.

    Each strip is narrow in one dimension (less than a cell) and as long as the box in the other; only
    the narrow bound is given to the database as a range it can seek in an index (of latitude first, or
    of longitude first), the long one as an expression it filters with, so that a strip reads a thin
    slice of an index rather than every issue in the box's latitudes.
    """
    min_lon, min_lat, max_lon, max_lat = bbox
    issues = issues.alias(any_lat=F("map_latitude") + 0, any_lon=F("map_longitude") + 0)
    whole_lats = Q(any_lat__gte=inner_lat[0], any_lat__lt=inner_lat[1])
    box_lons = Q(any_lon__gte=min_lon, any_lon__lte=max_lon)
    strips = [
        Q(map_longitude__gte=inner_lon[1], map_longitude__lte=max_lon) & whole_lats,  # east
        Q(map_latitude__gte=inner_lat[1], map_latitude__lte=max_lat) & box_lons,  # north
    ]
    if min_lon < inner_lon[0]:  # west (none when the box starts on a cell's edge)
        strips.append(Q(map_longitude__gte=min_lon, map_longitude__lt=inner_lon[0]) & whole_lats)
    if min_lat < inner_lat[0]:  # south
        strips.append(Q(map_latitude__gte=min_lat, map_latitude__lt=inner_lat[0]) & box_lons)
    return [row for strip in strips for row in grid_rows(issues.filter(strip), zoom)]


def cluster_features(rows):
    """Grid cells of the issues, coarsened until there are at most MAX_FEATURES of them."""
    cells = {}
    for row in rows:
        cell = cells.setdefault((row["cx"], row["cy"]), _empty_cell())
        _add_to_cell(cell, row["n"], row["lat"], row["lon"], row, {row["status"]: row["n"]})
    factor = 1
    while len(cells) > MAX_FEATURES:
        factor *= 2
        merged = {}
        for (cx, cy), cell in cells.items():
            target = merged.setdefault((cx // 2, cy // 2), _empty_cell())
            _add_to_cell(
                target,
                cell["count"],
                cell["lat"] / cell["count"],
                cell["lon"] / cell["count"],
                cell,
                cell["statuses"],
            )
        cells = merged
    return [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(c["lon"] / c["count"], 6), round(c["lat"] / c["count"], 6)],
            },
            "properties": {
                "cluster": True,
                "count": c["count"],
                "statuses": c["statuses"],
                "bounds": [
                    round(c["west"], 6),
                    round(c["south"], 6),
                    round(c["east"], 6),
                    round(c["north"], 6),
                ],
            },
        }
        for c in cells.values()
    ]


def _empty_cell():
    return {
        "count": 0,
        "lat": 0.0,
        "lon": 0.0,
        "statuses": {},
        "south": 90,
        "north": -90,
        "west": 180,
        "east": -180,
    }


def _add_to_cell(cell, count, lat, lon, extent, statuses):
    cell["count"] += count
    cell["lat"] += lat * count
    cell["lon"] += lon * count
    for status, n in statuses.items():
        cell["statuses"][status] = cell["statuses"].get(status, 0) + n
    cell["south"] = min(cell["south"], extent["south"])
    cell["north"] = max(cell["north"], extent["north"])
    cell["west"] = min(cell["west"], extent["west"])
    cell["east"] = max(cell["east"], extent["east"])


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
        issues = published_issues(filters).filter(
            map_latitude__gte=min_lat,
            map_latitude__lte=max_lat,
            map_longitude__gte=min_lon,
            map_longitude__lte=max_lon,
        )
        bbox = (min_lon, min_lat, max_lon, max_lat)
        if zoom <= CACHED_GRID_MAX_ZOOM:
            rows = rows_in_box(filters, issues, bbox, zoom)
            total = sum(row["n"] for row in rows)
        else:
            # Whether there are more than MAX_FEATURES, without counting them all.
            total = len(issues.order_by().values_list("pk", flat=True)[: MAX_FEATURES + 1])
            rows = grid_rows(issues, zoom) if total > MAX_FEATURES else []
            total = sum(row["n"] for row in rows) if rows else total
        if total <= MAX_FEATURES:
            features = issue_features(issues, issue_url_prefix(translation.get_language()), local_today())
        else:
            features = cluster_features(rows)
        body = json.dumps(
            {
                "type": "FeatureCollection",
                "total": total,
                "clustered": total > MAX_FEATURES,
                "features": features,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
    # Its ETag, and a 304 for a browser that has it, come from the page cache (portal.page_cache).
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=60"
    response["Vary"] = "Accept-Language"
    return response
