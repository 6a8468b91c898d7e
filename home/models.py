"""The home page of each language, and the briefings the department publishes."""

import uuid

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from mapping.map.blocks import MapBlock
from portal.blocks import BaseStreamBlock
from portal.cache import CHROME_GENERATION_KEY, cached, content_generation, read_together
from portal.models import BasePage
from portal.page_views import serve_page_view
from portal.pagination import paginate

# Where the home page's entry points lead, by page model; a model that does not exist yet is skipped.
ENTRY_POINT_MODELS = {
    "map": "mapping.MapPage",
    "report": "mapping.ReportPage",
    "ethics": "ethics.EthicsGuidePage",
}


def with_listing_images(queryset):
    """Fetch the listing image and its renditions with the pages, in two queries whatever their number."""
    return queryset.prefetch_related(
        Prefetch("image", queryset=get_image_model().objects.prefetch_renditions())
    )


class ChannelBlock(blocks.StructBlock):
    """One of the project's three ways for a citizen to reach the department."""

    kind = blocks.ChoiceBlock(
        label=_("Channel"),
        choices=[
            ("online", _("Report online")),
            ("phone_social", _("Call or write on social networks")),
            ("monitoring", _("Monitoring groups")),
        ],
    )
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "group"
        label = _("Channel")
        template = "blocks/channel_block.html"
        description = _("A way to reach the department; phone numbers and links are added from the settings")
        preview_value = {
            "kind": "phone_social",
            "heading": "Позвоните или напишите",
            "text": "Сообщите о нарушении по телефону 1424 или в социальных сетях.",
        }


# The briefings' own generation: a briefing's publish, unpublish, move or deletion, or a change of an
# image (a card shows one), starts a new one (home.signals); the lists of briefings are kept under it.
BRIEFINGS_GENERATION = "home:briefings-generation"
read_together(BRIEFINGS_GENERATION)


def briefings_key(*parts):
    """What a cached list of briefings varies by: their generation, the chrome's (their addresses), the
    language and `parts` (the page, its filters and its page number)."""
    return ":".join(
        str(part)
        for part in (
            content_generation(BRIEFINGS_GENERATION),
            content_generation(CHROME_GENERATION_KEY),
            get_language(),
            *parts,
        )
    )


