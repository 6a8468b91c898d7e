"""Remove files that no row names (mapping.orphans): leftovers of a crash between a write and a commit."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from mapping.orphans import remove_orphans


class Command(BaseCommand):
    help = (
        "Remove the files of the report photos, images and documents folders that no row names, once they "
        "are older than --older-than minutes (60): a transaction still open keeps its files. Safe to run "
        "on any node at any time; run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, metavar="MINUTES")
        parser.add_argument("--dry-run", action="store_true", help="list the files, remove nothing")

    def handle(self, *args, older_than, dry_run, **options):
        names = remove_orphans(timedelta(minutes=older_than), dry_run=dry_run)
        for name in names:
            self.stdout.write(("would remove " if dry_run else "removed ") + name)
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(names)} orphan file(s) {verb}.")
