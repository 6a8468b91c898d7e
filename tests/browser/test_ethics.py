"""The ethics guide in a real Chromium: a civil servant on a phone reads, searches, checks, prints and
reads offline; the self-check works with JavaScript (without it: tests/test_ethics.py); axe finds
nothing on any guide page."""

import re
from urllib.parse import quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

GUIDE = "/ru/ethics/"
SELF_CHECK = "/ru/ethics/self-check/"
GUIDE_TITLE = "Этика и нормы государственного служащего"


def path_of(page):
    return urlsplit(page.url).path


def wait_until_saved_offline(page):
    """Wait for the worker to control the page, i.e. to have saved the guide (its install step)."""
    expect(page.locator("[data-offline-status]")).to_be_visible()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_a_civil_servant_uses_the_guide_on_a_phone(demo_site, phone_page):
    page = phone_page
    page.goto(demo_site.url + "/ru/")
    page.locator(f'main .entry-points a[href="{GUIDE}"]').click()
    expect(page.locator("h1")).to_have_text(GUIDE_TITLE)

    # The table of contents leads to a topic; a question unfolds its answer.
    contents = page.locator(".ethics-toc")
    expect(contents.locator("li")).to_have_count(5)
    contents.get_by_role("link", name="Конфликт интересов").click()
    expect(page.locator("h1")).to_have_text("Конфликт интересов")
    question = page.locator("details.ethics-question").first
    answer = question.locator(".ethics-question__answer")
    expect(answer).to_be_hidden()
    question.locator("summary").click()
    expect(answer).to_be_visible()
    no_sideways_scroll(page)

    # Search within the guide.
    page.goto(demo_site.url + GUIDE)
    page.locator("#ethics-search-q").fill("подарок")
    page.locator("form.ethics-search button[type=submit]").click()
    results = page.locator(".search-results a")
    expect(results.first).to_be_visible()
    assert "/ru/ethics/conflict-of-interest/" in [
        results.nth(i).get_attribute("href") for i in range(results.count())
    ]
    assert all(results.nth(i).get_attribute("href").startswith(GUIDE) for i in range(results.count()))

    # The self-check moves in place, keeps each step's address and moves the focus to the question.
    page.goto(demo_site.url + GUIDE)
    page.locator(f'.ethics-contents a[href="{SELF_CHECK}"]').click()
    page.evaluate("window.sameDocument = true")
    answer_step(page, "Да, участвую", "connection")
    answer_step(page, "Нет, никто не связан со мной", "gift")
    answer_step(page, "Да", "benefit")
    outcome = page.locator('[data-step-key="benefit"]')
    expect(outcome).to_contain_text("Откажитесь от выгоды")
    expect(outcome).to_contain_text("Уголовный кодекс")
    assert page.evaluate("window.sameDocument") is True, "the self-check reloaded the page"
    page.go_back()
    expect(page.locator('[data-step-key="gift"]')).to_be_visible()
    expect(page.locator('[data-step-key="benefit"]')).to_be_hidden()
    assert path_of(page) == f"{SELF_CHECK}gift/"
    # The outcome's own address opens it directly.
    page.goto(demo_site.url + f"{SELF_CHECK}benefit/")
    expect(page.locator('[data-step-key="benefit"]')).to_be_visible()


def answer_step(page, label, key):
    page.locator("[data-step-key]:visible").get_by_role("link", name=label, exact=True).click()
    step = page.locator(f'[data-step-key="{key}"]')
    expect(step).to_be_visible()
    expect(page.locator("[data-step-key]:visible")).to_have_count(1)
    assert path_of(page) == f"{SELF_CHECK}{key}/"
    assert page.evaluate("document.activeElement.id") == f"step-{key}-title"
    assert page.title().startswith(step.locator("h2").inner_text())


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        "the page scrolls sideways"
    )


