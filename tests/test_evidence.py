"""Evidence of closure: an issue is resolved only with an after photo (checked and re-encoded like citizens'
photos), the authority's official reply, or both; shown on the issue page and its timeline; counted on the
transparency page."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mapping.models import Issue
from mapping.reports.photos import strip_check
from mapping.transparency.figures import compute_figures
from mapping.transparency.query import Period
from tests.approval import approve, submit
from tests.factories import DocumentFactory, IssueFactory
from tests.test_issue_workflow import LIST, form_of

pytestmark = pytest.mark.django_db


def photo_with_gps():
    """A JPEG whose EXIF carries a GPS position and a camera name: all of it must go."""
    image = Image.new("RGB", (1600, 1200), (40, 120, 80))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif.get_ifd(0x8825).update({1: "N", 2: (53.0, 17.0, 0.0), 3: "E", 4: (69.0, 23.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("after.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def issue(map_tree):
    return IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Разбитый пандус",
        location="SRID=4326;POINT(69.3912 53.2871)",
        status="in_progress",
    )


def resolve(client, issue, **fields):
    data = form_of(issue, status="resolved", resolution="Пандус отремонтирован.", **fields)
    return client.post(f"{LIST}edit/{issue.pk}/", data)


def test_resolving_without_evidence_is_refused_with_a_message(admin_client, issue):
    response = resolve(admin_client, issue)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "evidence_document" in errors
    with pytest.raises(ValidationError):
        Issue(
            title="x",
            description="x",
            category=issue.category,
            area=issue.area,
            status="resolved",
            resolution="x",
        ).clean()


def test_an_after_photo_is_re_encoded_without_metadata_and_shown_once_approved(
    admin_client, client, issue, moderator, supervisor
):
    response = resolve(
        admin_client, issue, evidence_photo_upload=photo_with_gps(), evidence_photo_alt="Новый пандус у входа"
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    issue = approve(submit(issue, moderator), supervisor)
    assert issue.status == "resolved" and issue.evidence_photo is not None
    with issue.evidence_photo.file.open("rb") as handle:
        left = strip_check(handle.read())
    assert left["exif"] == {} and left["gps"] == {} and left["app_markers"] == []
    page = client.get(f"/ru/map/issues/{issue.pk}/").content.decode()
    assert 'id="evidence"' in page and 'alt="Новый пандус у входа"' in page
    assert 'href="#evidence"' in page  # from the timeline's "resolved" entry


def test_an_after_photo_needs_its_description_and_a_non_image_is_refused(admin_client, issue):
    response = resolve(admin_client, issue, evidence_photo_upload=photo_with_gps())
    assert "evidence_photo_alt" in response.context["form"].errors
    fake = SimpleUploadedFile("after.jpg", b"MZ this is a program", content_type="image/jpeg")
    response = resolve(admin_client, issue, evidence_photo_upload=fake, evidence_photo_alt="Фото")
    assert response.status_code == 200 and "evidence_photo_upload" in response.context["form"].errors
    assert Issue.objects.get(pk=issue.pk).status == "in_progress"


def test_the_official_reply_is_evidence_and_a_sensitive_issue_shows_no_after_photo(
    admin_client, client, issue, map_tree, moderator, supervisor
):
    reply = DocumentFactory(title="Ответ акимата № 12")
    resolve(
        admin_client,
        issue,
        evidence_document=reply.pk,
        evidence_photo_upload=photo_with_gps(),
        evidence_photo_alt="Пандус",
    )
    issue = approve(submit(issue, moderator), supervisor)
    page = client.get(f"/ru/map/issues/{issue.pk}/").content.decode()
    assert reply.url in page and 'alt="Пандус"' in page
    issue.category = map_tree["corruption"]
    issue.save()
    sensitive = client.get(f"/ru/map/issues/{issue.pk}/").content.decode()
    assert reply.url in sensitive and 'alt="Пандус"' not in sensitive


def test_the_transparency_figures_count_resolutions_with_evidence(map_tree):
    common = {"category": map_tree["services"], "area": map_tree["city"], "authority": map_tree["authority"]}
    IssueFactory(**common, status="resolved", resolution="Да", evidence_document=DocumentFactory())
    IssueFactory(**common, status="resolved", resolution="Да")  # resolved before evidence was required
    IssueFactory(**common, status="in_progress", evidence_document=DocumentFactory())
    figures = compute_figures(Period())
    assert figures["resolved"] == 2 and figures["with_evidence"] == 1
    (row,) = [row for row in figures["authorities"] if row["authority_id"] == map_tree["authority"].pk]
    assert row["with_evidence"] == 1
