"""The report form under hostile and heavy use: bad files at the form level, and 50 citizens at once."""

import io
import struct
import time
import zlib

import pillow_heif
import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mapping.models import Report
from mapping.reports.forms import STARTED_SALT
from tests.factories import ReportPageFactory

TEXT = "В ЦОН № 2 потребовали деньги за выдачу справки о несудимости."


def form_data(**overrides):
    data = {
        "description": TEXT,
        "category": "services",
        "address": "г. Кокшетау, ул. Ауэзова, 12",
        "anonymity": "confidential",
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "token": "f" * 32,
    }
    data.update(overrides)
    return data


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def blank_png(width, height):
    """A valid greyscale PNG of any size: rows of zeros compress to almost nothing."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")
    )


def jpeg(size=(200, 150)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def heic():
    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 60)).save(buffer, "HEIF")
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>'

HOSTILE_FILES = {
    "not an image named .jpg": lambda: [upload(b"MZ\x90\x00 this is a program, not a photo")],
    "a truncated JPEG": lambda: [upload(jpeg((400, 300))[:600])],
    "a decompression bomb": lambda: [upload(blank_png(30_000, 30_000), "bomb.png", "image/png")],
    "a 60-megapixel image": lambda: [upload(blank_png(10_000, 6_000), "huge.png", "image/png")],
    "an SVG": lambda: [upload(SVG, "photo.svg", "image/svg+xml")],
    "an 11 MB file": lambda: [upload(jpeg() + b"\x00" * (11 * 1024 * 1024))],
    "six photos": lambda: [upload(jpeg(), f"p{n}.jpg") for n in range(6)],
}


@pytest.fixture
def report_page(map_tree):
    cache.clear()
    return ReportPageFactory(parent=map_tree["home"])


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_files_are_refused_with_a_message_and_the_text_kept(client, report_page, case):
    response = client.post(report_page.url, {**form_data(), "photos": HOSTILE_FILES[case]()})
    assert response.status_code == 400, case
    assert "photos" in response.context["form"].errors, case
    html = response.content.decode()
    assert 'role="alert"' in html
    assert TEXT in html
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_a_heic_photo_from_a_phone_is_accepted(client, report_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_page.url, {**form_data(), "photos": [upload(heic(), "IMG_0002.HEIC", "image/heic")]}
        )
    assert response.status_code == 200
    photo = Report.objects.get().photos.get()
    with photo.file.open("rb") as handle:
        assert Image.open(handle).format == "JPEG"


@pytest.mark.django_db
def test_moderators_and_the_reporter_hear_of_a_new_report(
    client, report_page, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_superuser("chief", "chief@example.kz", "pass-123456-xyz")
    data = form_data(email="citizen@example.kz", name="Асель", consent="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_page.url, data)
    assert response.status_code == 200
    report = Report.objects.get()
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("chief@example.kz",), ("citizen@example.kz",)}
    to_moderator = by_recipient[("chief@example.kz",)]
    # Moderators get the link to the queue, never the contacts or the text.
    assert f"/admin/snippets/mapping/report/inspect/{report.pk}/" in to_moderator.body
    assert "citizen@example.kz" not in to_moderator.body and "Асель" not in to_moderator.body
    assert TEXT not in to_moderator.body
    receipt = by_recipient[("citizen@example.kz",)]
    assert report.display_code in receipt.body and report.display_code in receipt.subject
    assert report_page.url + "status/" in receipt.body


@pytest.mark.django_db
def test_a_failed_submission_sends_nothing(
    client, report_page, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_superuser("chief", "chief@example.kz", "pass-123456-xyz")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(report_page.url, form_data(description="Коротко"))
    assert callbacks == [] and mail.outbox == []
