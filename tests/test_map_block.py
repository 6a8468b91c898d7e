"""A map block opens on what it lists (the box of its issues, else its area), in a fixed number of
queries; and a duplicate's deadline label says which issue it repeats, with a link to it."""

import datetime
import re

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mapping.models import Issue, IssueStatus
from tests.factories import BriefingPageFactory, IssueFactory

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def briefing_with(map_tree, **block):
    value = {"heading": "Карта", "zoom": 8, "limit": 5, **block}
    return BriefingPageFactory(parent=map_tree["index"], body=[("map", value)])


def data_bounds(page):
    match = re.search(r'data-bounds="([^"]+)"', page)
    return tuple(float(side) for side in match[1].split(",")) if match else None


@pytest.fixture
def resolved(map_tree):
    """Resolved issues far apart (Kokshetau in the north, Stepnogorsk in the east), and an open one."""
    services = map_tree["services"]
    return [
        IssueFactory(
            category=services,
            area=map_tree["city"],
            status=IssueStatus.RESOLVED,
            resolution="Сделано.",
            title="Решено в Кокшетау",
            location="SRID=4326;POINT(69.3900 53.2800)",
        ),
        IssueFactory(
            category=services,
            area=map_tree["other"],
            status=IssueStatus.RESOLVED,
            resolution="Сделано.",
            title="Решено в Степногорске",
            location="SRID=4326;POINT(71.8800 52.3500)",
        ),
        IssueFactory(
            category=services,
            area=map_tree["city"],
            title="Открыто на юге",
            location="SRID=4326;POINT(70.0000 50.6000)",
        ),
    ]


def test_a_status_block_without_area_fits_its_issues(client, map_tree, resolved):
    page = html(client, briefing_with(map_tree, status="resolved").url)
    assert "Решено в Кокшетау" in page and "Решено в Степногорске" in page
    assert "Открыто на юге" not in page
    assert data_bounds(page) == (52.35, 69.39, 53.28, 71.88)
    # Centred on the box until the script fits it; never closer than the block's zoom.
    assert 'data-centre="52.815,70.635"' in page
    assert 'data-zoom="8"' in page


def test_a_block_of_one_area_fits_that_area_s_issues(client, map_tree, resolved):
    page = html(client, briefing_with(map_tree, area=map_tree["other"]).url)
    assert data_bounds(page) == (52.35, 71.88, 52.35, 71.88)


def test_without_issues_a_block_fits_its_area_s_boundary_or_centres_on_it(client, map_tree):
    area = map_tree["other"]
    page = html(client, briefing_with(map_tree, area=area).url)
    assert data_bounds(page) is None
    assert 'data-centre="52.35,71.88"' in page
    ring = [[71.7, 52.2], [72.1, 52.2], [72.1, 52.5], [71.7, 52.5], [71.7, 52.2]]
    area.boundary = {"type": "Polygon", "coordinates": [ring]}
    area.save()
    page = html(client, briefing_with(map_tree, area=area, heading="Степногорск").url)
    assert data_bounds(page) == (52.2, 71.7, 52.5, 72.1)


@pytest.mark.usefixtures("page_cache_off")
def test_a_block_costs_the_same_queries_whatever_its_issues(client, map_tree, resolved):
    url = briefing_with(map_tree, status="resolved").url

    def count():
        client.get(url)
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = count()
    for _ in range(12):
        IssueFactory(
            category=map_tree["services"],
            area=map_tree["city"],
            status=IssueStatus.RESOLVED,
            resolution="Сделано.",
        )
    assert count() == few


# A duplicate's label -----------------------------------------------------------------------------------


@pytest.fixture
def duplicate(map_tree):
    original = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Первое сообщение")
    copy = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Повторное сообщение",
        status=IssueStatus.DUPLICATE,
        duplicate_of=original,
        registered_on=datetime.date(2025, 3, 4),
    )
    return original, copy


def test_a_duplicate_is_not_closed_on_time_but_a_duplicate_of_its_original(duplicate):
    original, copy = duplicate
    with translation.override("en"):
        assert copy.deadline().label == f"duplicate of issue No. {original.pk}"
        assert not copy.deadline().is_overdue
        copy.duplicate_of = None
        assert copy.deadline().label == "duplicate"


def test_lists_and_the_issue_page_link_a_duplicate_to_its_original(client, map_tree, duplicate):
    original, copy = duplicate
    link = f'<a href="{map_tree["map"].url}issues/{original.pk}/">'
    listing = html(client, map_tree["map"].url)
    issue_page = html(client, f"{map_tree['map'].url}issues/{copy.pk}/")
    for page in (listing, issue_page):
        assert "closed on time" not in page and "закрыто в срок" not in page
        assert re.search(re.escape(link) + r"[^<]*" + str(original.pk) + "</a>", page)
    # An original taken off the site is named, not linked.
    Issue.objects.filter(pk=original.pk).update(live=False)
    copy.save()  # a new generation of the map's cached list
    listing = html(client, map_tree["map"].url)
    assert link not in listing
    assert str(original.pk) in re.search(r'issue-item__deadline">([^<]*)<', listing.split("Повторное")[1])[1]
