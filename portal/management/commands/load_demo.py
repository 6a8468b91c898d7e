"""`python manage.py load_demo`: build or refresh the demo site (see `portal.demo`)."""

import logging

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo.loader import DemoLoader

NOISY_LOGGERS = ("django_tasks", "wagtail")


class Command(BaseCommand):
    """Load the demo content: the home pages in Russian, Kazakh and English, briefings, settings."""

    help = (
        "Create or update the demo site: locales ru/kk/en, the home pages, the briefings (the seed "
        "briefing among them), their pictures and the site settings. Safe to run again."
    )

    def handle(self, *args, **options):
        # The immediate task backend and the audit log report every search-index update and every
        # publication at INFO: hundreds of lines that would bury the summary.
        quiet = options["verbosity"] < 2
        levels = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
        if quiet:
            for name in NOISY_LOGGERS:
                logging.getLogger(name).setLevel(logging.WARNING)
        try:
            # One transaction: a failure halfway leaves the site as it was, not half built.
            with transaction.atomic():
                loader = DemoLoader(stdout=self.stdout).run()
        finally:
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)
        for line in loader.summary():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
