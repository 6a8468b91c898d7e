"""Re-encode the photos still waiting for the task worker (mapping.reports.pending), here and now.

Every report queues its own task when it is saved; this command is for what a lost task or a restored
backup leaves pending. `--older-than MINUTES` (default 10) leaves alone the photos of reports so recent
that their task is probably still queued; `--dry-run` only counts.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from mapping.reports.pending import pending_photos, process_report_photos


class Command(BaseCommand):
    help = "Re-encode the report photos still waiting for the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=10, help="Minutes since the report came in.")
        parser.add_argument("--dry-run", action="store_true", help="Only count the photos.")

    def handle(self, *args, older_than=10, dry_run=False, **options):
        cutoff = timezone.now() - timedelta(minutes=older_than)
        waiting = pending_photos().filter(report__created_at__lte=cutoff)
        if dry_run:
            self.stdout.write(f"{waiting.count()} photo(s) waiting to be processed.")
            return
        reports = sorted(set(waiting.values_list("report_id", flat=True)))
        done = sum(process_report_photos.call(report_id) for report_id in reports)
        self.stdout.write(f"Processed {done} photo(s) of {len(reports)} report(s).")
