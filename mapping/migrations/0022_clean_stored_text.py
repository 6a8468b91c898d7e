"""Texts stored before the text rules (portal.text) are cleaned as new ones are: NFC, LF line ends, and no
C0/C1 control or bidirectional override characters; in every model of the portal's apps."""

import re
import unicodedata

from django.db import migrations, models

# A copy of portal.text's rule: a migration must not change when the code does.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
APPS = ("portal", "home", "ethics", "mapping")


def clean(value):
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return UNSAFE.sub("", unicodedata.normalize("NFC", value))


def clean_stored_text(apps, schema_editor):
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.proxy:
            continue
        fields = [
            field.attname
            for field in model._meta.local_concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.primary_key
        ]
        if not fields:
            continue
        for pk, *values in model._default_manager.values_list("pk", *fields).iterator(chunk_size=2000):
            changes = {
                name: clean(value) for name, value in zip(fields, values, strict=True) if clean(value) != value
            }
            if changes:
                model._default_manager.filter(pk=pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("mapping", "0021_alert_subscriptions"),
        ("home", "0003_briefing_map_block_disputed_status"),
        ("ethics", "0001_initial"),
        ("portal", "0002_sitesettings_ethics_commissioner"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
