"""`published` goes; the map's partial indexes are rebuilt on `live`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mapping", "0015_issue_published_to_live")]

    operations = [
        migrations.RemoveIndex(
            model_name="issue",
            name="issue_map_published",
        ),
        migrations.RemoveIndex(
            model_name="issue",
            name="issue_published_status",
        ),
        migrations.RemoveIndex(
            model_name="issue",
            name="issue_published_newest",
        ),
        migrations.RemoveIndex(
            model_name="issue",
            name="issue_map_published_lon",
        ),
        migrations.RemoveField(
            model_name="issue",
            name="published",
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                condition=models.Q(("live", True)),
                fields=["map_latitude", "map_longitude", "status", "live"],
                name="issue_map_live",
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                condition=models.Q(("live", True)),
                fields=["map_longitude", "map_latitude", "status", "live"],
                name="issue_map_live_lon",
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                condition=models.Q(("live", True)), fields=["status"], name="issue_live_status"
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                condition=models.Q(("live", True)), fields=["registered_on"], name="issue_live_newest"
            ),
        ),
    ]
