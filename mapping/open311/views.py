"""Open311 GeoReport v2 at /open311/v2/: our categories as services, published issues as service requests.

- `GET services.json`, `GET services/{code}.json` (no service has extra attributes: `metadata` is false);
- `GET requests.json`: published issues, newest first, with `service_request_id`, `service_code`,
  `start_date`, `end_date`, `status` (open, closed) and `page`, `page_size` (at most 1,000); without a
  `start_date`, those registered in the 90 days up to `end_date` or today (the spec's default window);
- `GET requests/{id}.json`;
- `POST requests.json` with a partner's `api_key` (in the body, or in the query string): a Report in the
  staff's triage queue, checked by the public report form itself (ReportForm) with its rate limits and
  photo rules; the answer is a `token`, the report's tracking code. An error about the point (outside
  the area we serve, or only half given) names `lat, long`;
- `GET tokens/{token}.json`: the issue a report became, once it is published;
- `GET discovery.json`: the spec's service discovery document.

Every answer exists as `.json` and `.xml`. Errors are the spec's list of `{code, description}`.

How our data maps onto the spec:
- an issue is `open` until resolved, not confirmed or a duplicate (our CLOSED_STATUSES), then `closed`;
  `status_notes` is the newest public note of its timeline;
- `requested_datetime` and `expected_datetime` are the registration day and the legal deadline at 00:00
  in the portal's time zone (we record days, not times); `updated_datetime` is the last change;
- `lat`/`long` are the public position: the area's centre for a sensitive category, whose `address` is
  empty and which never has a `media_url`;
- a POST maps `description`, `service_code` (a category), `lat`/`long`, `address_string`, `email`,
  `first_name` + `last_name` (the name) and `phone` onto the form. With any contact the report is
  confidential, and the partner attests the person consented to the processing of their personal data
  (a condition of its key); without contacts it is anonymous. `media_url` is fetched only from
  OPEN311_MEDIA_HOSTS, within a size cap and a time limit, and then goes through the same photo checks
  and re-encoding as an upload. A partner makes a retry safe with its own `idempotency_key` (or an
  `Idempotency-Key` header, 8 to 100 of A–Z a–z 0–9 . _ : ~ -): the same key again gives the same
  report and token, the same key with other content is refused with 409; without a key every POST is
  a new report.
"""

from django.conf import settings
from django.urls import re_path
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from mapping import tracking
from mapping.generations import ISSUES_TAG
from mapping.models import Report
from mapping.open311.formats import Open311Error, endpoint, render
from mapping.open311.posting import post_request
from mapping.open311.reading import (
    filter_requests,
    request_queryset,
    service_request,
    service_texts,
    whole_number,
)
from mapping.reference import reference
from portal.clients import client_address
from portal.frontend_cache import tagged

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
FORMATS = "(?P<fmt>json|xml)"
CHANGESET = "2026-11-28T00:00:00Z"  # when this endpoint's behaviour last changed


@endpoint(("GET", "HEAD"))
def discovery(request, fmt):
    """Open311 service discovery: where this endpoint is, which specification and formats it serves."""
    data = {
        "changeset": CHANGESET,
        "contact": _("Anti-corruption hotline 1424"),
        "key_service": _("API keys are issued by the portal's staff to partner organisations."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": request.build_absolute_uri("/open311/v2"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return render(fmt, data, "discovery", public=True)


@endpoint(("GET", "HEAD"))
def services(request, fmt):
    """Our categories of problems as Open311 services, named in the reader's language."""
    categories = list(reference()["categories"].values())
    texts = service_texts(categories, translation.get_language())
    data = []
    for category in categories:
        name, description = texts.get(category.translation_key, (category.name, category.description))
        data.append(
            {
                "service_code": category.slug,
                "service_name": name,
                "description": description or name,
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": "",
            }
        )
    return render(fmt, data, "services", public=True)


@endpoint(("GET", "HEAD"))
def service_definition(request, fmt, code):
    """A service's extra attributes: none, as no category asks for more than the report form does."""
    if code not in reference()["categories"]:
        raise Open311Error(404, _("There is no service with this code."))
    return render(fmt, {"service_code": code, "attributes": []}, "service_definition", public=True)


def _requests_list(request, fmt):
    page = whole_number(request.GET, "page", 1, 1, 100_000)
    page_size = whole_number(request.GET, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    issues = filter_requests(request.GET, request_queryset())
    offset = (page - 1) * page_size
    names, language = reference()["names"], translation.get_language()
    data = [service_request(request, issue, names, language) for issue in issues[offset : offset + page_size]]
    return render(fmt, data, "service_requests", public=True)


@endpoint(("GET", "HEAD"))
def request_detail(request, fmt, request_id):
    """One published issue as a service request."""
    issue = request_queryset().filter(pk=int(request_id)).first() if len(request_id) <= 12 else None
    if issue is None:
        raise Open311Error(404, _("There is no published service request with this number."))
    names = reference()["names"]
    return render(
        fmt,
        [service_request(request, issue, names, translation.get_language())],
        "service_requests",
        public=True,
    )


@endpoint(("GET", "HEAD"))
def token_detail(request, fmt, token):
    """The service request a posted report became: its issue number once that issue is published."""
    if is_ratelimited(
        request,
        group="open311-token",
        key=client_address,
        rate=settings.REPORT_LOOKUP_RATE_LIMIT,
        increment=True,
    ):
        raise Open311Error(429, _("Too many look-ups from this address. Please try again in a minute."))
    code = tracking.normalise(token)
    report = Report.objects.filter(code=code).select_related("issue").first() if code else None
    if report is None:
        raise Open311Error(404, _("There is no request with this token."))
    issue_id = report.issue_id if report.issue_id and report.issue.published else None
    return render(fmt, [{"token": report.display_code, "service_request_id": issue_id}], "service_requests")


@endpoint(("GET", "HEAD", "POST"))
def requests_view(request, fmt):
    """GET: published issues as service requests; POST: a partner's report for the triage queue."""
    if request.method == "POST":
        return post_request(request, fmt)
    return _requests_list(request, fmt)


app_name = "open311"
# Every answer shows issues or the services they are filed under: an issue change purges them from the
# front proxy (portal.frontend_cache).
shows_issues = tagged(ISSUES_TAG)

urlpatterns = [
    re_path(rf"^discovery\.{FORMATS}$", shows_issues(discovery), name="discovery"),
    re_path(rf"^services\.{FORMATS}$", shows_issues(services), name="services"),
    re_path(rf"^services/(?P<code>[-\w]+)\.{FORMATS}$", shows_issues(service_definition), name="service"),
    re_path(rf"^requests\.{FORMATS}$", shows_issues(requests_view), name="requests"),
    re_path(rf"^requests/(?P<request_id>\d+)\.{FORMATS}$", shows_issues(request_detail), name="request"),
    re_path(rf"^tokens/(?P<token>[-\w]+)\.{FORMATS}$", shows_issues(token_detail), name="token"),
]
