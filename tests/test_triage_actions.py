"""Triage actions on a report: route with suggestions, reject and answer, publish as an issue, link
to a likely duplicate, register a call; each in the audit log."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone, translation
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from mapping.models import Issue, IssueStatus, Report, TriageState
from tests.approval import approve
from tests.factories import AuthorityFactory, IssueFactory, ReportFactory, ReportPageFactory

pytestmark = pytest.mark.django_db
BASE = "/admin/snippets/mapping/report/"


def ru(text):
    """A message as the admin shows it (in Russian, the staff's default language)."""
    with translation.override("ru"):
        return translation.gettext(text)


def kk(text):
    with translation.override("kk"):
        return translation.gettext(text)


@pytest.fixture
def report(map_tree):
    return ReportFactory(
        description="В ЦОН № 1 просили 5000 тенге за справку. Меня зовут Айгерим, +7 701 234 56 78.",
        category=map_tree["services"],
        area=map_tree["city"],
        latitude=53.2871,
        longitude=69.3912,
        address="Кокшетау, ул. Абая, 1",
        name="Айгерим",
        email="aigerim@example.kz",
        language="kk",
        photos=2,
    )


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", "moderator@example.kz", "pass-123456-xyz")
    group = Group.objects.create(name="Report triage")
    group.permissions.set(
        Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_report",
                "change_report",
                "add_report",
                "add_issue",
                "change_issue",
            ]
        )
    )
    user.groups.add(group)
    return user


def logged(report, action):
    return ModelLogEntry.objects.filter(object_id=str(report.pk), action=action)


def test_the_edit_form_suggests_the_competent_authorities(admin_client, report, map_tree):
    city_authority = AuthorityFactory(name="Акимат Кокшетау", slug="akimat-k")
    city_authority.areas.add(map_tree["city"])
    html = admin_client.get(f"{BASE}edit/{report.pk}/").content.decode()
    assert "ЦОН (" in html and "Акимат Кокшетау (" in html
    # The category's default authority is chosen in advance.
    assert f'name="authority" value="{map_tree["authority"].pk}"' in html


def test_rejecting_needs_a_reason_then_logs_and_tells_the_reporter(
    admin_client, report, django_capture_on_commit_callbacks
):
    url = f"{BASE}edit/{report.pk}/"
    response = admin_client.post(url, {"state": "rejected", "rejection_reason": "", "answer": ""})
    assert response.status_code == 200
    assert ru("Give the reason: the reporter will read it.") in response.content.decode()
    report.refresh_from_db()
    assert report.state == TriageState.NEW
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {"state": "rejected", "rejection_reason": "Это не относится к нашей компетенции.", "answer": ""},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == TriageState.REJECTED and report.closed_at is not None
    entry = logged(report, "mapping.report.state").get()
    assert entry.data == {"from": "new", "to": "rejected"}
    assert [message.to for message in mail.outbox] == [["aigerim@example.kz"]]
    assert "Это не относится к нашей компетенции." in mail.outbox[0].body


def test_answering_needs_an_answer(admin_client, report):
    response = admin_client.post(f"{BASE}edit/{report.pk}/", {"state": "answered", "answer": " "})
    assert ru("Write the answer: the reporter will read it.") in response.content.decode()
    response = admin_client.post(
        f"{BASE}edit/{report.pk}/", {"state": "answered", "answer": "Справка выдаётся бесплатно."}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).state == TriageState.ANSWERED


