"""Every public page renders in a fixed number of SQL queries, whatever the number of briefings."""

import pytest
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from tests.factories import BriefingPageFactory, ImageFactory

MAX_QUERIES = 12


def add_briefings(index, count):
    image = ImageFactory()
    pages = []
    for _ in range(count):
        page = BriefingPageFactory(parent=index, image=image)
        page.participants.create(name="Участник", position="эксперт")
        page.tags.add("этика", "мониторинг")
        page.save_revision().publish()
        pages.append(page)
    return pages


def queries_for(client, url):
    client.get(url)  # warm renditions and the chrome cache, as in steady use
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def page_urls(tree, briefing):
    return {
        "home ru": "/ru/",
        "home kk": "/kk/",
        "briefing index": tree["index"].url,
        "briefing index page 2": tree["index"].url + "?page=2",
        "briefing index by year": tree["index"].url + "?year=2025",
        "briefing index by tag": tree["index"].url + "?tag=etika",
        "briefing": briefing.url,
        "search": "/ru/search/?q=Брифинг",
        "rss": tree["index"].url + "feed/rss/",
    }


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_briefings(client, site_tree, settings):
    settings.PAGE_CACHE_ENABLED = False  # what rendering costs; a page cache hit costs none (test_page_cache)
    few = add_briefings(site_tree["index"], 3)
    few_counts = {name: queries_for(client, url) for name, url in page_urls(site_tree, few[0]).items()}
    cache.clear()
    many = few + add_briefings(site_tree["index"], 22)
    many_counts = {name: queries_for(client, url) for name, url in page_urls(site_tree, many[0]).items()}

    # With 3 briefings there is no second page; the index then shows its last page.
    assert few_counts == many_counts
    for name, count in many_counts.items():
        # The page itself is read each time (its route is remembered: portal.routing); none would mean
        # the count missed the queries.
        assert 1 <= count <= MAX_QUERIES, f"{name}: {count} queries"
