"""The reporter's verdict on a resolution (issue 15): within `VERDICT_DAYS` of the day the issue linked to
their report was resolved, its reporter, by their tracking code, confirms the resolution or disputes it
with a comment. A dispute puts the issue back under review at once: its status becomes "disputed by the
reporter", with a timeline entry, published without waiting for staff (it is the citizen's word, not a
staff change); staff then take it from there. Verdicts are counted per authority on the transparency page.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from wagtail.log_actions import log

from mapping.models import Issue, IssueStatus, ResolutionVerdict, Verdict
from mapping.models.issues import local_today
from mapping.models.verdicts import VERDICT_DAYS

DISPUTE_NOTE = gettext_noop("The reporter disputed the resolution: the issue is under review again.")


def verdict_open_until(issue):
    """The last day a verdict on the issue's current resolution may be given (None if not resolved)."""
    if issue.status != IssueStatus.RESOLVED or issue.resolved_on is None:
        return None
    return issue.resolved_on + datetime.timedelta(days=VERDICT_DAYS)


def given_verdict(report, issue):
    """The verdict this report gave on the issue's current resolution; for an issue not resolved now (one
    it disputed, say), the last verdict it gave; or None."""
    verdicts = ResolutionVerdict.objects.filter(report=report, issue=issue)
    if issue.status == IssueStatus.RESOLVED and issue.resolved_on is not None:
        return verdicts.filter(resolved_on=issue.resolved_on).first()
    return verdicts.order_by("-created_at").first()


def may_give_verdict(report, issue, today=None):
    """Whether the report's reporter may confirm or dispute the resolution now."""
    until = verdict_open_until(issue)
    if until is None or not issue.live or report.issue_id != issue.pk:
        return False
    already = ResolutionVerdict.objects.filter(report=report, issue=issue, resolved_on=issue.resolved_on)
    return (today or local_today()) <= until and not already.exists()


@transaction.atomic
def record_verdict(report, issue, verdict, comment=""):
    """Keep the verdict; a dispute reopens the issue. Returns the ResolutionVerdict."""
    given = ResolutionVerdict.objects.create(
        report=report, issue=issue, resolved_on=issue.resolved_on, verdict=verdict, comment=comment
    )
    log(instance=report, action="mapping.report.verdict", data={"verdict": verdict, "issue": issue.pk})
    if verdict == Verdict.DISPUTED:
        reopen_as_disputed(issue)
    return given


def reopen_as_disputed(issue):
    """The issue under review again: status "disputed", a timeline entry in every language, published."""
    issue = Issue.objects.get(pk=issue.pk)  # the public row, not a draft
    issue.status_notes = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            issue.status_notes[code] = gettext(DISPUTE_NOTE)
    issue.status = IssueStatus.DISPUTED
    issue.record_status_change(local_today())
    revision = issue.save_revision(log_action=False)
    revision.publish(skip_permission_checks=True)
