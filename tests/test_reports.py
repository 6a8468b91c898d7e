"""Reports as stored: a tracking code each, contacts dropped when anonymous, photos kept private."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from mapping import tracking
from mapping.models import Anonymity, Report, ReportPhoto

pytestmark = pytest.mark.django_db


def test_each_report_gets_its_own_code():
    first = Report.objects.create(description="В ЦОН просили деньги.")
    second = Report.objects.create(description="Яма на дороге.")
    assert tracking.normalise(first.display_code) == first.code
    assert first.code != second.code
    assert len(first.code) == tracking.LENGTH


def test_an_anonymous_report_keeps_no_contacts():
    report = Report.objects.create(
        description="Текст",
        anonymity=Anonymity.ANONYMOUS,
        name="Айгерим",
        email="a@example.kz",
        phone="+77011234567",
    )
    report.refresh_from_db()
    assert not report.has_contacts


def test_photos_are_stored_outside_public_media():
    report = Report.objects.create(description="Текст")
    photo = ReportPhoto.objects.create(
        report=report, file=ContentFile(b"jpeg", name="p.jpg"), width=1, height=1
    )
    path = Path(photo.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        photo.file.url  # noqa: B018 - no URL serves private photos
