"""The triage queue of citizen reports in the admin, with contacts shown only to staff allowed to see them."""

import datetime

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from mapping.models import Report, ReportPhoto
from mapping.triage.forms import ReportTriageForm, StaffReportForm
from mapping.triage.views import CreateIssueFromReportView, LinkReportView, ReportCreateView, ReportEditView
from portal.exports import CleanExportMixin

CONTACT_FIELDS = {"name", "email", "phone"}
CONTACTS_PERMISSION = "mapping.view_reporter_contacts"


def may_see_contacts(user):
    return user.has_perm(CONTACTS_PERMISSION)


class ReportFilterSet(WagtailFilterSet):
    with_photos = django_filters.BooleanFilter(label=_("With photos"), method="filter_with_photos")
    received = django_filters.DateFromToRangeFilter(
        label=_("Received"), field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Report
        fields = ["state", "category", "area", "channel"]

    def filter_with_photos(self, queryset, name, value):
        has_photos = Exists(ReportPhoto.objects.filter(report=OuterRef("pk")))
        return queryset.filter(has_photos) if value else queryset.exclude(has_photos)


class ReportIndexView(CleanExportMixin, IndexView):
    """The queue; its export carries contacts only for staff allowed to see them.

    A report's title opens the report view, where the triage actions are.
    """

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not may_see_contacts(request.user):
            self.list_export = [field for field in self.list_export if field not in CONTACT_FIELDS]


class ReportInspectView(InspectView):
    """A report as sent, its photos through the permission-checked view, contacts only if allowed."""

    template_name = "mapping/admin/report_inspect.html"

    def get_fields(self):
        fields = super().get_fields()
        if not may_see_contacts(self.request.user):
            fields = [field for field in fields if field not in CONTACT_FIELDS]
        return fields

    def get_field_display_value(self, field_name, field):
        """An empty field as a dash (said "not given" to screen readers), not "None"; a time in the
        portal's time zone (settings.TIME_ZONE), as the queue shows it, not in UTC."""
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return format_html(
                '<span aria-hidden="true">—</span><span class="w-sr-only">{}</span>', _("not given")
            )
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["photos"] = list(self.object.photos.all())
        # What the reporter said of the resolutions of its issue (mapping.reports.verdicts).
        context["verdicts"] = list(self.object.verdicts.select_related("issue"))
        context["tile_url"] = settings.MAP_TILE_URL
        context["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
        user = self.request.user
        context["can_triage"] = user.has_perm("mapping.change_report")
        context["can_create_issue"] = context["can_triage"] and user.has_perm("mapping.add_issue")
        return context


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "mail"
    menu_label = pgettext_lazy("citizens' reports", "Reports")
    menu_order = 50
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "created_at",
        "channel",
        "language",
        "state",
        "description",
        "category",
        "area",
        "authority",
        "address",
        "latitude",
        "longitude",
        "anonymity",
        "name",
        "email",
        "phone",
        "consent_at",
        "issue",
        "rejection_reason",
        "answer",
        "closed_at",
        "erased_at",
    ]
    list_display = ["__str__", "state", "category", "area", "channel", "created_at"]
    filterset_class = ReportFilterSet
    search_fields = ["description", "address", "code"]
    list_export = [
        "code",
        "created_at",
        "state",
        "channel",
        "category",
        "area",
        "authority",
        "address",
        "latitude",
        "longitude",
        "anonymity",
        "name",
        "email",
        "phone",
        "issue",
    ]
    export_filename = "reports"
    # The text and contacts a citizen sent are never edited; staff triage around them.
    edit_handler = ObjectList(
        [
            FieldPanel("state"),
            FieldRowPanel([FieldPanel("category"), FieldPanel("area"), FieldPanel("authority")]),
            FieldPanel("issue"),
            MultiFieldPanel(
                [FieldPanel("rejection_reason"), FieldPanel("answer")], heading=_("Reply to the reporter")
            ),
        ],
        base_form_class=ReportTriageForm,
    )
    # A report that came by phone, social network or the media, as staff took it down.
    registration_panel = ObjectList(
        [
            FieldRowPanel([FieldPanel("channel"), FieldPanel("language")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("category"), FieldPanel("area")]),
            MultiFieldPanel(
                [FieldPanel("address"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("anonymity"),
                    FieldRowPanel([FieldPanel("name"), FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("consent"),
                ],
                heading=_("Reporter"),
            ),
        ],
        base_form_class=StaffReportForm,
    )
    add_view_class = ReportCreateView
    edit_view_class = ReportEditView

    def get_add_view_kwargs(self, **kwargs):
        panel = self.registration_panel.bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("publish/<int:pk>/", CreateIssueFromReportView.as_view(), name="publish"),
            path("link/<int:pk>/", LinkReportView.as_view(), name="link"),
        ]

    def get_queryset(self, request):
        return Report.objects.select_related("category", "area")


def report_photo(request, pk):
    """A report's photo for staff who may see reports: never cached, never on a public URL."""
    if not (request.user.is_authenticated and request.user.has_perm("mapping.view_report")):
        raise PermissionDenied
    # A pending photo (mapping.reports.pending) is an upload as it came, metadata and all: never served.
    photo = get_object_or_404(ReportPhoto.objects.exclude(file=""), pk=pk)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
