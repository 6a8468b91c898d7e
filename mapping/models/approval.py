"""The approval step of the issues' workflow: a second person checks what goes on the public record."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who neither submitted the change nor wrote any version of
    it under review: nobody approves their own work, administrators included."""

    def is_own_change(self, obj, user):
        state = getattr(obj, "current_workflow_state", None)
        if state is None:
            return False
        if state.requested_by_id == user.pk:
            return True
        # The version submitted, and any saved since the review began (by a reviewer in the editor).
        written = state.revisions().filter(user_id=user.pk).exists()
        return written or obj.revisions.filter(created_at__gte=state.created_at, user_id=user.pk).exists()

    def get_actions(self, obj, user):
        if self.is_own_change(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        own_revisions = TaskState.objects.filter(revision__user_id=user.pk).values("workflow_state_id")
        return states.exclude(workflow_state__requested_by_id=user.pk).exclude(
            workflow_state_id__in=own_revisions
        )

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve the change, except the person who submitted it or wrote it"
        )

    class Meta:
        verbose_name = _("second-person approval task")
        verbose_name_plural = _("second-person approval tasks")
