"""The map page, issue pages, object pages, the feed, MapBlock and search: published issues only."""

import datetime
import re

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from mapping.models import Issue, IssueStatus
from tests.factories import (
    BriefingPageFactory,
    ImageFactory,
    IssueFactory,
)
from tests.test_map_api import bulk_issues

pytestmark = pytest.mark.django_db


@pytest.fixture
def issues(map_tree):
    services, city = map_tree["services"], map_tree["city"]
    return {
        "open": IssueFactory(
            category=services, area=city, problem_object=map_tree["object"], title="Очередь в ЦОН"
        ),
        "resolved": IssueFactory(
            category=services,
            area=city,
            problem_object=map_tree["object"],
            title="Сломан терминал",
            status="resolved",
            resolution="Терминал заменён.",
            registered_on=datetime.date(2025, 3, 3),
            resolved_on=datetime.date(2025, 3, 13),
        ),
        "sensitive": IssueFactory(
            category=map_tree["corruption"], area=map_tree["other"], title="Просили взятку"
        ),
        "draft": IssueFactory(category=services, area=city, live=False, title="Неопубликованная жалоба"),
    }


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_map_page_lists_published_issues_with_counts(client, map_tree, issues):
    page = html(client, map_tree["map"].url)
    assert "Очередь в ЦОН" in page and "Сломан терминал" in page and "Просили взятку" in page
    assert "Неопубликованная жалоба" not in page
    assert "data-issue-map" in page and 'id="map-filters"' in page


def test_map_page_filters_without_javascript(client, map_tree, issues):
    page = html(client, map_tree["map"].url + "?status=resolved")
    assert "Сломан терминал" in page and "Очередь в ЦОН" not in page
    # The map waits hidden for its script; without one, the list and the filters are the page.
    assert re.search(r'<div class="issue-map"\s+hidden\s+data-issue-map', page)
    page = html(client, map_tree["map"].url + "?area=stepnogorsk")
    assert "Просили взятку" in page and "Сломан терминал" not in page
    bad = html(client, map_tree["map"].url + "?status=lost&area=kokshetau")
    assert 'role="alert"' in bad and "Очередь в ЦОН" in bad


def test_issue_page_shows_status_deadline_timeline_and_resolution(client, map_tree, issues):
    page = html(client, f"{map_tree['map'].url}issues/{issues['resolved'].pk}/")
    assert "Сломан терминал" in page and "Терминал заменён." in page
    assert map_tree["object"].url in page
    assert "timeline__entry" in page


def test_sensitive_issue_page_shows_no_point_address_or_photo(client, map_tree, issues):
    issue = issues["sensitive"]
    issue.address = "ул. Абая, 89, кабинет 12"
    issue.save()
    issue.photos.create(image=ImageFactory(), alt_text="Фото кабинета")
    page = html(client, f"{map_tree['map'].url}issues/{issue.pk}/")
    assert "кабинет 12" not in page
    assert "Фото кабинета" not in page
    assert 'data-centre="52.35,71.88"' in page  # the small map is centred on the area


def test_unpublished_issue_pages_are_404(client, map_tree, issues):
    assert client.get(f"{map_tree['map'].url}issues/{issues['draft'].pk}/").status_code == 404
    assert client.get(f"{map_tree['map'].url}issues/999999/").status_code == 404


def test_object_page_shows_its_issues_and_figures(client, map_tree, issues):
    page = html(client, map_tree["object"].url)
    assert "Очередь в ЦОН" in page and "Сломан терминал" in page
    assert "Неопубликованная жалоба" not in page
    figures = map_tree["object"].figures(today=datetime.date(2025, 4, 20))
    # Registered 3 March, closed 13 March 2025: 7 working days (8 March moved to Monday 10 March).
    assert figures == {"total": 2, "open": 1, "resolved": 1, "overdue": 1, "median_days": 7}


