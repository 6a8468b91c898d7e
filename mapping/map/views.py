"""The map page, its issue pages and its feed: the routes of MapPage (see portal.page_views)."""

import uuid
from urllib.parse import urlencode

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mapping.generations import MAP_GENERATION, TRANSPARENCY_GENERATION
from mapping.map.feeds import IssueUpdatesFeed
from mapping.map.filters import PERIODS, parse_filters, published_issues
from mapping.map.links import object_in_language
from mapping.models import Issue, IssueStatus, MapPage, MonitoringVisitPage, ProblemObjectPage
from mapping.models.issues import local_today
from mapping.reference import reference
from portal.cache import CHROME_GENERATION_KEY, cached, content_generation
from portal.page_views import page_view
from portal.pagination import paginate


def status_counts(queryset):
    """Issues per status, every status present (zero included), in the order of the workflow."""
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("*")))
    return [(value, label, counts.get(value, 0)) for value, label in IssueStatus.choices]


def cached_status_counts(filters, issues, today):
    """`status_counts` of the filtered issues, kept until an issue, area or category changes.

    Counting and grouping every published issue is what made the map page's cost grow with the data;
    kept under the map's generation, it is one cache read per page, whatever the number of issues.
    """
    key = f"map-counts:{today.isoformat()}:{urlencode(sorted(filters.as_query().items()))}"
    counts = cached(
        key,
        lambda: {value: count for value, _label, count in status_counts(issues)},
        generation=MAP_GENERATION,
    )
    return [(value, label, counts.get(value, 0)) for value, label in IssueStatus.choices]


def recent_visits(map_page):
    """The newest visits under the map, the list twin of the visits layer for readers without the map.

    A lazy queryset: only the map's template reads it (one query).
    """
    return (
        MonitoringVisitPage.objects.live()
        .child_of(map_page)
        .select_related("group")
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .order_by("-visited_on", "-pk")[:5]
    )


def object_named(number, request):
    """The object the map is filtered to (`?object=`, the number of its Russian page), as the reader sees
    it: {id, title, url, lang} of its translation, or of the Russian page where there is none; None
    when no published object has that number. Cached until the next publish."""
    language = translation.get_language()

    def build():
        source = ProblemObjectPage.objects.live().public().filter(pk=number).first()
        if source is None:
            return {}
        shown = source.get_translations(inclusive=True).live().filter(locale__language_code=language).first()
        shown = shown or source
        return {
            "id": source.pk,
            "title": shown.title,
            "url": shown.get_url(request=request),
            "lang": shown.locale.language_code,
        }

    return cached(f"map-object:{request.get_host()}:{number}:{language}", build) or None


def fragment_key(request, today):
    """What the map page's cached fragments (the filters and counts, the list) vary by, beside the page's
    address: the issues' generation, the language, the day (deadlines count from it) and the query."""
    return (
        f"{content_generation(MAP_GENERATION)}:{translation.get_language()}:{today.isoformat()}:"
        f"{request.GET.urlencode()}"
    )


def visits_key():
    """What the map page's cached list of recent visits varies by, beside the page's address: a visit's
    publish (the transparency generation), a section's (the chrome's: the visits' addresses) and the
    language."""
    return (
        f"{content_generation(TRANSPARENCY_GENERATION)}:{content_generation(CHROME_GENERATION_KEY)}:"
        f"{translation.get_language()}"
    )


@page_view("mapping.map")
def map_page_view(page, request):
    filters = parse_filters(request.GET)
    filter_object = object_named(filters.problem_object, request) if filters.problem_object else None
    if filters.problem_object and filter_object is None:
        filters.errors.append(_("No object has the number %(number)s.") % {"number": filters.problem_object})
        filters.problem_object = None
    issues = published_issues(filters)
    today = local_today()
    counts = cached_status_counts(filters, issues, today)
    page_obj = paginate(
        issues.for_listing().order_by("-registered_on", "-pk"),
        request.GET.get("page"),
        page.per_page,
        count=sum(count for _value, _label, count in counts),
    )
    ref = reference()
    return page.render(
        request,
        context_overrides={
            "filters": filters,
            "filter_errors": filters.errors,
            "filter_object": filter_object,
            "page_obj": page_obj,
            "issues": page_obj.object_list,
            "counts": counts,
            "areas": list(ref["areas"].values()),
            "categories": list(ref["categories"].values()),
            "statuses": IssueStatus.choices,
            "periods": list(PERIODS),
            "today": today,
            "api_query": filters.as_query(),
            "recent_visits": recent_visits(page),
            "fragment_key": fragment_key(request, today),
            "visits_key": visits_key(),
        },
        template="pages/mapping/map_page.html",
    )


@page_view("mapping.issue")
def issue_page_view(page, request, issue_id):
    try:
        issue = (
            Issue.objects.published()
            .for_listing()
            .select_related("problem_object", "duplicate_of", "evidence_photo", "evidence_document")
            .get(pk=issue_id)
        )
    except Issue.DoesNotExist:
        raise Http404 from None
    return render_issue(page, request, issue, history_key=f"{issue.pk}:{content_generation(MAP_GENERATION)}")


@page_view("mapping.issue-preview")
def issue_preview_view(page, request, issue):
    """The public page of a version of `issue` not yet published (the admin's preview), in the frame of
    the map page of the admin's language (or the first map page)."""
    pages = MapPage.objects.live().specific()
    page = pages.filter(locale__language_code=translation.get_language()).first() or pages.first()
    if page is None:
        raise Http404(_("There is no map page to show the issue on."))
    # The revision previewed is the issue's, not the map page's (Wagtail's user bar would look it up).
    request.__dict__.pop("revision_id", None)
    return render_issue(page, request, issue)


def render_issue(page, request, issue, history_key=None):
    """An issue's public page: its text, deadline, timeline and photos, under `page` (a map page).

    With a `history_key` (the published issue, not a preview), its photos and timeline are a fragment
    kept until an issue changes: after a page's publish, neither their queries nor their rendering are
    done again."""
    updates = issue.updates.select_related("document")
    photos = [] if issue.category.sensitive else issue.photos.select_related("image")
    duplicate_of = issue.duplicate_of if issue.duplicate_of and issue.duplicate_of.published else None
    support_url = reverse("issue-support", args=[issue.pk]) if issue.live else ""
    # No photo at all in a sensitive category, the after photo included; the official reply is shown.
    evidence_photo = None if issue.category.sensitive else issue.evidence_photo
    return page.render(
        request,
        context_overrides={
            "issue": issue,
            "updates": updates,
            "photos": photos,
            "deadline": issue.deadline(),
            "duplicate_of": duplicate_of,
            "support_url": support_url,
            "evidence_photo": evidence_photo,
            "history_key": f"{history_key}:{translation.get_language()}" if history_key else uuid.uuid4().hex,
            "history_seconds": 3600 if history_key else 0,
            **object_in_language(issue),
        },
        template="pages/mapping/issue_page.html",
    )


@page_view("mapping.map-feed")
def feed_view(page, request):
    return IssueUpdatesFeed(page)(request)