def test_a_report_becomes_a_public_issue_with_the_chosen_photos(
    client, moderator, report, map_tree, django_capture_on_commit_callbacks
):
    ReportPageFactory(parent=map_tree["home"])
    client.force_login(moderator)
    url = f"{BASE}publish/{report.pk}/"
    form = client.get(url).content.decode()
    # Pre-filled with the citizen's text, for staff to rewrite.
    assert "просили 5000 тенге" in form
    first_photo = report.photos.order_by("pk").first()
    data = {
        "title": "Вымогательство в ЦОН № 1",
        "description": "В ЦОН № 1 за справку просили деньги.",
        "category": map_tree["services"].pk,
        "area": map_tree["city"].pk,
        "authority": map_tree["authority"].pk,
        "address": "Кокшетау, ул. Абая, 1",
        "latitude": "53.2871",
        "longitude": "69.3912",
        "photos": [first_photo.pk],
        "photo_alt_text": "Окно выдачи справок",
        "submit": "on",
    }
    images_before = get_image_model().objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    issue = Issue.objects.get(title="Вымогательство в ЦОН № 1")
    # Not public: submitted, it waits for a second person's approval.
    assert issue.live is False and issue.workflow_in_progress
    assert issue.current_workflow_state.requested_by.username == "moderator"
    assert issue.description == "В ЦОН № 1 за справку просили деньги."
    assert issue.latitude == pytest.approx(53.2871)
    # Registered the day the report arrived, in Almaty (after 19:00 UTC that is the next day).
    assert issue.registered_on == timezone.localdate(report.created_at)
    assert get_image_model().objects.count() == images_before + 1
    photo = issue.photos.get()
    assert photo.alt_text == "Окно выдачи справок"
    report.refresh_from_db()
    assert report.issue == issue and report.state == TriageState.ACCEPTED
    assert logged(report, "mapping.report.issue_created").exists()
    assert ModelLogEntry.objects.filter(object_id=str(issue.pk), action="wagtail.create").exists()


def test_a_published_issue_tells_the_reporter_in_the_language_of_the_report(
    admin_client, report, map_tree, supervisor, django_capture_on_commit_callbacks
):
    ReportPageFactory(parent=map_tree["home"])
    data = {
        "title": "Вымогательство в ЦОН",
        "description": "Описание без персональных данных.",
        "category": map_tree["services"].pk,
        "area": map_tree["city"].pk,
        "submit": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{BASE}publish/{report.pk}/", data)
    issue = Issue.objects.get(title="Вымогательство в ЦОН")
    # Nothing is said to the reporter until the issue is public: a second person approves it.
    # (Wagtail tells the staff of the workflow's steps by e-mail.)
    assert issue.live is False and [m for m in mail.outbox if report.email in m.to] == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issue = approve(issue, supervisor)
    assert issue.published
    (told,) = [m for m in mail.outbox if report.email in m.to]
    assert report.display_code in told.subject
    mail.outbox.clear()
    issue.status = IssueStatus.FORWARDED
    issue.status_note = "Передано в акимат."
    with django_capture_on_commit_callbacks(execute=True):
        issue.save()
    (message,) = mail.outbox
    assert message.to == ["aigerim@example.kz"]
    # The report was made in Kazakh: so is the e-mail.
    assert kk("Forwarded to the competent authority") in message.body
    assert kk("There is news about your report %(code)s.").split("%")[0] in message.body
    assert "Передано в акимат." in message.body


def test_photos_are_refused_in_a_sensitive_category(admin_client, report, map_tree):
    data = {
        "title": "Взятка",
        "description": "Описание.",
        "category": map_tree["corruption"].pk,
        "area": map_tree["city"].pk,
        "photos": [report.photos.first().pk],
        "photo_alt_text": "Фото",
    }
    response = admin_client.post(f"{BASE}publish/{report.pk}/", data)
    assert response.status_code == 200
    assert ru("Photos are never published in a sensitive category.") in response.content.decode()
    assert not Issue.objects.filter(title="Взятка").exists()


def test_likely_duplicates_nearby_are_offered_and_linked(admin_client, report, map_tree):
    near = IssueFactory(
        title="Поборы в ЦОН № 1",
        category=map_tree["services"],
        area=map_tree["city"],
        location="SRID=4326;POINT(69.3950 53.2880)",  # about 270 m away
    )
    IssueFactory(
        title="Далёкий ЦОН",
        category=map_tree["services"],
        area=map_tree["city"],
        location="SRID=4326;POINT(69.4100 53.2871)",  # about 1.25 km away
    )
    IssueFactory(
        title="Другая категория рядом",
        category=map_tree["corruption"],
        area=map_tree["city"],
        location="SRID=4326;POINT(69.3913 53.2872)",
    )
    IssueFactory(
        title="Не опубликовано рядом",
        category=map_tree["services"],
        area=map_tree["city"],
        location="SRID=4326;POINT(69.3913 53.2872)",
        live=False,
    )
    url = f"{BASE}link/{report.pk}/"
    html = admin_client.get(url).content.decode()
    assert "Поборы в ЦОН № 1" in html
    for absent in ("Далёкий ЦОН", "Другая категория рядом", "Не опубликовано рядом"):
        assert absent not in html
    response = admin_client.post(url, {"suggested": near.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.issue == near and report.state == TriageState.ACCEPTED
    assert logged(report, "mapping.report.linked").get().data["issue"] == near.pk


def test_linking_by_number_explains_a_wrong_number(admin_client, report):
    response = admin_client.post(f"{BASE}link/{report.pk}/", {"issue_number": "999999"})
    assert ru("There is no issue with this number.") in response.content.decode()
    response = admin_client.post(f"{BASE}link/{report.pk}/", {})
    assert ru("Choose a suggested issue or give an issue number.") in response.content.decode()


def test_actions_need_their_permissions(client, django_user_model, report):
    viewer = django_user_model.objects.create_user("viewer", "v@example.kz", "pass-123456-xyz")
    group = Group.objects.create(name="Viewers")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "view_report"]))
    viewer.groups.add(group)
    client.force_login(viewer)
    for action in ("publish", "link"):
        assert client.get(f"{BASE}{action}/{report.pk}/").status_code in (302, 403)
        assert client.post(f"{BASE}{action}/{report.pk}/", {"issue_number": 1}).status_code in (302, 403)
    assert Report.objects.get(pk=report.pk).state == TriageState.NEW


