"""What an issue holds besides its own fields, edited and versioned with it: its public timeline and its
public photos."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from mapping.models.issues import Issue, IssueStatus, local_today
from mapping.models.photos import CaptionedPhoto


class IssueUpdate(Orderable):
    """One entry of an issue's public timeline: a date, the status from then on, and a public note."""

    issue = ParentalKey(Issue, related_name="updates", on_delete=models.CASCADE)
    date = models.DateField(_("date"), default=local_today)
    status = models.CharField(_("status"), max_length=20, choices=IssueStatus.choices)
    note = models.TextField(_("public note"), blank=True)
    note_kk = models.TextField(_("public note in Kazakh"), blank=True)
    note_en = models.TextField(_("public note in English"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["date", "sort_order", "pk"]
        # The feed of status changes reads the newest entries first.
        indexes = [models.Index(fields=["date", "id"], name="issue_update_date")]

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"


class IssuePhoto(CaptionedPhoto):
    """A photo published with an issue (never for an issue in a sensitive category)."""

    issue = ParentalKey(Issue, related_name="photos", on_delete=models.CASCADE)
