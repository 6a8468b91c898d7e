"""Journeys of issue 15 in a real browser: a reporter disputes a resolution by their code and the issue is
back under review; a citizen subscribes to alerts in Kazakh and confirms from the e-mail's link. Each page
reached is checked with axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from mapping.models import AlertSubscription, Issue, ProblemObjectPage, Report
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.factories import DocumentFactory, IssueFactory, ReportFactory

pytestmark = pytest.mark.browser


def no_violations(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{describe(violations)}"


def kk(text):
    with translation.override("kk"):
        return translation.gettext(text)


def test_a_reporter_disputes_a_resolution_by_their_code(demo_site, open_page):
    template = Issue.objects.published().filter(status="resolved").first()
    issue = IssueFactory(
        category=template.category,
        area=template.area,
        title="Освещение во дворе восстановлено?",
        status="resolved",
        resolution="Заменены светильники.",
        evidence_document=DocumentFactory(),
    )
    report = ReportFactory(issue=issue, state="accepted", contacts=True)
    status_page = Report.objects.get(pk=report.pk)
    page = open_page(viewport=PHONE)
    page.goto(f"{demo_site.url}/ru/report/status/?code={status_page.display_code}")
    form = page.locator(".verdict__form")
    expect(form).to_be_visible()
    no_violations(page)
    # A dispute without a word of why is sent back, the choice kept.
    form.get_by_label("Нет: оспариваю решение").check()
    form.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    expect(page.get_by_label("Нет: оспариваю решение")).to_be_checked()
    no_violations(page)
    page.get_by_label("Комментарий").fill("Во дворе по-прежнему темно: горит один фонарь из пяти.")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator("#verdict")).to_contain_text("Вы оспорили решение")
    issue = Issue.objects.get(pk=issue.pk)
    assert issue.status == "disputed" and issue.live
    page.goto(f"{demo_site.url}/ru/map/issues/{issue.pk}/")
    expect(page.locator(".article__header")).to_contain_text("Оспорено заявителем")
    expect(page.locator("main")).not_to_contain_text("горит один фонарь")


def test_a_citizen_subscribes_in_kazakh_and_confirms_from_the_email(demo_site, open_page):
    obj = ProblemObjectPage.objects.live().get(slug="tson-kokshetau-1", locale__language_code="kk")
    mail.outbox.clear()
    page = open_page(viewport=PHONE)
    page.goto(f"{demo_site.url}{obj.url}")
    page.get_by_role("link", name=kk("Get an e-mail about this object's new issues and their status")).click()
    expect(page.locator("h1")).to_have_text(kk("E-mail alerts"))
    no_violations(page)
    page.get_by_label(kk("Your e-mail")).fill("azamat@example.kz")
    page.get_by_label(kk("Once a day, a digest")).check()
    page.get_by_role("button", name=kk("Subscribe")).click()
    expect(page.locator("[role=status]")).to_contain_text("azamat@example.kz")
    (message,) = [m for m in mail.outbox if m.to == ["azamat@example.kz"]]
    link = re.search(r"https?://\S+/alerts/confirm/\S+/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/kk/alerts/confirm/")
    page.goto(demo_site.url + path)
    no_violations(page)
    page.get_by_role("button", name=kk("Confirm my alerts")).click()
    expect(page.locator("[role=status]")).to_contain_text(obj.title)
    subscription = AlertSubscription.objects.get(email="azamat@example.kz")
    assert subscription.confirmed_at is not None and subscription.language == "kk"
    assert subscription.frequency == "daily"
    subscription.delete()
