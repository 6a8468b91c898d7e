"""A citizen says "me too" on an issue's page, on a phone, and sees the count grow (checked with axe)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from mapping.models import Issue
from mapping.models.issues import OPEN_STATUSES
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser


def test_a_citizen_supports_an_issue_and_sees_the_count(demo_site, open_page):
    issue = Issue.objects.published().filter(status__in=OPEN_STATUSES, category__sensitive=False).first()
    before = issue.supporters
    page = open_page(viewport=PHONE)
    page.goto(f"{demo_site.url}/ru/map/issues/{issue.pk}/")
    # An anonymous reader of the page has no cookie until they act.
    assert page.context.cookies() == []
    page.get_by_role("button", name="Мне тоже: у меня та же проблема").click()
    expect(page.locator("[role=status] .message")).to_contain_text("Спасибо: ваша поддержка учтена.")
    expect(page.locator(".support__count")).to_contain_text(str(before + 1))
    assert Issue.objects.get(pk=issue.pk).supporters == before + 1
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)

    # The same browser again: counted once.
    page.get_by_role("button", name="Мне тоже: у меня та же проблема").click()
    expect(page.locator("[role=status] .message")).to_contain_text("Вы уже поддержали эту проблему.")
    assert Issue.objects.get(pk=issue.pk).supporters == before + 1
