"""Site search: results in the current language, pagination, and clear messages for bad queries."""

import pytest

from tests.conftest import refreshed
from tests.factories import BriefingPageFactory


@pytest.fixture(scope="module")
def searchable_once(site_tree_once, django_db_blocker):
    """Twelve published briefings, built once for the module (see tests/conftest.py)."""
    pages = []
    with django_db_blocker.unblock():
        for number in range(12):
            page = BriefingPageFactory(
                parent=site_tree_once["index"],
                title=f"Мониторинг ЦОН номер {number}",
                lead="Итоги выезда мониторинговой группы",
            )
            page.save_revision().publish()
            pages.append(page)
    return pages


@pytest.fixture
def searchable(searchable_once, site_tree):
    return refreshed(searchable_once)


def test_finds_published_pages_by_title(client, searchable):
    response = client.get("/ru/search/", {"q": "Мониторинг"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "12" in html and "Мониторинг ЦОН номер" in html
    assert 'rel="next"' in html


def test_second_page_keeps_the_query(client, searchable):
    html = client.get("/ru/search/", {"q": "Мониторинг", "page": 2}).content.decode()
    assert "Мониторинг ЦОН номер" in html
    assert 'href="?q=%D0%9C' in html  # the previous-page link keeps the query


def test_unpublished_pages_are_not_found(client, site_tree):
    BriefingPageFactory(parent=site_tree["index"], title="Секретный черновик", live=False)
    html = client.get("/ru/search/", {"q": "черновик"}).content.decode()
    assert "Секретный черновик" not in html


def test_empty_query_is_explained(client, site_tree):
    response = client.get("/ru/search/", {"q": "   "})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_over_long_query_is_a_400_with_the_text_kept(client, site_tree):
    query = "коррупция " * 30
    response = client.get("/ru/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    assert "коррупция коррупция" in html


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "(((", "*", "'; DROP TABLE wagtailcore_page; --", "\\", "ЦОН:*"]
)
def test_hostile_queries_do_not_break_search(client, searchable, query):
    response = client.get("/ru/search/", {"q": query})
    assert response.status_code == 200


def test_nothing_found_says_so(client, searchable):
    html = client.get("/ru/search/", {"q": "жирафы"}).content.decode()
    assert 'role="status"' in html and "жирафы" in html


def test_search_only_answers_get(client, site_tree):
    assert client.post("/ru/search/", {"q": "x"}).status_code == 405
