"""A real database outage: a private PostgreSQL is stopped under a running app server, and no report is lost.

The module starts its own PostgreSQL (the machine's initdb and pg_ctl, its own data folder and free port;
the shared server is never touched), creates the schema from the models, builds a small site (a home page
in three languages, the report page in ru and kk, two categories, a partner's Open311 key) and serves the
portal from it with gunicorn in a subprocess (test settings, DEBUG off, so the handler500 path is the
production one). It needs no `db` fixture: every request goes over HTTP to that server. About 15 s.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import requests
from django.core import signing
from django.core.cache import cache
from django.utils import translation

from mapping.reports.forms import STARTED_SALT
from mapping.reports.outage import report_form
from mapping.reports.tokens import web_token

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parent.parent
TOKEN_BEFORE = "a" * 32
TOKEN_DURING = "b" * 32
# The server's settings: the test settings with its media in the module's folder.
SERVER_SETTINGS = """
from portal.settings.test import *  # noqa: F403

MEDIA_ROOT = "{folder}/media"
PRIVATE_MEDIA_ROOT = "{folder}/private-media"
"""
# The schema straight from the models (as pytest-django's --nomigrations makes it): migrating Wagtail
# from scratch would take 35 s of this module's 50. Wagtail's root page is what its migration adds.
SCHEMA_SETTINGS = """
from outage_settings import *  # noqa: F403


class NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


