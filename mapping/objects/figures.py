"""Each object's open, resolved and overdue issues, for the object index and the objects layer.

One grouped query over the published issues that name an object, kept until an issue changes or the day
turns (deadlines count from the day): a page of the index then costs one cache read for its figures,
however many objects and issues there are.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from mapping.generations import MAP_GENERATION
from mapping.models import Issue, IssueStatus
from mapping.models.issues import OPEN_STATUSES, local_today
from portal.cache import cached


@dataclass(frozen=True)
class ObjectFigures:
    """How many of an object's published issues are open, resolved, and open past their deadline."""

    open: int = 0
    resolved: int = 0
    overdue: int = 0

    @property
    def total(self):
        return self.open + self.resolved


NO_ISSUES = ObjectFigures()


def _count(today):
    rows = (
        Issue.objects.published()
        .filter(problem_object__isnull=False)
        .order_by()
        .values("problem_object_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            resolved=Count("pk", filter=Q(status=IssueStatus.RESOLVED)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        )
    )
    return {
        row["problem_object_id"]: (row["open"], row["resolved"], row["overdue"])
        for row in rows
        if row["open"] or row["resolved"]
    }


def object_figures(today=None):
    """{object id (the Russian page's): ObjectFigures} for every object with an open or resolved issue."""
    today = today or local_today()
    counts = cached(f"object-figures:{today.isoformat()}", lambda: _count(today), generation=MAP_GENERATION)
    return {pk: ObjectFigures(*values) for pk, values in counts.items()}
