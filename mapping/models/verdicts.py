"""The reporter's verdict on a resolution: confirmed, or disputed with what is still wrong."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Days after the resolution during which its reporter may confirm or dispute it.
VERDICT_DAYS = 30


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed by the reporter")
    DISPUTED = "disputed", _("Disputed by the reporter")


class ResolutionVerdict(models.Model):
    """What the reporter of a report said, by their tracking code, of the resolution of the issue their
    report became. The comment is private (staff see it with the report); the public sees the issue's
    "disputed" status and, on the transparency page, the counts per authority."""

    report = models.ForeignKey(
        "mapping.Report", verbose_name=_("report"), on_delete=models.CASCADE, related_name="verdicts"
    )
    issue = models.ForeignKey(
        "mapping.Issue", verbose_name=_("issue"), on_delete=models.CASCADE, related_name="verdicts"
    )
    resolved_on = models.DateField(_("resolution of"))
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporter's verdict")
        verbose_name_plural = _("reporters' verdicts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "issue", "resolved_on"], name="one_verdict_per_resolution"
            )
        ]
        indexes = [models.Index(fields=["issue", "verdict"], name="verdict_issue")]

    def __str__(self):
        return f"{self.report} — {self.get_verdict_display()}"
