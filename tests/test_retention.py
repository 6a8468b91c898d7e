"""Retention: contacts and private text of reports closed long ago are erased; the public issue stays."""

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from mapping.models import IssueStatus, Report, TriageState
from tests.factories import IssueFactory, ReportFactory

pytestmark = pytest.mark.django_db

# Everything retention erases: the private text, the contacts, the address and point (and a photo each).
PERSONAL_DATA = {
    "description": "Частный текст с фамилией заявителя.",
    "name": "Ерлан",
    "email": "erlan@example.kz",
    "phone": "+77015554433",
    "address": "ул. Абая, 1, кв. 5",
    "latitude": 53.28,
    "longitude": 69.39,
}


def months_ago(months):
    return timezone.now() - datetime.timedelta(days=31 * months)


def run(*args):
    out = io.StringIO()
    call_command("erase_reports", *args, stdout=out)
    return out.getvalue()


def test_reports_closed_before_the_period_lose_their_personal_data(
    settings, map_tree, django_capture_on_commit_callbacks
):
    settings.REPORT_RETENTION_MONTHS = 12
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Публичная проблема")
    old = ReportFactory(
        **PERSONAL_DATA,
        photos=1,
        state=TriageState.REJECTED,
        rejection_reason="Не по компетенции",
        closed_at=months_ago(13),
    )
    old_linked = ReportFactory(
        **PERSONAL_DATA, photos=1, state=TriageState.ACCEPTED, issue=issue, closed_at=months_ago(20)
    )
    recent = ReportFactory(
        **PERSONAL_DATA, photos=1, state=TriageState.ANSWERED, answer="Ответ", closed_at=months_ago(6)
    )
    still_open = ReportFactory(**PERSONAL_DATA, photos=1, state=TriageState.IN_REVIEW)
    photo_path = old.photos.get().file.path

    assert "2 report(s)" in run("--dry-run")
    assert Report.objects.filter(erased_at__isnull=False).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert "2 report(s)" in run()

    for report in (old, old_linked):
        report.refresh_from_db()
        assert report.erased_at is not None
        assert (report.name, report.email, report.phone, report.description, report.address) == ("",) * 5
        assert report.latitude is None and report.photos.count() == 0
        assert ModelLogEntry.objects.filter(object_id=str(report.pk), action="mapping.report.erased").exists()
    # What the public and the reporter's code still show stays.
    assert old.rejection_reason == "Не по компетенции" and old.code
    old_linked.refresh_from_db()
    assert old_linked.issue_id == issue.pk
    issue.refresh_from_db()
    assert issue.title == "Публичная проблема"
    for report in (recent, still_open):
        report.refresh_from_db()
        assert report.erased_at is None and report.email == "erlan@example.kz"
    assert not os.path.exists(photo_path)
    # Run again: nothing left to erase.
    assert "0 report(s)" in run()


def test_a_report_closes_with_its_issue_and_reopens_with_it(map_tree):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"])
    report = ReportFactory(**PERSONAL_DATA, photos=1, state=TriageState.ACCEPTED, issue=issue)
    issue.status = IssueStatus.RESOLVED
    issue.resolution = "Сотрудник уволен."
    issue.save()
    report.refresh_from_db()
    assert report.closed_at is not None
    issue.status = IssueStatus.IN_PROGRESS
    issue.save()
    report.refresh_from_db()
    assert report.closed_at is None


def test_the_period_must_be_positive():
    with pytest.raises(CommandError):
        run("--months", "0")
