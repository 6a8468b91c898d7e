"""What the guide's service worker saves for offline reading, and the worker script itself.

The worker is two static files (`ethics/offline-rules.js`, the rules of what may be saved, and
`ethics/offline-worker.js`, the worker) served together from `<guide>/service-worker/`, with a
`Service-Worker-Allowed` header naming the guide: its scope is the guide and nothing else on the site.
Its last line carries the guide's version, so a publication makes browsers fetch the list again.
"""

import functools
import hashlib
import json

from django.contrib.staticfiles import finders
from django.templatetags.static import static

WORKER_FILES = ("ethics/offline-rules.js", "ethics/offline-worker.js")
# Every static file a page of the guide loads: the worker saves these and no other asset.
GUIDE_ASSETS = (
    "portal/css/portal.css",
    "portal/css/print.css",
    "ethics/css/ethics.css",
    "ethics/css/ethics-print.css",
    "portal/img/favicon.svg",
    "portal/img/logo.svg",
    "ethics/offline.js",
    "ethics/self-check.js",
    "ethics/print.js",
)


@functools.cache
def read_static(name):
    """A static file's text, from the app's own static folder (the same file in every deployment)."""
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(name)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def worker_script(version):
    parts = [read_static(name) for name in WORKER_FILES]
    return "\n".join(parts) + f"\n// guide version: {version}\n"


def page_urls(guide, request):
    """The guide's own addresses: landing, print, offline notice, each topic, each self-check step."""
    base = guide.get_url(request=request)
    urls = [base, f"{base}print/", f"{base}offline/"]
    urls += [topic.get_url(request=request) for topic in guide.topics()]
    for check in guide.self_checks():
        check_url = check.get_url(request=request)
        urls.append(check_url)
        start = check.start_key()
        urls += [f"{check_url}{child.value['key']}/" for child in check.steps if child.value["key"] != start]
    return urls


def manifest(guide, request):
    """The list the worker saves on install: the guide's pages and assets, and their version."""
    pages = page_urls(guide, request)
    assets = [static(name) for name in GUIDE_ASSETS]
    fingerprint = json.dumps([guide.content_version(), pages, assets]).encode()
    return {
        "version": hashlib.sha256(fingerprint).hexdigest()[:16],
        "scope": guide.get_url(request=request),
        "pages": pages,
        "assets": assets,
        "offline_page": f"{guide.get_url(request=request)}offline/",
    }
