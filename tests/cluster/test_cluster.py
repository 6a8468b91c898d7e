"""The production topology under faults (`make test-cluster`, run by CI after `make test`).

The cluster of `make cluster` (deploy/cluster.py) is started against a PostgreSQL and a Redis of this
module's own (own data directory, own port, from the machine's binaries), so that stopping them never
touches the machine's shared services. Citizens are played by plain HTTP clients through the front
(Varnish at 127.0.0.1:8090): each fetches the form, waits as a person would, and sends it; a failed
send is sent again with the same form, as a browser's resubmission does.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django_otp.oath import totp

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]
FRONT = "http://127.0.0.1:8090"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
MARKER = "Проверка кластера"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def services():
    """A PostgreSQL and a Redis of this module's own, which the tests may stop and start."""
    folder = Path(tempfile.mkdtemp(prefix="portal-cluster-services-"))
    pg_port, redis_port = free_port(), free_port()
    data = folder / "pg"
    subprocess.run(
        [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
        **as_postgres_user(folder),
    )
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "pg.log"), "-w"]
    options = f"-p {pg_port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg = {"start": [*pg_ctl, "-o", options, "start"], "stop": [*pg_ctl, "-m", "fast", "stop"]}
    subprocess.run(pg["start"], check=True, capture_output=True, **as_postgres_user(folder))
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{pg_port}/postgres", autocommit=True) as db:
        db.execute("CREATE DATABASE portal")
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    yield {
        "database_url": f"postgres://postgres@127.0.0.1:{pg_port}/portal",
        "redis_url": f"redis://127.0.0.1:{redis_port}/0",
        "redis_port": redis_port,
        "pg": pg,
        "redis": redis,
        "folder": folder,
    }
    redis.terminate()
    subprocess.run(pg["stop"], capture_output=True, **as_postgres_user(folder))
    shutil.rmtree(folder, ignore_errors=True)


def as_postgres_user(folder):
    """PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` user."""
    if os.geteuid() != 0:
        return {}
    shutil.chown(folder, "postgres")
    for path in folder.rglob("*"):
        shutil.chown(path, "postgres")
    return {"user": "postgres"}


@pytest.fixture(scope="module")
def cluster(services):
    state = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
    env = {
        **os.environ,
        "CLUSTER_STATE": str(state),
        "CLUSTER_DATABASE_URL": services["database_url"],
        "CLUSTER_REDIS_URL": services["redis_url"],
        # A hundred citizens behind one address in a few seconds: the limit would stop them.
        "REPORT_RATE_LIMIT": "10000/m",
    }
    started = time.monotonic()
    try:
        up = subprocess.run([sys.executable, "deploy/cluster.py", "up"], cwd=ROOT, env=env, text=True)
        assert up.returncode == 0, "the cluster did not start"
        print(f"cluster up in {time.monotonic() - started:.0f} s")
        yield {"state": state, "env": env}
    finally:
        subprocess.run([sys.executable, "deploy/cluster.py", "down"], cwd=ROOT, env=env)
        shutil.rmtree(state, ignore_errors=True)


