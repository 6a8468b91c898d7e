"""Reports as stored: a tracking code each, contacts dropped when anonymous, photos kept private."""

from pathlib import Path

import pytest
from django.conf import settings

from mapping import tracking
from mapping.models import Anonymity
from tests.factories import ReportFactory, ReportPhotoFactory

pytestmark = pytest.mark.django_db


def test_each_report_gets_its_own_code():
    first = ReportFactory(description="В ЦОН просили деньги.")
    second = ReportFactory(description="Яма на дороге.")
    assert tracking.normalise(first.display_code) == first.code
    assert first.code != second.code
    assert len(first.code) == tracking.LENGTH


def test_an_anonymous_report_keeps_no_contacts():
    report = ReportFactory(
        anonymity=Anonymity.ANONYMOUS,
        name="Айгерим",
        email="a@example.kz",
        phone="+77011234567",
    )
    report.refresh_from_db()
    assert not report.has_contacts


def test_photos_are_stored_outside_public_media():
    photo = ReportPhotoFactory()
    path = Path(photo.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        photo.file.url  # noqa: B018 - no URL serves private photos
