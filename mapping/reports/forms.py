"""The public report form: a report's fields and rules (mapping.reports.intake), and the guards of a form
anyone on the internet can post: a honeypot, the time it took to fill, and a token per form shown.

Every error is a message in the citizen's language, next to the field, with what they typed kept.
"""

import re
import time
import uuid

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from mapping.geometry import in_service_area
from mapping.reports.intake import ReportFields, normalise_phone

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 3600
STARTED_SALT = "mapping.report-form.started"
# The hidden fields of the point on the map: their errors are shown as the address's, the visible way to
# give the place (the error summary leaves them out: mapping.reports.views).
POINT_FIELDS = ("latitude", "longitude", "photo_latitude", "photo_longitude")

__all__ = ["ReportForm", "normalise_phone", "STARTED_SALT", "MIN_FILL_SECONDS", "POINT_FIELDS"]


class ReportForm(ReportFields):
    """A citizen's report as the public form sends it (field names: docs/architecture.md)."""

    # The place a photo was taken, offered back to the citizen, who confirms it with the box.
    use_photo_location = forms.BooleanField(label=_("Use the place where my photo was taken"), required=False)
    photo_latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    photo_longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    # Left empty by people; bots fill every field they find.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    # The order of the page (its steps: the place, what happened, photos, contacts), which the error
    # summary follows (portal.error_summary).
    field_order = [
        "latitude",
        "longitude",
        "address",
        "use_photo_location",
        "photo_latitude",
        "photo_longitude",
        "description",
        "category",
        "photos",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gps_suggestion = None
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=STARTED_SALT)
            self.initial["token"] = uuid.uuid4().hex

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
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Your report could not be accepted. Please call 1424."), code="honeypot"
            )
        data = super().clean()
        if any(name in self.errors for name in POINT_FIELDS) and "address" not in self.errors:
            self.add_error(
                "address", _("The point on the map is incomplete. Mark it again or give an address.")
            )
        return data

    def complete_place(self, data):
        """The photo's own position, once the citizen has ticked the box that offers it."""
        suggested = (data.get("photo_latitude"), data.get("photo_longitude"))
        if data.get("latitude") is None and data.get("use_photo_location") and None not in suggested:
            if in_service_area(*suggested):
                data["latitude"], data["longitude"] = suggested

    def missing_place_message(self):
        located = [info.gps for _content, info in self.processed_photos if info.gps]
        located = [gps for gps in located if in_service_area(*gps)]
        if not located:
            return super().missing_place_message()
        self.gps_suggestion = located[0]
        return _(
            "Mark the place on the map or describe it in words. Your photo records where it was "
            "taken: tick the box below to use that place, and attach the photo again."
        )
