"""Open311 GeoReport v2: every answer against the spec's fields, reading with filters and pages, and
posting a report with a partner's key, from the key checks to the triage queue and back as a request."""

import datetime
import http.server
import io
import threading
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from PIL import Image

from mapping.models import Anonymity, Issue, IssueStatus, PartnerApiKey, Report, SourceChannel
from mapping.open311.views import MAX_PAGE_SIZE
from tests.approval import approve
from tests.factories import IssueFactory, IssuePhotoFactory, IssueUpdateFactory, PartnerApiKeyFactory

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"

# The spec's fields of each kind of answer, with the JSON types a value may have.
SERVICE_FIELDS = {
    "service_code": (str,),
    "service_name": (str,),
    "description": (str,),
    "metadata": (bool,),
    "type": (str,),
    "keywords": (str,),
    "group": (str,),
}
REQUEST_FIELDS = {
    "service_request_id": (int,),
    "status": (str,),
    "status_notes": (str, type(None)),
    "service_name": (str,),
    "service_code": (str,),
    "description": (str,),
    "agency_responsible": (str, type(None)),
    "service_notice": (str, type(None)),
    "requested_datetime": (str,),
    "updated_datetime": (str,),
    "expected_datetime": (str, type(None)),
    "address": (str,),
    "address_id": (str, type(None)),
    "zipcode": (str, type(None)),
    "lat": (float, type(None)),
    "long": (float, type(None)),
    "media_url": (str, type(None)),
}
TOKEN_FIELDS = {"token": (str,), "service_request_id": (int, type(None))}
ERROR_FIELDS = {"code": (int,), "description": (str,)}


def check(items, fields):
    """Each item has exactly the spec's fields, each of an allowed type."""
    assert isinstance(items, list)
    for item in items:
        assert set(item) == set(fields), set(item) ^ set(fields)
        for name, types in fields.items():
            assert isinstance(item[name], types), (name, item[name])
    return items


def check_datetime(value):
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.utcoffset() is not None, value


