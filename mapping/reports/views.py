"""The report form's views: submit (saved in one transaction, the code shown only after it commits),
the status lookup by code (private, rate-limited, answered 200 whether the code exists or not), and the
reporter's verdict on a resolution, sent from the status page.

A form sent back with errors, and a code that finds no report, show the error summary
(portal.error_summary) and a title starting with "Error: ". Accepted reports and refused submissions are
counted apart per client address: `REPORT_RATE_LIMIT` counts only the reports accepted, and the much
looser `REPORT_REFUSED_RATE_LIMIT` the forms sent back with errors, so that a citizen who makes mistakes
is not locked out and a flood of bad posts stays bounded. Both counts live in the shared cache.
"""

import logging
import uuid

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from mapping import tracking
from mapping.geometry import service_bounds
from mapping.map.links import issue_url, object_in_language
from mapping.models import Issue, Report, SourceChannel
from mapping.reports import outage  # noqa: F401  (registers the form's answer while the database is down)
from mapping.reports.forms import POINT_FIELDS, ReportForm
from mapping.reports.intake import submit_report
from mapping.reports.tokens import SubmissionMismatch, web_token
from mapping.reports.verdict_form import VerdictForm, verdict_context
from mapping.reports.verdicts import record_verdict
from portal.clients import client_address
from portal.error_summary import SummaryError, form_error_summary
from portal.page_views import page_view

logger = logging.getLogger(__name__)
# The status page's code input, which its error summary links to.
CODE_INPUT_ID = "status-code"


def private(response):
    """Nothing a reporter sees about their report is stored by a browser or a proxy."""
    response["Cache-Control"] = "private, no-store"
    return response


def limited(request, group, rate, count):
    """Whether the client is over `rate` in `group`, counting this request first when `count`."""
    return is_ratelimited(request, group=group, key=client_address, rate=rate, increment=count)


def too_many(page, request, form):
    message = _("You have sent several reports in a short time. Please wait a few minutes and send it again.")
    return render_form(page, request, form, status=429, error=message)


def sent_with_other_content(page, request, form):
    """The form's token made a report already, and this submission says something else (a form sent,
    then changed and sent again): the first report stands; what was typed now comes back with a new
    token, to be sent as a report of its own."""
    form.data = form.data.copy()
    form.data["token"] = uuid.uuid4().hex
    message = _(
        "This form had already been sent, with other content, and that report was received. What you "
        "have written now is below: check it and send it again to make it a new report."
    )
    return render_form(page, request, form, status=409, error=message)


def render_form(page, request, form, status=200, error=""):
    context = {
        **page.get_context(request),
        "form": form,
        "form_error": error,
        # A form sent back for its errors (not for a fault or the rate limit) opens with their summary.
        "error_summary": [] if error else form_error_summary(form, without=POINT_FIELDS),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "service_bounds": ",".join(str(value) for value in service_bounds()),
    }
    return private(TemplateResponse(request, "pages/mapping/report_page.html", context, status=status))


@page_view("mapping.report-form")
def report_form_view(page, request):
    if request.method != "POST":
        return render_form(page, request, ReportForm())
    form = ReportForm(request.POST, request.FILES)
    # A client already over either limit is answered before its form is checked.
    if limited(request, "report-submit", settings.REPORT_RATE_LIMIT, False) or limited(
        request, "report-refused", settings.REPORT_REFUSED_RATE_LIMIT, False
    ):
        return too_many(page, request, form)
    if not form.is_valid():
        if limited(request, "report-refused", settings.REPORT_REFUSED_RATE_LIMIT, True):
            return too_many(page, request, form)
        return render_form(page, request, form, status=400)
    if limited(request, "report-submit", settings.REPORT_RATE_LIMIT, True):
        return too_many(page, request, form)
    try:
        report = submit_report(
            form.report_fields(),
            channel=SourceChannel.WEB,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            token=web_token(form.cleaned_data["token"]),
            processed_photos=form.processed_photos,
        )
    except SubmissionMismatch:
        return sent_with_other_content(page, request, form)
    except DatabaseError:
        logger.exception("A report could not be saved")
        message = _(
            "We could not save your report because of a fault on our side. Nothing was lost: your text is "
            "still in the form below. Please send it again in a few minutes, or call 1424."
        )
        return render_form(page, request, form, status=503, error=message)
    return private(
        TemplateResponse(
            request,
            "pages/mapping/report_thanks.html",
            {
                **page.get_context(request),
                "report": report,
                "status_url": page.url + page.reverse_subpage("status"),
            },
        )
    )


