"""Make the translations that exist as page copies known to wagtail-localize (docs/translation.md)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.localize_sync import register_all


class Command(BaseCommand):
    help = (
        "Register every translated page with wagtail-localize, its strings taken from the page as it is, "
        "so that translators go on from it segment by segment. Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count, incomplete = register_all(stdout=self.stdout)
        self.stdout.write(f"{count} translations registered, {incomplete} with strings still to translate.")
