"""The default workflow of issues, "a second person approves publishing and closing", and the two staff
groups it names, on every installation (an administrator may then change them in the admin)."""

from django.db import migrations

WORKFLOW_NAME = "A second person approves publishing and closing"
TASK_NAME = "Approval by a supervisor (not the author)"
MODERATORS = "Issue moderators"
SUPERVISORS = "Issue supervisors"

STAFF_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("mapping", "issue", "add_issue"),
    ("mapping", "issue", "change_issue"),
    ("mapping", "issue", "view_issue"),
    ("mapping", "issue", "lock_issue"),
    ("mapping", "report", "view_report"),
    ("mapping", "report", "change_report"),
]
SUPERVISOR_PERMISSIONS = [("mapping", "issue", "unlock_issue")]
# Photos and documents (evidence, official replies) are added to the root collection.
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return found


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ApprovalTask = apps.get_model("mapping", "SecondPersonApprovalTask")

    root = Collection.objects.filter(depth=1).first()
    groups = {}
    for name, extra in ((MODERATORS, []), (SUPERVISORS, SUPERVISOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(apps, *spec) for spec in STAFF_PERMISSIONS + extra))
        if root is not None:
            for spec in COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission(apps, *spec)
                )
        groups[name] = group

    issue_type, _ = ContentType.objects.get_or_create(app_label="mapping", model="issue")
    if WorkflowContentType.objects.filter(content_type=issue_type).exists():
        return  # an installation that already chose a workflow for issues keeps it
    task_type, _ = ContentType.objects.get_or_create(app_label="mapping", model="secondpersonapprovaltask")
    task = ApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(groups[SUPERVISORS])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.create(workflow=workflow, content_type=issue_type)


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    ApprovalTask = apps.get_model("mapping", "SecondPersonApprovalTask")
    Workflow.objects.filter(name=WORKFLOW_NAME, workflow_states__isnull=True).delete()
    ApprovalTask.objects.filter(name=TASK_NAME, task_states__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mapping", "0016_issue_live_indexes"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
