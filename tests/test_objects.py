"""The map by object: the object index (a route of the map page), its filters and search, each object's
figures, the objects layer's API, the map page's object filter and the object page's links."""

import datetime
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from mapping.models import ProblemObjectPage
from mapping.models.issues import local_today
from portal.cache import bump_content_generation
from tests.factories import AreaFactory, AuthorityFactory, IssueFactory, ProblemObjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(map_tree):
    """Three objects beside the tree's own: a school in Stepnogorsk, a utility run by a water company,
    and an akimat with no place; issues open, resolved and overdue on the tree's object."""
    water = AuthorityFactory(name="Водоканал", slug="vodokanal")
    school = ProblemObjectPageFactory(
        parent=map_tree["map"],
        title="Школа № 5",
        object_type="school",
        address="г. Степногорск, ул. Мира, 2",
        area=map_tree["other"],
    )
    utility = ProblemObjectPageFactory(
        parent=map_tree["map"],
        title="Насосная станция",
        object_type="utility",
        address="г. Кокшетау, ПОДГОРНАЯ улица, 7",
        area=map_tree["city"],
        operator=water,
    )
    akimat = ProblemObjectPageFactory(
        parent=map_tree["map"], title="Акимат села", object_type="akimat", location=""
    )
    tson = map_tree["object"]
    common = {"category": map_tree["services"], "area": map_tree["city"], "problem_object": tson}
    today = local_today()
    # The deadline counts from the registration: one issue registered today, one long ago (overdue).
    IssueFactory(**common, registered_on=today)
    IssueFactory(**common, registered_on=today - datetime.timedelta(days=90))
    IssueFactory(**common, status="resolved", resolved_on=today)
    IssueFactory(**common, live=False)
    return {"tson": tson, "school": school, "utility": utility, "akimat": akimat, "water": water}


def add_objects(map_page, number):
    """`number` live objects under the map page, written straight into the page tables: made one by one,
    with the search and reference indexes' work on each save, a thousand would take minutes."""
    area = AreaFactory(name="Район", slug="rayon", level="district")
    content_type = ContentType.objects.get_for_model(ProblemObjectPage)
    last = map_page.get_last_child()
    first_step = int(last.path[-Page.steplen :], 36) + 1 if last else 1
    pages = Page.objects.bulk_create(
        Page(
            path=Page._get_path(map_page.path, map_page.depth + 1, first_step + n),
            depth=map_page.depth + 1,
            numchild=0,
            title=f"Объект {n:04}",
            draft_title=f"Объект {n:04}",
            slug=f"many-{n}",
            url_path=f"{map_page.url_path}many-{n}/",
            content_type=content_type,
            live=True,
            locale_id=map_page.locale_id,
            translation_key=uuid.uuid4(),
        )
        for n in range(number)
    )
    # The object's own table (its fields and BasePage's): one row per page, the same values for each.
    model = ProblemObjectPage(
        object_type="other", location="52.1,69.2", latitude=52.1, longitude=69.2, area=area
    )
    fields = [
        field for field in ProblemObjectPage._meta.local_concrete_fields if field.attname != "page_ptr_id"
    ]
    values = [field.get_db_prep_save(getattr(model, field.attname), connection) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    with connection.cursor() as cursor:
        table = quote(ProblemObjectPage._meta.db_table)
        # Names from the model's own metadata, values as parameters: nothing here comes from outside.
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, {columns}) VALUES ({placeholders})",  # noqa: S608
            [(page.pk, *values) for page in pages],
        )
    Page.objects.filter(pk=map_page.pk).update(numchild=F("numchild") + number)
    bump_content_generation()


def index_url(map_tree):
    return map_tree["map"].url + "objects/"


def test_the_index_lists_every_object_with_its_figures(client, map_tree, objects):
    response = client.get(index_url(map_tree))
    assert response.status_code == 200
    html = response.content.decode()
    for page in objects.values():
        if hasattr(page, "url"):
            assert f'href="{page.url}"' in html
    listed = response.context["objects"]
    assert [entry["title"] for entry in listed] == sorted(
        (entry["title"] for entry in listed), key=str.casefold
    )
    tson = next(entry for entry in listed if entry["id"] == objects["tson"].pk)
    # The unpublished issue counts nowhere.
    assert (tson["figures"].open, tson["figures"].resolved, tson["figures"].overdue) == (2, 1, 1)
    school = next(entry for entry in listed if entry["id"] == objects["school"].pk)
    assert school["figures"].total == 0
    # An object with issues links to the map filtered to it.
    assert f'href="{map_tree["map"].url}?object={objects["tson"].pk}"' in html
    assert f'?object={objects["school"].pk}"' not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=school", {"school"}),
        ("area=stepnogorsk", {"school"}),
        ("operator=vodokanal", {"utility"}),
        # Searched by name or address, whatever the case, Cyrillic included (SQLite folds ASCII only).
        ("q=ШКОЛА", {"school"}),
        ("q=подгорная", {"utility"}),
        ("q=кокшетау+насосная", {"utility"}),
        ("area=kokshetau&type=utility", {"utility"}),
    ],
)
def test_filters_and_search(client, map_tree, objects, query, expected):
    response = client.get(index_url(map_tree) + "?" + query)
    assert response.status_code == 200
    ids = {entry["id"] for entry in response.context["objects"]}
    assert ids == {objects[name].pk for name in expected}