def test_feed_lists_status_changes_of_published_issues_by_area(client, map_tree, issues):
    feed = html(client, map_tree["map"].url + "feed/")
    assert "Сломан терминал" in feed and "Неопубликованная жалоба" not in feed
    area_feed = html(client, map_tree["map"].url + "feed/?area=stepnogorsk")
    assert "Просили взятку" in area_feed and "Сломан терминал" not in area_feed
    assert client.get(map_tree["map"].url + "feed/?area=atlantis").status_code == 404


def test_site_search_finds_published_issues_only(client, map_tree, issues):
    page = html(client, "/ru/search/?q=терминал")
    assert "Сломан терминал" in page
    assert "search-extra" not in html(client, "/ru/search/?q=Неопубликованная")


def test_map_block_in_a_briefing_lists_published_issues(client, map_tree, issues):
    briefing = BriefingPageFactory(
        parent=map_tree["index"],
        body=[("map", {"heading": "Проблемы Кокшетау", "area": map_tree["city"], "zoom": 10, "limit": 5})],
    )
    page = html(client, briefing.url)
    assert "Проблемы Кокшетау" in page and "data-issue-map" in page
    assert "Очередь в ЦОН" in page and "Неопубликованная жалоба" not in page
    assert "Просили взятку" not in page  # in another area


def count_queries(client, url):
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("page_cache_off")
def test_query_counts_do_not_grow_with_issues(client, map_tree, issues):
    urls = {
        "map": map_tree["map"].url,
        "map filtered": map_tree["map"].url + "?status=registered&area=akmola",
        "issue": f"{map_tree['map'].url}issues/{issues['open'].pk}/",
        "object": map_tree["object"].url,
    }
    few = {name: count_queries(client, url) for name, url in urls.items()}
    bulk_issues(map_tree, 600, problem_object=map_tree["object"])
    many = {name: count_queries(client, url) for name, url in urls.items()}
    assert few == many
    assert Issue.objects.count() > 600
    for name, count in many.items():
        assert 1 <= count <= 14, f"{name}: {count}"


def test_the_map_list_survives_a_publish_elsewhere_and_follows_every_issue(
    client, map_tree, issues, page_cache_off
):
    """The filters, counts and list are cached under the issues' generation: a briefing published does
    not make them be built again, an issue saved does."""
    url = map_tree["map"].url
    first = html(client, url)
    BriefingPageFactory(parent=map_tree["home"], title="Новости недели")  # a publish: pages start anew
    with CaptureQueriesContext(connection) as context:
        assert html(client, url) == first
    assert not [q for q in context.captured_queries if 'FROM "mapping_issue"' in q["sql"]]
    IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Яма у школы")
    assert "Яма у школы" in html(client, url)


def test_an_issue_and_an_object_survive_a_publish_elsewhere_and_follow_their_issues(
    client, map_tree, issues, page_cache_off
):
    """An issue's photos and timeline, and an object's list of issues, are cached under the issues'
    generation: a briefing published does not query them again, a change of the issue shows at once."""
    issue = issues["open"]
    issue_url = f"{map_tree['map'].url}issues/{issue.pk}/"
    object_url = map_tree["object"].url
    IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        problem_object=map_tree["object"],
        title="Очередь в ЦОН",
    )
    first = {url: html(client, url) for url in (issue_url, object_url)}
    BriefingPageFactory(parent=map_tree["home"], title="Новости недели")  # a publish: pages start anew
    for url in (issue_url, object_url):
        with CaptureQueriesContext(connection) as context:
            assert html(client, url) == first[url]
        tables = " ".join(query["sql"] for query in context.captured_queries)
        assert 'FROM "mapping_issueupdate"' not in tables and 'FROM "mapping_issuephoto"' not in tables, url
        assert url == issue_url or 'FROM "mapping_issue"' not in tables
    issue = Issue.objects.get(pk=issue.pk)
    issue.status = IssueStatus.IN_PROGRESS
    issue.status_note = "Проверка начата"
    issue.save()
    assert "Проверка начата" in html(client, issue_url)
    IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        problem_object=map_tree["object"],
        title="Нет пандуса",
    )
    assert "Нет пандуса" in html(client, object_url)
