"""The pocket ethics guide: the guide's landing page, its topics and the conflict-of-interest self-check.

Page tree: HomePage → EthicsGuidePage (one per language) → EthicsTopicPage (one per chapter, in tree
order) and EthicsSelfCheckPage. The self-check is a page of its own rather than a field of the guide:
a decision tree that gives wrong advice misleads a civil servant, so it gets its own revisions, review
and publication, separate from the chapters; a guide can also hold more than one tree later (gifts,
outside work) without its own edit form growing; and its steps still live under the guide's address,
inside the offline scope.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ethics import offline, selfcheck
from ethics.blocks import SelfCheckStreamBlock, TopicStreamBlock, tree_nodes
from ethics.links import report_page_url
from ethics.search import search_guide
from portal.cache import CHROME_GENERATION_KEY, cached, content_generation, read_together
from portal.models import BasePage

# The guide's table of contents changes with a topic's or a self-check's publish, unpublish, move or
# deletion (ethics.signals), which a leaf page's publish elsewhere does not start.
GUIDE_GENERATION = "ethics:guide-generation"
read_together(GUIDE_GENERATION)


class EthicsGuidePage(RoutablePageMixin, BasePage):
    """The pocket ethics code's landing page: introduction, edition, contents, search within the guide.

    Its routes: `search/` (within the guide only), `print/` (the whole guide as a booklet), `offline/`
    (what a reader sees offline on a page not yet saved), `service-worker/` and `offline-manifest/`
    (the service worker that keeps the guide readable offline, and the list of what it saves).
    """

    template = "pages/ethics/ethics_guide_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["ethics.EthicsTopicPage", "ethics.EthicsSelfCheckPage"]
    max_count_per_parent = 1

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    prepared_by = models.CharField(
        _("prepared by"), max_length=300, blank=True, help_text=_("Who wrote the guide.")
    )
    edition_date = models.DateField(_("edition date"), null=True, blank=True)
    booklet_note = models.TextField(
        _("booklet note"),
        blank=True,
        help_text=_("Printed on the booklet's cover under the title, such as who to call with a question."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prepared_by"), FieldPanel("edition_date")]),
                FieldPanel("booklet_note"),
            ],
            heading=_("Edition"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("ethics guide")
        verbose_name_plural = _("ethics guides")

    def topics(self):
        """The published topics in tree order (one query)."""
        return EthicsTopicPage.objects.live().public().child_of(self).order_by("path")

    def self_checks(self):
        return EthicsSelfCheckPage.objects.live().public().child_of(self).order_by("path")

    def contents(self, request):
        """The table of contents (topics, then self-checks) as plain data, cached until a page of the
        guide is published, unpublished, moved or deleted, so the guide's pages cost no query for it."""
        host = request.get_host() if request is not None else "-"

        def build():
            def entry(page, number=None):
                return {
                    "pk": page.pk,
                    "title": page.title,
                    "url": page.get_url(request=request),
                    "summary": getattr(page, "summary", "") or page.listing_summary,
                    "number": number,
                }

            return {
                "topics": [entry(topic, n) for n, topic in enumerate(self.topics(), start=1)],
                "self_checks": [entry(check) for check in self.self_checks()],
            }

        # Kept under the guide's own generation (ethics.signals: a topic's or self-check's publish…) and
        # the chrome's (their addresses follow the guide's), not the content's: another page's publish
        # leaves it be.
        return cached(
            f"ethics-contents:{host}:{self.pk}:{content_generation(CHROME_GENERATION_KEY)}",
            build,
            generation=GUIDE_GENERATION,
        )

    def guide_context(self, request):
        """What every page of the guide shows around its content: the guide, its contents, contacts."""
        return {
            "guide": self,
            "guide_url": self.get_url(request=request),
            "report_page_url": report_page_url(request, self.locale_id),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.guide_context(request))
        context.update(self.contents(request))
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("search/", name="search")
    def search_route(self, request):
        """Search the guide's topics only; an empty or over-long query is explained, never an error page."""
        query = request.GET.get("q", "")
        # Only this guide's topics are searched, never another page of the site.
        topics = EthicsTopicPage.objects.live().public().descendant_of(self)
        outcome = search_guide(topics, query, asked="q" in request.GET)
        context = self.get_context(request)
        context.update(outcome.context())
        return TemplateResponse(
            request, "pages/ethics/ethics_guide_search.html", context, status=outcome.status
        )

    @path("print/", name="print")
    def print_route(self, request):
        """Every topic in order on one page, and the self-check as a numbered list, laid out for print."""
        context = self.get_context(request)
        # The booklet needs the topics' bodies, not only the contents.
        context["topics"] = list(self.topics())
        context["self_check_trees"] = [check.numbered_steps() for check in self.self_checks()]
        return TemplateResponse(request, "pages/ethics/ethics_guide_print.html", context)

    @path("offline/", name="offline")
    def offline_route(self, request):
        return TemplateResponse(request, "pages/ethics/ethics_guide_offline.html", self.get_context(request))

    @path("offline-manifest/", name="offline_manifest")
    def offline_manifest_route(self, request):
        """The guide's pages and assets the service worker saves, with a version that changes with them."""
        response = JsonResponse(offline.manifest(self, request))
        response["Cache-Control"] = "no-cache"
        return response

    @path("service-worker/", name="service_worker")
    def service_worker_route(self, request):
        """The service worker, from our static files, served under the guide so its scope is the guide."""
        manifest = offline.manifest(self, request)
        response = HttpResponse(
            offline.worker_script(manifest["version"]), content_type="application/javascript; charset=utf-8"
        )
        response["Cache-Control"] = "no-cache"
        response["Service-Worker-Allowed"] = self.get_url(request=request)
        return response

    def content_version(self):
        """When the guide or anything under it was last published (one query)."""
        pages = self.get_descendants(inclusive=True).live()
        latest = pages.aggregate(latest=Max("last_published_at"))["latest"]
        return latest.isoformat() if latest else ""


