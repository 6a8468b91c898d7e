"""Issues: the public record of a problem, its status, its deadline and its timeline."""

from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    PreviewableMixin,
    Revision,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from mapping import deadlines
from mapping.geometry import parse_point
from mapping.models.issue_states import (  # noqa: F401  (their home until they moved; still imported from here)
    CLOSED_STATUSES,
    OPEN_STATUSES,
    IssueQuerySet,
    IssueStatus,
    local_today,
)
from portal.page_views import serve_page_view


class SourceChannel(models.TextChoices):
    WEB = "web", _("Web report")
    PHONE = "phone", _("Phone hotline")
    SOCIAL = "social", _("Social network")
    APP = "app", _("Mobile app")
    MONITORING = "monitoring", _("Monitoring visit")
    MEDIA = "media", _("Media")


@dataclass(frozen=True)
class DuplicateDeadline:
    """What stands in for the deadline of a duplicate (same `label` and `is_overdue` as a
    `deadlines.DeadlineState`): it was closed as a repeat of `original_id`, neither on time nor late."""

    original_id: int | None
    is_overdue = False
    is_closed = True

    @property
    def label(self):
        if self.original_id is None:  # the issue it repeated was deleted
            return gettext("duplicate")
        return gettext("duplicate of issue No. %(number)s") % {"number": self.original_id}