class Citizen:
    """One browser: its own cookies; fetches the report form and sends it, again if need be."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )

    def get(self, path):
        return self.send(urllib.request.Request(FRONT + path))

    def send(self, request):
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(errors="replace"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)
        except OSError as error:  # the connection itself failed
            return 0, repr(error), {}

    def fill(self, label, number):
        status, html, _headers = self.get("/ru/report/")
        assert status == 200, html[:500]
        hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
        return {
            "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"],
            "started": hidden["started"],
            "token": hidden["token"],
            "description": f"{MARKER} ({label}): обращение № {number}, сотрудник ЦОН попросил деньги.",
            "category": "",
            "address": "г. Кокшетау, ул. Абая, 89",
            "anonymity": "anonymous",
            "website": "",
        }

    def submit(self, form):
        body = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(FRONT + "/ru/report/", data=body, method="POST")
        request.add_header("Referer", FRONT + "/ru/report/")
        return self.send(request)


def submit_all(label, count, fault, after):
    """`count` citizens send a report each; `fault()` strikes after `after` sends. Each failed send is
    sent again with the same form until it is accepted. Returns the tally."""
    citizens = [Citizen() for _ in range(count)]
    forms = [citizen.fill(label, number) for number, citizen in enumerate(citizens)]
    time.sleep(3.5)  # the form refuses what is sent faster than a person fills it
    tally = {"accepted": 0, "failed_sends": 0, "503_with_text": 0, "statuses": {}}
    striker = None
    for number, (citizen, form) in enumerate(zip(citizens, forms, strict=True)):
        if number == after:
            striker = threading.Thread(target=fault)
            striker.start()
        for _attempt in range(120):
            status, html, _headers = citizen.submit(form)
            tally["statuses"][status] = tally["statuses"].get(status, 0) + 1
            if status == 200 and 'class="tracking-code"' in html:
                tally["accepted"] += 1
                break
            tally["failed_sends"] += 1
            if status == 503 and form["description"] in html:
                tally["503_with_text"] += 1
            time.sleep(0.5)
        else:
            pytest.fail(f"report {number} was never accepted: last answer {status}: {html[:300]}")
    if striker:
        striker.join()
    return tally


def saved_reports(services, label):
    with psycopg.connect(services["database_url"].replace("postgres://", "postgresql://")) as db:
        rows = db.execute(
            "SELECT description, count(*) FROM mapping_report WHERE description LIKE %s GROUP BY description",
            [f"{MARKER} ({label})%"],
        ).fetchall()
    return dict(rows)


def test_the_front_serves_both_nodes_and_compresses_text(cluster):
    request = urllib.request.Request(FRONT + "/ru/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert response.headers.get("Content-Encoding") == "gzip"
    for port in (8001, 8002):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=30) as response:
            assert response.status == 200


def test_a_node_killed_during_a_hundred_reports_loses_none_and_doubles_none(cluster, services):
    """`kill -9` of node 1 (its gunicorn and workers) after 30 of 100 reports."""
    pid = int((cluster["state"] / "pids" / "node1.pid").read_text())

    def kill_node1():
        os.killpg(pid, signal.SIGKILL)

    tally = submit_all("kill", 100, kill_node1, after=30)
    saved = saved_reports(services, "kill")
    print(f"kill -9 of a node: {tally}")
    assert tally["accepted"] == 100
    assert len(saved) == 100 and set(saved.values()) == {1}
    # The node comes back with the next start.
    restarted = subprocess.run([sys.executable, "deploy/cluster.py", "up"], cwd=ROOT, env=cluster["env"])
    assert restarted.returncode == 0


def test_postgresql_restarted_during_a_hundred_reports_loses_none_and_doubles_none(cluster, services):
    """PostgreSQL stops after 30 of 100 reports and comes back 3 s later; what was refused meanwhile was
    answered 503 with the citizen's text, and is sent again."""

    def restart_postgresql():
        subprocess.run(
            services["pg"]["stop"], check=True, capture_output=True, **as_postgres_user(services["folder"])
        )
        time.sleep(3)
        subprocess.run(
            services["pg"]["start"], check=True, capture_output=True, **as_postgres_user(services["folder"])
        )

    tally = submit_all("restart", 100, restart_postgresql, after=30)
    saved = saved_reports(services, "restart")
    print(f"PostgreSQL restarted: {tally}")
    assert tally["accepted"] == 100
    assert len(saved) == 100 and set(saved.values()) == {1}
    # Every refusal while the database was away was a 503 that gave the citizen's text back.
    assert tally["503_with_text"] == tally["statuses"].get(503, 0) > 0
    assert 500 not in tally["statuses"]


def test_pages_still_serve_while_redis_is_stopped(cluster, services):
    redis = services["redis"]
    redis.terminate()
    redis.wait(timeout=10)
    try:
        citizen = Citizen()
        for path in ("/ru/", "/ru/map/", "/kk/", "/ru/ethics/", "/ru/report/", "/ru/transparency/"):
            status, html, _headers = citizen.get(path)
            assert status == 200, f"{path}: {status} {html[:200]}"
        status, _html, _headers = citizen.get("/api/v1/map/issues.geojson?bbox=60,45,80,56&zoom=6")
        assert status == 200
    finally:
        args = [
            "--port",
            str(services["redis_port"]),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        services["redis"] = subprocess.Popen(["redis-server", *args], stdout=subprocess.DEVNULL)


def multipart(fields, files):
    """A multipart/form-data body: `fields` (name → value or values), `files` (name → (filename, bytes))."""
    boundary = "portal-" + os.urandom(8).hex()
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
    for name, (filename, content) in files.items():
        header = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        )
        parts.append(header.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def photo():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 90)).save(buffer, format="JPEG")
    return buffer.getvalue()


def run_in_cluster(cluster, code):
    """Run Python in the cluster's Django shell (production settings, the cluster's database)."""
    done = subprocess.run(
        [sys.executable, "deploy/cluster.py", "manage", "shell", "-c", code], cwd=ROOT, env=cluster["env"]
    )
    assert done.returncode == 0