def check_errors(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    errors = check(response.json(), ERROR_FIELDS)
    assert errors and all(error["code"] == status and error["description"] for error in errors)
    return [error["description"] for error in errors]


def jpeg_bytes(size=(640, 480)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 40, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_march_2025(monkeypatch):
    """requests.json lists the last 90 days by default: the issues here, of early 2025, are read on
    31 March 2025 (tests/test_open311_clients.py tests the window itself)."""
    monkeypatch.setattr("mapping.open311.reading.local_today", lambda: datetime.date(2025, 3, 31))


@pytest.fixture
def partner():
    return PartnerApiKeyFactory(name="Городское приложение", contact_email="dev@example.kz")


@pytest.fixture
def issues(map_tree):
    services, corruption = map_tree["services"], map_tree["corruption"]
    made = {
        "open": IssueFactory(
            category=services,
            area=map_tree["city"],
            authority=map_tree["authority"],
            address="г. Кокшетау, ул. Абая, 10",
            registered_on=datetime.date(2025, 3, 3),
        ),
        "closed": IssueFactory(
            category=services,
            area=map_tree["city"],
            status=IssueStatus.RESOLVED,
            resolution="Освещение восстановлено.",
            registered_on=datetime.date(2025, 2, 10),
        ),
        "sensitive": IssueFactory(
            category=corruption,
            area=map_tree["other"],
            location="SRID=4326;POINT(71.8712 52.3544)",
            address="г. Степногорск, мкр. 4, д. 17",
            registered_on=datetime.date(2025, 1, 15),
        ),
        "draft": IssueFactory(category=services, area=map_tree["city"], live=False),
    }
    IssueUpdateFactory(
        issue=made["open"], date=datetime.date(2025, 3, 5), status="forwarded", note="Передано в акимат."
    )
    IssueUpdateFactory(
        issue=made["open"], date=datetime.date(2025, 3, 7), status="in_progress", note="Ремонт начат."
    )
    return made


# Services -----------------------------------------------------------------------------------------------


def test_services_are_the_categories(client, map_tree):
    response = client.get(BASE + "services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    services = check(response.json(), SERVICE_FIELDS)
    by_code = {service["service_code"]: service for service in services}
    assert set(by_code) == {"services", "corruption"}
    assert by_code["services"]["service_name"] == "Госуслуги"
    assert by_code["services"]["metadata"] is False
    assert by_code["services"]["type"] == "realtime"
    assert "Set-Cookie" not in response


def test_services_are_named_in_the_requested_language(client, map_tree):
    from wagtail.models import Locale

    english = map_tree["services"].copy_for_translation(Locale.objects.get(language_code="en"))
    english.name = "Public services"
    english.description = "Queues, refusals, fees"
    english.save()
    services = client.get(BASE + "services.json", {"lang": "en"}).json()
    service = next(s for s in services if s["service_code"] == "services")
    assert service["service_name"] == "Public services"
    assert service["description"] == "Queues, refusals, fees"


def test_service_definition(client, map_tree):
    response = client.get(BASE + "services/services.json")
    assert response.status_code == 200
    assert response.json() == {"service_code": "services", "attributes": []}
    assert check_errors(client.get(BASE + "services/unknown.json"), 404)


# Reading requests --------------------------------------------------------------------------------------


def test_requests_are_the_published_issues_newest_first(client, issues, map_tree):
    response = client.get(BASE + "requests.json")
    assert response.status_code == 200
    items = check(response.json(), REQUEST_FIELDS)
    assert [item["service_request_id"] for item in items] == [
        issues["open"].pk,
        issues["closed"].pk,
        issues["sensitive"].pk,
    ]
    first = items[0]
    assert first["status"] == "open"
    assert first["status_notes"] == "Ремонт начат."
    assert first["service_code"] == "services" and first["service_name"] == "Госуслуги"
    assert first["agency_responsible"] == "ЦОН"
    assert first["address"] == "г. Кокшетау, ул. Абая, 10"
    assert (first["lat"], first["long"]) == (53.28, 69.39)
    assert first["requested_datetime"] == "2025-03-03T00:00:00+05:00"
    for item in items:
        check_datetime(item["requested_datetime"])
        check_datetime(item["updated_datetime"])
        check_datetime(item["expected_datetime"])
    assert items[1]["status"] == "closed"
    assert "Set-Cookie" not in response


def test_a_sensitive_request_is_at_its_area_without_address(client, issues, map_tree):
    item = client.get(BASE + f"requests/{issues['sensitive'].pk}.json").json()[0]
    assert (item["lat"], item["long"]) == (
        map_tree["other"].centre_latitude,
        map_tree["other"].centre_longitude,
    )
    assert item["address"] == ""
    assert item["media_url"] is None


def test_one_request(client, issues):
    response = client.get(BASE + f"requests/{issues['open'].pk}.json")
    assert response.status_code == 200
    (item,) = check(response.json(), REQUEST_FIELDS)
    assert item["service_request_id"] == issues["open"].pk
    assert check_errors(client.get(BASE + f"requests/{issues['draft'].pk}.json"), 404)
    assert check_errors(client.get(BASE + "requests/999999.json"), 404)


def ids(client, **params):
    response = client.get(BASE + "requests.json", params)
    assert response.status_code == 200, response.content
    return [item["service_request_id"] for item in check(response.json(), REQUEST_FIELDS)]


def test_request_filters(client, issues):
    open_, closed, sensitive = issues["open"].pk, issues["closed"].pk, issues["sensitive"].pk
    assert ids(client, status="open") == [open_, sensitive]
    assert ids(client, status="closed") == [closed]
    assert ids(client, status="open,closed") == [open_, closed, sensitive]
    assert ids(client, service_code="corruption") == [sensitive]
    assert ids(client, service_code="corruption,services", status="closed") == [closed]
    assert ids(client, start_date="2025-02-01T00:00:00+05:00") == [open_, closed]
    assert ids(client, start_date="2025-02-10T00:00:00+05:00", end_date="2025-02-10T00:00:00+05:00") == [
        closed
    ]
    # 2025-02-10 00:00 in Kokshetau is 2025-02-09 19:00 UTC: the same instant.
    assert ids(client, start_date="2025-02-09T19:00:00Z", end_date="2025-02-28T23:59:59Z") == [closed]
    # A start later in the day of a registration leaves that day out.
    assert ids(client, start_date="2025-02-10T09:00:00+05:00") == [open_]
    assert ids(client, end_date="2025-01-31") == [sensitive]
    # With service_request_id the other filters do not apply (the spec).
    assert ids(client, service_request_id=f"{closed},{sensitive}", status="open") == [closed, sensitive]
    assert ids(client, service_request_id=str(issues["draft"].pk)) == []


def test_paging(client, map_tree):
    made = [IssueFactory(category=map_tree["services"], area=map_tree["city"]) for _ in range(7)]
    newest_first = [issue.pk for issue in sorted(made, key=lambda issue: -issue.pk)]
    assert ids(client, page_size=3) == newest_first[:3]
    assert ids(client, page_size=3, page=2) == newest_first[3:6]
    assert ids(client, page_size=3, page=3) == newest_first[6:]
    assert ids(client, page_size=3, page=4) == []
    assert ids(client) == newest_first  # the default page holds 50
    assert len(ids(client, page_size=MAX_PAGE_SIZE)) == 7


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"page_size": "1001"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "-1"}, "page"),
        ({"page": "two"}, "page"),
        ({"status": "pending"}, "status"),
        ({"service_code": "unknown"}, "service_code"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2025-13-40"}, "end_date"),
        ({"start_date": "2025-03-01", "end_date": "2025-02-01"}, "start_date"),
        ({"service_request_id": "1,x"}, "service_request_id"),
        ({"service_request_id": ",".join(str(n) for n in range(1200))}, "service_request_id"),
    ],
)
def test_bad_parameters_answer_400_in_the_error_format(client, map_tree, params, words):
    (description,) = check_errors(client.get(BASE + "requests.json", params), 400)
    assert words in description


