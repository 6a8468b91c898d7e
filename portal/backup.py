"""A whole site in one folder, and back: the database as JSON and every file of both storages.

`backup_site DIR` writes

    DIR/manifest.json          what is in the backup: counts, sizes, SHA-256 of every file, migrations
    DIR/database.json.gz       every table that matters, in Django's JSON fixture format (`loaddata`)
    DIR/files/media/<name>     every file of the `default` storage (images, documents, renditions)
    DIR/files/private/<name>   every file of the `private` storage (citizens' photos: personal data)

and `restore_site DIR` loads it into a freshly migrated database and empty storages, checking every
checksum first. The files are read and written through Django's storage API, so the same commands work
for folders and for S3 buckets, and a backup of one can be restored into the other.

Why JSON and not `pg_dump` or SQLite's `.backup`: one format for both engines (a SQLite site can move to
PostgreSQL, CI restores on both), no `pg_dump` client that must match the server's version, and what is
restored goes through the models, onto the schema `migrate` built. Not `dumpdata --natural-primary`:
pages would lose their ids, which StreamField and rich text hold (see `Serializer`). The price is size and
speed on a very large database; a `pg_dump` of the same moment remains a fine second copy there.
"""

import gzip
import hashlib
import io
import json
import os
from collections import Counter
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from wagtail.models import Page