def look_up(typed):
    """What the status page shows for a typed code: the report and its published issue, or the error."""
    code = tracking.normalise(typed)
    report = Report.objects.filter(code=code).select_related("issue").first() if code else None
    if report is None:
        return {"code_error": _("No report with this code")}
    # Photos wait for the task worker (mapping.reports.pending) until they are re-encoded.
    context = {"report": report, "photos_pending": report.photos.filter(file="").exists()}
    if report.issue_id and report.issue.published:
        issue = Issue.objects.for_listing().select_related("problem_object").get(pk=report.issue_id)
        context.update(
            issue=issue,
            updates=list(issue.updates.all()),
            deadline=issue.deadline(),
            # The issue's public page and its object's, in the page's language when they have one.
            issue_url=issue_url(issue, translation.get_language() or settings.LANGUAGE_CODE),
            **object_in_language(issue),
            **verdict_context(report, issue),
        )
    return context


def status_context(page, request, typed):
    """The status page's context for a typed code, and its HTTP status (429 over the look-up limit)."""
    context = {
        **page.get_context(request),
        "typed_code": typed,
        "report": None,
        "issue": None,
        "looked_up": False,
        "code_error": "",
    }
    status = 200
    if "code" in request.GET and not typed.strip():
        context["code_error"] = _("Enter your tracking code.")
    elif typed:
        if limited(request, "report-lookup", settings.REPORT_LOOKUP_RATE_LIMIT, True):
            context["lookup_error"] = _(
                "Too many look-ups from your connection. Please try again in a minute."
            )
            status = 429
        else:
            context["looked_up"] = True
            context.update(look_up(typed))
    if context["code_error"]:
        context["error_summary"] = [SummaryError(context["code_error"], CODE_INPUT_ID)]
    return context, status


def render_status(request, context, status):
    response = private(TemplateResponse(request, "pages/mapping/report_status.html", context, status=status))
    # The address carries the code (the e-mail's link, the form's GET): no page or file this one links
    # to learns more than the site's origin from a Referer, and nothing over plain HTTP learns even that.
    # ("no-referrer" would hide it too, but then browsers send "Origin: null" with the verdict form's
    # POST, which CSRF protection refuses.)
    response["Referrer-Policy"] = "strict-origin"
    return response


@page_view("mapping.report-status")
def report_status_view(page, request):
    context, status = status_context(page, request, request.GET.get("code", "")[:64])
    return render_status(request, context, status)


@page_view("mapping.report-verdict")
def report_verdict_view(page, request):
    """The verdict the status page's form sent (mapping.reports.verdicts): recorded, then the status page
    again; or the status page with what to correct, the comment kept."""
    status_url = page.url + page.reverse_subpage("status")
    if request.method != "POST":
        return HttpResponseRedirect(status_url)
    typed = request.POST.get("code", "")[:64]
    context, status = status_context(page, request, typed)
    report, issue = context.get("report"), context.get("issue")
    if status != 200 or report is None:
        return render_status(request, context, status if status != 200 else 400)
    if issue is None or "verdict_form" not in context:
        context["verdict_error"] = _("The resolution of this issue can no longer be confirmed or disputed.")
        return render_status(request, context, 400)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        context.update(verdict_context(report, issue, form), error_summary=form_error_summary(form))
        return render_status(request, context, 400)
    record_verdict(report, issue, form.cleaned_data["verdict"], form.cleaned_data["comment"].strip())
    query = urlencode({"code": report.display_code})
    return HttpResponseRedirect(f"{status_url}?{query}#verdict", status=303)
