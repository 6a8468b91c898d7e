"""The map API: its parameters, hostile ones included, features, clusters, caching headers."""

import math
import random

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mapping.generations import MAP_GENERATION
from mapping.map.api import MAX_FEATURES, parse_viewport
from mapping.map.filters import FilterError
from mapping.models import Issue
from portal.cache import bump_generation
from tests.factories import IssueFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/map/issues.geojson"
KZ = "46,40,88,56"


def get(client, **params):
    return client.get(URL, params)


def published_in(box):
    """The published issues in a box (west, south, east, north), its west and south edges included, as the
    API counts them: what the answers are checked against."""
    west, south, east, north = box
    return Issue.objects.published().filter(
        map_longitude__gte=west, map_longitude__lt=east, map_latitude__gte=south, map_latitude__lt=north
    )


def bulk_issues(tree, count, seed=1, **fields):
    """Many published issues at random points around Kokshetau, saved without per-object signals."""
    rng = random.Random(seed)
    issues = []
    for n in range(count):
        lat, lon = 53.0 + rng.random(), 69.0 + rng.random()
        issue = Issue(
            title=f"Массовая проблема {n}",
            description="…",
            category=tree["services"],
            area=tree["city"],
            location=f"SRID=4326;POINT({lon} {lat})",
            latitude=lat,
            longitude=lon,
            map_latitude=lat,
            map_longitude=lon,
            live=True,
            registered_on="2025-03-03",
            due_on="2025-03-24",
            status=rng.choice(["registered", "forwarded", "in_progress"]),
            **fields,
        )
        issues.append(issue)
    Issue.objects.bulk_create(issues)


def test_issue_features_have_the_stable_properties(client, map_tree):
    issue = IssueFactory(
        category=map_tree["services"], area=map_tree["city"], problem_object=map_tree["object"]
    )
    response = get(client, bbox=KZ, zoom=5)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [69.39, 53.28]}
    assert {
        "id",
        "title",
        "status",
        "status_label",
        "category",
        "url",
        "registered",
        "due",
        "overdue",
    } <= set(feature["properties"])
    assert feature["properties"]["category_name"] == "Госуслуги"
    assert feature["properties"]["id"] == issue.pk
    assert feature["properties"]["category"] == "services"
    assert feature["properties"]["url"] == f"/ru/map/issues/{issue.pk}/"
    assert client.get(feature["properties"]["url"]).status_code == 200


def test_the_object_filter_keeps_an_object_s_issues(client, map_tree):
    own = IssueFactory(
        category=map_tree["services"], area=map_tree["city"], problem_object=map_tree["object"]
    )
    IssueFactory(category=map_tree["services"], area=map_tree["city"])
    features = get(client, bbox=KZ, zoom=5, object=map_tree["object"].pk).json()["features"]
    assert [f["properties"]["id"] for f in features] == [own.pk]
    assert get(client, bbox=KZ, zoom=5, object="x1").status_code == 400


def test_only_published_issues_are_served(client, map_tree):
    IssueFactory(category=map_tree["services"], area=map_tree["city"], live=False, title="Черновик")
    assert get(client, bbox=KZ, zoom=5).json()["features"] == []


def test_the_box_and_the_filters_select_issues(client, map_tree):
    inside = IssueFactory(
        category=map_tree["services"], area=map_tree["city"], status="resolved", resolution="ok"
    )
    IssueFactory(category=map_tree["services"], area=map_tree["city"], location="SRID=4326;POINT(71.4 51.1)")
    ids = lambda r: {f["properties"]["id"] for f in r.json()["features"]}  # noqa: E731
    assert ids(get(client, bbox="69,53,70,54", zoom=10)) == {inside.pk}
    assert ids(get(client, bbox=KZ, zoom=5, status="resolved")) == {inside.pk}
    assert len(ids(get(client, bbox=KZ, zoom=5, status="resolved,registered"))) == 2
    # An area takes its parts with it: the region holds the city's issues.
    assert len(ids(get(client, bbox=KZ, zoom=5, area="akmola"))) == 2
    assert ids(get(client, bbox=KZ, zoom=5, area="stepnogorsk")) == set()
    assert len(ids(get(client, bbox=KZ, zoom=5, category="services"))) == 2


