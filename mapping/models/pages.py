"""The map pages: the public control map with its issue pages and feed, and the "map by object" pages."""

import statistics

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtailgeowidget.panels import LeafletPanel

from mapping import deadlines
from mapping.generations import MAP_GENERATION, TRANSPARENCY_GENERATION
from mapping.geometry import parse_point
from mapping.models.issues import OPEN_STATUSES, Issue, IssueStatus, local_today
from mapping.models.photos import CaptionedPhoto
from portal.cache import (
    CHROME_GENERATION_KEY,
    ROUTING_GENERATION_KEY,
    TRANSLATIONS_VERSION,
    cached,
    content_generation,
)
from portal.models import BasePage
from portal.page_views import serve_page_view
from portal.pagination import paginate


class MapPage(RoutablePageMixin, BasePage):
    """The public control map: issues on a map and in a list, filters, counts, issue pages and a feed."""

    template = "pages/mapping/map_page.html"
    # Shows issues: an issue change purges it from the front proxy (portal.frontend_cache).
    cache_tags = ("issues",)
    parent_page_types = ["home.HomePage"]
    subpage_types = ["mapping.ProblemObjectPage", "mapping.MonitoringVisitPage"]
    max_count_per_parent = 1
    per_page = 20

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    centre_latitude = models.FloatField(_("centre latitude"), default=52.3)
    centre_longitude = models.FloatField(_("centre longitude"), default=69.6)
    zoom = models.PositiveSmallIntegerField(_("zoom"), default=7)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("centre_latitude"), FieldPanel("centre_longitude"), FieldPanel("zoom")]
                )
            ],
            heading=_("Initial view of the map"),
        ),
    ]

    class Meta:
        verbose_name = _("map page")
        verbose_name_plural = _("map pages")

    # The routes' views live in mapping.map.views (see portal.page_views).
    @path("")
    def map_view(self, request):
        return serve_page_view("mapping.map", self, request)

    @path("issues/<int:issue_id>/", name="issue")
    def issue_view(self, request, issue_id):
        return serve_page_view("mapping.issue", self, request, issue_id)

    @path("feed/", name="feed")
    def feed_view(self, request):
        return serve_page_view("mapping.map-feed", self, request)

    @path("objects/", name="objects")
    def object_index_view(self, request):
        return serve_page_view("mapping.objects", self, request)

    def issue_url(self, issue, request=None):
        return self.get_url(request=request) + self.reverse_subpage("issue", args=[issue.pk])


class ObjectType(models.TextChoices):
    PUBLIC_SERVICE_CENTRE = "psc", _("Public-service centre")
    AKIMAT = "akimat", _("Akimat")
    UTILITY = "utility", _("Utility")
    SCHOOL = "school", _("School")
    CLINIC = "clinic", _("Clinic")
    ROAD = "road", _("Road")
    OTHER = "other", _("Other")


