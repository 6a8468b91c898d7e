"""Monitoring groups, their visits and the recommendations they make (the seed's third format).

A regional monitoring group (civil society, business, state bodies, the media) visits public-service
centres, akimats and utilities; after each visit it makes concrete recommendations to an authority and
follows them up. A visit is a page under the map (its group chosen from a list, each group once, in the
page's language); its recommendations are edited inline with it, each with dated progress notes.

Rules of a recommendation (:func:`recommendation_errors`, checked by ``clean``):

* progress is a whole percentage from 0 to 100; ``proposed`` (not yet answered by the authority): 0;
* ``accepted`` and ``in_progress``: any progress below 100;
* ``implemented``: progress is 100 and the date it was implemented is given; 100% means implemented;
* ``rejected``: the authority's reason is given;
* only an implemented recommendation has an implementation date, between the visit and today;
* the deadline is not before the visit; a progress note is dated between the visit and today.

"Implemented on time" means implemented on or before the deadline.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtailgeowidget.panels import LeafletPanel

from mapping.generations import REFERENCE_GENERATION, TRANSPARENCY_GENERATION
from mapping.geometry import parse_point
from mapping.models.issues import Issue, local_today
from mapping.models.photos import CaptionedPhoto
from mapping.models.recommendation_rules import (
    RecommendationStatus,
    progress_note_errors,
    recommendation_errors,
)
from portal.cache import CHROME_GENERATION_KEY, cached, content_generation
from portal.locale_choices import OneLanguageModelForm
from portal.models import BasePage


class MemberSector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    BUSINESS = "business", _("Business")
    STATE_BODY = "state_body", _("State body")
    MEDIA = "media", _("Media")


class MonitoringGroup(TranslatableMixin, index.Indexed, ClusterableModel):
    """A regional monitoring group: who is in it (by sector) and how the public can reach it. Its Kazakh
    and English copies share its translation key; visits in those languages name their language's."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "mapping.Area",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_groups",
    )
    description = models.TextField(_("description"), blank=True)
    contact_name = models.CharField(_("contact person or office"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=64, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    base_form_class = OneLanguageModelForm  # each area listed once
    panels = [
        FieldPanel("name"),
        FieldPanel("region"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Contact"),
        ),
        InlinePanel("members", heading=_("Members"), label=_("Member")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("monitoring group")
        verbose_name_plural = _("monitoring groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MonitoringGroupMember(Orderable):
    """A member of a monitoring group, with the sector they represent."""

    group = ParentalKey(MonitoringGroup, related_name="members", on_delete=models.CASCADE)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("E.g. chair, member, secretary.")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=MemberSector.choices)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("organisation")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.name


class MonitoringVisitPage(BasePage):
    """A visit of a monitoring group: where it went, what it found, and what it recommended."""

    template = "pages/mapping/monitoring_visit_page.html"
    # Shows issues: an issue change purges it from the front proxy (portal.frontend_cache).
    cache_tags = ("issues",)
    parent_page_types = ["mapping.MapPage"]
    subpage_types = []

    group = models.ForeignKey(
        MonitoringGroup, verbose_name=_("monitoring group"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("date of the visit"), default=local_today)
    area = models.ForeignKey(
        "mapping.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    location = models.CharField(_("location"), max_length=250, blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    visited_objects = ParentalManyToManyField(
        "mapping.ProblemObjectPage",
        verbose_name=_("objects visited"),
        blank=True,
        related_name="monitoring_visits",
    )
    visited_bodies = ParentalManyToManyField(
        "mapping.Authority",
        verbose_name=_("bodies visited"),
        blank=True,
        related_name="monitoring_visits",
    )
    findings = RichTextField(_("findings"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("group", widget=forms.Select), FieldPanel("visited_on")]),
        MultiFieldPanel(
            [FieldPanel("area"), FieldPanel("address"), LeafletPanel("location", address_field="address")],
            heading=_("Place"),
        ),
        FieldPanel("visited_objects"),
        FieldPanel("visited_bodies"),
        FieldPanel("findings"),
        InlinePanel("photos", heading=_("Photos"), label=_("Photo")),
        InlinePanel("recommendations", heading=_("Recommendations"), label=_("Recommendation")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("findings"), index.SearchField("address")]

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        indexes = [models.Index(fields=["visited_on"], name="monitoring_visit_date")]

    def clean(self):
        super().clean()
        errors = {}
        if self.location and parse_point(self.location) is None:
            errors["location"] = _("This is not a point on the map.")
        if self.visited_on and self.visited_on > local_today():
            errors["visited_on"] = _(
                "A visit is recorded once it has taken place: the date cannot be in the future."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        point = parse_point(self.location)
        self.latitude, self.longitude = point if point else (None, None)
        super().save(*args, **kwargs)

    def map_url(self, request=None):
        """The URL of the map page this visit belongs to (issue pages are its routes)."""
        if not self.pk:
            return ""
        return cached(
            f"parent-url:{self.pk}",
            lambda: self.get_parent().get_url(request=request) or "",
            generation=CHROME_GENERATION_KEY,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = local_today()
        if getattr(request, "is_preview", False) or not self.pk:
            details = self.details(today)
        else:
            # Kept until this page is published again (its live revision), or a recommendation, an issue
            # (TRANSPARENCY_GENERATION follows both) or a name changes; the objects visited are read each
            # time, since their titles change with their own publishes.
            details = cached(
                f"visit-details:{self.pk}:{self.live_revision_id}:{today.isoformat()}:"
                f"{content_generation(REFERENCE_GENERATION)}",
                lambda: self.details(today),
                generation=TRANSPARENCY_GENERATION,
            )
        context.update(details)
        context["visited_objects"] = list(self.visited_objects.live().order_by("title"))
        context["map_url"] = self.map_url(request)
        context["today"] = today
        return context

    def details(self, today):
        """What the visit page shows of its recommendations, group, bodies and photos (seven queries)."""
        recommendations = list(
            self.recommendations.select_related("authority").prefetch_related(
                "progress_notes",
                models.Prefetch(
                    "issues",
                    queryset=Issue.objects.published()
                    .select_related("category")
                    .order_by("registered_on", "pk"),
                ),
            )
        )
        for recommendation in recommendations:
            recommendation.overdue = recommendation.is_overdue(today)
        return {
            "recommendations": recommendations,
            "recommendation_counts": recommendation_counts(recommendations),
            "visited_bodies": list(self.visited_bodies.order_by("name")),
            "photos": list(self.photos.select_related("image")),
            "group": self.group,
            "members": list(self.group.members.all()),
            "area": self.area,
        }

    def route(self, request, path_components):
        if path_components:
            raise Http404
        return super().route(request, path_components)


def recommendation_counts(recommendations):
    """(status, label, count) for each status, in the order of the workflow."""
    counts = {}
    for recommendation in recommendations:
        counts[recommendation.status] = counts.get(recommendation.status, 0) + 1
    return [(value, label, counts.get(value, 0)) for value, label in RecommendationStatus.choices]


class MonitoringVisitPhoto(CaptionedPhoto):
    """A photo taken during a visit."""

    page = ParentalKey(MonitoringVisitPage, related_name="photos", on_delete=models.CASCADE)


def _visit_date(page):
    return getattr(page, "visited_on", None) if page is not None else None


class Recommendation(Orderable, ClusterableModel):
    """A recommendation made after a visit: to whom, by when, how far it got, and the issues it addresses."""

    page = ParentalKey(MonitoringVisitPage, related_name="recommendations", on_delete=models.CASCADE)
    text = models.TextField(_("recommendation"))
    authority = models.ForeignKey(
        "mapping.Authority",
        verbose_name=_("addressed to"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PROPOSED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    issues = ParentalManyToManyField(
        "mapping.Issue",
        verbose_name=_("issues addressed"),
        blank=True,
        related_name="recommendations",
    )

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("authority"), FieldPanel("deadline")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("progress"), FieldPanel("implemented_on")]),
        FieldPanel("rejection_reason"),
        FieldPanel("issues"),
        InlinePanel("progress_notes", heading=_("Progress notes"), label=_("Progress note")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        # The transparency figures count recommendations by status.
        indexes = [models.Index(fields=["status", "deadline"], name="recommendation_status")]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        errors = recommendation_errors(
            status=self.status,
            progress=self.progress,
            implemented_on=self.implemented_on,
            rejection_reason=self.rejection_reason,
            deadline=self.deadline,
            visited_on=_visit_date(_cached_parent(self, "page")),
        )
        if errors:
            raise ValidationError(errors)

    @property
    def implemented_on_time(self):
        return (
            self.status == RecommendationStatus.IMPLEMENTED
            and self.implemented_on is not None
            and self.implemented_on <= self.deadline
        )

    def is_overdue(self, today=None):
        """Still open (proposed, accepted, in progress) after its deadline."""
        open_statuses = {
            RecommendationStatus.PROPOSED,
            RecommendationStatus.ACCEPTED,
            RecommendationStatus.IN_PROGRESS,
        }
        return self.status in open_statuses and self.deadline < (today or local_today())


def _cached_parent(obj, name):
    """The parent an inline form attached (possibly unsaved), without a query for a saved one we lack."""
    field = obj._meta.get_field(name)
    if field.is_cached(obj):
        return getattr(obj, name)
    if getattr(obj, field.attname) is None:
        return None
    return getattr(obj, name)


class RecommendationProgress(Orderable):
    """A dated note on how a recommendation is being carried out."""

    recommendation = ParentalKey(Recommendation, related_name="progress_notes", on_delete=models.CASCADE)
    date = models.DateField(_("date"), default=local_today)
    progress = models.PositiveSmallIntegerField(
        _("progress, %"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("How far the recommendation had got on this date, if known."),
    )
    note = models.TextField(_("note"))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("progress")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["date", "sort_order", "pk"]

    def __str__(self):
        return f"{self.date}: {self.note[:60]}"

    def clean(self):
        super().clean()
        recommendation = _cached_parent(self, "recommendation")
        page = _cached_parent(recommendation, "page") if recommendation is not None else None
        errors = progress_note_errors(date=self.date, progress=self.progress, visited_on=_visit_date(page))
        if errors:
            raise ValidationError(errors)
