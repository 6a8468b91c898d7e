"""Real-browser fixtures: one headless Chromium per session, a fresh context per test, the demo site.

Playwright's sync API runs an event loop in the main thread, which makes Django refuse ORM calls made
from that thread (the fixtures and tests) unless async-unsafe access is allowed on purpose.
"""

import io
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

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
# What the browser prints when the Content Security Policy blocks something.
CSP_MARKERS = ("Content Security Policy", "Refused to")

SEED_TITLE = "Представлен проект «Карта общественного контроля»"


@dataclass
class BrowserLog:
    """What a page did besides rendering: console errors that betray a CSP violation, every request URL."""

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
    """One headless Chromium for the session.

    Once Playwright's event loop runs, Django keeps this thread's database connections in a context
    variable instead of the thread-local, i.e. in new connection objects, which lack the snapshot that
    serialized rollback restores; the snapshot taken at set-up is handed over to them.
    """
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    """The site chrome is cached by content generation, which a flushed database does not bump."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback, live_server):
    """The demo content of `load_demo`, in the test database the live server reads.

    Serialized rollback restores what the migrations created (the root page, the default locale)
    after the previous browser test flushed the database.
    """
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    cache.clear()
    return live_server


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a fresh browser context (Playwright's default locale), under the site's real CSP.

    Every page records its requests (see `BrowserLog`); a CSP violation on any of them fails the test.
    """
    opened = []

    def open_(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
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
