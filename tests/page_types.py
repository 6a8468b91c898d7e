"""One page of every public page type in the demo, in Russian, Kazakh and English: what the markup tests
(tests/test_html_valid.py, tests/test_meta.py) render and read.

A "type" is what a reader can land on: each Wagtail page type, the pages its routes serve (an issue, the
report status, the guide's search) and the site's own views (search, 404). Each is named
`<language>:<type>`; the richest demo page of a type is taken (an issue with photos and a timeline, a
report with an answer), so that every template branch that shows data is drawn.
"""

from django.db.models import Count
from wagtail.models import Locale

from ethics.models import EthicsGuidePage, EthicsSelfCheckPage, EthicsTopicPage
from home.models import BriefingIndexPage, BriefingPage, HomePage
from mapping.models import (
    Issue,
    MapPage,
    MonitoringVisitPage,
    ProblemObjectPage,
    Report,
    ReportPage,
    TransparencyPage,
)

LANGUAGES = ("ru", "kk", "en")
PAGE_MODELS = {
    "home": HomePage,
    "briefing-index": BriefingIndexPage,
    "briefing": BriefingPage,
    "ethics-guide": EthicsGuidePage,
    "ethics-topic": EthicsTopicPage,
    "self-check": EthicsSelfCheckPage,
    "map": MapPage,
    "object": ProblemObjectPage,
    "visit": MonitoringVisitPage,
    "report": ReportPage,
    "transparency": TransparencyPage,
}
SEARCH_WORDS = {"ru": "брифинг", "kk": "брифинг", "en": "briefing"}


def _first(model, language, richest_by=None):
    """The first live page of `model` in `language`, or the one with most `richest_by` (a relation)."""
    pages = model.objects.live().public().filter(locale=Locale.objects.get(language_code=language))
    pages = pages.order_by("path")
    if richest_by:
        pages = pages.annotate(richness=Count(richest_by)).order_by("-richness", "path")
    page = pages.first()
    assert page is not None, f"the demo has no live {model.__name__} in {language}"
    return page


def urls_of_every_type(language):
    """{"<language>:<type>": path} for one page of every public type in `language` (demo content)."""
    pages = {name: _first(model, language) for name, model in PAGE_MODELS.items()}
    pages["briefing"] = _first(BriefingPage, language, "participants")
    pages["visit"] = _first(MonitoringVisitPage, language, "recommendations")
    urls = {name: page.url for name, page in pages.items()}
    issue = (
        Issue.objects.published()
        .annotate(photo_count=Count("photos", distinct=True), update_count=Count("updates", distinct=True))
        .order_by("-photo_count", "-update_count", "pk")
        .first()
    )
    urls["issue"] = pages["map"].issue_url(issue)
    report = Report.objects.exclude(answer="").order_by("pk").first() or Report.objects.order_by("pk").first()
    urls["report-status"] = f"{urls['report']}status/?code={report.code}"
    urls["ethics-search"] = f"{urls['ethics-guide']}search/?q={SEARCH_WORDS[language]}"
    urls["ethics-booklet"] = f"{urls['ethics-guide']}print/"
    urls["ethics-offline"] = f"{urls['ethics-guide']}offline/"
    urls["object-index"] = urls["map"] + pages["map"].reverse_subpage("objects")
    urls["search"] = f"/{language}/search/?q={SEARCH_WORDS[language]}"
    urls["alerts"] = f"/{language}/alerts/?object={pages['object'].pk}"
    urls["404"] = f"/{language}/no-such-page/"
    return {f"{language}:{name}": url for name, url in urls.items()}


def render(client, urls):
    """{name: (path, status, html)} for each of `urls`, as an anonymous reader gets them."""
    rendered = {}
    for name, url in urls.items():
        response = client.get(url)
        rendered[name] = (url, response.status_code, response.content.decode())
    return rendered
