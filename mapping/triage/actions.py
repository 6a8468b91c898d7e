"""What staff do with a report: route it, make it an issue, or link it to an issue already known.

The admin views (mapping.triage.views) call these; each change is one transaction, and what the reporter
should hear is queued to be sent once it commits.
"""

import datetime
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from mapping.geometry import format_point
from mapping.issues.images import public_image
from mapping.issues.workflow import submit_for_approval
from mapping.models import Authority, Issue, IssuePhoto, Report, TriageState
from mapping.reports.notifications import after_commit, notify_reporters_of_status, send_triage_outcome

DUPLICATE_RADIUS_METRES = 500
EARTH_RADIUS_METRES = 6_371_000
CLOSING_STATES = {TriageState.REJECTED, TriageState.ANSWERED}


def suggested_authorities(category, area):
    """Who is likely competent: the category's default authority, then those serving the area or above it.

    Returns a list of (authority, reason) with each authority once.
    """
    suggestions = []
    if category is not None and category.default_authority_id:
        suggestions.append((category.default_authority, _("default authority of the category")))
    areas = []
    while area is not None and len(areas) < 5:
        areas.append(area)
        area = area.parent if area.parent_id else None
    if areas:
        serving = (
            Authority.objects.filter(areas__in=areas, locale_id=areas[0].locale_id)
            .distinct()
            .prefetch_related("categories")
        )
        if category is not None:
            # Those that also handle the category come first.
            serving = sorted(serving, key=lambda authority: category not in authority.categories.all())
        for authority in serving:
            suggestions.append((authority, _("serves the area")))
    seen, unique = set(), []
    for authority, reason in suggestions:
        if authority.pk not in seen:
            seen.add(authority.pk)
            unique.append((authority, reason))
    return unique


def distance_metres(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine): exact enough at the scale of a street."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def likely_duplicates(report, radius=DUPLICATE_RADIUS_METRES, limit=10):
    """Published issues of the report's category within `radius` metres of its point, nearest first.

    A box around the point narrows the search in the database; the exact distance decides.
    """
    if report.latitude is None or report.longitude is None or report.category_id is None:
        return []
    dlat = radius / 111_320
    dlon = radius / (111_320 * max(math.cos(math.radians(report.latitude)), 0.01))
    candidates = Issue.objects.published().filter(
        category_id=report.category_id,
        latitude__range=(report.latitude - dlat, report.latitude + dlat),
        longitude__range=(report.longitude - dlon, report.longitude + dlon),
    )
    found = []
    for issue in candidates.select_related("area")[:200]:
        distance = distance_metres(report.latitude, report.longitude, issue.latitude, issue.longitude)
        if distance <= radius:
            issue.distance = round(distance)
            found.append(issue)
    return sorted(found, key=lambda issue: issue.distance)[:limit]


def record_state_change(report, previous_state, user=None):
    """Keep `closed_at` right, log the change, and tell the reporter of a rejection or an answer."""
    if report.state == previous_state:
        return
    if report.state in CLOSING_STATES:
        report.closed_at = timezone.now()
    elif report.state != TriageState.ACCEPTED:
        report.closed_at = None
    Report.objects.filter(pk=report.pk).update(closed_at=report.closed_at)
    log(
        instance=report,
        action="mapping.report.state",
        user=user,
        data={"from": previous_state, "to": report.state},
    )
    if report.state in CLOSING_STATES:
        after_commit(send_triage_outcome, report.pk)


def copy_photo_to_images(photo, title, user=None):
    """A report's (already re-encoded, metadata-free) photo as a public Wagtail image."""
    with photo.file.open("rb") as handle:
        content = handle.read()
    return public_image(content, photo.width, photo.height, title, user)


@transaction.atomic
def create_issue(report, data, user=None):
    """A public issue from a report: the staff-edited public text, the chosen photos made public."""
    issue = Issue(
        title=data["title"],
        description=data["description"],
        category=data["category"],
        area=data["area"],
        authority=data.get("authority"),
        address=data.get("address", ""),
        location=(
            format_point(data["latitude"], data["longitude"])
            if data.get("latitude") is not None and data.get("longitude") is not None
            else ""
        ),
        source_channel=report.channel,
        registered_on=timezone.localdate(report.created_at),
        live=False,
    )
    issue.full_clean()
    issue.save()
    uploaded = []
    try:
        for number, photo in enumerate(data.get("photos", []), start=1):
            image = copy_photo_to_images(photo, f"{issue.title} — {number}", user)
            uploaded.append(image)
            IssuePhoto.objects.create(
                issue=issue, image=image, alt_text=data["photo_alt_text"], sort_order=number
            )
    except BaseException:
        # The transaction rolls the rows back; the files it wrote must go by hand.
        for image in uploaded:
            image.file.delete(save=False)
        raise
    revision = issue.save_revision(user=user, log_action=False)
    log(instance=issue, action="wagtail.create", user=user, revision=revision, content_changed=True)
    link(report, issue, user=user, action="mapping.report.issue_created", route=data)
    # The public sees the issue once a second person approves it (mapping.issues.workflow).
    issue.submitted = data.get("submit", False) and submit_for_approval(issue, user)
    return issue


@transaction.atomic
def link(report, issue, user=None, action="mapping.report.linked", route=None):
    """Attach the report to an issue: it is accepted, and follows the issue's status from now on."""
    previous_state = report.state
    report.issue = issue
    report.state = TriageState.ACCEPTED
    route = route or {}
    report.category = route.get("category") or report.category or issue.category
    report.area = route.get("area") or report.area or issue.area
    report.authority = route.get("authority") or report.authority or issue.authority
    report.closed_at = timezone.now() if issue.is_closed else None
    report.save()
    log(
        instance=report,
        action=action,
        user=user,
        data={"issue": issue.pk, "issue_title": issue.title, "from": previous_state},
    )
    if issue.published:
        after_commit(notify_reporters_of_status, issue.pk, report.pk)
    return report


def retention_cutoff(months=None):
    months = settings.REPORT_RETENTION_MONTHS if months is None else months
    return timezone.now() - datetime.timedelta(days=round(months * 30.44))
