"""Erase the contacts and private text of reports closed longer ago than the retention period.

The public issue a report led to stays as it is: only what the citizen sent privately goes. Run it from
cron (daily is plenty); `--dry-run` says how many reports would be erased.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from mapping.models import Report
from mapping.triage.actions import retention_cutoff


class Command(BaseCommand):
    help = "Erase the contacts and private text of reports closed more than N months ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Retention period in months "
            f"(default REPORT_RETENTION_MONTHS, now {settings.REPORT_RETENTION_MONTHS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count the reports.")

    def handle(self, *args, months=None, dry_run=False, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1.")
        cutoff = retention_cutoff(months)
        due = Report.objects.filter(closed_at__lt=cutoff, erased_at__isnull=True)
        if dry_run:
            self.stdout.write(f"{due.count()} report(s) closed before {cutoff:%Y-%m-%d} would be erased.")
            return
        erased = 0
        for report in due.prefetch_related("photos").iterator(chunk_size=200):
            with transaction.atomic():
                erase(report)
            erased += 1
        self.stdout.write(f"Erased the personal data of {erased} report(s) closed before {cutoff:%Y-%m-%d}.")


def erase(report):
    """Blank what the citizen sent privately: contacts, text, address, exact point and the private photos."""
    photos = list(report.photos.all())
    Report.objects.filter(pk=report.pk).update(
        name="",
        email="",
        phone="",
        description="",
        address="",
        latitude=None,
        longitude=None,
        idempotency_token=None,
        erased_at=timezone.now(),
    )
    for photo in photos:
        # A photo still waiting for the task worker has only its original upload.
        names = [field.name for field in (photo.file, photo.original) if field.name]
        storage = photo.file.storage
        photo.delete()
        for name in names:
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    log(instance=report, action="mapping.report.erased")
