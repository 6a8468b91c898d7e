"""A partner's report posted to Open311: the key checked, the parameters mapped onto the report's fields,
a `media_url` photo fetched from an allowed host only, and the report submitted like any other
(mapping.reports.intake) into the staff's triage queue.

With any contact the report is confidential, and the partner attests the person's consent to the
processing of their personal data (a condition of its key); without contacts it is anonymous. A post
sent again with the same `idempotency_key` gives the same report and token; the same key with other
content is refused (409); a post without a key is always a new report (mapping.reports.tokens).
"""

import logging
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from mapping.models import Anonymity, PartnerApiKey, SourceChannel
from mapping.open311.formats import Open311Error, render
from mapping.reference import reference
from mapping.reports import photos
from mapping.reports.intake import POINT_ERRORS, ReportFields, has_contacts, submit_report
from mapping.reports.tokens import PARTNER_KEY_PATTERN, SubmissionMismatch, partner_token
from portal.clients import client_address

MEDIA_CHUNK = 64 * 1024
# Which Open311 parameter a report field came from, for error messages a partner can act on.
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
logger = logging.getLogger(__name__)


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


def idempotency_token(request, partner):
    """The partner's own idempotency key for this post (`idempotency_key`, or the `Idempotency-Key`
    header), in the partner's namespace; None when it sends none: then every post is a new report."""
    key = (request.POST.get("idempotency_key") or request.headers.get("Idempotency-Key") or "").strip()
    if not key:
        return None
    if not PARTNER_KEY_PATTERN.fullmatch(key):
        raise Open311Error(
            400, _("idempotency_key: use 8 to 100 letters, digits, or the characters . _ : ~ -")
        )
    return partner_token(partner, key)


def report_data(post):
    """The report's fields (mapping.reports.intake.ReportFields) from the Open311 parameters."""
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
    }
    contacts = has_contacts(fields)
    fields["anonymity"] = Anonymity.CONFIDENTIAL if contacts else Anonymity.ANONYMOUS
    # The partner attests the consent of the person whose contacts it sends (a condition of the key).
    fields["consent"] = "on" if contacts else ""
    return fields


def form_errors(form):
    """The form's errors, each named after the Open311 parameter it is about: a point outside the area we
    serve, or only half given, is about lat and long, though the form reports it on the address."""
    descriptions = []
    for field, errors in form.errors.as_data().items():
        for error in errors:
            name = "lat, long" if error.code in POINT_ERRORS else FORM_TO_OPEN311.get(field)
            for message in error.messages:
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
    # The spec's clients send the key in the body; many put it in the query string, as for a GET.
    raw_key = request.POST.get("api_key", "") or request.GET.get("api_key", "")
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
    token = idempotency_token(request, partner)
    data = report_data(post)
    media_url = post.get("media_url", "").strip()
    files = MultiValueDict({"photos": [fetch_media(media_url)]} if media_url else {})
    form = ReportFields(data, files)
    if not form.is_valid():
        raise Open311Error(400, *form_errors(form))
    try:
        report = submit_report(
            form.report_fields(),
            channel=SourceChannel.APP,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            token=token,
            processed_photos=form.processed_photos,
            partner=partner,
        )
    except SubmissionMismatch:
        raise Open311Error(
            409, _("idempotency_key was used already, for a request with other content: send a new key.")
        ) from None
    except DatabaseError:
        logger.exception("An Open311 report could not be saved")
        raise Open311Error(
            503, _("The request could not be saved. Please send it again in a few minutes.")
        ) from None
    return render(fmt, [{"token": report.display_code}], "service_requests", status=201)