def test_an_area_filter_takes_in_the_areas_within(client, map_tree, objects):
    response = client.get(index_url(map_tree) + "?area=akmola")
    ids = {entry["id"] for entry in response.context["objects"]}
    assert {objects["school"].pk, objects["utility"].pk, objects["tson"].pk} <= ids


def test_a_bad_filter_is_reported_and_ignored(client, map_tree, objects):
    response = client.get(index_url(map_tree) + "?type=castle&area=atlantis&q=" + "я" * 150)
    assert response.status_code == 200
    html = response.content.decode()
    assert "castle" in html and "atlantis" in html
    assert 'role="alert"' in html


def test_the_index_costs_no_more_queries_with_a_thousand_objects(client, map_tree, objects, page_cache_off):
    url = index_url(map_tree)

    def count():
        client.get(url)
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            response = client.get(url + "?page=2")
        assert response.status_code == 200
        return len(context.captured_queries)

    few = count()
    add_objects(map_tree["map"], 1000)
    many = count()
    assert many == few
    assert many <= 12


def test_the_layer_api_gives_every_placed_object_with_its_figures(client, map_tree, objects):
    response = client.get("/api/v1/map/objects.geojson?lang=ru")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    by_id = {feature["properties"]["id"]: feature for feature in body["features"]}
    # The akimat has no place: not on the map.
    assert objects["akimat"].pk not in by_id
    tson = by_id[objects["tson"].pk]["properties"]
    assert (tson["open"], tson["resolved"], tson["overdue"]) == (2, 1, 1)
    assert tson["url"] == objects["tson"].url
    assert tson["map_url"] == f"{map_tree['map'].url}?object={objects['tson'].pk}"
    assert tson["lang"] == "ru"
    assert tson["type"] == "psc"
    assert body["total"] == len(body["features"])


def test_the_layer_api_filters_and_refuses_bad_values(client, map_tree, objects):
    body = client.get("/api/v1/map/objects.geojson?type=school").json()
    assert [feature["properties"]["id"] for feature in body["features"]] == [objects["school"].pk]
    response = client.get("/api/v1/map/objects.geojson?type=castle")
    assert response.status_code == 400
    assert "castle" in response.json()["error"]


def test_an_issue_change_updates_the_figures(client, map_tree, objects):
    client.get(index_url(map_tree))
    IssueFactory(category=map_tree["services"], area=map_tree["city"], problem_object=objects["school"])
    body = client.get("/api/v1/map/objects.geojson").json()
    school = next(f for f in body["features"] if f["properties"]["id"] == objects["school"].pk)
    assert school["properties"]["open"] == 1


def test_a_published_object_appears_at_once(client, map_tree, objects):
    client.get(index_url(map_tree))
    page = ProblemObjectPageFactory(
        parent=map_tree["map"], title="Новая поликлиника", object_type="clinic", live=False
    )
    page.save_revision().publish()
    response = client.get(index_url(map_tree) + "?type=clinic")
    assert [entry["title"] for entry in response.context["objects"]] == ["Новая поликлиника"]


def test_the_map_page_filters_by_object_and_names_it(client, map_tree, objects):
    other = IssueFactory(category=map_tree["services"], area=map_tree["city"], title="Яма у школы")
    response = client.get(f"{map_tree['map'].url}?object={objects['tson'].pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="object" value="{objects["tson"].pk}"' in html
    assert objects["tson"].title in html
    assert other.title not in html
    assert response.context["page_obj"].paginator.count == 3
    # The map asks the API for the same object.
    assert f"object={objects['tson'].pk}" in response.context["api_query"].get(
        "object", ""
    ) or response.context["api_query"] == {"object": str(objects["tson"].pk)}


def test_an_unknown_object_is_reported_and_ignored(client, map_tree, objects):
    response = client.get(f"{map_tree['map'].url}?object=999999")
    assert response.status_code == 200
    assert "999999" in response.content.decode()
    assert response.context["api_query"] == {}


def test_the_map_page_links_to_the_index_and_offers_the_layer(client, map_tree, objects):
    html = client.get(map_tree["map"].url).content.decode()
    assert f'href="{index_url(map_tree)}"' in html
    assert "data-map-objects" in html
    assert 'data-objects-url="/api/v1/map/objects.geojson"' in html


def test_the_object_page_links_to_the_map_filtered_to_it_and_to_the_index(client, map_tree, objects):
    html = client.get(objects["tson"].url).content.decode()
    assert f'href="{map_tree["map"].url}?object={objects["tson"].pk}"' in html
    assert f'href="{index_url(map_tree)}"' in html


def test_the_index_exists_in_every_language(client, demo):
    for language in ("ru", "kk", "en"):
        response = client.get(f"/{language}/map/objects/")
        assert response.status_code == 200, language
        languages = {entry["lang"] for entry in response.context["objects"]}
        # Objects not yet translated are listed in Russian (and marked so).
        assert language in languages and languages <= {language, "ru"}, language
