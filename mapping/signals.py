"""The map's signal handlers: what derives from issues, reference data and visits kept in step with them.

Connected once by `MappingConfig.ready()`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import Locale
from wagtail.signals import page_published, page_unpublished

from mapping.alerts.sending import EVENT_NEW, EVENT_STATUS, send_issue_alerts
from mapping.generations import (
    bump_map_generation,
    bump_reference_generation,
    bump_transparency_generation,
)
from mapping.map.grid import warm_grids
from mapping.models import (
    Area,
    Authority,
    Category,
    Issue,
    MapPage,
    MonitoringGroup,
    MonitoringVisitPage,
    Recommendation,
    Report,
)
from mapping.reports.notifications import after_commit, notify_reporters_of_status
from mapping.transparency.figures import warm_figures
from portal.cache import bump_content_generation


def reposition_sensitive_issues(sender, instance, **kwargs):
    """A category turned sensitive (or back) moves its issues' public position to the area (or the point)."""
    for issue in Issue.objects.filter(category=instance).select_related("category", "area").iterator():
        position = issue.public_position()
        if position != (issue.map_latitude, issue.map_longitude):
            Issue.objects.filter(pk=issue.pk).update(map_latitude=position[0], map_longitude=position[1])


def follow_issue_status(sender, instance, created, **kwargs):
    """A linked issue that changed status closes (or reopens) its reports; its reporters and the alerts'
    subscribers hear of the new status, and of the issue going public once a second person approved it."""
    if created:
        return
    status_changed = getattr(instance, "_status_changed", False)
    if status_changed:
        reports = Report.objects.filter(issue=instance)
        if instance.is_closed:
            reports.filter(closed_at__isnull=True).update(closed_at=timezone.now())
        else:
            reports.update(closed_at=None)
    went_live = getattr(instance, "_went_live", False)
    if instance.live and (status_changed or went_live):
        after_commit(notify_reporters_of_status, instance.pk)
        after_commit(send_issue_alerts, instance.pk, EVENT_NEW if went_live else EVENT_STATUS)


# Saves of an issue that touch only the bookkeeping of its drafts and lock: the public record is unchanged.
DRAFT_BOOKKEEPING = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
)


def unless_draft_bookkeeping(receiver):
    """`receiver` for an issue's post_save, skipped when only draft or lock bookkeeping was saved (a draft
    saved, submitted or locked): no cache is stale and nothing is purged from the front."""

    def receive(sender, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING:
            return None
        return receiver(sender=sender, update_fields=update_fields, **kwargs)

    return receive


def connect_issue_save(receiver, dispatch_uid):
    # Held strongly: the wrapper has no other reference.
    post_save.connect(unless_draft_bookkeeping(receiver), sender=Issue, weak=False, dispatch_uid=dispatch_uid)


def connect():
    for model in (Area, Category, Authority, MapPage):
        post_save.connect(
            bump_content_generation, sender=model, dispatch_uid=f"mapping-save-{model.__name__}"
        )
        post_delete.connect(
            bump_content_generation, sender=model, dispatch_uid=f"mapping-del-{model.__name__}"
        )
    for model in (Area, Category, Authority, Locale):  # names are looked up by the locale's language
        post_save.connect(
            bump_reference_generation, sender=model, dispatch_uid=f"mapping-reference-save-{model.__name__}"
        )
        post_delete.connect(
            bump_reference_generation, sender=model, dispatch_uid=f"mapping-reference-del-{model.__name__}"
        )
    post_save.connect(reposition_sensitive_issues, sender=Category, dispatch_uid="mapping-sensitive")
    post_save.connect(follow_issue_status, sender=Issue, dispatch_uid="mapping-issue-status")
    connect_transparency()
    connect_issue_save(bump_map_generation, "mapping-grid-save-Issue")
    for model in (Area, Category):
        post_save.connect(
            bump_map_generation, sender=model, dispatch_uid=f"mapping-grid-save-{model.__name__}"
        )
    for model in (Issue, Area, Category):
        post_delete.connect(
            bump_map_generation, sender=model, dispatch_uid=f"mapping-grid-del-{model.__name__}"
        )
    # After the bumps, so that the grids are computed in the generation their commit starts.
    connect_issue_save(warm_grids_after_commit, "mapping-grid-warm")


def warm_figures_after_commit(**kwargs):
    """A signal receiver: once the change commits, the task worker computes the new figures."""
    transaction.on_commit(warm_figures.enqueue)


def warm_grids_after_commit(**kwargs):
    """A signal receiver: once the change commits, the task worker computes the map's new grids."""
    transaction.on_commit(warm_grids.enqueue)


def connect_transparency():
    # The figures name areas, categories and authorities: a change of those makes them stale too.
    # A group's name and members show on its visits' pages and in the object pages' lists of visits.
    connect_issue_save(bump_transparency_generation, "mapping-figures-save-Issue")
    changed_models = (Recommendation, MonitoringVisitPage, MonitoringGroup, Area, Category, Authority)
    for model in changed_models:
        post_save.connect(
            bump_transparency_generation, sender=model, dispatch_uid=f"mapping-figures-save-{model.__name__}"
        )
    for model in (Issue, *changed_models):
        post_delete.connect(
            bump_transparency_generation, sender=model, dispatch_uid=f"mapping-figures-del-{model.__name__}"
        )
    page_published.connect(
        bump_transparency_generation, sender=MonitoringVisitPage, dispatch_uid="mapping-figures-publish"
    )
    page_unpublished.connect(
        bump_transparency_generation, sender=MonitoringVisitPage, dispatch_uid="mapping-figures-unpublish"
    )
    # Connected after the bumps, so that its after-commit work runs after their after-commit bumps.
    connect_issue_save(warm_figures_after_commit, "mapping-warm-Issue")
    for model in (Recommendation, MonitoringVisitPage):
        post_save.connect(
            warm_figures_after_commit, sender=model, dispatch_uid=f"mapping-warm-{model.__name__}"
        )
