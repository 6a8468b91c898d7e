"""Queue the daily digests of e-mail alerts for the task worker, which also deletes the requests never
confirmed (run once a day from cron)."""

from django.core.management.base import BaseCommand

from mapping.alerts.sending import send_daily_digests


class Command(BaseCommand):
    help = (
        "Queue the daily e-mail alert digests (and the deletion of unconfirmed requests) for the task worker."
    )

    def handle(self, *args, **options):
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digests queued (task {result.id}).")
