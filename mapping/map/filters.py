"""The filters shared by the map page, its list, the map API and the feed: area, category, status, period.

The page reports a bad value and ignores it (the form shows the message); the API refuses it with 400.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mapping.models import Issue, IssueStatus
from mapping.reference import reference

MAX_VALUES = 30
MAX_PARAMETER_LENGTH = 1000
PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


class FilterError(ValueError):
    """A filter value the API refuses."""


@dataclass
class IssueFilters:
    areas: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    period: str = ""
    problem_object: int | None = None
    errors: list = field(default_factory=list)

    def apply(self, queryset, today=None):
        ref = reference()
        if self.areas:
            ids = {pk for slug in self.areas for pk in ref["area_ids"][slug]}
            queryset = queryset.filter(area_id__in=ids)
        if self.categories:
            queryset = queryset.filter(
                category_id__in=[ref["categories"][slug].pk for slug in self.categories]
            )
        if self.statuses:
            queryset = queryset.filter(status__in=self.statuses)
        if self.period:
            since = (today or datetime.date.today()) - datetime.timedelta(days=PERIODS[self.period])
            queryset = queryset.filter(registered_on__gte=since)
        if self.problem_object is not None:
            queryset = queryset.filter(problem_object_id=self.problem_object)
        return queryset

    def as_query(self):
        """The filters as API query parameters."""
        params = {}
        for name, values in (("area", self.areas), ("category", self.categories), ("status", self.statuses)):
            if values:
                params[name] = ",".join(values)
        if self.period:
            params["period"] = self.period
        if self.problem_object is not None:
            params["object"] = str(self.problem_object)
        return params


def _split(params, name):
    raw = params.get(name, "")
    if len(raw) > MAX_PARAMETER_LENGTH:
        raise FilterError(_("The %(name)s parameter is too long.") % {"name": name})
    # A GET form sends one value per field; the API takes comma-separated lists.
    values = [v.strip() for part in params.getlist(name) for v in part.split(",") if v.strip()]
    if len(values) > MAX_VALUES:
        raise FilterError(_("Too many values for %(name)s.") % {"name": name})
    return list(dict.fromkeys(values))


def parse_filters(params, strict=False):
    """IssueFilters from a query dict; unknown values raise FilterError when strict, else are reported."""
    ref = reference()
    known = {
        "area": set(ref["areas"]),
        "category": set(ref["categories"]),
        "status": set(IssueStatus.values),
    }
    messages = {
        "area": _("Unknown area: %(value)s."),
        "category": _("Unknown category: %(value)s."),
        "status": _("Unknown status: %(value)s."),
    }
    filters = IssueFilters()
    for name, attribute in (("area", "areas"), ("category", "categories"), ("status", "statuses")):
        try:
            values = _split(params, name)
        except FilterError as error:
            if strict:
                raise
            filters.errors.append(str(error))
            continue
        for value in values:
            if value in known[name]:
                getattr(filters, attribute).append(value)
            elif strict:
                raise FilterError(messages[name] % {"value": value[:80]})
            else:
                filters.errors.append(messages[name] % {"value": value[:80]})
    period = params.get("period", "")
    if period in PERIODS:
        filters.period = period
    elif period and period != "all":
        if strict:
            raise FilterError(_("Unknown period: use 7, 30, 90 or 365 days."))
        filters.errors.append(_("Unknown period: use 7, 30, 90 or 365 days."))
    problem_object = params.get("object", "")
    if problem_object:
        if problem_object.isdigit() and len(problem_object) <= 12:
            filters.problem_object = int(problem_object)
        elif strict:
            raise FilterError(_("The object parameter must be the number of an object page."))
        else:
            filters.errors.append(_("The object parameter must be the number of an object page."))
    return filters


def published_issues(filters):
    return filters.apply(Issue.objects.published())
