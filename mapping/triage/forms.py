"""The forms staff triage reports with: route and reply, register a call, publish as an issue, link."""

from django import forms
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from mapping.geometry import in_service_area
from mapping.models import Anonymity, Area, Authority, Category, Issue, SourceChannel, TriageState
from mapping.reports.intake import DESCRIPTION_MAX, clean_phone, submit_report
from mapping.triage.actions import suggested_authorities

# Channels a report reaches staff through, other than the web form and the monitoring groups.
STAFF_CHANNELS = [SourceChannel.PHONE, SourceChannel.SOCIAL, SourceChannel.MEDIA, SourceChannel.APP]
# What staff take down of a call or a message (the registration form's fields but the channel and language).
STAFF_REPORT_FIELDS = (
    "description",
    "category",
    "area",
    "address",
    "latitude",
    "longitude",
    "anonymity",
    "name",
    "email",
    "phone",
)


def default_locale_only(form):
    """Reports, like issues, are routed to the default-language reference items."""
    locale = Locale.get_default()
    for name, model in (("category", Category), ("area", Area), ("authority", Authority)):
        if name in form.fields:
            form.fields[name].queryset = model.objects.filter(locale=locale)


def validate_route(form, data):
    """What a triage state needs: a reason to reject, an answer to answer, an issue to accept."""
    state = data.get("state")
    if state == TriageState.REJECTED and not (data.get("rejection_reason") or "").strip():
        form.add_error("rejection_reason", _("Give the reason: the reporter will read it."))
    if state == TriageState.ANSWERED and not (data.get("answer") or "").strip():
        form.add_error("answer", _("Write the answer: the reporter will read it."))
    if state == TriageState.ACCEPTED and not data.get("issue"):
        form.add_error(
            "state",
            _("A report is accepted by publishing it as an issue or linking it to one: use those actions."),
        )
    if data.get("issue") and state not in (TriageState.ACCEPTED, None):
        form.add_error(
            "state", _("A report linked to an issue is accepted: choose that state or remove the issue.")
        )


def validate_point(form, data):
    """A point typed in by staff: both coordinates or none, and within the area the portal serves."""
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if (latitude is None) != (longitude is None):
        form.add_error("latitude", _("Give both the latitude and the longitude, or neither."))
    elif latitude is not None and not in_service_area(latitude, longitude):
        form.add_error("latitude", _("This point is outside the area we serve."))


