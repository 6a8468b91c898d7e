"""A cache for what every page shows around its content: settings, navigation, breadcrumbs, language links.

All of it derives from published pages and the site settings, so one "content generation" number,
bumped whenever something is published, unpublished, moved or deleted, keys every entry: a change makes
the old entries unreachable at once, on every app server sharing the cache.
"""

from django.core.cache import cache

GENERATION_KEY = "portal:content-generation"
TIMEOUT = 6 * 3600


def content_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def bump_content_generation(**kwargs):
    """Invalidate every cached fragment (a signal receiver, so it takes any arguments)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cached(key, build):
    """The cached value for `key` in the current generation, built and stored on a miss."""
    full_key = f"portal:{content_generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout=TIMEOUT)
    return value
