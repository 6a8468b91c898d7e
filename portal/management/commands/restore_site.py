"""Restore a backup of `backup_site` into a freshly migrated database and empty storages."""

import time

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_site


class Command(BaseCommand):
    help = (
        "Restore DIR (made by backup_site) into this freshly migrated database and these storages, after "
        "checking every checksum. Run erase_reports afterwards: the backup may predate erasures."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database that already holds a site (it is flushed).",
        )

    def handle(self, *args, directory, force=False, **options):
        started = time.monotonic()
        try:
            manifest = restore_site(directory, force=force, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created']} in {time.monotonic() - started:.1f} s."
            )
        )
