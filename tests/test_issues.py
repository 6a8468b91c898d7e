"""Issues: derived fields, status rules, the timeline, deadlines and the public position."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mapping.models import Issue, IssueStatus
from tests.factories import DocumentFactory, IssueFactory

pytestmark = pytest.mark.django_db


def test_coordinates_and_due_date_are_derived_on_save(map_tree):
    issue = IssueFactory(
        category=map_tree["services"], area=map_tree["city"], registered_on=datetime.date(2025, 3, 19)
    )
    assert (issue.latitude, issue.longitude) == (53.28, 69.39)
    assert (issue.map_latitude, issue.map_longitude) == (53.28, 69.39)
    # 15 working days after 19 March 2025, Nauryz (21, 24, 25 March) skipped: 14 April.
    assert issue.due_on == datetime.date(2025, 4, 14)


def test_an_empty_location_is_allowed(map_tree):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["other"], location="")
    assert issue.latitude is None
    # Without a point the map shows the issue at its area's centre.
    assert (issue.map_latitude, issue.map_longitude) == (52.35, 71.88)


def test_a_sensitive_issue_is_placed_at_its_area_only(map_tree):
    issue = IssueFactory(category=map_tree["corruption"], area=map_tree["other"])
    assert (issue.latitude, issue.longitude) == (53.28, 69.39)
    assert (issue.map_latitude, issue.map_longitude) == (52.35, 71.88)


def test_turning_a_category_sensitive_moves_its_issues(map_tree):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["other"])
    map_tree["services"].sensitive = True
    map_tree["services"].save()
    issue.refresh_from_db()
    assert (issue.map_latitude, issue.map_longitude) == (52.35, 71.88)


def test_resolved_needs_a_resolution(map_tree):
    issue = IssueFactory.build(
        category=map_tree["services"], area=map_tree["city"], status=IssueStatus.RESOLVED
    )
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert {"resolution", "evidence_document"} <= set(error.value.message_dict)
    issue.resolution = "Терминал заменён."
    issue.evidence_document = DocumentFactory()
    issue.full_clean()


def test_duplicate_needs_the_issue_it_duplicates(map_tree):
    original = IssueFactory(category=map_tree["services"], area=map_tree["city"])
    issue = IssueFactory.build(
        category=map_tree["services"], area=map_tree["city"], status=IssueStatus.DUPLICATE
    )
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert "duplicate_of" in error.value.message_dict
    issue.duplicate_of = original
    issue.full_clean()


def test_a_malformed_location_is_refused(map_tree):
    issue = IssueFactory.build(category=map_tree["services"], area=map_tree["city"], location="POINT(abc)")
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert "location" in error.value.message_dict


def test_an_extension_needs_reasons_and_stays_within_two_months(map_tree):
    issue = IssueFactory.build(
        category=map_tree["services"],
        area=map_tree["city"],
        registered_on=datetime.date(2025, 3, 3),
        extended_until=datetime.date(2025, 5, 20),
    )
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert {"extension_reason", "extended_until"} <= set(error.value.message_dict)
    issue.extended_until = datetime.date(2025, 4, 30)
    issue.extension_reason = "Нужна экспертиза."
    issue.full_clean()
    issue.save()
    assert issue.due_on == datetime.date(2025, 4, 30)


def test_every_status_change_goes_on_the_timeline(map_tree):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"])
    assert [u.status for u in issue.updates.all()] == [IssueStatus.REGISTERED]
    issue = Issue.objects.get(pk=issue.pk)
    issue.status = IssueStatus.FORWARDED
    issue.status_note = "Направлено в акимат."
    issue.save()
    issue = Issue.objects.get(pk=issue.pk)
    issue.title = "Новое название"
    issue.save()  # no status change, no new entry
    issue = Issue.objects.get(pk=issue.pk)
    issue.status = IssueStatus.RESOLVED
    issue.resolution = "Сделано."
    issue.save()
    updates = list(issue.updates.all())
    assert [u.status for u in updates] == [
        IssueStatus.REGISTERED,
        IssueStatus.FORWARDED,
        IssueStatus.RESOLVED,
    ]
    assert updates[1].note == "Направлено в акимат."
    assert issue.forwarded_on is not None and issue.resolved_on is not None


def test_reopening_clears_the_closing_date(map_tree):
    issue = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        status=IssueStatus.RESOLVED,
        resolution="Сделано.",
    )
    assert issue.resolved_on is not None
    issue.status = IssueStatus.IN_PROGRESS
    issue.save()
    assert issue.resolved_on is None


def test_overdue_issues(map_tree):
    old = IssueFactory(
        category=map_tree["services"], area=map_tree["city"], registered_on=datetime.date(2025, 1, 6)
    )
    closed = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        registered_on=datetime.date(2025, 1, 6),
        status=IssueStatus.RESOLVED,
        resolution="Сделано.",
    )
    today = datetime.date(2025, 3, 3)
    assert list(Issue.objects.overdue(today)) == [old]
    assert old.deadline(today).is_overdue
    assert closed not in Issue.objects.overdue(today)
