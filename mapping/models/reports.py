"""Citizen reports: what someone sent, kept private, triaged by staff and linked to public issues."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mapping import tracking
from mapping.models.issues import SourceChannel
from mapping.storage import private_storage

# Where uploads wait for the task worker, in the private storage.
PENDING_FOLDER = "reports/pending/"


class Anonymity(models.TextChoices):
    CONFIDENTIAL = "confidential", _("Confidential: my contacts are seen only by authorised staff")
    ANONYMOUS = "anonymous", _("Anonymous: no contacts, I follow the report by its code")


class TriageState(models.TextChoices):
    NEW = "new", pgettext_lazy("report state", "New")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted (linked to an issue)")
    REJECTED = "rejected", _("Rejected")
    ANSWERED = "answered", _("Answered")


def unique_code():
    """A tracking code no report has yet (a clash of 80 random bits is astronomically rare)."""
    while True:
        code = tracking.new_code()
        if not Report.objects.filter(code=code).exists():
            return code


class Report(models.Model):
    """A report exactly as a citizen (or staff, for a call) sent it: private, never shown as is."""

    code = models.CharField(_("tracking code"), max_length=tracking.LENGTH, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, default="ru")
    channel = models.CharField(
        _("channel"), max_length=20, choices=SourceChannel.choices, default=SourceChannel.WEB
    )
    description = models.TextField(_("text of the report"))
    category = models.ForeignKey(
        "mapping.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.ForeignKey(
        "mapping.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    authority = models.ForeignKey(
        "mapping.Authority",
        verbose_name=_("competent authority"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    anonymity = models.CharField(
        _("anonymity"), max_length=20, choices=Anonymity.choices, default=Anonymity.CONFIDENTIAL
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent to the processing of personal data"), null=True, blank=True)
    state = models.CharField(
        _("triage state"), max_length=20, choices=TriageState.choices, default=TriageState.NEW
    )
    issue = models.ForeignKey(
        "mapping.Issue",
        verbose_name=_("issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    partner = models.ForeignKey(
        "mapping.PartnerApiKey",
        verbose_name=_("sent through partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        editable=False,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # When the report left the queue for good (rejected or answered, or its issue closed): retention
    # counts from here.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    # When the retention command erased the contacts and private text (see erase_reports).
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    # A double submit of one form carries the same token and finds the report made the first time; tokens
    # are namespaced by channel and partner (mapping.reports.tokens), and the digest of what the first
    # submission said tells a resubmission from another report sent with a used token.
    idempotency_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    submission_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        permissions = [("view_reporter_contacts", _("Can see the contacts of reporters"))]
        indexes = [models.Index(fields=["state", "created_at"], name="report_triage_queue")]

    def __str__(self):
        return tracking.display(self.code) if self.code else str(_("New report"))

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = unique_code()
        if self.anonymity == Anonymity.ANONYMOUS:
            self.name = self.email = self.phone = ""
        super().save(*args, **kwargs)

    @property
    def display_code(self):
        return tracking.display(self.code)

    @property
    def has_contacts(self):
        return bool(self.name or self.email or self.phone)


class ReportPhoto(models.Model):
    """A photo attached to a report, in private storage.

    The request keeps the upload as it came (`original`, checked by its headers only); the task worker
    re-encodes it without metadata into `file` and deletes the original (`mapping.reports.pending`).
    Until then the photo is `pending`: `file` is empty and nothing shows or serves it.
    """

    report = models.ForeignKey(Report, related_name="photos", on_delete=models.CASCADE)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", storage=private_storage, blank=True)
    original = models.FileField(
        _("upload waiting to be processed"),
        upload_to=PENDING_FOLDER + "%Y/%m/",
        storage=private_storage,
        blank=True,
        editable=False,
    )
    # The stored JPEG's size; while pending, the upload's (before any EXIF rotation).
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self):
        return self.file.name or self.original.name

    @property
    def pending(self):
        return not self.file