class ProblemObjectPage(BasePage):
    """A place problems attach to ("map by object"): its issues, how they were resolved, its figures."""

    template = "pages/mapping/problem_object_page.html"
    # Shows issues: an issue change purges it from the front proxy (portal.frontend_cache).
    cache_tags = ("issues",)
    parent_page_types = ["mapping.MapPage"]
    subpage_types = []

    object_type = models.CharField(_("type of object"), max_length=20, choices=ObjectType.choices)
    address = models.CharField(_("address"), max_length=255, blank=True)
    location = models.CharField(_("location"), max_length=250, blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    area = models.ForeignKey(
        "mapping.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    operator = models.ForeignKey(
        "mapping.Authority",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The body that runs this object."),
    )
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = BasePage.content_panels + [
        FieldPanel("object_type"),
        FieldPanel("address"),
        LeafletPanel("location", address_field="address"),
        FieldRowPanel([FieldPanel("area"), FieldPanel("operator")]),
        FieldPanel("description"),
        InlinePanel("photos", label=_("Photo"), heading=_("Photos")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("address"), index.SearchField("description")]

    class Meta:
        verbose_name = _("object")
        verbose_name_plural = _("objects")

    def save(self, *args, **kwargs):
        point = parse_point(self.location)
        self.latitude, self.longitude = point if point else (None, None)
        super().save(*args, **kwargs)

    @property
    def source_id(self):
        """The id issues link to: this page's, or (for a translation) its default language page's."""
        if not self.pk:
            return None
        # Kept while the object's translations stand: a translation's publish or a page's deletion
        # (which starts a new routing generation) may change it, another page's publish does not.
        return cached(
            f"object-source:{self.translation_key}:{content_generation(ROUTING_GENERATION_KEY)}",
            generation=TRANSLATIONS_VERSION.format(translation_key=self.translation_key),
            build=lambda: (
                ProblemObjectPage.objects.filter(
                    translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
                )
                .values_list("pk", flat=True)
                .first()
                or self.pk
            ),
        )

    def published_issues(self):
        if self.source_id is None:  # the preview of an object not yet saved has none
            return Issue.objects.none()
        return Issue.objects.published().filter(problem_object_id=self.source_id)

    def figures(self, today=None):
        """Published, open, resolved and overdue issues, and the median working days to resolve: two
        queries, kept until an issue changes (or the day does)."""
        today = today or local_today()
        return cached(
            f"object-page-figures:{self.source_id}:{today.isoformat()}",
            lambda: self._count_figures(today),
            generation=MAP_GENERATION,
        )

    def _count_figures(self, today):
        # No ordering: the object's own index finds its few issues, instead of a walk in date order.
        issues = self.published_issues().order_by()
        figures = issues.aggregate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            resolved=Count("pk", filter=Q(status=IssueStatus.RESOLVED)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        )
        spans = issues.filter(status=IssueStatus.RESOLVED, resolved_on__isnull=False).values_list(
            "registered_on", "resolved_on"
        )
        days = [deadlines.working_days_between(registered, resolved) for registered, resolved in spans]
        # Whole working days: a median of an even count may fall between two, and the page counts days.
        figures["median_days"] = round(statistics.median(days)) if days else None
        return figures

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        figures = self.figures()
        issues = self.published_issues().for_listing().order_by("-registered_on", "-pk")
        page_obj = paginate(issues, request.GET.get("page"), 20, count=figures["total"])
        context["page_obj"] = page_obj
        context["issues"] = page_obj.object_list
        # The list is a fragment kept until an issue changes (or the day does): a page's publish leaves
        # it be, and then neither its query nor its rendering is done again.
        context["issues_key"] = (
            f"{self.source_id}:{page_obj.number}:{content_generation(MAP_GENERATION)}:"
            f"{translation.get_language()}:{local_today().isoformat()}"
        )
        context["figures"] = figures
        context["object_query"] = {"object": self.source_id}
        context["visits"] = self.monitoring_visit_list(request) if self.pk else []
        context["photos"] = list(self.photos.select_related("image"))
        context["map_url"] = (
            cached(
                f"parent-url:{self.pk}",
                lambda: self.get_parent().get_url(request=request) or "",
                generation=CHROME_GENERATION_KEY,
            )
            if self.pk
            else ""
        )
        return context

    def route(self, request, path_components):
        if path_components:
            raise Http404
        return super().route(request, path_components)

    def monitoring_visit_list(self, request=None, limit=10):
        """The newest published monitoring visits to this object, with their number of recommendations.

        Cached until a visit or a recommendation changes (mapping.generations), so the page keeps its count
        of queries.
        """

        def build():
            visits = (
                self.monitoring_visits.live()
                .select_related("group")
                .annotate(recommendation_count=Count("recommendations", distinct=True))
                .order_by("-visited_on", "-pk")[:limit]
            )
            return [
                {
                    "title": visit.title,
                    "url": visit.get_url(request=request),
                    "visited_on": visit.visited_on,
                    "group": visit.group.name,
                    "recommendation_count": visit.recommendation_count,
                }
                for visit in visits
            ]

        return cached(f"object-visits:{self.pk}", build, generation=TRANSPARENCY_GENERATION)


class ProblemObjectPhoto(CaptionedPhoto):
    """A photo of an object."""

    page = ParentalKey(ProblemObjectPage, related_name="photos", on_delete=models.CASCADE)
