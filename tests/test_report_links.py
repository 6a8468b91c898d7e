"""Where a reporter is sent: the status page links to the public issue and its object once the issue is
published, in the page's language; every link in an e-mail is absolute, on `PORTAL_PUBLIC_URL`, and the
reporter's carries the code."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.models import Locale

from mapping.models import Report
from mapping.reports.notifications import (
    notify_moderators,
    notify_reporters_of_status,
    send_receipt,
    send_triage_outcome,
)
from portal.public_url import absolute_url
from tests.factories import IssueFactory, ReportFactory, ReportPageFactory
from tests.test_report_errors import form_data
from tests.test_settings import run_in_django

pytestmark = pytest.mark.django_db

PUBLIC = "https://portal.example.kz"
URL = re.compile(r"https?://\S+")


def translate(page, code, title):
    copy = page.copy_for_translation(Locale.objects.get(language_code=code))
    copy.title = title
    copy.save_revision().publish()
    return copy


@pytest.fixture
def pages(map_tree):
    """The report page in Russian and Kazakh, the map page in Russian and Kazakh (no English one), and the
    object in Russian only."""
    report_ru = ReportPageFactory(parent=map_tree["home"])
    return {
        **map_tree,
        "report_ru": report_ru,
        "report_kk": translate(report_ru, "kk", "Бұзушылық туралы хабарлау"),
        "report_en": translate(report_ru, "en", "Report an offence"),
        "map_kk": translate(map_tree["map"], "kk", "Карта"),
    }


@pytest.fixture
def followed(pages):
    """A report linked to an issue at the object, not published yet."""
    issue = IssueFactory(
        title="Поборы в ЦОН",
        title_kk="ХҚКО-дағы заңсыз алымдар",
        category=pages["services"],
        area=pages["city"],
        problem_object=pages["object"],
        live=False,
    )
    report = ReportFactory(issue=issue, state="accepted", email="aigerim@example.kz")
    return issue, report


def status_page(client, page, report):
    response = client.get(page.url + "status/", {"code": report.display_code})
    assert response.status_code == 200
    return response, BeautifulSoup(response.content.decode(), "html.parser")


def test_the_status_page_links_to_the_issue_and_its_object_once_published(client, pages, followed):
    issue, report = followed
    response, soup = status_page(client, pages["report_ru"], report)
    hrefs = [link["href"] for link in soup.select(".report-status a")]
    assert not any(f"issues/{issue.pk}/" in href for href in hrefs)
    assert pages["object"].url not in hrefs

    issue.live = True
    issue.save()
    response, soup = status_page(client, pages["report_ru"], report)
    hrefs = [link["href"] for link in soup.select(".report-status a")]
    assert f"{pages['map'].url}issues/{issue.pk}/" in hrefs
    assert pages["object"].url in hrefs
    assert soup.find("a", href=f"{pages['map'].url}issues/{issue.pk}/").get_text() == "Поборы в ЦОН"
    # The code in the address never leaves the page in a Referer, and no cache keeps it.
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["Cache-Control"] == "private, no-store"


def test_the_links_are_in_the_page_s_language_where_there_is_a_translation(client, pages, followed):
    issue, report = followed
    issue.live = True
    issue.save()
    _response, soup = status_page(client, pages["report_kk"], report)
    issue_link = soup.find("a", href=f"{pages['map_kk'].url}issues/{issue.pk}/")
    assert issue_link is not None and issue_link.get_text() == "ХҚКО-дағы заңсыз алымдар"
    assert not issue_link.has_attr("lang")
    # The object has no Kazakh page: the Russian one, marked as Russian.
    object_link = soup.find("a", href=pages["object"].url)
    assert object_link is not None and object_link["lang"] == "ru"

    # No English map page: the Russian one; the title has no English text, so it is marked Russian.
    _response, soup = status_page(client, pages["report_en"], report)
    issue_link = soup.find("a", href=f"{pages['map'].url}issues/{issue.pk}/")
    assert issue_link is not None and issue_link["lang"] == "ru"


def urls_in(message):
    return URL.findall(message.body)


def test_the_receipt_and_the_moderators_links_are_absolute_on_the_public_address(
    client, pages, settings, django_user_model, django_capture_on_commit_callbacks
):
    settings.PORTAL_PUBLIC_URL = PUBLIC
    django_user_model.objects.create_superuser("chief", "chief@example.kz", "pass-123456-xyz")
    report = ReportFactory(language="kk", contacts=True)
    send_receipt.call(report.pk)
    notify_moderators.call(report.pk)
    receipt, to_moderator = mail.outbox
    assert urls_in(receipt) == [f"{PUBLIC}{pages['report_kk'].url}status/?code={report.display_code}"]
    assert urls_in(to_moderator) == [f"{PUBLIC}/admin/snippets/mapping/report/inspect/{report.pk}/"]


def test_a_report_sent_through_the_form_gets_its_code_in_the_link(
    client, pages, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PUBLIC_URL = PUBLIC + "/"  # a trailing slash is forgiven
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pages["report_ru"].url, form_data(email="citizen@example.kz", consent="on"))
    assert response.status_code == 200
    report = Report.objects.get()
    (receipt,) = [message for message in mail.outbox if message.to == ["citizen@example.kz"]]
    assert f"{PUBLIC}/ru/report/status/?code={report.display_code}" in urls_in(receipt)
    # The link opens the status page with the report shown.
    status = client.get(urls_in(receipt)[0].removeprefix(PUBLIC))
    assert (
        report.display_code in status.content.decode() and "data-error-summary" not in status.content.decode()
    )


def test_the_outcome_and_the_issue_s_news_link_to_the_status_and_the_issue(pages, followed, settings):
    settings.PORTAL_PUBLIC_URL = PUBLIC
    issue, report = followed
    report.state, report.rejection_reason, report.issue = "rejected", "Не в нашей компетенции.", None
    report.save()
    send_triage_outcome.call(report.pk)
    (outcome,) = mail.outbox
    assert urls_in(outcome) == [f"{PUBLIC}{pages['report_ru'].url}status/?code={report.display_code}"]

    mail.outbox.clear()
    issue.live = True
    issue.save()
    other = ReportFactory(issue=issue, state="accepted", email="erlan@example.kz", language="kk")
    notify_reporters_of_status.call(issue.pk, other.pk)
    (news,) = mail.outbox
    assert urls_in(news) == [
        f"{PUBLIC}{pages['map_kk'].url}issues/{issue.pk}/",
        f"{PUBLIC}{pages['report_kk'].url}status/?code={other.display_code}",
    ]


def test_absolute_url_replaces_any_host(settings):
    settings.PORTAL_PUBLIC_URL = PUBLIC
    assert absolute_url("/ru/report/") == f"{PUBLIC}/ru/report/"
    assert absolute_url("http://localhost/ru/map/?a=1") == f"{PUBLIC}/ru/map/?a=1"


def settings_seen(**env):
    """The public address and the admin's base URL as a fresh process sees them with `env`."""
    shown = "settings.PORTAL_PUBLIC_URL, settings.WAGTAILADMIN_BASE_URL"
    return run_in_django(f"from django.conf import settings; print({shown})", **env)


def test_one_setting_for_the_public_address():
    assert settings_seen() == "http://127.0.0.1:8000 http://127.0.0.1:8000"
    assert settings_seen(PORTAL_PUBLIC_URL=PUBLIC + "/") == f"{PUBLIC} {PUBLIC}"
    # A site set up before PORTAL_PUBLIC_URL existed keeps its address.
    assert settings_seen(WAGTAILADMIN_BASE_URL=PUBLIC) == f"{PUBLIC} {PUBLIC}"
