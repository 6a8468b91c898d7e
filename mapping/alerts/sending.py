"""What alerts send, through Django Tasks once the change that causes them has committed.

- The confirmation of a request (double opt-in): nothing else is sent until its link is followed.
- Per event: a new issue made public, or a public status change, to each confirmed subscription of
  frequency "event" that follows the issue's area (or an area above it), its object or its category.
- A daily digest (the `send_alert_digests` command, run from cron once a day, queues the task the worker
  runs): the issues of each confirmed "daily" subscription published or changed since its last digest.
  It also deletes the requests never confirmed within `ALERT_CONFIRM_DAYS`, with their addresses.

Every alert is in the subscription's language and carries `List-Unsubscribe` (the unsubscribe link) and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so that mail programs offer one-click
unsubscribing; the body ends with the same link.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from mapping.models import AlertFrequency, AlertSubscription, Issue
from mapping.models.alerts import ALERT_CONFIRM_DAYS
from mapping.models.texts import localized
from mapping.reference import localized_name, reference
from mapping.reports import notifications
from mapping.reports.notifications import public_issue_url
from portal.public_url import absolute_url

EVENT_NEW = "new"
EVENT_STATUS = "status"


def link(name, subscription):
    """An absolute link to an alerts page (`alert-confirm`, `alert-unsubscribe`) in the subscriber's
    language."""
    with translation.override(subscription.language):
        return absolute_url(reverse(name, args=[subscription.token]))


def followed_name(subscription):
    """What the subscription follows, named in the active language."""
    if subscription.problem_object_id:
        page = subscription.problem_object
        translated = (
            page.get_translations(inclusive=True)
            .live()
            .filter(locale__language_code=translation.get_language())
        )
        return (translated.first() or page).title
    return localized_name(subscription.area or subscription.category)


def send(subscription, subject, template, context, unsubscribe=True):
    """One e-mail to the subscriber, in their language; alerts carry the one-click unsubscribe headers."""
    headers = {}
    if unsubscribe:
        url = link("alert-unsubscribe", subscription)
        headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        context = {**context, "unsubscribe_url": url}
    context = {**context, "subscription": subscription, "followed": followed_name(subscription)}
    notifications.send(subject, template, context, [subscription.email], headers=headers)


@task()
def send_confirmation(subscription_id):
    """Ask the address to confirm the subscription (the only e-mail sent before it is confirmed)."""
    subscription = AlertSubscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True).first()
    if subscription is None:
        return 0
    with translation.override(subscription.language):
        subject = gettext("Confirm your alerts: %(followed)s") % {"followed": followed_name(subscription)}
        context = {"confirm_url": link("alert-confirm", subscription), "days": ALERT_CONFIRM_DAYS}
        send(subscription, subject, "mapping/email/alert_confirm.txt", context, unsubscribe=False)
    return 1


def areas_above(area_id):
    """The area and every area above it (a subscription to a district follows its okrugs' issues)."""
    parents = {area.pk: area.parent_id for area in reference()["areas"].values()}
    found = []
    while area_id is not None and area_id not in found:
        found.append(area_id)
        area_id = parents.get(area_id)
    return found


def subscriptions_following(issue):
    """The confirmed subscriptions that follow the issue: its area or one above, its object, its category."""
    follows = Q(area_id__in=areas_above(issue.area_id)) | Q(category_id=issue.category_id)
    if issue.problem_object_id:
        follows |= Q(problem_object__translation_key=issue.problem_object.translation_key)
    return AlertSubscription.objects.filter(follows, confirmed_at__isnull=False).select_related(
        "area", "category", "problem_object"
    )


@task()
def send_issue_alerts(issue_id, event):
    """Tell the "at once" subscribers of a new public issue (`event` "new") or a public status change."""
    issue = (
        Issue.objects.published()
        .select_related("problem_object", "category", "area")
        .filter(pk=issue_id)
        .first()
    )
    if issue is None:
        return 0
    sent = 0
    for subscription in subscriptions_following(issue).filter(frequency=AlertFrequency.EVENT):
        with translation.override(subscription.language):
            title = localized(issue, "title")
            if event == EVENT_NEW:
                subject = gettext("New issue: %(title)s") % {"title": title}
            else:
                subject = gettext("%(title)s: %(status)s") % {
                    "title": title,
                    "status": issue.get_status_display(),
                }
            context = {
                "issue": issue,
                "event": event,
                "issue_url": public_issue_url(issue, subscription.language),
            }
            send(subscription, subject, "mapping/email/alert_event.txt", context)
        sent += 1
    return sent


def issues_followed(subscription):
    """The public issues a subscription follows."""
    issues = Issue.objects.published()
    if subscription.area_id:
        return issues.filter(area_id__in=reference_descendants(subscription.area_id))
    if subscription.category_id:
        return issues.filter(category_id=subscription.category_id)
    return issues.filter(problem_object__translation_key=subscription.problem_object.translation_key)


def reference_descendants(area_id):
    """The area and every area under it."""
    data = reference()
    slug = next((slug for slug, area in data["areas"].items() if area.pk == area_id), None)
    return data["area_ids"].get(slug, [area_id])


@task()
def send_daily_digests():
    """The task the daily `send_alert_digests` command queues: the worker sends the digests."""
    sent, deleted = send_digests()
    return {"sent": sent, "deleted": deleted}


def send_digests(now=None):
    """Send every daily digest due (the issues published or changed since the last one); delete the
    requests never confirmed. Returns (digests sent, requests deleted)."""
    now = now or timezone.now()
    expired = now - datetime.timedelta(days=ALERT_CONFIRM_DAYS)
    deleted, _rows = AlertSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=expired
    ).delete()
    sent = 0
    daily = AlertSubscription.objects.filter(frequency=AlertFrequency.DAILY, confirmed_at__isnull=False)
    for subscription in daily.select_related("area", "category", "problem_object"):
        since = subscription.last_sent_at or subscription.confirmed_at
        issues = list(
            issues_followed(subscription)
            .filter(last_published_at__gt=since, last_published_at__lte=now)
            .order_by("-last_published_at")[:100]
        )
        if issues:
            with translation.override(subscription.language):
                subject = gettext("Alerts of the day: %(followed)s") % {
                    "followed": followed_name(subscription)
                }
                rows = [(issue, public_issue_url(issue, subscription.language)) for issue in issues]
                send(subscription, subject, "mapping/email/alert_digest.txt", {"rows": rows})
            sent += 1
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
    return sent, deleted