class Issue(
    PreviewableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """A problem on the public map: where it is, who must solve it, by when, and what happened.

    The row is the public version (`live`); staff edit drafts that are kept as revisions, and a draft
    goes public only when a second person approves it (mapping.issues.workflow).
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("public description"),
        help_text=_("Shown to everyone: leave out names, phone numbers and addresses of people."),
    )
    category = models.ForeignKey(
        "mapping.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="issues"
    )
    area = models.ForeignKey(
        "mapping.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="issues"
    )
    authority = models.ForeignKey(
        "mapping.Authority",
        verbose_name=_("competent authority"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
    )
    problem_object = models.ForeignKey(
        "mapping.ProblemObjectPage",
        verbose_name=_("object"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
    )
    # The public texts in Kazakh and English (mapping.models.texts): Russian is shown where one is empty.
    title_kk = models.CharField(_("title in Kazakh"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_kk = models.TextField(_("public description in Kazakh"), blank=True)
    description_en = models.TextField(_("public description in English"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    location = models.CharField(_("location"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    # Where the public map draws the issue: its point, or its area's centre in a sensitive category.
    map_latitude = models.FloatField(null=True, blank=True, editable=False)
    map_longitude = models.FloatField(null=True, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.REGISTERED
    )
    source_channel = models.CharField(
        _("source channel"), max_length=20, choices=SourceChannel.choices, default=SourceChannel.WEB
    )
    registered_on = models.DateField(_("registered on"), default=local_today)
    due_on = models.DateField(_("due on"), editable=False)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reasons for the extension"), blank=True)
    resolved_on = models.DateField(_("closed on"), null=True, blank=True)
    resolution = models.TextField(
        _("resolution"), blank=True, help_text=_("What was done. Required to resolve.")
    )
    resolution_kk = models.TextField(_("resolution in Kazakh"), blank=True)
    resolution_en = models.TextField(_("resolution in English"), blank=True)
    # Evidence of closure: an issue is resolved only with an after photo, the official reply, or both.
    # The photo is uploaded through the admin form, checked and re-encoded like citizens' photos.
    evidence_photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("after photo"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence_photo_alt = models.CharField(_("what the after photo shows"), max_length=300, blank=True)
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("official reply"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The authority's official reply, as a document (PDF, DOCX…)."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    # "Me too" (mapping.support): counted with UPDATE … F(), never through a revision.
    supporters = models.PositiveIntegerField(_("supporters"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="issue")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="issue",
        for_concrete_model=False,
    )

    objects = IssueQuerySet.as_manager()
    # A second person's approval publishes an issue; nobody holds the right to publish one directly.
    approval_grants_publishing = True

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.SearchField("address"),
        index.AutocompleteField("title"),
        index.FilterField("live"),
        index.FilterField("status"),
        index.FilterField("category_id"),
        index.FilterField("area_id"),
    ]

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-registered_on", "-pk"]
        indexes = [
            # The map's box: only published issues, with what the API reads, so that a box is answered
            # from the index alone ("live" too: SQLite reads any column the query names).
            models.Index(
                fields=["map_latitude", "map_longitude", "status", "live"],
                condition=models.Q(live=True),
                name="issue_map_live",
            ),
            # The same, longitude first: the map API's border strips that are narrow in longitude.
            models.Index(
                fields=["map_longitude", "map_latitude", "status", "live"],
                condition=models.Q(live=True),
                name="issue_map_live_lon",
            ),
            # Counts by status: a scan of this index alone.
            models.Index(fields=["status"], condition=models.Q(live=True), name="issue_live_status"),
            # The newest published issues first (the map's list): read backwards, the index gives the order.
            models.Index(fields=["registered_on"], condition=models.Q(live=True), name="issue_live_newest"),
            models.Index(fields=["status", "due_on"], name="issue_deadline"),
        ]
        permissions = [("publish_issue", _("Can publish issues"))]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def published(self):
        """Whether the public sees the issue (the name the templates and the feeds read)."""
        return self.live

    def publish(self, revision, *args, **kwargs):
        if self.live and self.live_revision_id is None:
            self.keep_public_version()
        return super().publish(revision, *args, **kwargs)

    def keep_public_version(self):
        """Record the public row as a revision, its live one. An issue public before issues had revisions
        (migration 0014) has none: without it, Wagtail would take the issue down until a newer version's
        scheduled date, and the history would not show what the public saw."""
        baseline = Revision.objects.create(
            content_object=self,
            base_content_type=self.get_base_content_type(),
            content=self.serializable_data(),
            object_str=str(self),
            created_at=self.last_published_at or self.updated_at or timezone.now(),
        )
        Issue.objects.filter(pk=self.pk).update(live_revision=baseline)
        self.live_revision = baseline

    def serve_preview(self, request, mode_name):
        """The public issue page as it would look with this version, in the map page's frame."""
        return serve_page_view("mapping.issue-preview", None, request, self)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_status = instance.__dict__.get("status")
        instance._saved_live = instance.__dict__.get("live")
        return instance

    def with_content_json(self, content):
        """A version from a revision, compared with the public row when it is published: a new status
        goes on the timeline and reporters hear of it, as when the row itself is saved."""
        version = super().with_content_json(content)
        # Which version is public belongs to the issue, not to a version (as with Wagtail's pages).
        version.live_revision_id = self.live_revision_id
        # Counted on the row as citizens support it: a version's copy is out of date.
        version.supporters = self.supporters
        version._saved_status = getattr(self, "_saved_status", None)
        version._saved_live = getattr(self, "_saved_live", None)
        return version

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def has_evidence(self):
        """Whether the resolution is backed by an after photo or the official reply (or one is on its way:
        the admin form sets `_evidence_photo_uploaded` before the photo is saved)."""
        uploaded = getattr(self, "_evidence_photo_uploaded", False)
        return bool(self.evidence_photo_id or self.evidence_document_id or uploaded)

    @property
    def effective_due(self):
        return deadlines.effective_due(self.registered_on, self.extended_until)

    def deadline(self, today=None):
        """The deadline as the public sees it: working days left, or overdue by how many. A duplicate
        has none of its own: the issue it repeats is considered, and its label says which one."""
        if self.status == IssueStatus.DUPLICATE:
            return DuplicateDeadline(self.duplicate_of_id)
        return deadlines.deadline_state(self.due_on, today or local_today(), closed_on=self.resolved_on)

    @property
    def forwarding_due(self):
        return deadlines.forwarding_due(self.registered_on)

    def clean(self):
        errors = {}
        if self.location and parse_point(self.location) is None:
            errors["location"] = _("This is not a point on the map.")
        if self.status == IssueStatus.RESOLVED and not self.resolution.strip():
            errors["resolution"] = _("Describe the resolution before marking the issue resolved.")
        if self.status == IssueStatus.RESOLVED and not self.has_evidence:
            errors["evidence_document"] = _(
                "Add the evidence of the resolution: an after photo, the official reply, or both."
            )
        photo = self.evidence_photo_id or getattr(self, "_evidence_photo_uploaded", False)
        if photo and not self.evidence_photo_alt.strip():
            errors["evidence_photo_alt"] = _("Say what the after photo shows.")
        if self.status == IssueStatus.DUPLICATE:
            if self.duplicate_of_id is None:
                errors["duplicate_of"] = _("Choose the issue this one duplicates.")
            elif self.pk and self.duplicate_of_id == self.pk:
                errors["duplicate_of"] = _("An issue cannot duplicate itself.")
        if self.extended_until and self.registered_on:
            if not self.extension_reason.strip():
                errors["extension_reason"] = _("Give the reasons for the extension.")
            try:
                deadlines.validate_extension(self.registered_on, self.extended_until)
            except ValidationError as error:
                errors["extended_until"] = error.messages
        default_locale_id = Locale.get_default().pk
        for name in ("category", "area", "authority"):
            target = getattr(self, name) if getattr(self, f"{name}_id") else None
            if target is not None and target.locale_id != default_locale_id:
                errors[name] = _("Choose the item in the default language.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        point = parse_point(self.location)
        self.latitude, self.longitude = point if point else (None, None)
        self.map_latitude, self.map_longitude = self.public_position()
        self.due_on = self.effective_due
        today = local_today()
        if self.is_closed and self.resolved_on is None:
            self.resolved_on = today
        elif not self.is_closed:
            self.resolved_on = None
        if self.status == IssueStatus.FORWARDED and self.forwarded_on is None:
            self.forwarded_on = today
        self.record_status_change(today)
        previous = getattr(self, "_saved_status", None)
        # Read by mapping.signals once saved: reporters hear of the change, linked reports close or reopen.
        self._status_changed = previous is not None and previous != self.status
        self._went_live = self.live and getattr(self, "_saved_live", None) is False
        super().save(*args, **kwargs)
        self._saved_status, self._saved_live = self.status, self.live

    def public_position(self):
        """Where the public map puts the issue: its point, or only its area's centre if sensitive."""
        if self.category_id and self.category.sensitive or self.latitude is None:
            area = self.area if self.area_id else None
            if area is not None and area.centre_latitude is not None:
                return area.centre_latitude, area.centre_longitude
            return None, None
        return self.latitude, self.longitude

    def record_status_change(self, today):
        """Add the new status to the timeline, unless the editor already wrote an entry for it."""
        if getattr(self, "_saved_status", None) == self.status:
            return
        updates = list(self.updates.all())
        if any(update.pk is None and update.status == self.status for update in updates):
            return
        # The public note: the editor's (`status_note`), or one per language (`status_notes`, by code).
        notes = getattr(self, "status_notes", None) or {"ru": getattr(self, "status_note", "") or ""}
        last = max((update.sort_order or 0 for update in updates), default=-1)
        self.updates.add(
            self.updates.model(
                date=today,
                status=self.status,
                note=notes.get("ru", ""),
                note_kk=notes.get("kk", ""),
                note_en=notes.get("en", ""),
                sort_order=last + 1,
            )
        )

    @property
    def public_photos(self):
        """Photos the public may see: none at all in a sensitive category."""
        if self.category.sensitive:
            return []
        return list(self.photos.all())