@pytest.mark.usefixtures("page_cache_off")
def test_requests_read_in_a_fixed_number_of_queries(client, map_tree, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            issue = IssueFactory(
                category=map_tree["services"], area=map_tree["city"], authority=map_tree["authority"]
            )
            IssueUpdateFactory(issue=issue, date=issue.registered_on, status="forwarded", note="Передано.")
            IssuePhotoFactory(issue=issue, alt_text="Фото")

    def queries():
        client.get(BASE + "requests.json", {"page_size": 100})  # renditions made, caches warm
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            response = client.get(BASE + "requests.json", {"page_size": 100})
        assert all(item["media_url"] for item in response.json())
        return len(context.captured_queries), len(response.json())

    add(3)
    small, count = queries()
    assert count == 3
    add(20)
    large, count = queries()
    assert count == 23
    assert small == large <= 5


def test_media_url_is_an_absolute_rendition_url(client, map_tree):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"])
    IssuePhotoFactory(issue=issue, alt_text="Фото")
    item = client.get(BASE + f"requests/{issue.pk}.json").json()[0]
    assert item["media_url"].startswith("http://testserver/media/images/")
    assert client.get(item["media_url"].removeprefix("http://testserver")).status_code in {200, 404}


def test_xml_answers_mirror_the_json_ones(client, issues):
    response = client.get(BASE + "requests.xml", {"status": "open"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    requests = root.findall("request")
    assert [int(r.findtext("service_request_id")) for r in requests] == [
        issues["open"].pk,
        issues["sensitive"].pk,
    ]
    assert {child.tag for child in requests[0]} == set(REQUEST_FIELDS)
    services = ET.fromstring(client.get(BASE + "services.xml").content)
    assert services.tag == "services" and services.find("service/metadata").text == "false"
    errors = ET.fromstring(client.get(BASE + "requests.xml", {"status": "x"}).content)
    assert errors.tag == "errors" and errors.findtext("error/code") == "400"
    definition = ET.fromstring(client.get(BASE + "services/services.xml").content)
    assert definition.tag == "service_definition" and definition.findtext("service_code") == "services"


def test_other_methods_answer_405_in_the_error_format(client, map_tree):
    response = client.put(BASE + "requests.json")
    check_errors(response, 405)
    assert "POST" in response["Allow"]
    check_errors(client.post(BASE + "services.json"), 405)


# Posting requests ---------------------------------------------------------------------------------------


def post(client, **fields):
    return client.post(BASE + "requests.json", fields)


def valid_fields(partner, **overrides):
    fields = {
        "api_key": partner.raw_key,
        "service_code": "services",
        "lat": "53.2871",
        "long": "69.3912",
        "description": "В ЦОН № 2 третий день не работает электронная очередь, люди стоят с утра.",
    }
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value is not None}


def test_post_without_a_key_is_refused(client, map_tree):
    (description,) = check_errors(
        post(client, service_code="services", description="x" * 30, lat="53.28", long="69.39"), 403
    )
    assert "api_key" in description
    assert not Report.objects.exists()


def test_post_with_a_bad_or_withdrawn_key_is_refused(client, map_tree, partner):
    check_errors(post(client, **valid_fields(partner, api_key="not-a-key")), 403)
    PartnerApiKey.objects.filter(pk=partner.pk).update(active=False)
    check_errors(post(client, **valid_fields(partner)), 403)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"service_code": None}, "service_code"),
        ({"service_code": "potholes"}, "service_code"),
        ({"description": "Коротко."}, "description"),
        ({"description": None}, "description"),
        ({"lat": None, "long": None}, "lat"),
        ({"lat": "north", "long": "69.39"}, "lat"),
        ({"lat": "48.85", "long": "2.35"}, "lat, long"),  # Paris is outside the area we serve
        ({"email": "not-an-address"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"first_name": "А" * 200}, "first_name"),
        ({"media_url": "http://photos.example.com/a.jpg"}, "media_url"),
        ({"media_url": "file:///etc/passwd"}, "media_url"),
    ],
)
def test_post_with_bad_fields_answers_400(client, map_tree, partner, overrides, words):
    descriptions = check_errors(post(client, **valid_fields(partner, **overrides)), 400)
    assert any(words in description for description in descriptions), descriptions
    assert not Report.objects.exists()


