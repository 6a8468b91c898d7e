"""Nothing scrolls sideways on a 320 px or a 390 px wide phone (WCAG 1.4.10, reflow), on any public page type.

Every page type is found from the demo content itself: the first live page of each page model, in
Russian, then the routes below pages (an issue, the object index, the report's status page, the ethics
guide's search and booklet, a self-check step, the site search) and an error page.
"""

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)

# Routes below the pages (their page's URL + this), found by the page type's model name.
ROUTES = {
    "mappage": ["objects/", "objects/?q=%D1%86%D0%BE%D0%BD", "?status=resolved&area=nowhere"],
    "reportpage": ["status/"],
    "ethicsguidepage": ["search/?q=%D0%BF%D0%BE%D0%B4%D0%B0%D1%80%D0%BE%D0%BA", "print/"],
}


def page_type_paths():
    """One path per public page type and route, in Russian, plus a Kazakh home and map."""
    from mapping.models import Issue

    firsts = {}
    for page in Page.objects.live().public().filter(locale__language_code="ru", depth__gt=1).order_by("path"):
        model = page.specific_class._meta.model_name
        firsts.setdefault(model, page.url)
    paths = list(firsts.values())
    for model, routes in ROUTES.items():
        if model in firsts:
            paths += [firsts[model] + route for route in routes]
    issue = Issue.objects.published().filter(status="resolved").order_by("pk").first()
    paths += [
        f"/ru/map/issues/{issue.pk}/",
        "/ru/search/?q=%D0%A6%D0%9E%D0%9D",
        "/ru/no-such-page/",
        "/kk/",
        "/kk/map/",
    ]
    return paths


OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    // The outermost elements that reach past the right edge, to say what to fix.
    return [...document.body.querySelectorAll("*")]
        .filter((node) => node.getBoundingClientRect().right > width + 1)
        .filter((node) => node.parentElement.getBoundingClientRect().right <= width + 1)
        .slice(0, 5)
        .map((node) => {
            const name = `${node.tagName.toLowerCase()}.${[...node.classList].join(".")}`;
            return `${name} ends at ${Math.round(node.getBoundingClientRect().right)} px`;
        });
}"""


def test_no_page_scrolls_sideways_on_a_small_phone(demo_site, open_page):
    paths = page_type_paths()
    assert len(paths) >= 20, paths
    report = []
    for width in WIDTHS:
        page = open_page(viewport={"width": width, "height": 740})
        for path in paths:
            page.goto(demo_site.url + path)
            if page.locator("[data-issue-map]").count():
                page.locator(".issue-map__canvas").first.wait_for(state="visible")
            overflowing = page.evaluate(OVERFLOWING)
            if overflowing:
                report.append(f"{path} at {width} px: " + "; ".join(overflowing))
    assert not report, "Pages wider than the screen:\n" + "\n".join(report)
