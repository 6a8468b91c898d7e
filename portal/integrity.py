"""Subresource Integrity for our own scripts and stylesheets: the `integrity` a page gives each of them,
the sha384 digest of the file exactly as the server sends it, so that a browser runs or applies nothing
else under that address (a file changed on the disk, by a proxy, or by whoever took over the static host).

Which bytes are sent depends on the static storage. In production (compressed manifest storage) they are
the collected file under its hashed name, which `collectstatic` may have rewritten (CSS `url()`s, ES module
imports); such a file never changes under its name, so its digest is computed once per process. Elsewhere
(development and tests) whitenoise serves the app's own file, found by the static finders, which a
developer may edit: its digest is kept only as long as its size and modification time stay the same.

Same-origin files need no `crossorigin` attribute: a module script is fetched in CORS mode anyway, and a
classic script or stylesheet from our own origin is readable by the page, which is all SRI asks.
"""

import base64
import functools
import hashlib
import os

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.templatetags.static import static
from django.utils.html import format_html

ALGORITHM = "sha384"


def _digest(handle):
    digest = hashlib.new(ALGORITHM)
    for chunk in iter(lambda: handle.read(64 * 1024), b""):
        digest.update(chunk)
    return f"{ALGORITHM}-{base64.b64encode(digest.digest()).decode('ascii')}"


@functools.lru_cache(maxsize=512)
def _collected_file_integrity(stored_name):
    with staticfiles_storage.open(stored_name) as handle:
        return _digest(handle)


@functools.lru_cache(maxsize=512)
def _source_file_integrity(path, mtime_ns, size):
    with open(path, "rb") as handle:
        return _digest(handle)


def integrity(name):
    """The `integrity` value of the static file `name` (as `{% static %}` names it), e.g. 'sha384-…'."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        return _collected_file_integrity(staticfiles_storage.stored_name(name))
    path = finders.find(name)
    if path is None:
        if not staticfiles_storage.exists(name):
            raise FileNotFoundError(f"no static file {name!r}")
        path = staticfiles_storage.path(name)
    stat = os.stat(path)
    return _source_file_integrity(path, stat.st_mtime_ns, stat.st_size)


def script_tag(name, module=False, defer=False):
    """`<script>` for our static file `name` with its integrity: an ES module, or a classic script."""
    src, sri = static(name), integrity(name)
    if module:  # deferred anyway
        return format_html('<script type="module" src="{}" integrity="{}"></script>', src, sri)
    if defer:
        return format_html('<script src="{}" integrity="{}" defer></script>', src, sri)
    return format_html('<script src="{}" integrity="{}"></script>', src, sri)


def stylesheet_tag(name, media=None):
    """`<link rel="stylesheet">` for our static file `name` with its integrity (and `media` if given)."""
    return format_html(
        '<link rel="stylesheet" href="{}" integrity="{}"{}>',
        static(name),
        integrity(name),
        format_html(' media="{}"', media) if media else "",
    )
