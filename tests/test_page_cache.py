"""The page cache, HTTP caching headers, compression and the front proxy's purges (portal.page_cache,
portal.frontend_cache): anonymous readers get kept pages without a query, a change reaches the next one,
and nothing personal is ever kept, shared or compressed."""

import gzip
import http.server
import threading
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from portal.cache import PAGE_GENERATION_KEY, bump_content_generation
from tests.factories import IssueFactory, ReportPageFactory

API = "/api/v1/map/issues.geojson?bbox=60,45,80,56&zoom=6"


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    return response, len(context.captured_queries)


@pytest.mark.parametrize("url", ["/ru/", "/ru/briefings/", "/ru/briefings/feed/rss/", "/ru/search/?q=этика"])
def test_an_anonymous_page_is_public_kept_and_served_again_without_a_query(client, site_tree, url):
    first, built = queries(client, url)
    assert first.status_code == 200 and built > 0
    assert {"public", "max-age=60", "s-maxage=600"} <= cache_control(first)
    assert first["ETag"] and first["X-Page-Cache"] == "miss" and not first.cookies
    assert "Cookie" not in first.get("Vary", "")

    again, count = queries(client, url)
    assert again["X-Page-Cache"] == "hit" and count == 0
    assert again.content == first.content and again["ETag"] == first["ETag"]

    # A browser's revalidation of a kept page: 304, no body, no query.
    revalidated, count = queries(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304 and revalidated.content == b"" and count == 0


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
)


def test_a_hit_carries_the_headers_of_the_page_as_it_was_sent(client, site_tree, settings):
    """The page cache answers before every other middleware: a hit replays the security headers they gave
    the page when it was kept, and a request they would redirect to HTTPS never gets a kept page."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.ALLOWED_HOSTS = ["testserver"]
    first = client.get("/ru/", secure=True)
    again = client.get("/ru/", secure=True)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    for header in SECURITY_HEADERS:
        assert again.get(header) == first.get(header) and first.get(header), header
    plain = client.get("/ru/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/ru/"
    # A host the site does not serve is refused, never answered from the cache.
    assert client.get("/ru/", secure=True, HTTP_HOST="evil.example").status_code == 400


def test_a_publish_reaches_the_next_reader_at_once(client, site_tree):
    index = site_tree["index"]
    assert "Пресс-центр" not in client.get("/ru/").content.decode()
    assert client.get("/ru/")["X-Page-Cache"] == "hit"
    index.title = "Пресс-центр"
    index.save_revision().publish()
    fresh = client.get("/ru/")
    assert fresh["X-Page-Cache"] == "miss" and "Пресс-центр" in fresh.content.decode()


def test_an_issue_change_reaches_the_map_page_and_the_api(client, map_tree):
    url = map_tree["map"].url
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Очередь в ЦОН")
    assert "Очередь в ЦОН" in client.get(url).content.decode()
    assert client.get(API).json()["total"] == 1
    assert client.get(url)["X-Page-Cache"] == client.get(API)["X-Page-Cache"] == "hit"

    issue.title = "Очередь в ЦОН устранена"
    issue.save()
    IssueFactory(category=map_tree["services"], area=map_tree["city"])
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "Очередь в ЦОН устранена" in page.content.decode()
    assert client.get(API).json()["total"] == 2


def test_the_map_page_counts_come_from_cached_figures(client, map_tree, page_cache_off):
    """The status counts and the list's total: one cache read, not a count over every issue."""
    for _ in range(3):
        IssueFactory(category=map_tree["services"], area=map_tree["city"])
    url = map_tree["map"].url
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    counts = [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if 'FROM "mapping_issue"' in sql]
    IssueFactory(category=map_tree["services"], area=map_tree["city"])
    assert response.context["page_obj"].paginator.count == 3
    assert client.get(url).context["page_obj"].paginator.count == 4


