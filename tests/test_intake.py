"""The one way in for every report (mapping.reports.intake): the rules all channels share, the guards
each channel keeps to itself, and `submit_report`, which every channel saves through."""

import pytest
from django.core import mail
from django.utils import translation

from mapping.models import Report, ReportPhoto, SourceChannel
from mapping.reports import photos
from mapping.reports.forms import ReportForm
from mapping.reports.intake import ReportFields, submit_report
from mapping.reports.tokens import SubmissionMismatch
from tests.test_report_form import form_data, jpeg

GUARDS = {"website", "started", "token"}


def fields(**overrides):
    """A report as every channel sends it, without the public form's guards."""
    return {key: value for key, value in form_data(**overrides).items() if key not in GUARDS}


def test_the_public_form_adds_its_guards_to_the_shared_fields():
    shared = set(ReportFields.base_fields)
    assert GUARDS.isdisjoint(shared)
    assert shared < set(ReportForm.base_fields)
    assert GUARDS <= set(ReportForm.base_fields)
    # The field names are a stable interface: the public form posts them in this order.
    assert list(ReportForm.base_fields)[:5] == ["description", "category", "latitude", "longitude", "address"]


def test_the_shared_rules_hold_without_the_public_guards(map_tree):
    assert ReportFields(fields()).is_valid()
    with translation.override("ru"):
        anonymous = ReportFields(fields(anonymity="anonymous", email="citizen@example.kz"))
        assert not anonymous.is_valid() and "anonymity" in anonymous.errors
        no_consent = ReportFields(fields(email="citizen@example.kz"))
        assert not no_consent.is_valid() and "consent" in no_consent.errors
        nowhere = ReportFields(fields(address=""))
        assert not nowhere.is_valid() and "address" in nowhere.errors
        abroad = ReportFields(fields(latitude="48.85", longitude="2.35"))
        assert not abroad.is_valid() and "address" in abroad.errors
    # The public form refuses the same report without its guards.
    public = ReportForm(fields())
    assert not public.is_valid() and {"started", "token"} <= set(public.errors)


def test_submit_report_saves_the_report_and_its_photos_once_per_token(
    map_tree, django_capture_on_commit_callbacks
):
    form = ReportFields(fields(), {"photos": [jpeg()]})
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        first = submit_report(
            form.report_fields(),
            channel=SourceChannel.WEB,
            language="kk",
            token="web:" + "a" * 32,
            processed_photos=form.processed_photos,
        )
    again = submit_report(
        form.report_fields(),
        channel=SourceChannel.WEB,
        language="kk",
        token="web:" + "a" * 32,
        processed_photos=form.processed_photos,
    )
    assert again.pk == first.pk
    # The same token with other content (here, without its photo) is refused, never taken as the first.
    with pytest.raises(SubmissionMismatch) as refused:
        submit_report(form.report_fields(), channel=SourceChannel.WEB, language="kk", token="web:" + "a" * 32)
    assert refused.value.report.pk == first.pk
    assert Report.objects.count() == 1 and ReportPhoto.objects.filter(report=first).count() == 1
    assert first.language == "kk" and first.category.slug == "services"
    saved = ReportPhoto.objects.get(report=first)
    left = photos.strip_check(saved.file.read())
    assert left["format"] == "JPEG" and left["gps"] == {} and left["exif"] == {} and left["app_markers"] == []
    assert first.consent_at is None


def test_staff_registrations_do_not_alert_the_moderators_but_tell_the_reporter(
    map_tree, admin_user, django_capture_on_commit_callbacks
):
    data = {
        "description": "Позвонил житель: в ЦОН № 1 просили деньги за справку.",
        "category": map_tree["services"],
        "area": map_tree["city"],
        "address": "г. Кокшетау, ул. Абая, 89",
        "latitude": None,
        "longitude": None,
        "anonymity": "confidential",
        "name": "Айгерим",
        "email": "citizen@example.kz",
        "phone": "",
        "consent": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(data, channel=SourceChannel.PHONE, language="ru", staff=True)
    assert report.channel == SourceChannel.PHONE and report.idempotency_token is None
    assert report.consent_at is not None
    recipients = [message.to for message in mail.outbox]
    assert recipients == [["citizen@example.kz"]]
    assert report.display_code in mail.outbox[0].body


@pytest.mark.parametrize("channel", [SourceChannel.WEB, SourceChannel.APP])
def test_citizen_and_partner_reports_alert_the_moderators(
    map_tree, admin_user, channel, django_capture_on_commit_callbacks
):
    form = ReportFields(fields())
    assert form.is_valid()
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(form.report_fields(), channel=channel, language="ru", token=f"{channel}-token")
    assert [message.to for message in mail.outbox] == [[admin_user.email]]
