"""The figures of the transparency page, computed from published data with aggregate queries.

Definitions (shown on the page too):

* the period selects issues by their registration date, and recommendations by the date of the visit;
* **resolution rate**: issues resolved ÷ issues registered, duplicates left out of both (a duplicate is
  the same problem as another issue);
* **working days to resolve**: from the registration date to the closing date of a *resolved* issue,
  counted as the law counts deadlines (`mapping.deadlines.working_days_between`: the registration day
  itself does not count; weekends, Kazakh public holidays and transferred days off do not count);
  the median is the middle value (the mean of the two middle ones for an even number), the 90th
  percentile the nearest-rank one: the smallest value that at least 90% of the issues do not exceed;
* **resolved on time**: resolved on or before the due date (with its lawful extension);
* **overdue now**: still open (registered, forwarded, in progress, disputed) after its due date, as of
  today;
* **with evidence**: resolved issues with an after photo, the authority's official reply, or both;
* **confirmed** and **disputed**: the verdicts reporters gave on the resolutions of the period's issues
  (mapping.reports.verdicts), one per report and resolution;
* a recommendation is **implemented on time** when implemented on or before its deadline; only
  recommendations of published visits in the default language count (translations are copies).

Every figure comes from a fixed number of GROUP BY queries, whatever the number of issues: working days
need each issue's two dates, so the resolved issues are grouped by (authority, registration date,
closing date) with a count, and each distinct pair is converted once. The result is cached; the cache
generation is bumped whenever an issue, a recommendation or a visit changes (`mapping.signals`), and the
key carries today's date, since "overdue now" moves with the calendar.
"""

import math
from collections import Counter

from django.db.models import Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Locale

from mapping import deadlines
from mapping.generations import TRANSPARENCY_GENERATION
from mapping.models import Authority, ResolutionVerdict, Verdict
from mapping.models.issues import OPEN_STATUSES, Issue, IssueStatus, local_today
from mapping.models.monitoring import Recommendation, RecommendationStatus
from mapping.reference import localized_name, reference
from mapping.transparency.query import Period
from portal.cache import cached

CACHE_SECONDS = 3600
# A resolution backed by evidence: an after photo, the authority's official reply, or both.
EVIDENCE_Q = Q(evidence_photo__isnull=False) | Q(evidence_document__isnull=False)
# --- statistics over counted values ------------------------------------------------------------------


def weighted_median(counter):
    """The median of a multiset given as {value: count}; None when empty."""
    total = sum(counter.values())
    if not total:
        return None
    values = sorted(counter)
    # The 1-based positions of the middle value(s).
    low_position, high_position = (total + 1) // 2, total // 2 + 1
    low = high = None
    seen = 0
    for value in values:
        seen += counter[value]
        if low is None and seen >= low_position:
            low = value
        if seen >= high_position:
            high = value
            break
    return low if total % 2 else (low + high) / 2


def nearest_rank_percentile(counter, percent):
    """The smallest value that at least `percent`% of the multiset does not exceed; None when empty."""
    total = sum(counter.values())
    if not total:
        return None
    rank = max(1, math.ceil(percent / 100 * total))
    seen = 0
    for value in sorted(counter):
        seen += counter[value]
        if seen >= rank:
            return value
    return None  # pragma: no cover - the loop always reaches the rank


