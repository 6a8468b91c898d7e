"""The public report form: validation, abuse guards, one transaction, the tracking code, the status page."""

import io
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from PIL import Image

from mapping import tracking
from mapping.models import Report
from mapping.reports import photos
from mapping.reports.forms import STARTED_SALT, normalise_phone
from tests.factories import IssueFactory, ReportFactory, ReportPageFactory, ReportPhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_page(map_tree):
    cache.clear()
    return ReportPageFactory(parent=map_tree["home"])


def form_data(**overrides):
    data = {
        "description": "В ЦОН № 1 сотрудник попросил деньги за ускорение справки.",
        "category": "services",
        "latitude": "",
        "longitude": "",
        "address": "г. Кокшетау, ул. Абая, 89",
        "anonymity": "confidential",
        "name": "",
        "email": "",
        "phone": "",
        "website": "",
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "token": "0123456789abcdef0123456789abcdef",
    }
    data.update(overrides)
    return data


def jpeg(gps=True, size=(800, 600)):
    image = Image.new("RGB", size, (120, 80, 40))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (53.0, 17.0, 0.0), 3: "E", 4: (69.0, 23.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def post(client, page, data, **files):
    return client.post(page.url, {**data, **files})


def test_the_form_page_is_private_and_has_every_field(client, report_page):
    response = client.get(report_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    for name in (
        "description",
        "category",
        "latitude",
        "longitude",
        "address",
        "photos",
        "anonymity",
        "name",
        "email",
        "phone",
        "consent",
    ):
        assert f'name="{name}"' in html, name
    assert "Анонимные обращения" in html  # the editor's explanation of anonymity
    assert report_page.url + "status/" in html


def test_a_valid_report_is_saved_and_answered_with_a_code(
    client, report_page, django_capture_on_commit_callbacks
):
    # The photo is re-encoded by the task once the report has committed (mapping.reports.pending).
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            report_page,
            form_data(name="Айгерим", phone="8 701 234 56 78", consent="on"),
            photos=[jpeg()],
        )
    assert response.status_code == 200, response.content.decode()[:3000]
    report = Report.objects.get()
    assert report.display_code in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert report.phone == "+77012345678" and report.consent_at is not None
    assert report.category.slug == "services" and report.language == "ru"
    (photo,) = report.photos.all()
    stored = Path(photo.file.path).read_bytes()
    left = photos.strip_check(stored)
    assert left["exif"] == {} and left["gps"] == {}
    assert Path(photo.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))


def test_a_double_submit_makes_one_report_with_the_same_code(client, report_page):
    first = post(client, report_page, form_data())
    second = post(client, report_page, form_data())
    assert Report.objects.count() == 1
    code = Report.objects.get().display_code
    assert code in first.content.decode() and code in second.content.decode()


def test_the_same_form_sent_again_with_other_content_is_explained_and_kept(client, report_page):
    data = form_data()
    post(client, report_page, data)
    changed = {**data, "description": "Другое: в ЦОН № 1 не выдают справки без «подарка» сотруднику."}
    response = post(client, report_page, changed)
    html = response.content.decode()
    assert response.status_code == 409
    with translation.override("ru"):
        message = translation.gettext(
            "This form had already been sent, with other content, and that report was received. What you "
            "have written now is below: check it and send it again to make it a new report."
        )
    assert message in html.replace("&#x27;", "'")
    assert "не выдают справки без «подарка»" in html.replace("&laquo;", "«").replace("&raquo;", "»")
    assert Report.objects.count() == 1
    # The form comes back with a new token: sent again, it is a report of its own.
    new_token = re.search(r'name="token" value="([0-9a-f]{32})"', html).group(1)
    assert new_token != data["token"]
    again = post(client, report_page, {**changed, "token": new_token})
    assert again.status_code == 200
    assert Report.objects.count() == 2
    assert set(Report.objects.values_list("idempotency_token", flat=True)) == {
        f"web:{data['token']}",
        f"web:{new_token}",
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "Коротко"}, "description"),
        ({"description": "х" * 100_000}, "description"),
        ({"address": "", "latitude": "", "longitude": ""}, "address"),
        ({"latitude": "48.85", "longitude": "2.35"}, "address"),
        ({"latitude": "53.28", "longitude": ""}, "address"),
        ({"latitude": "nan", "longitude": "inf"}, "latitude"),
        ({"anonymity": "anonymous", "email": "a@example.kz"}, "anonymity"),
        ({"anonymity": "nobody"}, "anonymity"),
        ({"email": "a@example.kz"}, "consent"),
        ({"phone": "12345", "consent": "on"}, "phone"),
        ({"email": "not-an-email", "consent": "on"}, "email"),
        ({"category": "no-such"}, "category"),
        ({"token": "../../etc/passwd"}, "token"),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_the_text_kept(client, report_page, overrides, field):
    data = form_data(**overrides)
    response = client.post(report_page.url, data)
    assert response.status_code == 400
    assert Report.objects.count() == 0
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'role="alert"' in html
    if len(data["description"]) < 1000:
        assert data["description"] in html


