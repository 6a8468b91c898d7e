"""Names of the cache generations the map keeps, and how to start a new one.

A generation is a number in the shared cache that keys a family of cached entries (see
`portal.cache.cached`): bumping it makes every entry of the family unreachable at once, on every app
server. The signal handlers in `mapping.signals` bump these when the data behind them changes.
"""

from portal.cache import bump_generation, read_together
from portal.frontend_cache import purge_tagged

# The tag of every response that shows issues (portal.frontend_cache.tag_response): the front proxy drops
# them all when an issue changes.
ISSUES_TAG = "issues"

# The cached grid of the map API (mapping.map.grid) changes with every issue, area and category.
MAP_GENERATION = "mapping:issues-generation"

# The reference data (mapping.reference: areas, categories, their names in every language) changes with
# an area, category or authority only, and every page and API answer reads it: a publish leaves it be.
REFERENCE_GENERATION = "mapping:reference-generation"

# The transparency figures (mapping.transparency), the visits layer and the visits listed on object
# pages change with every issue, recommendation and monitoring visit.
TRANSPARENCY_GENERATION = "mapping:transparency-generation"
read_together(MAP_GENERATION, REFERENCE_GENERATION, TRANSPARENCY_GENERATION)


def bump_map_generation(**kwargs):
    """A signal receiver: the map's grid is stale."""
    bump_generation(MAP_GENERATION)
    purge_tagged(ISSUES_TAG)


def bump_transparency_generation(**kwargs):
    """A signal receiver: the transparency figures and visit lists are stale."""
    bump_generation(TRANSPARENCY_GENERATION)
    purge_tagged(ISSUES_TAG)


def bump_reference_generation(**kwargs):
    """A signal receiver: an area, category or authority changed."""
    bump_generation(REFERENCE_GENERATION)
