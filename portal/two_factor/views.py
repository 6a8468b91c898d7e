"""Adding an authenticator app, and giving its code after the password (both in the admin's look)."""

import functools

import segno
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from wagtail.users.models import UserProfile

from portal.two_factor import devices
from portal.two_factor.forms import CodeForm


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _signed_in(view):
    """Only after the password; in the language the member chose for the admin, as the admin's views."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        with translation.override(UserProfile.get_for_user(request.user).get_preferred_language()):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    return wrapped


def _accepted(request, device):
    """The code was right: the session now counts as signed in with two factors."""
    otp_login(request, device)
    request.session.cycle_key()
    return redirect(_next(request))


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_in
def setup(request):
    """Add an authenticator app: scan the QR code (or type the key), then give the first code."""
    if devices.confirmed_device(request.user):
        return redirect(reverse("two_factor:verify") + "?" + request.GET.urlencode())
    device = devices.pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return _accepted(request, device)
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        light="#fff",
        title=_("QR code to scan with your authenticator app"),
        svgclass="two-factor__qr",
    )
    context = {"form": form, "qr": qr, "key": devices.readable_key(device), "next": _next(request)}
    return TemplateResponse(request, "two_factor/setup.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_in
def verify(request):
    """Give the code the authenticator app shows, after the password."""
    device = devices.confirmed_device(request.user)
    if device is None:
        return redirect(reverse("two_factor:setup") + "?" + request.GET.urlencode())
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        return _accepted(request, device)
    context = {"form": form, "next": _next(request)}
    return TemplateResponse(request, "two_factor/verify.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["POST"])
def keep_alive(request):
    """Someone is working in an admin page without sending it yet (a long edit): the session goes on.

    Sessions are saved on every request (`SESSION_SAVE_EVERY_REQUEST`), so answering is enough; the
    admin's script calls this only after typing, clicking or scrolling since its last call."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    return HttpResponse(status=204)
