"""The 'me too' button of an issue page: one support per browser, a bounded number per address.

The issue page that carries the button is the same for every reader and kept by every cache, so it holds
no CSRF token and sets no cookie. The POST is therefore exempt from Django's token check and protected
by the browser's own word on where it comes from: a POST whose `Origin` (or, failing that, `Referer`) is
not this site is refused, which is what the token would have guaranteed (OWASP's "verifying origin with
standard headers"). Only after supporting does the citizen get cookies: the list of issues this browser
supports (signed) and the message that thanks them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from mapping.map.links import issue_url
from mapping.models import Issue
from mapping.support.counts import add_support
from portal.clients import client_address

COOKIE = "supported"
COOKIE_SALT = "mapping.support"
REMEMBERED = 300  # the newest supports a browser remembers
COOKIE_AGE = 2 * 365 * 24 * 3600


def same_origin(request):
    """Whether the POST comes from a page of this site, as the browser tells it."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    return urlsplit(source).netloc == request.get_host()


def supported_ids(request):
    """The issues this browser already supports (from its signed cookie; none if it was tampered with)."""
    try:
        value = signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE_SALT)
    except signing.BadSignature:
        return []
    return [number for number in value if isinstance(number, int)] if isinstance(value, list) else []


@csrf_exempt  # the page that posts is publicly cached: see the module docstring, and same_origin
@require_POST
def support_issue(request, issue_id):
    """Add the browser's support to a published, open issue, and go back to its page."""
    if not same_origin(request):
        return HttpResponseForbidden(_("Support an issue from its page on this site."))
    issue = Issue.objects.published().filter(pk=issue_id).only("pk", "status").first()
    if issue is None:
        raise Http404(_("There is no such published issue."))
    page = issue_url(issue, translation.get_language()) or "/"
    back = HttpResponseRedirect(f"{page}#support", status=303)
    # The message is read on that page: in its language (the Russian one where a language has no map).
    with translation.override(page.split("/")[1] or translation.get_language()):
        return answer(request, issue, back)


def answer(request, issue, back):
    """Count the support unless this browser or address may not add one; `back`, with what happened."""
    supported = supported_ids(request)
    if issue.is_closed:
        messages.info(request, _("This issue is closed: it no longer takes support."))
        return back
    if issue.pk in supported:
        messages.info(request, _("You already support this issue."))
        return back
    if is_ratelimited(
        request, group="issue-support", key=client_address, rate=settings.SUPPORT_RATE_LIMIT, increment=True
    ):
        messages.error(request, _("Too many supports from this address. Please try again later."))
        return back
    add_support(issue.pk)
    messages.success(request, _("Thank you: your support is counted."))
    remembered = [*supported, issue.pk][-REMEMBERED:]
    back.set_cookie(
        COOKIE,
        signing.dumps(remembered, salt=COOKIE_SALT),
        max_age=COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return back
