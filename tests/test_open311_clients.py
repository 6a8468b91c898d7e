"""Open311 as real clients use it: the key in the query string, the spec's default window of 90 days for
requests.json, and a point outside the area we serve reported on lat and long."""

import datetime

import pytest
from django.core.cache import cache

from mapping.models import Report
from tests.factories import IssueFactory, PartnerApiKeyFactory

pytestmark = pytest.mark.django_db
REQUESTS = "/open311/v2/requests.json"
TODAY = datetime.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_30_june_2025(monkeypatch):
    monkeypatch.setattr("mapping.open311.reading.local_today", lambda: TODAY)


@pytest.fixture
def partner():
    return PartnerApiKeyFactory(name="Городское приложение", contact_email="dev@example.kz")


def fields(**overrides):
    values = {
        "service_code": "services",
        "lat": "53.2871",
        "long": "69.3912",
        "description": "В ЦОН № 2 третий день не работает электронная очередь, люди стоят с утра.",
    }
    values.update(overrides)
    return values


def test_the_key_may_come_in_the_query_string(client, map_tree, partner):
    response = client.post(f"{REQUESTS}?api_key={partner.raw_key}", fields())
    assert response.status_code == 201, response.content
    assert Report.objects.get().partner == partner
    # A wrong key in the query string is refused like one in the body.
    refused = client.post(f"{REQUESTS}?api_key=not-a-key", fields(description="Другое сообщение о ЦОН № 2."))
    assert refused.status_code == 403
    assert "api_key" in refused.json()[0]["description"]


def test_a_point_outside_the_area_is_reported_on_lat_and_long(client, map_tree, partner):
    response = client.post(REQUESTS, fields(api_key=partner.raw_key, lat="48.85", long="2.35"))
    assert response.status_code == 400
    (error,) = response.json()
    assert error["code"] == 400
    assert error["description"].startswith("lat, long: ")
    assert "address_string" not in error["description"]
    half = client.post(REQUESTS, fields(api_key=partner.raw_key, long="", address_string="Кокшетау"))
    assert half.status_code == 400
    assert half.json()[0]["description"].startswith("lat, long: ")
    assert not Report.objects.exists()


@pytest.fixture
def dated(map_tree):
    """Issues registered 10, 89, 90, 91 and 200 days before 30 June 2025."""
    return {
        days: IssueFactory(
            category=map_tree["services"],
            area=map_tree["city"],
            registered_on=TODAY - datetime.timedelta(days=days),
        ).pk
        for days in (10, 89, 90, 91, 200)
    }


def ids(client, **params):
    response = client.get(REQUESTS, params)
    assert response.status_code == 200, response.content
    return sorted(item["service_request_id"] for item in response.json())


@pytest.mark.usefixtures("on_30_june_2025")
def test_requests_default_to_the_last_90_days(client, dated):
    assert ids(client) == sorted([dated[10], dated[89], dated[90]])
    assert ids(client, status="open") == sorted([dated[10], dated[89], dated[90]])
    # Up to an end_date: the 90 days before it.
    assert ids(client, end_date=(TODAY - datetime.timedelta(days=150)).isoformat()) == [dated[200]]
    # A start_date reaches as far back as it says.
    assert ids(client, start_date="2024-01-01") == sorted(dated.values())
    # A request asked for by number is given whatever its date.
    assert ids(client, service_request_id=str(dated[200])) == [dated[200]]
