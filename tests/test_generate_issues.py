"""generate_issues makes the same valid synthetic issues for a seed; benchmark_map reports on them."""

import datetime
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import F
from wagtail.search.models import IndexEntry

from mapping import deadlines
from mapping.geometry import format_point, parse_point
from mapping.management.commands.benchmark_map import viewports
from mapping.management.commands.generate_issues import COUNTRY_BOX, TITLE_PREFIX, synthetic_issues
from mapping.models import Issue, IssueStatus
from mapping.models.issues import CLOSED_STATUSES

COUNT = 300
UNTIL = datetime.date(2025, 6, 30)
COUNTRY_URL = "/api/v1/map/issues.geojson?bbox=46,40,88,56&zoom=5"


@pytest.fixture(autouse=True)
def fresh_cache():
    # The reference data is cached across tests, whose database rows are rolled back.
    cache.clear()


def generate(seed, **options):
    out = io.StringIO()
    call_command("generate_issues", count=COUNT, seed=seed, until=UNTIL, batch=128, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """What must not change between two runs with the same seed (primary keys aside)."""
    rows = synthetic_issues().values_list(
        "title",
        "location",
        "map_latitude",
        "map_longitude",
        "status",
        "category__slug",
        "area__slug",
        "source_channel",
        "registered_on",
        "extended_until",
        "due_on",
        "resolved_on",
        "duplicate_of__title",
    )
    return sorted(rows, key=lambda row: int(row[0].removeprefix(TITLE_PREFIX)))


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_issues_and_delete_replaces_them():
    output = generate(seed=7, delete=True)
    first = snapshot()
    assert f"{COUNT}/{COUNT} issues" in output
    assert len(first) == COUNT

    generate(seed=7, delete=True)
    assert snapshot() == first  # replaced, not added to

    generate(seed=8, delete=True)
    assert snapshot() != first
    assert synthetic_issues().count() == COUNT


@pytest.mark.django_db
def test_issues_are_inside_kazakhstan_in_every_status_and_keep_the_model_rules():
    generate(seed=3)
    issues = list(synthetic_issues().select_related("category", "area", "duplicate_of"))
    assert len(issues) == COUNT
    min_lon, min_lat, max_lon, max_lat = COUNTRY_BOX
    for issue in issues:
        assert issue.published
        assert parse_point(issue.location) == (issue.latitude, issue.longitude)
        assert min_lat <= issue.latitude <= max_lat and min_lon <= issue.longitude <= max_lon, issue.location
        assert (issue.map_latitude, issue.map_longitude) == issue.public_position()
        assert UNTIL - datetime.timedelta(days=3 * 365 + 20) <= issue.registered_on <= UNTIL
        issue.full_clean()  # resolution, duplicate, extension and locale rules of Issue.clean()
    assert {issue.status for issue in issues} == set(IssueStatus.values)
    assert any(issue.category.sensitive for issue in issues)
    assert any(issue.extended_until for issue in issues)

    for issue in issues:
        if issue.status == IssueStatus.RESOLVED:
            assert issue.resolution.strip()
        if issue.status == IssueStatus.DUPLICATE:
            original = issue.duplicate_of
            assert original is not None and original.status != IssueStatus.DUPLICATE
            assert int(original.title.removeprefix(TITLE_PREFIX)) < int(
                issue.title.removeprefix(TITLE_PREFIX)
            )
        else:
            assert issue.duplicate_of_id is None
        assert (issue.resolved_on is not None) == (issue.status in CLOSED_STATUSES)

    for issue in issues[::7]:
        assert issue.due_on == deadlines.effective_due(issue.registered_on, issue.extended_until)
        assert issue.due_on == issue.effective_due
        timeline = [(update.date, update.status) for update in issue.updates.all()]
        assert timeline[0] == (issue.registered_on, IssueStatus.REGISTERED)
        if issue.status == IssueStatus.REGISTERED:
            assert len(timeline) == 1
        else:
            assert len(timeline) == 2 and timeline[1][1] == issue.status
            assert issue.registered_on <= timeline[1][0] <= UNTIL


@pytest.mark.django_db
def test_delete_keeps_the_editors_issues_and_the_api_counts_everything(client):
    generate(seed=5)
    synthetic = synthetic_issues().select_related("category", "area").first()
    # An editor saves a synthetic issue a day after it was generated: now it is in the search index.
    Issue.objects.filter(pk=synthetic.pk).update(created_at=F("created_at") - datetime.timedelta(days=1))
    edited = Issue.objects.get(pk=synthetic.pk)
    edited.status_note = "Проверено."
    edited.save()
    issue_type = ContentType.objects.get_for_model(Issue)
    assert IndexEntry.objects.filter(content_type=issue_type, object_id=str(edited.pk)).exists()
    editors = Issue(
        title=f"{TITLE_PREFIX} в заголовке, но написано редактором",
        description="Не работает освещение во дворе.",
        category=synthetic.category,
        area=synthetic.area,
        location=format_point(51.17, 71.43),
        live=True,
    )
    editors.save()
    generate(seed=5, delete=True)
    assert Issue.objects.filter(pk=editors.pk).exists()
    assert not Issue.objects.filter(pk=edited.pk).exists()
    assert not IndexEntry.objects.filter(content_type=issue_type, object_id=str(edited.pk)).exists()
    assert synthetic_issues().count() == COUNT

    response = client.get(COUNTRY_URL)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["total"] == COUNT + 1
    assert len(data["features"]) <= 500


@pytest.mark.django_db
def test_benchmark_reports_every_viewport():
    generate(seed=1)
    out = io.StringIO()
    call_command("benchmark_map", requests=2, stdout=out)
    output = out.getvalue()
    assert f"Published issues: {COUNT}" in output
    assert "Database: " in output
    lines = output.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("viewport"))
    for column in ("zoom", "features", "clustered", "in box", "gzipped", "p50 ms", "p95 ms", "queries"):
        assert column in lines[header]
    rows = lines[header + 2 : header + 2 + len(viewports())]
    assert len(rows) == len(viewports()) >= 8
    for row in rows:
        assert row.rstrip().endswith("OK") or "OVER (" in row, row
    country = rows[0].split()
    assert country[:3] == ["Kazakhstan", "5", str(COUNT)] and country[4] == str(COUNT)
