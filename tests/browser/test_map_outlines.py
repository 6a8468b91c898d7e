"""A map that is never empty: without tiles, the public map draws the areas' outlines under the issues
and names the districts, in the page's language."""

import re

import pytest
from playwright.sync_api import expect

from mapping.models import Area

pytestmark = pytest.mark.browser


def open_map(page, site, language):
    with page.expect_response(re.compile(r"/api/v1/map/areas\.geojson\?lang=" + language)) as answer:
        page.goto(f"{site.url}/{language}/map/")
    assert answer.value.ok
    box = page.locator("[data-issue-map]").first
    expect(box).to_be_visible()
    return box


def test_without_tiles_the_map_draws_the_outlines_and_names_the_districts(map_site, page):
    box = open_map(page, map_site, "ru")
    expect(box).to_have_class(re.compile(r"\bissue-map--no-tiles\b"))
    outlined = Area.objects.filter(locale__language_code="ru", boundary__isnull=False).count()
    assert outlined >= 15  # the region, its 14 districts and its cities in the demo
    paths = box.locator(".leaflet-overlay-pane svg path.area-outline")
    expect(paths).to_have_count(outlined)
    expect(box.locator(".leaflet-overlay-pane svg path.area-outline--district")).to_have_count(14)
    # Real shapes, not empty paths.
    assert all(len(d) > 20 for d in paths.evaluate_all("els => els.map(el => el.getAttribute('d'))"))
    label = box.locator(".area-label--district .area-label__text", has_text="Бурабайский район")
    expect(label).to_be_visible()
    # Under the markers: the labels' pane is below the marker pane, and no label takes a click.
    assert page.evaluate(
        """() => {
            const z = (selector) => Number(getComputedStyle(document.querySelector(selector)).zIndex);
            return z(".leaflet-areaLabels-pane") < z(".leaflet-marker-pane")
                && getComputedStyle(document.querySelector(".area-label")).pointerEvents === "none";
        }"""
    )
    # The issues are still drawn over them.
    expect(page.locator(".issue-cluster, .issue-marker").first).to_be_visible()


def test_the_names_are_in_the_page_s_language(map_site, page):
    box = open_map(page, map_site, "kk")
    expect(box.locator(".area-label--district .area-label__text", has_text="Бурабай ауданы")).to_be_visible()
    expect(box.locator(".area-label__text", has_text="Бурабайский район")).to_have_count(0)
