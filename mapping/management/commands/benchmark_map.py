"""`python manage.py benchmark_map`: the map API's figures over a fixed set of viewports.

Each viewport, from the whole country down to a street, is requested in-process through Django's test
client (the whole middleware stack, no network): once to warm up (its time is shown as "1st ms", what a
cold cache costs), then `--requests - 1` more times, timed for the p50 and p95. The rounds visit the
viewports in an order shuffled by `--seed`, so that no viewport always runs right after the same one.
One more request per viewport counts the SQL queries (`-v 2` prints them).

The figures are compared with the targets of the map (at most 500 features, 50 KB gzipped, a 95th
percentile of 80 ms) and marked OK or OVER; nothing fails. Run it on a filled database, e.g. after
`generate_issues --count 100000`.
"""

import gzip
import json
import math
import random
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from mapping.map.api import MAX_FEATURES
from mapping.models import Category, Issue, IssueStatus

URL = "/api/v1/map/issues.geojson"
MAX_GZIP_BYTES = 50 * 1024
MAX_P95_MS = 80
SCREEN = (1280, 800)  # pixels of the map on a desktop screen
TILE = 256


@dataclass
class Viewport:
    name: str
    bbox: tuple
    zoom: int
    params: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)
    first_ms: float = 0.0
    body: bytes = b""
    queries: list = field(default_factory=list)

    @property
    def url(self):
        query = {"bbox": ",".join(f"{value:.5f}" for value in self.bbox), "zoom": self.zoom, **self.params}
        return f"{URL}?{urlencode(query, safe=',')}"


def screen_bbox(latitude, longitude, zoom, size=SCREEN):
    """The (min_lon, min_lat, max_lon, max_lat) a Web Mercator map of `size` pixels shows at `zoom`."""
    scale = TILE * 2**zoom
    x = (longitude + 180) / 360 * scale
    y = (1 - math.asinh(math.tan(math.radians(latitude))) / math.pi) / 2 * scale
    width, height = size

    def lon(px):
        return px / scale * 360 - 180

    def lat(py):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / scale))))

    return (lon(x - width / 2), lat(y + height / 2), lon(x + width / 2), lat(y - height / 2))


def viewports():
    """From the whole country to a street, plus a status filter and a category filter."""
    category = (
        Category.objects.filter(locale=Locale.get_default(), sensitive=False)
        .order_by("sort_order", "pk")
        .first()
        or Category.objects.filter(locale=Locale.get_default()).order_by("sort_order", "pk").first()
    )
    open_statuses = ",".join([IssueStatus.REGISTERED, IssueStatus.FORWARDED, IssueStatus.IN_PROGRESS])
    views = [
        Viewport("Kazakhstan", (46, 40, 88, 56), 5),
        Viewport("Akmola region", screen_bbox(52.3, 70.2, 7), 7),
        Viewport("Astana", screen_bbox(51.17, 71.43, 11), 11),
        Viewport("Astana", screen_bbox(51.17, 71.43, 12), 12),
        Viewport("Almaty", screen_bbox(43.24, 76.89, 12), 12),
        Viewport("Astana, a district", screen_bbox(51.165, 71.42, 14), 14),
        Viewport("Astana, a street", screen_bbox(51.17, 71.43, 17), 17),
        Viewport("Kazakhstan, open statuses", (46, 40, 88, 56), 5, {"status": open_statuses}),
    ]
    if category is not None:
        views.append(
            Viewport(
                f"Astana, category {category.slug}"[:40],
                screen_bbox(51.17, 71.43, 12),
                12,
                {"category": category.slug},
            )
        )
    return views


def percentile(values, share):
    """The nearest-rank percentile of `values` (share between 0 and 1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Command(BaseCommand):
    """Time the map API over viewports from country to street and compare it with its targets."""

    help = (
        "Request the map API in-process over fixed viewports (country to street, with filters) and "
        "print features, sizes, query counts and p50/p95 times against the targets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--requests", type=int, default=30, help="Requests per viewport, the first a warm-up (30)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the order of the requests (1).")

    def handle(self, *args, requests, seed, **options):
        if requests < 2:
            raise CommandError("--requests must be at least 2: the first request is a warm-up.")
        client = Client(HTTP_HOST="localhost")
        views = viewports()
        rng = random.Random(seed)
        version = ".".join(str(part) for part in connection.get_database_version())
        self.stdout.write(
            f"Database: {connection.vendor} {version} ({connection.settings_dict['NAME']}), "
            f"DEBUG={settings.DEBUG}"
        )
        self.stdout.write(f"Published issues: {Issue.objects.published().count():,}")
        self.stdout.write(f"Requests per viewport: {requests} (1 warm-up, {requests - 1} timed)")
        # Warm the process (URL resolver, translations, cached reference data) outside any viewport's figures.
        client.get(f"{URL}?bbox=0,0,0.001,0.001&zoom=18")
        for round_number in range(requests):
            order = list(views)
            rng.shuffle(order)
            for view in order:
                started = time.perf_counter()
                response = client.get(view.url)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise CommandError(
                        f"{view.url} answered {response.status_code}: {response.content[:200]!r}"
                    )
                if round_number == 0:
                    view.body, view.first_ms = response.content, elapsed
                else:
                    view.timings.append(elapsed)
        for view in views:
            with CaptureQueriesContext(connection) as context:
                client.get(view.url)
            view.queries = [query["sql"] for query in context.captured_queries]
        self.print_table(views, options["verbosity"])

    def print_table(self, views, verbosity):
        header = (
            f"{'viewport':40} {'zoom':>4} {'features':>8} {'clustered':>9} {'in box':>7} {'bytes':>8} "
            f"{'gzipped':>8} {'1st ms':>7} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7}  result"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        over = 0
        for view in views:
            data = json.loads(view.body)
            features = len(data["features"])
            gzipped = len(gzip.compress(view.body, compresslevel=6))
            p50, p95 = statistics.median(view.timings), percentile(view.timings, 0.95)
            problems = [
                name
                for name, failed in (
                    ("features", features > MAX_FEATURES),
                    ("size", gzipped > MAX_GZIP_BYTES),
                    ("p95", p95 > MAX_P95_MS),
                )
                if failed
            ]
            over += bool(problems)
            result = f"OVER ({', '.join(problems)})" if problems else "OK"
            self.stdout.write(
                f"{view.name:40} {view.zoom:>4} {features:>8} {'y' if data['clustered'] else 'n':>9} "
                f"{data['total']:>7} {len(view.body):>8} {gzipped:>8} {view.first_ms:>7.1f} {p50:>7.1f} "
                f"{p95:>7.1f} {len(view.queries):>7}  {result}"
            )
            if verbosity > 1:
                self.stdout.write(f"    {view.url}")
                for sql in view.queries:
                    self.stdout.write(f"    {sql}")
        self.stdout.write(
            f"Targets: at most {MAX_FEATURES} features, {MAX_GZIP_BYTES // 1024} KB gzipped, "
            f"p95 at most {MAX_P95_MS} ms. {len(views) - over} of {len(views)} viewports OK."
        )
