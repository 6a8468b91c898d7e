"""Where issue pages live: under the map page of each language."""

from mapping.models import MapPage
from portal.cache import cached


def map_page_url(language):
    """The URL of the live map page in a language (the Russian one if that language has none), or ""."""

    def build():
        pages = MapPage.objects.live().public().select_related("locale").order_by("path")
        by_language = {}
        for page in pages:
            by_language.setdefault(page.locale.language_code, page.url)
        return by_language

    urls = cached("map-page-urls", build)
    return urls.get(language) or urls.get("ru") or ""


def issue_url_prefix(language):
    base = map_page_url(language)
    return f"{base}issues/" if base else ""
