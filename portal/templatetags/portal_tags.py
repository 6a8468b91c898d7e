"""Template tags for the site chrome: settings, navigation, breadcrumbs and the language switcher.

What they show changes only when a section page is published, or pages are moved, unpublished or deleted,
or the settings change, so each is built once per chrome generation (see portal.cache) and costs no query
after that.
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Page, Site

from portal import languages
from portal.cache import CHROME_GENERATION_KEY, cached
from portal.models import SITE_DESCRIPTION, SiteSettings, plain_summary

register = template.Library()
CHROME = CHROME_GENERATION_KEY


def _current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


_host = languages.host_of


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

    return cached(f"home-path:{_host(request)}:{get_language()}", build, generation=CHROME) or None


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The SiteSettings of the current site."""
    request = context.get("request")
    if request is None:
        return SiteSettings()
    return cached(f"settings:{_host(request)}", lambda: SiteSettings.for_request(request), generation=CHROME)


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

    items = cached(f"nav:{_host(request)}:{home_path}", build, generation=CHROME)
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
        "ancestors": cached(f"crumbs:{_host(request)}:{page.path}", build, generation=CHROME),
        "title": page.title,
    }


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link per language to this page in it (or to its nearest translated ancestor): portal.languages."""
    request = context.get("request")
    current = languages.current_code()
    names = dict(settings.LANGUAGES)
    return {
        "languages": [
            {**link, "name": names[link["code"]], "is_current": link["code"] == current}
            for link in languages.alternates(request, _current_page(context))
        ]
    }


@register.inclusion_tag("components/language_links.html", takes_context=True)
def language_links(context):
    """The head's canonical link and its hreflang alternates (the page's translations and x-default, the
    Russian one), as absolute addresses."""
    request = context.get("request")
    page = _current_page(context)
    # An error page (no page, and no view of its own: a 404, say) has no address of its own to name.
    match = getattr(request, "resolver_match", None)
    if request is None or (page is None and (match is None or match.url_name == "wagtail_serve")):
        return {}
    links = languages.alternates(request, page)
    exact = [{**link, "url": request.build_absolute_uri(link["url"])} for link in links if link["exact"]]
    default = next((link for link in exact if link["code"] == settings.LANGUAGE_CODE), None)
    return {
        "canonical": request.build_absolute_uri(request.path),
        "alternates": exact if len(exact) > 1 else [],
        "x_default": default["url"] if default and len(exact) > 1 else "",
    }


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The head's description for search engines and link previews: the page's own (see
    BasePage.get_meta_description), or the site's on a view without a page of its own (search, errors)."""
    describe = getattr(_current_page(context), "get_meta_description", None)
    return describe() if describe else str(SITE_DESCRIPTION)


@register.filter(name="plain_summary")
def plain_summary_filter(text):
    """Text or rich text as a description for search engines: plain, one line, at most 160 characters."""
    return plain_summary(text)


@register.simple_tag(takes_context=True)
def untranslated_notice(context):
    """True when the reader came by the language switcher from a page not translated into this language."""
    request = context.get("request")
    return request is not None and request.GET.get("notice") == languages.UNTRANSLATED_NOTICE


@register.filter
def tel_href(number):
    """A phone number as a tel: link target (digits and a leading plus only)."""
    digits = "".join(ch for ch in str(number) if ch.isdigit() or ch == "+")
    return f"tel:{digits}"
