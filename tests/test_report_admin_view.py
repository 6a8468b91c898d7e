"""The admin's report view: empty fields shown as a dash ("not given" to a screen reader), never "None";
times in the portal's time zone, as the queue shows them, never in UTC."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.users.models import UserProfile

from mapping.models import Report
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/mapping/report/"
RECEIVED_UTC = datetime.datetime(2025, 3, 3, 21, 40, tzinfo=datetime.UTC)


@pytest.fixture
def admin_client(admin_client, admin_user):
    """The admin in English, whatever the portal's default language."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    return admin_client


@pytest.fixture
def report(map_tree):
    report = ReportFactory(description="В ЦОН просили деньги за справку.")  # no category, place or issue
    Report.objects.filter(pk=report.pk).update(created_at=RECEIVED_UTC)
    return Report.objects.get(pk=report.pk)


def fields(page):
    """{label: the text of its value} of the report view's list of fields."""
    pairs = re.findall(r"<dt>\s*(.*?)\s*</dt>\s*<dd>(.*?)</dd>", page, re.S)
    return {label: re.sub(r"\s+", " ", value).strip() for label, value in pairs}


def test_empty_fields_are_a_dash_not_none(admin_client, report):
    page = admin_client.get(f"{LIST}inspect/{report.pk}/").content.decode()
    shown = fields(page)
    assert shown, page
    assert not [label for label, value in shown.items() if value == "None" or value == ""]
    empty = '<span aria-hidden="true">—</span><span class="w-sr-only">'
    for label in ("Category", "Address", "Latitude", "Issue", "Closed"):
        assert shown[label].startswith(empty), (label, shown[label])
    assert "В ЦОН просили деньги за справку." in shown["Text of the report"]


def test_the_received_time_is_local_as_in_the_queue(admin_client, report, settings):
    assert settings.TIME_ZONE == "Asia/Almaty"
    local = timezone.localtime(RECEIVED_UTC)
    assert local.date() == datetime.date(2025, 3, 4)  # past midnight in Kokshetau
    with translation.override("en"):
        expected = date_format(local, "DATETIME_FORMAT")
        in_utc = date_format(RECEIVED_UTC, "DATETIME_FORMAT")
    page = admin_client.get(f"{LIST}inspect/{report.pk}/").content.decode()
    assert fields(page)["Received"] == expected
    assert in_utc not in page
    queue = admin_client.get(LIST).content.decode()
    assert expected in queue
