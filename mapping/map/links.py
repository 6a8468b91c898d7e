"""Where issue pages live: under the map page of each language; and an issue's object page in the
reader's language."""

from django.utils import translation
from wagtail.models import Locale

from mapping.models import MapPage
from portal.cache import CHROME_GENERATION_KEY, cached


def map_page_url(language):
    """The URL of the live map page in a language (the Russian one if that language has none), or ""."""

    def build():
        pages = MapPage.objects.live().public().select_related("locale").order_by("path")
        by_language = {}
        for page in pages:
            by_language.setdefault(page.locale.language_code, page.url)
        return by_language

    urls = cached("map-page-urls", build, generation=CHROME_GENERATION_KEY)  # a section page
    return urls.get(language) or urls.get("ru") or ""


def issue_url_prefix(language):
    base = map_page_url(language)
    return f"{base}issues/" if base else ""


def issue_url(issue, language):
    """The public page of a published issue under the map page in `language` (or the Russian one), or ""."""
    prefix = issue_url_prefix(language)
    return f"{prefix}{issue.pk}/" if prefix else ""


def locale_codes():
    """{locale id: language code}, kept until a locale changes (which bumps the chrome's generation)."""
    return cached(
        "locale-codes",
        lambda: dict(Locale.objects.values_list("pk", "language_code")),
        generation=CHROME_GENERATION_KEY,
    )


def object_in_language(issue):
    """The issue's object page in the reader's language (or in Russian, then marked as such)."""
    problem_object = issue.problem_object
    if problem_object is None or not problem_object.live:
        return {"problem_object": None, "problem_object_lang": ""}
    if locale_codes().get(problem_object.locale_id) == translation.get_language():
        return {"problem_object": problem_object, "problem_object_lang": ""}  # no query to tell
    translated = problem_object.localized
    untranslated = translated.pk == problem_object.pk and translation.get_language() != "ru"
    return {"problem_object": translated, "problem_object_lang": "ru" if untranslated else ""}
