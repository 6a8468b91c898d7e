"""E-mail alerts: subscribing to an area, object or category with double opt-in, alerts per event in the
subscriber's language with one-click unsubscribe headers, daily digests, and the address kept only while
subscribed."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from mapping.alerts.sending import send_digests
from mapping.models import AlertSubscription, Issue
from tests.approval import approve, submit
from tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


def subscribe(client, follow, email="citizen@example.kz", frequency="event", language="ru", **extra):
    data = {"email": email, "follow": follow, "frequency": frequency, **extra}
    return client.post(f"/{language}/alerts/", data)


def link_in(message, name):
    return re.search(rf"https?://\S+/alerts/{name}/\S+/", message.body).group(0)


def confirmed(client, capture, follow, language="ru", **kwargs):
    """Subscribe and confirm through the e-mail's link; the subscription."""
    mail.outbox.clear()
    with capture(execute=True):
        subscribe(client, follow, language=language, **kwargs)
    (message,) = mail.outbox
    path = link_in(message, "confirm").split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 200
    mail.outbox.clear()
    return AlertSubscription.objects.get(email=kwargs.get("email", "citizen@example.kz"))


@pytest.fixture
def draft(map_tree):
    """An issue of the city's services, submitted and waiting for its approval."""
    return IssueFactory(
        category=map_tree["services"], area=map_tree["city"], title="Очередь в акимате", live=False
    )


def test_the_form_page_is_private_and_lists_areas_and_categories(client, map_tree):
    response = client.get("/ru/alerts/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert f'value="area:{map_tree["city"].slug}"' in page
    assert f'value="category:{map_tree["services"].slug}"' in page


def test_bad_input_is_explained_and_kept(client, map_tree):
    response = subscribe(client, "area:nowhere", email="not an address")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="not an address"' in page and "data-error-summary" in page
    assert not AlertSubscription.objects.exists() and mail.outbox == []


def test_double_opt_in_then_an_alert_in_kazakh_with_one_click_unsubscribe(
    client, map_tree, draft, moderator, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, f"area:{map_tree['city'].slug}", language="kk")
    assert response.status_code == 200
    subscription = AlertSubscription.objects.get()
    assert subscription.confirmed_at is None and subscription.language == "kk"
    (confirmation,) = mail.outbox
    assert "List-Unsubscribe" not in confirmation.extra_headers
    with translation.override("kk"):
        assert translation.gettext("To confirm, open this link and press the button:") in confirmation.body
    confirm_url = link_in(confirmation, "confirm")
    assert "/kk/alerts/confirm/" in confirm_url
    path = "/" + confirm_url.split("://", 1)[1].split("/", 1)[1]
    # Following the link (a mail scanner does) confirms nothing; the button does.
    assert client.get(path).status_code == 200
    assert AlertSubscription.objects.get().confirmed_at is None
    client.post(path)
    assert AlertSubscription.objects.get().confirmed_at is not None

    # The issue goes public: the subscriber hears of it, in Kazakh.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(submit(draft, moderator), supervisor)
    (alert,) = [m for m in mail.outbox if m.to == ["citizen@example.kz"]]
    with translation.override("kk"):
        assert alert.subject.startswith(translation.gettext("New issue: %(title)s").split("%")[0])
    assert alert.subject != "New issue: Очередь в акимате"
    unsubscribe_url = link_in(alert, "unsubscribe")
    assert alert.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click from the mail program: a POST without a CSRF token, and the address is gone.
    strict = Client(enforce_csrf_checks=True)
    path = "/" + unsubscribe_url.split("://", 1)[1].split("/", 1)[1]
    assert strict.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not AlertSubscription.objects.exists()


def test_status_changes_reach_followers_of_the_category_and_of_the_area_above(
    client, map_tree, django_capture_on_commit_callbacks
):
    confirmed(
        client,
        django_capture_on_commit_callbacks,
        f"category:{map_tree['services'].slug}",
        email="a@example.kz",
    )
    confirmed(
        client, django_capture_on_commit_callbacks, f"area:{map_tree['region'].slug}", email="b@example.kz"
    )
    other = confirmed(
        client,
        django_capture_on_commit_callbacks,
        f"category:{map_tree['corruption'].slug}",
        email="c@example.kz",
    )
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"], status="registered")
    mail.outbox.clear()
    issue = Issue.objects.get(pk=issue.pk)
    issue.status = "forwarded"
    with django_capture_on_commit_callbacks(execute=True):
        issue.save()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["a@example.kz", "b@example.kz"] and other.email not in recipients


def test_an_object_is_followed_from_its_page(client, map_tree, django_capture_on_commit_callbacks):
    obj = map_tree["object"]
    page = client.get(f"/ru/alerts/?object={obj.pk}").content.decode()
    assert f'value="object:{obj.pk}" selected' in page
    subscription = confirmed(client, django_capture_on_commit_callbacks, f"object:{obj.pk}")
    assert subscription.problem_object_id == obj.pk
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"], problem_object=obj)
    issue = Issue.objects.get(pk=issue.pk)
    issue.status = "in_progress"
    with django_capture_on_commit_callbacks(execute=True):
        issue.save()
    assert [m.to for m in mail.outbox] == [["citizen@example.kz"]]


def test_a_daily_digest_lists_the_day_and_unconfirmed_requests_expire(
    client, map_tree, django_capture_on_commit_callbacks
):
    subscription = confirmed(
        client, django_capture_on_commit_callbacks, f"category:{map_tree['services'].slug}", frequency="daily"
    )
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=2)
    )
    changed = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Изменилось вчера")
    Issue.objects.filter(pk=changed.pk).update(
        last_published_at=timezone.now() - datetime.timedelta(hours=20)
    )
    IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Давно не менялось")
    subscribe(client, f"category:{map_tree['services'].slug}", email="late@example.kz")
    AlertSubscription.objects.filter(email="late@example.kz").update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    mail.outbox.clear()
    sent, deleted = send_digests()
    assert (sent, deleted) == (1, 1)
    (digest,) = mail.outbox
    assert "Изменилось вчера" in digest.body and "Давно не менялось" not in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    # Nothing new since: no second digest.
    assert send_digests() == (0, 0)


def test_requests_from_one_address_are_limited(settings, map_tree):
    settings.ALERT_RATE_LIMIT = "2/h"
    client = Client(REMOTE_ADDR="10.2.3.4")
    statuses = [
        subscribe(client, f"area:{map_tree['city'].slug}", email=f"n{n}@example.kz").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_an_unknown_token_is_explained(client):
    assert client.get("/ru/alerts/confirm/nothing-here/").status_code == 404
    assert client.get("/ru/alerts/unsubscribe/nothing-here/").status_code == 404
    assert client.post("/ru/alerts/unsubscribe/nothing-here/").status_code == 200


def test_the_daily_command_has_the_task_worker_send_the_digests(
    client, map_tree, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    confirmed(client, django_capture_on_commit_callbacks, f"area:{map_tree['city'].slug}", frequency="daily")
    AlertSubscription.objects.update(confirmed_at=timezone.now() - datetime.timedelta(days=1))
    changed = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Новая за сутки")
    Issue.objects.filter(pk=changed.pk).update(last_published_at=timezone.now() - datetime.timedelta(hours=2))
    out = io.StringIO()
    call_command("send_alert_digests", stdout=out)
    assert "queued" in out.getvalue()
    (digest,) = mail.outbox
    assert "Новая за сутки" in digest.body
