"""Three languages: URL prefixes, the root redirect, the language switcher and the catalogues."""

import re

import pytest
from django.utils import translation


def switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav)}


def test_root_redirects_to_russian_whatever_the_browser_asks(client, site_tree):
    for accept in ("", "en-US,en;q=0.9", "kk"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code == 302
        assert response["Location"] == "/ru/"


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("ru", "Карта общественного контроля"),
        ("kk", "Қоғамдық бақылау картасы"),
        ("en", "Public Control Map"),
    ],
)
def test_each_language_has_its_home(client, site_tree, code, title):
    response = client.get(f"/{code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{code}">' in html
    assert title in html


def test_switcher_goes_to_the_translated_page(client, site_tree):
    index = site_tree["index"]
    kk_index = index.copy_for_translation(site_tree["homes"]["kk"].locale)
    kk_index.title = "Брифингтер"
    kk_index.save_revision().publish()
    links = switcher_links(client.get(index.url).content.decode())
    assert links["kk"] == kk_index.url
    # No English translation of the index: the switcher leads to its nearest translated ancestor, the
    # English home page, which says why the reader is there.
    assert links["en"] == "/en/?notice=untranslated"
    landing = client.get(links["en"]).content.decode()
    assert "has not been translated into this language yet" in landing


def test_switcher_on_search_keeps_the_query(client, site_tree):
    links = switcher_links(client.get("/ru/search/?q=test").content.decode())
    assert links["kk"] == "/kk/search/?q=test"
    assert links["en"] == "/en/search/?q=test"


def test_interface_strings_are_translated(client, site_tree):
    assert "Пропустить" in client.get("/ru/").content.decode()
    assert "Skip to main content" in client.get("/en/").content.decode()
    kk = client.get("/kk/").content.decode()
    assert "Skip to main content" not in kk
    for code in ("ru", "kk"):
        with translation.override(code):
            assert translation.gettext("Search") != "Search"
