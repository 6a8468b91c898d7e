"""The admin form of an issue: the public note that goes with a status change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.models.issues import local_today
from portal.locale_choices import OneLanguageModelForm


class IssueAdminForm(OneLanguageModelForm):
    """Adds the public note written on the timeline when the status changes; areas, categories and
    authorities are listed once each, in the default language."""

    status_note = forms.CharField(
        label=_("Public note on the status change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written on the public timeline with the new status and today's date."),
    )

    def save(self, commit=True):
        self.instance.status_note = self.cleaned_data.get("status_note", "")
        issue = super().save(commit=commit)
        if not commit:
            # A draft of a public issue lives in a revision, not in the row: its new status goes on the
            # draft's timeline now, so that the reviewer sees it and it is published with the rest.
            issue.record_status_change(local_today())
        return issue