def test_markup_typed_into_the_form_is_shown_escaped(client, report_page):
    script = "<script>alert('x')</script> и ещё текст для длины описания"
    response = post(
        client, report_page, form_data(description=script, address="<b>адрес</b>", name="<i>n</i>")
    )
    html = response.content.decode()
    assert response.status_code == 400  # a name without consent
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>адрес</b>" not in html


def test_the_honeypot_refuses_bots(client, report_page):
    response = post(client, report_page, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_a_form_sent_too_fast_is_refused_with_the_text_kept(client, report_page):
    response = post(client, report_page, form_data(started=signing.dumps(time.time(), salt=STARTED_SALT)))
    assert response.status_code == 400
    assert "В ЦОН № 1 сотрудник" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_forged_start_time_is_refused(client, report_page):
    assert post(client, report_page, form_data(started="1700000000")).status_code == 400


def test_submissions_are_rate_limited_per_client(client, report_page, settings):
    settings.REPORT_RATE_LIMIT = "2/h"
    for n in range(2):
        assert post(client, report_page, form_data(token=f"{n:032x}")).status_code == 200
    response = post(client, report_page, form_data(token=f"{9:032x}"))
    assert response.status_code == 429
    assert "В ЦОН № 1 сотрудник" in response.content.decode()
    other = client.post(report_page.url, form_data(token=f"{8:032x}"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_forwarded_header_is_ignored_without_a_trusted_proxy(client, report_page, settings):
    settings.REPORT_RATE_LIMIT = "1/h"
    assert post(client, report_page, form_data(token=f"{1:032x}")).status_code == 200
    spoofed = client.post(report_page.url, form_data(token=f"{2:032x}"), HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert spoofed.status_code == 429


def test_photos_are_checked_by_content(client, report_page):
    fake = SimpleUploadedFile("photo.jpg", b"this is not an image at all", content_type="image/jpeg")
    response = post(client, report_page, form_data(), photos=[fake])
    assert response.status_code == 400
    assert "photo.jpg" in response.content.decode()
    six = [jpeg(gps=False, size=(20, 20)) for _ in range(6)]
    assert post(client, report_page, form_data(), photos=six).status_code == 400
    assert Report.objects.count() == 0


def rename_table(old, new):
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {old} RENAME TO {new}")


def private_files():
    return {path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()}


def test_when_the_database_fails_nothing_is_lost_and_no_file_is_left(client, report_page):
    before = private_files()
    rename_table("mapping_reportphoto", "mapping_reportphoto_away")
    try:
        response = post(client, report_page, form_data(), photos=[jpeg()])
    finally:
        rename_table("mapping_reportphoto_away", "mapping_reportphoto")
    assert response.status_code == 503
    html = response.content.decode()
    assert "В ЦОН № 1 сотрудник" in html and 'role="alert"' in html
    assert Report.objects.count() == 0
    assert private_files() == before


def test_phone_numbers_are_normalised():
    assert normalise_phone("8 (701) 234-56-78") == "+77012345678"
    assert normalise_phone("+7 7162 25 00 00") == "+77162250000"
    assert normalise_phone("77012345678") == "+77012345678"
    assert normalise_phone("+1 202 555 0101") is None


def test_status_page_for_a_known_and_an_unknown_code(client, report_page, map_tree):
    report = ReportFactory(description="Секретный текст обращения", name="Айгерим", email="a@example.kz")
    known = client.get(report_page.url + "status/", {"code": report.display_code.lower()})
    unknown = client.get(report_page.url + "status/", {"code": "0000-0000-0000-0000"})
    for response in (known, unknown):
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "Секретный текст" not in response.content.decode()
        assert "Айгерим" not in response.content.decode()
        assert "reporter-private@example.kz" not in response.content.decode()
    assert report.display_code in known.content.decode()
    assert 'class="report-status"' in unknown.content.decode()


def test_status_page_follows_the_linked_published_issue(client, report_page, map_tree):
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"], status="in_progress")
    report = ReportFactory(issue=issue, state="accepted")
    html = client.get(report_page.url + "status/", {"code": report.code}).content.decode()
    assert issue.get_status_display() in html and "timeline__entry" in html
    issue.live = False
    issue.save()
    html = client.get(report_page.url + "status/", {"code": report.code}).content.decode()
    assert "timeline__entry" not in html


def test_status_lookups_are_rate_limited(client, report_page, settings):
    settings.REPORT_LOOKUP_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert client.get(report_page.url + "status/", {"code": tracking.new_code()}).status_code == 200
    assert client.get(report_page.url + "status/", {"code": tracking.new_code()}).status_code == 429


def test_photos_of_reports_are_not_on_any_public_url(report_page):
    photo = ReportPhotoFactory()
    assert not Path(photo.file.path).is_relative_to(Path(settings.MEDIA_ROOT))


def test_a_photo_s_gps_is_offered_as_the_place_and_never_stored(
    client, report_page, django_capture_on_commit_callbacks
):
    first = post(client, report_page, form_data(address=""), photos=[jpeg()])
    assert first.status_code == 400
    form = first.context["form"]
    assert form.gps_suggestion == pytest.approx((53.2833, 69.3833), abs=1e-3)
    assert 'name="use_photo_location"' in first.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = post(
            client,
            report_page,
            form_data(
                address="", use_photo_location="on", photo_latitude="53.283333", photo_longitude="69.383333"
            ),
            photos=[jpeg()],
        )
    assert confirmed.status_code == 200
    report = Report.objects.get()
    assert (round(report.latitude, 4), round(report.longitude, 4)) == (53.2833, 69.3833)
    stored = Path(report.photos.get().file.path).read_bytes()
    assert photos.strip_check(stored)["gps"] == {}


def grey_png(side, name):
    """A real PNG of side × side grey pixels: a few kilobytes to send, side² pixels to decode."""
    buffer = io.BytesIO()
    Image.new("L", (side, side), 128).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_photos_that_together_cost_too_much_to_decode_are_refused_with_the_text_kept(client, report_page):
    # Each under the PNG limit (25 megapixels), three together over the budget of one report (64).
    big = [grey_png(4800, f"scan-{number}.png") for number in range(3)]
    assert all(file.size < 200_000 for file in big)
    response = post(client, report_page, form_data(), photos=big)
    html = response.content.decode()
    assert response.status_code == 400
    with translation.override("ru"):
        assert str(photos.PhotoError("over_budget", total_pixels=69_120_000).messages[0]) in html
    assert "В ЦОН № 1 сотрудник попросил деньги" in html
    assert not Report.objects.exists()
    # Two of them fit.
    two = [grey_png(4800, f"scan-{number}.png") for number in range(2)]
    assert post(client, report_page, form_data(), photos=two).status_code == 200
    assert Report.objects.get().photos.count() == 2


def test_a_jpeg_counts_at_the_size_it_is_decoded_at():
    # A 40-megapixel JPEG is decoded at 1/2 (3,872 × 2,592 still covers 2,048 on its longest side)…
    assert photos.decoded_pixels(photos.PhotoInfo("JPEG", 7744, 5184)) == 3872 * 2592
    # … 48 megapixels at 1/2, 12 in full (1/2 would not cover 2,048 × 1,536), a PNG always in full.
    assert photos.decoded_pixels(photos.PhotoInfo("JPEG", 8000, 6000)) == 4000 * 3000
    assert photos.decoded_pixels(photos.PhotoInfo("JPEG", 4000, 3000)) == 4000 * 3000
    assert photos.decoded_pixels(photos.PhotoInfo("PNG", 4000, 3000)) == 12_000_000
    # Five phone photos fit the budget of one report; five 24-megapixel PNGs do not.
    photos.validate_budget([photos.PhotoInfo("JPEG", 8000, 6000)] * 5)
    photos.validate_budget([photos.PhotoInfo("JPEG", 4000, 3000)] * 5)
    with pytest.raises(photos.PhotoError) as refused:
        photos.validate_budget([photos.PhotoInfo("PNG", 4900, 4900)] * 5)
    assert refused.value.code == "over_budget"
