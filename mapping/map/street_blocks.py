"""The issues of a street's view, as features cached in the blocks of the map's grid.

Above the zooms the task worker warms, a box of at most MAX_FEATURES issues is answered with its issues
one by one. Reading and shaping them is most of that answer's cost, and the readers of a neighbourhood
ask boxes that overlap: so, for a box on the cells' edges (as the map asks), the features are built once
per block of the grid (`mapping.map.grid`: BLOCK_CELLS × BLOCK_CELLS cells) for the language, the filters
and the day, kept until an issue, area or category changes (MAP_GENERATION), and each box takes the
features of its blocks that lie in it, newest first as the database would give them. The missing blocks
of a box are read in one query. A box over more than MAX_BLOCKS blocks, or over a block holding more
than BLOCK_LIMIT issues (a city centre at a street's zoom is never one), is read from the database as
before: `features_in_box` then answers None.
"""

import math

from django.utils import translation

from mapping.generations import MAP_GENERATION
from mapping.map.features import issue_features
from mapping.map.filters import published_issues
from mapping.map.geojson import WrittenFeatures, feature_json
from mapping.map.grid import (
    BLOCK_CELLS,
    COUNT,
    GRID_CACHE_SECONDS,
    MAX_BLOCKS,
    block_cells,
    cell_size,
    filters_scope,
)
from portal.cache import cached_many

BLOCK_LIMIT = 1000


def blocks_of_box(bbox, zoom):
    """The blocks the box [west, east) × [south, north) overlaps."""
    span = BLOCK_CELLS * cell_size(zoom)
    min_lon, min_lat, max_lon, max_lat = bbox
    return [
        (bx, by)
        for bx in range(math.floor(min_lon / span), math.ceil(max_lon / span))
        for by in range(math.floor(min_lat / span), math.ceil(max_lat / span))
    ]


def block_of(lon, lat, zoom):
    """The block a position falls in, found as the grid finds it (by its cell), so that the two agree."""
    size = cell_size(zoom)
    return math.floor(lon / size) // BLOCK_CELLS, math.floor(lat / size) // BLOCK_CELLS


def features_in_box(filters, bbox, zoom, url_prefix, today):
    """The features of the issues in the box, newest first, written as JSON (`WrittenFeatures`), from the
    cached blocks; None when the box's blocks are too many or too full to be kept."""
    blocks = blocks_of_box(bbox, zoom)
    if not blocks or len(blocks) > MAX_BLOCKS:
        return None
    counts = {
        block: sum(cell[COUNT] for cell in cells)
        for block, cells in block_cells(filters, zoom, blocks).items()
    }
    if any(count > BLOCK_LIMIT for count in counts.values()):
        return None
    # The format of an entry is in its key ("w": written features), so that a new one never reads an old one.
    prefix = f"map-features-s:{filters_scope(filters)}:{translation.get_language()}:{zoom}:{url_prefix}"
    keys = {f"{prefix}:{bx}:{by}": (bx, by) for bx, by in blocks}

    def build(missing):
        wanted = {keys[key]: [] for key in missing}
        span = BLOCK_CELLS * cell_size(zoom)
        bxs = [bx for bx, _by in wanted]
        bys = [by for _bx, by in wanted]
        issues = published_issues(filters).filter(
            map_longitude__gte=min(bxs) * span,
            map_longitude__lt=(max(bxs) + 1) * span,
            map_latitude__gte=min(bys) * span,
            map_latitude__lt=(max(bys) + 1) * span,
        )
        for lon, lat, feature in issue_features(issues, url_prefix, today, with_positions=True):
            block = wanted.get(block_of(lon, lat, zoom))
            if block is not None:  # kept written: a box's answer joins them without encoding them again
                properties = feature["properties"]
                block.append((lon, lat, properties["registered"], properties["id"], feature_json(feature)))
        return {f"{prefix}:{bx}:{by}": features for (bx, by), features in wanted.items()}

    found = cached_many(list(keys), build, timeout=GRID_CACHE_SECONDS, generation=MAP_GENERATION)
    min_lon, min_lat, max_lon, max_lat = bbox
    selected = [
        entry
        for entries in found.values()
        for entry in entries
        if min_lon <= entry[0] < max_lon and min_lat <= entry[1] < max_lat
    ]
    # Newest first, then the highest number first: the order of the database's answer.
    selected.sort(key=lambda entry: (entry[2], entry[3]), reverse=True)
    return WrittenFeatures(entry[4] for entry in selected)
