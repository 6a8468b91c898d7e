"""The test databases built once per run and copied by each pytest-xdist worker.

With workers (`pytest -n 2`), the controller starts this module as a process of its own
(`python -m tests.db_templates FOLDER`) as soon as the run begins. It builds, in turn:

- `migrated`: a database freshly migrated exactly as Django's test runner does it (`create_test_db`);
- `demo`: a copy of it with `load_demo`'s site, built once some worker's collection holds a test that
  reads the demo (`demo-wanted`), while the workers run the other tests.

Each is published in FOLDER as `<name>.json` once complete (or `error.txt` with the traceback). A worker
copies `migrated` into its own test database instead of migrating it, and replaces that database with a
copy of `demo` where it used to run `load_demo` (tests/conftest.py, `demo_content`); on SQLite, a copy is a
file copy (the sqlite3 backup API), on PostgreSQL `CREATE DATABASE … TEMPLATE …`. The demo's pictures
and photos are files: they are copied from this process's media folders to the worker's.

The process stays until the controller closes its standard input at the end of the run, then drops the
PostgreSQL databases it created (on SQLite, the controller removes FOLDER).
"""

import io
import json
import os
import select
import shutil
import sqlite3
import sys
import time
import traceback
from pathlib import Path

MIGRATED = "migrated"
DEMO = "demo"
DEMO_WANTED = "demo-wanted"
ERROR = "error.txt"
# A worker waits at most this long for a database (the demo takes about a minute on a busy machine).
WAIT_SECONDS = 900


# ---- In the workers ---------------------------------------------------------------------------------


def wait_for(folder, name, timeout=WAIT_SECONDS):
    """What the builder published about `name` (a dict), waiting for it; its traceback if it failed."""
    folder = Path(folder)
    deadline = time.monotonic() + timeout
    while True:
        published = folder / f"{name}.json"
        if published.exists():
            return json.loads(published.read_text())
        if (folder / ERROR).exists():
            raise RuntimeError(f"Building the test databases failed:\n{(folder / ERROR).read_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"The test database {name!r} was not built within {timeout} s ({folder}).")
        time.sleep(0.05)


def want_demo(folder):
    """Tell the builder that the demo will be needed (it is built only then)."""
    (Path(folder) / DEMO_WANTED).touch()


def publish_scopes(folder, scopes):
    """{nodeid: scope} for the controller's scheduler (tests/conftest.py); every worker writes the same."""
    partial = Path(folder) / f"scopes.json.{os.getpid()}"
    partial.write_text(json.dumps(scopes))
    os.replace(partial, Path(folder) / "scopes.json")


def read_scopes(folder):
    path = Path(folder) / "scopes.json"
    return json.loads(path.read_text()) if path.exists() else {}


def copy_sqlite(source, target):
    """A consistent copy of the SQLite database `source` into a new file `target`, in one file."""
    partial = Path(f"{target}.partial")
    partial.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(partial)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        src.close()
        dst.close()
    os.replace(partial, target)


def create_test_database(connection, template):
    """The worker's empty test database made a copy of `template` (published by the builder)."""
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template["sqlite"], name)
    else:
        _create_from_template(connection, name, template["database"])


def replace_database(connection, template):
    """The worker's test database replaced by a copy of `template`, whatever it held; the connection
    (of this thread) is then open on the copy."""
    if connection.in_atomic_block:
        raise RuntimeError("The demo cannot replace the test database inside a transaction.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(template["sqlite"])
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        _create_from_template(connection, connection.settings_dict["NAME"], template["database"])
        connection.ensure_connection()
    for kind in ("media", "private"):
        shutil.copytree(template[kind], template_target(kind), dirs_exist_ok=True)


def template_target(kind):
    from django.conf import settings

    return settings.MEDIA_ROOT if kind == "media" else settings.PRIVATE_MEDIA_ROOT


def _create_from_template(connection, name, template):
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        # FORCE: a connection another thread of the worker left open must not keep the old copy.
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")


# ---- In the builder ---------------------------------------------------------------------------------


def _publish(folder, name, data):
    partial = folder / f"{name}.json.partial"
    partial.write_text(json.dumps(data))
    os.replace(partial, folder / f"{name}.json")


def _stdin_closed(timeout):
    """True once the controller has closed our standard input (the run is over)."""
    readable, _, _ = select.select([sys.stdin], [], [], timeout)
    return bool(readable) and not sys.stdin.buffer.read1(1024)


def build(folder):
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    created = []
    base = connection.settings_dict["NAME"]
    if sqlite:
        connection.settings_dict["TEST"]["NAME"] = str(folder / "building.sqlite3")
    else:
        # The names of the workers' databases (test_<name>_gw0…) with this run's own suffix.
        connection.settings_dict["TEST"]["NAME"] = f"test_{base}_tpl{os.getppid()}"
    demo_name = f"test_{base}_tpl{os.getppid()}_demo"
    try:
        # What pytest-django's `django_db_setup` does in each worker: Django's test database creation.
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        if not sqlite:
            created.append(name)
        connection.close()
        if sqlite:
            copy_sqlite(name, folder / "migrated.sqlite3")
            _publish(folder, MIGRATED, {"sqlite": str(folder / "migrated.sqlite3")})
        else:
            _publish(folder, MIGRATED, {"database": name})

        while not (folder / DEMO_WANTED).exists():
            if _stdin_closed(0.1):
                return created
        if not sqlite:
            # The demo goes into a copy: the workers keep copying the migrated database meanwhile.
            _create_from_template(connection, demo_name, name)
            created.append(demo_name)
            connection.settings_dict["NAME"] = demo_name
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        connection.close()
        media = {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}
        if sqlite:
            copy_sqlite(name, folder / "demo.sqlite3")
            _publish(folder, DEMO, {"sqlite": str(folder / "demo.sqlite3"), **media})
        else:
            _publish(folder, DEMO, {"database": demo_name, **media})
        while not _stdin_closed(1):
            pass
        return created
    except BaseException:
        (folder / ERROR).write_text(traceback.format_exc())
        raise
    finally:
        connection.close()
        for path in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
            shutil.rmtree(path, ignore_errors=True)
        if created:
            with connection._nodb_cursor() as cursor:
                for name in created:
                    cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