class HomePage(BasePage):
    """The front page of one language: the three channels, the latest briefings and entry points."""

    template = "pages/home/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.BriefingIndexPage",
        "mapping.MapPage",
        "mapping.ReportPage",
        "mapping.TransparencyPage",
        "ethics.EthicsGuidePage",
        "wagtailcore.Page",
    ]

    hero_heading = models.CharField(_("hero heading"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    channels = StreamField(
        [("channel", ChannelBlock())], verbose_name=_("channels"), blank=True, max_num=3, use_json_field=True
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("intro"),
        FieldPanel("channels"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        """Find the deepest page matching the path in one query, instead of one query per level.

        What is left of the path after that page goes to its own `route`, so routable pages
        (feeds, issue pages) keep working.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{part}/" for part in path_components[:length])
            for length in range(1, len(path_components) + 1)
        ]
        deepest = (
            Page.objects.filter(url_path__in=prefixes, path__startswith=self.path).order_by("-depth").first()
        )
        if deepest is None:
            raise Http404
        matched = deepest.depth - self.depth
        return deepest.specific.route(request, path_components[matched:])

    def latest_briefings(self, count=3):
        briefings = (
            BriefingPage.objects.live().public().filter(locale_id=self.locale_id).order_by("-held_at", "-pk")
        )
        return list(with_listing_images(briefings)[:count])

    def entry_points(self):
        """The live page of each entry point's type in this language, or nothing for a missing one."""
        models_by_key = {}
        for key, label in ENTRY_POINT_MODELS.items():
            try:
                models_by_key[key] = apps.get_model(label)
            except LookupError:
                continue
        if not models_by_key:
            return {}
        content_types = ContentType.objects.get_for_models(*models_by_key.values())
        key_by_type = {content_types[model].pk: key for key, model in models_by_key.items()}
        found = {}
        pages = (
            Page.objects.live()
            .public()
            .filter(locale_id=self.locale_id, content_type_id__in=key_by_type)
            .order_by("path")
        )
        for page in pages:
            found.setdefault(key_by_type[page.content_type_id], page)
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Called by the template inside its cached fragment only (a method is called when rendered).
        context["latest_briefings"] = self.latest_briefings
        context["briefings_key"] = briefings_key(self.pk)
        # Section pages: they change with the chrome (portal.cache), not with a leaf page's publish.
        context["entry_points"] = cached(
            f"entry-points:{self.pk}", self.entry_points, generation=CHROME_GENERATION_KEY
        )
        context["briefing_index"] = cached(
            f"briefing-index:{self.pk}",
            lambda: BriefingIndexPage.objects.live().public().child_of(self).first() or "",
            generation=CHROME_GENERATION_KEY,
        )
        return context


class BriefingIndexPage(RoutablePageMixin, BasePage):
    """The list of briefings: paginated, filtered by tag and by year, with RSS and Atom feeds."""

    template = "pages/home/briefing_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.BriefingPage"]
    max_count_per_parent = 1
    per_page = 10

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("briefing index")
        verbose_name_plural = _("briefing indexes")

    def briefings(self):
        return BriefingPage.objects.live().public().child_of(self).order_by("-held_at", "-pk")

    def filter_briefings(self, request):
        """Apply the tag and year filters of the query string; unknown values are reported, not fatal."""
        briefings = self.briefings()
        errors = []
        tag = request.GET.get("tag", "").strip()[:100]
        year = request.GET.get("year", "").strip()
        if tag:
            briefings = briefings.filter(tags__slug=tag)
        if year:
            if year.isdigit() and 1990 <= int(year) <= 2100:
                briefings = briefings.filter(held_at__year=int(year))
            else:
                errors.append(_("The year must be a number such as 2024."))
                year = ""
        return briefings, tag, year, errors

    @path("")
    def index_route(self, request):
        briefings, tag, year, errors = self.filter_briefings(request)
        count = cached(
            f"briefing-count:{self.pk}:{tag}:{year}", briefings.count, generation=BRIEFINGS_GENERATION
        )
        # A lazy page: its briefings are read only when the cached list is rendered.
        page_obj = paginate(
            with_listing_images(briefings), request.GET.get("page", 1), self.per_page, count=count
        )
        years = cached(
            f"briefing-years:{self.pk}",
            lambda: [d.year for d in self.briefings().dates("held_at", "year", order="DESC")],
            generation=BRIEFINGS_GENERATION,
        )
        tags = cached(
            f"briefing-tags:{self.pk}",
            lambda: BriefingPageTag.tags_for_index(self),
            generation=BRIEFINGS_GENERATION,
        )
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "briefings": page_obj.object_list,
                "active_tag": tag,
                "active_year": year,
                "years": years,
                "tags": tags,
                "filter_errors": errors,
                "briefings_key": briefings_key(self.pk, tag, year, page_obj.number),
            },
        )

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        return serve_page_view("home.briefings-rss", self, request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return serve_page_view("home.briefings-atom", self, request)


class BriefingPageTag(TaggedItemBase):
    """A tag on a briefing."""

    content_object = ParentalKey("home.BriefingPage", related_name="tagged_items", on_delete=models.CASCADE)

    @classmethod
    def tags_for_index(cls, index_page):
        return list(
            Tag.objects.filter(
                home_briefingpagetag_items__content_object__path__startswith=index_page.path,
                home_briefingpagetag_items__content_object__live=True,
            )
            .distinct()
            .order_by("name")
        )


class BriefingStreamBlock(BaseStreamBlock):
    """A briefing's body: the shared blocks, and a map of the issues it talks about."""

    map = MapBlock()


class BriefingPage(BasePage):
    """A press briefing: when and where it was held, who spoke, what was presented."""

    template = "pages/home/briefing_page.html"
    parent_page_types = ["home.BriefingIndexPage"]
    subpage_types = []

    held_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    lead = models.TextField(_("lead paragraph"), help_text=_("The first paragraph: what happened, in brief."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Its description is used as the alternative text."),
    )
    body = StreamField(BriefingStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)
    tags = ClusterTaggableManager(through=BriefingPageTag, blank=True, verbose_name=_("tags"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("held_at"), FieldPanel("venue")])],
            heading=_("When and where"),
        ),
        FieldPanel("lead"),
        FieldPanel("image"),
        InlinePanel("participants", label=_("Participants"), heading=_("Participants")),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_links", label=_("Related page"), heading=_("Related pages")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("venue"),
        index.FilterField("held_at"),
        index.RelatedFields("participants", [index.SearchField("name"), index.SearchField("position")]),
    ]

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read by the template inside its cached fragments only (a method is called when rendered), which
        # are kept per live revision (the picture's renditions: the briefings' generation, bumped by an
        # image's change; the index's address: the chrome's). A preview is rendered afresh, never kept.
        context["participants"] = self.participants.all
        context["briefing_tags"] = self.tags.all
        preview = getattr(request, "is_preview", False) or not self.pk
        context["fragment_seconds"] = 0 if preview else 3600
        # A preview's own key (never found, and its fragment not stored), not the live page's.
        context["briefing_key"] = (
            uuid.uuid4().hex if preview else briefings_key(self.pk, self.live_revision_id)
        )
        context["related_pages"] = [
            link.page for link in self.related_links.select_related("page").filter(page__live=True)
        ]
        context["index_url"] = self.briefing_index_url(request)
        return context

    def briefing_index_url(self, request):
        """The URL of the index this briefing belongs to, where its tags link to filtered lists."""
        if not self.pk:  # a preview of a briefing not yet saved
            return ""
        return cached(
            f"parent-url:{self.pk}",
            lambda: self.get_parent().get_url(request=request) or "",
            generation=CHROME_GENERATION_KEY,
        )


class BriefingParticipant(Orderable):
    """A person who spoke at a briefing."""

    page = ParentalKey(BriefingPage, related_name="participants", on_delete=models.CASCADE)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name


class BriefingRelatedPage(Orderable):
    """A page a briefing points readers to (another briefing, the map, the ethics guide)."""

    briefing = ParentalKey(BriefingPage, related_name="related_links", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
