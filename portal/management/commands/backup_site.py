"""Back up the whole site into a new folder: the database and every file of both storages."""

import time

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "Write the database (JSON) and every file of the media and private storages, with a manifest of "
        "counts and checksums, into DIR (new or empty). It holds personal data: keep it encrypted."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        started = time.monotonic()
        try:
            manifest = backup_site(directory, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        total = manifest["database"]["size"] + sum(item["size"] for item in manifest["files"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up into {directory}: {len(manifest['files'])} files, {total} bytes, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
