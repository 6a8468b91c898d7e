"""The admin dashboard's panel of deadlines: new and overdue issues, those due this week, reports waiting."""

import datetime

from django.db.models import Count, Q
from wagtail.admin.ui.components import Component

from mapping.models import Issue, IssueStatus, Report, TriageState
from mapping.models.issues import OPEN_STATUSES, local_today


class IssueSummaryPanel(Component):
    """The dashboard's view of the deadlines: new issues, overdue ones, and those due this week."""

    name = "issue_summary"
    order = 50
    template_name = "mapping/admin/issue_summary_panel.html"

    def get_context_data(self, parent_context=None):
        today = local_today()
        week_end = today + datetime.timedelta(days=6 - today.weekday())
        open_issues = Q(status__in=OPEN_STATUSES)
        counts = Issue.objects.aggregate(
            new=Count("pk", filter=Q(status=IssueStatus.REGISTERED)),
            overdue=Count("pk", filter=open_issues & Q(due_on__lt=today)),
            due_this_week=Count("pk", filter=open_issues & Q(due_on__gte=today, due_on__lte=week_end)),
        )
        reports = Report.objects.aggregate(
            new=Count("pk", filter=Q(state=TriageState.NEW)),
            in_review=Count("pk", filter=Q(state=TriageState.IN_REVIEW)),
        )
        return {"counts": counts, "reports": reports, "today": today, "week_end": week_end}
