"""Forget a staff member's authenticator app (a lost or replaced phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.two_factor.devices import remove_devices


class Command(BaseCommand):
    help = (
        "Remove the authenticator app of a staff account: at the next sign-in, after the password, they "
        "add a new one. Check who is asking before you run it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        removed = remove_devices(user)
        self.stdout.write(f"Removed {removed} authenticator app(s) of {username}.")