def test_sensitive_issues_are_only_at_their_area_centre(client, map_tree):
    IssueFactory(category=map_tree["corruption"], area=map_tree["other"])
    # The real point (near Kokshetau) is not in the data, nor findable by the box.
    assert get(client, bbox="69,53,70,54", zoom=10).json()["features"] == []
    (feature,) = get(client, bbox=KZ, zoom=5).json()["features"]
    assert feature["geometry"]["coordinates"] == [71.88, 52.35]


def test_many_issues_become_clusters_whose_counts_add_up(client, map_tree):
    bulk_issues(map_tree, 1200)
    for zoom in (3, 6, 9, 12, 15):
        data = get(client, bbox="68,52,71,55", zoom=zoom).json()
        assert data["total"] == 1200
        assert len(data["features"]) <= MAX_FEATURES
        assert data["clustered"]
        assert sum(f["properties"]["count"] for f in data["features"]) == 1200
        for feature in data["features"]:
            assert sum(feature["properties"]["statuses"].values()) == feature["properties"]["count"]
    coarse = get(client, bbox="68,52,71,55", zoom=6).json()["features"]
    fine = get(client, bbox="68,52,71,55", zoom=12).json()["features"]
    assert len(coarse) < len(fine)
    # A small box with few issues gets the issues themselves.
    small = get(client, bbox="69.5,53.5,69.52,53.52", zoom=17).json()
    assert not small["clustered"] and len(small["features"]) == small["total"]


