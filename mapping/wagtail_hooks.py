"""The map in the Wagtail admin: issues and reference data as snippet viewsets, and a dashboard panel."""

import datetime

import django_filters
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtailgeowidget import geocoders
from wagtailgeowidget.panels import GeoAddressPanel, LeafletPanel

from mapping.admin_partners import PartnerApiKeyViewSet
from mapping.admin_reports import ReportViewSet, report_photo
from mapping.forms import IssueAdminForm
from mapping.models import Area, Authority, Category, Issue, IssueStatus, MonitoringGroup, Report, TriageState
from mapping.models.issues import OPEN_STATUSES, local_today


class IssueFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Issue
        fields = ["status", "category", "area", "authority", "source_channel", "published"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=OPEN_STATUSES, due_on__lt=local_today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class DeadlineColumn(Column):
    """The deadline as a label ("3 working days left", "overdue by 2 working days")."""

    cell_template_name = "mapping/admin/deadline_cell.html"

    def get_value(self, instance):
        return instance.deadline()

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["today"] = local_today()
        return context


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "warning"
    menu_label = _("Issues")
    menu_order = 100
    list_display = [
        "title",
        "status",
        "category",
        "area",
        "registered_on",
        DeadlineColumn("deadline", label=_("Deadline")),
        "published",
    ]
    filterset_class = IssueFilterSet
    search_fields = ["title", "description", "address"]
    list_export = [
        "id",
        "title",
        "status",
        "category",
        "area",
        "authority",
        "source_channel",
        "registered_on",
        "due_on",
        "extended_until",
        "resolved_on",
        "latitude",
        "longitude",
        "published",
    ]
    export_filename = "issues"
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "description",
        "category",
        "area",
        "authority",
        "problem_object",
        "address",
        "latitude",
        "longitude",
        "status",
        "source_channel",
        "registered_on",
        "due_on",
        "forwarded_on",
        "extended_until",
        "extension_reason",
        "resolved_on",
        "resolution",
        "duplicate_of",
        "published",
    ]
    list_per_page = 50
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("description"),
                    FieldRowPanel([FieldPanel("category"), FieldPanel("area")]),
                    FieldRowPanel([FieldPanel("authority"), FieldPanel("problem_object")]),
                    MultiFieldPanel(
                        [
                            GeoAddressPanel("address", geocoder=geocoders.NOMINATIM),
                            LeafletPanel("location", address_field="address"),
                        ],
                        heading=_("Place"),
                    ),
                    FieldPanel("published"),
                ],
                heading=_("Issue"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("source_channel")]),
                    FieldPanel("status_note"),
                    FieldRowPanel([FieldPanel("registered_on"), FieldPanel("forwarded_on")]),
                    MultiFieldPanel(
                        [FieldPanel("extended_until"), FieldPanel("extension_reason")], heading=_("Extension")
                    ),
                    FieldPanel("resolution"),
                    FieldPanel("resolved_on"),
                    FieldPanel("duplicate_of"),
                ],
                heading=_("Status and deadlines"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "updates",
                        heading=_("Public timeline"),
                        label=_("Timeline entry"),
                        panels=[
                            FieldRowPanel([FieldPanel("date"), FieldPanel("status")]),
                            FieldPanel("note"),
                            FieldPanel("document"),
                        ],
                    ),
                    InlinePanel(
                        "photos",
                        heading=_("Public photos"),
                        label=_("Photo"),
                        panels=[FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")],
                    ),
                ],
                heading=_("Timeline and photos"),
            ),
        ],
        base_form_class=IssueAdminForm,
    )

    def get_queryset(self, request):
        return Issue.objects.select_related("category", "area")


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


@hooks.register("construct_homepage_panels")
def add_issue_summary(request, panels):
    if request.user.has_perm("mapping.view_issue") or request.user.has_perm("mapping.change_issue"):
        panels.append(IssueSummaryPanel())


@hooks.register("register_admin_urls")
def report_photo_url():
    return [path("reports/photos/<int:pk>/", report_photo, name="mapping_report_photo")]


@hooks.register("register_log_actions")
def register_triage_actions(actions):
    """Triage actions as they read in a report's history and in the site history."""
    from wagtail.log_actions import LogFormatter

    from mapping.models import TriageState

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
