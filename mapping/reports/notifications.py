"""E-mail about reports, sent through Django Tasks after the change that causes it has committed.

Moderators hear of each new report (never its contacts or text, only where to triage it). A reporter who
gave an e-mail hears on receipt (with the tracking code), when the report is rejected or answered, and on
every status change of the published issue it was linked to, always in the language the report was made in.

Every link is absolute, on the site's public address (`PORTAL_PUBLIC_URL`, portal.public_url). The
reporter's link opens the status page with the code filled in and looked up (`status/?code=`): the page is
private, kept by no cache, and sends `Referrer-Policy: strict-origin`, so the code never leaves it in a
`Referer` (mapping.reports.views).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django_tasks import task

from mapping.map.links import issue_url
from mapping.models import Issue, Report, ReportPage, TriageState
from mapping.models.texts import localized
from portal.public_url import absolute_url, page_url
from portal.text import clean_text

logger = logging.getLogger(__name__)

MODERATOR_PERMISSION = ("mapping", "change_report")


def after_commit(task_, *args):
    """Queue a task once the current transaction commits, so a rolled-back change sends nothing."""
    transaction.on_commit(lambda: task_.enqueue(*args))


def moderator_emails():
    """Active staff who may triage reports and have an e-mail address."""
    app_label, codename = MODERATOR_PERMISSION
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    allowed = Q(is_superuser=True)
    if permission is not None:
        allowed |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    users = get_user_model().objects.filter(allowed, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def status_page_url(language, report=None):
    """The status lookup of the report page in that language (or the default one), on the public address;
    with a report, its code in the query, so that the page shows the report at once."""
    pages = ReportPage.objects.live().select_related("locale")
    page = pages.filter(locale__language_code=language).first() or pages.first()
    base = page_url(page) if page is not None else ""
    if not base:
        return ""
    url = base + page.reverse_subpage("status")
    return f"{url}?{urlencode({'code': report.display_code})}" if report is not None else url


def public_issue_url(issue, language):
    """The public page of an issue in that language, on the public address; "" without a map page."""
    path = issue_url(issue, language)
    return absolute_url(path) if path else ""


def send(subject, template, context, recipients, headers=None):
    """One e-mail from the portal: its body rendered, both cleaned of what no e-mail may carry."""
    body = clean_text(render_to_string(template, context))
    # A header may not break lines: a subject is one line whatever was typed.
    subject = " ".join(clean_text(str(subject)).split())
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, headers=headers).send()


@task()
def notify_moderators(report_id):
    """Tell moderators a report is waiting in the queue."""
    report = Report.objects.select_related("category", "area").filter(pk=report_id).first()
    recipients = moderator_emails()
    if report is None or not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        admin_url = absolute_url(reverse("wagtailsnippets_mapping_report:inspect", args=[report.pk]))
        subject = translation.gettext("New report %(code)s") % {"code": report.display_code}
        send(
            subject,
            "mapping/email/moderators_new_report.txt",
            {"report": report, "url": admin_url},
            recipients,
        )
    return len(recipients)


@task()
def send_receipt(report_id):
    """Confirm to the reporter that the report arrived, with its tracking code."""
    report = Report.objects.filter(pk=report_id).exclude(email="").first()
    if report is None:
        return 0
    with translation.override(report.language):
        subject = translation.gettext("Your report %(code)s has been received") % {
            "code": report.display_code
        }
        context = {"report": report, "status_url": status_page_url(report.language, report)}
        send(subject, "mapping/email/report_received.txt", context, [report.email])
    return 1


@task()
def send_triage_outcome(report_id):
    """Tell the reporter their report was rejected (and why) or answered (and the answer)."""
    report = (
        Report.objects.filter(pk=report_id, state__in=[TriageState.REJECTED, TriageState.ANSWERED])
        .exclude(email="")
        .first()
    )
    if report is None:
        return 0
    with translation.override(report.language):
        subject = translation.gettext("Your report %(code)s: %(state)s") % {
            "code": report.display_code,
            "state": report.get_state_display(),
        }
        context = {"report": report, "status_url": status_page_url(report.language, report)}
        send(subject, "mapping/email/report_outcome.txt", context, [report.email])
    return 1


@task()
def notify_reporters_of_status(issue_id, report_id=None):
    """Tell the reporters linked to a published issue (or just one of them) its status and public note."""
    issue = Issue.objects.filter(pk=issue_id, live=True).first()
    if issue is None:
        return 0
    update = issue.updates.filter(status=issue.status).order_by("-date", "-sort_order", "-pk").first()
    sent = 0
    reports = issue.reports.exclude(email="").filter(erased_at__isnull=True)
    if report_id is not None:
        reports = reports.filter(pk=report_id)
    for report in reports:
        with translation.override(report.language):
            subject = translation.gettext("Your report %(code)s: %(status)s") % {
                "code": report.display_code,
                "status": issue.get_status_display(),
            }
            context = {
                "report": report,
                "issue": issue,
                "note": localized(update, "note") if update else "",
                "status_url": status_page_url(report.language, report),
                "issue_url": public_issue_url(issue, report.language),
            }
            send(subject, "mapping/email/issue_status_changed.txt", context, [report.email])
        sent += 1
    return sent
