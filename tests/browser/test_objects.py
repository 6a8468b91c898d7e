"""The map by object in a real browser: find an object's page through the object index and through the
map's objects layer, and follow it back to the map filtered to it."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_citizen_on_a_phone_finds_an_object_through_the_index(demo_site, phone_page):
    page = phone_page
    page.goto(f"{demo_site.url}/ru/")
    # The home page's way to the map (on a phone the main navigation is behind the menu button).
    page.locator("main").get_by_role("link", name=re.compile("карт", re.IGNORECASE)).first.click()
    expect(page).to_have_url(re.compile(r"/ru/map/$"))
    # Once the map has drawn (it moves the page below it while it loads), follow the link to the index.
    page.locator(".issue-marker, .issue-cluster").first.wait_for(state="visible")
    page.get_by_role("link", name=re.compile("Найти объект")).click()
    expect(page.locator("h1")).to_have_text("Объекты на карте")
    # The objects are on the map, which fits them.
    expect(page.locator(".object-marker").first).to_be_visible()
    page.get_by_label("Название или адрес").fill("цон кокшетау")
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"/ru/map/objects/\?.*q="))
    first = page.locator(".object-item").first
    expect(first).to_contain_text("Кокшетау")
    first.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("ЦОН")
    # Back to the map, filtered to this object.
    page.get_by_role("link", name="Его проблемы на карте").click()
    expect(page).to_have_url(re.compile(r"/ru/map/\?object=\d+"))
    expect(page.locator(".filters__object-name")).to_contain_text("ЦОН")
    expect(page.locator(".issue-list .issue-item").first).to_be_visible()


def test_the_objects_layer_on_a_phone_leads_to_an_object_page(demo_site, phone_page):
    page = phone_page
    page.goto(f"{demo_site.url}/ru/map/")
    expect(page.locator(".issue-map__status")).to_contain_text(re.compile(r"\d"))
    with page.expect_response(re.compile(r"objects\.geojson")):
        page.get_by_label("Объекты").check()
    # Objects close together are one square that zooms in on them; a single object opens its popup.
    expect(page.locator(".object-marker").first).to_be_visible()
    markers = page.locator(".object-marker:not(.object-marker--group)")
    expect(markers.first).to_be_visible()
    # A popup that opens near the edge pans the map, and the layers of the new view redraw the markers
    # (closing the popup): once the map has settled, the marker is opened again if need be (three tries).
    link = page.locator(".object-popup__link")
    for attempt in range(3):
        page.wait_for_load_state("networkidle")
        markers.first.focus()
        page.keyboard.press("Enter")
        try:
            expect(link).to_be_visible(timeout=5_000)
            link.click(timeout=5_000)
            page.wait_for_url(re.compile(r"/ru/map/[^/?]+/$"), wait_until="domcontentloaded", timeout=10_000)
            break
        except (PlaywrightTimeoutError, AssertionError):
            assert attempt < 2, "the object's popup did not lead to its page"
    expect(page.locator(".figures")).to_be_visible()
