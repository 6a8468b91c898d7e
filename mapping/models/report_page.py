"""ReportPage: the public report form, its thank-you page and the status lookup by tracking code."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from portal.models import BasePage
from portal.page_views import serve_page_view

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class ReportPage(RoutablePageMixin, BasePage):
    """Where a citizen reports an offence without knowing the competent authority, and follows it."""

    template = "pages/mapping/report_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    confidential_help = RichTextField(
        _("what a confidential report means"), blank=True, features=TEXT_FEATURES
    )
    anonymous_help = RichTextField(_("what an anonymous report means"), blank=True, features=TEXT_FEATURES)
    thanks_text = RichTextField(_("text of the thank-you page"), blank=True, features=TEXT_FEATURES)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("confidential_help"), FieldPanel("anonymous_help")], heading=_("Anonymity, explained")
        ),
        FieldPanel("thanks_text"),
    ]

    class Meta:
        verbose_name = _("report page")
        verbose_name_plural = _("report pages")

    # The routes' views live in mapping.reports.views (see portal.page_views).
    @path("")
    def form_view(self, request):
        return serve_page_view("mapping.report-form", self, request)

    @path("status/", name="status")
    def status_view(self, request):
        return serve_page_view("mapping.report-status", self, request)

    @path("status/verdict/", name="verdict")
    def verdict_view(self, request):
        return serve_page_view("mapping.report-verdict", self, request)
