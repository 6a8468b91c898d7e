"""'Me too': anyone supports a published, open issue without an account; once per browser, a bounded number
per address, no cookie until they act; the count on the page, the list, the API, open data and the admin."""

import pytest
from django.test import Client
from django.utils import translation

from mapping.models import Issue
from mapping.support import counts
from mapping.support.views import COOKIE
from tests.approval import approve, submit
from tests.factories import IssueFactory
from tests.test_opendata import csv_rows

pytestmark = pytest.mark.django_db
HOST = "testserver"


@pytest.fixture
def issue(map_tree):
    return IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Нет пандуса у ЦОН",
        location="SRID=4326;POINT(69.3912 53.2871)",
        status="in_progress",
    )


def support(client, issue, language="ru", origin=f"http://{HOST}", **headers):
    if origin:
        headers["HTTP_ORIGIN"] = origin
    return client.post(f"/{language}/issues/{issue.pk}/support/", **headers)


def count(issue):
    return Issue.objects.get(pk=issue.pk).supporters


def test_the_issue_page_offers_support_without_setting_a_cookie(client, issue):
    response = client.get(f"/ru/map/issues/{issue.pk}/")
    page = response.content.decode()
    assert f'action="/ru/issues/{issue.pk}/support/"' in page
    assert 'id="support"' in page and "csrfmiddlewaretoken" not in page
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_a_citizen_supports_an_issue_and_sees_the_new_count(client, issue):
    response = support(client, issue)
    assert response.status_code == 303
    assert response["Location"] == f"/ru/map/issues/{issue.pk}/#support"
    assert count(issue) == 1
    assert COOKIE in response.cookies and response.cookies[COOKIE]["httponly"]
    page = client.get(f"/ru/map/issues/{issue.pk}/")
    text = page.content.decode()
    with translation.override("ru"):
        assert translation.gettext("Thank you: your support is counted.") in text
        assert translation.ngettext(
            "%(counter)s person supports this issue.", "%(counter)s people support this issue.", 1
        ) % {"counter": 1} in " ".join(text.split())
    # Personal (it carries the message): never kept by a shared cache.
    assert "private" in page["Cache-Control"]


def test_the_same_browser_supports_once(client, issue):
    support(client, issue)
    again = support(client, issue)
    assert again.status_code == 303 and count(issue) == 1
    with translation.override("ru"):
        message = translation.gettext("You already support this issue.")
    assert message in client.get(again["Location"]).content.decode()


def test_a_tampered_cookie_is_ignored(client, issue):
    client.cookies[COOKIE] = "[1,2,3]"
    support(client, issue)
    assert count(issue) == 1


def test_a_post_from_another_site_or_from_nowhere_is_refused(client, issue):
    assert support(client, issue, origin="https://evil.example").status_code == 403
    assert support(client, issue, origin=None).status_code == 403
    assert support(client, issue, origin=None, HTTP_REFERER="https://evil.example/page").status_code == 403
    assert count(issue) == 0
    # A browser that sends only the Referer (an older one) is fine.
    referer = f"http://{HOST}/ru/map/issues/{issue.pk}/"
    assert support(client, issue, origin=None, HTTP_REFERER=referer).status_code == 303
    assert count(issue) == 1


def test_supports_from_one_address_are_limited(settings, issue):
    settings.SUPPORT_RATE_LIMIT = "2/h"
    outcomes = []
    for _browser in range(3):
        browser = Client(REMOTE_ADDR="10.9.8.7")
        response = support(browser, issue)
        outcomes.append(browser.get(response["Location"]).content.decode())
    assert count(issue) == 2
    with translation.override("ru"):
        assert (
            translation.gettext("Too many supports from this address. Please try again later.") in outcomes[2]
        )
    # Another address is not affected.
    support(Client(REMOTE_ADDR="10.9.8.8"), issue)
    assert count(issue) == 3


def test_a_closed_issue_shows_its_count_but_takes_no_support(client, issue):
    Issue.objects.filter(pk=issue.pk).update(status="resolved", supporters=4)
    page = client.get(f"/ru/map/issues/{issue.pk}/").content.decode()
    assert "support__form" not in page and "4" in page.split('id="support"')[1][:400]
    support(client, issue)
    assert count(issue) == 4


def test_an_unpublished_issue_cannot_be_supported(client, issue):
    Issue.objects.filter(pk=issue.pk).update(live=False)
    assert support(client, issue).status_code == 404
    assert count(issue) == 0


def test_the_message_is_in_the_language_of_the_page_it_is_shown_on(client, issue):
    # This site has its map page in Russian only: a Kazakh reader goes back to it, and reads the message
    # in the language of that page.
    response = support(client, issue, language="kk")
    assert response["Location"].startswith("/ru/")
    with translation.override("ru"):
        thanks = translation.gettext("Thank you: your support is counted.")
    assert thanks != "Thank you: your support is counted."
    assert thanks in client.get(response["Location"]).content.decode()


def test_the_count_is_in_the_api_the_open_data_and_the_admin(client, admin_client, issue, map_tree):
    other = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Другая проблема")
    support(client, issue)
    support(Client(), issue)
    features = client.get("/api/v1/map/issues.geojson", {"bbox": "60,40,80,60", "zoom": 16}).json()[
        "features"
    ]
    by_id = {feature["properties"]["id"]: feature["properties"] for feature in features}
    assert by_id[issue.pk]["supporters"] == 2 and by_id[other.pk]["supporters"] == 0

    rows = {row["id"]: row for row in csv_rows(client)}
    assert rows[str(issue.pk)]["supporters"] == "2"

    listing = admin_client.get("/admin/snippets/mapping/issue/", {"ordering": "-supporters"}).content.decode()
    assert listing.index("Нет пандуса у ЦОН") < listing.index("Другая проблема")


def test_publishing_a_version_keeps_the_supports_counted_meanwhile(client, issue, moderator, supervisor):
    draft = issue.get_latest_revision_as_object()
    draft.title = "Нет пандуса у ЦОН № 1"
    draft.save_revision(user=moderator)
    support(client, issue)
    issue = approve(submit(issue, moderator), supervisor)
    assert issue.title == "Нет пандуса у ЦОН № 1" and issue.supporters == 1


def test_the_public_counts_catch_up_once_for_a_burst_of_supports(settings, issue):
    from mapping.generations import MAP_GENERATION
    from portal.cache import content_generation

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = counts.refresh_counts.get_backend()
    backend.clear()
    before = content_generation(MAP_GENERATION)
    for _ in range(5):
        counts.add_support(issue.pk)
    # One refresh, deferred; the generation is untouched until it runs.
    assert len(backend.results) == 1 and backend.results[0].task.run_after is not None
    assert content_generation(MAP_GENERATION) == before
    counts.refresh_counts.call()
    assert content_generation(MAP_GENERATION) != before
    counts.add_support(issue.pk)
    assert len(backend.results) == 2