def test_a_valid_post_creates_an_anonymous_report_in_the_queue(client, map_tree, partner):
    response = post(client, **valid_fields(partner))
    assert response.status_code == 201, response.content
    (answer,) = check(response.json(), {"token": (str,)})
    report = Report.objects.get()
    assert answer["token"] == report.display_code
    assert report.state == "new"
    assert report.channel == SourceChannel.APP
    assert report.partner == partner
    assert report.category == map_tree["services"]
    assert (report.latitude, report.longitude) == (53.2871, 69.3912)
    assert report.anonymity == Anonymity.ANONYMOUS
    assert not report.has_contacts and report.consent_at is None
    assert "Set-Cookie" not in response
    partner.refresh_from_db()
    assert partner.last_used_at is not None


def test_contacts_make_a_confidential_report_with_the_partner_s_attested_consent(client, map_tree, partner):
    response = post(
        client,
        **valid_fields(
            partner,
            lat=None,
            long=None,
            address_string="г. Кокшетау, ул. Абая, 96",
            first_name="Айгерим",
            last_name="Сапарова",
            email="aigerim@example.kz",
            phone="8 701 234 56 78",
        ),
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.anonymity == Anonymity.CONFIDENTIAL
    assert report.name == "Айгерим Сапарова"
    assert report.email == "aigerim@example.kz"
    assert report.phone == "+77012345678"
    assert report.consent_at is not None
    assert report.address == "г. Кокшетау, ул. Абая, 96"


def test_a_post_sent_again_with_its_idempotency_key_is_one_report(client, map_tree, partner):
    fields = valid_fields(partner, idempotency_key="crm-2026-000187")
    first = post(client, **fields).json()[0]["token"]
    second = post(client, **fields).json()[0]["token"]
    assert first == second
    assert Report.objects.count() == 1
    # The key as the HTTP header does the same.
    header = client.post(
        BASE + "requests.json", valid_fields(partner), HTTP_IDEMPOTENCY_KEY="crm-2026-000187"
    ).json()
    assert header[0]["token"] == first and Report.objects.count() == 1


def test_without_a_key_every_post_is_a_new_report(client, map_tree, partner):
    """Tokens are never derived from content: nobody who knows a post in advance can claim its token."""
    first = post(client, **valid_fields(partner)).json()[0]["token"]
    second = post(client, **valid_fields(partner)).json()[0]["token"]
    assert first != second
    assert Report.objects.count() == 2
    assert set(Report.objects.values_list("idempotency_token", flat=True)) == {None}


def test_the_same_key_with_other_content_is_refused_not_dropped(client, map_tree, partner):
    post(client, **valid_fields(partner, idempotency_key="crm-2026-000188"))
    changed = valid_fields(
        partner, idempotency_key="crm-2026-000188", description="Другое сообщение о другой очереди в ЦОН."
    )
    (message,) = check_errors(post(client, **changed), 409)
    assert "idempotency_key" in message
    assert Report.objects.count() == 1


def test_keys_are_per_partner(client, map_tree, partner):
    other = PartnerApiKeyFactory(name="Другой партнёр", contact_email="other@example.kz")
    post(client, **valid_fields(partner, idempotency_key="shared-key-0001"))
    theirs = post(client, **valid_fields(other, idempotency_key="shared-key-0001"))
    assert theirs.status_code == 201
    assert Report.objects.count() == 2
    tokens = set(Report.objects.values_list("idempotency_token", flat=True))
    assert {token.split(":")[1] for token in tokens} == {str(partner.pk), str(other.pk)}
    assert all(token.startswith("open311:") and "shared-key" not in token for token in tokens)


@pytest.mark.parametrize("key", ["short", "x" * 101, "ключ-партнёра-1", "has space in it"])
def test_a_malformed_key_is_refused(client, map_tree, partner, key):
    (message,) = check_errors(post(client, **valid_fields(partner, idempotency_key=key)), 400)
    assert "idempotency_key" in message
    assert not Report.objects.exists()


def test_posts_are_rate_limited_per_key_and_per_address(client, map_tree, partner, settings):
    settings.OPEN311_RATE_LIMIT = "2/h"
    for number in range(2):
        description = f"Сообщение номер {number}: не работает электронная очередь в ЦОН."
        assert post(client, **valid_fields(partner, description=description)).status_code == 201
    (message,) = check_errors(
        post(client, **valid_fields(partner, description="Третье сообщение подряд о ЦОН.")), 429
    )
    assert message
    cache.clear()
    # Another address, the same key: the key's own limit still holds.
    settings.OPEN311_RATE_LIMIT = "2/h"
    for number in range(2):
        description = f"Ещё сообщение {number} о работе электронной очереди в ЦОН."
        response = client.post(
            BASE + "requests.json",
            valid_fields(partner, description=description),
            REMOTE_ADDR=f"10.0.0.{number}",
        )
        assert response.status_code == 201
    response = client.post(
        BASE + "requests.json",
        valid_fields(partner, description="И ещё одно, с нового адреса, о ЦОН."),
        REMOTE_ADDR="10.0.0.9",
    )
    check_errors(response, 429)
    assert Report.objects.count() == 4


# Photos by media_url ------------------------------------------------------------------------------------


class PhotoHandler(http.server.BaseHTTPRequestHandler):
    photo = jpeg_bytes()

    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path == "/photo.jpg":
            self.reply(200, self.photo, "image/jpeg")
        elif self.path == "/not-a-photo.jpg":
            self.reply(200, b"<html>not an image</html>", "image/jpeg")
        elif self.path == "/elsewhere.jpg":
            self.send_response(302)
            self.send_header("Location", "http://photos.example.com/photo.jpg")
            self.end_headers()
        elif self.path == "/huge.jpg":
            self.send_response(200)
            self.send_header("Content-Length", str(11 * 1024 * 1024))
            self.end_headers()
        else:
            self.reply(404, b"missing", "text/plain")

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def photo_server(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PhotoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OPEN311_MEDIA_HOSTS = ["127.0.0.1"]
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_photo_from_an_allowed_host_is_fetched_checked_and_reencoded(
    client, map_tree, partner, photo_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, **valid_fields(partner, media_url=photo_server + "/photo.jpg"))
    assert response.status_code == 201, response.content
    (photo,) = Report.objects.get().photos.all()
    assert (photo.width, photo.height) == (640, 480)
    with photo.file.open("rb") as stored:
        assert stored.read(2) == b"\xff\xd8"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/not-a-photo.jpg", "not a photo"),
        ("/elsewhere.jpg", "could not be fetched"),
        ("/missing.jpg", "could not be fetched"),
        ("/huge.jpg", "larger than"),
    ],
)
def test_a_bad_photo_from_an_allowed_host_is_refused(client, map_tree, partner, photo_server, path, words):
    response = client.post(
        BASE + "requests.json?lang=en", valid_fields(partner, media_url=photo_server + path)
    )
    descriptions = check_errors(response, 400)
    assert any(words in description for description in descriptions), descriptions
    assert not Report.objects.exists()