class ReportTriageForm(WagtailAdminModelForm):
    """The route of a report (category, area, authority) and its state, with the authorities suggested."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default_locale_only(self)
        report = self.instance
        if "authority" in self.fields and report.pk:
            suggestions = suggested_authorities(report.category, report.area)
            if suggestions:
                self.fields["authority"].help_text = format_html_join(
                    "; ",
                    "{} ({})",
                    ((authority, reason) for authority, reason in suggestions),
                )
                if report.authority_id is None:
                    self.initial["authority"] = suggestions[0][0].pk

    def clean(self):
        data = super().clean()
        validate_route(self, data)
        return data


class StaffReportForm(WagtailAdminModelForm):
    """A report that arrived by phone, social network or the media, typed in by staff."""

    consent = forms.BooleanField(
        label=_("The reporter agreed to the processing of personal data"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default_locale_only(self)
        if "channel" in self.fields:
            self.fields["channel"].choices = [(c.value, c.label) for c in STAFF_CHANNELS]
            self.initial.setdefault("channel", SourceChannel.PHONE)
        if "language" in self.fields:
            self.fields["language"] = forms.ChoiceField(
                label=_("Language of the reporter"),
                choices=[(code, _(name)) for code, name in settings.LANGUAGES],
                initial=settings.LANGUAGE_CODE,
            )
        if "description" in self.fields:
            self.fields["description"].max_length = DESCRIPTION_MAX
            self.fields["description"].widget.attrs["maxlength"] = DESCRIPTION_MAX

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        validate_point(self, data)
        has_contacts = any(data.get(name) for name in ("name", "email", "phone"))
        if data.get("anonymity") == Anonymity.ANONYMOUS and has_contacts:
            self.add_error(
                "anonymity", _("An anonymous report keeps no contacts: remove them or make it confidential.")
            )
        elif has_contacts and not data.get("consent"):
            self.add_error("consent", _("Contacts are kept only with the reporter's consent."))
        validate_route(self, data)
        return data

    def save(self, commit=True):
        """The report through the one way in for every channel (mapping.reports.intake)."""
        data = self.cleaned_data
        fields = {name: data.get(name) for name in STAFF_REPORT_FIELDS}
        fields["consent"] = bool(data.get("consent"))
        self.instance = submit_report(fields, channel=data["channel"], language=data["language"], staff=True)
        return self.instance


class PhotoChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, photo):
        return _("Photo %(number)s (%(width)s × %(height)s)") % {
            "number": photo.number,
            "width": photo.width,
            "height": photo.height,
        }


class IssueFromReportForm(forms.Form):
    """A public issue made from a report: staff rewrite the text for the public and choose the photos."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Public description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=DESCRIPTION_MAX,
        help_text=_(
            "Shown to everyone: remove names, phone numbers and anything else that identifies people."
        ),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    authority = forms.ModelChoiceField(
        label=_("Competent authority"), queryset=Authority.objects.none(), required=False
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    photos = PhotoChoiceField(
        label=_("Photos to publish"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what shows no one's face or documents. Never published in a sensitive category."),
    )
    photo_alt_text = forms.CharField(
        label=_("What the photos show"),
        max_length=300,
        required=False,
        help_text=_("Alternative text for people who cannot see the photos."),
    )
    submit = forms.BooleanField(
        label=_("Submit for approval now"),
        required=False,
        initial=True,
        help_text=_("A second person approves the issue before it is published on the map."),
    )

    def __init__(self, *args, report, user, **kwargs):
        super().__init__(*args, **kwargs)
        default_locale_only(self)
        self.report = report
        photos = list(report.photos.order_by("pk"))
        for number, photo in enumerate(photos, start=1):
            photo.number = number
        # Only photos the task worker has re-encoded can be published (mapping.reports.pending).
        photos = [photo for photo in photos if not photo.pending]
        self.fields["photos"].queryset = report.photos.exclude(file="").order_by("pk")
        self.fields["photos"].choices = [
            (photo.pk, self.fields["photos"].label_from_instance(photo)) for photo in photos
        ]
        self.photo_list = photos
        if not photos:
            del self.fields["photos"]
            del self.fields["photo_alt_text"]
        if not self.is_bound:
            suggestions = suggested_authorities(report.category, report.area)
            self.initial.update(
                {
                    "description": report.description,
                    "category": report.category_id,
                    "area": report.area_id,
                    "authority": report.authority_id or (suggestions[0][0].pk if suggestions else None),
                    "address": report.address,
                    "latitude": report.latitude,
                    "longitude": report.longitude,
                }
            )

    def clean(self):
        data = super().clean()
        validate_point(self, data)
        chosen = data.get("photos") or []
        category = data.get("category")
        if chosen and category is not None and category.sensitive:
            self.add_error("photos", _("Photos are never published in a sensitive category."))
        if chosen and not (data.get("photo_alt_text") or "").strip():
            self.add_error("photo_alt_text", _("Say what the photos show."))
        return data


class LinkToIssueForm(forms.Form):
    """Link a report to an issue already known: one of the suggested likely duplicates, or by number."""

    suggested = forms.TypedChoiceField(
        label=_("Likely duplicates"), coerce=int, required=False, widget=forms.RadioSelect, empty_value=None
    )
    issue_number = forms.IntegerField(
        label=_("Or the issue number"), required=False, min_value=1, help_text=_("As in the list of issues.")
    )

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested"].choices = [
            (
                issue.pk,
                _("No. %(number)s — %(title)s (%(distance)s m away, %(status)s)")
                % {
                    "number": issue.pk,
                    "title": issue.title,
                    "distance": issue.distance,
                    "status": issue.get_status_display(),
                },
            )
            for issue in suggestions
        ]
        if not suggestions:
            del self.fields["suggested"]

    def clean(self):
        data = super().clean()
        number = data.get("issue_number") or data.get("suggested")
        if not number:
            raise forms.ValidationError(_("Choose a suggested issue or give an issue number."))
        issue = Issue.objects.filter(pk=number).first()
        if issue is None:
            self.add_error("issue_number", _("There is no issue with this number."))
        data["issue"] = issue
        return data
