"""Open data downloads: the rows are the published issues under each filter, with nothing private in them."""

import csv
import io
import json

import pytest
from django.utils import translation

from mapping.models import Anonymity, Issue, IssueStatus
from mapping.opendata.downloads import FIELD_NAMES
from tests.factories import AreaFactory, AuthorityFactory, IssueFactory, ReportFactory

pytestmark = pytest.mark.django_db
CSV_URL = "/api/v1/open-data/issues.csv"
GEOJSON_URL = "/api/v1/open-data/issues.geojson"
FIELDS_URL = "/api/v1/open-data/fields.json"


def body(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def csv_rows(client, **params):
    response = client.get(CSV_URL, params)
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    delimiter = "," if params.get("sep") == "comma" else ";"
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def features(client, **params):
    response = client.get(GEOJSON_URL, params)
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(body(response))
    assert data["type"] == "FeatureCollection"
    return data["features"]


@pytest.fixture
def issues(map_tree):
    """Published issues in two areas, three statuses and a sensitive category, plus unpublished ones."""
    services, corruption = map_tree["services"], map_tree["corruption"]
    city, other = map_tree["city"], map_tree["other"]
    made = {
        "city_registered": IssueFactory(category=services, area=city, authority=map_tree["authority"]),
        "city_in_progress": IssueFactory(category=services, area=city, status=IssueStatus.IN_PROGRESS),
        "other_resolved": IssueFactory(
            category=services,
            area=other,
            status=IssueStatus.RESOLVED,
            resolution="Отремонтировано.",
            location="SRID=4326;POINT(71.9000 52.3600)",
            address="г. Степногорск, ул. Ленина, 1",
        ),
        "sensitive": IssueFactory(
            category=corruption,
            area=other,
            location="SRID=4326;POINT(71.8712 52.3544)",
            address="г. Степногорск, мкр. 4, д. 17, кв. 9",
        ),
        "draft": IssueFactory(category=services, area=city, live=False),
    }
    # A report with personal data, linked to a published issue: none of it may leave the portal.
    ReportFactory(
        description="Взятку требовал инспектор, мой телефон для связи ниже.",
        anonymity=Anonymity.CONFIDENTIAL,
        name="Айгерим Сапарова",
        email="aigerim@example.kz",
        phone="+77011234567",
        issue=made["sensitive"],
    )
    return made


FILTERS = [
    ({}, Issue.objects.filter(live=True)),
    ({"status": "registered"}, Issue.objects.filter(live=True, status="registered")),
    (
        {"status": "registered,in_progress"},
        Issue.objects.filter(live=True, status__in=["registered", "in_progress"]),
    ),
    ({"category": "corruption"}, Issue.objects.filter(live=True, category__slug="corruption")),
    ({"area": "stepnogorsk"}, Issue.objects.filter(live=True, area__slug="stepnogorsk")),
    # A region includes its cities.
    ({"area": "akmola"}, Issue.objects.filter(live=True)),
    (
        {"area": "kokshetau", "status": "in_progress"},
        Issue.objects.filter(live=True, status="in_progress"),
    ),
    ({"bbox": "71,52,72,53"}, Issue.objects.filter(live=True, area__slug="stepnogorsk")),
    (
        {"bbox": "69,53,70,54", "category": "services"},
        Issue.objects.filter(live=True, area__slug="kokshetau"),
    ),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_csv_and_geojson_rows_are_the_published_issues_under_each_filter(client, issues, params, expected):
    wanted = sorted(expected.values_list("pk", flat=True))
    assert wanted, "each filter must select something"
    assert sorted(int(row["id"]) for row in csv_rows(client, **params)) == wanted
    assert sorted(feature["id"] for feature in features(client, **params)) == wanted
    assert issues["draft"].pk not in wanted


def test_the_csv_has_the_described_columns_and_opens_in_a_spreadsheet(client, issues):
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="issues-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert "Set-Cookie" not in response
    text = body(response).decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    assert header.split(";") == FIELD_NAMES
    row = next(r for r in csv_rows(client) if int(r["id"]) == issues["city_registered"].pk)
    assert row["title"] == issues["city_registered"].title
    assert row["status"] == "registered"
    with translation.override("ru"):
        assert row["status_label"] == str(IssueStatus.REGISTERED.label)
    assert row["category"] == "services"
    assert row["category_name"] == "Госуслуги"
    assert row["area_name"] == "Кокшетау"
    assert row["authority"] == "ЦОН"
    assert row["registered_on"] == "2025-03-03"
    assert row["closed"] == "false"
    assert row["latitude"] == "53.28" and row["longitude"] == "69.39"
    assert row["url"] == f"http://testserver/ru/map/issues/{issues['city_registered'].pk}/"
    comma = csv_rows(client, sep="comma")
    assert len(comma) == Issue.objects.filter(live=True).count()


def test_labels_follow_the_lang_parameter(client, issues):
    row = next(r for r in csv_rows(client, lang="en") if int(r["id"]) == issues["other_resolved"].pk)
    assert row["status_label"] == "Resolved"
    assert row["closed"] == "true"
    assert row["resolved_on"]
    assert row["url"].startswith("http://testserver/ru/map/issues/")  # no English map page: the Russian one


def test_sensitive_issues_are_exported_at_area_level_without_address(client, issues, map_tree):
    sensitive = issues["sensitive"]
    other = map_tree["other"]
    row = next(r for r in csv_rows(client) if int(r["id"]) == sensitive.pk)
    assert (float(row["latitude"]), float(row["longitude"])) == (
        other.centre_latitude,
        other.centre_longitude,
    )
    assert row["address"] == ""
    assert row["sensitive"] == "true"
    feature = next(f for f in features(client) if f["id"] == sensitive.pk)
    assert feature["geometry"]["coordinates"] == [other.centre_longitude, other.centre_latitude]
    assert feature["properties"]["address"] == ""
    # The plain issue keeps its point and address.
    plain = next(f for f in features(client) if f["id"] == issues["other_resolved"].pk)
    assert plain["geometry"]["coordinates"] == [71.9, 52.36]
    assert plain["properties"]["address"] == "г. Степногорск, ул. Ленина, 1"


def test_no_personal_data_or_exact_sensitive_point_in_any_download(client, issues):
    downloads = [
        body(client.get(CSV_URL)).decode("utf-8-sig"),
        body(client.get(CSV_URL, {"sep": "comma", "lang": "en"})).decode("utf-8-sig"),
        body(client.get(GEOJSON_URL)).decode(),
        body(client.get(GEOJSON_URL, {"category": "corruption"})).decode(),
    ]
    for text in downloads:
        for secret in (
            "Айгерим",
            "aigerim@example.kz",
            "7011234567",
            "Взятку требовал",
            "кв. 9",
            "71.8712",
            "52.3544",
        ):
            assert secret not in text


def test_geojson_features_carry_every_described_field(client, issues):
    feature = next(f for f in features(client) if f["id"] == issues["city_registered"].pk)
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [69.39, 53.28]}
    assert set(feature["properties"]) == set(FIELD_NAMES) - {"latitude", "longitude"}
    assert feature["properties"]["overdue"] is True  # registered in March 2025, never closed


def test_an_issue_without_a_position_has_a_null_geometry(client, map_tree):
    area = AreaFactory(slug="nowhere", parent=map_tree["region"], centre_latitude=None, centre_longitude=None)
    issue = IssueFactory(category=map_tree["services"], area=area, location="")
    (feature,) = features(client)
    assert feature["id"] == issue.pk and feature["geometry"] is None
    (row,) = csv_rows(client)
    assert row["latitude"] == "" and row["longitude"] == ""


def test_text_that_a_spreadsheet_would_run_is_quoted(client, map_tree):
    IssueFactory(category=map_tree["services"], area=map_tree["city"], title='=HYPERLINK("http://x","y")')
    (row,) = csv_rows(client)
    assert row["title"] == '\'=HYPERLINK("http://x","y")'
    (feature,) = features(client)
    assert feature["properties"]["title"] == '=HYPERLINK("http://x","y")'


def test_an_authority_name_follows_its_translation(client, map_tree):
    from wagtail.models import Locale

    authority = AuthorityFactory(name="Акимат", slug="akimat")
    english = authority.copy_for_translation(Locale.objects.get(language_code="en"))
    english.name = "Akimat"
    english.save()
    IssueFactory(category=map_tree["services"], area=map_tree["city"], authority=authority)
    (row,) = csv_rows(client, lang="en")
    assert row["authority"] == "Akimat"
    (row,) = csv_rows(client, lang="ru")
    assert row["authority"] == "Акимат"


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"category": "nope"},
        {"area": "atlantis"},
        {"period": "13"},
        {"bbox": "1,2,3"},
        {"bbox": "72,52,71,53"},
        {"bbox": "a,b,c,d"},
        {"object": "x"},
        {"status": "x" * 2000},
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, map_tree, params):
    for url in (CSV_URL, GEOJSON_URL):
        response = client.get(url, params)
        assert response.status_code == 400
        assert response.json()["error"]


