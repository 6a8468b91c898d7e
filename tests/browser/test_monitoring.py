"""Monitoring visits in a real browser: the visits layer of the map, a visit page, its recommendations."""

import re

import pytest
from playwright.sync_api import expect

from mapping.models import MonitoringVisitPage

pytestmark = pytest.mark.browser


def test_visits_layer_leads_to_a_visit_and_its_recommendations_to_their_issues(map_site, page):
    visit = MonitoringVisitPage.objects.live().get(slug="visit-tson-kokshetau-1", locale__language_code="ru")
    page.goto(f"{map_site.url}/ru/map/")
    expect(page.locator(".issue-map__status")).to_contain_text(re.compile(r"\d"))
    toggle = page.get_by_role("checkbox", name=re.compile("Monitoring visits|Мониторинг", re.I))
    expect(toggle).not_to_be_checked()
    expect(page.locator(".visit-marker")).to_have_count(0)

    # Switched on from the keyboard, like any checkbox.
    toggle.focus()
    with page.expect_response(re.compile(r"visits\.geojson")):
        page.keyboard.press("Space")
    expect(toggle).to_be_checked()
    visits = MonitoringVisitPage.objects.live().filter(locale__language_code="ru").count()
    expect(page.locator(".visit-marker")).to_have_count(visits)
    # Issues stay on the map under the visits.
    assert page.locator(".issue-marker, .issue-cluster").count() > 0

    # Off and on again: the layer hides and comes back without asking the server twice.
    toggle.uncheck()
    expect(page.locator(".visit-marker")).to_have_count(0)
    toggle.check()
    expect(page.locator(".visit-marker")).to_have_count(visits)

    # Several visits in Kokshetau overlap at this zoom: reach the one wanted with the keyboard.
    marker = page.locator(f".visit-marker[title$='{visit.title}']")
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".visit-popup__link")
    expect(link).to_be_visible()
    expect(link).to_be_focused()
    expect(page.locator(".visit-popup .issue-popup__title")).to_have_text(visit.title)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(visit.url) + "$"))
    expect(page.locator("h1")).to_have_text(visit.title)

    # The visit page: recommendations with their status and progress, and links to their issues.
    recommendations = page.locator(".recommendation")
    expect(recommendations).to_have_count(visit.recommendations.count())
    expect(page.locator(".recommendation progress").first).to_be_visible()
    issue_link = page.locator(".recommendation__issues a").first
    title = issue_link.inner_text()
    issue_link.click()
    page.wait_for_url(re.compile(r"/ru/map/issues/\d+/$"))
    expect(page.locator("h1")).to_have_text(title)


def test_visited_object_page_links_to_its_visits(map_site, page):
    visit = MonitoringVisitPage.objects.live().get(
        slug="visit-vodokanal-kokshetau", locale__language_code="ru"
    )
    obj = visit.visited_objects.get()
    page.goto(f"{map_site.url}{obj.url}")
    page.locator(".object-visits").get_by_role("link", name=visit.title).click()
    page.wait_for_url(re.compile(re.escape(visit.url) + "$"))
    expect(page.locator(".recommendation .rec-status--rejected")).to_be_visible()
