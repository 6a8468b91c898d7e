"""One way in for every report, whatever channel brought it.

- `ReportFields`: what a report says and the rules every channel checks (a text of some length, a place
  within the area we serve, photos checked by their headers, contacts only with consent and never on an
  anonymous report);
- `submit_report(...)`: the report and its photos (as sent: the task worker re-encodes them,
  `mapping.reports.pending`) saved in one transaction, idempotent by token, and the photos' processing and
  the e-mails queued once it has committed.

Each channel adds its own checks around these and nothing else: the public form
(`mapping.reports.forms`) its honeypot, fill time and form token; staff registering a call or a message
(`mapping.triage.forms`) the channel and the reporter's language; Open311 (`mapping.open311.posting`) the
partner's key and the `media_url` fetch.
"""

import logging
import re

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.geometry import in_service_area
from mapping.models import Anonymity, Category, Report
from mapping.reference import localized_name, reference
from mapping.reports import photos
from mapping.reports.notifications import after_commit, notify_moderators, send_receipt
from mapping.reports.pending import keep_original, process_report_photos
from mapping.reports.tokens import SubmissionMismatch, submission_digest

DESCRIPTION_MIN = 20
DESCRIPTION_MAX = 5000
KAZAKH_PHONE = re.compile(r"^(?:\+?7|8)(\d{10})$")
CONTACT_FIELDS = ("name", "email", "phone")
# The codes of the errors about the point itself, which the form shows by the address (its map has no
# field of its own to show them by); a channel that takes the point as numbers names them after those.
POINT_ERRORS = frozenset({"point_incomplete", "point_outside"})
logger = logging.getLogger(__name__)


def normalise_phone(value):
    """A Kazakh number as +7XXXXXXXXXX, from 8 707 123 45 67, +7 (707) 123-45-67 and the like."""
    digits = re.sub(r"[\s()\-.]", "", value)
    match = KAZAKH_PHONE.match(digits)
    return f"+7{match[1]}" if match else None


def clean_phone(value):
    """An optional phone field's value: empty, or a Kazakh number normalised to +7, or a clear error."""
    phone = (value or "").strip()
    if not phone:
        return ""
    normalised = normalise_phone(phone)
    if normalised is None:
        raise forms.ValidationError(_("Give a Kazakh phone number, for example +7 701 234 56 78."))
    return normalised


def has_contacts(data):
    return any(data.get(name) for name in CONTACT_FIELDS)


def category_choices():
    choices = [("", _("I don't know"))]
    choices += [(slug, localized_name(category)) for slug, category in reference()["categories"].items()]
    return choices