def test_a_bad_separator_is_refused(client, map_tree):
    response = client.get(CSV_URL, {"sep": "tab"})
    assert response.status_code == 400
    assert "semicolon" in response.json()["error"]


def test_bad_parameters_are_explained_in_the_requested_language(client, map_tree):
    response = client.get(CSV_URL, {"status": "lost", "lang": "en"})
    assert response.json()["error"] == "Unknown status: lost."


def test_downloads_only_answer_get(client, map_tree):
    assert client.post(CSV_URL).status_code == 405
    assert client.post(GEOJSON_URL).status_code == 405


def test_the_field_description_lists_every_column_in_order(client, map_tree):
    response = client.get(FIELDS_URL, {"lang": "en"})
    assert response.status_code == 200
    data = response.json()
    fields = data["schema"]["fields"]
    assert [field["name"] for field in fields] == FIELD_NAMES
    for field in fields:
        assert field["type"] in {"integer", "string", "boolean", "date", "number"}
        assert field["title"] and field["description"]
    assert data["schema"]["primaryKey"] == "id"
    assert {resource["format"] for resource in data["resources"]} == {"csv", "geojson"}
    by_name = {field["name"]: field for field in fields}
    assert set(by_name["status"]["constraints"]["enum"]) == set(IssueStatus.values)
    assert "sensitive" in by_name["address"]["description"]


