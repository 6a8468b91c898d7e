"""Uploads that do not hold a web worker (issue 12): the request reads headers only and keeps the upload
as it came; the task worker re-encodes it (mapping.reports.pending). Until then the photo is pending:
not served, not shown, and the status page says the photos are being processed."""

import io
import logging
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from mapping.models import Report, ReportPhoto
from mapping.reports import pending, photos
from tests.factories import ReportFactory, ReportPageFactory, ReportPhotoFactory
from tests.test_photos import gps_exif
from tests.test_report_form import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_page(map_tree):
    return ReportPageFactory(parent=map_tree["home"])


def jpeg_with_exif(size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buffer, format="JPEG", exif=gps_exif(orientation=6))
    return buffer.getvalue()


def upload(data, name=None):
    return ContentFile(data, name=name or f"{uuid.uuid4().hex}.upload")


def private_files():
    return {path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()}


def staff(django_user_model, *codenames):
    user = django_user_model.objects.create_user("moderator", "m@example.kz", "pass-123456-xyz")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def status_page(client, page, report):
    return client.get(
        page.url + page.reverse_subpage("status"), {"code": report.display_code}
    ).content.decode()


def test_a_png_above_the_lower_limit_is_refused_in_the_citizen_s_language_with_the_text_kept(
    client, map_tree, no_decoding
):
    page = ReportPageFactory(parent=map_tree["homes"]["kk"])
    # 30 MP of real pixels in a tiny file: under the JPEG limit, over the one of formats decoded in full.
    buffer = io.BytesIO()
    Image.new("1", (6000, 5000), 1).save(buffer, format="PNG")
    data = form_data(description="ЦОН-да анықтама үшін ақша сұрады, кезек өте ұзын болды.")
    response = client.post(page.url, {**data, "photos": [upload(buffer.getvalue(), "scan.png")]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "«scan.png» фотосуретінің өлшемі 25 мегапиксельден асады" in html
    assert "ЦОН-да анықтама үшін ақша сұрады" in html
    assert Report.objects.count() == 0


def test_the_request_keeps_the_upload_as_it_came_and_decodes_no_pixel(
    client, report_page, django_capture_on_commit_callbacks, monkeypatch, no_decoding
):
    sent = jpeg_with_exif()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(report_page.url, {**form_data(), "photos": [upload(sent, "IMG_0001.jpg")]})
    assert response.status_code == 200 and callbacks  # the task waits for the commit, not run here
    report = Report.objects.get()
    photo = report.photos.get()
    assert photo.pending and not photo.file and (photo.width, photo.height) == (800, 600)
    assert photo.original.name.startswith("reports/pending/")
    original = Path(photo.original.path)
    assert original.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert original.read_bytes() == sent
    assert "Ваши фотографии обрабатываются" in status_page(client, report_page, report)

    # Once the report has committed, the task worker decodes and re-encodes the photo.
    monkeypatch.undo()
    for callback in callbacks:
        callback()
    photo.refresh_from_db()
    assert not photo.pending and not original.exists()
    assert photos.strip_check(Path(photo.file.path).read_bytes())["exif"] == {}
    assert "Ваши фотографии обрабатываются" not in status_page(client, report_page, report)


def test_a_pending_photo_is_neither_served_nor_shown_to_staff_and_the_status_page_says_so(
    client, report_page, django_user_model
):
    report = ReportFactory()
    photo = ReportPhotoFactory(report=report, pending=True, upload=upload(jpeg_with_exif()))
    done = ReportPhotoFactory(report=report)
    client.force_login(staff(django_user_model, "access_admin", "view_report", "change_report", "add_issue"))
    assert client.get(f"/admin/reports/photos/{photo.pk}/").status_code in (302, 404)
    assert client.get(f"/admin/reports/photos/{done.pk}/").status_code == 200
    for url in (
        f"/admin/snippets/mapping/report/inspect/{report.pk}/",
        f"/admin/snippets/mapping/report/publish/{report.pk}/",
    ):
        html = client.get(url).content.decode()
        assert "Фотография 1 обрабатывается" in html, url
        assert (
            f"/admin/reports/photos/{photo.pk}/" not in html and f"/admin/reports/photos/{done.pk}/" in html
        )
    # Only the re-encoded photo can be published.
    html = client.get(f"/admin/snippets/mapping/report/publish/{report.pk}/").content.decode()
    assert f'name="photos" value="{done.pk}"' in html and f'name="photos" value="{photo.pk}"' not in html

    message = "Ваши фотографии обрабатываются"
    assert message in status_page(client, report_page, report)
    pending.process_report_photos.enqueue(report.pk)
    assert message not in status_page(client, report_page, report)


def test_the_task_re_encodes_strips_the_metadata_and_deletes_the_original(report_page):
    photo = ReportPhotoFactory(pending=True, upload=upload(jpeg_with_exif()))
    original = Path(photo.original.path)
    result = pending.process_report_photos.enqueue(photo.report_id)
    assert result.return_value == 1
    photo.refresh_from_db()
    assert not photo.pending and not photo.original
    assert not original.exists()
    # Upright (EXIF orientation 6 applied), then every tag dropped.
    assert (photo.width, photo.height) == (600, 800)
    with photo.file.open("rb") as handle:
        left = photos.strip_check(handle.read())
    assert left["format"] == "JPEG" and left["size"] == (600, 800)
    assert left["exif"] == {} and left["gps"] == {} and left["app_markers"] == []
    assert photo.file.name.startswith("reports/") and photo.file.name.endswith(".jpg")
    assert "pending" not in photo.file.name


def test_running_the_task_again_changes_nothing_and_a_run_that_stopped_half_way_leaves_no_file(report_page):
    photo = ReportPhotoFactory(pending=True, upload=upload(jpeg_with_exif()))
    before = private_files() - {Path(photo.original.path)}
    # A run that wrote the JPEG and stopped before recording it.
    storage = photo.original.storage
    final = pending.final_name(photo.original.name)
    assert storage.save(final, ContentFile(b"half-written")) == final
    assert pending.process_report_photos.call(photo.report_id) == 1
    photo.refresh_from_db()
    after = private_files()
    assert photo.file.name == final and after == before | {Path(photo.file.path)}
    with photo.file.open("rb") as handle:
        assert handle.read(2) == b"\xff\xd8"
    assert pending.process_report_photos.call(photo.report_id) == 0
    assert pending.process_photo(photo.pk) == 0
    assert private_files() == after
    assert ReportPhoto.objects.get(pk=photo.pk).file.name == photo.file.name


def test_two_runs_at_once_record_the_photo_once_and_keep_its_file(report_page, monkeypatch):
    photo = ReportPhotoFactory(pending=True, upload=upload(jpeg_with_exif()))
    before = private_files() - {Path(photo.original.path)}
    reencode = photos.reencode
    inner = []

    def racing(handle):
        result = reencode(handle)
        if not inner:  # the other run finishes while this one is still re-encoding
            inner.append(None)
            inner[0] = pending.process_photo(photo.pk)
        return result

    monkeypatch.setattr(photos, "reencode", racing)
    assert pending.process_photo(photo.pk) == 0 and inner == [1]
    photo.refresh_from_db()
    assert not photo.pending and Path(photo.file.path).exists()
    assert not photo.original and private_files() == before | {Path(photo.file.path)}


def test_a_photo_the_worker_cannot_decode_is_dropped_with_a_log_line_and_the_report_kept(report_page, caplog):
    whole = jpeg_with_exif((400, 300))
    broken = ReportPhotoFactory(pending=True, upload=upload(whole[:200] + b"\x00" * 2000 + whole[-2:]))
    good = ReportPhotoFactory(report=broken.report, pending=True, upload=upload(whole))
    original = Path(broken.original.path)
    with caplog.at_level(logging.WARNING, logger="mapping.reports.pending"):
        assert pending.process_report_photos.call(broken.report_id) == 1
    assert f"Photo {broken.pk} of report {broken.report_id} dropped" in caplog.text
    assert not original.exists() and not ReportPhoto.objects.filter(pk=broken.pk).exists()
    assert Report.objects.filter(pk=broken.report_id).exists()
    good.refresh_from_db()
    assert not good.pending


def test_a_storage_fault_leaves_the_photo_pending_for_the_next_run(report_page, monkeypatch):
    photo = ReportPhotoFactory(pending=True, upload=upload(jpeg_with_exif()))
    storage_class = photo.original.storage.__class__
    save = storage_class.save

    def failing(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storage_class, "save", failing)
    with pytest.raises(OSError):
        pending.process_report_photos.call(photo.report_id)
    assert ReportPhoto.objects.get(pk=photo.pk).pending and Path(photo.original.path).exists()
    monkeypatch.setattr(storage_class, "save", save)
    assert pending.process_report_photos.call(photo.report_id) == 1


def test_erasing_a_report_deletes_a_pending_original_too(report_page, django_capture_on_commit_callbacks):
    report = ReportFactory(state="rejected")
    Report.objects.filter(pk=report.pk).update(closed_at="2000-01-01T00:00:00Z")
    photo = ReportPhotoFactory(report=report, pending=True)
    original = Path(photo.original.path)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_reports", stdout=io.StringIO())
    assert not original.exists() and not ReportPhoto.objects.filter(report=report).exists()


def test_a_command_processes_what_a_lost_task_left_pending(report_page):
    photo = ReportPhotoFactory(pending=True, upload=upload(jpeg_with_exif()))
    out = io.StringIO()
    call_command("process_report_photos", "--dry-run", "--older-than", "0", stdout=out)
    assert "1 photo(s) waiting" in out.getvalue()
    call_command("process_report_photos", "--older-than", "10", stdout=out)
    assert ReportPhoto.objects.get(pk=photo.pk).pending  # too recent: its task is probably still queued
    call_command("process_report_photos", "--older-than", "0", stdout=out)
    assert "Processed 1 photo(s) of 1 report(s)." in out.getvalue()
    assert not ReportPhoto.objects.get(pk=photo.pk).pending
