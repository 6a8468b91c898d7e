"""What a page tells search engines and assistive technology about itself: one meta description on every
page type, in every language (the page's own text, or the site's), and landmarks that a screen reader
user can tell apart (no two of the same role with the same name)."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.utils import translation

from home.models import BriefingPage
from portal.models import SITE_DESCRIPTION, plain_summary
from tests.page_types import LANGUAGES

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LANDMARK_ROLES = {"banner", "complementary", "contentinfo", "form", "main", "navigation", "region", "search"}
IMPLICIT_ROLES = {"nav": "navigation", "aside": "complementary", "main": "main", "search": "search"}
# A <header> or <footer> inside one of these is not the page's banner or content information.
SECTIONING = {"article", "aside", "main", "nav", "section"}


class PageOutline(HTMLParser):
    """The meta descriptions of a page, its landmarks as (role, accessible name), and the text of every
    element with an id (what aria-labelledby points to)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.descriptions = []
        self.stack = []  # [tag, attributes, texts]
        self.texts_by_id = {}
        self.candidates = []  # (role, attributes)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta" and attributes.get("name") == "description":
            self.descriptions.append(attributes.get("content", ""))
        role = attributes.get("role", "").split(" ")[0] or self.implicit_role(tag)
        if role in LANDMARK_ROLES:
            self.candidates.append((role, attributes))
        if tag not in VOID:
            self.stack.append([tag, attributes, []])

    def implicit_role(self, tag):
        if tag in IMPLICIT_ROLES:
            return IMPLICIT_ROLES[tag]
        if tag in ("header", "footer") and not any(open_tag in SECTIONING for open_tag, *_ in self.stack):
            return "banner" if tag == "header" else "contentinfo"
        # Named, these are landmarks (the name is checked once the page is read).
        return {"section": "region", "form": "form"}.get(tag, "")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for _tag, attributes, texts in self.stack[index:]:
                    if attributes.get("id"):
                        self.texts_by_id[attributes["id"]] = " ".join(" ".join(texts).split())
                del self.stack[index:]
                break

    def handle_data(self, data):
        for _tag, _attributes, texts in self.stack:
            texts.append(data)

    def landmarks(self):
        """[(role, name)] of the page's landmarks; a region or form without a name is none."""
        found = []
        for role, attributes in self.candidates:
            labelled_by = attributes.get("aria-labelledby", "").split()
            if labelled_by:
                name = " ".join(self.texts_by_id.get(id_, "") for id_ in labelled_by).strip()
            else:
                name = " ".join(attributes.get("aria-label", "").split())
            if role in ("region", "form") and not name:
                continue
            found.append((role, name))
        return found


def outline(html):
    parser = PageOutline()
    parser.feed(html)
    parser.close()
    return parser


# Rendered once for this module and tests/test_html_valid.py (tests/conftest.py): their tests that read
# them run in the same worker.
SAME_PAGES = pytest.mark.xdist_group("pages-of-every-type")


@pytest.fixture
def pages(pages_of_every_type):
    """{name: (path, status, html)}: one page of every public type in every language."""
    return pages_of_every_type


@SAME_PAGES
@pytest.mark.django_db
def test_every_page_type_has_one_non_empty_meta_description(pages):
    failures = []
    for name, (path, status, html) in pages.items():
        descriptions = outline(html).descriptions
        if status not in (200, 404) or len(descriptions) != 1 or not descriptions[0].strip():
            failures.append(f"{name} ({path}, {status}): {descriptions}")
        elif len(descriptions[0]) > 300:
            failures.append(f"{name} ({path}): {len(descriptions[0])} characters")
    assert failures == []


@SAME_PAGES
@pytest.mark.django_db
def test_descriptions_say_something_of_the_page_and_its_language(pages):
    described = {name: outline(html).descriptions[0] for name, (_path, _status, html) in pages.items()}
    for language in LANGUAGES:
        # A page with its own text does not fall back to the site's description.
        for kind in ("briefing", "ethics-topic", "issue", "map", "object"):
            assert described[f"{language}:{kind}"] != described[f"{language}:404"], f"{language}:{kind}"
        # A page without one has the site's description, in the reader's language.
        with translation.override(language):
            assert described[f"{language}:404"] == str(SITE_DESCRIPTION)


@SAME_PAGES
@pytest.mark.django_db
def test_no_two_landmarks_of_a_role_share_a_name(pages):
    failures = []
    for name, (path, _status, html) in pages.items():
        landmarks = outline(html).landmarks()
        for (role, label), count in Counter(landmarks).items():
            if count > 1:
                failures.append(f"{name} ({path}): {count} × {role} {label!r}")
    assert failures == [], "\n".join(failures)


@SAME_PAGES
@pytest.mark.django_db
def test_the_transparency_page_names_each_landmark(pages):
    for language in LANGUAGES:
        _path, _status, html = pages[f"{language}:transparency"]
        landmarks = outline(html).landmarks()
        regions = [label for role, label in landmarks if role == "region"]
        # The figures, the authorities and their table, the breakdown, the recommendations, the definitions.
        assert len(regions) >= 6, landmarks
        assert len(set(landmarks)) == len(landmarks), landmarks


@pytest.mark.django_db
def test_the_search_description_wins_else_the_page_text_shortened():
    page = BriefingPage(title="Брифинг", lead="Короткий лид.", search_description="  Для  поисковиков. ")
    assert page.get_meta_description() == "Для поисковиков."
    page.search_description = ""
    assert page.get_meta_description() == "Короткий лид."
    page.listing_summary = "Сводка для списков."
    assert page.get_meta_description() == "Сводка для списков."


def test_plain_summary_strips_rich_text_and_cuts_after_a_word():
    assert (
        plain_summary("<p>Первый&nbsp;абзац.</p><p>Второй <b>абзац</b>.</p>") == "Первый абзац. Второй абзац."
    )
    long = " ".join(["слово"] * 60)
    summary = plain_summary(long)
    assert len(summary) <= 160 and summary.endswith("слово…")
    assert plain_summary("") == ""


@pytest.mark.django_db
def test_a_page_without_text_falls_back_to_the_site_description():
    assert BriefingPage(title="Брифинг", lead="").get_meta_description() == str(SITE_DESCRIPTION)
