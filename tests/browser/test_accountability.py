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
from tests.browser.conftest import PHONE, sign_in
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


def test_an_editors_change_waits_for_a_supervisors_approval(
    demo_site, open_page, moderator_user, supervisor_user
):
    issue = (
        Issue.objects.published()
        .filter(status="in_progress", category__sensitive=False)
        .order_by("pk")
        .first()
    )
    public_title = issue.title
    new_title = f"{public_title} (уточнено)"
    edit = f"{demo_site.url}/admin/snippets/mapping/issue/edit/{issue.pk}/"

    # The moderator changes the title and submits it: the public page still shows the old one.
    moderator = open_page()
    sign_in(moderator, demo_site, moderator_user)
    moderator.goto(edit)
    assert moderator.locator('button[name="action-publish"]').count() == 0
    moderator.fill("#id_title", new_title)
    moderator.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    moderator.locator('button[name="action-submit"]').click()
    moderator.wait_for_url(re.compile(r"/admin/snippets/mapping/issue/"))
    issue.refresh_from_db()
    assert issue.title == public_title and issue.workflow_in_progress
    moderator.goto(f"{demo_site.url}/ru/map/issues/{issue.pk}/")
    expect(moderator.locator("h1")).to_have_text(public_title)
    # The moderator cannot approve their own submission.
    moderator.goto(edit)
    assert moderator.locator('[data-workflow-action-name="approve"]').count() == 0

    # The supervisor compares the versions and approves: the change is public.
    supervisor = open_page()
    sign_in(supervisor, demo_site, supervisor_user)
    supervisor.goto(
        f"{demo_site.url}/admin/snippets/mapping/issue/history/{issue.pk}/revisions/compare/live...latest/"
    )
    expect(supervisor.locator("main")).to_contain_text(new_title)
    supervisor.goto(edit)
    supervisor.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    supervisor.locator('[data-workflow-action-name="approve"]').first.click()
    supervisor.wait_for_url(re.compile(r"/admin/snippets/mapping/issue/$"))
    issue.refresh_from_db()
    assert issue.title == new_title and not issue.workflow_in_progress
    supervisor.goto(f"{demo_site.url}/ru/map/issues/{issue.pk}/")
    expect(supervisor.locator("h1")).to_have_text(new_title)