FORMAT = 1
DATABASE_FILE = "database.json.gz"
MANIFEST_FILE = "manifest.json"
# Storage alias in STORAGES → folder in the backup.
STORAGE_FOLDERS = {"default": "media", "private": "private"}
# Left out of the dump: rebuilt by `migrate` (content types) or by `update_index` (the search index), or
# transient (sessions, lockouts, queued tasks, which would send their e-mail twice). Permissions are
# dumped first and by natural key: `migrate` rebuilds those of the models' Meta, but not those an app
# creates in a data migration (wagtail-localize's "submit translation"), which groups may hold.
EXCLUDED = {"contenttypes", "sessions", "axes", "wagtailsearch", "django_tasks_database"}
FIRST = "auth.permission"
NATURAL = {"contenttypes.contenttype", "auth.permission"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def sha256_of(handle):
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def walk(storage, folder=""):
    """Every file name in a storage, recursively, through `listdir` (folders and S3 alike)."""
    directories, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


def safe_relative(name):
    """A storage name as a relative path that cannot leave the backup folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the file name {name!r}.")
    return Path(*path.parts)


def applied_migrations(using=DEFAULT_DB_ALIAS):
    """The newest applied migration of each app: a backup is restored onto the same schema."""
    latest = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def snapshot(using):
    """One consistent read of the whole database: a repeatable-read transaction on PostgreSQL; on
    SQLite, the transaction itself (writers wait for it, within their busy timeout)."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    atomic = transaction.atomic(using=using)
    atomic.__enter__()
    if connection.vendor == "postgresql" and outermost:
        # Only the first statement of a transaction may set it (a caller's transaction has its own).
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    return atomic


class Serializer(JSONSerializer):
    """Django's JSON, with natural keys only for content types and permissions: the two tables whose
    rows `migrate` numbers anew in another database. Every other row keeps its primary key, because
    page, image and document ids live on inside StreamField and rich text, and because the audit log
    keeps naming deleted pages (a natural key could not be looked up for them)."""

    def start_object(self, obj):
        # A permission is found again by its natural key (app, model, codename), or created.
        self.use_natural_primary_keys = obj._meta.label_lower == FIRST
        super().start_object(obj)

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in NATURAL
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in NATURAL
        super().handle_m2m_field(obj, field)


def dumped_models():
    """Every table that matters, as `dumpdata` would choose them, less the excluded ones; permissions
    first, since groups and page permissions name them."""
    models = [
        model
        for model in apps.get_models()
        if not (model._meta.proxy or not model._meta.managed)
        and model._meta.app_label not in EXCLUDED
        and model._meta.label_lower not in EXCLUDED
    ]
    return sorted(models, key=lambda model: model._meta.label_lower != FIRST)


def dumped_objects(using):
    for model in dumped_models():
        yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator(chunk_size=2000)


def counted(objects, counter):
    for obj in objects:
        counter[obj._meta.label_lower] += 1
        yield obj


def backup_site(directory, using=DEFAULT_DB_ALIAS, log=print):
    """Write the backup into `directory` (new, or empty) and return its manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: back up into a new folder.")
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)  # it holds personal data
    started = timezone.now()

    atomic = snapshot(using)
    try:
        migrations = applied_migrations(using)
        objects = Counter()
        with gzip.open(directory / DATABASE_FILE, "wt", encoding="utf-8", compresslevel=6) as out:
            Serializer().serialize(counted(dumped_objects(using), objects), stream=out, indent=None)
    finally:
        atomic.__exit__(None, None, None)
    with open(directory / DATABASE_FILE, "rb") as handle:
        database_sha = sha256_of(handle)
    log(f"Database: {sum(objects.values())} objects of {len(objects)} models.")

    files = []
    for alias, folder in STORAGE_FOLDERS.items():
        storage = storages[alias]
        count = size = 0
        for name in walk(storage):
            target = directory / "files" / folder / safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            length = 0
            try:
                with storage.open(name, "rb") as source, open(target, "wb") as out:
                    for chunk in iter(lambda source=source: source.read(CHUNK), b""):
                        digest.update(chunk)
                        length += len(chunk)
                        out.write(chunk)
            except FileNotFoundError:
                # Deleted since it was listed (a retention run, say): nothing refers to it any more.
                target.unlink(missing_ok=True)
                continue
            files.append({"storage": alias, "name": name, "size": length, "sha256": digest.hexdigest()})
            count, size = count + 1, size + length
        log(f"Files of the {alias} storage: {count} ({size} bytes).")

    manifest = {
        "format": FORMAT,
        "created": started.isoformat(),
        "engine": connections[using].vendor,
        "migrations": migrations,
        "database": {
            "file": DATABASE_FILE,
            "sha256": database_sha,
            "size": (directory / DATABASE_FILE).stat().st_size,
            "objects": dict(sorted(objects.items())),
        },
        "storages": {
            alias: {
                "folder": folder,
                "files": sum(1 for item in files if item["storage"] == alias),
                "bytes": sum(item["size"] for item in files if item["storage"] == alias),
            }
            for alias, folder in STORAGE_FOLDERS.items()
        },
        "files": files,
    }
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def read_manifest(directory):
    try:
        manifest = json.loads((Path(directory) / MANIFEST_FILE).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no {MANIFEST_FILE}: not a backup of this site.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify(directory, manifest):
    """Every file of the backup is there with its checksum; raise at the first that is not."""
    directory = Path(directory)
    with open(directory / manifest["database"]["file"], "rb") as handle:
        if sha256_of(handle) != manifest["database"]["sha256"]:
            raise BackupError("The database dump does not match its checksum.")
    for item in manifest["files"]:
        path = directory / "files" / STORAGE_FOLDERS[item["storage"]] / safe_relative(item["name"])
        try:
            with open(path, "rb") as handle:
                if sha256_of(handle) != item["sha256"]:
                    raise BackupError(f"{path} does not match its checksum.")
        except FileNotFoundError:
            raise BackupError(f"{path} is missing from the backup.") from None


def looks_fresh(using):
    """A database that `migrate` just built: no report, no issue, no page beyond Wagtail's first two."""
    for label in ("mapping.Report", "mapping.Issue", "mapping.ReportPhoto"):
        if apps.get_model(label).objects.using(using).exists():
            return False
    return Page.objects.using(using).count() <= 2


def restore_site(directory, using=DEFAULT_DB_ALIAS, force=False, log=print):
    """Load a backup into this (freshly migrated) database and these (empty) storages."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    verify(directory, manifest)
    here = applied_migrations(using)
    if here != manifest["migrations"]:
        differing = sorted(
            app
            for app in set(here) | set(manifest["migrations"])
            if here.get(app) != manifest["migrations"].get(app)
        )
        raise BackupError(
            "The database is not at the backup's migrations (" + ", ".join(differing) + "): restore with the "
            "code of the backup's version, then update as usual."
        )
    if not force and not looks_fresh(using):
        raise BackupError("The database already holds a site: restore into a freshly migrated database.")

    # Files first: a photo a report names is there before the report is.
    for item in manifest["files"]:
        storage = storages[item["storage"]]
        path = directory / "files" / STORAGE_FOLDERS[item["storage"]] / safe_relative(item["name"])
        if storage.exists(item["name"]):
            with storage.open(item["name"], "rb") as handle:
                if sha256_of(handle) == item["sha256"]:
                    continue
            raise BackupError(f"{item['name']} already exists in the {item['storage']} storage, and differs.")
        with open(path, "rb") as handle:
            saved = storage.save(item["name"], File(handle, name=item["name"]))
        if saved != item["name"]:
            raise BackupError(f"The {item['storage']} storage saved {item['name']} as {saved}.")
    for alias in STORAGE_FOLDERS:
        log(f"Files of the {alias} storage: {manifest['storages'][alias]['files']} restored.")

    # What `migrate` created (Wagtail's root and welcome page, its default site and groups) makes way for
    # the backup's own; content types and permissions come back at once, by natural key.
    with transaction.atomic(using=using):
        call_command("flush", interactive=False, database=using, verbosity=0)
        call_command("loaddata", str(directory / manifest["database"]["file"]), database=using, verbosity=0)
    log(f"Database: {sum(manifest['database']['objects'].values())} objects restored.")
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    cache.clear()
    log(
        "Search index rebuilt, cache cleared. Now run `erase_reports`: the backup may be older than erasures."
    )
    return manifest
