"""`backup_site` and `restore_site`: a backup of the demo site and a citizen's report, restored into a
fresh database and a fresh store, gives back every report, every photo (byte for byte) and every page.

The backup reads the test database in this process; each restore runs as a subprocess with its own
SQLite file, folders (or S3 buckets) and `portal.settings.dev`, so the suite's own database is untouched.
`migrate` runs once into a template database that each restore copies: in a run with pytest-xdist
workers on SQLite, the one the run's builder migrated for the test databases (tests/db_templates.py), which
holds what `migrate` makes under these settings too (the same apps and migrations).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from mapping.models import Report
from portal.backup import MANIFEST_FILE, BackupError, restore_site
from tests import db_templates
from tests.conftest import templates_folder
from tests.factories import ReportFactory
from tests.s3 import s3_server_fixture  # noqa: F401 (the s3_server fixture)

ROOT = Path(settings.BASE_DIR)

# Printed by the restored site: what the test compares with the original.
SUMMARY = """
import hashlib, json
from wagtail.models import Page
from mapping.models import Report
print(json.dumps({
    "pages": sorted([page.url_path, page.title, page.live] for page in Page.objects.all()),
    "reports": sorted(
        [report.code, report.description, report.email,
         sorted(hashlib.sha256(photo.file.open("rb").read()).hexdigest() for photo in report.photos.all())]
        for report in Report.objects.all()
    ),
}))
"""


def summary():
    return {
        "pages": sorted([page.url_path, page.title, page.live] for page in Page.objects.all()),
        "reports": sorted(
            [
                report.code,
                report.description,
                report.email,
                sorted(
                    hashlib.sha256(photo.file.open("rb").read()).hexdigest() for photo in report.photos.all()
                ),
            ]
            for report in Report.objects.all()
        ),
    }


def environment(folder, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "S3_", "PYTEST_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        SQLITE_PATH=str(folder / "db.sqlite3"),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        **extra,
    )
    return env


def manage(env, *args, timeout=240):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def migrated_template(request, tmp_path_factory):
    """A freshly migrated SQLite database, built once; each restore starts from a copy of it."""
    built = templates_folder(request.config)
    if built and connection.vendor == "sqlite":
        return Path(db_templates.wait_for(built, db_templates.MIGRATED)["sqlite"])
    folder = tmp_path_factory.mktemp("template")
    manage(environment(folder), "migrate", "--noinput", "-v0")
    return folder / "db.sqlite3"


def fresh_site(tmp_path, migrated_template, name):
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(migrated_template, folder / "db.sqlite3")
    return folder


@pytest.fixture
def backup(tmp_path, demo):
    """The demo site plus a citizen's report with two photos, backed up by the command."""
    ReportFactory(
        description="Секретарь акимата просил деньги за приём. Заявитель: Ерлан, кв. 5.",
        email="erlan@example.kz",
        photos=2,
    )
    directory = tmp_path / "backup"
    call_command("backup_site", str(directory), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return directory, summary()


@pytest.mark.django_db
def test_a_backup_restores_into_a_fresh_database_and_folders_or_s3(
    backup, tmp_path, migrated_template, s3_server
):
    """One test, so that one xdist worker runs `migrate` for both restores."""
    directory, original = backup
    manifest = json.loads((directory / MANIFEST_FILE).read_text())
    assert manifest["database"]["objects"]["mapping.report"] == Report.objects.count()
    assert manifest["storages"]["private"]["files"] >= 2
    assert {item["storage"] for item in manifest["files"]} == {"default", "private"}

    site = fresh_site(tmp_path, migrated_template, "restored")
    env = environment(site)
    out = manage(env, "restore_site", str(directory))
    assert "erase_reports" in out
    restored = json.loads(manage(env, "shell", "-c", SUMMARY).strip().splitlines()[-1])
    assert restored["pages"] == original["pages"]
    assert restored["reports"] == original["reports"]
    assert len(restored["pages"]) > 20  # the demo's pages, in three languages
    # Every file is back byte for byte, in the folder of its storage.
    for item in manifest["files"]:
        folder = site / ("media" if item["storage"] == "default" else "private")
        assert hashlib.sha256((folder / item["name"]).read_bytes()).hexdigest() == item["sha256"]
    # The same backup into a fresh database whose storages are two new, empty S3 buckets.
    media, private = "restored-media", "restored-private"
    s3_server.create_buckets(media, private)
    site = fresh_site(tmp_path, migrated_template, "on-s3")
    env = environment(
        site, **{**s3_server.environment(), "S3_MEDIA_BUCKET": media, "S3_PRIVATE_BUCKET": private}
    )
    manage(env, "restore_site", str(directory))
    restored = json.loads(manage(env, "shell", "-c", SUMMARY).strip().splitlines()[-1])
    assert restored["reports"] == original["reports"]
    assert restored["pages"] == original["pages"]
    assert s3_server.keys(private) == {
        item["name"] for item in manifest["files"] if item["storage"] == "private"
    }
    assert s3_server.keys(media) == {
        item["name"] for item in manifest["files"] if item["storage"] == "default"
    }
    assert not (site / "private").exists() or not any((site / "private").rglob("*.jpg"))
    # Backed up again from S3, by the command in that site: the same files, the same rows.
    manage(env, "backup_site", str(tmp_path / "from-s3"))
    again = json.loads((tmp_path / "from-s3" / MANIFEST_FILE).read_text())

    def files(manifest):
        return sorted((item["storage"], item["name"], item["sha256"]) for item in manifest["files"])

    assert files(again) == files(manifest)
    # Permissions: every one backed up is restored; `migrate` may have made more in the new database (one
    # per model and action), which a second backup then holds too.
    again_objects, objects = dict(again["database"]["objects"]), dict(manifest["database"]["objects"])
    assert again_objects.pop("auth.permission") >= objects.pop("auth.permission")
    assert again_objects == objects


@pytest.mark.django_db
def test_a_backup_is_not_restored_over_a_site(backup):
    directory, _original = backup
    with pytest.raises(BackupError, match="already holds a site"):
        restore_site(directory, log=lambda message: None)


@pytest.mark.django_db
def test_a_damaged_backup_is_refused_before_anything_is_written(backup):
    directory, _original = backup
    manifest = json.loads((directory / MANIFEST_FILE).read_text())
    photo = next(item for item in manifest["files"] if item["storage"] == "private")
    (directory / "files" / "private" / photo["name"]).write_bytes(b"not the photo")
    with pytest.raises(BackupError, match="checksum"):
        restore_site(directory, log=lambda message: None)
