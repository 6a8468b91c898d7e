"""Every issue keeps its visibility: `published` is copied to `live` (a migration of its own, so that the
schema changes around it run in other transactions: PostgreSQL refuses to alter a table with pending
trigger events from updated rows)."""

from django.db import migrations, models


def published_to_live(apps, schema_editor):
    """Every issue keeps its visibility: a published issue is live, first published when it was created."""
    Issue = apps.get_model("mapping", "Issue")
    Issue.objects.update(live=models.F("published"))
    Issue.objects.filter(published=True).update(
        first_published_at=models.F("created_at"), last_published_at=models.F("updated_at")
    )


def live_to_published(apps, schema_editor):
    Issue = apps.get_model("mapping", "Issue")
    Issue.objects.update(published=models.F("live"))


class Migration(migrations.Migration):
    dependencies = [("mapping", "0014_issue_drafts_revisions_workflow")]

    operations = [
        migrations.RunPython(published_to_live, live_to_published),
    ]
