"""Media and citizens' photos on S3 (a real SeaweedFS, never a mock): the private bucket refuses anyone
without the key, staff see a photo only through the permission-checked view, a published copy is public,
and erasing a report or failing to save one deletes its object."""

import io
import urllib.error
import urllib.request

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from wagtail.images import get_image_model

from mapping.models import Issue, Report, ReportPhoto, TriageState
from mapping.storage import PrivateS3Storage, private_storage
from portal.settings.object_storage import media_origin, object_storages
from tests.factories import ReportFactory, ReportPageFactory
from tests.s3 import s3_server_fixture  # noqa: F401 (the s3_server fixture)
from tests.test_report_form import form_data, jpeg, post, rename_table
from tests.test_retention import months_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_s3(settings, s3_server):
    """The portal's own S3 settings, built from the S3_* variables, for one test (the storages follow)."""
    settings.STORAGES = {**settings.STORAGES, **object_storages(s3_server.environment())}
    private = storages["private"]
    assert isinstance(private, PrivateS3Storage)
    assert private.querystring_auth is True and private.default_acl == "private"
    return s3_server


def anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our test server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def bucket_url(server, bucket, key):
    return f"{server.endpoint_url}/{bucket}/{key}"


def staff(django_user_model, name, *codenames):
    user = django_user_model.objects.create_user(name, f"{name}@example.kz", "pass-123456-xyz")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_the_storages_are_local_without_s3_settings():
    assert object_storages({}) == {}
    assert type(storages["private"]).__name__ == "PrivateStorage"
    with pytest.raises(ValueError):
        private_storage().url("reports/x.jpg")


def test_the_s3_settings_come_from_the_environment(s3_server):
    environ = {**s3_server.environment(), "S3_MEDIA_URL": "https://cdn.example.kz/media/"}
    configured = object_storages(environ)
    media, private = configured["default"]["OPTIONS"], configured["private"]["OPTIONS"]
    assert media["custom_domain"] == "cdn.example.kz/media" and media["url_protocol"] == "https:"
    assert media["querystring_auth"] is False and media["file_overwrite"] is False
    assert configured["private"]["BACKEND"] == "mapping.storage.PrivateS3Storage"
    assert private["bucket_name"] == s3_server.private_bucket and "querystring_auth" not in private
    # The pages' CSP lets images come from the public address, never from the private bucket's.
    assert media_origin(environ) == "https://cdn.example.kz"
    assert media_origin(s3_server.environment()) == s3_server.endpoint_url
    assert media_origin({}) is None
    with pytest.raises(ImproperlyConfigured):
        object_storages({"S3_MEDIA_BUCKET": "media"})