def share(part, whole):
    """A percentage rounded to one decimal, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


# --- the figures -------------------------------------------------------------------------------------


def _issues(period):
    issues = Issue.objects.published().order_by()
    if period.start:
        issues = issues.filter(registered_on__gte=period.start)
    if period.end:
        issues = issues.filter(registered_on__lte=period.end)
    return issues


def compute_figures(period, today=None):
    """Every figure of the page for `period`, as plain data keyed by ids (names are added when shown)."""
    today = today or local_today()
    issues = _issues(period)
    resolved_q = Q(status=IssueStatus.RESOLVED)

    # One scan of the issues, grouped by everything the page breaks them down by; the few hundred
    # groups are then added up here. "On time" and "overdue" are counted in every group and kept only
    # where they mean something (resolved, and open issues respectively).
    groups = issues.values_list("status", "category_id", "area_id", "authority_id").annotate(
        n=Count("*"),
        on_time=Count("pk", filter=Q(resolved_on__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        with_evidence=Count("pk", filter=EVIDENCE_Q),
    )
    by_status, by_category, by_area, per_authority = Counter(), Counter(), Counter(), {}
    for status, category_id, area_id, authority_id, n, on_time, overdue, with_evidence in groups:
        by_status[status] += n
        by_category[category_id] += n
        by_area[area_id] += n
        row = per_authority.setdefault(authority_id, Counter())
        if status != IssueStatus.DUPLICATE:
            row["issues"] += n
        if status == IssueStatus.RESOLVED:
            row["resolved"] += n
            row["on_time"] += on_time
            row["with_evidence"] += with_evidence
        if status in OPEN_STATUSES:
            row["overdue"] += overdue
    # What reporters said of the resolutions: every verdict on an issue of the period counts once.
    verdicts = (
        ResolutionVerdict.objects.filter(issue__in=issues)
        .values_list("issue__authority_id", "verdict")
        .annotate(n=Count("*"))
        .order_by()
    )
    for authority_id, verdict, n in verdicts:
        per_authority.setdefault(authority_id, Counter())[verdict] += n
    by_status, by_category, by_area = dict(by_status), dict(by_category), dict(by_area)
    spans = (
        issues.filter(resolved_q, resolved_on__isnull=False)
        .values_list("authority_id", "registered_on", "resolved_on")
        .annotate(n=Count("*"))
    )
    days_of_pair = {}
    days_overall = Counter()
    days_by_authority = {}
    for authority_id, registered, resolved, n in spans:
        pair = (registered, resolved)
        if pair not in days_of_pair:
            days_of_pair[pair] = deadlines.working_days_between(registered, resolved)
        days = days_of_pair[pair]
        days_overall[days] += n
        days_by_authority.setdefault(authority_id, Counter())[days] += n

    authority_ids = [pk for pk in per_authority if pk is not None]
    authorities = {
        row["pk"]: row
        for row in Authority.objects.filter(pk__in=authority_ids).values(
            "pk", "name", "short_name", "translation_key"
        )
    }
    authority_rows = []
    for authority_id, row in per_authority.items():
        info = authorities.get(authority_id, {})
        counter = days_by_authority.get(authority_id, Counter())
        authority_rows.append(
            {
                "authority_id": authority_id,
                "name": info.get("short_name") or info.get("name") or "",
                "full_name": info.get("name", ""),
                "translation_key": str(info["translation_key"]) if info else "",
                "issues": row["issues"],
                "resolved": row["resolved"],
                "resolution_rate": share(row["resolved"], row["issues"]),
                "on_time": row["on_time"],
                "on_time_share": share(row["on_time"], row["resolved"]),
                "overdue": row["overdue"],
                "median": weighted_median(counter),
                "with_evidence": row["with_evidence"],
                "confirmed": row[Verdict.CONFIRMED],
                "disputed": row[Verdict.DISPUTED],
            }
        )

    total = sum(by_status.values())
    countable = total - by_status.get(IssueStatus.DUPLICATE, 0)
    resolved = by_status.get(IssueStatus.RESOLVED, 0)
    on_time = sum(row["on_time"] for row in authority_rows)
    return {
        "period": (period.start, period.end),
        "today": today,
        "total": total,
        "countable": countable,
        "resolved": resolved,
        "resolution_rate": share(resolved, countable),
        "on_time": on_time,
        "on_time_share": share(on_time, resolved),
        "overdue": sum(row["overdue"] for row in authority_rows),
        "with_evidence": sum(row["with_evidence"] for row in authority_rows),
        "confirmed": sum(row["confirmed"] for row in authority_rows),
        "disputed": sum(row["disputed"] for row in authority_rows),
        "median_days": weighted_median(days_overall),
        "p90_days": nearest_rank_percentile(days_overall, 90),
        "by_status": by_status,
        "by_category": by_category,
        "by_area": by_area,
        "authorities": authority_rows,
        "recommendations": recommendation_figures(period, today),
    }


def recommendation_figures(period, today):
    """Recommendations of published visits (default language) by status, implemented on time, overdue."""
    recommendations = Recommendation.objects.filter(page__live=True, page__locale=Locale.get_default())
    if period.start:
        recommendations = recommendations.filter(page__visited_on__gte=period.start)
    if period.end:
        recommendations = recommendations.filter(page__visited_on__lte=period.end)
    implemented = Q(status=RecommendationStatus.IMPLEMENTED)
    still_open = Q(
        status__in=[
            RecommendationStatus.PROPOSED,
            RecommendationStatus.ACCEPTED,
            RecommendationStatus.IN_PROGRESS,
        ]
    )
    rows = (
        recommendations.order_by()
        .values("status")
        .annotate(
            n=Count("*"),
            on_time=Count("pk", filter=implemented & Q(implemented_on__lte=F("deadline"))),
            overdue=Count("pk", filter=still_open & Q(deadline__lt=today)),
        )
    )
    by_status = {row["status"]: row["n"] for row in rows}
    implemented_count = by_status.get(RecommendationStatus.IMPLEMENTED, 0)
    on_time = sum(row["on_time"] for row in rows)
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "implemented": implemented_count,
        "on_time": on_time,
        "on_time_share": share(on_time, implemented_count),
        "overdue": sum(row["overdue"] for row in rows),
    }


def figures(period, today=None):
    """compute_figures, cached until an issue, a recommendation, a visit or reference data changes, or the
    day ends. A page publication leaves them be: recomputing them takes most of a second at 100,000
    issues, and nothing a page says is in them."""
    today = today or local_today()
    key = "transparency-v2:{}:{}:{}".format(period.start or "", period.end or "", today.isoformat())
    return cached(
        key, lambda: compute_figures(period, today), timeout=CACHE_SECONDS, generation=TRANSPARENCY_GENERATION
    )


@task()
def warm_figures():
    """Compute the figures of the whole period, which the transparency page shows first, in the task
    worker once a change has committed: the next reader finds them ready (nothing, if they already are)."""
    figures(Period())


def sort_authorities(rows, key, descending):
    """The authority rows sorted by `key`; rows without a value (no resolved issue) always come last."""
    if key == "name":
        return sorted(rows, key=lambda row: (row["display_name"] or "\uffff").casefold(), reverse=descending)
    present = [row for row in rows if row[key] is not None]
    missing = [row for row in rows if row[key] is None]
    present.sort(key=lambda row: (row[key], row["display_name"].casefold()), reverse=descending)
    return present + sorted(missing, key=lambda row: row["display_name"].casefold())


# --- what the template shows ---------------------------------------------------------------------------


def chart_rows(counts, labels):
    """Rows of a bar chart and its table: label, value, bar length (% of the largest), share of the total.

    `labels` is a list of (key, label) in the order to show; keys absent from `counts` count 0.
    """
    total = sum(counts.get(key, 0) for key, _label in labels)
    largest = max((counts.get(key, 0) for key, _label in labels), default=0)
    rows = []
    for key, label in labels:
        value = counts.get(key, 0)
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "bar": round(100 * value / largest) if largest else 0,
                "share": share(value, total),
            }
        )
    return rows


def figures_context(data):
    """The cached figures with names in the reader's language, ready for the template."""
    ref = reference()
    names = ref["names"]
    language = (translation.get_language() or "ru").split("-")[0]
    categories = {category.pk: category for category in ref["categories"].values()}
    areas = {area.pk: area for area in ref["areas"].values()}

    status_rows = chart_rows(data["by_status"], IssueStatus.choices)
    category_labels = [(pk, localized_name(category)) for pk, category in categories.items()]
    category_labels += [(pk, _("Other")) for pk in data["by_category"] if pk not in categories]
    area_labels = sorted(
        ((pk, localized_name(areas[pk])) for pk in data["by_area"] if pk in areas),
        key=lambda item: -data["by_area"][item[0]],
    )
    authority_rows = []
    for row in data["authorities"]:
        if row["authority_id"] is None:
            display = _("Not yet assigned")
        else:
            display = names.get(("Authority", row["translation_key"], language)) if language != "ru" else None
            display = display or row["name"]
        authority_rows.append({**row, "display_name": display})
    on_time_rows = chart_rows(
        {row["authority_id"]: row["on_time_share"] or 0 for row in authority_rows if row["resolved"]},
        [(row["authority_id"], row["display_name"]) for row in authority_rows if row["resolved"]],
    )
    for row in on_time_rows:
        row["bar"] = round(row["value"])  # a share of 100%, not of the best authority
    recommendations = data["recommendations"]
    return {
        "figures": data,
        "status_rows": status_rows,
        "category_rows": [row for row in chart_rows(data["by_category"], category_labels) if row["value"]],
        "area_rows": chart_rows(data["by_area"], area_labels),
        "authority_rows": authority_rows,
        "on_time_rows": sorted(on_time_rows, key=lambda row: -row["value"]),
        "recommendation_rows": chart_rows(recommendations["by_status"], RecommendationStatus.choices),
        "recommendations": recommendations,
    }
