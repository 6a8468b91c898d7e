"""Existing monitoring groups get a translation key and the default locale (Wagtail's bootstrap step)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("mapping", "0011_monitoring_group_translatable_bootstrap"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [BootstrapTranslatableModel("mapping.MonitoringGroup")]
