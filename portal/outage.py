"""While the database is down or restarting: a 503 that loses nothing, never a 500.

`OutageMiddleware` (early in MIDDLEWARE, inside the security and CSP middleware so that its answers get
their headers) turns a database error raised while a request is served into a 503:

- a feature may answer it itself: an app registers a handler with `@outage_handler`, called as
  `handler(request)`, which returns a response or None (the report form gives the citizen's text back,
  Open311 answers in its own error format); the first response wins;
- otherwise the answer is the static page `503.html`, in the language of the URL's prefix, which needs
  neither the database nor the page chrome, with `Retry-After`.

An error in a view reaches `process_exception`; one raised by a middleware further in is caught around
`get_response` when it propagates, and by `server_error` (the project's handler500) when Django has
already turned it into a response. Nothing here reads the database.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError, DatabaseError)
RETRY_AFTER_SECONDS = 60
_handlers = []


def outage_handler(handler):
    """Register `handler(request)`: a 503 response for the requests it knows, None for the others."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def request_language(request):
    """The language of the URL's prefix (/ru/, /kk/, /en/), or the default one."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def unavailable(request, response):
    """The headers every outage answer carries: retry later, store nothing."""
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.setdefault("Cache-Control", "no-store")
    return response


def outage_response(request):
    with translation.override(request_language(request)):
        for handler in _handlers:
            try:
                response = handler(request)
            except Exception:  # a handler that fails still leaves the static page
                logger.exception("The outage handler %s failed", getattr(handler, "__name__", handler))
                continue
            if response is not None:
                return unavailable(request, _rendered(response))
        if request.path_info.startswith("/api/"):
            message = _("The service is temporarily unavailable. Please try again in a few minutes.")
            return unavailable(request, JsonResponse({"error": message}, status=503))
        response = TemplateResponse(request, "503.html", {}, status=503)
        return unavailable(request, _rendered(response))


def _rendered(response):
    """Render a template response now, in the language this module has activated."""
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    return response


def _log(request, error):
    if isinstance(error, OperationalError | InterfaceError):
        # The database is down: one line per request, its class only (its text may hold a host name).
        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path_info, type(error).__name__
        )
    else:
        # Another database error is more likely a fault of ours: logged in full, answered with the 503.
        logger.error("Database error for %s %s", request.method, request.path_info, exc_info=error)


class OutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except DATABASE_ERRORS as error:
            _log(request, error)
            return outage_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            _log(request, exception)
            return outage_response(request)
        return None


def server_error(request, *args, **kwargs):
    """handler500: a database error that a middleware turned into a 500 is an outage, answered as one."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        _log(request, error)
        return outage_response(request)
    return default_server_error(request, *args, **kwargs)
