"""What ends an approved workflow (the setting WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail reads this function while it defines its own models, so this module imports nothing of theirs.
"""


def publish_approved(workflow_state, user=None):
    """Publish the approved version, as Wagtail does; for a model whose `approval_grants_publishing` is
    true (issues: mapping.issues.workflow) the approval is the permission, so the approver needs no right
    to publish directly."""
    content = workflow_state.content_object
    content.get_latest_revision().publish(
        user=user, skip_permission_checks=getattr(content, "approval_grants_publishing", False)
    )
