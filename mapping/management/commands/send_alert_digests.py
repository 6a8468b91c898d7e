"""Send the daily digests of e-mail alerts, and delete the requests never confirmed (run once a day)."""

from django.core.management.base import BaseCommand

from mapping.alerts.sending import send_digests


class Command(BaseCommand):
    help = "Send the daily e-mail alert digests due; delete subscription requests never confirmed."

    def handle(self, *args, **options):
        sent, deleted = send_digests()
        self.stdout.write(f"Digests sent: {sent}. Unconfirmed requests deleted: {deleted}.")
