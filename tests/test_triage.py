"""The staff side of reports: the triage queue, and who may see a reporter's contacts and photos."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupCollectionPermission  # noqa: F401 - Wagtail's groups, for admin access

from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/mapping/report/"


@pytest.fixture
def report(map_tree):
    return ReportFactory(
        description="В ЦОН просили деньги за справку.",
        category=map_tree["services"],
        name="Айгерим Сериккызы",
        email="aigerim.private@example.kz",
        phone="+77012345678",
        photos=1,
    )


def staff_user(django_user_model, *, contacts):
    user = django_user_model.objects.create_user(
        "moderator" + str(contacts), "m@example.kz", "pass-123456-xyz"
    )
    group = Group.objects.create(name=f"Moderators {contacts}")
    codenames = ["access_admin", "view_report", "change_report", "add_issue"] + (
        ["view_reporter_contacts"] if contacts else []
    )
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


@pytest.mark.parametrize("contacts", [False, True])
def test_contacts_only_for_staff_with_the_permission(client, django_user_model, report, contacts):
    client.force_login(staff_user(django_user_model, contacts=contacts))
    pages = {
        "list": client.get(LIST).content.decode(),
        "inspect": client.get(f"{LIST}inspect/{report.pk}/").content.decode(),
        "edit": client.get(f"{LIST}edit/{report.pk}/").content.decode(),
        "publish": client.get(f"{LIST}publish/{report.pk}/").content.decode(),
        "link": client.get(f"{LIST}link/{report.pk}/").content.decode(),
        "history": client.get(f"{LIST}history/{report.pk}/").content.decode(),
    }
    export = client.get(LIST, {"export": "csv"})
    pages["export"] = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert report.display_code.replace("-", "") in pages["export"] or report.code in pages["export"]
    for name, html in pages.items():
        if name in {"inspect", "export"} and contacts:
            assert "aigerim.private@example.kz" in html, name
        else:
            assert "aigerim.private@example.kz" not in html, name
            assert "+77012345678" not in html, name
    assert "В ЦОН просили деньги" in pages["inspect"]


def test_the_queue_filters_by_state_and_photos(admin_client, report, map_tree):
    ReportFactory(description="Без фото, уже отклонено.", state="rejected", rejection_reason="Не по адресу")
    assert report.display_code in admin_client.get(LIST, {"with_photos": "true"}).content.decode()
    rejected = admin_client.get(LIST, {"state": "rejected"}).content.decode()
    assert report.display_code not in rejected


def test_report_photos_are_served_to_permitted_staff_only(client, django_user_model, report):
    photo = report.photos.get()
    url = f"/admin/reports/photos/{photo.pk}/"
    assert client.get(url).status_code in (302, 403)
    client.force_login(django_user_model.objects.create_user("nobody", "n@example.kz", "pass-123456-xyz"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff_user(django_user_model, contacts=False))
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_triage_is_recorded_in_the_audit_log(admin_client, report, map_tree):
    from wagtail.models import ModelLogEntry

    response = admin_client.post(
        f"{LIST}edit/{report.pk}/",
        {
            "state": "rejected",
            "category": "",
            "area": "",
            "authority": "",
            "issue": "",
            "rejection_reason": "Вопрос не относится к компетенции",
            "answer": "",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "rejected"
    assert ModelLogEntry.objects.filter(object_id=str(report.pk), action="wagtail.edit").exists()


def test_no_public_interface_shows_a_reporter_s_contacts(client, report, map_tree):
    """Published as an issue, the report's contacts appear on no page, feed or API a visitor can reach."""
    from tests.factories import IssueFactory, ReportPageFactory

    issue = IssueFactory(
        title="Поборы в ЦОН",
        category=map_tree["services"],
        area=map_tree["city"],
        problem_object=map_tree["object"],
    )
    report.issue, report.state = issue, "accepted"
    report.save()
    page = ReportPageFactory(parent=map_tree["home"])
    urls = [
        "/api/v1/map/issues.geojson?bbox=46,40,88,56&zoom=14",
        "/api/v1/map/issues.geojson?bbox=46,40,88,56&zoom=3",
        f"{map_tree['map'].url}",
        f"{map_tree['map'].url}issues/{issue.pk}/",
        f"{map_tree['map'].url}feed/",
        map_tree["object"].url,
        f"{page.url}status/?code={report.code}",
        "/ru/search/?q=Поборы",
        "/api/v1/open-data/issues.csv",
        "/api/v1/open-data/issues.geojson",
        "/open311/v2/requests.json",
        f"/open311/v2/requests/{issue.pk}.json",
        "/open311/v2/requests.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(
            "utf-8-sig"
        )
        for secret in ("Айгерим", "aigerim.private@example.kz", "+77012345678", "7012345678"):
            assert secret not in body, (url, secret)
        # The private text is not public either: only the issue's public description is.
        assert "просили деньги за справку" not in body, url
    # Searching for a reporter's name or e-mail finds nothing.
    for query in ("Айгерим", "aigerim.private"):
        body = client.get("/ru/search/", {"q": query}).content.decode()
        assert f"issues/{issue.pk}/" not in body
