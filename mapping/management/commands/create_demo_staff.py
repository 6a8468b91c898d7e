"""Create the demo's two staff accounts, a moderator and a supervisor, with generated passwords printed
once: with them (and the superuser) the four-eyes publishing of issues can be tried at once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

STAFF = [
    ("moderator", "Issue moderators", "writes and submits issues"),
    ("supervisor", "Issue supervisors", "approves what others submit"),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts `moderator` and `supervisor` (passwords printed once), unless they exist."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        for username, group_name, role in STAFF:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                raise CommandError(f"The group {group_name!r} is missing: run the migrations first.")
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"The account {username!r} already exists ({role}).")
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username, email=f"{username}@example.kz", password=password
            )
            user.groups.add(group)
            self.stdout.write(self.style.SUCCESS(f"{group_name}: {username} ({role})  Password: {password}"))
