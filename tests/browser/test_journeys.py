"""What a citizen does on the portal, in a real Chromium, with the site's strict CSP enforced."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SEED_TITLE

pytestmark = pytest.mark.browser

ALL_BRIEFINGS = "Все брифинги"
NEXT_PAGE = 'nav.pagination a[rel="next"]'


def path_of(page):
    return urlsplit(page.url).path


def assert_only_live_server(page):
    foreign = page.log.foreign_requests()
    assert not foreign, f"The page loaded something from another host: {foreign}"


def open_seed_briefing(page):
    """Follow the seed briefing's link from the home page, else from the briefing index (any page of it)."""
    link = page.get_by_role("link", name=SEED_TITLE, exact=True)
    if link.count() == 0:
        page.get_by_role("link", name=ALL_BRIEFINGS, exact=True).first.click()
        page.wait_for_load_state()
        while link.count() == 0 and page.locator(NEXT_PAGE).count():
            page.locator(NEXT_PAGE).first.click()
            page.wait_for_load_state()
    assert link.count(), "No link to the seed briefing on the home page nor on the briefing index"
    link.first.click()
    expect(page.locator("h1")).to_have_text(SEED_TITLE)


def test_root_lands_on_russian_home_and_reads_the_seed_briefing(demo_site, page):
    page.goto(demo_site.url + "/")
    assert page.url.endswith("/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    open_seed_briefing(page)
    main = page.locator("main")
    expect(main).to_contain_text("Братаева")
    expect(main).to_contain_text("Шуль")
    expect(main.locator("blockquote").first).to_be_visible()
    expect(main).to_contain_text("Этика и нормы государственного служащего")
    assert_only_live_server(page)


def test_language_switcher_goes_to_kazakh_and_back(demo_site, page):
    page.goto(demo_site.url + "/ru/")
    switcher = page.locator("nav.language-switcher")

    switcher.locator('a[hreflang="kk"]').click()
    page.wait_for_url(re.compile(r"/kk/"))
    assert path_of(page).startswith("/kk/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")

    switcher.locator('a[hreflang="ru"]').click()
    page.wait_for_url(re.compile(r"/ru/"))
    assert path_of(page).startswith("/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert_only_live_server(page)


def test_header_search_finds_briefings(demo_site, page):
    page.goto(demo_site.url + "/ru/")
    field = page.locator("header form[role=search] input[name=q]")
    expect(field).to_have_id("header-search-q")
    field.fill("брифинг")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/ru/search/\?q="))

    expect(page.locator("main [role=alert]")).to_have_count(0)
    results = page.locator("main .search-results a")
    expect(results.first).to_be_visible()
    assert results.count() >= 1
    assert_only_live_server(page)


def test_phone_skip_link_moves_focus_to_main(demo_site, phone_page):
    page = phone_page
    page.goto(demo_site.url + "/ru/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')"), page.evaluate(
        "document.activeElement.outerHTML"
    )
    expect(page.locator(".skip-link")).to_be_visible()

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))
    assert page.evaluate("document.activeElement.closest('#main') !== null"), page.evaluate(
        "document.activeElement.outerHTML"
    )
    assert_only_live_server(page)


def test_phone_home_to_seed_briefing(demo_site, phone_page):
    page = phone_page
    page.goto(demo_site.url + "/")
    assert page.url.endswith("/ru/")
    open_seed_briefing(page)
    expect(page.locator("main blockquote").first).to_be_visible()
    # Nothing wider than the phone's screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_only_live_server(page)
