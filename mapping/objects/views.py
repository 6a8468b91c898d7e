"""The object index: a route of the map page (`objects/`), listing the objects under it with their issue
figures, filtered by type, area and operator and searched by name or address, beside a map of them.

Whatever the number of objects, a page costs the same few cache reads and no query once the directory
and the figures are cached (mapping.objects.directory, mapping.objects.figures).
"""

from django.utils.translation import get_language

from mapping.models import ObjectType
from mapping.objects.directory import object_directory
from mapping.objects.figures import NO_ISSUES, object_figures
from mapping.objects.filters import parse_object_filters
from mapping.reference import reference
from portal.page_views import page_view
from portal.pagination import paginate

PER_PAGE = 30


def operator_choices(entries):
    """(slug, name) of the authorities that run at least one object, by name in the reader's language."""
    ref = reference()
    used = {entry["operator_key"] for entry in entries}
    language = get_language()
    choices = [
        (slug, ref["names"].get(("Authority", str(authority.translation_key), language)) or authority.name)
        for slug, authority in ref["authorities"].items()
        if str(authority.translation_key) in used
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def listed(entries, figures):
    """The entries of one page of the list, with what the template shows of each."""
    names = reference()["names"]
    types = dict(ObjectType.choices)
    language = get_language()
    return [
        {
            **entry,
            "figures": figures.get(entry["id"], NO_ISSUES),
            "type_label": types.get(entry["type"], ""),
            "area_name": names.get(("Area", entry["area_key"], language), ""),
            "foreign": entry["lang"] != language,
        }
        for entry in entries
    ]


@page_view("mapping.objects")
def object_index_view(page, request):
    filters = parse_object_filters(request.GET)
    directory = object_directory(request)
    found = filters.apply(directory)
    page_obj = paginate(found, request.GET.get("page"), PER_PAGE)
    ref = reference()
    return page.render(
        request,
        context_overrides={
            "filters": filters,
            "filter_errors": filters.errors,
            "page_obj": page_obj,
            "objects": listed(page_obj.object_list, object_figures()),
            "object_types": ObjectType.choices,
            "areas": list(ref["areas"].values()),
            "operators": operator_choices(directory),
            "objects_query": filters.as_query(),
        },
        template="pages/mapping/object_index.html",
    )
