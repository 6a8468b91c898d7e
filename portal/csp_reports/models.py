"""What is kept of the violation reports: one row per kind of violation, counted, for a limited time."""

import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CspReport(models.Model):
    """A kind of violation of our Content Security Policy that browsers reported: which directive blocked
    what, on which page, from which script line, in which browser family, first and last seen, and how
    many times. Identical reports are folded into one row (`fingerprint`); rows not seen for
    `CSP_REPORT_RETENTION_DAYS` are removed, and the table keeps at most `CSP_REPORT_MAX_ROWS` rows."""

    directive = models.CharField(_("directive"), max_length=64)
    blocked_uri = models.CharField(_("blocked address"), max_length=500, blank=True)
    document_path = models.CharField(_("page"), max_length=500, blank=True)
    source_file = models.CharField(_("source file"), max_length=500, blank=True)
    line_number = models.PositiveIntegerField(_("line"), null=True, blank=True)
    user_agent_family = models.CharField(_("browser"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("reports"), default=1)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)
    # The sha256 of the fields above but the count and dates: what makes two reports the same.
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("CSP violation report")
        verbose_name_plural = _("CSP violation reports")
        ordering = ["-last_seen", "-pk"]
        # Read-only: browsers write the rows, administrators read them.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.directive}: {self.blocked_uri or '—'} ({self.document_path})"


def fingerprint(violation):
    return hashlib.sha256(violation.key().encode("utf-8")).hexdigest()


def record(violation, now=None):
    """Count `violation` (a portal.csp_reports.parsing.Violation): one more on its row, or a new row."""
    now = now or timezone.now()
    key = fingerprint(violation)
    seen = {"count": F("count") + 1, "last_seen": now}
    if CspReport.objects.filter(fingerprint=key).update(**seen):
        return
    try:
        with transaction.atomic():
            CspReport.objects.create(
                directive=violation.directive,
                blocked_uri=violation.blocked_uri,
                document_path=violation.document_path,
                source_file=violation.source_file,
                line_number=violation.line_number,
                user_agent_family=violation.user_agent_family,
                first_seen=now,
                last_seen=now,
                fingerprint=key,
            )
    except IntegrityError:
        # Another request created the row between our update and our insert.
        CspReport.objects.filter(fingerprint=key).update(**seen)
        return
    prune(now)


def prune(now=None):
    """Remove rows not seen for the retention period, then the least recently seen beyond the cap."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.CSP_REPORT_RETENTION_DAYS)
    CspReport.objects.filter(last_seen__lt=cutoff).delete()
    newest_first = CspReport.objects.order_by("-last_seen", "-pk").values_list("pk", flat=True)
    extra = list(newest_first[settings.CSP_REPORT_MAX_ROWS :])
    if extra:
        CspReport.objects.filter(pk__in=extra).delete()
