"""Real-browser fixtures: one headless Chromium per session, a fresh context per test, the demo site.

The demo is loaded and committed once per session (tests/conftest.py, `demo_content`) and served by
pytest-django's live server; browser tests run after every other test and do not flush it. What a
browser test adds (a report, an edit) stays for the browser tests after it, which only read.

Playwright's sync API runs an event loop in the main thread, which makes Django refuse ORM calls made
from that thread (the fixtures and tests) unless async-unsafe access is allowed on purpose.
"""

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connections  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

# Assertions wait up to 15 s for the page to get there (they pass as soon as it does): two test workers
# share the machine's cores, and a slow moment must not fail a test.
expect.set_options(timeout=15_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# What the browser prints when the Content Security Policy blocks something, or Subresource Integrity
# refuses a script or stylesheet ("Failed to find a valid digest in the 'integrity' attribute…").
CSP_MARKERS = ("Content Security Policy", "Refused to", "'integrity' attribute")

STAFF_PASSWORD = "browser-editor-pass-2026"
SEED_TITLE = "Представлен проект «Карта общественного контроля»"


@dataclass
class BrowserLog:
    """What a page did besides rendering: console errors that betray a CSP violation (or a file refused for
    its integrity), every request URL."""

    origin: str
    csp_errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def on_console(self, message):
        if message.type == "error" and any(marker in message.text for marker in CSP_MARKERS):
            self.csp_errors.append(message.text)

    def on_request(self, request):
        self.requests.append(request.url)

    def foreign_requests(self):
        """Requests to anything but the live server (data: URLs are inline, so they are fine)."""
        return [url for url in self.requests if not url.startswith("data:") and _origin(url) != self.origin]


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One headless Chromium for the session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield chromium
        # While Playwright's event loop runs, Django keeps this thread's connections apart from the
        # thread-local ones; closed here, or PostgreSQL refuses to drop the test database after the run.
        connections.close_all()
        chromium.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    """The site chrome is cached by content generation, which a flushed database does not bump."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """Replaces pytest-django's fixture of this name, which makes every live-server test transactional
    and so flushes the database after it: here the live server's settings are switched on, and nothing is
    flushed, because every browser test shares the demo loaded once (`demo_site`)."""
    if "live_server" not in request.fixturenames:
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    request.addfinalizer(live_server._live_server_modified_settings.disable)


@pytest.fixture(scope="session")
def demo_server(demo_content, live_server, django_db_blocker):
    """The committed demo behind the live server. The database stays open for the rest of the session
    (the browser tests run last): a request still in flight when a test ends must not find it closed."""
    django_db_blocker.unblock()
    yield live_server
    django_db_blocker.restore()


@pytest.fixture
def demo_site(demo_server):
    """The live server with the demo; the test itself may read and write the database."""
    return demo_server


# No tile server answers in the tests: the map must work without tiles (markers, clusters, outlines).
MISSING_TILES = "/static/no-such-tiles/{z}/{x}/{y}.png"


@pytest.fixture
def map_site(demo_site, settings):
    """The demo site with a tile server that answers nothing."""
    settings.MAP_TILE_URL = MISSING_TILES
    return demo_site


def staff_account(name, group=None, superuser=False):
    """A staff account that signs in with STAFF_PASSWORD, in `group` or a superuser (kept for the session:
    nothing is flushed)."""
    user, _created = get_user_model().objects.get_or_create(
        username=f"browser-{name}", defaults={"email": f"{name}@example.kz"}
    )
    user.is_staff = user.is_superuser = superuser
    user.set_password(STAFF_PASSWORD)
    user.save()
    user.groups.set(Group.objects.filter(name=group) if group else [])
    return user


@pytest.fixture(scope="session")
def staff_user(demo_content, django_db_blocker):
    """A superuser for the browser tests that work in the admin."""
    with django_db_blocker.unblock():
        return staff_account("editor", superuser=True)


@pytest.fixture(scope="session")
def moderator_user(demo_content, django_db_blocker):
    """A member of the issue moderators, who edits and submits."""
    with django_db_blocker.unblock():
        return staff_account("moderator", group="Issue moderators")


@pytest.fixture(scope="session")
def supervisor_user(demo_content, django_db_blocker):
    """A member of the issue supervisors, the second person who approves."""
    with django_db_blocker.unblock():
        return staff_account("supervisor", group="Issue supervisors")


def sign_in(page, site, user):
    """Sign `user` in to the admin in `page`."""
    page.goto(f"{site.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.url}/admin/")


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a fresh browser context (Playwright's default locale), under the site's real CSP.

    Every page records its requests (see `BrowserLog`); a CSP violation on any of them fails the test.
    """
    opened = []

    def open_(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        # Generous: a wait ends as soon as its event comes, and two test workers share the machine's cores.
        context.set_default_timeout(30_000)
        page = context.new_page()
        log = BrowserLog(origin=_origin(live_server.url))
        page.on("console", log.on_console)
        page.on("request", log.on_request)
        page.log = log
        opened.append((context, log))
        return page

    yield open_
    for context, _log in opened:
        context.close()
    problems = [error for _context, log in opened for error in log.csp_errors]
    if problems:
        pytest.fail("Content Security Policy violations:\n" + "\n".join(problems))


@pytest.fixture
def page(open_page):
    """A desktop page (1280×800) in its own browser context."""
    return open_page(viewport=DESKTOP)


@pytest.fixture
def phone_page(open_page):
    """A phone page (390×844) in its own browser context."""
    return open_page(viewport=PHONE)
