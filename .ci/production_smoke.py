"""The README's production steps, run for real: production settings, `migrate`, the demo, `collectstatic`,
then gunicorn serving every public page type, the admin's login, a static file and the APIs over HTTP.
Every script and stylesheet a public page loads carries the Subresource Integrity of the file whitenoise
serves for it, plain and gzipped.

Fails (exit 1) on any answer other than the one expected. Everything lives in a temporary folder: its own
SQLite database, media, static files; the shared Redis is used on database 13.
Run: `.venv/bin/python .ci/production_smoke.py`.
"""

import base64
import gzip
import hashlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

# One URL of each page type of the demo, and of each other public address, as the database knows them.
LIST_URLS = r"""
import json
from wagtail.models import Page
from mapping.models import Issue
urls = {}
for page in Page.objects.live().public().specific().order_by("path"):
    if page.url:
        urls.setdefault(type(page).__name__ + ":" + page.locale.language_code, page.url)
issue = Issue.objects.published().order_by("pk").first()
print(json.dumps({"pages": urls, "issue": issue.pk}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(args, env):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(args[:3])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to check, not to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirects)


def fetch(url, data=None, encoding="identity"):
    # Only http://127.0.0.1 addresses of the server started here are fetched.
    request = urllib.request.Request(url, data=data, headers={"Accept-Encoding": encoding})  # noqa: S310
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{process.stdout.read()}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer at {url} within {seconds} s")


def main():
    with tempfile.TemporaryDirectory(prefix="portal-smoke-") as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/13"),
            "SQLITE_PATH": str(tmp / "db.sqlite3"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
            "STATIC_ROOT": str(tmp / "static"),
            # Plain HTTP here: TLS is the proxy's job in production.
            "SECURE_SSL_REDIRECT": "0",
        }
        started = time.monotonic()
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "load_demo", "-v0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        listing = run([PYTHON, "manage.py", "shell", "-c", LIST_URLS], env)
        listed = json.loads(listing.strip().splitlines()[-1])
        print(f"prepared in {time.monotonic() - started:.0f} s: migrate, load_demo, collectstatic")

        server = subprocess.Popen(
            [GUNICORN, "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level=warning"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/robots.txt", server)
            problems = check_everything(base, listed)
        finally:
            server.terminate()
            server.wait(timeout=30)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("production smoke: every page answered as expected")


def check_everything(base, listed):
    pages = listed["pages"]
    expected = {url: 200 for url in pages.values()}
    map_url = pages["MapPage:ru"]
    expected.update(
        {
            "/": 302,
            f"{map_url}issues/{listed['issue']}/": 200,
            f"{map_url}feed/": 200,
            f"{pages['ReportPage:ru']}status/?code=AAAA-BBBB-CCCC-DDDD": 200,
            f"{pages['EthicsGuidePage:ru']}print/": 200,
            f"{pages['EthicsGuidePage:ru']}search/?q=подарок": 200,
            f"{pages['BriefingIndexPage:ru']}feed/rss/": 200,
            "/ru/search/?q=ЦОН": 200,
            "/ru/no-such-page/": 404,
            "/admin/login/": 200,
            "/sitemap.xml": 200,
            "/robots.txt": 200,
            "/api/v1/map/issues.geojson?bbox=60,45,80,56&zoom=6": 200,
            "/api/v1/map/issues.geojson?bbox=69,53,70,54&zoom=12": 200,
            "/api/v1/map/visits.geojson?lang=ru": 200,
            "/api/v1/open-data/issues.csv": 200,
            "/api/v1/open-data/fields.json?lang=kk": 200,
            "/open311/v2/services.json": 200,
            "/open311/v2/requests.xml": 200,
        }
    )
    problems = []
    digests = {}
    for path, status in expected.items():
        url = base + urllib.parse.quote(path, safe="/?=&:,")
        got, headers, body = fetch(url)
        if got != status:
            problems.append(f"{path}: HTTP {got}, expected {status}")
            continue
        if status == 200 and path == "/ru/":
            problems += check_static(base, body.decode())
        # The public pages' own files; the admin's are Wagtail's.
        if "text/html" in headers.get("Content-Type", "") and not path.startswith("/admin/"):
            problems += check_integrity(base, path, body.decode(), digests)
    print(f"checked {len(expected)} addresses and the integrity of {len(digests)} scripts and stylesheets")
    return problems


SUBRESOURCE = re.compile(r'<(?:script[^>]* src|link rel="stylesheet" href)="([^"]+)"([^>]*)>')
INTEGRITY = re.compile(r'integrity="([^"]+)"')


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def served_digests(base, address):
    """The SRI digests of `address` as served plain and gzipped (whitenoise's compressed copy)."""
    status, _headers, plain = fetch(base + address)
    if status != 200:
        return None, None
    status, headers, packed = fetch(base + address, encoding="gzip")
    if headers.get("Content-Encoding") == "gzip":
        packed = gzip.decompress(packed)
    return sri(plain), sri(packed)


def check_integrity(base, path, html, digests):
    """Each script and stylesheet of the page carries the digest of what the server sends for it."""
    problems = []
    for address, rest in SUBRESOURCE.findall(html):
        given = INTEGRITY.search(rest)
        if not given:
            problems.append(f"{path}: {address} has no integrity")
            continue
        if address not in digests:
            digests[address] = served_digests(base, address)
        plain, packed = digests[address]
        if not (given.group(1) == plain == packed):
            problems.append(f"{path}: {address} has {given.group(1)}, served {plain} (gzip {packed})")
    return problems


def check_static(base, html):
    """The home page's stylesheet under its hashed name, served by whitenoise and cached for long."""
    match = re.search(r'href="(/static/portal/css/portal\.[0-9a-f]{12}\.css)"', html)
    if not match:
        return ["/ru/ links no hashed portal.css: is collectstatic's manifest used?"]
    status, headers, _body = fetch(base + match.group(1))
    if status != 200:
        return [f"{match.group(1)}: HTTP {status}"]
    if "max-age=315360000" not in headers.get("Cache-Control", ""):
        return [f"{match.group(1)}: not cached for long ({headers.get('Cache-Control')})"]
    return []


if __name__ == "__main__":
    main()
