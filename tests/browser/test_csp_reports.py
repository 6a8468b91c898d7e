"""What the policy blocks in a real browser reaches the administrators' list of violations."""

import time

import pytest

from portal.csp_reports.models import CspReport

pytestmark = pytest.mark.browser

BLOCKED = "https://blocked.example.com/tracker.png"


def test_an_image_the_policy_blocks_is_reported_and_listed(demo_site, browser):
    """Over the live server's plain HTTP the browser reports through `report-uri` (portal.security)."""
    CspReport.objects.filter(blocked_uri=BLOCKED).delete()
    # A context of its own: the `page` fixtures fail a test on any violation, and this one is on purpose.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{demo_site.url}/ru/")
    page.evaluate(
        """(address) => { const image = document.createElement("img"); image.src = address;
        document.body.append(image); }""",
        f"{BLOCKED}?visitor=42",
    )
    deadline = time.monotonic() + 20
    while not CspReport.objects.filter(blocked_uri=BLOCKED).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    context.close()
    report = CspReport.objects.get(blocked_uri=BLOCKED)
    assert (report.directive, report.document_path, report.count) == ("img-src", "/ru/", 1)
    assert report.user_agent_family == "Chrome (headless)"
