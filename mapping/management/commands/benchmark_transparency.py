"""`python manage.py benchmark_transparency`: render time and SQL queries of the transparency page.

Each URL is requested in-process through Django's test client (the whole middleware stack, no network):
`--rounds` times with the figures computed afresh (their cache generation bumped before each request:
what the first reader after a change of an issue or a recommendation waits), and `--rounds` times served
from the cache. Prints the median and the slowest time of each and the number of queries. Nothing
fails; run it on a filled database, e.g. after `generate_issues --count 100000`.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mapping.generations import bump_transparency_generation
from mapping.models import Issue, TransparencyPage


class Command(BaseCommand):
    help = "Time the transparency page, with its figures computed afresh and from the cache."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5)

    def handle(self, *args, rounds, **options):
        page = TransparencyPage.objects.live().filter(locale__language_code="ru").first()
        if page is None:
            raise CommandError("No live transparency page: run load_demo first.")
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        base = page.get_url()
        urls = {
            "all time": base,
            "one year, sorted by median": f"{base}?from=2025-01-01&to=2025-12-31&sort=-median",
        }
        self.stdout.write(f"Published issues: {Issue.objects.published().count()}")
        self.stdout.write(f"{'page':30} {'figures':8} {'queries':>7} {'median ms':>10} {'max ms':>8}")
        for name, url in urls.items():
            client.get(url)  # warm the chrome and the reference data
            for label, fresh in (("fresh", True), ("cached", False)):
                timings, queries = [], 0
                for _ in range(rounds):
                    if fresh:
                        bump_transparency_generation()
                    with CaptureQueriesContext(connection) as context:
                        start = time.perf_counter()
                        response = client.get(url)
                        timings.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{url}: HTTP {response.status_code}")
                    queries = len(context.captured_queries)
                median, slowest = statistics.median(timings), max(timings)
                self.stdout.write(f"{name:30} {label:8} {queries:>7} {median:>10.1f} {slowest:>8.1f}")
