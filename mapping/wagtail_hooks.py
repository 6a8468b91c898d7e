"""The map in the Wagtail admin: issues and reference data as snippet viewsets, and a dashboard panel."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from mapping.issues.dashboard import IssueSummaryPanel
from mapping.issues.viewsets import IssueViewSet
from mapping.models import Area, Authority, Category, Issue, MonitoringGroup, TriageState, Verdict
from mapping.open311.partners import PartnerApiKeyViewSet
from mapping.triage.viewsets import ReportViewSet, report_photo


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_order = 200
    list_display = ["name", "level", "parent", "slug", "locale"]
    list_filter = ["level", "locale"]
    search_fields = ["name"]
    list_export = ["name", "slug", "level", "parent", "centre_latitude", "centre_longitude"]
    inspect_view_enabled = True


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_order = 300
    list_display = ["name", "symbol", "colour", "sensitive", "default_authority", "locale"]
    list_filter = ["sensitive", "locale"]
    search_fields = ["name"]
    list_export = ["name", "slug", "colour", "symbol", "sensitive", "default_authority"]
    inspect_view_enabled = True


class AuthorityViewSet(SnippetViewSet):
    model = Authority
    icon = "group"
    menu_order = 400
    list_display = ["name", "short_name", "phone", "email", "locale"]
    list_filter = ["areas", "categories", "locale"]
    search_fields = ["name", "short_name"]
    list_export = ["name", "short_name", "slug", "phone", "email", "website", "address"]
    inspect_view_enabled = True


class MonitoringGroupViewSet(SnippetViewSet):
    """Monitoring groups and their members; their visits are pages under the map."""

    model = MonitoringGroup
    icon = "group"
    menu_order = 500
    list_display = ["name", "region", "contact_name", "contact_phone", "contact_email"]
    list_filter = ["region"]
    search_fields = ["name"]
    list_export = ["name", "region", "contact_name", "contact_phone", "contact_email"]
    inspect_view_enabled = True


class MapViewSetGroup(SnippetViewSetGroup):
    items = (
        ReportViewSet,
        IssueViewSet,
        AreaViewSet,
        CategoryViewSet,
        AuthorityViewSet,
        MonitoringGroupViewSet,
        PartnerApiKeyViewSet,
    )
    menu_icon = "site"
    menu_label = _("Control map")
    menu_name = "control-map"
    menu_order = 150


register_snippet(MapViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_issue_summary(request, panels):
    if request.user.has_perm("mapping.view_issue") or request.user.has_perm("mapping.change_issue"):
        panels.append(IssueSummaryPanel())


@hooks.register("construct_snippet_action_menu")
def no_direct_publishing_of_issues(menu_items, request, context):
    """An issue goes public through a second person's approval only (mapping.issues.workflow)."""
    if context.get("model") is Issue:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("register_admin_urls")
def report_photo_url():
    return [path("reports/photos/<int:pk>/", report_photo, name="mapping_report_photo")]


@hooks.register("register_log_actions")
def register_triage_actions(actions):
    """Triage actions as they read in a report's history and in the site history."""

    def state_label(value):
        try:
            return TriageState(value).label
        except ValueError:
            return value or "—"

    @actions.register_action("mapping.report.state")
    class StateChanged(LogFormatter):
        label = _("Change the triage state")

        def format_message(self, log_entry):
            return _("Triage state changed from “%(from)s” to “%(to)s”") % {
                "from": state_label(log_entry.data.get("from")),
                "to": state_label(log_entry.data.get("to")),
            }

    @actions.register_action("mapping.report.issue_created")
    class IssueCreated(LogFormatter):
        label = _("Publish as an issue")

        def format_message(self, log_entry):
            return _("Issue No. %(number)s “%(title)s” created from the report") % {
                "number": log_entry.data.get("issue"),
                "title": log_entry.data.get("issue_title", ""),
            }

    @actions.register_action("mapping.report.verdict")
    class VerdictGiven(LogFormatter):
        label = _("Verdict of the reporter")

        def format_message(self, log_entry):
            try:
                verdict = Verdict(log_entry.data.get("verdict")).label
            except ValueError:
                verdict = log_entry.data.get("verdict") or "—"
            return _("%(verdict)s: issue No. %(number)s") % {
                "verdict": verdict,
                "number": log_entry.data.get("issue"),
            }

    @actions.register_action("mapping.report.linked")
    class Linked(LogFormatter):
        label = _("Link to an issue")

        def format_message(self, log_entry):
            return _("Linked to issue No. %(number)s “%(title)s”") % {
                "number": log_entry.data.get("issue"),
                "title": log_entry.data.get("issue_title", ""),
            }

    @actions.register_action("mapping.report.erased")
    class Erased(LogFormatter):
        label = _("Erase personal data")
        message = _("Contacts and private text erased after the retention period")
