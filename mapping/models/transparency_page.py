"""The transparency page: how each authority resolves problems, and what became of the recommendations.

It sits under the home page (a section of its own in the main menu, like the map): its figures cover
every published issue and every authority of the site, not one map.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from portal.models import BasePage
from portal.page_views import page_view_context


class TransparencyPage(BasePage):
    """Figures computed from published data: issues by status, category, area and authority; the
    resolution rate; working days to resolve; overdue issues; recommendations; with a period filter."""

    template = "pages/mapping/transparency_page.html"
    # Shows issues: an issue change purges it from the front proxy (portal.frontend_cache).
    cache_tags = ("issues",)
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("transparency page")
        verbose_name_plural = _("transparency pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The figures are computed in mapping.transparency (see portal.page_views).
        context.update(page_view_context("mapping.transparency", self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A period the reader mistyped: the page explains it, and says so to machines too.
        if getattr(response, "context_data", None) and response.context_data.get("period").errors:
            response.status_code = 400
        return response