def test_media_from_a_host_not_allowed_is_refused_without_fetching(
    client, map_tree, partner, photo_server, settings
):
    settings.OPEN311_MEDIA_HOSTS = []
    descriptions = check_errors(
        post(client, **valid_fields(partner, media_url=photo_server + "/photo.jpg")), 400
    )
    assert "127.0.0.1" in descriptions[0]


# Tokens and the round trip -------------------------------------------------------------------------------


def test_an_unknown_token_is_404(client, map_tree):
    check_errors(client.get(BASE + "tokens/0000-0000-0000-0000.json"), 404)
    check_errors(client.get(BASE + "tokens/nonsense.json"), 404)


def test_round_trip_from_post_to_triage_queue_to_public_request(
    client, admin_client, map_tree, partner, supervisor
):
    token = post(client, **valid_fields(partner)).json()[0]["token"]
    (answer,) = check(client.get(BASE + f"tokens/{token}.json").json(), TOKEN_FIELDS)
    assert answer == {"token": token, "service_request_id": None}

    queue = admin_client.get("/admin/snippets/mapping/report/", {"state": "new"})
    assert queue.status_code == 200
    report = Report.objects.get()
    assert report.display_code in queue.content.decode()

    # Staff publish it from the report's "Create a public issue" action: the report is linked and accepted.
    response = admin_client.post(
        f"/admin/snippets/mapping/report/publish/{report.pk}/",
        {
            "title": "Не работает электронная очередь в ЦОН № 2",
            "description": report.description,
            "category": report.category.pk,
            "area": map_tree["city"].pk,
            "authority": map_tree["authority"].pk,
            "latitude": report.latitude,
            "longitude": report.longitude,
            "submit": "on",
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get(title="Не работает электронная очередь в ЦОН № 2")
    report.refresh_from_db()
    assert report.issue == issue and report.state == "accepted" and not issue.published
    # Public once a second person approves it.
    issue = approve(issue, supervisor)
    assert issue.published

    listed = ids(client, service_code="services")
    assert issue.pk in listed
    (answer,) = check(client.get(BASE + f"tokens/{token}.json").json(), TOKEN_FIELDS)
    assert answer == {"token": token, "service_request_id": issue.pk}
    (item,) = client.get(BASE + f"requests/{issue.pk}.json").json()
    assert item["status"] == "open"
    assert item["description"] == report.description
    # Tokens are read forgivingly, like the tracking code on the status page.
    assert client.get(BASE + f"tokens/{token.replace('-', '').lower()}.json").json() == [answer]


# Partner keys in the admin ------------------------------------------------------------------------------

KEYS = "/admin/snippets/mapping/partnerapikey/"


def shown_key(response):
    html = response.content.decode()
    marker = 'id="partner-api-key" type="text" readonly value="'
    assert marker in html
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_staff_issue_a_key_that_is_shown_once_and_works(client, admin_client, map_tree):
    response = admin_client.post(
        KEYS + "add/", {"name": "Newsroom", "contact_email": "data@news.kz", "active": "on"}
    )
    assert response.status_code == 200, response.content[:2000]
    assert "no-store" in response["Cache-Control"]
    raw_key = shown_key(response)
    partner = PartnerApiKey.objects.get(name="Newsroom")
    assert raw_key.startswith(partner.prefix) and len(raw_key) > 40
    assert raw_key not in partner.key_hash
    # Never again: not in the list, the edit form or the inspect view.
    for url in (KEYS, f"{KEYS}edit/{partner.pk}/", f"{KEYS}inspect/{partner.pk}/"):
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert raw_key not in page.content.decode(), url
    assert partner.prefix in admin_client.get(KEYS).content.decode()
    partner.raw_key = raw_key
    assert post(client, **valid_fields(partner)).status_code == 201


def test_a_new_key_replaces_the_old_one(client, admin_client, map_tree, partner):
    old_key = partner.raw_key
    confirm = admin_client.get(f"{KEYS}new-key/{partner.pk}/")
    assert confirm.status_code == 200
    assert partner.prefix in confirm.content.decode()
    new_key = shown_key(admin_client.post(f"{KEYS}new-key/{partner.pk}/"))
    assert new_key != old_key
    check_errors(post(client, **valid_fields(partner)), 403)
    partner.raw_key = new_key
    assert post(client, **valid_fields(partner)).status_code == 201


def test_only_staff_allowed_to_change_keys_may_issue_them(client, django_user_model, partner):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user("editor", "e@example.kz", "pass-123456-xyz")
    group = Group.objects.create(name="Editors without keys")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "view_partnerapikey"]))
    user.groups.add(group)
    client.force_login(user)
    assert client.post(f"{KEYS}new-key/{partner.pk}/").status_code in {302, 403}
    assert client.get(f"{KEYS}add/").status_code in {302, 403}
    assert PartnerApiKey.authenticate(partner.raw_key) is not None


def test_partners_post_without_a_csrf_token_or_cookie(map_tree, partner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(BASE + "requests.json", valid_fields(partner))
    assert response.status_code == 201, response.content
    assert not response.cookies


def test_discovery_names_the_endpoint_and_its_formats(client, map_tree):
    data = client.get(BASE + "discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    datetime.datetime.fromisoformat(endpoint["changeset"])
    services = client.get(endpoint["url"].removeprefix("http://testserver") + "/services.json")
    assert services.status_code == 200
    root = ET.fromstring(client.get(BASE + "discovery.xml").content)
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == endpoint["formats"]
