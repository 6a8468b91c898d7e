"""What the transparency page shows: its figures for the period asked, sorted as asked, with the links
that sort the authorities' table (they work without JavaScript)."""

from django.utils.http import urlencode

from mapping.transparency import figures
from portal.page_views import page_view


def sort_link(period, key, sort_key, descending):
    """The query that sorts by `key`: names A→Z first, figures largest first; again flips the order."""
    if key == "name":
        order = "-" if key == sort_key and not descending else ""
    else:
        order = "" if key == sort_key and descending else "-"
    return "?" + urlencode({**period.as_query(), "sort": order + key})


@page_view("mapping.transparency")
def transparency_context(page, request):
    period = figures.parse_period(request.GET)
    sort_key, descending, sort_error = figures.parse_sort(request.GET.get("sort"))
    context = figures.figures_context(figures.figures(period))
    context["authority_rows"] = figures.sort_authorities(context["authority_rows"], sort_key, descending)
    context["period"] = period
    context["errors"] = period.errors + ([sort_error] if sort_error else [])
    context["sort_key"], context["sort_descending"] = sort_key, descending
    context["sort_links"] = {key: sort_link(period, key, sort_key, descending) for key in figures.SORT_KEYS}
    return context
