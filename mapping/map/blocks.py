"""MapBlock: issues of the control map, filtered by area, category and status, on any page.

Its map opens on what it lists: fitted to the box of its issues (never closer than the block's zoom),
else to its area's boundary, else centred on its area's centre or on the region at the block's zoom.
"""

from django.db.models import Count, Max, Min
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mapping.boundaries import BoundaryError, bounds, clean_geometry
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
        # The count and the box of the issues in one query (the box only counts issues with a place).
        figures = issues.order_by().aggregate(
            total=Count("pk"),
            south=Min("map_latitude"),
            west=Min("map_longitude"),
            north=Max("map_latitude"),
            east=Max("map_longitude"),
        )
        box = tuple(figures[side] for side in ("south", "west", "north", "east"))
        box = box if None not in box else area_box(value.get("area"))
        context.update(
            {
                "issues": list(issues[: value.get("limit") or 5]),
                "total": figures["total"],
                "query": query,
                "centre": centre_of(box, value.get("area")),
                "bounds": box,
                "map_url": issue_url_prefix(translation.get_language()).removesuffix("issues/"),
            }
        )
        return context


def area_box(area):
    """(south, west, north, east) of an area's boundary, or None."""
    if area is None or not area.boundary:
        return None
    try:
        return bounds(clean_geometry(area.boundary))
    except BoundaryError:
        return None


def centre_of(box, area):
    """Where the map is centred before it is fitted to `box`, and where it stays without a box."""
    if box is not None:
        return (round((box[0] + box[2]) / 2, 6), round((box[1] + box[3]) / 2, 6))
    if area is not None and area.centre_latitude is not None:
        return (area.centre_latitude, area.centre_longitude)
    return DEFAULT_CENTRE
