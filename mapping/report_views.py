"""The report form's views: submit (saved in one transaction, the code shown only after it commits),
and the status lookup by code (private, rate-limited, the same page whether the code exists or not)."""

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from mapping import tracking
from mapping.geometry import service_bounds
from mapping.models import Issue, Report, ReportPhoto, SourceChannel
from mapping.notifications import after_commit, notify_moderators, send_receipt
from mapping.report_form import ReportForm, category_for

logger = logging.getLogger(__name__)


def client_address(group, request):
    """The client's address: the connection's, or the one the trusted proxies saw (not a spoofable one)."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


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
        report = save_report(form, request)
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


def save_report(form, request, *, channel=SourceChannel.WEB, partner=None):
    """The report and its photos in one transaction; the photo files of a failed one are removed.

    A second submit of the same form (same token) returns the report the first one made. `channel` and
    `partner` say where it came from when not from the public form (the Open311 API).
    """
    data = form.cleaned_data
    existing = Report.objects.filter(idempotency_token=data["token"]).first()
    if existing is not None:
        return existing
    saved_files = []
    try:
        with transaction.atomic():
            report = Report.objects.create(
                idempotency_token=data["token"],
                channel=channel,
                partner=partner,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                description=data["description"],
                category=category_for(data.get("category")),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                address=data.get("address", ""),
                anonymity=data["anonymity"],
                name=data.get("name", ""),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                consent_at=timezone.now() if data.get("consent") else None,
            )
            for content, info in form.processed_photos:
                photo = ReportPhoto(report=report, width=info.width, height=info.height)
                photo.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
                saved_files.append(photo.file)
                photo.save()
            after_commit(notify_moderators, report.pk)
            after_commit(send_receipt, report.pk)
    except IntegrityError:
        remove_files(saved_files)
        existing = Report.objects.filter(idempotency_token=data["token"]).first()
        if existing is None:
            raise
        return existing
    except BaseException:
        remove_files(saved_files)
        raise
    return report


def remove_files(files):
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.warning("Could not remove %s after a failed report", file.name)


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
            if report is not None and report.issue_id and report.issue.published:
                issue = Issue.objects.for_listing().get(pk=report.issue_id)
                context["issue"] = issue
                context["updates"] = list(issue.updates.all())
                context["deadline"] = issue.deadline()
    return private(TemplateResponse(request, "pages/mapping/report_status.html", context, status=status))
