"""Files no row names (mapping.orphans, `cleanup_orphans`): a report's photo written in a transaction that
never committed, strays in each folder, kept while young, kept when named."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import transaction
from PIL import Image

from mapping.models import Report, ReportPhoto
from mapping.orphans import find_orphans
from mapping.reports.intake import ReportFields
from mapping.reports.pending import keep_original
from mapping.storage import private_storage
from tests.factories import DocumentFactory, ImageFactory, ReportFactory, ReportPhotoFactory

pytestmark = pytest.mark.django_db


def age(storage, name, hours):
    """Make a file look written `hours` ago (the file system's modification time)."""
    past = time.time() - hours * 3600
    os.utime(storage.path(name), (past, past))


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 160)).save(buffer, format="JPEG")
    buffer.seek(0)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


class Crash(Exception):
    """The process dying between the file's write and the commit: no clean-up code runs after it."""


def test_a_photo_written_by_a_transaction_that_never_committed_is_removed(map_tree):
    form = ReportFields(
        {
            "description": "В ЦОН № 3 с утра не работает электронная очередь, люди ждут на улице.",
            "category": "services",
            "address": "г. Кокшетау, ул. Абая, 96",
            "anonymity": "anonymous",
        },
        {"photos": [jpeg()]},
    )
    assert form.is_valid(), form.errors
    written = []
    with pytest.raises(Crash), transaction.atomic():
        report = Report.objects.create(description="…", channel="web", language="ru")
        for upload, info in form.processed_photos:
            photo = keep_original(report, upload, info)
            written.append(photo.original.name)
            photo.save()
        raise Crash
    storage = private_storage()
    (name,) = written
    assert storage.exists(name) and not ReportPhoto.objects.exists()

    # Young, it may belong to a transaction still open: kept.
    call_command("cleanup_orphans", stdout=io.StringIO())
    assert storage.exists(name)

    age(storage, name, hours=2)
    out = io.StringIO()
    call_command("cleanup_orphans", "--dry-run", stdout=out)
    assert f"would remove {name}" in out.getvalue() and storage.exists(name)
    call_command("cleanup_orphans", stdout=out)
    assert not storage.exists(name)


def test_only_files_no_row_names_are_removed(map_tree):
    kept_photo = ReportPhotoFactory(report=ReportFactory())
    kept_pending = ReportPhotoFactory(report=ReportFactory(), pending=True)
    kept_image = ImageFactory()
    kept_document = DocumentFactory()
    private, public = private_storage(), storages["default"]
    strays = [
        (private, private.save("reports/2026/01/stray.jpg", ContentFile(b"x"))),
        (private, private.save("reports/pending/2026/01/stray.upload", ContentFile(b"x"))),
        (public, public.save("original_images/stray.jpg", ContentFile(b"x"))),
        (public, public.save("images/stray.fill-100x100.jpg", ContentFile(b"x"))),
        (public, public.save("documents/stray.pdf", ContentFile(b"x"))),
    ]
    named = [
        (private, kept_photo.file.name),
        (private, kept_pending.original.name),
        (public, kept_image.file.name),
        (public, kept_document.file.name),
    ]
    for storage, name in strays + named:
        age(storage, name, hours=3)

    found = {name for _storage, name in find_orphans(timedelta(hours=1))}
    assert found >= {name for _storage, name in strays}
    assert not found & {name for _storage, name in named}

    call_command("cleanup_orphans", "--older-than", "30", stdout=io.StringIO())
    assert not any(storage.exists(name) for storage, name in strays)
    assert all(storage.exists(name) for storage, name in named)
