"""The page cache, and the HTTP caching headers and compression of every dynamic response.

A response is *public* when it is the same for every anonymous reader: a GET or HEAD from a reader with
no session (no staff sign-in, no pending message), answered 200 or 301, that sets no cookie, used no
CSRF token, varies on nothing but the language and the encoding, and whose view did not say otherwise
(`private`, `no-store`, `no-cache`). A public response

- carries `Cache-Control: public` with a short `max-age` for browsers and a longer `s-maxage` for shared
  caches (the cluster's Varnish, a CDN), and a strong `ETag`, which `PageCacheMiddleware` answers with
  304;
- is gzip-compressed for clients that accept it when it is text (HTML, JSON, GeoJSON, CSV, feeds). Only
  a public response is ever compressed: one that carries a CSRF token or another secret is not (BREACH);
- is kept in the shared cache, keyed by the scheme, host, path and query, language and encoding, under
  the current *page generation* (`portal.cache`): every publish, unpublish, move, delete, settings or
  issue change starts a new generation, so the next reader on any node gets the new page. Entries are
  stored compressed or not, as sent, with every header the middlewares gave them, so a hit does no
  work but one cache round trip, before any other middleware runs.

Every other response gets `Cache-Control: private, no-store` unless its view set one. Requests from a
signed-in reader never touch the page cache.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, get_max_age, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_sequence, compress_string

from portal.cache import PAGE_GENERATION_KEY
from portal.frontend_cache import TAGS_HEADER
from portal.security import is_admin_path

PERSONAL_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, "messages"})
CACHEABLE_STATUSES = frozenset({200, 301})
# A reader without a session cookie gets an empty session, so a page that merely looked at the session
# (the templates ask whether the reader is signed in) is the same for all of them: `Vary: Cookie` is
# dropped from a public response, which would otherwise be kept once per cookie jar.
NEUTRAL_VARY = frozenset({"accept-language", "accept-encoding", "cookie"})
NOT_PUBLIC = ("private", "no-store", "no-cache")
TEXT = re.compile(r"^(text/|application/(json|geo\+json|javascript|xml|rss\+xml|atom\+xml))")
GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESSED_LENGTH = 200
MAX_ENTRY_LENGTH = 2 * 1024 * 1024
HEADER = "X-Page-Cache"
logger = logging.getLogger(__name__)


def is_anonymous_read(request):
    """A GET or HEAD outside the admin from a reader with no session and no pending message."""
    return (
        request.method in ("GET", "HEAD")
        and not PERSONAL_COOKIES.intersection(request.COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
        and not is_admin_path(request.path_info)
    )


def is_public(request, response):
    """Whether `response` is the same for every anonymous reader (see the module's docstring)."""
    if response.status_code not in CACHEABLE_STATUSES or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if any(word in response.get("Cache-Control", "") for word in NOT_PUBLIC):
        return False
    vary = {header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()}
    return vary <= NEUTRAL_VARY


def accepts_gzip(request):
    return bool(GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def entry_key(request, gzip):
    """The cache key of this request's page: the same for every anonymous reader of the same variant."""
    language = translation.get_language_from_request(request, check_path=True)
    variant = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}|{language}|{int(gzip)}"
    return "page:" + hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()


def etag_of(content):
    """A strong validator of a body: a hash of its bytes."""
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def make_public(response, gzip):
    """Give a public response its caching headers, its compression and its validator."""
    vary = [header.strip() for header in response.get("Vary", "").split(",") if header.strip()]
    if any(header.lower() == "cookie" for header in vary):
        kept = [header for header in vary if header.lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
    if get_max_age(response) is None:
        patch_cache_control(response, max_age=settings.PAGE_BROWSER_SECONDS)
    patch_cache_control(response, public=True, s_maxage=settings.PAGE_CACHE_SECONDS)
    if not TEXT.match(response.get("Content-Type", "")) or response.has_header("Content-Encoding"):
        return
    patch_vary_headers(response, ("Accept-Encoding",))
    if gzip:
        compress(response)
    if not response.streaming and not response.has_header("ETag"):
        response["ETag"] = etag_of(response.content)


def compress(response):
    if response.streaming:
        response.streaming_content = compress_sequence(response.streaming_content)
        del response["Content-Length"]
    else:
        if len(response.content) < MIN_COMPRESSED_LENGTH:
            return
        compressed = compress_string(response.content)
        if len(compressed) >= len(response.content):
            return
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
    if response.has_header("ETag") and not response["ETag"].startswith("W/"):
        response["ETag"] = "W/" + response["ETag"]
    response["Content-Encoding"] = "gzip"


def not_modified(request, response):
    """304 when the reader's browser already has this response (its ETag or its date), else `response`.

    A 200 that may be stored gets an ETag if its view gave it none, as ConditionalGetMiddleware would.
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if (
        not response.has_header("ETag")
        and not response.streaming
        and "no-store" not in response.get("Cache-Control", "")
    ):
        response["ETag"] = etag_of(response.content)
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )


def make_private(response):
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, no-store"


class PageCacheMiddleware:
    """Answer anonymous reads from the page cache, and keep the public responses there.

    The first middleware of all: a hit costs one round trip to the shared cache (the page generation and
    the entry are read together), no database query and none of the other middlewares' work, since the
    entry was kept with the headers they gave it (security headers, the CSP) on its way out. A request
    the security middleware would redirect to HTTPS, a static file, and a host not allowed never read
    it. It answers conditional requests too (`not_modified`), hits included, which is why Django's
    ConditionalGetMiddleware is not in the stack. Which responses are public is `PublicResponseMiddleware`'s
    call, further in.
    `PAGE_CACHE_ENABLED = False` stores nothing (the benchmark's "uncached" pages).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key_for(request) if settings.PAGE_CACHE_ENABLED else None
        generation = None
        if key:
            found = self.read(key)
            generation = found.get(PAGE_GENERATION_KEY)
            entry = found.get(key)
            if entry is not None and generation is not None and entry[0] == generation:
                return not_modified(request, self.replay(entry))
        response = self.get_response(request)
        # PublicResponseMiddleware labels "miss" exactly the responses that may be kept.
        if key and response.get(HEADER) == "miss":
            self.keep(key, generation, response)
        return not_modified(request, response)

    @staticmethod
    def key_for(request):
        """The entry's key, or None for a request the cache must not answer."""
        if not is_anonymous_read(request) or request.path_info.startswith(settings.STATIC_URL):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # the security middleware redirects it
        try:
            return entry_key(request, accepts_gzip(request))
        except DisallowedHost:
            return None  # answered 400 further in

    @staticmethod
    def read(key):
        """The page generation and the entry, in one round trip; nothing when the cache is down."""
        try:
            client = getattr(cache, "client", None)
            if hasattr(client, "get_client") and hasattr(client, "decode"):
                # django-redis: one MGET straight on its connection, without the per-key bookkeeping of
                # its get_many (half the cost of a hit, measured); values are decoded as it would.
                names = (PAGE_GENERATION_KEY, key)
                values = client.get_client(write=False).mget([cache.make_key(name) for name in names])
                return {
                    name: client.decode(value)
                    for name, value in zip(names, values, strict=True)
                    if value is not None
                }
            return cache.get_many([PAGE_GENERATION_KEY, key])
        except Exception:  # the cache down: render the page, as if it had never been kept
            logger.warning("The page cache cannot be read", exc_info=True)
            return {}

    @staticmethod
    def replay(entry):
        _generation, status, headers, body = entry
        response = HttpResponse(body, status=status)
        # The kept headers were checked and encoded when the page was first sent: they are put back as
        # they are, without going through the header setter again (this is the hot path of every hit).
        response.headers._store = {name.lower(): (name, value) for name, value in headers}
        response.headers._store["x-page-cache"] = (HEADER, "hit")
        return response

    @staticmethod
    def keep(key, generation, response):
        if response.streaming or len(response.content) > MAX_ENTRY_LENGTH:
            return
        if not TEXT.match(response.get("Content-Type", "")):
            return
        headers = [(name, value) for name, value in response.items() if name != HEADER]
        try:
            if generation is None:
                # No generation yet (a fresh cache): start one, then file the page under it.
                cache.add(PAGE_GENERATION_KEY, 1, timeout=None)
                generation = cache.get(PAGE_GENERATION_KEY)
            if generation is not None:
                entry = (generation, response.status_code, headers, response.content)
                cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:  # the cache down: the reader has the page; the next one renders it again
            logger.warning("The page cache cannot be written", exc_info=True)


class PublicResponseMiddleware:
    """Label every dynamic response public or private; compress and tag the public ones.

    Sits just inside WhiteNoise, before the session, so that it sees what the views and the session did.
    A public response (see the module's docstring) gets its caching headers, gzip and an ETag, and is
    labelled "miss" for `PageCacheMiddleware`, which keeps it with the headers the outer middlewares add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            response = self.get_response(request)
            make_private(response)
            return response
        response = self.get_response(request)
        if not is_public(request, response):
            make_private(response)
            return response
        make_public(response, accepts_gzip(request))
        if tags := getattr(request, "cache_tags", None):
            response[TAGS_HEADER] = ",".join(sorted(tags))
        if settings.PAGE_CACHE_ENABLED and not response.streaming:
            response[HEADER] = "miss"
        return response