def query(services, sql, params=()):
    with psycopg.connect(services["database_url"].replace("postgres://", "postgresql://")) as db:
        return db.execute(sql, params).fetchall()


def staff_session(cluster, node, username, group):
    """A browser-like session of a staff member of `group` (created with a fresh password and an
    authenticator app), signed in on `node` directly: the password, then the app's code, as production
    requires of every staff account."""
    password = f"cluster-{username}-" + os.urandom(6).hex()
    key = os.urandom(20).hex()
    create = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group; "
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        "U = get_user_model(); "
        f"u, _ = U.objects.get_or_create(username='{username}', "
        f"defaults={{'email': '{username}@example.kz'}}); "
        f"u.set_password('{password}'); u.save(); u.groups.set(Group.objects.filter(name='{group}')); "
        "TOTPDevice.objects.filter(user=u).delete(); "
        f"TOTPDevice.objects.create(user=u, name='app', key='{key}', confirmed=True)"
    )
    run_in_cluster(cluster, create)
    session = Citizen()
    status, html, _headers = session.send(urllib.request.Request(node + "/admin/login/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    login = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(node + "/admin/login/", data=login.encode(), method="POST")
    request.add_header("Referer", node + "/admin/login/")
    status, html, _headers = session.send(request)
    # Production holds the admin until the second factor is given.
    assert status == 200 and "/admin/logout/" in html and 'name="code"' in html, html[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    code = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "code": f"{totp(bytes.fromhex(key)):06d}", "next": "/admin/"}
    )
    request = urllib.request.Request(node + "/admin/two-factor/verify/", data=code.encode(), method="POST")
    request.add_header("Referer", node + "/admin/two-factor/verify/")
    status, html, _headers = session.send(request)
    assert status == 200 and 'name="code"' not in html and "/admin/logout/" in html, html[:300]
    return session


def test_a_report_through_the_front_is_published_from_the_other_node_and_reaches_the_map(cluster, services):
    # A citizen sends a report with a photo through the front.
    citizen = Citizen()
    form = citizen.fill("journey", 1)
    time.sleep(3.5)
    body, content_type = multipart(
        {**form, "latitude": "53.2833", "longitude": "69.3833"}, {"photos": ("IMG_0001.jpg", photo())}
    )
    request = urllib.request.Request(FRONT + "/ru/report/", data=body, method="POST")
    request.add_header("Content-Type", content_type)
    request.add_header("Referer", FRONT + "/ru/report/")
    status, html, _headers = citizen.send(request)
    assert status == 200 and 'class="tracking-code"' in html, html[:500]
    [(report_id, photo_id)] = query(
        services,
        "SELECT r.id, p.id FROM mapping_report r JOIN mapping_reportphoto p ON p.report_id = r.id "
        "WHERE r.description LIKE %s",
        [f"{MARKER} (journey)%"],
    )
    # The task worker re-encodes the photo after the report is saved (mapping.reports.pending).
    deadline = time.monotonic() + 60
    while not query(services, "SELECT file FROM mapping_reportphoto WHERE id = %s", [photo_id])[0][0]:
        assert time.monotonic() < deadline, "the task worker did not process the photo within a minute"
        time.sleep(0.5)

    # A moderator signs in on node 2 directly, sees the photo, and submits the issue for approval.
    node1, node2 = "http://127.0.0.1:8001", "http://127.0.0.1:8002"
    moderator = staff_session(cluster, node2, "moderator", "Issue moderators")
    status, content, headers = moderator.send(
        urllib.request.Request(f"{node2}/admin/reports/photos/{photo_id}/")
    )
    assert status == 200 and headers.get("Content-Type") == "image/jpeg"

    publish_url = f"{node2}/admin/snippets/mapping/report/publish/{report_id}/"
    status, html, _headers = moderator.send(urllib.request.Request(publish_url))
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    [(category_id,)] = query(
        services,
        "SELECT c.id FROM mapping_category c JOIN wagtailcore_locale l ON l.id = c.locale_id "
        "WHERE l.language_code = 'ru' AND NOT c.sensitive ORDER BY c.sort_order LIMIT 1",
    )
    [(area_id,)] = query(
        services,
        "SELECT a.id FROM mapping_area a JOIN wagtailcore_locale l ON l.id = a.locale_id "
        "WHERE l.language_code = 'ru' AND a.slug = 'kokshetau'",
    )
    title = f"Проверка кластера {os.urandom(3).hex()}"
    fields = {
        "csrfmiddlewaretoken": token,
        "title": title,
        "description": "В ЦОН попросили деньги за ускорение справки.",
        "category": category_id,
        "area": area_id,
        "address": "г. Кокшетау, ул. Абая, 89",
        "latitude": "53.2833",
        "longitude": "69.3833",
        "photos": [photo_id],
        "photo_alt_text": "Зал ожидания ЦОН",
        "submit": "on",
    }
    request = urllib.request.Request(publish_url, data=urllib.parse.urlencode(fields, doseq=True).encode())
    request.add_header("Referer", publish_url)
    status, html, _headers = moderator.send(request)
    assert status == 200, html[:500]
    [(issue_id, live)] = query(services, "SELECT id, live FROM mapping_issue WHERE title = %s", [title])
    assert live is False

    # A supervisor approves it on node 1: the approval publishes it.
    supervisor = staff_session(cluster, node1, "supervisor", "Issue supervisors")
    [(task_state_id,)] = query(
        services,
        "SELECT current_task_state_id FROM wagtailcore_workflowstate "
        "WHERE object_id = %s AND status = 'in_progress'",
        [str(issue_id)],
    )
    edit_url = f"{node1}/admin/snippets/mapping/issue/edit/{issue_id}/"
    status, html, _headers = supervisor.send(urllib.request.Request(edit_url))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    approve_url = f"{node1}/admin/snippets/mapping/issue/workflow/action/{issue_id}/approve/{task_state_id}/"
    request = urllib.request.Request(
        approve_url, data=urllib.parse.urlencode({"csrfmiddlewaretoken": token, "comment": ""}).encode()
    )
    request.add_header("Referer", edit_url)
    status, html, _headers = supervisor.send(request)
    assert status == 200, html[:500]
    assert query(services, "SELECT live FROM mapping_issue WHERE id = %s", [issue_id]) == [(True,)]

    # The map API through the front shows it, with its photo public on the issue page.
    status, body, _headers = citizen.get("/api/v1/map/issues.geojson?bbox=69.2,53.2,69.5,53.4&zoom=16")
    assert status == 200
    assert issue_id in [
        feature["properties"].get("id") for feature in __import__("json").loads(body)["features"]
    ]
    status, html, _headers = citizen.get(f"/ru/map/issues/{issue_id}/")
    assert status == 200 and title in html
    image = re.search(r'<img [^>]*src="([^"]+)"', html.split("<main", 1)[1])
    assert image, "the issue page shows its photo"
    with urllib.request.urlopen(urllib.parse.urljoin(FRONT, image.group(1)), timeout=30) as response:
        assert response.status == 200 and response.headers["Content-Type"].startswith("image/")


def test_rate_limits_and_publications_are_shared_by_every_node(cluster):
    """One count of status look-ups for the whole cluster (not one per worker), and a publication seen at
    once by both nodes (the page chrome's cache generation is shared)."""
    citizen = Citizen()
    answers = [citizen.get(f"/ru/report/status/?code=AAAA-BBBB-CCCC-{n:04d}")[0] for n in range(40)]
    # REPORT_LOOKUP_RATE_LIMIT is 30 a minute per address, across both nodes and their four workers.
    assert answers.count(200) == 30 and answers.count(429) == 10

    title = f"Брифинги {os.urandom(3).hex()}"
    # The page is kept before the change: by the front (a hit the second time), and by both nodes.
    for _ in range(2):
        with urllib.request.urlopen(f"{FRONT}/ru/", timeout=30) as response:
            assert title not in response.read().decode()
            kept = response.headers["X-Cache"]
    assert kept == "hit"
    for port in (8001, 8002):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ru/", timeout=30) as response:
            assert title not in response.read().decode()
    rename = (
        "from home.models import BriefingIndexPage; "
        "page = BriefingIndexPage.objects.get(locale__language_code='ru'); "
        f"page.title = '{title}'; page.save_revision().publish()"
    )
    run_in_cluster(cluster, rename)
    # After the publish, no reader anywhere gets the old page: not from the front, not from a node.
    for origin in (FRONT, "http://127.0.0.1:8001", "http://127.0.0.1:8002"):
        with urllib.request.urlopen(f"{origin}/ru/", timeout=30) as response:
            assert title in response.read().decode(), f"{origin} still shows the old menu"
    with urllib.request.urlopen(f"{FRONT}/ru/", timeout=30) as response:
        assert response.headers["X-Cache"] == "hit"  # and the front keeps the new one