def test_a_citizens_photo_is_private_on_s3_and_only_permitted_staff_see_it(
    client, map_tree, on_s3, django_user_model, django_capture_on_commit_callbacks
):
    page = ReportPageFactory(parent=map_tree["home"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, page, form_data(), photos=[jpeg()])
    assert response.status_code == 200, response.content.decode()[:2000]
    # The upload as it came waits in the private bucket until the task worker re-encodes it.
    original = Report.objects.get().photos.get().original.name
    assert original in on_s3.keys(on_s3.private_bucket)
    assert original not in on_s3.keys(on_s3.media_bucket)
    for callback in callbacks:
        callback()
    photo = Report.objects.get().photos.get()
    assert photo.file.name in on_s3.keys(on_s3.private_bucket)
    assert photo.file.name not in on_s3.keys(on_s3.media_bucket)
    assert original not in on_s3.keys(on_s3.private_bucket) and not photo.original
    stored = on_s3.client().get_object(Bucket=on_s3.private_bucket, Key=photo.file.name)["Body"].read()
    # Without the key, SeaweedFS refuses the object; the storage gives no URL to link to either.
    status, _ = anonymous_get(bucket_url(on_s3, on_s3.private_bucket, photo.file.name))
    assert status == 403
    with pytest.raises(ValueError):
        photo.file.url  # noqa: B018
    acl = on_s3.client().get_object_acl(Bucket=on_s3.private_bucket, Key=photo.file.name)
    assert not any("AllUsers" in str(grant.get("Grantee")) for grant in acl["Grants"])

    url = f"/admin/reports/photos/{photo.pk}/"
    client.logout()
    assert client.get(url).status_code in (302, 403)
    # Staff without the permission are refused (Wagtail's admin sends them back to its dashboard).
    client.force_login(staff(django_user_model, "clerk", "access_admin"))
    refused = client.get(url)
    assert refused.status_code in (302, 403) and not getattr(refused, "streaming", False)
    client.force_login(staff(django_user_model, "moderator", "access_admin", "view_report"))
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming and "Location" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == stored
    # An object gone from the bucket is a 404 (which the locale middleware turns into a redirect to
    # /ru/admin/…), not a server error.
    on_s3.client().delete_object(Bucket=on_s3.private_bucket, Key=photo.file.name)
    missing = client.get(url)
    assert missing.status_code in (302, 404) and not getattr(missing, "streaming", False)


def test_publishing_copies_the_photo_to_the_public_media_bucket(
    admin_client, map_tree, on_s3, django_capture_on_commit_callbacks
):
    report = ReportFactory(category=map_tree["services"], area=map_tree["city"], photos=1)
    photo = report.photos.get()
    assert photo.file.name in on_s3.keys(on_s3.private_bucket)
    data = {
        "title": "Очередь в ЦОН",
        "description": "В ЦОН № 1 очередь с утра.",
        "category": map_tree["services"].pk,
        "area": map_tree["city"].pk,
        "photos": [photo.pk],
        "photo_alt_text": "Очередь",
        "submit": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/snippets/mapping/report/publish/{report.pk}/", data)
    assert response.status_code == 302
    image = Issue.objects.get(title="Очередь в ЦОН").photos.get().image
    assert isinstance(image, get_image_model())
    assert image.file.name in on_s3.keys(on_s3.media_bucket)
    rendition = image.get_rendition("fill-120x90")
    assert rendition.url.startswith(f"{on_s3.endpoint_url}/{on_s3.media_bucket}/")
    status, body = anonymous_get(rendition.url)
    assert status == 200 and body[:2] == b"\xff\xd8"
    # The private original stays where it was, still refused to the public.
    assert anonymous_get(bucket_url(on_s3, on_s3.private_bucket, photo.file.name))[0] == 403


def test_erasing_a_report_deletes_its_object(settings, on_s3, django_capture_on_commit_callbacks):
    settings.REPORT_RETENTION_MONTHS = 12
    report = ReportFactory(
        photos=1, state=TriageState.REJECTED, rejection_reason="Нет", closed_at=months_ago(13)
    )
    name = report.photos.get().file.name
    assert name in on_s3.keys(on_s3.private_bucket)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_reports", stdout=io.StringIO())
    assert not ReportPhoto.objects.filter(report=report).exists()
    assert name not in on_s3.keys(on_s3.private_bucket)


def test_a_failed_report_leaves_no_object(client, map_tree, on_s3):
    page = ReportPageFactory(parent=map_tree["home"])
    before = on_s3.keys(on_s3.private_bucket)
    rename_table("mapping_reportphoto", "mapping_reportphoto_away")
    try:
        response = post(client, page, form_data(), photos=[jpeg()])
    finally:
        rename_table("mapping_reportphoto_away", "mapping_reportphoto")
    assert response.status_code == 503
    assert Report.objects.count() == 0
    assert on_s3.keys(on_s3.private_bucket) == before


def test_media_go_to_the_media_bucket(on_s3):
    name = default_storage.save("documents/note.txt", io.BytesIO(b"public note"))
    try:
        assert default_storage.url(name) == bucket_url(on_s3, on_s3.media_bucket, name)
        assert anonymous_get(default_storage.url(name)) == (200, b"public note")
    finally:
        default_storage.delete(name)
    assert name not in on_s3.keys(on_s3.media_bucket)
