"""Template tags for the site chrome: settings, navigation, breadcrumbs and the language switcher.

What they show changes only when something is published, so each is built once per content
generation (see portal.cache) and costs no query after that.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from portal.cache import cached
from portal.models import SiteSettings

register = template.Library()


def _current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _host(request):
    return request.get_host() if request is not None else "-"


def _home_path(context):
    """The tree path of the home page in the current language."""
    page = _current_page(context)
    if page is not None and page.depth >= 2:
        return page.path[: Page.steplen * 2]
    request = context.get("request")
    if request is None:
        return None

    def build():
        site = Site.find_for_request(request)
        return site.root_page.localized.path if site else ""

    return cached(f"home-path:{_host(request)}:{get_language()}", build) or None


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The SiteSettings of the current site."""
    request = context.get("request")
    if request is None:
        return SiteSettings()
    return cached(f"settings:{_host(request)}", lambda: SiteSettings.for_request(request))


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The home page's live children that are marked "show in menus", in tree order."""
    request = context.get("request")
    home_path = _home_path(context)

    def build():
        if not home_path:
            return []
        pages = Page.objects.live().public().in_menu().filter(depth=3, path__startswith=home_path)
        return [
            {"title": page.title, "url": page.get_url(request=request), "path": page.path}
            for page in pages.order_by("path")
        ]

    items = cached(f"nav:{_host(request)}:{home_path}", build)
    page = _current_page(context)
    current_path = page.path if page else ""
    for item in items:
        item["current"] = (
            "page"
            if current_path == item["path"]
            else ("true" if current_path.startswith(item["path"]) else "")
        )
    return {"items": items}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The ancestors of the current page below the tree root, home page first."""
    page = _current_page(context)
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    request = context.get("request")

    def build():
        ancestors = page.get_ancestors().filter(depth__gt=1).specific(defer=True)
        return [{"title": a.title, "url": a.get_url(request=request)} for a in ancestors]

    return {
        "ancestors": cached(f"crumbs:{_host(request)}:{page.path}", build),
        "title": page.title,
    }


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link per language: to the translation of this page if it exists, else to that language's home."""
    request = context.get("request")
    page = _current_page(context)
    if page is not None:

        def build():
            translations = page.get_translations(inclusive=True).live().public().select_related("locale")
            return {t.locale.language_code: t.get_url(request=request) for t in translations}

        urls = cached(f"langs:{_host(request)}:{page.translation_key}", build)
    elif request is not None:
        urls = {code: translate_url(request.get_full_path(), code) for code, _name in settings.LANGUAGES}
    else:
        urls = {}
    current = get_language()
    languages = [
        {"code": code, "name": name, "url": urls.get(code) or f"/{code}/", "is_current": code == current}
        for code, name in settings.LANGUAGES
    ]
    return {"languages": languages}


@register.filter
def tel_href(number):
    """A phone number as a tel: link target (digits and a leading plus only)."""
    digits = "".join(ch for ch in str(number) if ch.isdigit() or ch == "+")
    return f"tel:{digits}"