def test_staff_register_a_phone_report(client, moderator, map_tree, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    data = {
        "channel": "phone",
        "language": "ru",
        "description": "Позвонил житель: в акимате требуют деньги за справку о составе семьи.",
        "category": map_tree["services"].pk,
        "area": map_tree["city"].pk,
        "address": "Кокшетау, акимат",
        "latitude": "",
        "longitude": "",
        "anonymity": "confidential",
        "name": "Ерлан",
        "email": "erlan@example.kz",
        "phone": "8 (701) 555 44 33",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get(name="Ерлан")
    assert report.channel == "phone" and report.phone == "+77015554433" and report.consent_at
    assert logged(report, "wagtail.create").exists()
    # The caller who gave an e-mail gets the code.
    assert [message.to for message in mail.outbox] == [["erlan@example.kz"]]
    assert report.display_code in mail.outbox[0].body


def test_a_registered_report_keeps_contacts_only_with_consent(admin_client, map_tree):
    data = {
        "channel": "social",
        "language": "ru",
        "description": "Сообщение в Instagram о поборах в школе.",
        "anonymity": "confidential",
        "name": "Пользователь",
        "phone": "12345",
    }
    response = admin_client.post(f"{BASE}add/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert ru("Give a Kazakh phone number, for example +7 701 234 56 78.") in html
    assert "Сообщение в Instagram о поборах в школе." in html
    assert not Report.objects.exists()


def test_markup_a_citizen_typed_is_escaped_on_every_staff_screen(admin_client, map_tree):
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    report = ReportFactory(
        description=f"Текст обращения {hostile}",
        address=f"Адрес {hostile}",
        name=f"Имя {hostile}",
        email="x@example.kz",
        category=map_tree["services"],
    )
    for url in (
        BASE,
        f"{BASE}inspect/{report.pk}/",
        f"{BASE}publish/{report.pk}/",
        f"{BASE}link/{report.pk}/",
    ):
        html = admin_client.get(url).content.decode()
        assert "<script>alert('x')</script>" not in html, url
        assert "<img src=x onerror" not in html, url
    inspect = admin_client.get(f"{BASE}inspect/{report.pk}/").content.decode()
    assert "&lt;script&gt;alert" in inspect


def test_a_failed_publication_leaves_no_issue_and_no_image_file(report, map_tree, settings):
    from pathlib import Path

    from django.db import DatabaseError, connection

    from mapping.triage.actions import create_issue

    data = {
        "title": "Не сохранится",
        "description": "Описание.",
        "category": map_tree["services"],
        "area": map_tree["city"],
        "photos": list(report.photos.all()),
        "photo_alt_text": "Окно",
        "submit": True,
    }
    before = set(Path(settings.MEDIA_ROOT).rglob("*.jpg"))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE mapping_issuephoto RENAME TO mapping_issuephoto_away")
    try:
        with pytest.raises(DatabaseError):
            create_issue(report, data)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE mapping_issuephoto_away RENAME TO mapping_issuephoto")
    assert not Issue.objects.filter(title="Не сохранится").exists()
    assert set(Path(settings.MEDIA_ROOT).rglob("*.jpg")) == before
    report.refresh_from_db()
    assert report.issue_id is None and report.state == TriageState.NEW
