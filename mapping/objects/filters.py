"""The object index's filters, shared with the objects layer's API: type, area, operator, and a search by
name or address.

Like the map's issue filters (mapping.map.filters), the page reports a bad value and ignores it, and the
API refuses it with 400.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mapping.map.filters import FilterError
from mapping.models import ObjectType
from mapping.reference import reference

MAX_QUERY_LENGTH = 100


@dataclass
class ObjectFilters:
    object_type: str = ""
    area: str = ""
    operator: str = ""
    query: str = ""
    errors: list = field(default_factory=list)

    def apply(self, entries):
        """The directory entries (mapping.objects.directory) that pass every filter."""
        ref = reference()
        if self.object_type:
            entries = [entry for entry in entries if entry["type"] == self.object_type]
        if self.area:
            ids = set(ref["area_ids"][self.area])
            keys = {str(area.translation_key) for area in ref["areas"].values() if area.pk in ids}
            entries = [entry for entry in entries if entry["area_key"] in keys]
        if self.operator:
            key = str(ref["authorities"][self.operator].translation_key)
            entries = [entry for entry in entries if entry["operator_key"] == key]
        if self.query:
            words = self.query.casefold().split()
            entries = [entry for entry in entries if all(word in entry["haystack"] for word in words)]
        return entries

    def as_query(self):
        """The filters as query parameters (for the objects layer's API and the pages' links)."""
        names = (
            ("type", self.object_type),
            ("area", self.area),
            ("operator", self.operator),
            ("q", self.query),
        )
        return {name: value for name, value in names if value}

    @property
    def active(self):
        return bool(self.as_query())


def parse_object_filters(params, strict=False):
    """ObjectFilters from a query dict; an unknown value raises FilterError when strict, else is reported."""
    ref = reference()
    filters = ObjectFilters()
    known = {
        "type": (set(ObjectType.values), "object_type", _("Unknown type of object: %(value)s.")),
        "area": (set(ref["areas"]), "area", _("Unknown area: %(value)s.")),
        "operator": (set(ref["authorities"]), "operator", _("Unknown operator: %(value)s.")),
    }
    for name, (values, attribute, message) in known.items():
        value = params.get(name, "").strip()
        if not value:
            continue
        if value in values:
            setattr(filters, attribute, value)
            continue
        error = message % {"value": value[:80]}
        if strict:
            raise FilterError(error)
        filters.errors.append(error)
    query = " ".join(params.get("q", "").split())
    if len(query) > MAX_QUERY_LENGTH:
        error = _("The search may be at most %(max)d characters long.") % {"max": MAX_QUERY_LENGTH}
        if strict:
            raise FilterError(error)
        filters.errors.append(error)
        query = query[:MAX_QUERY_LENGTH]
    filters.query = query
    return filters
