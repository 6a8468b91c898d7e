"""GET /healthz/: 200 with every check ok, 503 when the cache or the database is down; no secret, no
cookie, never cached. The outage of a real PostgreSQL is in tests/test_outage.py."""

import json
import socket
from pathlib import Path

import pytest
from django.db import connections

from portal.health import PROBE_FOLDER


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(client):
    response = client.get("/healthz/")
    return response, json.loads(response.content)


def test_every_check_ok(client, db, settings):
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "private_storage", "tasks"}
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())
    assert body["checks"]["tasks"]["backend"] == "immediate"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"
    assert not response.cookies
    assert "Set-Cookie" not in response
    # The probes leave no file behind.
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        assert not list((Path(root) / PROBE_FOLDER).glob("*"))


def test_outside_the_language_prefixes_and_only_for_reading(client, db):
    assert client.get("/ru/healthz/").status_code == 404
    assert client.post("/healthz/").status_code == 405


def test_503_when_the_cache_is_down(client, db, settings):
    port = closed_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    response, body = health(client)
    assert response.status_code == 503
    assert body["status"] == "failed"
    assert body["checks"]["cache"] == {
        "ok": False,
        "reason": "cache unavailable",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert body["checks"]["database"]["ok"]
    assert str(port) not in response.content.decode()


@pytest.fixture
def unreachable_database(db):
    """The default connection pointed at a database that is not there (a real failure, no mock)."""
    working = connections["default"]
    settings_dict = dict(working.settings_dict)
    if working.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder/portal.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()), PASSWORD="secret-password")  # noqa: S106
    broken = type(working)(settings_dict, alias="default")
    connections["default"] = broken
    yield settings_dict
    broken.close()
    connections["default"] = working


def test_503_when_the_database_is_down_and_nothing_secret_is_said(client, unreachable_database):
    response, body = health(client)
    assert response.status_code == 503
    assert body["status"] == "failed"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["reason"] == "database unavailable"
    assert body["checks"]["cache"]["ok"]
    text = response.content.decode()
    for secret in ("nonexistent-folder", "secret-password", "127.0.0.1", unreachable_database.get("PORT")):
        assert not secret or secret not in text
    assert "Set-Cookie" not in response


def test_the_database_task_queue_reports_its_backlog(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response, body = health(client)
    assert response.status_code == 200
    assert body["checks"]["tasks"]["backend"] == "database"
    assert body["checks"]["tasks"]["pending"] == 0


def test_the_node_probe_answers_while_a_shared_service_is_down(client, unreachable_database):
    """The proxy's probe: a node whose process answers stays in, whatever the database does."""
    response = client.get("/healthz/node/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store" and not response.cookies
    assert client.get("/healthz/").status_code == 503
