"""A cache for what every page shows around its content: settings, navigation, breadcrumbs, language links.

All of it derives from published pages and the site settings, so one "content generation" number,
bumped whenever something is published, unpublished, moved or deleted, keys every entry: a change makes
the old entries unreachable at once, on every app server sharing the cache.
"""

from django.core.cache import cache

GENERATION_KEY = "portal:content-generation"
TIMEOUT = 6 * 3600


def content_generation(name=GENERATION_KEY):
    generation = cache.get(name)
    if generation is None:
        generation = 1
        cache.add(name, generation, timeout=None)
    return generation


def bump_generation(name):
    try:
        cache.incr(name)
    except ValueError:
        cache.set(name, 2, timeout=None)


def bump_content_generation(**kwargs):
    """Invalidate every cached fragment (a signal receiver, so it takes any arguments)."""
    bump_generation(GENERATION_KEY)


def cached(key, build, timeout=TIMEOUT, generation=GENERATION_KEY):
    """The cached value for `key` in the current generation, built and stored on a miss.

    Another `generation` name gives a family of entries its own invalidation (the map's, say, which
    changes with every issue saved, unlike the navigation).
    """
    full_key = f"portal:{content_generation(generation)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout=timeout)
    return value
