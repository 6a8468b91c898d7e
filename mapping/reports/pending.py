"""Photos that wait for the task worker: a request keeps the upload, the worker re-encodes it (issue 12).

A request only reads an upload's headers (`mapping.reports.photos.sniff`) and stores it untouched, in the
private storage, as the `original` of a `ReportPhoto` whose `file` is still empty (`keep_original`). Once
the report has committed, `process_report_photos` re-encodes each such photo into a JPEG without metadata
(`photos.reencode`), records it as the photo's `file` and deletes the original.

The task may run again, or twice at once: a photo is recorded by a compare-and-set on its `original`;
its JPEG has a name derived from the original's, so that what a run that stopped half-way wrote is
overwritten rather than left behind; a photo already done is skipped. A photo that cannot be decoded is
dropped with a log line; the report itself is never touched. A storage fault leaves the photo pending and
fails the task, so that running it again finishes the work.
"""

import logging
import uuid
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django_tasks import task

from mapping.models import ReportPhoto
from mapping.models.reports import PENDING_FOLDER
from mapping.reports import photos

logger = logging.getLogger(__name__)


def keep_original(report, upload, info):
    """A pending photo of `report`: the upload stored as it came, its size as its header gives it."""
    photo = ReportPhoto(report=report, width=info.width, height=info.height)
    upload.seek(0)
    photo.original.save(f"{uuid.uuid4().hex}.upload", upload, save=False)
    return photo


def pending_photos():
    return ReportPhoto.objects.filter(file="").exclude(original="")


@task()
def process_report_photos(report_id):
    """Re-encode every pending photo of a report; the number of photos this run recorded."""
    ids = list(pending_photos().filter(report_id=report_id).order_by("pk").values_list("pk", flat=True))
    return sum(process_photo(pk) for pk in ids)


def process_photo(pk):
    """Re-encode one pending photo into its final JPEG and delete its original; 1 if this run did it."""
    photo = pending_photos().filter(pk=pk).first()
    if photo is None:  # done by an earlier run, or erased
        return 0
    original, storage = photo.original.name, photo.original.storage
    try:
        with storage.open(original, "rb") as handle:
            content, info = photos.reencode(handle)
    except FileNotFoundError:
        return drop(photo, original, "its upload is missing")
    except photos.PhotoError as error:
        return drop(photo, original, f"it cannot be decoded ({error.code})")
    final = final_name(original)
    if storage.exists(final) and not ReportPhoto.objects.filter(file=final).exists():
        storage.delete(final)  # written by a run that stopped before recording it
    saved = storage.save(final, ContentFile(content))
    recorded = pending_photos().filter(pk=pk, original=original)
    if not recorded.update(file=saved, original="", width=info.width, height=info.height):
        # Another run recorded the photo first (under this very name, or another), or it was erased.
        if not ReportPhoto.objects.filter(pk=pk, file=saved).exists():
            delete_quietly(storage, saved)
        return 0
    delete_quietly(storage, original)
    return 1


def final_name(original):
    """reports/pending/2026/12/<hex>.upload → reports/2026/12/<hex>.jpg"""
    name = (
        original.replace(PENDING_FOLDER, "reports/", 1) if original.startswith(PENDING_FOLDER) else original
    )
    return str(PurePosixPath(name).with_suffix(".jpg"))


def drop(photo, original, reason):
    logger.warning("Photo %s of report %s dropped: %s", photo.pk, photo.report_id, reason)
    if pending_photos().filter(pk=photo.pk, original=original).delete()[0]:
        delete_quietly(photo.original.storage, original)
    return 0


def delete_quietly(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete %s from the private storage", name)
