"""Reference data as the public pages and the map API use it: looked up by slug, named in the reader's
language, cached under their own generation (editing an area, category or authority starts a new one;
publishing a page does not)."""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale

from mapping.generations import REFERENCE_GENERATION
from mapping.models import Area, Authority, Category, Issue
from portal.cache import cached

# The languages a `lang` parameter of the API, open data and Open311 may ask for.
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def _build():
    default = Locale.get_default()
    # Boundaries stay out: every page reads this entry, and only the outlines layer draws them.
    areas = list(Area.objects.filter(locale=default).defer("boundary").order_by("name"))
    children = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area.pk)

    def with_descendants(pk):
        found, stack = [], [pk]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(children.get(current, []))
        return found

    names = {}
    for model in (Area, Category, Authority):
        for row in model.objects.values("translation_key", "locale__language_code", "name"):
            names[(model.__name__, str(row["translation_key"]), row["locale__language_code"])] = row["name"]
    return {
        "areas": {area.slug: area for area in areas},
        "area_ids": {area.slug: with_descendants(area.pk) for area in areas},
        "categories": {
            c.slug: c for c in Category.objects.filter(locale=default).order_by("sort_order", "name")
        },
        "authorities": {a.slug: a for a in Authority.objects.filter(locale=default).order_by("name")},
        "names": names,
    }


def reference():
    """{areas, area_ids (an area with its descendants), categories, authorities, names} of the default
    language."""
    return cached("mapping-reference", _build, generation=REFERENCE_GENERATION)


def referenced(kind, pk):
    """The area or authority (`kind` "areas" or "authorities") of the default language with this primary
    key, from the reference data (no query), or None: a translation's own row is not in it."""
    if pk is None:
        return None
    return next((obj for obj in reference()[kind].values() if obj.pk == pk), None)


def localized_name(obj):
    """The name of an area, category or authority in the active language, or its own name."""
    if obj is None:
        return ""
    language = (get_language() or "ru").split("-")[0]
    key = (type(obj).__name__, str(obj.translation_key), language)
    return reference()["names"].get(key) or obj.name


def attach_reference(issues):
    """Give each issue its category, area and authority from the reference data, as if selected with it
    (`IssueQuerySet.for_listing`); one that names a row not in it (another language's) loads it itself."""
    data = reference()
    by_pk = {
        "category": {obj.pk: obj for obj in data["categories"].values()},
        "area": {obj.pk: obj for obj in data["areas"].values()},
        "authority": {obj.pk: obj for obj in data["authorities"].values()},
    }
    fields = [(Issue._meta.get_field(name), found) for name, found in by_pk.items()]
    for issue in issues:
        for field, found in fields:
            pk = getattr(issue, field.attname)
            if pk is None:
                field.set_cached_value(issue, None)
            elif pk in found:
                field.set_cached_value(issue, found[pk])
