"""`python manage.py benchmark_opendata`: the time and memory of a full open-data download.

Downloads every published issue as CSV and GeoJSON through the real views (streamed, as a client would
receive them), and reports for each the rows, bytes, seconds, and the peak resident memory of the process
during the download above what it held before. The peak is read from the kernel (VmHWM, reset through
/proc/self/clear_refs before each run), so it counts everything: Python objects, the database driver's
buffers and the response chunks. A small download (`--small`, by default the last 30 days) is measured
the same way for comparison: with streaming the two peaks are about the same.

Run it on a database with many issues, e.g. after `python manage.py generate_issues --count 100000`.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.test import RequestFactory, override_settings

from mapping.models import Issue
from mapping.opendata import downloads as opendata

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def memory_kb(field):
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise CommandError(f"{field} is not in {STATUS}")


def reset_peak():
    # "5" resets the peak resident set size (VmHWM) to the current one (Linux 4.0 and later).
    CLEAR_REFS.write_text("5")


class Command(BaseCommand):
    help = "Measure the time and peak memory of full CSV and GeoJSON open-data downloads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small", default="period=30", help="Query string of the comparison download (period=30)."
        )
        parser.add_argument("--rounds", type=int, default=1, help="Full downloads per format (1).")

    def handle(self, *args, **options):
        if not STATUS.exists() or not CLEAR_REFS.exists():
            raise CommandError("This benchmark reads /proc/self: run it on Linux.")
        self.stdout.write(f"published issues: {Issue.objects.published().count()}")
        small = QueryDict(options["small"])
        factory = RequestFactory()
        views = {"csv": opendata.issues_csv, "geojson": opendata.issues_geojson}
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            # Warm up: imports, the reference cache, the first connection.
            self.download(factory, "csv", views["csv"], {"bbox": "0,0,1,1"})
            self.stdout.write(f"resident memory of the process before: {memory_kb('VmRSS') / 1024:.0f} MB")
            self.stdout.write(f"{'download':24} {'rows':>8} {'MB':>8} {'seconds':>8} {'peak RSS +MB':>13}")
            for name, view in views.items():
                self.report(f"{name}, {options['small']}", factory, name, view, small)
                for number in range(options["rounds"]):
                    self.report(f"{name}, all #{number + 1}", factory, name, view, {})

    def report(self, label, factory, name, view, params):
        reset_peak()
        before = memory_kb("VmRSS")
        start = time.perf_counter()
        rows, size = self.download(factory, name, view, params)
        seconds = time.perf_counter() - start
        peak = memory_kb("VmHWM") - before
        self.stdout.write(f"{label:24} {rows:>8} {size / 1e6:>8.1f} {seconds:>8.2f} {peak / 1024:>13.1f}")

    def download(self, factory, name, view, params):
        response = view(factory.get("/api/v1/open-data/issues." + name, params))
        if response.status_code != 200:
            raise CommandError(response.content.decode())
        rows = size = 0
        marker = b"\r\n" if name == "csv" else b'{"type":"Feature"'
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(marker)
        response.close()
        return rows - (1 if name == "csv" else 0), size
