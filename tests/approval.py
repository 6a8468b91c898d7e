"""Issues' four-eyes publishing in tests: staff in the groups the migration makes, and a version approved
by a second person through Wagtail's own workflow."""

from django.contrib.auth.models import Group

from mapping.models import Issue

MODERATORS = "Issue moderators"
SUPERVISORS = "Issue supervisors"


def staff_member(django_user_model, username, *groups):
    """A staff account in the named groups (their permissions only)."""
    user = django_user_model.objects.create_user(username=username, password="pass-1234-word")
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def submit(issue, user):
    """Submit the latest version of `issue` (a revision of the row if it has none) for approval."""
    issue = Issue.objects.get(pk=issue.pk)
    if issue.latest_revision is None:
        issue.save_revision(user=user)
    Issue.get_default_workflow().start(issue, user)
    return Issue.objects.get(pk=issue.pk)


def approve(issue, user):
    """Approve the version under review as `user`; the approval publishes it."""
    issue = Issue.objects.get(pk=issue.pk)
    task_state = issue.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, "approve")
    return Issue.objects.get(pk=issue.pk)
