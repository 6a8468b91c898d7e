"""The admin form of an issue: the public note that goes with a status change, and the after photo that
evidences a resolution (checked and re-encoded like citizens' photos)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.issues.images import public_image
from mapping.models.issues import local_today
from mapping.reports.photos import PhotoError, reencode
from portal.locale_choices import OneLanguageModelForm


class IssueAdminForm(OneLanguageModelForm):
    """Adds the public note written on the timeline when the status changes, and the after photo; areas,
    categories and authorities are listed once each, in the default language."""

    status_note = forms.CharField(
        label=_("Public note on the status change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written on the public timeline with the new status and today's date."),
    )
    evidence_photo_upload = forms.FileField(
        label=_("After photo"),
        required=False,
        help_text=_(
            "A photo of the place once the problem was solved (JPEG, PNG, WebP or HEIC). It is published: "
            "no faces or documents. Stored without any metadata."
        ),
    )
    remove_evidence_photo = forms.BooleanField(label=_("Remove the after photo"), required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("evidence_photo_upload")
        self.evidence_jpeg = None
        if upload:
            try:
                self.evidence_jpeg = reencode(upload)
            except PhotoError as error:
                self.add_error("evidence_photo_upload", error)
            else:
                # The photo is saved with the issue; the model's rules count it now.
                self.instance._evidence_photo_uploaded = True
        elif cleaned.get("remove_evidence_photo"):
            self.instance.evidence_photo = None
        return cleaned

    def save(self, commit=True):
        self.instance.status_note = self.cleaned_data.get("status_note", "")
        if self.evidence_jpeg is not None:
            content, info = self.evidence_jpeg
            title = str(_("After photo: %(title)s") % {"title": self.cleaned_data.get("title", "")})
            image = public_image(content, info.width, info.height, title, self.for_user)
            self.instance.evidence_photo = image
        issue = super().save(commit=commit)
        if not commit:
            # A draft of a public issue lives in a revision, not in the row: its new status goes on the
            # draft's timeline now, so that the reviewer sees it and it is published with the rest.
            issue.record_status_change(local_today())
        return issue
