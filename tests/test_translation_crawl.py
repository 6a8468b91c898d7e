"""A crawl of the demo in Kazakh and English, as a reader who does not read Russian would go through it.

It fails on: a Russian page whose Kazakh or English counterpart is missing or not reached by the
language switcher; Russian text on a kk or en page without `lang="ru"` on it (WCAG 3.1.2, so that a
screen reader switches voice); an hreflang alternate that does not answer 200.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "en")
HOMES = ("/ru/", "/kk/", "/en/")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED_TEXT = {"script", "style", "template"}
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{2,}")
KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
# What gives Russian away beside Kazakh: its short function words and its inflections.
RUSSIAN_WORDS = {
    "и",
    "в",
    "на",
    "по",
    "для",
    "что",
    "от",
    "из",
    "за",
    "при",
    "или",
    "как",
    "это",
    "до",
    "но",
    "к",
}
RUSSIAN_ENDINGS = re.compile(r"(ый|ий|ая|ое|ого|ому|ых|ие|ции|ние|ться|ется|ются|ство)$")
# Paths a reader's crawl does not follow: the admin, files, and machine-readable answers.
NOT_PAGES = ("/admin", "/api/", "/static/", "/media/", "/documents/", "/django-admin")


class PageText(HTMLParser):
    """Every text of a page (and of its alt, title, aria-label and placeholder attributes) with the
    language in force where it stands; its links, and its hreflang alternates."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang or None)
        self.texts = []  # (text, lang, where)
        self.links = []
        self.alternates = []
        self.switcher = {}
        self.skipping = 0

    def lang(self):
        return next((lang for _tag, lang in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
            if attributes.get("hreflang") and attributes.get("lang"):
                self.switcher[attributes["hreflang"]] = attributes["href"]
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
            self.alternates.append((attributes["hreflang"], attributes["href"]))
        lang = attributes.get("lang")
        own = lang or self.lang()
        for name in TEXT_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append((attributes[name], own, f"<{tag} {name}>"))
        if tag in SKIPPED_TEXT:
            self.skipping += 1
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        if tag in SKIPPED_TEXT:
            self.skipping = max(0, self.skipping - 1)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            tag = self.stack[-1][0] if self.stack else ""
            self.texts.append((data.strip(), self.lang(), f"<{tag}>"))


def looks_russian(text, language):
    """Cyrillic prose that is not Kazakh: on an English page any Cyrillic words; on a Kazakh page three
    Cyrillic words or more without a Kazakh letter, one of them a Russian function word or inflection."""
    words = CYRILLIC_WORD.findall(text)
    if language == "en":
        return bool(words)
    lowered = [word.lower() for word in re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+", text)]
    russian = any(w in RUSSIAN_WORDS or RUSSIAN_ENDINGS.search(w) for w in lowered)
    return len(words) >= 3 and not KAZAKH_LETTERS.search(text) and russian


def local_path(href):
    parts = urlsplit(href)
    if parts.scheme and parts.netloc not in ("testserver", "localhost"):
        return None
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def crawl(django_db_blocker, demo_content):
    """Every page reached from the three home pages by links, with what it says (read once)."""
    from django.test import Client

    client = Client()
    seen, pages = set(), {}
    queue = deque(HOMES)
    with django_db_blocker.unblock():
        while queue:
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                pages[path] = (response.status_code, None)
                continue
            parser = PageText()
            parser.feed(response.content.decode())
            pages[path] = (200, parser)
            for href in parser.links:
                target = local_path(href)
                if (
                    target is None
                    or target.startswith(NOT_PAGES)
                    or target[:4] not in ("/ru/", "/kk/", "/en/")
                ):
                    continue
                bare = target.split("?")[0]
                # Query variants (filters, pages of a list) of a page already read add nothing.
                if "?" in target and ("notice=" not in target) and any(p.split("?")[0] == bare for p in seen):
                    continue
                queue.append(target)
    return pages


def test_every_russian_page_has_its_kazakh_and_english_counterpart(demo):
    missing = []
    for page in Page.objects.live().public().filter(locale__language_code="ru", depth__gt=1):
        have = set(page.get_translations().live().values_list("locale__language_code", flat=True))
        missing += [f"{page.url_path} ({code})" for code in LANGUAGES if code not in have]
    assert missing == []


def test_the_switcher_leads_from_every_russian_page_to_its_counterparts(crawl):
    failures = []
    russian = [path for path, (status, parser) in crawl.items() if path.startswith("/ru/") and parser]
    assert len(russian) > 40
    for path in russian:
        switcher = crawl[path][1].switcher
        for code in LANGUAGES:
            target = switcher.get(code, "")
            if not target or "notice=untranslated" in target:
                failures.append(f"{path} → {code}: {target or 'no link'}")
            elif crawl.get(local_path(target), (0,))[0] != 200:
                failures.append(f"{path} → {code}: {target} answers {crawl.get(local_path(target), (0,))[0]}")
    assert failures == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_russian_text_without_lang_ru_on_kazakh_and_english_pages(crawl, language):
    failures = []
    read = [(path, p) for path, (status, p) in crawl.items() if p and path.startswith(f"/{language}/")]
    assert len(read) > 40
    for path, parser in read:
        for text, lang, where in parser.texts:
            # Marked as Russian, or (on an English page) as Kazakh: a screen reader switches voice.
            marked = lang == "ru" or (language == "en" and lang == "kk")
            if not marked and looks_russian(text, language):
                failures.append(f"{path} {where} [{lang}]: {text[:80]}")
    assert failures == [], f"{len(failures)} Russian texts unmarked:\n" + "\n".join(failures[:60])


def test_every_hreflang_alternate_answers(crawl, client):
    failures = []
    checked = 0
    for path, (_status, parser) in crawl.items():
        if parser is None:
            continue
        codes = {code for code, _href in parser.alternates}
        if parser.alternates:
            assert {"ru", "kk", "en", "x-default"} <= codes, path
        for code, href in parser.alternates:
            target = local_path(href)
            answer = crawl.get(target, (None,))[0] or client.get(target).status_code
            checked += 1
            if answer != 200:
                failures.append(f"{path}: {code} {href} answers {answer}")
    assert checked > 100
    assert failures == []


def test_every_crawled_page_answers(crawl):
    broken = {path: status for path, (status, _parser) in crawl.items() if status not in (200, 301, 302)}
    assert broken == {}
