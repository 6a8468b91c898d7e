"""A cache for what every page shows around its content: settings, navigation, breadcrumbs, language links.

All of it derives from published pages and the site settings, so one "content generation" number,
bumped whenever something is published, unpublished, moved or deleted, keys every entry: a change makes
the old entries unreachable at once, on every app server sharing the cache.

Every bump of any generation also bumps the *page generation*, which keys the whole-page cache
(`portal.page_cache`): a page shows the navigation, the map's figures and the transparency figures alike,
so whatever makes one of them stale makes the page stale.
"""

import threading

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

GENERATION_KEY = "portal:content-generation"
# What every page shows around its content (portal.templatetags.portal_tags): the settings, the menu, the
# breadcrumbs, the language links, the addresses of the section pages. Of the publishes, only those of a
# home or section page (depth 3 or less) or of a page with children change it; a leaf page's own language
# links have a version of their own (`TRANSLATIONS_VERSION`), bumped when one of its translations is
# published. Unpublishing, moving and deleting, and the settings, sites, locales and view restrictions,
# change it too (portal.signals).
CHROME_GENERATION_KEY = "portal:chrome-generation"
TRANSLATIONS_VERSION = "portal:translations:{translation_key}"
# What routing depends on beyond the pages themselves (portal.routing): sites, locales, view restrictions,
# and the moves, unpublishings and deletions that can make a remembered route lead elsewhere. A publish
# leaves it be: a route is checked against the page it leads to each time it is used.
ROUTING_GENERATION_KEY = "portal:routing-generation"
PAGE_GENERATION_KEY = "portal:page-generation"
TIMEOUT = 6 * 3600

# What one request has already read from the shared cache (generations, entries): a page asks for the
# reference data or a generation dozens of times, and each read is a round trip and an unpickling. Kept
# only while a request is served, and dropped by any bump.
_request = threading.local()


def _start_request(**kwargs):
    _request.memo = {}


def _end_request(**kwargs):
    _request.memo = None


request_started.connect(_start_request, dispatch_uid="portal-cache-memo-start")
request_finished.connect(_end_request, dispatch_uid="portal-cache-memo-end")


def _memo():
    return getattr(_request, "memo", None)


# The generations a page may read, fetched together in one round trip at the first that a request reads
# (each app names its own with `read_together`): a page reads five to eight of them.
_READ_TOGETHER = [GENERATION_KEY, CHROME_GENERATION_KEY, ROUTING_GENERATION_KEY]


def read_together(*names):
    """Have these generations fetched with the others, at a request's first read of any."""
    _READ_TOGETHER.extend(name for name in names if name not in _READ_TOGETHER)


def _prefetch_generations(memo):
    memo["generations-read"] = True
    try:
        found = cache.get_many(_READ_TOGETHER)
    except Exception:  # the cache down: each is read (and fails over) on its own, as before
        return
    for name, value in found.items():
        memo["generation", name] = value


def content_generation(name=GENERATION_KEY):
    memo = _memo()
    if memo is not None and "generations-read" not in memo and name in _READ_TOGETHER:
        _prefetch_generations(memo)
    if memo is not None and ("generation", name) in memo:
        return memo["generation", name]
    generation = cache.get(name)
    if generation is None:
        generation = 1
        cache.add(name, generation, timeout=None)
    if memo is not None:
        memo["generation", name] = generation
    return generation


def _increment(*names):
    if _memo() is not None:
        _request.memo = {}
    for name in names:
        try:
            cache.incr(name)
        except ValueError:
            cache.set(name, 2, timeout=None)


def bump_generation(name):
    """Start a new generation of `name` (and of the page cache): now, and again when the transaction commits.

    The second bump closes a race: a reader served between the first bump and the commit still sees the
    old rows, and whatever it caches is filed under the first bump's number, which the commit retires.
    """
    _increment(name, PAGE_GENERATION_KEY)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _increment(name, PAGE_GENERATION_KEY))


def bump_content_generation(**kwargs):
    """Invalidate every cached fragment (a signal receiver, so it takes any arguments)."""
    bump_generation(GENERATION_KEY)


def bump_chrome_generation(**kwargs):
    """Rebuild the chrome of every page (a signal receiver)."""
    bump_generation(CHROME_GENERATION_KEY)


def bump_routing_generation(**kwargs):
    """Forget every remembered route and whether view restrictions exist (a signal receiver)."""
    bump_generation(ROUTING_GENERATION_KEY)


def cached(key, build, timeout=TIMEOUT, generation=GENERATION_KEY):
    """The cached value for `key` in the current generation, built and stored on a miss.

    Another `generation` name gives a family of entries its own invalidation (the map's, say, which
    changes with every issue saved, unlike the navigation).
    """
    full_key = f"portal:{content_generation(generation)}:{key}"
    memo = _memo()
    if memo is not None and full_key in memo:
        return memo[full_key]
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout=timeout)
    if memo is not None:
        memo[full_key] = value
    return value


def cached_many(keys, build_missing, timeout=TIMEOUT, generation=GENERATION_KEY):
    """`cached` for several keys in one round trip: {key: value}, `build_missing(missing_keys)` giving
    {key: value} for those not stored (and possibly for more, which are stored as well)."""
    prefix = f"portal:{content_generation(generation)}:"
    memo = _memo()
    values = {key: memo[prefix + key] for key in keys if memo is not None and prefix + key in memo}
    unread = [key for key in keys if key not in values]
    if unread:
        found = cache.get_many([prefix + key for key in unread])
        values.update((key, found[prefix + key]) for key in unread if prefix + key in found)
    missing = [key for key in keys if key not in values]
    if missing:
        built = build_missing(missing)
        cache.set_many({prefix + key: value for key, value in built.items()}, timeout=timeout)
        values.update((key, built[key]) for key in missing)
    if memo is not None:  # a second read in the same request (the map API's blocks) costs no round trip
        memo.update((prefix + key, value) for key, value in values.items())
    return values
