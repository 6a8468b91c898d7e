"""Template helpers for the map pages."""

from django import template
from django.conf import settings

from mapping.reference import localized_name as _localized_name

register = template.Library()


@register.filter
def localized_name(obj):
    """The name of an area, category or authority in the reader's language."""
    return _localized_name(obj)


@register.inclusion_tag("components/mapping/issue_map.html", takes_context=True)
def issue_map(
    context,
    centre_latitude,
    centre_longitude,
    zoom,
    query=None,
    filters_form="",
    label="",
    small=False,
    current=None,
    visits=False,
):
    """The map container the map script fills; without JavaScript it stays an empty, hidden box.

    Leaflet and the map script are linked with the first map of a page only.
    """
    request = context.get("request")
    first = request is None or not getattr(request, "_issue_map_assets", False)
    if request is not None:
        request._issue_map_assets = True
    return {
        "with_assets": first,
        "current": current,
        "visits": visits,
        "centre": f"{centre_latitude},{centre_longitude}",
        "zoom": zoom,
        "query": query or {},
        "filters_form": filters_form,
        "label": label,
        "small": small,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "request": context.get("request"),
    }
