"""The public report form: what a citizen sends, checked field by field, with the abuse guards.

Every error is a message in the citizen's language, next to the field, with what they typed kept.
"""

import re
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from mapping import photos
from mapping.geometry import in_service_area
from mapping.models import Anonymity, Category
from mapping.reference import localized_name, reference

DESCRIPTION_MIN = 20
DESCRIPTION_MAX = 5000
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 3600
STARTED_SALT = "mapping.report-form.started"
KAZAKH_PHONE = re.compile(r"^(?:\+?7|8)(\d{10})$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (`photos`); their content is checked by mapping.photos."""

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


def category_choices():
    choices = [("", _("I don't know"))]
    choices += [(slug, localized_name(category)) for slug, category in reference()["categories"].items()]
    return choices


class ReportForm(forms.Form):
    """A citizen's report. Field names are a stable interface (DESIGN.md)."""

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
    # The place a photo was taken, offered back to the citizen, who confirms it with the box.
    use_photo_location = forms.BooleanField(label=_("Use the place where my photo was taken"), required=False)
    photo_latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    photo_longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
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
    # Left empty by people; bots fill every field they find.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed_photos = []
        self.gps_suggestion = None
        self.fields["category"].choices = category_choices()
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=STARTED_SALT)
            self.initial["token"] = uuid.uuid4().hex

    def clean_photos(self):
        """Check and re-encode every photo now, so that an error shows next to the field."""
        files = self.cleaned_data["photos"]
        photos.validate_photos(files)
        self.processed_photos = [photos.reencode(file) for file in files if file]
        return files

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not re.fullmatch(r"[0-9a-f]{32}", token):
            raise forms.ValidationError(_("The form is damaged. Please reload the page and send it again."))
        return token

    def clean_started(self):
        """When the form was shown, as signed by the server: a bot cannot fake it, a person cannot lose it."""
        try:
            shown = signing.loads(
                self.cleaned_data["started"], salt=STARTED_SALT, max_age=MAX_FORM_AGE_SECONDS
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open too long. Please check your text and send it again.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form is damaged. Please reload the page and send it again.")
            ) from None
        if time.time() - shown < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent faster than a person can fill it. Check your text and send it again.")
            )
        return self.cleaned_data["started"]

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(
                _("Your report could not be accepted. Please call 1424."), code="honeypot"
            )
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error(
                "address", _("The point on the map is incomplete. Mark it again or give an address.")
            )
        elif latitude is not None and not in_service_area(latitude, longitude):
            self.add_error(
                "address",
                _("This point is outside the area we serve. Mark a place in Kazakhstan or give an address."),
            )
        suggested = (data.get("photo_latitude"), data.get("photo_longitude"))
        if latitude is None and data.get("use_photo_location") and None not in suggested:
            if in_service_area(*suggested):
                data["latitude"], data["longitude"] = latitude, longitude = suggested
        if latitude is None and not data.get("address", "").strip():
            located = [info.gps for _content, info in self.processed_photos if info.gps]
            located = [gps for gps in located if in_service_area(*gps)]
            if located:
                self.gps_suggestion = located[0]
                self.add_error(
                    "address",
                    _(
                        "Mark the place on the map or describe it in words. Your photo records where it was "
                        "taken: tick the box below to use that place, and attach the photo again."
                    ),
                )
            else:
                self.add_error("address", _("Mark the place on the map or describe it in words."))
        has_contacts = any(data.get(name) for name in ("name", "email", "phone"))
        if data.get("anonymity") == Anonymity.ANONYMOUS and has_contacts:
            self.add_error(
                "anonymity",
                _("An anonymous report keeps no contacts: remove them, or choose a confidential report."),
            )
        elif has_contacts and not data.get("consent"):
            self.add_error(
                "consent", _("To give your contacts, agree to the processing of your personal data.")
            )
        return data


def category_for(slug):
    """The default-language category of a slug, from the database (reference() holds copies)."""
    return (
        Category.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        if slug
        else None
    )