class EthicsTopicPage(BasePage):
    """One chapter of the guide: its principle, do and don't, situations, questions, references."""

    template = "pages/ethics/ethics_topic_page.html"
    parent_page_types = ["ethics.EthicsGuidePage"]
    subpage_types = []

    summary = models.TextField(
        _("summary"), max_length=400, blank=True, help_text=_("One sentence shown in the guide's contents.")
    )
    body = StreamField(TopicStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("ethics topic")
        verbose_name_plural = _("ethics topics")

    def get_guide(self):
        """The guide this topic belongs to (one query; None for a preview of an unsaved page)."""
        parent_path = self.path[: -self.steplen] if self.path else ""
        if not parent_path:
            return None
        # A section page: it changes with the chrome (portal.cache).
        return (
            cached(
                f"ethics-guide:{parent_path}",
                lambda: EthicsGuidePage.objects.filter(path=parent_path).first() or "",
                generation=CHROME_GENERATION_KEY,
            )
            or None
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guide = self.get_guide()
        if guide is not None:
            context.update(guide.guide_context(request))
            siblings = guide.contents(request)["topics"]
            position = next((n for n, topic in enumerate(siblings) if topic["pk"] == self.pk), None)
            if position is not None:
                context["topic_number"] = position + 1
                context["previous_topic"] = siblings[position - 1] if position > 0 else None
                context["next_topic"] = siblings[position + 1] if position + 1 < len(siblings) else None
            context["topics"] = siblings
        return context


class EthicsSelfCheckPage(RoutablePageMixin, BasePage):
    """A step-by-step check, such as "Do I have a conflict of interest?": one address per step.

    The editor builds the tree as a list of questions and outcomes; it starts with the first question.
    Saving checks that every path ends in an outcome (see `ethics.selfcheck`).
    """

    template = "pages/ethics/ethics_self_check_page.html"
    parent_page_types = ["ethics.EthicsGuidePage"]
    subpage_types = []

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    steps = StreamField(SelfCheckStreamBlock(), verbose_name=_("steps"), use_json_field=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("steps")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction"), index.SearchField("steps")]

    class Meta:
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")

    def clean(self):
        """Refuse a tree with a dead end, a loop or a dangling answer, whoever saves it."""
        super().clean()
        problems = selfcheck.find_problems(tree_nodes(self.steps))
        if problems:
            raise ValidationError({"steps": [problem.message for problem in problems]})

    def step_blocks(self):
        """The steps by key, in editing order, the first one being the start."""
        return {child.value["key"]: child for child in self.steps}

    def numbered_steps(self):
        """The steps with a number each, for the printed booklet where links cannot be followed."""
        steps = list(self.steps)
        numbers = {child.value["key"]: n for n, child in enumerate(steps, start=1)}
        rows = []
        for child in steps:
            answers = []
            if child.block_type == "question":
                answers = [
                    (answer["label"], numbers.get(answer["target"])) for answer in child.value["answers"]
                ]
            rows.append({"step": child, "answers": answers})
        return {"page": self, "rows": rows}

    def start_key(self):
        return self.steps[0].value["key"] if len(self.steps) else ""

    def get_guide(self):
        parent_path = self.path[: -self.steplen] if self.path else ""
        return EthicsGuidePage.objects.filter(path=parent_path).first() if parent_path else None

    def render_step(self, request, key):
        steps = self.step_blocks()
        if key not in steps:
            raise Http404
        context = {
            "steps": list(steps.values()),
            "current_key": key,
            "current_step": steps[key],
            "start_key": self.start_key(),
            "self_check_url": self.get_url(request=request),
        }
        guide = self.get_guide()
        if guide is not None:
            context.update(guide.guide_context(request))
        return self.render(request, context_overrides=context)

    @path("")
    def start_route(self, request):
        return self.render_step(request, self.start_key())

    @path("<slug:key>/", name="step")
    def step_route(self, request, key):
        if key == self.start_key():
            # One address per step: the start lives at the self-check's own address.
            return redirect(self.get_url(request=request))
        return self.render_step(request, key)
