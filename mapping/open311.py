"""Open311 GeoReport v2 at /open311/v2/: our categories as services, published issues as service requests.

- `GET services.json`, `GET services/{code}.json` (no service has extra attributes: `metadata` is false);
- `GET requests.json`: published issues, newest first, with `service_request_id`, `service_code`,
  `start_date`, `end_date`, `status` (open, closed) and `page`, `page_size` (at most 1,000);
- `GET requests/{id}.json`;
- `POST requests.json` with a partner's `api_key`: a Report in the staff's triage queue, checked by the
  public report form itself (ReportForm) with its rate limits and photo rules; the answer is a `token`,
  the report's tracking code;
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
  and re-encoding as an upload. The same request sent again by the same partner on the same day gives
  the same report and token.
"""

import datetime
import hashlib
import logging
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse, JsonResponse
from django.urls import re_path
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited
from wagtail.images import get_image_model

from mapping import photos, tracking
from mapping.api import LANGUAGES
from mapping.models import (
    Anonymity,
    Category,
    Issue,
    IssuePhoto,
    IssueUpdate,
    PartnerApiKey,
    Report,
    SourceChannel,
)
from mapping.models.issues import OPEN_STATUSES
from mapping.reference import reference
from mapping.report_form import MIN_FILL_SECONDS, STARTED_SALT, ReportForm
from mapping.report_views import client_address, save_report

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_IDS = 1000
MEDIA_RENDITION = "max-800x600|format-jpeg"
MEDIA_CHUNK = 64 * 1024
FORMATS = "(?P<fmt>json|xml)"
CHANGESET = "2026-11-28T00:00:00Z"  # when this endpoint's behaviour last changed
# Which Open311 parameter a ReportForm field came from, for error messages a partner can act on.
FORM_TO_OPEN311 = {
    "description": "description",
    "category": "service_code",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "name": "first_name, last_name",
    "email": "email",
    "phone": "phone",
    "photos": "media_url",
}
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "endpoints": "endpoint",
    "formats": "format",
}
logger = logging.getLogger(__name__)


class Open311Error(Exception):
    """An answer in the spec's error format: a status code and one or more descriptions."""

    def __init__(self, status, *descriptions):
        super().__init__(descriptions[0])
        self.status = status
        self.descriptions = [str(description) for description in descriptions]


# Rendering --------------------------------------------------------------------------------------------


def _xml_value(parent, tag, value):
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_value(element, XML_ITEMS.get(tag, "item"), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def render(fmt, data, root, status=200, public=False):
    """`data` (a list, or a dict for a service definition) as JSON, or as XML under `root`."""
    if fmt == "xml":
        element = ET.Element(root)
        items = [(XML_ITEMS[root], item) for item in data] if isinstance(data, list) else data.items()
        for tag, value in items:
            _xml_value(element, tag, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
            element, encoding="utf-8", xml_declaration=False
        )
        response = HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)
    else:
        response = JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60" if public and status == 200 else "no-store"
    response["Vary"] = "Accept-Language"
    return response


def error_response(fmt, error):
    data = [{"code": error.status, "description": description} for description in error.descriptions]
    return render(fmt, data, "errors", status=error.status)


def endpoint(methods):
    """An Open311 view: language from `lang` or the browser; errors (405 too) in the spec's format."""

    def decorate(view):
        @csrf_exempt  # partners authenticate with their key; there is no session or cookie here
        def wrapped(request, fmt, **kwargs):
            language = request.GET.get("lang", "")
            language = (
                language if language in LANGUAGES else (translation.get_language() or "ru").split("-")[0]
            )
            with translation.override(language):
                try:
                    if request.method not in methods:
                        raise Open311Error(405, _("This method is not allowed here."))
                    return view(request, fmt, **kwargs)
                except Open311Error as error:
                    response = error_response(fmt, error)
                    if error.status == 405:
                        response["Allow"] = ", ".join(methods)
                    return response

        wrapped.__doc__ = view.__doc__
        wrapped.__name__ = view.__name__
        return wrapped

    return decorate


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


# Services ---------------------------------------------------------------------------------------------


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


# Service requests: reading -----------------------------------------------------------------------------


def _split(params, name, limit=MAX_IDS):
    raw = params.get(name, "")
    if len(raw) > 20_000:
        raise Open311Error(400, _("The %(name)s parameter is too long.") % {"name": name})
    values = [value.strip() for part in params.getlist(name) for value in part.split(",") if value.strip()]
    if len(values) > limit:
        raise Open311Error(400, _("Too many values for %(name)s.") % {"name": name})
    return list(dict.fromkeys(values))


def _whole_number(params, name, default, low, high):
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


