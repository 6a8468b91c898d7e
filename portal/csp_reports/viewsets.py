"""The admin's list of CSP violation reports: read-only, for superusers and holders of `view_cspreport`,
under Wagtail's "Reports" menu."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from portal.csp_reports.models import CspReport


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only "view", for everyone, superusers included: browsers write these rows, nobody edits them."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class CspReportViewSet(ModelViewSet):
    model = CspReport
    icon = "warning"
    menu_label = _("CSP violations")
    menu_hook = "register_reports_menu_item"
    menu_order = 900
    add_to_reference_index = False
    copy_view_enabled = False
    list_display = [
        "directive",
        "blocked_uri",
        "document_path",
        "source_file",
        "line_number",
        "user_agent_family",
        "count",
        "first_seen",
        "last_seen",
    ]
    list_filter = ["directive", "user_agent_family"]
    search_fields = ["blocked_uri", "document_path", "source_file"]
    search_backend_name = None  # the database's own search: no index of these rows

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_permissions_to_register(self):
        # "view" is the only permission the model has (Meta.default_permissions): offered to groups.
        return Permission.objects.filter(content_type=ContentType.objects.get_for_model(self.model))

    def get_common_view_kwargs(self, **kwargs):
        unused = ("add", "edit", "delete", "history", "usage")
        return super().get_common_view_kwargs(**{f"{name}_url_name": None for name in unused}, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
