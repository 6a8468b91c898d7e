"""Four-eyes publishing of issues: drafts and revisions, the default workflow, nobody approving their own
change, no direct publishing, withdrawal, preview, history with comparison, scheduled publishing."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from mapping.models import Issue
from tests.approval import SUPERVISORS, approve, staff_member, submit
from tests.factories import DocumentFactory, IssueFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/mapping/issue/"


def form_of(issue, **overrides):
    """The admin form of `issue` as its editor posts it, with `overrides`."""
    data = {
        "title": issue.title,
        "description": issue.description,
        "category": issue.category_id,
        "area": issue.area_id,
        "authority": issue.authority_id or "",
        "problem_object": "",
        "address": issue.address,
        "location": issue.location,
        "status": issue.status,
        "source_channel": issue.source_channel,
        "status_note": "",
        "registered_on": issue.registered_on.isoformat(),
        "forwarded_on": "",
        "extended_until": "",
        "extension_reason": "",
        "resolution": issue.resolution,
        "resolved_on": "",
        "duplicate_of": "",
        "title_kk": "",
        "title_en": "",
        "description_kk": "",
        "description_en": "",
        "resolution_kk": "",
        "resolution_en": "",
        "go_live_at": "",
        "evidence_document": issue.evidence_document_id or "",
        "evidence_photo_alt": issue.evidence_photo_alt,
        "expire_at": "",
        "updates": inline_formset(
            [
                {"id": u.pk, "date": u.date.isoformat(), "status": u.status, "note": u.note, "document": ""}
                for u in issue.updates.all()
            ],
            initial=issue.updates.count(),
        ),
        "photos": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def public(client, issue):
    """Whether the public sees `issue`: its page and the map API."""
    page = client.get(f"/ru/map/issues/{issue.pk}/")
    box = {"bbox": "60,40,80,60", "zoom": 12}
    features = client.get("/api/v1/map/issues.geojson", box).json()["features"]
    on_map = issue.pk in [feature["properties"].get("id") for feature in features]
    assert (page.status_code == 200) == on_map
    return on_map


@pytest.fixture
def issue(map_tree):
    return IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Очередь в ЦОН № 1",
        location="SRID=4326;POINT(69.3912 53.2871)",
        status="in_progress",
    )


def test_every_installation_has_the_workflow_and_its_groups():
    workflow = Issue.get_default_workflow()
    assert workflow.name == "A second person approves publishing and closing" and workflow.active
    (task,) = [task.specific for task in workflow.tasks]
    assert [group.name for group in task.groups.all()] == [SUPERVISORS]
    # Nobody in the groups may publish an issue directly.
    from django.contrib.auth.models import Group

    for group in Group.objects.filter(name__in=["Issue moderators", SUPERVISORS]):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"add_issue", "change_issue", "access_admin"} <= codenames
        assert "publish_issue" not in codenames and "view_reporter_contacts" not in codenames


def test_a_moderators_issue_is_public_only_after_a_supervisor_approves_it(
    client, map_tree, moderator, supervisor
):
    client.force_login(moderator)
    issue = IssueFactory.build(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Нет пандуса у ЦОН",
        location="SRID=4326;POINT(69.40 53.29)",
        registered_on=datetime.date(2026, 11, 30),
    )
    form = form_of(issue, updates=inline_formset([]), **{"action-submit": "Submit"})
    response = client.post(LIST + "add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get(title="Нет пандуса у ЦОН")
    assert issue.live is False and issue.workflow_in_progress
    client.logout()
    assert public(client, issue) is False

    # The moderator cannot approve it; the supervisor can, and that publishes it.
    client.force_login(moderator)
    task_state = issue.current_workflow_task_state
    approve_url = reverse(
        "wagtailsnippets_mapping_issue:workflow_action", args=[issue.pk, "approve", task_state.pk]
    )
    client.post(approve_url, {"comment": ""})  # refused: the admin sends them back to the dashboard
    issue.refresh_from_db()
    assert issue.live is False and issue.workflow_in_progress
    client.force_login(supervisor)
    response = client.post(approve_url, {"comment": "Проверено."})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.live and issue.first_published_at is not None
    client.logout()
    assert public(client, issue) is True


def test_nobody_approves_their_own_submission_or_their_own_version(
    client, django_user_model, issue, supervisor
):
    second = staff_member(django_user_model, "second-supervisor", SUPERVISORS)
    issue = submit(issue, supervisor)
    task = issue.current_workflow_task
    assert task.get_actions(issue, supervisor) == []
    assert [name for name, *_ in task.get_actions(issue, second)] == ["reject", "approve", "approve"]
    client.force_login(supervisor)
    url = reverse(
        "wagtailsnippets_mapping_issue:workflow_action",
        args=[issue.pk, "approve", issue.current_workflow_task_state.pk],
    )
    client.post(url, {"comment": ""})
    assert Issue.objects.get(pk=issue.pk).workflow_in_progress
    # Nor is it in their list of changes to review.
    assert not task.get_task_states_user_can_moderate(supervisor).exists()
    assert task.get_task_states_user_can_moderate(second).exists()

    # A version the second supervisor wrote during the review is theirs too: they may no longer approve.
    draft = issue.get_latest_revision_as_object()
    draft.title = "Очередь в ЦОН № 1 (уточнено)"
    draft.save_revision(user=second)
    assert task.get_actions(Issue.objects.get(pk=issue.pk), second) == []


def test_a_reviewer_who_changes_the_issue_while_approving_does_not_publish_it(
    client, django_user_model, issue, moderator, supervisor
):
    issue = submit(issue, moderator)
    client.force_login(supervisor)
    form = form_of(
        issue,
        title="Исправлено проверяющим",
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    response = client.post(f"{LIST}edit/{issue.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue.refresh_from_db()
    assert issue.title == "Очередь в ЦОН № 1" and issue.workflow_in_progress
    assert issue.get_latest_revision_as_object().title == "Исправлено проверяющим"
    # Another supervisor approves the reviewer's change.
    other = staff_member(django_user_model, "other-supervisor", SUPERVISORS)
    assert approve(issue, other).title == "Исправлено проверяющим"


def test_the_editor_offers_no_direct_publishing_not_even_to_an_administrator(admin_client, issue):
    page = admin_client.get(f"{LIST}edit/{issue.pk}/").content.decode()
    assert 'name="action-publish"' not in page
    assert 'name="action-submit"' in page
    reply = DocumentFactory()
    response = admin_client.post(
        f"{LIST}edit/{issue.pk}/",
        form_of(
            issue,
            status="resolved",
            resolution="Очередь убрали.",
            evidence_document=reply.pk,
            **{"action-publish": "Publish"},
        ),
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    # Saved as a draft: the public record still says "in progress".
    assert issue.status == "in_progress" and issue.has_unpublished_changes


def test_closing_waits_for_approval_and_keeps_every_version(client, issue, moderator, supervisor):
    client.force_login(moderator)
    response = client.post(
        f"{LIST}edit/{issue.pk}/",
        form_of(
            issue,
            status="resolved",
            resolution="Открыто второе окно.",
            status_note="Решено.",
            evidence_document=DocumentFactory().pk,
            **{"action-submit": "Submit"},
        ),
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == "in_progress" and issue.workflow_in_progress
    client.logout()
    assert "Открыто второе окно." not in client.get(f"/ru/map/issues/{issue.pk}/").content.decode()
    # The reviewer compares the public version with the one submitted.
    client.force_login(supervisor)
    compare = client.get(
        reverse("wagtailsnippets_mapping_issue:revisions_compare", args=[issue.pk, "live", "latest"])
    )
    assert compare.status_code == 200 and "Открыто второе окно." in compare.content.decode()
    client.logout()

    issue = approve(issue, supervisor)
    assert issue.status == "resolved" and issue.resolved_on is not None
    assert [u.status for u in issue.updates.all()][-1] == "resolved"
    assert "Открыто второе окно." in client.get(f"/ru/map/issues/{issue.pk}/").content.decode()

    # The history lists both versions, and the comparison shows the change of status.
    client.force_login(supervisor)
    revisions = list(issue.revisions.order_by("created_at"))
    assert len(revisions) >= 2
    history = client.get(reverse("wagtailsnippets_mapping_issue:history", args=[issue.pk]))
    assert history.status_code == 200
    compare = client.get(
        reverse(
            "wagtailsnippets_mapping_issue:revisions_compare",
            args=[issue.pk, "earliest", str(revisions[-1].pk)],
        )
    )
    assert compare.status_code == 200
    assert "Открыто второе окно." in compare.content.decode()


def test_the_reviewer_previews_the_public_page_of_the_version_under_review(
    client, issue, moderator, supervisor
):
    draft = issue.get_latest_revision_as_object()
    draft.title = "Новая редакция заголовка"
    draft.save_revision(user=moderator)
    issue = submit(issue, moderator)
    client.force_login(supervisor)
    task = issue.current_workflow_task
    response = client.get(reverse("wagtailsnippets_mapping_issue:workflow_preview", args=[issue.pk, task.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Новая редакция заголовка" in page and 'class="issue' in page
    # The public still reads the approved title.
    client.logout()
    assert "Новая редакция заголовка" not in client.get(f"/ru/map/issues/{issue.pk}/").content.decode()


def test_withdrawing_an_issue_is_for_holders_of_the_publish_permission(
    client, admin_client, issue, supervisor
):
    client.force_login(supervisor)
    url = reverse("wagtailsnippets_mapping_issue:unpublish", args=[issue.pk])
    assert client.post(url).status_code in (302, 403)
    issue.refresh_from_db()
    assert issue.live
    assert admin_client.post(url).status_code == 302
    issue.refresh_from_db()
    assert issue.live is False
    assert public(client, issue) is False


def test_an_approved_version_with_a_date_goes_live_on_that_date(client, issue, moderator, supervisor):
    draft = issue.get_latest_revision_as_object()
    draft.title = "Опубликуется позже"
    draft.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    draft.save_revision(user=moderator)
    issue = approve(submit(issue, moderator), supervisor)
    assert issue.title == "Очередь в ЦОН № 1"
    revision = Revision.objects.get(pk=issue.latest_revision_id)
    assert revision.approved_go_live_at is not None
    # Two hours later (the revision's dates moved back instead of the clock).
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    assert public(client, issue) is True  # the approved version is not public yet, the old one stays
    call_command("publish_scheduled")
    issue.refresh_from_db()
    assert issue.title == "Опубликуется позже"


def test_locking_keeps_others_out_of_the_editor(client, django_user_model, issue, moderator):
    client.force_login(moderator)
    assert client.post(reverse("wagtailsnippets_mapping_issue:lock", args=[issue.pk])).status_code == 302
    issue.refresh_from_db()
    assert issue.locked and issue.locked_by == moderator
    colleague = staff_member(django_user_model, "colleague", "Issue moderators")
    client.force_login(colleague)
    response = client.post(f"{LIST}edit/{issue.pk}/", form_of(issue, title="Чужая правка"))
    issue.refresh_from_db()
    assert issue.get_latest_revision_as_object().title == "Очередь в ЦОН № 1"
    assert response.status_code in (200, 302)


def test_workflow_states_and_revisions_go_with_a_deleted_issue(issue, moderator):
    issue = submit(issue, moderator)
    pk = issue.pk
    issue.delete()
    assert not WorkflowState.objects.filter(object_id=str(pk), base_content_type__model="issue").exists()
    assert not Revision.objects.filter(object_id=str(pk), base_content_type__model="issue").exists()
    assert not TaskState.objects.filter(workflow_state__object_id=str(pk)).exists()


def test_the_demo_staff_are_made_once_with_passwords_that_work(client):
    import io

    out = io.StringIO()
    call_command("create_demo_staff", stdout=out)
    passwords = dict(
        (line.split(": ")[1].split(" ")[0], line.rsplit("Password: ", 1)[1])
        for line in out.getvalue().splitlines()
        if "Password: " in line
    )
    assert set(passwords) == {"moderator", "supervisor"}
    assert client.login(username="supervisor", password=passwords["supervisor"])
    assert client.get("/admin/").status_code == 200
    again = io.StringIO()
    call_command("create_demo_staff", stdout=again)
    assert "Password" not in again.getvalue()


def test_a_draft_leaves_the_public_caches_alone_and_its_approval_renews_them(issue, moderator, supervisor):
    from mapping.generations import MAP_GENERATION, TRANSPARENCY_GENERATION
    from portal.cache import content_generation

    def generations():
        return content_generation(MAP_GENERATION), content_generation(TRANSPARENCY_GENERATION)

    before = generations()
    draft = issue.get_latest_revision_as_object()
    draft.title = "Черновик правки"
    draft.save_revision(user=moderator)
    issue = submit(issue, moderator)
    assert generations() == before
    approve(issue, supervisor)
    after = generations()
    assert after[0] != before[0] and after[1] != before[1]


def test_a_reviewer_approves_from_the_editor_without_changing_anything(client, issue, moderator, supervisor):
    draft = issue.get_latest_revision_as_object()
    draft.title = "Очередь в ЦОН № 1 (уточнено)"
    draft.save_revision(user=moderator)
    issue = submit(issue, moderator)
    client.force_login(supervisor)
    form = form_of(
        issue.get_latest_revision_as_object(),
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    assert client.post(f"{LIST}edit/{issue.pk}/", form).status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Очередь в ЦОН № 1 (уточнено)" and not issue.workflow_in_progress
