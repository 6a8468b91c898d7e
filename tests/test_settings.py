"""Settings read from the environment: the database, the cache, e-mail."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from portal.email_url import parse_email_url


def run_in_django(code, **env):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.dev", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        # CI's second run: DATABASE_URL chose PostgreSQL instead.
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_redis_url_switches_the_cache_to_a_working_redis():
    out = run_in_django(
        "from django.core.cache import caches; cache = caches['default']; cache.set('portal-probe', 42); "
        "print(type(cache).__name__, cache.get('portal-probe'))",
        REDIS_URL="redis://127.0.0.1:6379/14",
    )
    assert out == "RedisCache 42"


def test_database_url_switches_the_database():
    out = run_in_django(
        "from django.db import connection; print(connection.vendor, connection.settings_dict['NAME'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal_settings_probe",
    )
    assert out == "postgresql portal_settings_probe"


def test_time_zone_is_almaty():
    assert settings.TIME_ZONE == "Asia/Almaty"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://user:p%40ss@mail.example.kz:587?tls", ("mail.example.kz", 587, "user", "p@ss", True)),
        ("smtps://mail.example.kz", ("mail.example.kz", 465, "", "", False)),
        ("smtp+tls://mail.example.kz", ("mail.example.kz", 587, "", "", True)),
    ],
)
def test_email_url(url, expected):
    parsed = parse_email_url(url)
    got = (
        parsed["EMAIL_HOST"],
        parsed["EMAIL_PORT"],
        parsed["EMAIL_HOST_USER"],
        parsed["EMAIL_HOST_PASSWORD"],
        parsed["EMAIL_USE_TLS"],
    )
    assert got == expected


def test_email_url_with_an_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="unknown scheme"):
        parse_email_url("pigeon://coop")
