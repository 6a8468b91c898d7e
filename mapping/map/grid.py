"""The grid behind the map API's clusters: published issues counted per cell, exactly, for any box.

A cell is a quarter of a 256-pixel map tile, about 64 pixels on screen at its zoom. Grouping the issues
of a box cell by cell costs as much as there are issues in it (a whole city at a city's zoom), so the
grid is cached in *blocks* of BLOCK_CELLS × BLOCK_CELLS cells per zoom and filters, until an issue, area
or category changes (MAP_GENERATION) or GRID_CACHE_SECONDS pass. A box takes the cells wholly inside it
from the blocks it overlaps (one cache round trip), and counts the cells on its border in the database:
four disjoint strips, each read from an index that starts with the strip's narrow dimension
(`border_cells`). The counts of a box are therefore exact, whatever the cache holds.

Readers share blocks: every viewport of a city at one zoom reads the same few blocks. After an issue
change, the task worker computes the blocks of the coarse zooms (`warm_grids`), the whole country's,
so that the first reader of the country map does not group 100,000 issues.
"""

import hashlib
import math

from django.db.models import Avg, Count, F, IntegerField, Max, Min, Q
from django.db.models.functions import Cast, Floor
from django_tasks import task

from mapping.generations import MAP_GENERATION
from mapping.map.filters import IssueFilters, published_issues
from mapping.models.issues import local_today
from portal.cache import cached_many

CELLS_PER_TILE = 4
BLOCK_CELLS = 16  # a block is 4 × 4 tiles: a phone's or a desktop's viewport overlaps 2 to 6 of them
# A box overlapping more blocks than this (a whole country at a street's zoom: no map asks for it) is
# counted in the database directly rather than filling the cache with blocks nobody else will read.
MAX_BLOCKS = 48
WARM_MAX_ZOOM = 7  # the task worker computes the blocks of zooms 0 to 7 after every issue change
GRID_CACHE_SECONDS = 3600  # an issue change starts a new generation anyway: this bounds a missed signal

# A cell: (cx, cy, count, mean latitude, mean longitude, south, north, west, east, {status: count}).
CX, CY, COUNT, LAT, LON, SOUTH, NORTH, WEST, EAST, STATUSES = range(10)


def cell_size(zoom):
    """Degrees of longitude and latitude a cell spans at `zoom` (90 / 2**zoom, exact in binary)."""
    return 360 / (2**zoom) / CELLS_PER_TILE


def on_cell_edges(bbox, zoom):
    """Whether every edge of the box lies on an edge of the grid's cells at `zoom`, as the map asks."""
    size = cell_size(zoom)
    return all((value / size).is_integer() for value in bbox)


def in_box(issues, bbox):
    """The issues in the box, its west and south edges included, its east and north ones not: boxes side
    by side (a map's tiles, its cells) share no issue."""
    min_lon, min_lat, max_lon, max_lat = bbox
    return issues.filter(
        map_latitude__gte=min_lat,
        map_latitude__lt=max_lat,
        map_longitude__gte=min_lon,
        map_longitude__lt=max_lon,
    )