def test_cache_headers_and_etag(client, map_tree):
    IssueFactory(category=map_tree["services"], area=map_tree["city"])
    response = get(client, bbox=KZ, zoom=5)
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60", "s-maxage=600"}
    etag = response["ETag"]
    again = client.get(URL, {"bbox": KZ, "zoom": 5}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert not response.cookies


VIEWPORT_CASES = [
    ({}, "bbox"),
    ({"bbox": KZ}, "zoom"),
    ({"bbox": "1,2,3", "zoom": 5}, "four numbers"),
    ({"bbox": "a,b,c,d", "zoom": 5}, "numbers"),
    ({"bbox": "nan,1,2,3", "zoom": 5}, "finite"),
    ({"bbox": "inf,1,2,3", "zoom": 5}, "finite"),
    ({"bbox": "88,40,46,56", "zoom": 5}, "inverted"),
    ({"bbox": "46,56,88,40", "zoom": 5}, "inverted"),
    ({"bbox": "-200,40,88,56", "zoom": 5}, "outside"),
    ({"bbox": "46,-95,88,56", "zoom": 5}, "outside"),
    ({"bbox": "1" * 200 + ",1,2,3", "zoom": 5}, "too long"),
    ({"bbox": KZ, "zoom": "21"}, "zoom"),
    ({"bbox": KZ, "zoom": "-1"}, "zoom"),
    ({"bbox": KZ, "zoom": "5.5"}, "zoom"),
    ({"bbox": KZ, "zoom": "9" * 50}, "zoom"),
]
FILTER_CASES = [
    ({"status": "lost"}, "Unknown status"),
    ({"category": "<script>"}, "Unknown category"),
    ({"area": "atlantis"}, "Unknown area"),
    ({"status": ",".join(["registered"] * 40)}, "Too many"),
    ({"area": "x" * 2000}, "too long"),
    ({"period": "forever"}, "period"),
]


@pytest.mark.parametrize(("params", "message"), VIEWPORT_CASES)
def test_bad_viewports_are_refused_with_a_reason(params, message):
    """The viewport parser alone, without a database: every malformed bbox or zoom has its message."""
    query = QueryDict(mutable=True)
    query.update({name: str(value) for name, value in params.items()})
    with translation.override("en"), pytest.raises(FilterError) as refused:
        parse_viewport(query)
    assert message.lower() in str(refused.value).lower()


@pytest.mark.parametrize(("params", "message"), [VIEWPORT_CASES[0], VIEWPORT_CASES[4], *FILTER_CASES])
def test_bad_parameters_get_a_400_with_a_json_error(client, map_tree, params, message):
    response = client.get(URL, {"bbox": KZ, "zoom": 5, **params, "lang": "en"} if params else {"lang": "en"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message.lower() in response.json()["error"].lower()


def test_errors_follow_the_language_asked_for(client, map_tree):
    response = client.get(URL, {"zoom": 5, "lang": "ru"})
    assert response.status_code == 400
    assert "bbox" in response.json()["error"]
    assert response.json()["error"] != client.get(URL, {"zoom": 5, "lang": "en"}).json()["error"]


def test_only_get_is_allowed(client, map_tree):
    assert client.post(URL, {"bbox": KZ, "zoom": 5}).status_code == 405


def test_clustered_views_stay_exact_from_the_cached_blocks(client, map_tree):
    """Whole cells from the cached blocks, border cells counted: every box's counts add up, at the
    country's zooms (blocks warmed for the world) and a city's (blocks computed by the first reader), read
    twice (the second time from the cache)."""
    bulk_issues(map_tree, 700, seed=7)
    rng = random.Random(3)
    # Boxes from much smaller than a grid cell to several cells wide, cutting through the issues.
    boxes = [
        (60.0, 45.0, 80.0, 56.0),
        (64.0, 47.0, 69.6, 53.4),
        (69.2, 53.1, 79.0, 55.9),
        (69.03, 53.02, 69.98, 53.97),  # more than MAX_FEATURES issues, at every zoom
    ]
    for _ in range(6):
        west, south = 68.5 + rng.random(), 52.5 + rng.random()
        size = rng.choice([0.3, 1.0, 4.0, 9.0])
        boxes.append((west, south, west + size, south + size / 2))
    clustered = set()
    for zoom in (4, 5, 6, 9, 11, 13):
        for box in boxes:
            expected = published_in(box).count()
            for _read in range(2):
                data = get(client, bbox=",".join(f"{v:.5f}" for v in box), zoom=zoom).json()
                assert data["total"] == expected
                counted = sum(
                    f["properties"]["count"] if f["properties"].get("cluster") else 1
                    for f in data["features"]
                )
                assert counted == expected
            if data["clustered"]:
                clustered.add(zoom)
    assert clustered == {4, 5, 6, 9, 11, 13}


def test_a_box_on_the_cells_edges_is_counted_from_the_blocks_alone(client, map_tree):
    """The map asks for boxes on the grid's cell edges (geometry.js): their counts come from the cached
    blocks with no border query, and the box keeps its west and south edges and not its east and north
    ones, like any box, so that boxes side by side share no issue."""
    bulk_issues(map_tree, 700, seed=9)
    zoom = 9
    cell = 90 / 2**zoom
    west, south, east, north = 393 * cell, 302 * cell, 398 * cell, 307 * cell  # about 69.08, 53.09…
    # On the west and south edges (in the box), on the east and on the north ones (not in it).
    for lon, lat in ((west, south), (east, south + cell), (west + cell, north)):
        issue = IssueFactory(
            category=map_tree["services"], area=map_tree["city"], location=f"POINT({lon} {lat})"
        )
        assert (issue.map_longitude, issue.map_latitude) == (lon, lat)
    expected = published_in((west, south, east, north)).count()
    assert expected > MAX_FEATURES  # clustered, from the grid
    box = {"bbox": f"{west},{south},{east},{north}", "zoom": zoom}
    get(client, **box)  # the first reader computes the blocks
    with CaptureQueriesContext(connection) as queries:
        data = get(client, **box).json()
    assert data["clustered"] and data["total"] == expected
    assert sum(f["properties"]["count"] for f in data["features"]) == expected
    assert not any("UNION" in query["sql"].upper() for query in queries.captured_queries)
    # Cut anywhere else, the same place is counted with its border, and as exactly.
    shifted = (west + cell / 3, south, east + cell / 3, north)
    expected_shifted = published_in(shifted).count()
    with CaptureQueriesContext(connection) as queries:
        data = get(client, bbox=",".join(map(str, shifted)), zoom=zoom).json()
    assert data["total"] == expected_shifted
    assert any("UNION" in query["sql"].upper() for query in queries.captured_queries)


def test_the_blocks_of_a_city_follow_every_saved_issue(client, map_tree):
    bulk_issues(map_tree, 700, seed=5)
    box = {"bbox": "69.03,53.02,69.98,53.97", "zoom": 12}
    before = get(client, **box).json()
    assert before["clustered"]
    IssueFactory(category=map_tree["services"], area=map_tree["city"], location="SRID=4326;POINT(69.5 53.5)")
    assert get(client, **box).json()["total"] == before["total"] + 1


def test_the_shared_grid_follows_every_saved_issue(client, map_tree):
    bulk_issues(map_tree, 600, seed=9)
    before = get(client, bbox=KZ, zoom=5).json()["total"]
    IssueFactory(category=map_tree["services"], area=map_tree["city"])
    assert get(client, bbox=KZ, zoom=5).json()["total"] == before + 1


def test_the_task_worker_computes_the_grids_once_an_issue_change_commits(
    client, map_tree, django_capture_on_commit_callbacks, page_cache_off
):
    """The first reader after an issue change does not pay for grouping every issue of the country."""
    bulk_issues(map_tree, 600, seed=11)
    with django_capture_on_commit_callbacks(execute=True):
        IssueFactory(category=map_tree["services"], area=map_tree["city"])
    box = {"bbox": "60,45,80,56", "zoom": 5}
    with CaptureQueriesContext(connection) as warm:
        data = get(client, **box).json()
    assert (
        data["total"]
        == Issue.objects.published()
        .filter(map_latitude__range=(45, 56), map_longitude__range=(60, 80))
        .count()
    )
    bump_generation(MAP_GENERATION)  # what an issue change does, without the task that warms the grids
    with CaptureQueriesContext(connection) as cold:
        assert get(client, **box).json()["total"] == data["total"]
    grouped = [len([q for q in queries if "GROUP BY" in q["sql"]]) for queries in (warm, cold)]
    assert grouped == [1, 2]  # the border strips; then the blocks of the box as well


def test_a_street_s_view_is_answered_from_cached_blocks_of_features(client, map_tree, page_cache_off):
    """Above the warmed zooms, a box on the cells' edges holding few issues takes its features from
    blocks cached for every reader of the neighbourhood: the same answer as the database's, newest first,
    the box's east and north edges left out, no query on a second read, and an issue's change at once."""
    bulk_issues(map_tree, 400, seed=11)
    zoom = 12
    cell = 90 / 2**zoom
    west, south = math.floor(69.2 / cell) * cell, math.floor(53.2 / cell) * cell
    box = (west, south, west + 12 * cell, south + 9 * cell)
    on_edge = IssueFactory(
        category=map_tree["services"], area=map_tree["city"], location=f"POINT({box[2]} {south + cell})"
    )
    expected = list(published_in(box).order_by("-registered_on", "-pk").values_list("pk", flat=True))
    assert 0 < len(expected) <= MAX_FEATURES and on_edge.pk not in expected
    params = {"bbox": ",".join(map(str, box)), "zoom": zoom}
    first = get(client, **params).json()
    assert [f["properties"]["id"] for f in first["features"]] == expected
    # The same features as a box read from the database (one a hair inside the cells' edges).
    shifted = (box[0], box[1], box[2] - 1e-9, box[3])
    direct = get(client, bbox=",".join(map(str, shifted)), zoom=zoom).json()
    assert direct["features"] == first["features"]
    with CaptureQueriesContext(connection) as queries:
        again = get(client, **params).json()
    assert again == first and len(queries.captured_queries) == 0
    changed = Issue.objects.get(pk=expected[0])
    changed.status = "resolved"
    changed.resolution = "Исправлено."
    changed.save()
    after = get(client, **params).json()
    assert (
        next(f for f in after["features"] if f["properties"]["id"] == changed.pk)["properties"]["status"]
        == "resolved"
    )
