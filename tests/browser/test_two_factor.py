"""Two-factor sign-in in a real browser, with production's rule (every staff account): a moderator adds an
authenticator app at the first sign-in, then gives a code after the password at the next one."""

import base64
import re

import pytest
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_PASSWORD, staff_account
from tests.test_two_factor import WRONG


def said(page, text):
    """`text` in the language the admin chose for this browser (its `lang`)."""
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(text)


pytestmark = pytest.mark.browser


def app_code(key_text, steps_ahead=0):
    """What an authenticator app shows for the key typed from the setup page."""
    key = key_text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{totp(base64.b32decode(key), drift=steps_ahead):06d}"


def password_step(page, site, user):
    page.goto(f"{site.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")


def test_a_moderator_signs_in_with_a_password_and_a_code(demo_site, open_page, settings, django_db_blocker):
    settings.STAFF_TWO_FACTOR = "all"
    with django_db_blocker.unblock():
        user = staff_account("second-factor", group="Issue moderators")
        TOTPDevice.objects.filter(user=user).delete()

    page = open_page()
    password_step(page, demo_site, user)
    expect(page).to_have_url(re.compile(r"/admin/two-factor/setup/\?next=%2Fadmin%2F$"))
    expect(page.locator("svg.two-factor__qr")).to_be_visible()
    key = page.get_by_test_id("totp-key").inner_text()

    page.fill("#id_code", "123")
    page.click("main form.login-form button[type=submit]")
    expect(page.locator(".messages .error")).to_contain_text(
        said(page, "Enter the six digits your authenticator app shows.")
    )

    page.fill("#id_code", app_code(key))
    page.click("main form.login-form button[type=submit]")
    expect(page).to_have_url(f"{demo_site.url}/admin/")

    # The next sign-in, in another browser: the password, then a code.
    again = open_page()
    password_step(again, demo_site, user)
    expect(again).to_have_url(re.compile(r"/admin/two-factor/verify/"))
    again.goto(f"{demo_site.url}/admin/account/")
    expect(again).to_have_url(re.compile(r"/admin/two-factor/verify/\?next=%2Fadmin%2Faccount%2F$"))
    again.fill("#id_code", "000000")
    again.click("main form.login-form button[type=submit]")
    expect(again.locator(".messages .error")).to_contain_text(said(again, WRONG))

    with django_db_blocker.unblock():
        TOTPDevice.objects.filter(user=user).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
    again.fill("#id_code", app_code(key, steps_ahead=1))
    again.click("main form.login-form button[type=submit]")
    expect(again).to_have_url(f"{demo_site.url}/admin/account/")
