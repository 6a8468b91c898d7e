"""Four-eyes publishing of issues: nobody puts a change on the public record alone.

Staff save drafts of an issue and submit them; the default workflow ("a second person approves publishing
and closing", created by migration) asks a supervisor who neither submitted the change nor wrote it
(mapping.models.approval) to approve it, and the approval publishes it. So the admin never offers a direct
"Publish" for issues, to anyone. Withdrawing an issue from the public ("unpublish", or cancelling a
scheduled publication) is an emergency measure (personal data published by mistake) left to holders of
the "Can publish issues" permission, and logged in the issue's history like every other change.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail.models import Revision
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, RevisionsUnscheduleView, UnpublishView

from mapping.models import Issue


class IssuePermissionPolicy(ModelPermissionPolicy):
    """Issues' permissions in the admin: "publish" belongs to the approval alone; "unpublish" is what the
    "Can publish issues" permission still grants."""

    def user_has_permission(self, user, action):
        if action == "publish":
            return False
        if action == "unpublish":
            action = "publish"
        return super().user_has_permission(user, action)


# What a version holds about the issue as a record, not its content (compared when a reviewer approves).
BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "live_revision",
        "has_unpublished_changes",
        "live",
        "expired",
        "first_published_at",
        "last_published_at",
        "locked",
        "locked_at",
        "locked_by",
        "created_at",
        "updated_at",
        "supporters",
    }
)


def content_of(revision):
    return {key: value for key, value in revision.content.items() if key not in BOOKKEEPING}


class IssueEditView(EditView):
    """The issue's editor. A reviewer who changes the issue and approves it in the same step would approve
    their own change: the change is saved, and another reviewer must approve it. (The form itself cannot
    tell: it reports changes where there are none, so the version saved is compared with the one under
    review.)"""

    def changed_under_review(self):
        task_state = self.object.current_workflow_task_state
        reviewed = task_state.revision if task_state else None
        # Both as stored (JSON): the new revision in memory still holds dates and other Python values.
        saved = Revision.objects.get(pk=self.new_revision.pk)
        return reviewed is None or content_of(reviewed) != content_of(saved)

    def workflow_action_action(self):
        if self.workflow_action == "approve" and self.changed_under_review():
            messages.warning(
                self.request,
                _("Your changes are saved. As you changed the issue, another reviewer must approve it."),
            )
            return None
        return super().workflow_action_action()


class IssueUnpublishView(UnpublishView):
    permission_required = "unpublish"


class IssueUnscheduleView(RevisionsUnscheduleView):
    permission_required = "unpublish"


def submit_for_approval(issue, user):
    """Start the issues' workflow on the latest version of `issue`; False when no workflow is set."""
    workflow = Issue.get_default_workflow()
    if workflow is None:  # Wagtail gives only an active workflow
        return False
    workflow.start(issue, user)
    return True
