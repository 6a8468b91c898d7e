"""The report form's views: submit (saved in one transaction, the code shown only after it commits),
and the status lookup by code (private, rate-limited, the same page whether the code exists or not)."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from mapping import tracking
from mapping.geometry import service_bounds
from mapping.models import Issue, Report, SourceChannel
from mapping.reports import outage  # noqa: F401  (registers the form's answer while the database is down)
from mapping.reports.forms import ReportForm
from mapping.reports.intake import submit_report
from portal.clients import client_address
from portal.page_views import page_view

logger = logging.getLogger(__name__)


def private(response):
    """Nothing a reporter sees about their report is stored by a browser or a proxy."""
    response["Cache-Control"] = "private, no-store"
    return response


def render_form(page, request, form, status=200, error=""):
    context = {
        **page.get_context(request),
        "form": form,
        "form_error": error,
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
    if is_ratelimited(
        request, group="report-submit", key=client_address, rate=settings.REPORT_RATE_LIMIT, increment=True
    ):
        message = _(
            "You have sent several reports in a short time. Please wait a few minutes and send it again."
        )
        return render_form(page, request, form, status=429, error=message)
    if not form.is_valid():
        return render_form(page, request, form, status=400)
    try:
        report = submit_report(
            form.report_fields(),
            channel=SourceChannel.WEB,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            token=form.cleaned_data["token"],
            processed_photos=form.processed_photos,
        )
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


@page_view("mapping.report-status")
def report_status_view(page, request):
    typed = request.GET.get("code", "")[:64]
    context = {
        **page.get_context(request),
        "typed_code": typed,
        "report": None,
        "issue": None,
        "looked_up": False,
    }
    status = 200
    if typed:
        if is_ratelimited(
            request,
            group="report-lookup",
            key=client_address,
            rate=settings.REPORT_LOOKUP_RATE_LIMIT,
            increment=True,
        ):
            context["lookup_error"] = _(
                "Too many look-ups from your connection. Please try again in a minute."
            )
            status = 429
        else:
            code = tracking.normalise(typed)
            report = Report.objects.filter(code=code).select_related("issue").first() if code else None
            context["looked_up"] = True
            context["report"] = report
            # Photos wait for the task worker (mapping.reports.pending) until they are re-encoded.
            context["photos_pending"] = report is not None and report.photos.filter(file="").exists()
            if report is not None and report.issue_id and report.issue.published:
                issue = Issue.objects.for_listing().get(pk=report.issue_id)
                context["issue"] = issue
                context["updates"] = list(issue.updates.all())
                context["deadline"] = issue.deadline()
    return private(TemplateResponse(request, "pages/mapping/report_status.html", context, status=status))
