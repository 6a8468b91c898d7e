"""The admin's screens for public issues: the list with deadlines, filters and export, and the edit form
with its tabs (the issue, its status and deadlines, its public timeline and photos)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet
from wagtailgeowidget import geocoders
from wagtailgeowidget.panels import GeoAddressPanel, LeafletPanel

from mapping.issues.forms import IssueAdminForm
from mapping.issues.workflow import (
    IssueEditView,
    IssuePermissionPolicy,
    IssueUnpublishView,
    IssueUnscheduleView,
)
from mapping.models import Issue
from mapping.models.issues import OPEN_STATUSES, local_today
from portal.exports import CleanExportMixin


class IssueFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Issue
        fields = ["status", "category", "area", "authority", "source_channel", "live"]

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


class IssueIndexView(CleanExportMixin, IndexView):
    """The issues' list; its export stays valid whatever the stored text holds."""


class IssueViewSet(SnippetViewSet):
    """Issues in the admin: drafts, revisions with comparison, locking, scheduled publishing, and
    publishing only through a second person's approval (mapping.issues.workflow)."""

    model = Issue
    index_view_class = IssueIndexView
    edit_view_class = IssueEditView
    unpublish_view_class = IssueUnpublishView
    revisions_unschedule_view_class = IssueUnscheduleView
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
        "supporters",
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
        "supporters",
        "live",
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
        "evidence_photo",
        "evidence_document",
        "duplicate_of",
        "live",
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
                    PublishingPanel(),
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
                    MultiFieldPanel(
                        [
                            FieldPanel("evidence_document"),
                            FieldPanel("evidence_photo_upload"),
                            FieldPanel("evidence_photo_alt"),
                            FieldPanel("remove_evidence_photo"),
                        ],
                        heading=_("Evidence of the resolution"),
                        help_text=_("Required to resolve: the official reply, an after photo, or both."),
                    ),
                    FieldPanel("resolved_on"),
                    FieldPanel("duplicate_of"),
                ],
                heading=_("Status and deadlines"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel("title_kk"), FieldPanel("description_kk"), FieldPanel("resolution_kk")],
                        heading=_("Kazakh"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("title_en"), FieldPanel("description_en"), FieldPanel("resolution_en")],
                        heading=_("English"),
                    ),
                ],
                heading=_("Translations"),
                help_text=_(
                    "The public texts in Kazakh and English. Where one is empty, readers of that language "
                    "see the Russian text, marked as Russian."
                ),
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
                            FieldRowPanel([FieldPanel("note_kk"), FieldPanel("note_en")]),
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

    @property
    def permission_policy(self):
        return IssuePermissionPolicy(self.model)

    def get_queryset(self, request):
        return Issue.objects.select_related("category", "area")
