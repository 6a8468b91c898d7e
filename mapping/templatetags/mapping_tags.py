"""Template helpers for the map pages."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html

from mapping.models.texts import localized as _localized
from mapping.reference import localized_name as _localized_name
from mapping.reference import referenced
from portal.languages import current_code

register = template.Library()


@register.filter
def localized_name(obj):
    """The name of an area, category or authority in the reader's language."""
    return _localized_name(obj)


@register.filter
def object_area(page):
    """An object page's area, from the reference data (no query) when it is a default-language row."""
    return referenced("areas", page.area_id) or page.area


@register.filter
def object_operator(page):
    """An object page's operator, from the reference data (no query) when it is a default-language row."""
    return referenced("authorities", page.operator_id) or page.operator


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
    objects=False,
    objects_on=False,
    objects_query=None,
    issues=True,
    bounds=None,
):
    """The map container the map script fills; without JavaScript it stays an empty, hidden box.

    `visits` and `objects` offer those layers (switched off at first; `objects_on` switches the objects
    on, filtered by `objects_query`); `issues=False` leaves the issues out (the object index's map).
    `bounds` (south, west, north, east) fits the map to that box, never closer than `zoom`.
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
        "objects": objects,
        "objects_on": objects_on,
        "objects_query": objects_query or {},
        "issues": issues,
        "bounds": ",".join(f"{side:.5f}" for side in bounds) if bounds else "",
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


@register.filter
def localized(obj, field):
    """An issue's (or timeline entry's) public text in the reader's language, or in Russian: a
    `LocalizedText` that knows its language (see `lang_attr` and `in_language`)."""
    return _localized(obj, field)


@register.filter
def lang_attr(text):
    """` lang="ru"` for an element holding `text` when it is not in the page's language, else nothing."""
    lang = getattr(text, "lang", None)
    if lang and lang != current_code():
        return format_html(' lang="{}"', lang)
    return ""


@register.filter
def in_language(text):
    """`text` escaped, inside `<span lang="…">` when it is not in the page's language."""
    attr = lang_attr(text)
    return format_html("<span{}>{}</span>", attr, text) if attr else conditional_escape(text)
