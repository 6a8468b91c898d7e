"""The transparency page: how each authority resolves problems, and what became of the recommendations.

It sits under the home page (a section of its own in the main menu, like the map): its figures cover
every published issue and every authority of the site, not one map.
"""

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from portal.models import BasePage


class TransparencyPage(BasePage):
    """Figures computed from published data: issues by status, category, area and authority; the
    resolution rate; working days to resolve; overdue issues; recommendations; with a period filter."""

    template = "pages/mapping/transparency_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("transparency page")
        verbose_name_plural = _("transparency pages")

    def get_context(self, request, *args, **kwargs):
        from mapping import transparency

        context = super().get_context(request, *args, **kwargs)
        period = transparency.parse_period(request.GET)
        sort_key, descending, sort_error = transparency.parse_sort(request.GET.get("sort"))
        context.update(transparency.figures_context(transparency.figures(period)))
        context["authority_rows"] = transparency.sort_authorities(
            context["authority_rows"], sort_key, descending
        )
        context["period"] = period
        context["errors"] = period.errors + ([sort_error] if sort_error else [])
        context["sort_key"], context["sort_descending"] = sort_key, descending
        context["sort_links"] = {
            key: "?"
            + urlencode(
                {
                    **period.as_query(),
                    "sort": ("" if key == sort_key and descending else "-") + key
                    if key != "name"
                    else ("-" if key == sort_key and not descending else "") + key,
                }
            )
            for key in transparency.SORT_KEYS
        }
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A period the reader mistyped: the page explains it, and says so to machines too.
        if getattr(response, "context_data", None) and response.context_data.get("period").errors:
            response.status_code = 400
        return response
