"""Two-factor sign-in for staff (portal.two_factor): who needs it, the admin held until a code is given,
adding an authenticator app, wrong and reused codes, throttling, idle sessions, production's setting."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from portal.two_factor import policy

pytestmark = pytest.mark.django_db
WRONG = "This code is not right, or has been used already. Enter the newest code your app shows."


def ru(text):
    """The admin speaks the site's first language to a member who chose none."""
    with translation.override("ru"):
        return translation.gettext(text)


def code_for(device, steps_ahead=0):
    """The code the app shows now (or `steps_ahead` periods later, for a second sign-in in one period)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    return f"{code:06d}"


def make_user(name, *permissions, superuser=False):
    user = get_user_model().objects.create_user(name, f"{name}@example.kz", "a long pass phrase 42")
    user.is_superuser = superuser
    user.save()
    group, _created = Group.objects.get_or_create(name=f"two-factor {name}")
    for codename in ("access_admin", *permissions):
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def contacts_user(site_tree):
    return make_user("contacts", "view_reporter_contacts")


@pytest.fixture
def editor_user(site_tree):
    return make_user("editor")


@pytest.fixture
def two_factor(settings):
    settings.STAFF_TWO_FACTOR = "contacts"
    return settings


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_who_needs_a_second_factor(settings, contacts_user, editor_user):
    superuser = make_user("root", superuser=True)
    settings.STAFF_TWO_FACTOR = "contacts"
    assert policy.required_for(contacts_user) and policy.required_for(superuser)
    assert not policy.required_for(editor_user)
    settings.STAFF_TWO_FACTOR = "all"
    assert policy.required_for(editor_user) and policy.required_for(contacts_user)
    citizen = get_user_model().objects.create_user("citizen", "c@example.kz", "x")
    assert not policy.required_for(citizen)
    settings.STAFF_TWO_FACTOR = "off"
    assert not policy.required_for(contacts_user)


def test_production_requires_it_of_every_staff_account():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "portal.example.kz",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "STAFF_TWO_FACTOR": "off",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.STAFF_TWO_FACTOR)"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "all"


def test_the_admin_waits_for_a_new_app_to_be_added(client, two_factor, contacts_user):
    client.force_login(contacts_user)
    response = client.get("/admin/account/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/setup/?next=%2Fadmin%2Faccount%2F"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"<svg" in page.content and b"two-factor__qr" in page.content
    device = TOTPDevice.objects.get(user=contacts_user)
    assert not device.confirmed
    # The same key until a code is accepted: reloading shows the same QR code.
    client.get("/admin/two-factor/setup/")
    assert TOTPDevice.objects.filter(user=contacts_user).count() == 1

    wrong = client.post("/admin/two-factor/setup/", {"code": "12 34", "next": "/admin/account/"})
    assert wrong.status_code == 400
    assert ru("Enter the six digits your authenticator app shows.") in wrong.content.decode()
    assert client.get("/admin/account/").status_code == 302

    accepted = client.post("/admin/two-factor/setup/", {"code": code_for(device), "next": "/admin/account/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/account/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/account/").status_code == 200


def test_a_returning_member_gives_a_code(client, two_factor, contacts_user):
    device = confirmed_device(contacts_user)
    client.force_login(contacts_user)
    response = client.get("/admin/")
    assert response["Location"] == "/admin/two-factor/verify/?next=%2Fadmin%2F"
    # The setup page does not hand out a second key to whoever holds the password.
    assert client.get("/admin/two-factor/setup/")["Location"].startswith("/admin/two-factor/verify/")

    wrong = client.post("/admin/two-factor/verify/", {"code": "000000"})
    assert wrong.status_code == 400
    assert ru(WRONG) in wrong.content.decode()

    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.throttling_failure_count = 0
    device.save()
    ok = client.post("/admin/two-factor/verify/", {"code": code_for(device), "next": "https://evil.example/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_serves_once(client, two_factor, contacts_user):
    device = confirmed_device(contacts_user)
    code = code_for(device)
    client.force_login(contacts_user)
    assert client.post("/admin/two-factor/verify/", {"code": code}).status_code == 302
    client.logout()
    client.force_login(contacts_user)
    again = client.post("/admin/two-factor/verify/", {"code": code})
    assert again.status_code == 400
    assert ru(WRONG) in again.content.decode()


def test_wrong_codes_in_a_row_are_throttled(client, two_factor, contacts_user):
    device = confirmed_device(contacts_user)
    client.force_login(contacts_user)
    for _attempt in range(3):
        client.post("/admin/two-factor/verify/", {"code": "000000"})
    # Even the right code waits now (django-otp doubles the wait after each failure).
    throttled = client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    assert throttled.status_code == 400
    assert ru("Too many wrong codes in a row. Wait a moment, then enter the newest code.") in (
        throttled.content.decode()
    )
    assert client.get("/admin/").status_code == 302


def test_the_messages_come_in_the_admin_language(client, two_factor, contacts_user):
    confirmed_device(contacts_user)
    profile = UserProfile.get_for_user(contacts_user)
    profile.preferred_language = "kk"
    profile.save()
    client.force_login(contacts_user)
    page = client.post("/admin/two-factor/verify/", {"code": "abc"}, HTTP_ACCEPT_LANGUAGE="kk")
    assert page.status_code == 400
    assert 'lang="kk"' in page.content.decode()
    with translation.override("kk"):
        assert (
            translation.gettext("Enter the six digits your authenticator app shows.") in page.content.decode()
        )


def test_without_the_code_the_public_site_sees_an_anonymous_visitor(
    client, two_factor, contacts_user, page_cache_off
):
    device = confirmed_device(contacts_user)
    client.force_login(contacts_user)
    assert b"wagtail-userbar" not in client.get("/ru/").content
    client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    assert b"wagtail-userbar" in client.get("/ru/").content


def test_someone_who_does_not_need_it_goes_straight_in(client, two_factor, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/").status_code == 200


def test_reset_removes_the_app(two_factor, contacts_user):
    confirmed_device(contacts_user)
    call_command("reset_two_factor", contacts_user.username, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=contacts_user).exists()


def test_a_session_ends_after_a_time_without_activity(client, settings, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/").status_code == 200
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert (
        timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)
        < left
        <= timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    )

    # Activity moves the end: the keep-alive of a long edit, like any request.
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.post("/admin/two-factor/keep-alive/").status_code == 204
    assert Session.objects.get().expire_date - timezone.now() > timedelta(
        minutes=settings.SESSION_IDLE_MINUTES - 1
    )

    # Idle past the end: signed out.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.post("/admin/two-factor/keep-alive/").status_code == 401


def test_the_admin_pages_carry_the_keep_alive(client, editor_user):
    client.force_login(editor_user)
    html = client.get("/admin/").content.decode()
    assert 'data-url="/admin/two-factor/keep-alive/"' in html
    assert "admin-keepalive" in html


def test_anonymous_pages_still_set_no_cookie(client, site_tree):
    response = client.get("/ru/")
    assert response.status_code == 200
    assert not response.cookies
