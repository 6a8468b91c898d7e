"""GET /healthz/: whether this app server can do its work, for a load balancer or a monitor.

Each check says `ok` and how long it took; a failed one says only a short generic reason, never a host
name, a password or an exception's text (a DSN may be in it). The answer is 200 when every check is ok,
503 otherwise; it sets no cookie and is never cached. The view touches no session, so no middleware
reads the database before it.

- database: a `SELECT 1` on the default connection;
- cache: a key written, read back and deleted (rate limits and generations live there);
- storage: a tiny file written, read back and deleted in Django's default storage and in the private
  storage of citizens' photos. A write proves more than `exists()`: a read-only mount, a full disk or a
  key that may read but not write would pass `exists()` and still lose the next report's photos;
- tasks: the backlog of the database task queue (tasks waiting for the worker), or "immediate" when the
  tasks run in the request.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# The storages to probe: Django's default one, and the private one of citizens' photos (named by its
# dotted path, as settings name code: portal imports no app).
PRIVATE_STORAGE = "mapping.storage.private_storage"
PROBE_FOLDER = "healthz"


def _timed(check):
    started = time.perf_counter()
    try:
        extra = check() or {}
        result = {"ok": True}
    except Exception as error:  # any failure is a failed check; what it was goes to the log, not the answer
        logger.warning("Health check %s failed: %s", check.__name__, type(error).__name__)
        result, extra = {"ok": False, "reason": _REASONS.get(check.__name__, "unavailable")}, {}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    result.update(extra)
    return result


def database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def cache_check():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise ValueError("the cache did not keep a value")
    cache.delete(key)


def probe_storage(storage):
    payload = uuid.uuid4().hex.encode()
    name = storage.save(f"{PROBE_FOLDER}/probe-{uuid.uuid4().hex}.txt", ContentFile(payload))
    try:
        with storage.open(name, "rb") as stored:
            if stored.read() != payload:
                raise ValueError("the storage did not keep a file")
    finally:
        storage.delete(name)


def storage():
    probe_storage(default_storage)


def private_storage():
    probe_storage(import_string(PRIVATE_STORAGE)())


def tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"backend": backend.rsplit(".", 1)[-1].removesuffix("Backend").lower()}
    # Imported here: the model exists only where django_tasks_db is installed and loaded.
    from django_tasks_db.models import DBTaskResult

    return {"backend": "database", "pending": DBTaskResult.objects.ready().count()}


_REASONS = {
    "database": "database unavailable",
    "cache_check": "cache unavailable",
    "storage": "storage unavailable",
    "private_storage": "storage unavailable",
    "tasks": "task queue unavailable",
}
CHECKS = {
    "database": database,
    "cache": cache_check,
    "storage": storage,
    "private_storage": private_storage,
    "tasks": tasks,
}


@require_safe
def healthz(request):
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    healthy = all(check["ok"] for check in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "failed", "checks": checks}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def node_alive(request):
    """`/healthz/node/`: this node's own process answers, whatever the state of the shared services.

    The front proxy's probe (deploy/varnish/portal.vcl) asks this, not `/healthz/`: a database or a
    cache that is down is down for every node alike, and taking every node out would only replace the
    portal's own answer (a 503 that gives a citizen's report back) by the proxy's bare error page.
    """
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response
