"""The alerts pages, under each language: subscribe (`alerts/`), confirm (`alerts/confirm/<token>/`) and
unsubscribe (`alerts/unsubscribe/<token>/`).

Every page is private (never cached; a Referer from them carries the site's origin only). Confirming is
a POST from the page the e-mail links to, so that a mail scanner that follows links confirms nothing.
Unsubscribing takes a POST from that page or straight from a mail program (RFC 8058 one-click: the token
in the address is the key, so that POST carries no CSRF token). The subscribe page answers the same
whether or not the address already follows something, so nobody learns who does.
"""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from mapping.alerts.forms import AlertForm, object_in_default_language
from mapping.alerts.sending import followed_name, send_confirmation
from mapping.models import AlertSubscription
from portal.clients import client_address
from portal.error_summary import form_error_summary

TEMPLATE = "pages/mapping/alerts.html"


def private(request, context, status=200):
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    response["Cache-Control"] = "private, no-store"
    # The token in the address goes nowhere: a Referer carries the origin only, and never over plain HTTP
    # (not "no-referrer", with which browsers send "Origin: null" and CSRF protection refuses the forms'
    # POSTs).
    response["Referrer-Policy"] = "strict-origin"
    return response


def shown_object(request):
    """The object the reader came from (`?object=<id>`, or the form's choice), in the page's language."""
    raw = request.GET.get("object") or request.POST.get("follow", "").removeprefix("object:")
    if not raw.isdigit():
        return None
    page = object_in_default_language(int(raw))
    if page is None:
        return None
    translated = (
        page.get_translations(inclusive=True).live().filter(locale__language_code=request.LANGUAGE_CODE)
    )
    return translated.first() or page


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The form; a valid request is kept unconfirmed and its confirmation e-mailed."""
    shown = shown_object(request)
    if request.method != "POST":
        initial = {"follow": f"object:{shown.pk}"} if shown else {}
        if not shown and request.GET.get("follow"):
            initial = {"follow": request.GET["follow"][:80]}
        return private(request, {"state": "form", "form": AlertForm(initial=initial, shown_object=shown)})
    form = AlertForm(request.POST, shown_object=shown)
    if is_ratelimited(
        request, group="alerts", key=client_address, rate=settings.ALERT_RATE_LIMIT, increment=True
    ):
        error = _("Too many requests from this address. Please try again later.")
        return private(request, {"state": "form", "form": form, "form_error": error}, status=429)
    if not form.is_valid():
        context = {"state": "form", "form": form, "error_summary": form_error_summary(form)}
        return private(request, context, status=400)
    subscription = AlertSubscription.objects.create(**form.subscription_fields())
    transaction.on_commit(lambda: send_confirmation.enqueue(subscription.pk))
    return private(request, {"state": "requested", "email": subscription.email})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The confirmation page; its POST confirms (and replaces an older subscription to the same thing)."""
    subscription = AlertSubscription.objects.filter(token=token).first()
    if subscription is None:
        return private(request, {"state": "unknown"}, status=404)
    context = {"subscription": subscription, "followed": followed_name(subscription)}
    if request.method != "POST":
        state = "confirmed" if subscription.confirmed_at else "confirm"
        return private(request, {**context, "state": state})
    if subscription.confirmed_at is None:
        with transaction.atomic():
            same = AlertSubscription.objects.filter(
                email__iexact=subscription.email,
                area=subscription.area,
                category=subscription.category,
                problem_object=subscription.problem_object,
            ).exclude(pk=subscription.pk)
            same.delete()
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
    return private(request, {**context, "state": "confirmed"})


@csrf_exempt  # RFC 8058 one-click unsubscribing: the token in the address is the key (module docstring)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The unsubscribe page; its POST (or a mail program's one-click POST) deletes the subscription."""
    if request.method != "POST":
        subscription = get_object_or_404(AlertSubscription, token=token)
        context = {
            "state": "unsubscribe",
            "subscription": subscription,
            "followed": followed_name(subscription),
        }
        return private(request, context)
    AlertSubscription.objects.filter(token=token).delete()
    return private(request, {"state": "unsubscribed"})