MIGRATION_MODULES = NoMigrations()
"""
SETUP = """
from django.core.management import call_command
from wagtail.models import Locale, Page
call_command("migrate", run_syncdb=True, verbosity=0)
Page.add_root(title="Root", slug="root", locale=Locale.objects.create(language_code="ru"))
from tests.conftest import build_site
from tests.factories import CategoryFactory, PartnerApiKeyFactory, ReportPageFactory
site = build_site()
page = ReportPageFactory(parent=site["home"])
page.copy_for_translation(Locale.objects.get(language_code="kk")).save_revision().publish()
CategoryFactory(name="Госуслуги", slug="services")
CategoryFactory(name="Здравоохранение", slug="health")
print("KEY=" + PartnerApiKeyFactory().raw_key)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command):
    """PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    def __init__(self, folder):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://portal@127.0.0.1:{self.port}/portal"

    def run(self, *command):
        subprocess.run(as_postgres([str(PG_BIN / command[0]), *command[1:]]), check=True, capture_output=True)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "portal", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "portal", "portal")

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def query(self, sql, *params):
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def outage_site():
    folder = Path(tempfile.mkdtemp(prefix="portal-outage-"))
    postgres = PrivatePostgres(folder)
    server = None
    (folder / "outage_settings.py").write_text(SERVER_SETTINGS.format(folder=folder))
    (folder / "outage_schema.py").write_text(SCHEMA_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outage_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), str(ROOT), os.environ.get("PYTHONPATH")])),
        "DATABASE_URL": postgres.url,
        "REPORT_RATE_LIMIT": "1000/m",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # one process: its local-memory cache is the cache the whole site shares
    try:
        postgres.init()
        setup = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "outage_schema"},
            check=True,
            capture_output=True,
            text=True,
        )
        api_key = re.search(r"KEY=(\S+)", setup.stdout)[1]
        port = free_port()
        with open(folder / "server.log", "w") as log:
            server = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "portal.wsgi",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=1",
                    "--timeout=30",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                requests.get(base + "/healthz/", timeout=20)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield {"base": base, "postgres": postgres, "api_key": api_key, "log": folder / "server.log"}
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
        try:
            postgres.stop()
        except subprocess.CalledProcessError:
            pass  # not running: stopped by a failed test, or never started
        shutil.rmtree(folder, ignore_errors=True)


def report(token, **overrides):
    data = {
        "description": "В ЦОН № 1 сотрудник попросил деньги «за ускорение» справки <b>срочно</b>.",
        "category": "health",
        "latitude": "53.2871",
        "longitude": "69.3912",
        "address": "г. Кокшетау, ул. Абая, 89",
        "anonymity": "confidential",
        "name": "Айгерим Сериккызы",
        "email": "aigerim@example.kz",
        "phone": "+7 701 234 56 78",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "token": token,
    }
    data.update(overrides)
    return data


def send_report(session, base, token, photo=False, language="ru"):
    """The form's page for its CSRF cookie, then the report, as a browser sends them."""
    url = f"{base}/{language}/report/"
    session.get(url, timeout=10)
    data = {**report(token), "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
    files = (
        {"photos": ("IMG_0001.jpg", b"\xff\xd8\xff\xe0 not a real photo", "image/jpeg")} if photo else None
    )
    return session.post(url, data=data, files=files, headers={"Referer": url}, timeout=10)


def saved_reports(postgres, token):
    """How many reports the public form's `token` made (stored in the form's namespace, `web:`)."""
    stored = web_token(token)
    return postgres.query("SELECT count(*) FROM mapping_report WHERE idempotency_token = %s", stored)[0][0]


def test_a_database_outage_loses_no_report(outage_site):
    base, postgres = outage_site["base"], outage_site["postgres"]
    session = requests.Session()
    assert requests.get(base + "/healthz/", timeout=10).status_code == 200

    # Up: a report is saved.
    before = send_report(session, base, TOKEN_BEFORE)
    assert before.status_code == 200, before.text[:2000]
    assert saved_reports(postgres, TOKEN_BEFORE) == 1

    # The form's page, shown while the database was up, keeps its CSRF cookie across the outage.
    session.get(f"{base}/kk/report/", timeout=10)
    postgres.stop()

    # Down: the report form answers 503 with everything typed given back, in the URL's language.
    url = f"{base}/kk/report/"
    data = {**report(TOKEN_DURING), "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
    photo = {"photos": ("IMG_0001.jpg", b"\xff\xd8\xff\xe0 photo bytes", "image/jpeg")}
    during = session.post(url, data=data, files=photo, headers={"Referer": url}, timeout=10)
    assert during.status_code == 503, during.text[:2000]
    page = during.text
    assert '<html lang="kk">' in page
    assert "Портал уақытша қолжетімсіз" in page
    assert "Фотосуреттер сақталмады" in page  # the photo must be attached again
    assert "&lt;b&gt;срочно&lt;/b&gt;" in page and "<b>срочно" not in page
    for value in (
        f'name="token" value="{TOKEN_DURING}"',
        'value="г. Кокшетау, ул. Абая, 89"',
        'value="Айгерим Сериккызы"',
        'value="aigerim@example.kz"',
        'value="+7 701 234 56 78"',
        'name="latitude" value="53.2871"',
        'name="longitude" value="69.3912"',
        'name="started" value="',
        'name="csrfmiddlewaretoken"',
    ):
        assert value in page, value
    assert re.search(r'<option value="health"[^>]*selected', page)
    assert re.search(r'name="anonymity" value="confidential"[^>]*checked', page)
    assert re.search(r'name="consent"[^>]*checked', page)
    assert 'action="/kk/report/"' in page
    csp = during.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert during.headers["Cache-Control"] == "private, no-store"
    assert during.headers["Retry-After"]
    assert "Traceback" not in page and "127.0.0.1" not in page and "OperationalError" not in page

    # Down: any other page is the static 503 page, in its prefix's language.
    for path, lang in (("/ru/", "ru"), ("/en/report/status/?code=ABCD", "en"), ("/kk/", "kk")):
        other = requests.get(base + path, timeout=10)
        assert other.status_code == 503, (path, other.text[:500])
        assert f'<html lang="{lang}">' in other.text
        assert other.headers["Retry-After"]
        assert "Content-Security-Policy" in other.headers
    assert "The portal is temporarily unavailable" in requests.get(base + "/en/", timeout=10).text
    # A 404 sends Wagtail's redirects middleware to the database: its error is a 503 too (handler500).
    api = requests.get(base + "/api/v1/no-such-thing/", timeout=10)
    assert api.status_code == 503 and "error" in api.json()

    # Down: Open311 answers in the spec's error format.
    open311 = requests.post(
        base + "/open311/v2/requests.json",
        data={
            "api_key": outage_site["api_key"],
            "service_code": "services",
            "description": "x" * 30,
            "address_string": "Кокшетау",
        },
        timeout=10,
    )
    assert open311.status_code == 503
    body = open311.json()
    assert len(body) == 1 and body[0]["code"] == 503 and body[0]["description"]

    # Down: the health check says which part failed.
    health = requests.get(base + "/healthz/", timeout=10)
    assert health.status_code == 503
    assert health.json()["checks"]["database"] == {
        "ok": False,
        "reason": "database unavailable",
        "ms": health.json()["checks"]["database"]["ms"],
    }
    assert health.json()["checks"]["cache"]["ok"]

    # Up again: the same form sent again is saved once.
    postgres.start()
    assert requests.get(base + "/healthz/", timeout=10).status_code == 200
    again = send_report(session, base, TOKEN_DURING, language="kk")
    assert again.status_code == 200, again.text[:2000]
    twice = send_report(session, base, TOKEN_DURING, language="kk")
    assert twice.status_code == 200
    assert saved_reports(postgres, TOKEN_DURING) == 1
    assert postgres.query("SELECT count(*) FROM mapping_report")[0][0] == 2
    assert "Internal Server Error" not in outage_site["log"].read_text()


def test_the_form_comes_back_with_no_database_and_no_cached_categories(rf):
    """No `db` fixture: pytest-django fails any query. The chosen category is then its one option."""
    cache.clear()
    request = rf.post("/ru/report/", report(TOKEN_DURING))
    with translation.override("ru"):
        response = report_form(request).render()
    page = response.content.decode()
    assert response.status_code == 503
    assert re.search(r'<option value="health" selected>health</option>', page)
    assert 'value="aigerim@example.kz"' in page
    assert "Фотографии не сохранились" not in page  # no photo was sent
    assert report_form(rf.get("/ru/report/")) is None