def test_the_booklet_prints_every_topic_on_a6_pages_without_navigation(demo_site, phone_page):
    page = phone_page
    page.goto(demo_site.url + f"{GUIDE}print/")
    titles = page.locator(".ethics-booklet__topic h2")
    expect(titles).to_have_count(6)  # five topics and the self-check
    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".ethics-nav", ".breadcrumbs", "[data-print-button]"):
        expect(page.locator(selector).first).to_be_hidden()
    # Links are written out; links within the booklet are not.
    law = page.locator(".ethics-law a").first
    after = law.evaluate("a => getComputedStyle(a, '::after').content")
    assert law.get_attribute("href") in after
    inner = page.locator(".ethics-booklet__contents a").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert inner in ("none", "normal")
    heading_break = titles.first.evaluate("h => getComputedStyle(h).breakAfter")
    assert heading_break in ("avoid", "avoid-page")
    assert page.locator(".ethics-booklet").evaluate("e => getComputedStyle(e).page") == "ethics-booklet"
    # Every page of the printed booklet is A6 (105 × 148 mm), and every topic starts a page of its own.
    sizes = page_sizes_mm(page.pdf(prefer_css_page_size=True))
    assert len(sizes) > 6
    assert all(abs(width - 105) < 1 and abs(height - 148) < 1 for width, height in sizes), set(sizes)


def page_sizes_mm(pdf):
    """The size of each page of a PDF Chromium wrote, in millimetres."""
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return [(round(float(w) * 25.4 / 72, 1), round(float(h) * 25.4 / 72, 1)) for w, h in boxes]


def test_a_topic_prints_with_its_answers_unfolded(demo_site, page):
    page.goto(demo_site.url + f"{GUIDE}off-duty/")
    answer = page.locator(".ethics-question__answer").first
    expect(answer).to_be_hidden()
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(answer).to_be_visible()
    expect(page.locator(".ethics-nav")).to_be_hidden()
    expect(page.locator(".ethics-pager")).to_be_hidden()
    sizes = page_sizes_mm(page.pdf(prefer_css_page_size=True))
    assert sizes and all(abs(width - 148) < 1 and abs(height - 210) < 1 for width, height in sizes), set(
        sizes
    )


