"""Links that work outside the site (in an e-mail): the public address, `PORTAL_PUBLIC_URL`, and a path.

A request knows the host it came in on; an e-mail is written by the task worker, which has no request, and
a Wagtail `Site`'s host name (`localhost` in the demo) is not the address citizens reach. So every link
sent out starts with the one setting (docs/operations.md, "Settings").
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def absolute_url(path):
    """The public address of a path (`/ru/report/status/`), or of a URL on any host (its host replaced)."""
    parts = urlsplit(path)
    local = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return settings.PORTAL_PUBLIC_URL.rstrip("/") + local


def page_url(page):
    """A Wagtail page's public address, whatever host its `Site` names; "" for a page no site routes."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, page_path = parts
    return absolute_url(page_path)
