"""The endpoint browsers send violation reports to (`report-uri` and `report-to` of our policy)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from portal.clients import client_address
from portal.csp_reports.models import record
from portal.csp_reports.parsing import ACCEPTED_TYPES, MalformedReport, violations

# A report is well under a kilobyte, a browser's batch a few: anything bigger is not a browser's doing.
MAX_BYTES = 8 * 1024


def refused(status, message):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt  # browsers post reports without a token, and nothing here acts for a signed-in user
@require_POST
def receive(request):
    """Keep the violations a browser reports: 204, or 429 past `CSP_REPORT_RATE_LIMIT` per client address,
    415 for another content type, 413 for a body over MAX_BYTES, 400 for a malformed one.

    Anyone may post here, so it is rate-limited before anything is read, reads a bounded body, keeps
    no personal data (portal.csp_reports.parsing) and sets no cookie."""
    if is_ratelimited(
        request, group="csp-report", key=client_address, rate=settings.CSP_REPORT_RATE_LIMIT, increment=True
    ):
        return refused(429, _("Too many reports from this address; try again later."))
    if request.content_type not in ACCEPTED_TYPES:
        return refused(415, _("Send a CSP report as application/csp-report or application/reports+json."))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    # A body sent without its length (chunked) is measured once read (Django caps what it reads anyway).
    if length > MAX_BYTES or len(request.body) > MAX_BYTES:
        return refused(413, _("The report is too large."))
    try:
        found = violations(request.content_type, request.body, request.headers.get("User-Agent", ""))
    except MalformedReport:
        return refused(400, _("The report is not a CSP violation report."))
    for violation in found:
        record(violation)
    return HttpResponse(status=204)