def test_the_guide_stays_readable_offline_and_nothing_else_is_saved(demo_site, phone_page):
    page = phone_page
    page.goto(demo_site.url + "/ru/")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    page.goto(demo_site.url + GUIDE)
    wait_until_saved_offline(page)
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert urlsplit(scope).path == GUIDE

    saved = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) {
                    urls.push(new URL(request.url).pathname);
                }
            }
            return urls;
        }"""
    )
    manifest = page.evaluate(f"fetch('{GUIDE}offline-manifest/').then(r => r.json())")
    assert set(saved) == {*manifest["pages"], *manifest["assets"], f"{GUIDE}offline-manifest/"}
    assert all(url.startswith(GUIDE) or url in manifest["assets"] for url in saved)

    context = page.context
    context.set_offline(True)
    try:
        response = page.reload()
        assert response.from_service_worker
        expect(page.locator("h1")).to_have_text(GUIDE_TITLE)
        # A topic not opened yet was saved too, and its styles with it.
        page.goto(demo_site.url + f"{GUIDE}social-networks/")
        expect(page.locator("h1")).to_have_text("Присутствие в социальных сетях")
        assert (
            page.locator(".ethics-principle").evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
        )
        page.goto(demo_site.url + f"{SELF_CHECK}gift/")
        expect(page.locator('[data-step-key="gift"]')).to_be_visible()
        # Search needs the network: the reader gets the guide's offline page, not a browser error.
        page.goto(demo_site.url + f"{GUIDE}search/?q={quote('подарок')}")
        expect(page.locator(".ethics-toc")).to_be_visible()
        # The rest of the site is not the worker's business.
        with pytest.raises(PlaywrightError):
            page.goto(demo_site.url + "/ru/map/")
    finally:
        context.set_offline(False)
    page.goto(demo_site.url + "/ru/")
    assert page.evaluate("navigator.serviceWorker.controller") is None


def test_the_worker_rules_save_only_the_guide(demo_site, page):
    page.goto(demo_site.url + GUIDE)
    page.add_script_tag(url="/static/ethics/offline-rules.js")
    origin = demo_site.url
    cases = {
        f"{origin}{GUIDE}": "page",
        f"{origin}{GUIDE}conflict-of-interest/": "page",
        f"{origin}{SELF_CHECK}gift/": "page",
        f"{origin}{GUIDE}print/": "page",
        f"{origin}{GUIDE}search/?q=x": "network",
        f"{origin}{GUIDE}service-worker/": "network",
        f"{origin}{GUIDE}offline-manifest/": "network",
        f"{origin}/static/portal/css/portal.css": "asset",
        f"{origin}/static/mapping/js/issue-map.js": "none",
        f"{origin}/ru/": "none",
        f"{origin}/ru/map/": "none",
        f"{origin}/ru/ethicsx/": "none",
        f"{origin}/kk/ethics/": "none",
        f"{origin}/ru/search/?q=x": "none",
        f"{origin}/api/v1/map/issues.geojson": "none",
        f"https://example.com{GUIDE}": "none",
    }
    got = page.evaluate(
        """([cases, scope]) => Object.fromEntries(Object.keys(cases).map(url => [
            url, EthicsOffline.strategy(url, "GET", scope, ["/static/portal/css/portal.css"])
        ]))""",
        [cases, f"{origin}{GUIDE}"],
    )
    assert got == cases
    assert (
        page.evaluate(f"EthicsOffline.strategy('{origin}{GUIDE}', 'POST', '{origin}{GUIDE}', [])") == "none"
    )


def guide_paths():
    """Every page of the guide, each with its kind: (path, kind)."""
    from ethics.models import EthicsGuidePage

    guide = EthicsGuidePage.objects.get(locale__language_code="ru")
    paths = [
        (GUIDE, "guide"),
        (f"{GUIDE}print/", "booklet"),
        (f"{GUIDE}offline/", "offline"),
        (f"{GUIDE}search/?q={quote('подарок')}", "search results"),
        (f"{GUIDE}search/?q=", "empty search"),
    ]
    paths += [(urlsplit(topic.url).path, "topic") for topic in guide.topics()]
    for check in guide.self_checks():
        base = urlsplit(check.url).path
        start = check.start_key()
        paths.append((base, "self-check start"))
        paths += [
            (f"{base}{child.value['key']}/", f"self-check {child.block_type}")
            for child in check.steps
            if child.value["key"] != start
        ]
    paths += [
        (urlsplit(page.url).path, "guide in another language")
        for page in EthicsGuidePage.objects.exclude(pk=guide.pk)
    ]
    return paths


def test_every_guide_page_and_self_check_step_has_no_wcag_violations(demo_site, open_page):
    """Every page of the guide on a phone, the guide's reading device; one page of each kind on a desktop
    screen too (the kinds share their templates and styles)."""
    axe = Axe()
    report = []
    paths = guide_paths()
    assert len(paths) >= 5 + 9 + 5 + 2
    one_of_each_kind = list({kind: path for path, kind in reversed(paths)}.values())
    assert len(one_of_each_kind) >= 9
    screens = (("phone", PHONE, [path for path, _kind in paths]), ("desktop", DESKTOP, one_of_each_kind))
    for name, viewport, checked in screens:
        page = open_page(viewport=viewport)
        for path in checked:
            response = page.goto(demo_site.url + path)
            assert response.status == 200, path
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                report.append(f"{path} on a {name} screen:\n{describe(violations)}")
    assert not report, "Accessibility violations:\n" + "\n".join(report)


def test_the_guide_works_in_kazakh(demo_site, phone_page):
    """The state language: the guide's contents, the self-check to an outcome and the booklet, in Kazakh;
    the switcher leads from a Kazakh step to the same step in Russian."""
    from ethics.demo.loader import DATA
    from portal.demo.datafiles import load_yaml

    steps = {step["key"]: step for step in load_yaml(DATA, "self-check.kk")["steps"]}
    label = {
        (key, answer["target"]): answer["label"]
        for key, step in steps.items()
        for answer in step.get("answers", [])
    }
    page = phone_page
    page.goto(demo_site.url + "/kk/ethics/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator(".ethics-toc li")).to_have_count(5)
    page.locator('.ethics-contents a[href="/kk/ethics/self-check/"]').click()
    path = [("start", "connection"), ("connection", "gift"), ("gift", "benefit")]
    for key, target in path:
        page.locator("[data-step-key]:visible").get_by_role(
            "link", name=label[key, target], exact=True
        ).click()
        expect(page.locator(f'[data-step-key="{target}"]')).to_be_visible()
    outcome = page.locator('[data-step-key="benefit"]')
    expect(outcome).to_contain_text(steps["benefit"]["title"])
    assert path_of(page) == "/kk/ethics/self-check/benefit/"
    page.locator('.language-switcher a[hreflang="ru"]').click()
    assert path_of(page) == "/ru/ethics/self-check/benefit/"
    page.goto(demo_site.url + "/kk/ethics/print/")
    expect(page.locator(".ethics-booklet__topic h2")).to_have_count(6)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, describe(results)