def cell_rows(queryset, zoom):
    """A query of the issues of `queryset` per cell of `zoom` and status: cx, cy, status, count, mean
    position, extent."""
    size = cell_size(zoom)
    return (
        queryset.annotate(
            cx=Cast(Floor(F("map_longitude") / size), IntegerField()),
            cy=Cast(Floor(F("map_latitude") / size), IntegerField()),
        )
        .values_list("cx", "cy", "status")
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


def grid_cells(queryset, zoom):
    """The non-empty cells of the issues of `queryset` at `zoom`, as cell tuples."""
    return cells_of(cell_rows(queryset, zoom))


def cells_of(rows):
    """Cell tuples from the rows of `cell_rows`, a cell's statuses gathered into one."""
    cells = {}
    for cx, cy, status, n, lat, lon, south, north, west, east in rows:
        cell = cells.get((cx, cy))
        if cell is None:
            cells[cx, cy] = [n, lat * n, lon * n, south, north, west, east, {status: n}]
        else:
            cell[0] += n
            cell[1] += lat * n
            cell[2] += lon * n
            cell[3], cell[4] = min(cell[3], south), max(cell[4], north)
            cell[5], cell[6] = min(cell[5], west), max(cell[6], east)
            cell[7][status] = n
    return [
        (cx, cy, n, lat_sum / n, lon_sum / n, south, north, west, east, statuses)
        for (cx, cy), (n, lat_sum, lon_sum, south, north, west, east, statuses) in cells.items()
    ]


def block_key(scope, zoom, bx, by):
    return f"map-block:{scope}:{zoom}:{bx}:{by}"


def filters_scope(filters):
    """A short stable name for a set of filters (and today's date, which a period filter counts from)."""
    scope = repr((sorted(filters.as_query().items()), local_today())).encode()
    return hashlib.blake2b(scope, digest_size=12).hexdigest()


def block_cells(filters, zoom, blocks):
    """{(bx, by): [cell, …]} for the blocks asked for, from the cache or computed together in one query
    over the rectangle of the missing ones (every block of that rectangle is then stored)."""
    scope = filters_scope(filters)
    keys = {block_key(scope, zoom, bx, by): (bx, by) for bx, by in blocks}

    def build(missing):
        missing_blocks = [keys[key] for key in missing]
        bxs = [bx for bx, _by in missing_blocks]
        bys = [by for _bx, by in missing_blocks]
        rectangle = (max(bxs) - min(bxs) + 1) * (max(bys) - min(bys) + 1)
        if rectangle == len(missing_blocks):  # one query for them all
            computed = compute_blocks(filters, zoom, (min(bxs), max(bxs)), (min(bys), max(bys)))
        else:  # around blocks already cached: one query each, rather than count those again
            computed = {}
            for bx, by in missing_blocks:
                computed.update(compute_blocks(filters, zoom, (bx, bx), (by, by)))
        return {block_key(scope, zoom, bx, by): cells for (bx, by), cells in computed.items()}

    found = cached_many(list(keys), build, timeout=GRID_CACHE_SECONDS, generation=MAP_GENERATION)
    return {keys[key]: cells for key, cells in found.items()}


def compute_blocks(filters, zoom, bx_range, by_range):
    """Every block of the rectangle of blocks, empty ones included, from one grouping query."""
    span = BLOCK_CELLS * cell_size(zoom)
    blocks = {
        (bx, by): []
        for bx in range(bx_range[0], bx_range[1] + 1)
        for by in range(by_range[0], by_range[1] + 1)
    }
    issues = published_issues(filters).filter(
        map_longitude__gte=bx_range[0] * span,
        map_longitude__lt=(bx_range[1] + 1) * span,
        map_latitude__gte=by_range[0] * span,
        map_latitude__lt=(by_range[1] + 1) * span,
    )
    for cell in grid_cells(issues, zoom):
        block = blocks.get((cell[CX] // BLOCK_CELLS, cell[CY] // BLOCK_CELLS))
        if block is not None:  # a position a rounding away from the rectangle's edge: its own block's
            block.append(cell)
    return blocks


def cells_in_box(filters, bbox, zoom):
    """Exact cells of the issues in the box: whole cells from the cached blocks, border cells counted."""
    size = cell_size(zoom)
    min_lon, min_lat, max_lon, max_lat = bbox
    west, east = math.ceil(min_lon / size), math.floor(max_lon / size) - 1
    south, north = math.ceil(min_lat / size), math.floor(max_lat / size) - 1
    issues = published_issues(filters)
    blocks_across = east // BLOCK_CELLS - west // BLOCK_CELLS + 1
    blocks_down = north // BLOCK_CELLS - south // BLOCK_CELLS + 1
    if west > east or south > north or blocks_across * blocks_down > MAX_BLOCKS:
        return grid_cells(in_box(issues, bbox), zoom)
    blocks = block_cells(
        filters,
        zoom,
        [
            (bx, by)
            for bx in range(west // BLOCK_CELLS, east // BLOCK_CELLS + 1)
            for by in range(south // BLOCK_CELLS, north // BLOCK_CELLS + 1)
        ],
    )
    inner = [
        cell
        for cells in blocks.values()
        for cell in cells
        if west <= cell[CX] <= east and south <= cell[CY] <= north
    ]
    inner_lon, inner_lat = (west * size, (east + 1) * size), (south * size, (north + 1) * size)
    if (min_lon, max_lon) == inner_lon and (min_lat, max_lat) == inner_lat:
        return inner  # a box on the cells' edges, as the map asks for: no border to count
    return inner + border_cells(issues, bbox, inner_lon, inner_lat, zoom)


def border_cells(issues, bbox, inner_lon, inner_lat, zoom):
    """Cells of the box outside its whole cells: four disjoint strips.

    Each strip is narrow in one dimension (less than a cell) and as long as the box in the other; only
    the narrow bound is given to the database as a range it can seek in an index (of latitude first, or
    of longitude first), the long one as an expression it filters with, so that a strip reads a thin
    slice of an index rather than every issue in the box's latitudes.
    """
    min_lon, min_lat, max_lon, max_lat = bbox
    issues = issues.alias(any_lat=F("map_latitude") + 0, any_lon=F("map_longitude") + 0)
    whole_lats = Q(any_lat__gte=inner_lat[0], any_lat__lt=inner_lat[1])
    box_lons = Q(any_lon__gte=min_lon, any_lon__lt=max_lon)
    strips = []
    if max_lon > inner_lon[1]:  # east (none when the box ends on a cell's edge)
        strips.append(Q(map_longitude__gte=inner_lon[1], map_longitude__lt=max_lon) & whole_lats)
    if max_lat > inner_lat[1]:  # north
        strips.append(Q(map_latitude__gte=inner_lat[1], map_latitude__lt=max_lat) & box_lons)
    if min_lon < inner_lon[0]:  # west (none when the box starts on a cell's edge)
        strips.append(Q(map_longitude__gte=min_lon, map_longitude__lt=inner_lon[0]) & whole_lats)
    if min_lat < inner_lat[0]:  # south
        strips.append(Q(map_latitude__gte=min_lat, map_latitude__lt=inner_lat[0]) & box_lons)
    # One query: each strip is a branch of a UNION ALL that seeks in its own index (the strips' cells
    # are disjoint, so each is grouped on its own).
    first, *others = (cell_rows(issues.filter(strip), zoom) for strip in strips)
    return cells_of(first.union(*others, all=True))


@task()
def warm_grids():
    """Compute the unfiltered blocks of the coarse zooms, in the task worker once an issue change has
    committed: the next reader of the country's map finds them ready."""
    for zoom in range(WARM_MAX_ZOOM + 1):
        # Every block of the world (the empty ones too), from one query per zoom.
        cells_lon, cells_lat = 2 ** (zoom + 1), 2**zoom  # cells from the antimeridian and the equator
        block_cells(
            IssueFilters(),
            zoom,
            [
                (bx, by)
                for bx in range(-cells_lon // BLOCK_CELLS, (cells_lon - 1) // BLOCK_CELLS + 1)
                for by in range(-cells_lat // BLOCK_CELLS, (cells_lat - 1) // BLOCK_CELLS + 1)
            ],
        )


def cluster_features(cells, max_features):
    """GeoJSON clusters of the cells, neighbours merged (2 × 2 at a time) until at most `max_features`."""
    merged = {}
    for cell in cells:
        n = cell[COUNT]
        _merge(
            merged,
            (cell[CX], cell[CY]),
            [n, cell[LAT] * n, cell[LON] * n, *cell[SOUTH:STATUSES], cell[STATUSES]],
        )
    while len(merged) > max_features:
        coarser = {}
        for (cx, cy), cell in merged.items():
            _merge(coarser, (cx // 2, cy // 2), cell)
        merged = coarser
    return [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(lon_sum / n, 6), round(lat_sum / n, 6)],
            },
            "properties": {
                "cluster": True,
                "count": n,
                "statuses": statuses,
                "bounds": [round(west, 6), round(south, 6), round(east, 6), round(north, 6)],
            },
        }
        for n, lat_sum, lon_sum, south, north, west, east, statuses in merged.values()
    ]


def _merge(cells, key, cell):
    """Add `cell` ([count, latitude sum, longitude sum, south, north, west, east, statuses]) to cells[key]."""
    target = cells.get(key)
    if target is None:
        cells[key] = [*cell[:7], dict(cell[7])]
        return
    target[0] += cell[0]
    target[1] += cell[1]
    target[2] += cell[2]
    target[3], target[4] = min(target[3], cell[3]), max(target[4], cell[4])
    target[5], target[6] = min(target[5], cell[5]), max(target[6], cell[6])
    for status, n in cell[7].items():
        target[7][status] = target[7].get(status, 0) + n
