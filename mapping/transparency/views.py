"""What the transparency page shows: its figures for the period asked, sorted as asked, with the links
that sort the authorities' table (they work without JavaScript)."""

from django.utils import translation
from django.utils.http import urlencode

from mapping.generations import REFERENCE_GENERATION, TRANSPARENCY_GENERATION
from mapping.models.issues import local_today
from mapping.transparency import figures
from mapping.transparency.query import SORT_KEYS, parse_period, parse_sort
from portal.cache import content_generation
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
    period = parse_period(request.GET)
    sort_key, descending, sort_error = parse_sort(request.GET.get("sort"))
    context = figures.figures_context(figures.figures(period))
    context["authority_rows"] = figures.sort_authorities(context["authority_rows"], sort_key, descending)
    context["period"] = period
    context["errors"] = period.errors + ([sort_error] if sort_error else [])
    context["sort_key"], context["sort_descending"] = sort_key, descending
    context["sort_links"] = {key: sort_link(period, key, sort_key, descending) for key in SORT_KEYS}
    context["fragment_key"] = fragment_key(period, sort_key, descending)
    return context


def fragment_key(period, sort_key, descending):
    """What the rendered figures vary by: the generations of the figures and of the names they show,
        the language, the day (overdue counts from it), the period and the order, as parsed (an address with
    any other query shares their entry). A publish leaves them."""
    return (
        f"{content_generation(TRANSPARENCY_GENERATION)}:{content_generation(REFERENCE_GENERATION)}:"
        f"{translation.get_language()}:{local_today().isoformat()}:{urlencode(period.as_query())}:"
        f"{'-' if descending else ''}{sort_key}"
    )
