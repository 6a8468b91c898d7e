"""Published issues as Open311 service requests: the query parameters read, the issues chosen, each
issue written as the spec's request."""

import datetime
import logging

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from mapping.models import Category, Issue, IssuePhoto, IssueUpdate
from mapping.models.issues import OPEN_STATUSES, local_today
from mapping.open311.formats import Open311Error
from mapping.reference import reference

MAX_IDS = 1000
# Without a start_date, requests.json lists the issues registered in the last 90 days (the spec's default
# window), up to end_date if given; a client wanting older ones gives a start_date.
DEFAULT_WINDOW_DAYS = 90
MEDIA_RENDITION = "max-800x600|format-jpeg"
logger = logging.getLogger(__name__)


def service_texts(categories, language):
    """{translation_key: (name, description)} of the categories in `language` (one query, if any)."""
    if language == settings.LANGUAGE_CODE:
        return {}
    keys = [category.translation_key for category in categories]
    return {
        key: (name, description)
        for key, name, description in Category.objects.filter(
            translation_key__in=keys, locale__language_code=language
        ).values_list("translation_key", "name", "description")
    }


def _split(params, name, limit=MAX_IDS):
    raw = params.get(name, "")
    if len(raw) > 20_000:
        raise Open311Error(400, _("The %(name)s parameter is too long.") % {"name": name})
    values = [value.strip() for part in params.getlist(name) for value in part.split(",") if value.strip()]
    if len(values) > limit:
        raise Open311Error(400, _("Too many values for %(name)s.") % {"name": name})
    return list(dict.fromkeys(values))


def whole_number(params, name, default, low, high):
    raw = params.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9 or not low <= int(raw) <= high:
        raise Open311Error(
            400,
            _("The %(name)s parameter must be a whole number from %(low)d to %(high)d.")
            % {"name": name, "low": low, "high": high},
        )
    return int(raw)


def _local_datetime(params, name):
    """A start_date or end_date (ISO 8601, with or without a time and offset) in the portal's time zone."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw) if len(raw) > 10 else None
        if value is None:
            day = parse_date(raw)
            value = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        value = None
    if value is None or len(raw) > 40:
        raise Open311Error(
            400,
            _(
                "The %(name)s parameter must be a date and time in ISO 8601, "
                "such as 2025-03-01T00:00:00+05:00."
            )
            % {"name": name},
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def filter_requests(params, issues):
    """The published issues the query asks for, or Open311Error for a parameter we cannot read."""
    ids = _split(params, "service_request_id")
    if ids:
        if not all(value.isdigit() and len(value) <= 12 for value in ids):
            raise Open311Error(400, _("service_request_id takes issue numbers, comma-separated."))
        # The spec: with service_request_id, every other filter is ignored.
        return issues.filter(pk__in=[int(value) for value in ids])
    codes = _split(params, "service_code", limit=100)
    if codes:
        categories = reference()["categories"]
        unknown = [code for code in codes if code not in categories]
        if unknown:
            raise Open311Error(400, _("Unknown service_code: %(value)s.") % {"value": unknown[0][:80]})
        issues = issues.filter(category_id__in=[categories[code].pk for code in codes])
    statuses = _split(params, "status", limit=2)
    if statuses:
        if not set(statuses) <= {"open", "closed"}:
            raise Open311Error(400, _("The status parameter takes open, closed or both."))
        if statuses == ["open"]:
            issues = issues.filter(status__in=OPEN_STATUSES)
        elif statuses == ["closed"]:
            issues = issues.exclude(status__in=OPEN_STATUSES)
    start, end = _local_datetime(params, "start_date"), _local_datetime(params, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date is after end_date."))
    # requested_datetime is the registration day at 00:00, so a start later in a day excludes that day.
    if start is not None:
        first_day = (
            start.date() if start.time() == datetime.time() else start.date() + datetime.timedelta(days=1)
        )
    else:
        # The spec's default: the last DEFAULT_WINDOW_DAYS days, up to end_date when there is one.
        first_day = (end.date() if end is not None else local_today()) - datetime.timedelta(
            days=DEFAULT_WINDOW_DAYS
        )
    issues = issues.filter(registered_on__gte=first_day)
    if end is not None:
        issues = issues.filter(registered_on__lte=end.date())
    return issues


def request_queryset():
    """Published issues with what an Open311 request shows, in a fixed number of queries per page."""
    latest_note = (
        IssueUpdate.objects.filter(issue=OuterRef("pk"))
        .exclude(note="")
        .order_by("-date", "-sort_order", "-pk")
        .values("note")[:1]
    )
    public_photos = IssuePhoto.objects.filter(issue__category__sensitive=False).prefetch_related(
        Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(MEDIA_RENDITION))
    )
    return (
        Issue.objects.published()
        .select_related("category", "area", "authority")
        .annotate(latest_note=Subquery(latest_note))
        .prefetch_related(Prefetch("photos", queryset=public_photos, to_attr="open311_photos"))
        .order_by("-registered_on", "-pk")
    )


def _midnight(day):
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone()).isoformat()


def _media_url(request, issue):
    if issue.category.sensitive or not issue.open311_photos:
        return None
    try:
        rendition = issue.open311_photos[0].image.get_rendition(MEDIA_RENDITION)
    except Exception:  # A missing or unreadable original must not break the list: the photo is left out.
        logger.warning("No rendition for the photo of issue %s", issue.pk, exc_info=True)
        return None
    return request.build_absolute_uri(rendition.url)


def service_request(request, issue, names, language):
    """One published issue as an Open311 service request."""
    category, authority = issue.category, issue.authority
    return {
        "service_request_id": issue.pk,
        "status": "open" if issue.status in OPEN_STATUSES else "closed",
        "status_notes": issue.latest_note or None,
        "service_name": names.get(("Category", str(category.translation_key), language)) or category.name,
        "service_code": category.slug,
        "description": issue.description,
        "agency_responsible": (
            names.get(("Authority", str(authority.translation_key), language)) or authority.name
            if authority
            else None
        ),
        "service_notice": None,
        "requested_datetime": _midnight(issue.registered_on),
        "updated_datetime": timezone.localtime(issue.updated_at).isoformat(timespec="seconds"),
        "expected_datetime": _midnight(issue.due_on),
        # A sensitive issue is shown at its area's centre only: its address would give the place away.
        "address": "" if category.sensitive else issue.address,
        "address_id": None,
        "zipcode": None,
        "lat": issue.map_latitude,
        "long": issue.map_longitude,
        "media_url": _media_url(request, issue),
    }
