"""The bench databases: demo content, and the demo plus 100,000 synthetic issues, on SQLite and PostgreSQL.

Each is built once and kept (SQLite files and media under .bench/<db>-<size>/, PostgreSQL databases
portal_bench and portal_bench_100k), with a `built` marker written last: a missing marker or a missing
database means a half-built one, which is dropped and built again. Every run migrates them, so that a new
migration reaches them.
"""

import shutil
import sqlite3
import time

from .common import BENCH, ISSUES_100K, PG_NAMES, PG_SERVER, cell_dir, log, manage, settings_env


def pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)


def pg_exists(name):
    with pg_admin() as connection:
        return bool(connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def pg_recreate(name, template=None):
    assert name in PG_NAMES.values()  # only the bench's own databases are dropped
    with pg_admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            assert template in PG_NAMES.values()
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            connection.execute(f'CREATE DATABASE "{name}"')


def exists(db, size):
    if not (cell_dir(db, size) / "built").exists():
        return False
    if db == "sqlite":
        return (cell_dir(db, size) / "db.sqlite3").exists()
    return pg_exists(PG_NAMES[size])


def ensure(db, size):
    """Build the database when it is missing; migrate it in any case. Returns seconds spent building."""
    env = settings_env(db, size)
    if exists(db, size):
        manage(env, "migrate", "--noinput", "-v0")
        return 0.0
    started = time.monotonic()
    folder = cell_dir(db, size)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if size == "demo":
        log(f"building {db}-demo: migrate, load_demo")
        if db == "postgres":
            pg_recreate(PG_NAMES[size])
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "-v0")
    else:
        ensure(db, "demo")
        log(f"building {db}-{size}: a copy of {db}-demo, then generate_issues --count {ISSUES_100K}")
        demo = cell_dir(db, "demo")
        shutil.copytree(demo / "media", folder / "media", dirs_exist_ok=True)
        if (demo / "private-media").exists():
            shutil.copytree(demo / "private-media", folder / "private-media", dirs_exist_ok=True)
        if db == "sqlite":
            source = sqlite3.connect(demo / "db.sqlite3")
            target = sqlite3.connect(folder / "db.sqlite3")
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            pg_recreate(PG_NAMES[size], template=PG_NAMES["demo"])
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "generate_issues", "--count", str(ISSUES_100K), "--seed", "1")
    seconds = time.monotonic() - started
    (folder / "built").write_text(f"{seconds:.0f} s\n")
    log(f"built {db}-{size} in {seconds:.0f} s")
    return seconds


def collect_static():
    """collectstatic into .bench/static (production's hashed, compressed storage), for every cell."""
    manage(settings_env("sqlite", "demo"), "collectstatic", "--noinput", "-v0")
    return BENCH / "static"
