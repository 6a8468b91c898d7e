"""Every published object in one language, read once and kept: what the object index lists and filters, and
what the map's objects layer draws.

An object (a ProblemObjectPage) is written in Russian first and translated; a reader sees each object in
their language when it is translated, in Russian otherwise (`lang` says which). Issues link to the
Russian page, whose id (`source_id`) is the object's number in the map's `object` filter.

The directory is a list of plain dicts cached until the next publish (`portal.cache`): the index and the
layer then filter and count in Python, with no query, whatever the number of objects (a few thousand at
most in a region). The issue counts come apart, from `mapping.objects.figures`, which follow the issues.
"""

from django.conf import settings
from django.utils.translation import get_language

from mapping.models import ProblemObjectPage
from portal.cache import cached


def _entry(page, source_id, request):
    return {
        "id": source_id,
        "page_id": page.pk,
        "key": str(page.translation_key),
        "title": page.title,
        "lang": page.locale.language_code,
        "address": page.address,
        "url": page.get_url(request=request),
        "type": page.object_type,
        "area_key": str(page.area.translation_key) if page.area else "",
        "operator_key": str(page.operator.translation_key) if page.operator else "",
        "latitude": page.latitude,
        "longitude": page.longitude,
        # Searched without regard to case, in every script (SQLite's LIKE folds ASCII letters only).
        "haystack": f"{page.title} {page.address}".casefold(),
    }


def _build(language, request):
    default = settings.LANGUAGE_CODE
    pages = (
        ProblemObjectPage.objects.live()
        .public()
        .filter(locale__language_code__in={language, default})
        .select_related("locale", "area", "operator")
        .order_by("pk")
    )
    sources, chosen = {}, {}
    for page in pages:
        key = page.translation_key
        if page.locale.language_code == default:
            sources[key] = page.pk
        # The reader's language wins over the default one for the same object.
        if key not in chosen or page.locale.language_code == language:
            chosen[key] = page
    entries = [_entry(page, sources.get(key, page.pk), request) for key, page in chosen.items()]
    return sorted(entries, key=lambda entry: (entry["title"].casefold(), entry["id"]))


def object_directory(request=None, language=None):
    """Every live object in `language` (the active one by default), sorted by name: a list of dicts with
    `id` (the number issues use), `page_id`, `title`, `lang`, `address`, `url`, `type`, `area_key` and
    `operator_key` (translation keys), `latitude`, `longitude`."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    host = request.get_host() if request is not None else "-"
    return cached(f"object-directory:{host}:{language}", lambda: _build(language, request))
