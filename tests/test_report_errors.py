"""Errors as GOV.UK shows them, on the report form and the status page: a title starting with "Error: ",
a summary at the top that links to each field at fault, each field marked invalid and described by its
message; and refused submissions that do not lock a citizen out."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from wagtail.models import Locale

from mapping import tracking
from mapping.models import Report
from mapping.reports.forms import STARTED_SALT
from tests.factories import ReportFactory, ReportPageFactory
from tests.test_report_form import form_data as report_form_data

pytestmark = pytest.mark.django_db

SUFFIX = " · Public Control Map"
TITLES = {"ru": "Сообщить о нарушении", "kk": "Бұзушылық туралы хабарлау", "en": "Report an offence"}


@pytest.fixture
def report_pages(map_tree):
    """The report page in Russian, with its Kazakh and English translations."""
    russian = ReportPageFactory(parent=map_tree["home"], title=TITLES["ru"])
    pages = {"ru": russian}
    for code in ("kk", "en"):
        copy = russian.copy_for_translation(Locale.objects.get(language_code=code))
        copy.title = TITLES[code]
        copy.save_revision().publish()
        pages[code] = copy
    return pages


def form_data(**overrides):
    """The report form's fields as a citizen fills them (see test_report_form), each with its own token."""
    return report_form_data(**{"token": uuid_token(0), **overrides})


def uuid_token(number):
    return f"{number:032x}"


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def summary_links(soup):
    """[(href, text)] of the error summary's links, in order."""
    summary = soup.select_one("[data-error-summary]")
    assert summary is not None, "no error summary"
    return [(link["href"], link.get_text(strip=True)) for link in summary.select("a")]


def assert_field_at_fault(soup, input_id, message=None):
    """The input is marked invalid and described by its message, which is shown beside it."""
    field = soup.select_one(f"#{input_id}")
    assert field is not None, input_id
    assert field.get("aria-invalid") == "true", input_id
    described_by = field.get("aria-describedby", "").split()
    error_id = f"{input_id}_error" if input_id.startswith("id_") else f"{input_id}-error"
    assert error_id in described_by, (input_id, described_by)
    shown = soup.select_one(f"#{error_id}")
    assert shown is not None and shown.get_text(strip=True), error_id
    if message is not None:
        assert shown.get_text(strip=True) == message


def assert_summary_takes_focus(soup):
    summary = soup.select_one("[data-error-summary]")
    assert summary["tabindex"] == "-1" and not summary.has_attr("autofocus")
    assert summary.select_one("[role=alert] h2")
    # Focused by a script file (the CSP allows no inline script), loaded as a module.
    assert soup.select_one('script[type=module][src$="portal/js/error-summary.js"]') is not None
    assert not soup.select("script:not([src])")


def test_an_english_form_with_errors_says_so_in_the_title_and_links_each_field(client, report_pages):
    data = form_data(description="Too short", email="not-an-email", consent="on")
    response = client.post(report_pages["en"].url, data)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.title.get_text() == f"Error: {TITLES['en']}{SUFFIX}"
    assert soup.select_one("[data-error-summary] h2").get_text(strip=True) == "There is a problem"
    assert summary_links(soup) == [
        ("#id_description", "Ensure this value has at least 20 characters (it has 9)."),
        ("#id_email", "Enter a valid email address."),
    ]
    assert_summary_takes_focus(soup)
    for input_id, message in summary_links(soup):
        assert_field_at_fault(soup, input_id.removeprefix("#"), message)
    # The fields without an error are not marked, and what was typed is kept.
    assert not soup.select_one("#id_address").has_attr("aria-invalid")
    assert soup.select_one("#id_address")["value"] == data["address"]
    assert soup.select_one("#id_email")["value"] == "not-an-email"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_russian_and_kazakh_forms_have_the_same_structure(client, report_pages, language):
    response = client.post(
        report_pages[language].url, form_data(description="Коротко", address="", phone="12345")
    )
    assert response.status_code == 400
    soup = soup_of(response)
    title = soup.title.get_text()
    # "Error: " in the page's language (its translation is added to the catalogues apart), then the title.
    assert title.endswith(TITLES[language] + title[title.rindex(" · ") :])
    assert not title.startswith(TITLES[language]) and len(title) > len(TITLES[language]) + 5
    # In the order of the page: the place first (its first step), then the text, then the contacts.
    assert [href for href, _text in summary_links(soup)] == ["#id_address", "#id_description", "#id_phone"]
    assert_summary_takes_focus(soup)
    for input_id in ("id_address", "id_description", "id_phone"):
        assert_field_at_fault(soup, input_id)


def test_a_group_of_radios_is_linked_by_its_first_radio(client, report_pages):
    response = client.post(
        report_pages["en"].url, form_data(anonymity="anonymous", email="a@example.kz", consent="on")
    )
    soup = soup_of(response)
    ((href, _text),) = summary_links(soup)
    assert href == "#id_anonymity_0" and soup.select_one(href)["type"] == "radio"
    assert soup.select_one(href)["aria-invalid"] == "true"
    fieldset = soup.select_one(href).find_parent("fieldset")
    assert fieldset["aria-describedby"] == "id_anonymity_error"
    assert soup.select_one("#id_anonymity_error").get_text(strip=True)


