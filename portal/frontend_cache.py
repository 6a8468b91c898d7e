"""Purging the front proxy (the cluster's Varnish, see deploy/varnish/portal.vcl) when content changes.

The proxy keeps public pages for their `s-maxage`; a change must reach every reader at once, so the
changes purge it, through Wagtail's frontend cache backends (`WAGTAILFRONTENDCACHE`, set from
`FRONTEND_CACHE_URL`):

- a publish, unpublish, move or delete of any page, or a change of the site settings, purges the whole
  site: every page shows the menus, breadcrumbs and language links that derive from the page tree;
- an issue change purges what shows issues: each response tagged with `tag_response(request, "issues")`
  (the map page, its issue and object pages, feeds, the transparency figures, the map API, open data,
  Open311, and any page that embeds the map block), which the proxy keeps with an `X-Cache-Tags` header.

A purge is sent once the transaction commits (earlier, the proxy could fetch the old rows again), and
synchronously, so that the next request after the editor's click already misses. The proxy answers
PURGE requests only from the app's own hosts (an ACL in the VCL).
"""

import logging
from functools import wraps
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Site

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
TAGS_HEADER = "X-Cache-Tags"


def tag_response(request, tag):
    """Mark what this request's response shows, so that a change of it purges the response (see above)."""
    tags = getattr(request, "cache_tags", None)
    if tags is None:
        tags = request.cache_tags = set()
    tags.add(tag)


def tagged(tag):
    """A view decorator: every response of the view is tagged `tag` (see `tag_response`)."""

    def decorate(view):
        @wraps(view)
        def tagged_view(request, *args, **kwargs):
            tag_response(request, tag)
            return view(request, *args, **kwargs)

        return tagged_view

    return decorate


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP backend, with the portal's two purges: a path prefix, and every object of a tag."""

    def __init__(self, params):
        self.location = params["LOCATION"].rstrip("/")
        if urlsplit(self.location).scheme not in ("http", "https"):
            raise ImproperlyConfigured("The front cache's LOCATION must be an http:// or https:// URL.")
        super().__init__(params)

    def purge(self, url):
        """Every kept variant of `url` and of the URLs below it (the VCL bans the prefix)."""
        parts = urlsplit(url)
        self.send(parts.path or "/", host=parts.netloc)

    def purge_tag(self, tag):
        self.send("/", headers={"X-Purge-Tag": tag})

    def send(self, path, host=None, headers=None):
        # The location is an http(s) URL (checked above), never a file or another scheme.
        request = Request(self.location + path, method="PURGE", headers=dict(headers or {}))  # noqa: S310
        if host:
            request.add_header("Host", host)
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                response.read()
        except (URLError, OSError) as error:
            logger.error("The front cache could not be purged (%s %s): %s", path, headers or "", error)


def _backends():
    return list(get_backends().values())


def _after_commit(action):
    if not _backends():
        return
    transaction.on_commit(action)


def purge_site(**kwargs):
    """A signal receiver: every page of every site is stale (the page tree or the settings changed)."""

    def purge():
        roots = [site.root_url for site in Site.objects.all()]
        for backend in _backends():
            for root in roots:
                backend.purge(root + "/")

    _after_commit(purge)


def purge_tagged(tag):
    """Purge every kept response tagged `tag`, once the transaction commits."""

    def purge():
        for backend in _backends():
            if isinstance(backend, VarnishBackend):
                backend.purge_tag(tag)
            else:  # a backend without tags: the whole site
                for site in Site.objects.all():
                    backend.purge(site.root_url + "/")

    _after_commit(purge)