def category_for(slug):
    """The default-language category of a slug, from the database (reference() holds copies)."""
    return (
        Category.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        if slug
        else None
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (`photos`); their content is checked by mapping.reports.photos."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ReportFields(forms.Form):
    """What a citizen's report says, with the rules every channel checks. Field names are a stable
    interface (the public form posts them; Open311's parameters are mapped onto them)."""

    description = forms.CharField(
        label=_("What happened?"),
        min_length=DESCRIPTION_MIN,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Where, when, who was involved, what you saw. At least 20 characters."),
    )
    category = forms.ChoiceField(label=_("What is it about?"), required=False)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("Address or description of the place"),
        max_length=300,
        required=False,
        help_text=_("Needed if you do not mark the place on the map."),
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 5 photos (JPEG, PNG, WebP or HEIC), each at most 10 MB."),
    )
    anonymity = forms.ChoiceField(
        label=_("How do you want to report?"),
        choices=Anonymity.choices,
        initial=Anonymity.CONFIDENTIAL,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, help_text=_("For example +7 701 234 56 78.")
    )
    consent = forms.BooleanField(label=_("I agree to the processing of my personal data"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed_photos = []
        self.fields["category"].choices = category_choices()

    def clean_photos(self):
        """Check every photo by its headers now, so that an error shows next to the field; decoding and
        re-encoding are the task worker's (no upload holds a web worker for long)."""
        files = self.cleaned_data["photos"]
        photos.validate_photos(files)
        self.processed_photos = [(file, photos.sniff(file)) for file in files if file]
        photos.validate_budget(info for _file, info in self.processed_photos)
        return files

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            message = _("The point on the map is incomplete. Mark it again or give an address.")
            self.add_error("address", forms.ValidationError(message, code="point_incomplete"))
        elif latitude is not None and not in_service_area(latitude, longitude):
            message = _(
                "This point is outside the area we serve. Mark a place in Kazakhstan or give an address."
            )
            self.add_error("address", forms.ValidationError(message, code="point_outside"))
        self.complete_place(data)
        if data.get("latitude") is None and not data.get("address", "").strip():
            self.add_error("address", self.missing_place_message())
        if data.get("anonymity") == Anonymity.ANONYMOUS and has_contacts(data):
            self.add_error(
                "anonymity",
                _("An anonymous report keeps no contacts: remove them, or choose a confidential report."),
            )
        elif has_contacts(data) and not data.get("consent"):
            self.add_error(
                "consent", _("To give your contacts, agree to the processing of your personal data.")
            )
        return data

    def complete_place(self, data):
        """A channel that knows the place another way fills `latitude` and `longitude` here."""

    def missing_place_message(self):
        return _("Mark the place on the map or describe it in words.")

    def report_fields(self):
        """The checked values as `submit_report` takes them."""
        data = self.cleaned_data
        return {
            "description": data["description"],
            "category": category_for(data.get("category")),
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "address": data.get("address", ""),
            "anonymity": data["anonymity"],
            "name": data.get("name", ""),
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
            "consent": bool(data.get("consent")),
        }


def submit_report(fields, *, channel, language, token=None, processed_photos=(), partner=None, staff=False):
    """Save a report and its photos in one transaction, queue its photos and e-mails; return the report.

    `fields` are the values of `ReportFields.report_fields()` (`area` may be added by staff). A `token`
    makes the submission idempotent: the same token again returns the report the first one made, even
    when both race. `processed_photos` are the `(upload, PhotoInfo)` pairs of `ReportFields`, checked by
    their headers: each is stored as it came, and re-encoded by the task worker once the report has
    committed (`mapping.reports.pending`). The files of a failed transaction are removed. Moderators
    hear of every report except one staff registered themselves (`staff`); the reporter, if they gave an
    e-mail, gets the tracking code. A `token` already used by a submission with other content raises
    `SubmissionMismatch` (`mapping.reports.tokens`: tokens are namespaced by channel and partner).
    """
    digest = submission_digest(fields, processed_photos) if token is not None else ""
    if token is not None:
        existing = Report.objects.filter(idempotency_token=token).first()
        if existing is not None:
            return same_submission(existing, digest)
    fields = dict(fields)
    consent = fields.pop("consent", False)
    saved_files = []
    try:
        with transaction.atomic():
            report = Report.objects.create(
                idempotency_token=token,
                submission_digest=digest,
                channel=channel,
                partner=partner,
                language=language,
                consent_at=timezone.now() if consent else None,
                **fields,
            )
            for upload, info in processed_photos:
                photo = keep_original(report, upload, info)
                saved_files.append(photo.original)
                photo.save()
            if processed_photos:
                after_commit(process_report_photos, report.pk)
            if not staff:
                after_commit(notify_moderators, report.pk)
            after_commit(send_receipt, report.pk)
    except IntegrityError:
        remove_files(saved_files)
        existing = Report.objects.filter(idempotency_token=token).first() if token else None
        if existing is None:
            raise
        return same_submission(existing, digest)
    except BaseException:
        remove_files(saved_files)
        raise
    return report


def same_submission(existing, digest):
    """The report a token made, if this submission says the same (reports older than the digest too)."""
    if existing.submission_digest and existing.submission_digest != digest:
        raise SubmissionMismatch(existing)
    return existing


def remove_files(files):
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.warning("Could not remove %s after a failed report", file.name)
