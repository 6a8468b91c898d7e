"""What every part of the speed benchmark shares: paths, the bench's Redis, logging, subprocesses."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BENCH = ROOT / ".bench"
VENV = ROOT / ".venv" / "bin"
PYTHON = str(VENV / "python")
GUNICORN = str(VENV / "gunicorn")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
# Each bench database: PostgreSQL database names (created and dropped here, never any other).
PG_NAMES = {"demo": "portal_bench", "100k": "portal_bench_100k"}
SIZES = ("demo", "100k")
DATABASES = ("sqlite", "postgres")
ISSUES_100K = 100_000

_STARTED = time.monotonic()


def log(message):
    print(f"[bench {time.monotonic() - _STARTED:6.0f} s] {message}", flush=True)


def cell_dir(db, size):
    return BENCH / f"{db}-{size}"


def database_url(db, size):
    if db == "sqlite":
        return f"sqlite:///{cell_dir(db, size) / 'db.sqlite3'}"
    return f"{PG_SERVER}/{PG_NAMES[size]}"


def secret_key():
    path = BENCH / "secret-key"
    if not path.exists():
        BENCH.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text()


def settings_env(db, size, page_cache=True):
    """Production settings against one bench database, the bench's Redis and static folder."""
    folder = cell_dir(db, size)
    return {
        "PATH": f"{VENV}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": REDIS_URL,
        "DATABASE_URL": database_url(db, size),
        "STATIC_ROOT": str(BENCH / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        # Plain HTTP on this machine; TLS is the proxy's job in production.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE": "1" if page_cache else "0",
    }


def manage(env, *args, capture=False):
    """Run a management command; stop the benchmark when it fails."""
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(
            f"bench: manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout if capture else None


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def flush_redis():
    """Empty the bench's Redis database: caches of another bench database must not answer."""
    redis_client().flushdb()
