"""Briefings: the page itself, the index with its filters and pagination, and the feeds."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import BriefingPageFactory


def make(index, title, when, tags=()):
    page = BriefingPageFactory(parent=index, title=title, held_at=timezone.make_aware(when))
    page.tags.add(*tags)
    page.save_revision().publish()
    return page


@pytest.fixture
def briefings(site_tree):
    index = site_tree["index"]
    return [
        make(index, "Брифинг о мониторинге ЦОН", datetime.datetime(2024, 5, 14, 11), ["мониторинг"]),
        make(index, "Брифинг об этике", datetime.datetime(2025, 3, 6, 11), ["этика"]),
        make(index, "Брифинг о горячей линии", datetime.datetime(2025, 9, 1, 15), ["этика", "1424"]),
    ]


def test_briefing_shows_date_venue_participants_quote_and_tags(client, site_tree):
    page = BriefingPageFactory(
        parent=site_tree["index"],
        venue="Региональная служба коммуникаций",
        held_at=timezone.make_aware(datetime.datetime(2025, 3, 6, 11, 0)),
        body=[
            ("heading", {"text": "Три формата", "level": "h2"}),
            (
                "quote",
                {"quote": "Мы посетим все районы.", "speaker": "Владислав Шуль", "position": "член СМГ"},
            ),
            ("embed", {"url": "https://www.youtube.com/watch?v=x", "title": "Видео", "description": ""}),
        ],
    )
    page.participants.create(
        name="Райхан Братаева", position="заместитель руководителя", organisation="Департамент"
    )
    page.tags.add("этика")
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert '<time datetime="2025-03-06T11:00:00+05:00">' in html
    assert "Региональная служба коммуникаций" in html
    assert "Райхан Братаева" in html and "Департамент" in html
    assert "<blockquote" in html and "Владислав Шуль" in html and "член СМГ" in html
    assert '<h2 class="block-heading">Три формата</h2>' in html
    # Embeds are link cards: nothing is framed from another host.
    assert "<iframe" not in html and 'href="https://www.youtube.com/watch?v=x"' in html
    assert "?tag=" in html


def test_index_lists_newest_first(client, briefings, site_tree):
    html = client.get(site_tree["index"].url).content.decode()
    positions = [html.index(b.title) for b in reversed(briefings)]
    assert positions == sorted(positions)


def test_index_filters_by_year(client, briefings, site_tree):
    html = client.get(site_tree["index"].url + "?year=2024").content.decode()
    assert "Брифинг о мониторинге ЦОН" in html
    assert "Брифинг об этике" not in html


def test_index_filters_by_tag(client, briefings, site_tree):
    tag = briefings[1].tags.get().slug
    html = client.get(site_tree["index"].url + f"?tag={tag}").content.decode()
    assert "Брифинг об этике" in html and "Брифинг о горячей линии" in html
    assert "Брифинг о мониторинге ЦОН" not in html


def test_index_explains_a_bad_year_and_shows_everything(client, briefings, site_tree):
    response = client.get(site_tree["index"].url + "?year=20x5")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert all(b.title in html for b in briefings)


def test_index_paginates_and_survives_bad_page_numbers(client, site_tree):
    for day in range(12):
        make(site_tree["index"], f"Брифинг {day:02d}", datetime.datetime(2025, 1, day + 1, 10))
    url = site_tree["index"].url
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert "Брифинг 11" in first and "Брифинг 01" not in first
    assert "Брифинг 01" in second and 'rel="prev"' in second
    assert client.get(url + "?page=abc").status_code == 200
    assert "Брифинг 01" in client.get(url + "?page=999").content.decode()


def test_rss_and_atom_feeds(client, briefings, site_tree):
    rss = client.get(site_tree["index"].url + "feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    assert channel.findtext("language") == "ru"
    assert [item.findtext("title") for item in channel.findall("item")][0] == "Брифинг о горячей линии"
    atom = client.get(site_tree["index"].url + "feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 3


def test_home_shows_latest_briefings_and_only_existing_entry_points(client, briefings, site_tree):
    html = client.get("/ru/").content.decode()
    assert "Брифинг о горячей линии" in html
    assert site_tree["index"].url in html
    # The map, the report form and the ethics guide do not exist yet: no dead links to them.
    assert 'class="entry-points"' not in html


def test_footer_shows_contacts_from_site_settings(client, site_tree):
    html = client.get("/ru/").content.decode()
    assert 'href="tel:1424"' in html
    assert "akmola@example.kz" in html
    assert "https://t.me/example" in html
