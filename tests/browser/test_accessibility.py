"""axe-core (WCAG 2.2 AA) on every public page type, on a phone and on a desktop screen.

axe is injected with Playwright's `page.evaluate`, which runs through the DevTools protocol and is not
subject to the page's CSP (`script-src 'self'`), and axe itself needs no `eval`: so these pages keep the
site's real policy, and any CSP violation still fails the test.
"""

from urllib.parse import quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE, SEED_TITLE

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Details are gathered for violations only: axe then skips describing every passing node, which is
# most of its time on a long page. Violations are reported in full.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def _path(page_model):
    return urlsplit(page_model.get_url()).path


def briefing_index_path():
    from home.models import BriefingIndexPage

    return _path(BriefingIndexPage.objects.live().get(locale__language_code="ru"))


def seed_briefing():
    from home.models import BriefingPage

    return BriefingPage.objects.live().get(locale__language_code="ru", title=SEED_TITLE)


def issue_path(**filters):
    from mapping.models import Issue

    issue = Issue.objects.published().filter(**filters).order_by("pk").first()
    return f"/ru/map/issues/{issue.pk}/"


def object_path(language="ru"):
    from mapping.models import ProblemObjectPage

    return _path(
        ProblemObjectPage.objects.live().filter(slug="tson-kokshetau-1", locale__language_code=language).get()
    )


def object_id():
    from mapping.models import ProblemObjectPage

    return ProblemObjectPage.objects.live().get(slug="tson-kokshetau-1", locale__language_code="ru").pk


def visit_path(slug, language="ru"):
    from mapping.models import MonitoringVisitPage

    return _path(MonitoringVisitPage.objects.live().get(slug=slug, locale__language_code=language))


# Each public page type: how to find its address once the demo site exists, and its HTTP status.
PAGES = {
    "home-ru": (lambda: "/ru/", 200),
    "home-kk": (lambda: "/kk/", 200),
    "home-en": (lambda: "/en/", 200),
    "briefing-index": (briefing_index_path, 200),
    "briefing-index-by-year": (lambda: f"{briefing_index_path()}?year={seed_briefing().held_at.year}", 200),
    "briefing": (lambda: _path(seed_briefing()), 200),
    "search-results": (lambda: f"/ru/search/?q={quote('брифинг')}", 200),
    "search-error": (lambda: "/ru/search/?q=", 200),
    "not-found": (lambda: "/ru/no-such-page/", 404),
    "map": (lambda: "/ru/map/", 200),
    "map-filtered-with-error": (lambda: "/ru/map/?status=resolved&area=nowhere", 200),
    "map-kk": (lambda: "/kk/map/", 200),
    "issue": (lambda: issue_path(status="resolved", problem_object__isnull=False), 200),
    "issue-sensitive": (lambda: issue_path(category__sensitive=True), 200),
    "problem-object": (object_path, 200),
    "problem-object-kk": (lambda: object_path("kk"), 200),
    "object-index": (lambda: "/ru/map/objects/", 200),
    "object-index-kk-searched": (lambda: f"/kk/map/objects/?q={quote('көкшетау')}", 200),
    "issue-en": (lambda: issue_path(status="resolved").replace("/ru/", "/en/", 1), 200),
    "issue-disputed": (lambda: issue_path(status="disputed"), 200),
    "alerts-for-an-object": (lambda: f"/ru/alerts/?object={object_id()}", 200),
    "alerts-kk": (lambda: "/kk/alerts/", 200),
    "monitoring-visit": (lambda: visit_path("visit-tson-kokshetau-1"), 200),
    "monitoring-visit-rejected": (lambda: visit_path("visit-vodokanal-kokshetau"), 200),
    "monitoring-visit-en": (lambda: visit_path("visit-tson-kokshetau-1", "en"), 200),
    "transparency": (lambda: "/ru/transparency/", 200),
    "transparency-kk-sorted": (lambda: "/kk/transparency/?sort=-median&from=2025-01-01", 200),
    "transparency-bad-period": (lambda: "/ru/transparency/?from=2025-02-30", 400),
    # Every page of the ethics guide (landing pages, topics, self-check steps, booklet, offline notice,
    # search) is checked in test_ethics.py; here, the state that one does not reach: a refused search.
    "ethics-search-too-long": (lambda: f"/ru/ethics/search/?q={'x' * 201}", 400),
}


def describe(violations):
    """One paragraph per violation: what rule, how to fix it, and where (axe's CSS selectors)."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(" >>> ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    at {target}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"       {summary}")
    return "\n".join(lines)


# The pages are checked in a few groups, each on one load of the demo site (loading it takes seconds);
# every page of a group is checked, and the report lists every failure of the group at once.
GROUPS = {
    "portal": ["home-ru", "home-kk", "home-en", "briefing-index", "briefing-index-by-year", "briefing"]
    + ["search-results", "search-error", "not-found"],
    "map": ["map", "map-filtered-with-error", "map-kk", "issue", "issue-sensitive", "problem-object"]
    + ["problem-object-kk", "issue-en", "object-index", "object-index-kk-searched"]
    + ["issue-disputed", "alerts-for-an-object", "alerts-kk"],
    "monitoring": ["monitoring-visit", "monitoring-visit-rejected", "monitoring-visit-en", "transparency"]
    + ["transparency-kk-sorted"]
    + ["transparency-bad-period"],
    "ethics": [name for name in PAGES if name.startswith("ethics-")],
}


def test_every_page_type_is_in_a_group():
    assert sorted(name for names in GROUPS.values() for name in names) == sorted(PAGES)


def check_page(demo_site, screens, page_type, axe):
    """Problems of one page type on a phone and a desktop screen, as lines of the report."""
    find_path, expected_status = PAGES[page_type]
    path = find_path()
    report = []
    for name, page in screens.items():
        viewport = page.viewport_size
        response = page.goto(demo_site.url + path)
        if response.status != expected_status:
            report.append(f"{path}: HTTP {response.status}, expected {expected_status}")
        if page_type == "search-results" and not page.locator("main .search-results a").count():
            report.append(f"{path}: the search found nothing to check")
        if page_type == "search-error" and not page.locator("main [role=alert]").is_visible():
            report.append(f"{path}: no error message to check")
        if page.locator("[data-issue-map]").count():
            # Check the map as people see it: drawn, with its markers or clusters.
            page.locator(".issue-marker, .issue-cluster, .object-marker").first.wait_for(state="visible")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            report.append(f"{path} on a {name} screen ({viewport['width']}×{viewport['height']}):")
            report.append(describe(violations))
    return report


@pytest.mark.parametrize("group", list(GROUPS))
def test_pages_have_no_wcag_violations(demo_site, open_page, group):
    axe = Axe()
    # One browser tab per screen size for the whole group: its cache keeps the static files between pages.
    screens = {"phone": open_page(viewport=PHONE), "desktop": open_page(viewport=DESKTOP)}
    report = []
    for page_type in GROUPS[group]:
        report += check_page(demo_site, screens, page_type, axe)
    assert not report, "Accessibility violations:\n" + "\n".join(report)