def _requests_list(request, fmt):
    page = _whole_number(request.GET, "page", 1, 1, 100_000)
    page_size = _whole_number(request.GET, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
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


# Service requests: posting ----------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead away from the allowed hosts: refuse to follow any."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def fetch_media(url):
    """The photo at `url` as an upload for the report form, from an allowed host only; or Open311Error."""
    if len(url) > 2000:
        raise Open311Error(400, _("media_url is too long."))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Open311Error(400, _("media_url must be an http or https address."))
    allowed = {host.strip().lower() for host in settings.OPEN311_MEDIA_HOSTS if host.strip()}
    if parts.hostname.lower() not in allowed:
        raise Open311Error(
            400,
            _(
                "media_url points to %(host)s, which is not a host we take photos from. Ask the portal's "
                "staff to allow it, or send the request without media_url."
            )
            % {"host": parts.hostname[:100]},
        )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)
    deadline = time.monotonic() + settings.OPEN311_MEDIA_TIMEOUT
    chunks, size = [], 0
    try:
        # The scheme was checked above: http or https only.
        fetch = urllib.request.Request(  # noqa: S310
            url, headers={"Accept": "image/*", "User-Agent": "public-control-map/open311"}
        )
        with opener.open(fetch, timeout=settings.OPEN311_MEDIA_TIMEOUT) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > photos.MAX_BYTES:
                raise photos.PhotoError("too_large", "media_url")
            while chunk := response.read(MEDIA_CHUNK):
                size += len(chunk)
                if size > photos.MAX_BYTES:
                    raise photos.PhotoError("too_large", "media_url")
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
    except photos.PhotoError as error:
        raise Open311Error(400, "media_url: " + " ".join(error.messages)) from None
    except (OSError, ValueError, urllib.error.URLError):  # HTTP errors, redirects, timeouts, refusals
        raise Open311Error(400, _("The photo at media_url could not be fetched.")) from None
    return SimpleUploadedFile("media_url", b"".join(chunks))


def idempotency_token(partner, fields):
    """The same request from the same partner on the same day is one report (a retry after a timeout)."""
    canonical = repr((partner.pk, timezone.now().date().isoformat(), sorted(fields.items())))
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


def form_data(post, partner):
    """What the report form would have received, from the Open311 parameters."""
    name = " ".join(
        part for part in (post.get("first_name", "").strip(), post.get("last_name", "").strip()) if part
    )
    fields = {
        "description": post.get("description", ""),
        "category": post.get("service_code", ""),
        "latitude": post.get("lat", ""),
        "longitude": post.get("long", ""),
        "address": post.get("address_string", ""),
        "name": name,
        "email": post.get("email", "").strip(),
        "phone": post.get("phone", "").strip(),
        "media_url": post.get("media_url", "").strip(),
    }
    has_contacts = any(fields[key] for key in ("name", "email", "phone"))
    return {
        **{key: value for key, value in fields.items() if key != "media_url"},
        "anonymity": Anonymity.CONFIDENTIAL if has_contacts else Anonymity.ANONYMOUS,
        # The partner attests the consent of the person whose contacts it sends (a condition of the key).
        "consent": "on" if has_contacts else "",
        "website": "",
        # Signed here, as the form page would have signed it when shown: the partner's app showed its own.
        "started": signing.dumps(time.time() - MIN_FILL_SECONDS, salt=STARTED_SALT),
        "token": idempotency_token(partner, fields),
    }


def form_errors(form):
    descriptions = []
    for field, messages in form.errors.items():
        name = FORM_TO_OPEN311.get(field)
        for message in messages:
            descriptions.append(f"{name}: {message}" if name else str(message))
    return descriptions


def post_request(request, fmt):
    if is_ratelimited(
        request,
        group="open311-post-address",
        key=client_address,
        rate=settings.OPEN311_RATE_LIMIT,
        increment=True,
    ):
        raise Open311Error(429, _("Too many requests from this address. Please wait a few minutes."))
    raw_key = request.POST.get("api_key", "")
    if not raw_key:
        raise Open311Error(403, _("An api_key is required to post a service request."))
    partner = PartnerApiKey.authenticate(raw_key)
    if partner is None:
        raise Open311Error(403, _("This api_key is not valid, or it was withdrawn."))
    if is_ratelimited(
        request,
        group="open311-post-key",
        key=lambda group, request: f"partner-{partner.pk}",
        rate=settings.OPEN311_RATE_LIMIT,
        increment=True,
    ):
        raise Open311Error(429, _("Too many requests with this api_key. Please wait a few minutes."))
    post = request.POST
    code = post.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    if code not in reference()["categories"]:
        raise Open311Error(400, _("Unknown service_code: %(value)s.") % {"value": code[:80]})
    if not (post.get("lat") and post.get("long")) and not post.get("address_string", "").strip():
        if post.get("address_id"):
            raise Open311Error(400, _("address_id is not supported: give lat and long, or address_string."))
        raise Open311Error(400, _("Give the place: lat and long, or address_string."))
    data = form_data(post, partner)
    media_url = post.get("media_url", "").strip()
    files = MultiValueDict({"photos": [fetch_media(media_url)]} if media_url else {})
    form = ReportForm(data, files)
    if not form.is_valid():
        raise Open311Error(400, *form_errors(form))
    try:
        report = save_report(form, request, channel=SourceChannel.APP, partner=partner)
    except DatabaseError:
        logger.exception("An Open311 report could not be saved")
        raise Open311Error(
            503, _("The request could not be saved. Please send it again in a few minutes.")
        ) from None
    return render(fmt, [{"token": report.display_code}], "service_requests", status=201)


@endpoint(("GET", "HEAD", "POST"))
def requests_view(request, fmt):
    """GET: published issues as service requests; POST: a partner's report for the triage queue."""
    if request.method == "POST":
        return post_request(request, fmt)
    return _requests_list(request, fmt)


app_name = "open311"
urlpatterns = [
    re_path(rf"^discovery\.{FORMATS}$", discovery, name="discovery"),
    re_path(rf"^services\.{FORMATS}$", services, name="services"),
    re_path(rf"^services/(?P<code>[-\w]+)\.{FORMATS}$", service_definition, name="service"),
    re_path(rf"^requests\.{FORMATS}$", requests_view, name="requests"),
    re_path(rf"^requests/(?P<request_id>\d+)\.{FORMATS}$", request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>[-\w]+)\.{FORMATS}$", token_detail, name="token"),
]
