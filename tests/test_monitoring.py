"""Monitoring groups, visits and recommendations: the rules, the pages, the visits layer and the admin."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from mapping.models import (
    MonitoringVisitPage,
    Recommendation,
    RecommendationProgress,
)
from mapping.models.monitoring import progress_note_errors, recommendation_errors
from tests.factories import (
    IssueFactory,
    MonitoringGroupFactory,
    MonitoringGroupMemberFactory,
    MonitoringVisitPageFactory,
    ProblemObjectPageFactory,
    RecommendationFactory,
    RecommendationProgressFactory,
)

pytestmark = pytest.mark.django_db

VISIT = datetime.date(2025, 3, 1)
TODAY = datetime.date(2025, 6, 1)


def errors(**kwargs):
    base = {
        "status": "in_progress",
        "progress": 50,
        "implemented_on": None,
        "rejection_reason": "",
        "deadline": datetime.date(2025, 4, 1),
        "visited_on": VISIT,
        "today": TODAY,
    }
    return recommendation_errors(**{**base, **kwargs})


# --- rules ---------------------------------------------------------------------------------------------


def test_a_valid_recommendation_in_each_status_has_no_errors():
    assert errors(status="proposed", progress=0) == {}
    assert errors(status="accepted", progress=0) == {}
    assert errors(status="accepted", progress=10) == {}
    assert errors(status="in_progress", progress=99) == {}
    assert errors(status="implemented", progress=100, implemented_on=datetime.date(2025, 3, 20)) == {}
    assert errors(status="rejected", progress=0, rejection_reason="Нет средств в бюджете.") == {}
    # A rejection may come after some work was done.
    assert errors(status="rejected", progress=30, rejection_reason="Передано другому органу.") == {}


def test_progress_is_a_percentage():
    assert set(errors(progress=101)) == {"progress"}
    assert set(errors(progress=-1)) == {"progress"}
    assert set(errors(progress=None)) == {"progress"}


def test_a_proposed_recommendation_has_no_progress():
    assert set(errors(status="proposed", progress=10)) == {"progress"}


def test_implemented_means_one_hundred_percent_with_a_date():
    assert set(errors(status="implemented", progress=90, implemented_on=datetime.date(2025, 3, 20))) == {
        "progress"
    }
    assert set(errors(status="implemented", progress=100)) == {"implemented_on"}
    # 100% is implemented, never "in progress".
    assert set(errors(status="in_progress", progress=100)) == {"progress"}
    # Only an implemented recommendation has a date of implementation.
    assert set(errors(status="accepted", progress=20, implemented_on=datetime.date(2025, 3, 20))) == {
        "implemented_on"
    }


def test_the_implementation_date_lies_between_the_visit_and_today():
    future = errors(status="implemented", progress=100, implemented_on=TODAY + datetime.timedelta(days=1))
    before = errors(status="implemented", progress=100, implemented_on=VISIT - datetime.timedelta(days=1))
    assert set(future) == {"implemented_on"} and set(before) == {"implemented_on"}
    assert errors(status="implemented", progress=100, implemented_on=VISIT) == {}
    assert errors(status="implemented", progress=100, implemented_on=TODAY) == {}


def test_a_rejection_needs_a_reason_and_a_deadline_follows_the_visit():
    assert set(errors(status="rejected", progress=0, rejection_reason="  ")) == {"rejection_reason"}
    assert set(errors(deadline=VISIT - datetime.timedelta(days=1))) == {"deadline"}


def test_progress_notes_are_dated_between_the_visit_and_today():
    assert progress_note_errors(date=VISIT, visited_on=VISIT, today=TODAY) == {}
    assert progress_note_errors(date=TODAY, visited_on=VISIT, today=TODAY) == {}
    assert set(
        progress_note_errors(date=TODAY + datetime.timedelta(days=1), visited_on=VISIT, today=TODAY)
    ) == {"date"}
    assert set(
        progress_note_errors(date=VISIT - datetime.timedelta(days=1), visited_on=VISIT, today=TODAY)
    ) == {"date"}
    assert set(progress_note_errors(date=VISIT, progress=120, visited_on=VISIT, today=TODAY)) == {"progress"}


def test_model_validation_reads_the_visit_date_of_the_page(map_tree):
    visit = MonitoringVisitPageFactory(parent=map_tree["map"], visited_on=VISIT)
    recommendation = Recommendation(
        page=visit,
        text="Открыть дополнительное окно.",
        authority=map_tree["authority"],
        deadline=VISIT - datetime.timedelta(days=2),
        status="implemented",
        progress=100,
        implemented_on=VISIT - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as caught:
        recommendation.full_clean()
    assert {"deadline", "implemented_on"} <= set(caught.value.message_dict)
    note = RecommendationProgress(
        recommendation=recommendation, date=VISIT - datetime.timedelta(days=1), note="…"
    )
    with pytest.raises(ValidationError) as caught:
        note.full_clean(exclude=["recommendation"])
    assert set(caught.value.message_dict) == {"date"}


def test_implemented_on_time_and_overdue():
    on_time = Recommendation(
        status="implemented", deadline=datetime.date(2025, 4, 1), implemented_on=datetime.date(2025, 4, 1)
    )
    late = Recommendation(
        status="implemented", deadline=datetime.date(2025, 4, 1), implemented_on=datetime.date(2025, 4, 2)
    )
    assert on_time.implemented_on_time and not late.implemented_on_time
    waiting = Recommendation(status="accepted", deadline=datetime.date(2025, 4, 1))
    assert waiting.is_overdue(datetime.date(2025, 4, 2)) and not waiting.is_overdue(datetime.date(2025, 4, 1))
    assert not late.is_overdue(datetime.date(2025, 5, 1))


# --- where pages live ----------------------------------------------------------------------------------


# --- the pages -----------------------------------------------------------------------------------------


@pytest.fixture
def visit(map_tree):
    """A published visit to the object, with recommendations in three statuses linked to issues."""
    issue = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        problem_object=map_tree["object"],
        title="Очередь в ЦОН",
    )
    draft_issue = IssueFactory(
        category=map_tree["services"], area=map_tree["city"], live=False, title="Черновик обращения"
    )
    group = MonitoringGroupFactory(name="Группа Кокшетау")
    MonitoringGroupMemberFactory(
        group=group, name="Сауле Кенжебаева", role="председатель", sector="civil_society"
    )
    MonitoringGroupMemberFactory(group=group, name="Марат Исабеков", role="член группы", sector="media")
    page = MonitoringVisitPageFactory(
        parent=map_tree["map"], group=group, title="Мониторинг ЦОН № 1", slug="visit-tson", visited_on=VISIT
    )
    page.visited_objects = [map_tree["object"]]
    page.visited_bodies = [map_tree["authority"]]
    page.save()
    done = RecommendationFactory(
        page=page,
        text="Заменить терминал электронной очереди.",
        authority=map_tree["authority"],
        status="implemented",
        progress=100,
        implemented_on=datetime.date(2025, 3, 20),
        deadline=datetime.date(2025, 3, 31),
    )
    done.issues = [issue, draft_issue]
    done.save()
    RecommendationProgressFactory(
        recommendation=done, date=datetime.date(2025, 3, 10), progress=40, note="Заявка на замену направлена."
    )
    RecommendationFactory(page=page, text="Разместить прейскурант.", status="in_progress", progress=30)
    RecommendationFactory(
        page=page, text="Открыть ночную линию.", status="rejected", rejection_reason="Нет средств."
    )
    return {**map_tree, "visit": page, "issue": issue, "draft_issue": draft_issue, "group": group}


def test_visit_page_shows_group_recommendations_progress_and_issue_links(client, visit):
    response = client.get(visit["visit"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Мониторинг ЦОН № 1" in html
    assert "Группа Кокшетау" in html and "Сауле Кенжебаева" in html
    assert "Заменить терминал электронной очереди." in html
    assert 'value="100"' in html and 'value="30"' in html  # the <progress> bars
    assert "Заявка на замену направлена." in html
    assert "Нет средств." in html
    assert f'href="{visit["map"].url}issues/{visit["issue"].pk}/"' in html
    # An unpublished issue linked to a recommendation stays private.
    assert "Черновик обращения" not in html
    assert f'href="{visit["object"].url}"' in html
    assert 'class="rec-status rec-status--implemented"' in html


@pytest.mark.usefixtures("page_cache_off")
def test_visit_page_queries_do_not_grow_with_recommendations(client, visit):
    url = visit["visit"].url

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = count()
    for n in range(15):
        recommendation = RecommendationFactory(page=visit["visit"], status="in_progress", progress=10 + n)
        recommendation.issues = [visit["issue"]]
        recommendation.save()
        RecommendationProgressFactory(
            recommendation=recommendation, date=datetime.date(2025, 3, 5), note="Работа начата."
        )
    assert count() == few


def test_object_page_lists_its_visits(client, visit):
    html = client.get(visit["object"].url).content.decode()
    assert "Мониторинг ЦОН № 1" in html and visit["visit"].url in html
    other = ProblemObjectPageFactory(parent=visit["map"])
    assert "Мониторинг ЦОН № 1" not in client.get(other.url).content.decode()


def test_map_page_lists_recent_visits_without_javascript(client, visit):
    html = client.get(visit["map"].url).content.decode()
    assert 'id="recent-visits-heading"' in html and visit["visit"].url in html
    # The map's controls carry the visits layer switch, a real checkbox with a label.
    assert 'type="checkbox" data-map-visits' in html
    assert "/api/v1/map/visits.geojson" in html


def test_unpublished_visits_stay_private(client, visit):
    visit["visit"].unpublish()
    assert client.get(visit["visit"].url).status_code == 404
    assert "Мониторинг ЦОН № 1" not in client.get(visit["object"].url).content.decode()
    assert client.get("/api/v1/map/visits.geojson").json()["features"] == []


# --- the visits layer ----------------------------------------------------------------------------------


def test_visits_geojson(client, visit):
    response = client.get("/api/v1/map/visits.geojson?lang=ru")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["total"] == 1
    feature = body["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [69.3912, 53.2871]}
    assert feature["properties"] == {
        "id": visit["visit"].pk,
        "title": "Мониторинг ЦОН № 1",
        "url": visit["visit"].url,
        "visited_on": "2025-03-01",
        "group": "Группа Кокшетау",
        "recommendations": 3,
    }


def test_visits_geojson_falls_back_to_the_default_language(client, visit):
    # No Kazakh translation of the visit: the Russian page is shown on the Kazakh map.
    features = client.get("/api/v1/map/visits.geojson?lang=kk").json()["features"]
    assert [f["properties"]["id"] for f in features] == [visit["visit"].pk]
    # An unknown language is ignored rather than refused.
    assert client.get("/api/v1/map/visits.geojson?lang=xx").status_code == 200


def test_a_visit_without_a_place_is_not_on_the_map(client, map_tree):
    MonitoringVisitPageFactory(parent=map_tree["map"], location="")
    assert client.get("/api/v1/map/visits.geojson").json()["total"] == 0


# --- the admin -----------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.kz", "password")
    client.force_login(user)
    return client


def visit_form(group, authority, issue, recommendation):
    data = nested_form_data(
        {
            "title": "Мониторинг акимата",
            "slug": "visit-akimat",
            "group": group.pk,
            "visited_on": "2025-03-01",
            "address": "",
            "location": "SRID=4326;POINT(69.39 53.28)",
            "findings": rich_text("<p>Приём переносится без объявления.</p>"),
            "photos": inline_formset([]),
            "recommendations": inline_formset(
                [
                    {
                        "text": "Публиковать график приёма.",
                        "authority": authority.pk,
                        "deadline": "2025-04-01",
                        "implemented_on": "",
                        "rejection_reason": "",
                        **recommendation,
                        "progress_notes": inline_formset(
                            [{"date": "2025-03-10", "progress": "20", "note": "График размещён на сайте."}]
                        ),
                    }
                ]
            ),
        }
    )
    # A multiple choice posts one value per choice (nested_form_data would number a list).
    data["recommendations-0-issues"] = [issue.pk]
    return data


def test_admin_creates_a_visit_with_recommendations_and_nested_notes(admin_client, map_tree):
    group = MonitoringGroupFactory()
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"])
    url = f"/admin/pages/add/mapping/monitoringvisitpage/{map_tree['map'].pk}/"
    data = visit_form(group, map_tree["authority"], issue, {"status": "in_progress", "progress": "20"})
    data["action-publish"] = "publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = MonitoringVisitPage.objects.get(slug="visit-akimat")
    assert page.live
    recommendation = page.recommendations.get()
    assert recommendation.progress == 20 and list(recommendation.issues.all()) == [issue]
    assert recommendation.progress_notes.get().note == "График размещён на сайте."


def test_admin_refuses_a_recommendation_that_breaks_the_rules(admin_client, map_tree):
    group = MonitoringGroupFactory()
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"])
    url = f"/admin/pages/add/mapping/monitoringvisitpage/{map_tree['map'].pk}/"
    data = visit_form(group, map_tree["authority"], issue, {"status": "implemented", "progress": "100"})
    data["action-publish"] = "publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the message
    assert not MonitoringVisitPage.objects.filter(slug="visit-akimat").exists()
    with translation.override("ru"):
        message = translation.gettext("Give the date the recommendation was implemented.")
    assert message in response.content.decode()


def test_monitoring_groups_are_in_the_control_map_menu(admin_client):
    group = MonitoringGroupFactory(name="Группа Степногорска")
    response = admin_client.get("/admin/snippets/mapping/monitoringgroup/")
    assert response.status_code == 200 and "Группа Степногорска" in response.content.decode()
    assert admin_client.get(f"/admin/snippets/mapping/monitoringgroup/edit/{group.pk}/").status_code == 200


def test_deleting_a_visit_removes_its_recommendations(visit):
    Page.objects.get(pk=visit["visit"].pk).delete()
    assert not Recommendation.objects.exists() and not RecommendationProgress.objects.exists()


def test_the_visit_form_lists_each_group_and_authority_once(admin_client, visit):
    """Groups and authorities have a row per language; the visit's form offers each once, in its language."""
    for code in ("kk", "en"):
        locale = Locale.objects.get(language_code=code)
        visit["group"].copy_for_translation(locale).save()
        visit["authority"].copy_for_translation(locale).save()
    form = admin_client.get(f"/admin/pages/{visit['visit'].pk}/edit/").content.decode()

    def options(name):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form, re.S).group(1)
        return re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)

    assert options("group") == ["Группа Кокшетау"]
    assert options("visited_bodies").count(visit["authority"].name) == 1
