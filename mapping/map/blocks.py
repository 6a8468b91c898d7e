"""MapBlock: issues of the control map, filtered by area, category and status, on any page."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mapping.generations import ISSUES_TAG
from mapping.map.links import issue_url_prefix
from mapping.models import Issue, IssueStatus
from mapping.reference import reference
from portal.frontend_cache import tag_response

# A map of the whole region fits Akmola; a block for one area centres on that area instead.
DEFAULT_CENTRE = (52.3, 70.2)


class MapBlock(blocks.StructBlock):
    """A small map of published issues with, under it, the same issues as a list (the accessible fallback)."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=150, required=False)
    area = SnippetChooserBlock("mapping.Area", label=_("Area"), required=False)
    category = SnippetChooserBlock("mapping.Category", label=_("Category"), required=False)
    status = blocks.ChoiceBlock(label=_("Status"), choices=IssueStatus.choices, required=False)
    zoom = blocks.IntegerBlock(label=_("Zoom"), min_value=3, max_value=17, default=8)
    limit = blocks.IntegerBlock(label=_("Issues in the list"), min_value=1, max_value=50, default=5)

    class Meta:
        icon = "site"
        label = _("Map of issues")
        template = "blocks/map_block.html"
        description = _("Issues from the control map, filtered by area, category and status, with a list")

    def issues(self, value):
        issues = Issue.objects.published().for_listing()
        if value.get("area"):
            issues = issues.filter(
                area_id__in=reference()["area_ids"].get(value["area"].slug, [value["area"].pk])
            )
        if value.get("category"):
            issues = issues.filter(category=value["category"])
        if value.get("status"):
            issues = issues.filter(status=value["status"])
        return issues.order_by("-registered_on", "-pk")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if request := (parent_context or {}).get("request"):
            tag_response(request, ISSUES_TAG)  # the page embeds issues: their changes purge it
        issues = self.issues(value)
        query = {}
        if value.get("area"):
            query["area"] = value["area"].slug
        if value.get("category"):
            query["category"] = value["category"].slug
        if value.get("status"):
            query["status"] = value["status"]
        area = value.get("area")
        if area is not None and area.centre_latitude is not None:
            centre = (area.centre_latitude, area.centre_longitude)
        else:
            centre = DEFAULT_CENTRE
        context.update(
            {
                "issues": list(issues[: value.get("limit") or 5]),
                "total": issues.count(),
                "query": query,
                "centre": centre,
                "map_url": issue_url_prefix(translation.get_language()).removesuffix("issues/"),
            }
        )
        return context
