"""The map's outlines: boundaries checked and rounded, the demo's schematic outlines, the outlines layer's
GeoJSON (named in the reader's language, cached), and loading real boundaries with `load_boundaries`."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from mapping import boundaries
from mapping.demo import outlines
from mapping.models import Area
from portal.demo.datafiles import load_yaml

URL = "/api/v1/map/areas.geojson"


def rectangle(west, south, east, north):
    """A GeoJSON Polygon: the box from (west, south) to (east, north), counter-clockwise."""
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


SQUARE = rectangle(69, 53, 70, 54)


# Boundaries --------------------------------------------------------------------------------------------


def test_a_boundary_is_rounded_to_three_decimals_and_closed():
    ring = [[69.123456, 53.0000001], [70.0, 53.0], [70.0, 53.0004], [70.0, 54.0], [69.0, 54.0]]
    cleaned = boundaries.clean_geometry({"type": "Polygon", "coordinates": [ring]})
    assert cleaned == {
        "type": "Polygon",
        "coordinates": [[[69.123, 53.0], [70.0, 53.0], [70.0, 54.0], [69.0, 54.0], [69.123, 53.0]]],
    }
    multi = boundaries.clean_geometry({"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]] * 2})
    assert multi["type"] == "MultiPolygon" and len(multi["coordinates"]) == 2
    # A MultiPolygon with one polygon left is a Polygon.
    tiny = [[[69, 53], [69.0001, 53], [69.0001, 53.0001], [69, 53]]]
    one = boundaries.clean_geometry({"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], tiny]})
    assert one == rectangle(69.0, 53.0, 70.0, 54.0)


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        "Polygon",
        {"type": "Point", "coordinates": [69, 53]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[69, 53], [70, 53], [69, 53]]]},
        {"type": "Polygon", "coordinates": [[[69, 53], [70, 53], [70, 95], [69, 53]]]},
        {"type": "Polygon", "coordinates": [[[69, 53], ["70", 53], [70, 54], [69, 53]]]},
        {"type": "MultiPolygon", "coordinates": "no"},
    ],
)
def test_what_is_not_a_polygon_is_refused(geometry):
    with pytest.raises(boundaries.BoundaryError):
        boundaries.clean_geometry(geometry)


def test_bounds_contains_and_label_point():
    hole = list(reversed(rectangle(69.4, 53.4, 69.6, 53.6)["coordinates"][0]))
    holed = {"type": "Polygon", "coordinates": SQUARE["coordinates"] + [hole]}
    assert boundaries.bounds(holed) == (53, 69, 54, 70)
    assert boundaries.contains(holed, 69.2, 53.2)
    assert not boundaries.contains(holed, 69.5, 53.5)  # in the hole
    assert not boundaries.contains(holed, 71, 53.5)
    assert boundaries.label_point(SQUARE) == (69.5, 53.5)
    # The middle of a ring around a hole is in the hole: the area's centre is used instead.
    assert boundaries.label_point(holed, (69.1, 53.1)) == (69.1, 53.1)


def test_area_clean_checks_the_boundary():
    area = Area(
        name="Район", slug="r", level="district", boundary={"type": "Polygon", "coordinates": [[1, 2]]}
    )
    with pytest.raises(ValidationError) as error:
        area.clean()
    assert "boundary" in error.value.message_dict
    Area(name="Район", slug="r", level="district", boundary=SQUARE).clean()


# The demo's schematic outlines ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_outlines():
    rows = load_yaml(outlines.PACKAGE, "areas")["areas"]
    return rows, outlines.build(rows)


def test_the_demo_file_is_what_the_builder_makes_and_small(demo_outlines):
    _rows, collection = demo_outlines
    text = outlines.OUTLINES_FILE.read_text(encoding="utf-8")
    assert text == outlines.dumps(collection), "run `manage.py build_demo_outlines` after editing areas.yaml"
    assert len(text.encode()) < 8 * 1024
    for item in json.loads(text)["features"]:
        for ring in boundaries.polygons(item["geometry"])[0]:
            assert all(round(value, 3) == value for position in ring for value in position)


def test_districts_partition_the_region_around_their_centres(demo_outlines):
    rows, collection = demo_outlines
    shapes = {item["properties"]["slug"]: item["geometry"] for item in collection["features"]}
    by_level = {}
    for row in rows:
        by_level.setdefault(row["level"], []).append(row)
    assert {row["slug"] for row in rows if row["level"] != "rural_okrug"} == set(shapes)

    def area(geometry):
        rings = boundaries.polygons(geometry)[0]
        return abs(boundaries.signed_area(rings[0])) - sum(abs(boundaries.signed_area(r)) for r in rings[1:])

    pieces = by_level["district"] + by_level["city"]
    assert sum(area(shapes[row["slug"]]) for row in pieces) == pytest.approx(
        area(shapes["akmola-region"]), rel=1e-3
    )
    for row in pieces:
        latitude, longitude = row["centre"]
        assert boundaries.contains(shapes[row["slug"]], longitude, latitude), row["slug"]
    # Astana is not part of the region.
    assert not boundaries.contains(shapes["akmola-region"], 71.45, 51.16)
    assert boundaries.contains(shapes["akmola-region"], 71.22, 51.05)
    south, west, north, east = boundaries.bounds(shapes["akmola-region"])
    assert 49.9 < south < 50.4 and 53.5 < north < 53.9 and 65.5 < west < 66 and 74 < east < 75.2


# The outlines layer -------------------------------------------------------------------------------------


@pytest.fixture
def outlined(map_tree):
    region, city = map_tree["region"], map_tree["city"]
    region.boundary = rectangle(66, 50, 75, 54)
    region.save()
    district = Area.objects.create(
        name="Зерендинский район",
        slug="zerendi",
        level="district",
        parent=region,
        locale=region.locale,
        centre_latitude=52.88,
        centre_longitude=69.15,
        boundary=rectangle(68.5, 52.3, 69.9, 53.6),
    )
    kazakh = district.copy_for_translation(Locale.objects.get(language_code="kk"))
    kazakh.name = "Зеренді ауданы"
    kazakh.parent = None
    kazakh.save()
    return {"region": region, "district": district, "city": city}


def test_the_layer_lists_areas_with_a_boundary_region_first_named_in_the_language(client, outlined):
    response = client.get(URL, {"lang": "kk"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    body = response.json()
    assert [item["properties"]["slug"] for item in body["features"]] == ["akmola", "zerendi"]
    district = body["features"][1]["properties"]
    assert district == {
        "slug": "zerendi",
        "level": "district",
        "name": "Зеренді ауданы",
        "label_point": [69.2, 52.95],
    }
    # No Kazakh name: the Russian one.
    assert body["features"][0]["properties"]["name"] == "Акмолинская область"
    assert client.get(URL, {"lang": "ru"}).json()["features"][1]["properties"]["name"] == "Зерендинский район"


def test_the_layer_is_cached_until_an_area_changes(client, outlined, page_cache_off):
    client.get(URL, {"lang": "ru"})
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, {"lang": "ru"}).status_code == 200
    assert not [query for query in context.captured_queries if "mapping_area" in query["sql"]]
    district = outlined["district"]
    district.boundary = None
    district.save()
    assert [item["properties"]["slug"] for item in client.get(URL, {"lang": "ru"}).json()["features"]] == [
        "akmola"
    ]


def test_a_boundary_saved_badly_elsewhere_is_left_out(client, outlined, page_cache_off):
    Area.objects.filter(pk=outlined["district"].pk).update(boundary={"type": "Polygon", "coordinates": "x"})
    Area.objects.get(pk=outlined["region"].pk).save()  # a new generation
    assert [item["properties"]["slug"] for item in client.get(URL).json()["features"]] == ["akmola"]


def test_every_map_names_the_layer(client, map_tree):
    page = client.get(map_tree["map"].url).content.decode()
    assert f'data-outlines-url="{URL}"' in page
    assert "mapping/css/outlines" in page


# Loading real boundaries ---------------------------------------------------------------------------------


def write_collection(tmp_path, features):
    path = tmp_path / "boundaries.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return str(path)


def test_load_boundaries_matches_areas_by_slug_in_every_language(tmp_path, map_tree):
    city = map_tree["city"]
    kazakh = city.copy_for_translation(Locale.objects.get(language_code="kk"))
    kazakh.parent = None
    kazakh.save()
    square = rectangle(69.2, 53.2, 69.5556, 53.4)
    path = write_collection(
        tmp_path,
        [
            {"type": "Feature", "properties": {"slug": "kokshetau"}, "geometry": square},
            {"type": "Feature", "properties": {"slug": "atlantis"}, "geometry": square},
        ],
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("load_boundaries", path, "--dry-run", stdout=out, stderr=err)
    assert "1 boundaries would be loaded" in out.getvalue() and "atlantis" in err.getvalue()
    assert Area.objects.get(pk=city.pk).boundary is None
    call_command("load_boundaries", path, stdout=out, stderr=err)
    for area in Area.objects.filter(slug="kokshetau"):
        assert area.boundary["coordinates"][0][1] == [69.556, 53.2]
    assert Area.objects.filter(slug="kokshetau").count() == 2


def test_load_boundaries_refuses_a_bad_file(tmp_path, map_tree):
    path = write_collection(tmp_path, [{"type": "Feature", "properties": {}, "geometry": SQUARE}])
    with pytest.raises(CommandError, match="slug"):
        call_command("load_boundaries", path)
    path = write_collection(
        tmp_path, [{"type": "Feature", "properties": {"name": "kokshetau"}, "geometry": {"type": "Point"}}]
    )
    with pytest.raises(CommandError, match="kokshetau"):
        call_command("load_boundaries", path, "--slug-property", "name")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_boundaries", str(tmp_path / "broken.json"))
