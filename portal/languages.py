"""The page a reader is on, in every language: the language switcher's links, the head's hreflang
alternates and its canonical link.

A Wagtail page links to its translations (the pages sharing its translation key). The address below the
page (an issue under the map page, `issues/12/`) and the query (a search's `q`, a self-check's step) are
kept, since they mean the same in every language. A language the page has no translation in leads to
its nearest ancestor that has one, with `?notice=untranslated`, which the page then explains.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.models import Page

from portal.cache import CHROME_GENERATION_KEY, TRANSLATIONS_VERSION, cached, content_generation

UNTRANSLATED_NOTICE = "untranslated"


def host_of(request):
    return request.get_host() if request is not None else "-"


def codes():
    return [code for code, _name in settings.LANGUAGES]


def translation_urls(page, request):
    """{language: (url, exact)} for the page: its translations' urls, or its nearest translated
    ancestor's (exact False). Cached per page and site until one of its translations is published (their
    version) or the chrome changes (a section's publish, a move…: portal.cache)."""

    def build():
        found = {
            t.locale.language_code: t.get_url(request=request)
            for t in page.get_translations(inclusive=True).live().public().select_related("locale")
        }
        urls = {code: (url, True) for code, url in found.items() if url}
        missing = [code for code in codes() if code not in urls]
        if missing:
            ancestors = list(page.get_ancestors().filter(depth__gt=1).values_list("translation_key", "depth"))
            depth_of = dict(ancestors)
            candidates = (
                Page.objects.live()
                .public()
                .filter(translation_key__in=depth_of, locale__language_code__in=missing)
                .select_related("locale")
            )
            nearest = {}
            for candidate in candidates:
                code = candidate.locale.language_code
                if code not in nearest or depth_of[candidate.translation_key] > nearest[code][0]:
                    nearest[code] = (depth_of[candidate.translation_key], candidate)
            for code, (_depth, candidate) in nearest.items():
                urls[code] = (candidate.get_url(request=request), False)
        return urls

    version = content_generation(TRANSLATIONS_VERSION.format(translation_key=page.translation_key))
    return cached(
        f"langs:{host_of(request)}:{page.translation_key}:{version}", build, generation=CHROME_GENERATION_KEY
    )


def alternates(request, page):
    """[{code, url, exact}] for every language, in the order of settings.LANGUAGES."""
    query = request.GET.copy() if request is not None else {}
    query.pop("notice", None)
    suffix = f"?{query.urlencode()}" if query else ""
    result = []
    if page is None:
        path = request.path if request is not None else "/"
        for code in codes():
            result.append({"code": code, "url": translate_url(path, code) + suffix, "exact": True})
        return result
    own_url = page.get_url(request=request) or ""
    rest = request.path[len(own_url) :] if request is not None and request.path.startswith(own_url) else ""
    urls = translation_urls(page, request)
    for code in codes():
        url, exact = urls.get(code, (f"/{code}/", False))
        if exact:
            result.append({"code": code, "url": url + rest + suffix, "exact": True})
        else:
            result.append(
                {"code": code, "url": f"{url}?{urlencode({'notice': UNTRANSLATED_NOTICE})}", "exact": False}
            )
    return result


def current_code():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]