def test_a_broken_point_is_the_address_s_error_and_a_guard_s_error_has_no_link(client, report_pages):
    broken_point = soup_of(client.post(report_pages["en"].url, form_data(latitude="nan", longitude="inf")))
    message = "The point on the map is incomplete. Mark it again or give an address."
    assert summary_links(broken_point) == [("#id_address", message)]
    assert_field_at_fault(broken_point, "id_address", message)

    too_fast = form_data(started=signing.dumps(time.time(), salt=STARTED_SALT))
    soup = soup_of(client.post(report_pages["en"].url, too_fast))
    summary = soup.select_one("[data-error-summary]")
    assert summary_links(soup) == []
    assert "The form was sent faster than a person can fill it." in summary.get_text()

    honeypot = soup_of(client.post(report_pages["en"].url, form_data(website="http://spam.example")))
    assert "Your report could not be accepted. Please call 1424." in honeypot.select_one(
        "[data-error-summary]"
    ).get_text(" ", strip=True)


def test_a_form_without_errors_has_no_summary_and_a_plain_title(client, report_pages):
    soup = soup_of(client.get(report_pages["en"].url))
    assert soup.title.get_text() == f"{TITLES['en']}{SUFFIX}"
    assert soup.select_one("[data-error-summary]") is None
    assert not soup.select("[aria-invalid]")
    assert soup.select_one('script[src$="portal/js/error-summary.js"]') is None


def test_mistakes_do_not_lock_a_citizen_out(client, report_pages):
    """Six forms sent back for errors (more than the five accepted reports allowed), then the corrected
    one is accepted."""
    page = report_pages["ru"]
    for number in range(6):
        response = client.post(page.url, form_data(description="Коротко", token=uuid_token(number)))
        assert response.status_code == 400
    assert client.post(page.url, form_data(token=uuid_token(99))).status_code == 200
    assert Report.objects.count() == 1


def test_the_limit_of_accepted_reports_still_applies(client, report_pages, settings):
    settings.REPORT_RATE_LIMIT = "2/h"
    page = report_pages["ru"]
    # Refused forms take nothing from the allowance of accepted ones...
    for number in range(4):
        assert client.post(page.url, form_data(phone="12345", token=uuid_token(number))).status_code == 400
    for number in range(10, 12):
        assert client.post(page.url, form_data(token=uuid_token(number))).status_code == 200
    # ...and once it is spent, a new report waits, with its text kept.
    refused = client.post(page.url, form_data(token=uuid_token(20)))
    assert refused.status_code == 429
    assert "В ЦОН № 1 сотрудник" in refused.content.decode()
    assert Report.objects.count() == 2


def test_a_flood_of_refused_forms_is_bounded(client, report_pages, settings):
    settings.REPORT_REFUSED_RATE_LIMIT = "3/h"
    page = report_pages["ru"]
    for number in range(3):
        assert (
            client.post(page.url, form_data(description="Коротко", token=uuid_token(number))).status_code
            == 400
        )
    assert client.post(page.url, form_data(description="Коротко", token=uuid_token(3))).status_code == 429
    # The client is held back for the window, even with a good form; another address is not.
    assert client.post(page.url, form_data(token=uuid_token(4))).status_code == 429
    assert client.post(page.url, form_data(token=uuid_token(5)), REMOTE_ADDR="10.0.0.9").status_code == 200


def status_url(page):
    return page.url + page.reverse_subpage("status")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0000-0000-0000-0000", "No report with this code"),
        ("not a code", "No report with this code"),
        ("  ", "Enter your tracking code."),
    ],
)
def test_a_bad_code_on_the_english_status_page(client, report_pages, typed, message):
    response = client.get(status_url(report_pages["en"]), {"code": typed})
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"
    soup = soup_of(response)
    assert soup.title.get_text() == f"Error: Status of a report{SUFFIX}"
    assert summary_links(soup) == [("#status-code", message)]
    assert_summary_takes_focus(soup)
    assert_field_at_fault(soup, "status-code", message)
    assert soup.select_one("#status-code")["value"] == typed


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_bad_code_on_the_russian_and_kazakh_status_pages(client, report_pages, language):
    soup = soup_of(client.get(status_url(report_pages[language]), {"code": "0000-0000-0000-0000"}))
    plain = soup_of(client.get(status_url(report_pages[language]))).title.get_text()
    assert soup.title.get_text().endswith(plain) and soup.title.get_text() != plain
    assert [href for href, _text in summary_links(soup)] == ["#status-code"]
    assert_summary_takes_focus(soup)
    assert_field_at_fault(soup, "status-code")


def test_a_known_code_or_none_is_no_error(client, report_pages):
    report = ReportFactory()
    for query in ({"code": tracking.display(report.code)}, {}):
        soup = soup_of(client.get(status_url(report_pages["en"]), query))
        assert soup.title.get_text() == f"Status of a report{SUFFIX}"
        assert soup.select_one("[data-error-summary]") is None
        assert not soup.select_one("#status-code").has_attr("aria-invalid")