def test_a_download_reads_the_database_in_a_fixed_number_of_queries(
    client, map_tree, django_assert_max_num_queries
):
    for _ in range(30):
        IssueFactory(category=map_tree["services"], area=map_tree["city"], authority=map_tree["authority"])
    body(client.get(CSV_URL))  # warm the reference cache
    with django_assert_max_num_queries(3):
        assert len(body(client.get(CSV_URL)).splitlines()) == 31
    with django_assert_max_num_queries(3):
        body(client.get(GEOJSON_URL))


def test_the_map_page_links_to_downloads_of_the_issues_it_lists(client, issues, map_tree):
    import html
    import re

    page = client.get(map_tree["map"].url, {"area": "kokshetau", "status": "in_progress"}).content.decode()
    links = {html.unescape(href) for href in re.findall(r'href="(/api/v1/open-data/[^"]+)"', page)}
    csv_link = next(link for link in links if link.startswith(CSV_URL))
    geojson_link = next(link for link in links if link.startswith(GEOJSON_URL))
    assert any(link.startswith(FIELDS_URL) for link in links)
    for link in (csv_link, geojson_link):
        assert "area=kokshetau" in link and "status=in_progress" in link and "lang=ru" in link
    rows = list(csv.DictReader(io.StringIO(body(client.get(csv_link)).decode("utf-8-sig")), delimiter=";"))
    assert [int(row["id"]) for row in rows] == [issues["city_in_progress"].pk]
    assert [f["id"] for f in json.loads(body(client.get(geojson_link)))["features"]] == [
        issues["city_in_progress"].pk
    ]
