"""Page routing remembered in the shared cache: which page an address leads to, found once.

Wagtail routes every request from the database: the site of the host (one query), the root page in the
reader's language (two), the deepest page of the path and its specific row (two, with
`HomePage.route`), then the view restrictions of its ancestors (two). That is most of the queries of a
page, and what they find seldom changes.

So `RouteCacheMiddleware` keeps, per host, port, language and path, the site and the page found: its
content type, primary key, the address it was found at and the part of the path left to its own `route`
(an issue's number under the map page). On a hit the page is read again, in one query (its content is
never taken from the cache), and checked: still live, still at that address. It is then handed to
Wagtail's `serve` view as Wagtail's own routing would have: `request._wagtail_site` and
`request._wagtail_route_for_request` are the attributes Wagtail memoises them in. The page's own `route`
still runs on the rest of the path, so a routable page's views answer as they would.

A publish therefore leaves the routes be (a new slug fails the check, and the request is routed afresh);
the routing generation (`portal.cache.ROUTING_GENERATION_KEY`) forgets them all when a site, locale or
view restriction changes, or a page is moved, unpublished or deleted. A miss, a failed check, a 404 or a
cache that cannot be read routes as Wagtail does; only a route that found a page is kept, so that no one
can fill the cache with addresses that lead nowhere.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page

from portal.cache import ROUTING_GENERATION_KEY, TIMEOUT, content_generation

logger = logging.getLogger(__name__)


def route_key(request, path):
    return (
        f"portal:{content_generation(ROUTING_GENERATION_KEY)}:route:{request._get_raw_host()}:{request.get_port()}:"
        f"{get_language()}:{path}"
    )


def remember(request, path):
    """Route the request as Wagtail does, and say what it found in a form fit for the cache (or None: a
    404, or a route that cannot be replayed)."""
    result = Page.route_for_request(request, path)
    site = getattr(request, "_wagtail_site", None)
    if result is None or site is None:
        return None
    page = result[0]
    components = [component for component in path.split("/") if component]
    consumed = page.depth - site.root_page.depth
    if not 0 <= consumed <= len(components):
        return None
    return {
        "site": site,
        "content_type": page.content_type_id,
        "page": page.pk,
        "url_path": page.url_path,
        "rest": components[consumed:],
    }


def replay(request, entry):
    """Set Wagtail's memoised site and route from a remembered entry, the page read afresh; False when
    the page is no longer live at that address (published under a new slug, say)."""
    model = ContentType.objects.get_for_id(entry["content_type"]).model_class()
    if model is None:
        return False
    page = model.objects.filter(pk=entry["page"], live=True, url_path=entry["url_path"]).first()
    if page is None:
        return False
    request._wagtail_site = entry["site"]
    try:
        request._wagtail_route_for_request = page.route(request, entry["rest"])
    except Http404:
        request._wagtail_route_for_request = None
    return True


class RouteCacheMiddleware:
    """Route Wagtail's page requests from the shared cache (see the module docstring).

    Only what was found, and answered without an error, is kept: a 404 is routed again each time, so
    that no one can fill the cache with addresses that lead nowhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        found = getattr(request, "_route_to_remember", None)
        # Kept once the page has answered: a routable page's view may still answer 404 (an issue number
        # that does not exist), and such addresses are not kept either.
        if found is not None and response.status_code < 400:
            try:
                cache.set(*found, timeout=TIMEOUT)
            except Exception:  # the cache down: the next request routes again
                logger.warning("The route cache cannot be written", exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        try:
            key = route_key(request, path)
            entry = cache.get(key)
        except Exception:  # the cache down: Wagtail routes this request itself
            logger.warning("The route cache cannot be read", exc_info=True)
            return None
        if entry is None or not replay(request, entry):
            entry = remember(request, path)
            if entry is not None:
                request._route_to_remember = (key, entry)
        return None
