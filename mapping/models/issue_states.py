"""What an issue's state is, and how issues are queried: its statuses, which of them are open, and the
issues' queryset (published, open, overdue, as listings show them)."""

from django.db import models
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search.queryset import SearchableQuerySetMixin


def local_today():
    return timezone.localdate()


class IssueStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    FORWARDED = "forwarded", _("Forwarded to the competent authority")
    IN_PROGRESS = "in_progress", pgettext_lazy("issue status", "In progress")
    # A resolution its reporter disputed (mapping.reports.verdicts): under review again.
    DISPUTED = "disputed", _("Disputed by the reporter")
    RESOLVED = "resolved", _("Resolved")
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")
    DUPLICATE = "duplicate", _("Duplicate")


CLOSED_STATUSES = {IssueStatus.RESOLVED, IssueStatus.NOT_CONFIRMED, IssueStatus.DUPLICATE}
OPEN_STATUSES = {status for status in IssueStatus if status not in CLOSED_STATUSES}


class IssueQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self):
        """The issues the public sees: live ones. A draft waiting for approval lives only in revisions."""
        return self.filter(live=True)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or local_today())

    def for_listing(self):
        """With what a listing or an issue's page shows: the original of a duplicate (its label links to
        it when published), and the category, area and authority, which come from the cached reference
        data (`reference_attacher`) rather than joins: each join costs PostgreSQL planning time."""
        listing = self.select_related("duplicate_of")
        listing._with_reference = True
        return listing

    # Set by mapping.reference (MappingConfig.ready): a function given the issues just fetched by a
    # `for_listing` query, which sets their category, area and authority without a query.
    reference_attacher = None

    def _clone(self):
        clone = super()._clone()
        clone._with_reference = getattr(self, "_with_reference", False)
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        attach = IssueQuerySet.reference_attacher
        if fetching and attach and getattr(self, "_with_reference", False) and self._result_cache:
            if self._iterable_class is ModelIterable:
                attach(self._result_cache)
