"""Issues in the Wagtail admin: creating one with a point, the listing's filters, export, dashboard."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from mapping.models import Issue
from tests.approval import approve, submit
from tests.factories import IssueFactory, ReportFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/mapping/issue/"


def issue_form(tree, **overrides):
    data = {
        "title": "Яма у ЦОН",
        "description": "Яма на тротуаре у входа.",
        "category": tree["services"].pk,
        "area": tree["city"].pk,
        "authority": "",
        "problem_object": "",
        "address": "г. Кокшетау, ул. Абая, 89",
        "location": "SRID=4326;POINT(69.3912 53.2871)",
        "status": "registered",
        "source_channel": "phone",
        "status_note": "",
        "registered_on": "2025-03-03",
        "forwarded_on": "",
        "extended_until": "",
        "extension_reason": "",
        "resolution": "",
        "resolved_on": "",
        "duplicate_of": "",
        "updates": inline_formset([]),
        "photos": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_creates_an_issue_with_a_point(admin_client, map_tree, supervisor):
    response = admin_client.post(LIST + "add/", issue_form(map_tree))
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get(title="Яма у ЦОН")
    assert (issue.latitude, issue.longitude) == (53.2871, 69.3912)
    assert issue.source_channel == "phone"
    assert [u.status for u in issue.updates.all()] == ["registered"]

    def on_map():
        box = {"bbox": "69,53,70,54", "zoom": 12}
        features = admin_client.get("/api/v1/map/issues.geojson", box).json()["features"]
        return [f["properties"]["id"] for f in features]

    # A draft until a second person approves it; then it is on the public map.
    assert issue.live is False and on_map() == []
    approve(submit(issue, issue.latest_revision.user), supervisor)
    assert on_map() == [issue.pk]


def test_resolving_without_a_resolution_is_refused_in_the_admin(admin_client, map_tree):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"])
    response = admin_client.post(f"{LIST}edit/{issue.pk}/", issue_form(map_tree, status="resolved"))
    assert response.status_code == 200
    assert "resolution" in response.context["form"].errors
    issue.refresh_from_db()
    assert issue.status == "registered"


def test_a_status_change_with_a_note_goes_on_the_timeline_once_approved(admin_client, map_tree, supervisor):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Яма у ЦОН")
    response = admin_client.post(
        f"{LIST}edit/{issue.pk}/",
        issue_form(
            map_tree,
            status="forwarded",
            status_note="Направлено в акимат города.",
            updates=inline_formset(
                [
                    {
                        "id": u.pk,
                        "date": u.date.isoformat(),
                        "status": u.status,
                        "note": u.note,
                        "document": "",
                    }
                    for u in issue.updates.all()
                ],
                initial=1,
            ),
        ),
    )
    assert response.status_code == 302
    # The public record is unchanged: the change is a draft, its timeline entry with it.
    issue.refresh_from_db()
    assert issue.status == "registered" and issue.has_unpublished_changes
    draft = issue.get_latest_revision_as_object()
    assert [(u.status, u.note) for u in draft.updates.all()][-1] == (
        "forwarded",
        "Направлено в акимат города.",
    )
    issue = approve(submit(issue, issue.latest_revision.user), supervisor)
    notes = [(u.status, u.note) for u in issue.updates.all()]
    assert issue.status == "forwarded"
    assert notes == [("registered", ""), ("forwarded", "Направлено в акимат города.")]


def test_listing_filters_overdue_and_exports(admin_client, map_tree):
    overdue = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Просроченная",
        registered_on=datetime.date(2024, 1, 10),
    )
    IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Свежая",
        registered_on=datetime.date.today(),
    )
    page = admin_client.get(LIST, {"overdue": "true"}).content.decode()
    assert "Просроченная" in page and "Свежая" not in page
    csv = admin_client.get(LIST, {"export": "csv"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Просроченная" in body and "Свежая" in body
    xlsx = admin_client.get(LIST, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert admin_client.get(f"{LIST}inspect/{overdue.pk}/").status_code == 200


def test_dashboard_shows_the_deadline_summary(admin_client, map_tree):
    IssueFactory(
        category=map_tree["services"], area=map_tree["city"], registered_on=datetime.date(2024, 1, 10)
    )
    ReportFactory(description="Новое обращение для разбора.")
    ReportFactory(description="Обращение на проверке.", state="in_review")
    ReportFactory(description="Ещё одно на проверке.", state="in_review")
    page = admin_client.get("/admin/").content.decode()
    assert "issue-summary-heading" in page
    assert "?overdue=true" in page
    assert "<strong>1</strong>" in page.split("?state=new")[1][:40]
    assert "<strong>2</strong>" in page.split("?state=in_review")[1][:40]


def test_reference_data_viewsets_answer(admin_client, map_tree):
    for url in (
        "/admin/snippets/mapping/area/",
        "/admin/snippets/mapping/category/",
        "/admin/snippets/mapping/authority/",
    ):
        assert admin_client.get(url).status_code == 200
        assert admin_client.get(url, {"export": "csv"}).status_code == 200


def test_listing_flags_issues_not_forwarded_in_three_working_days(admin_client, map_tree):
    IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Не направлена",
        registered_on=datetime.date(2025, 3, 3),
    )
    page = admin_client.get(LIST).content.decode()
    # 3 working days after 3 March 2025 (Monday): 6 March.
    assert "06.03.2025" in page
