"""What the transparency page's address asks for: the period (`from`, `to`) and the authority table's
order (`sort`), each read leniently: a bad value is reported on the page and left out."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mapping.models.issues import local_today

EARLIEST = datetime.date(2000, 1, 1)
MAX_DATE_LENGTH = 10
SORT_KEYS = ("name", "issues", "resolved", "resolution_rate", "on_time", "on_time_share", "overdue", "median")
DEFAULT_SORT = "-issues"


@dataclass
class Period:
    """A period of registration dates chosen on the page: either end may be open."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    errors: list = field(default_factory=list)

    def as_query(self):
        params = {}
        if self.start:
            params["from"] = self.start.isoformat()
        if self.end:
            params["to"] = self.end.isoformat()
        return params


def _parse_date(raw, label, errors, today):
    raw = (raw or "").strip()
    if not raw:
        return None
    if len(raw) > MAX_DATE_LENGTH:
        errors.append(_("The date “%(label)s” is not a date: use the form YYYY-MM-DD.") % {"label": label})
        return None
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        errors.append(_("The date “%(label)s” is not a date: use the form YYYY-MM-DD.") % {"label": label})
        return None
    if value < EARLIEST or value > today + datetime.timedelta(days=366):
        errors.append(
            _("The date “%(label)s” lies outside the years the map covers (from %(year)d to next year).")
            % {"label": label, "year": EARLIEST.year}
        )
        return None
    return value


def parse_period(params, today=None):
    """The Period of `from` and `to` in a query dict; a bad value is reported and left out."""
    today = today or local_today()
    errors = []
    start = _parse_date(params.get("from"), _("from"), errors, today)
    end = _parse_date(params.get("to"), _("to"), errors, today)
    if start and end and start > end:
        errors.append(_("The start of the period is after its end: the period was not applied."))
        start = end = None
    return Period(start, end, errors)


def parse_sort(raw):
    """(key, descending, error) of the `sort` parameter of the authority table."""
    raw = (raw or "").strip()
    if not raw:
        raw = DEFAULT_SORT
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in SORT_KEYS:
        key, descending = DEFAULT_SORT.lstrip("-"), True
        return key, descending, _("Unknown sort order: the table is sorted by the number of issues.")
    return key, descending, ""