def test_compression_for_public_text_only(client, site_tree, map_tree):
    plain = client.get("/ru/")
    packed = client.get("/ru/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"] and packed["ETag"] != plain["ETag"]
    assert client.get("/ru/", HTTP_ACCEPT_ENCODING="gzip")["X-Page-Cache"] == "hit"
    for _ in range(3):
        IssueFactory(category=map_tree["services"], area=map_tree["city"])
    assert client.get(API, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"

    # The report form carries a CSRF token: private, never kept, never compressed (BREACH).
    report_page = ReportPageFactory(parent=site_tree["home"])
    for _ in range(2):
        form = client.get(report_page.url, HTTP_ACCEPT_ENCODING="gzip")
        assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
        assert cache_control(form) == {"private", "no-store"}
        assert "Content-Encoding" not in form and "X-Page-Cache" not in form


def test_per_reader_and_signed_in_answers_stay_private(client, site_tree, django_user_model):
    report_page = ReportPageFactory(parent=site_tree["home"])
    status = client.get(report_page.url + "status/?code=AAAA-BBBB-CCCC-DDDD")
    assert "no-store" in cache_control(status) and "public" not in cache_control(status)

    anonymous = client.get("/ru/")
    assert anonymous["X-Page-Cache"] == "miss"
    staff = django_user_model.objects.create_superuser("editor", "editor@example.kz", "a-long-password-1")
    client.force_login(staff)
    for _ in range(2):
        signed_in = client.get("/ru/")
        assert cache_control(signed_in) == {"private", "no-store"} and "X-Page-Cache" not in signed_in
    # What a signed-in editor saw (the user bar, say) was never kept for the others.
    client.logout()
    assert client.get("/ru/").content == anonymous.content


def test_a_feed_answers_if_modified_since_with_304(client, site_tree, briefing):
    url = site_tree["index"].url + "feed/rss/"
    feed = client.get(url)
    assert feed.status_code == 200 and feed["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=feed["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_the_api_keeps_one_answer_per_language(client, map_tree):
    IssueFactory(category=map_tree["services"], area=map_tree["city"])
    url = "/api/v1/map/issues.geojson?bbox=69.3,53.2,69.5,53.4&zoom=15"
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    kazakh = client.get(url, HTTP_ACCEPT_LANGUAGE="kk")
    assert russian["X-Page-Cache"] == kazakh["X-Page-Cache"] == "miss"
    assert "Accept-Language" in russian["Vary"]
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="kk")["X-Page-Cache"] == "hit"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="kk").content == kazakh.content


def test_on_redis_a_hit_is_read_in_one_round_trip_and_a_publish_ends_it(client, site_tree, settings):
    """The production cache: the page cache reads Redis directly (one MGET), as django-redis would."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/11",
            "KEY_PREFIX": f"test-page-cache-{uuid.uuid4().hex}",
        }
    }
    try:
        first = client.get("/ru/briefings/", HTTP_ACCEPT_ENCODING="gzip")
        again, count = queries(client, "/ru/briefings/", HTTP_ACCEPT_ENCODING="gzip")
        assert (first["X-Page-Cache"], again["X-Page-Cache"], count) == ("miss", "hit", 0)
        assert again.content == first.content and again["Content-Encoding"] == "gzip"
        site_tree["index"].save_revision().publish()
        assert client.get("/ru/briefings/", HTTP_ACCEPT_ENCODING="gzip")["X-Page-Cache"] == "miss"
    finally:
        cache.clear()


def test_pages_serve_while_the_cache_is_down(client, site_tree, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},  # as in production
        }
    }
    response = client.get("/ru/briefings/")
    assert response.status_code == 200 and "public" in cache_control(response)


def test_a_change_inside_a_transaction_bumps_the_generation_again_at_commit(
    db, django_capture_on_commit_callbacks
):
    """A reader between the change and the commit could keep the old page under the first bump."""
    start = cache.get(PAGE_GENERATION_KEY) or 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bump_content_generation()
        after_first = cache.get(PAGE_GENERATION_KEY)
    assert after_first > start
    for callback in callbacks:
        callback()
    assert cache.get(PAGE_GENERATION_KEY) > after_first


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A real HTTP server standing in for Varnish's PURGE handling: it records what it is asked."""

    seen = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.seen.append((self.path, self.headers.get("Host"), self.headers.get("X-Purge-Tag")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.seen = []
    settings.WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "portal.frontend_cache.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.seen
    server.shutdown()


def test_changes_purge_the_front_proxy_once_committed(
    site_tree, map_tree, front, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site_tree["index"].save_revision().publish()
        assert front == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert ("/", "localhost", None) in front

    front.clear()
    with django_capture_on_commit_callbacks(execute=True):
        IssueFactory(category=map_tree["services"], area=map_tree["city"])
    assert ("/", None, "issues") in {(path, None, tag) for path, _host, tag in front}
    assert not any(tag is None for _path, _host, tag in front)


def test_responses_that_show_issues_are_tagged(client, map_tree):
    IssueFactory(category=map_tree["services"], area=map_tree["city"])
    for url in (map_tree["map"].url, map_tree["object"].url, API, "/api/v1/open-data/fields.json"):
        assert client.get(url)["X-Cache-Tags"] == "issues", url
    assert "X-Cache-Tags" not in client.get("/ru/briefings/")
