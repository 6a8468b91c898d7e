"""Files in storage that no row names: what a crash between a file's write and its transaction's commit
leaves behind, and what the `cleanup_orphans` command removes.

A report's photos are written while its transaction is open (`mapping.reports.intake.submit_report`),
into the private storage, which no URL serves: if the process dies before the commit, the file is there
and no row names it, so nothing can reach it, and the failed transaction's own clean-up never ran. The
same holds for the public images and documents that staff upload, whose names are random.

Each folder below is paired with the rows that name files in it. A file is an orphan when no row names
it and it is older than a grace period, so that a transaction still open (a slow upload) keeps its files.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import storages
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from mapping.models import ReportPhoto
from mapping.storage import private_storage


@dataclass(frozen=True)
class Folder:
    """A folder of one storage, and the model fields whose values name its files."""

    storage: object
    path: str
    fields: tuple  # (model, field name) pairs

    def named(self):
        names = set()
        for model, field in self.fields:
            names.update(model._default_manager.exclude(**{field: ""}).values_list(field, flat=True))
        return names


def folders():
    image = get_image_model()
    rendition = image.get_rendition_model()
    public = storages["default"]
    return (
        Folder(private_storage(), "reports", ((ReportPhoto, "file"), (ReportPhoto, "original"))),
        Folder(public, "original_images", ((image, "file"),)),
        Folder(public, "images", ((rendition, "file"),)),
        Folder(public, "documents", ((get_document_model(), "file"),)),
    )


def walk(storage, path):
    """Every file under `path` in `storage`, by its name in the storage."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}"
    for directory in directories:
        yield from walk(storage, f"{path}/{directory}")


def find_orphans(grace=timedelta(hours=1)):
    """(storage, name) of every file no row names, written more than `grace` ago."""
    before = timezone.now() - grace
    for folder in folders():
        named = folder.named()
        for name in walk(folder.storage, folder.path):
            if name in named:
                continue
            if folder.storage.get_modified_time(name) > before:
                continue
            yield folder.storage, name


def remove_orphans(grace=timedelta(hours=1), dry_run=False):
    """Remove (or, with `dry_run`, only list) the orphans; the names, in order."""
    removed = []
    for storage, name in find_orphans(grace):
        if not dry_run:
            storage.delete(name)
        removed.append(name)
    return removed
