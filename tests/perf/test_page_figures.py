"""Figures for the notes, not assertions: queries and server time per public page type on the demo site.

Run apart from the suite: `make bench` (or `pytest tests/perf -s`).
"""

import statistics
import time

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from home.models import BriefingIndexPage, BriefingPage

ROUNDS = 30


@pytest.mark.django_db
def test_print_queries_and_times_per_page_type(client, settings):
    settings.PAGE_CACHE_ENABLED = False  # what rendering costs (a page cache hit costs no query)
    call_command("load_demo", verbosity=0)
    for index in BriefingIndexPage.objects.filter(locale__language_code="ru"):
        for number in range(60):
            # Sixty more briefings, so the figures stand for a site with a history.
            index.add_child(
                instance=BriefingPage(
                    title=f"Брифинг {number}",
                    slug=f"bench-{number}",
                    held_at="2024-01-01T10:00+05:00",
                    lead="…",
                )
            )
    briefing = BriefingPage.objects.filter(locale__language_code="ru", title__startswith="Представлен").get()
    urls = {
        "home (ru)": "/ru/",
        "home (kk)": "/kk/",
        "briefing index": "/ru/briefings/",
        "briefing index, page 3": "/ru/briefings/?page=3",
        "briefing index, by year": "/ru/briefings/?year=2025",
        "briefing": briefing.url,
        "search": "/ru/search/?q=брифинг",
        "RSS feed": "/ru/briefings/feed/rss/",
    }
    print(f"\n{'page':28} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        queries = len(context.captured_queries)
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(f"{name:28} {queries:>7} {statistics.median(timings):>10.1f} {p90:>8.1f}")
