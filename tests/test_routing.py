"""Remembered routes (portal.routing) and the chrome's own generation (portal.cache): what a publish, an
unpublish, a move, a rename or a new view restriction does to them, at once, with the page cache off so
that every read is routed and rendered."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from portal.cache import CHROME_GENERATION_KEY, ROUTING_GENERATION_KEY, content_generation
from tests.factories import BriefingIndexPageFactory, BriefingPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(page_cache_off):
    """Every read below is routed and rendered (the page cache would answer them otherwise)."""


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, len(context.captured_queries)


def test_a_remembered_route_reads_only_the_page(client, site_tree):
    index = site_tree["index"]
    first, first_count = queries(client, index.url)
    second, second_count = queries(client, index.url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    # Site, locale, root, deepest page and its row, view restrictions: gone from the second read.
    assert second_count <= first_count - 4


def test_a_new_slug_moves_the_page_at_once(client, site_tree):
    briefing = BriefingPageFactory(parent=site_tree["index"], title="Брифинг о ЦОН", slug="tson")
    old_url = briefing.url
    assert client.get(old_url).status_code == 200
    briefing.slug = "tson-2026"
    briefing.save_revision().publish()
    briefing.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert "Брифинг о ЦОН" in client.get(briefing.url).content.decode()


def test_an_unpublished_or_deleted_page_is_gone_at_once(client, site_tree):
    briefing = BriefingPageFactory(parent=site_tree["index"], slug="gone")
    url = briefing.url
    assert client.get(url).status_code == 200
    briefing.unpublish()
    assert client.get(url).status_code == 404
    briefing.save_revision().publish()
    assert client.get(url).status_code == 200
    Page.objects.get(pk=briefing.pk).delete()
    assert client.get(url).status_code == 404


def test_a_moved_page_answers_at_its_new_address(client, site_tree):
    other = BriefingIndexPageFactory(parent=site_tree["home"], slug="archive", title="Архив")
    briefing = BriefingPageFactory(parent=site_tree["index"], slug="moving", title="Переезд")
    old_url = briefing.url
    assert client.get(old_url).status_code == 200
    briefing.move(other, pos="last-child")
    briefing.refresh_from_db()
    assert briefing.url != old_url
    # Wagtail leaves a redirect at the old address (a move is not a removal).
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == briefing.url
    assert "Переезд" in client.get(briefing.url).content.decode()


def test_a_new_view_restriction_applies_at_once(client, site_tree):
    index = site_tree["index"]
    assert client.get(index.url).status_code == 200
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(index.url)
    assert response.status_code == 302 and "login" in response["Location"]
    # and private pages leave the lists that show only public ones: the menu
    assert f'href="{index.url}"' not in client.get("/ru/").content.decode()


def test_addresses_that_lead_nowhere_are_not_remembered(client, map_tree):
    for n in range(5):
        assert client.get(f"/ru/nowhere-{n}/").status_code == 404
    key_part = ":route:"
    stored = cache.get(
        f"portal:{content_generation(ROUTING_GENERATION_KEY)}{key_part}testserver:80:ru:nowhere-0/"
    )
    assert stored is None
    # A routable page's address whose view answers 404 (no issue of that number) is not kept either.
    missing_issue = f"{map_tree['map'].url}issues/999999/"
    assert client.get(missing_issue).status_code == 404
    path = missing_issue.removeprefix("/ru/")
    assert (
        cache.get(f"portal:{content_generation(ROUTING_GENERATION_KEY)}{key_part}testserver:80:ru:{path}")
        is None
    )
    assert client.get("/ru/").status_code == 200
    remembered = cache.get(f"portal:{content_generation(ROUTING_GENERATION_KEY)}{key_part}testserver:80:ru:")
    assert remembered is not None and remembered["page"] == map_tree["home"].pk


def test_a_leaf_page_translation_joins_the_language_links_at_once(client, site_tree):
    kk_index = site_tree["index"].copy_for_translation(Locale.objects.get(language_code="kk"))
    kk_index.save_revision().publish()
    briefing = BriefingPageFactory(parent=site_tree["index"], slug="langs", title="Брифинг")
    html = client.get(briefing.url).content.decode()
    assert '<link rel="alternate" hreflang="kk"' not in html  # no Kazakh translation yet
    # A leaf page's publish leaves the chrome's generation be and bumps its translations' version only.
    kk = briefing.copy_for_translation(Locale.objects.get(language_code="kk"))
    kk.title = "Брифинг (kk)"
    chrome = content_generation(CHROME_GENERATION_KEY)
    kk.save_revision().publish()
    assert content_generation(CHROME_GENERATION_KEY) == chrome
    kk.refresh_from_db()
    html = client.get(briefing.url).content.decode()
    assert f'<link rel="alternate" hreflang="kk" href="http://testserver{kk.url}">' in html
