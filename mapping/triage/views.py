"""Admin views that triage a report: edit its route and state, register a call, publish it, link it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView, EditView

from mapping.models import Report
from mapping.triage.actions import create_issue, likely_duplicates, link, record_state_change
from mapping.triage.forms import IssueFromReportForm, LinkToIssueForm


class ReportEditView(EditView):
    """Triage: the route and state of a report; a rejection or an answer is logged and sent on."""

    def save_instance(self):
        previous_state = self.form.initial.get("state")
        instance = super().save_instance()
        record_state_change(instance, previous_state, user=self.request.user)
        return instance


class ReportCreateView(CreateView):
    """Staff register a report that came by phone, social network or the media (the form saves it
    through mapping.reports.intake, which sends the reporter the code)."""


class ReportActionView(WagtailAdminTemplateMixin, FormView):
    """A triage action on one report, behind the permissions it needs."""

    template_name = "mapping/admin/report_action.html"
    header_icon = "mail"
    permissions_required = ("mapping.change_report",)
    index_url_name = "wagtailsnippets_mapping_report:list"
    inspect_url_name = "wagtailsnippets_mapping_report:inspect"

    def dispatch(self, request, *args, **kwargs):
        if not all(request.user.has_perm(permission) for permission in self.permissions_required):
            raise PermissionDenied
        self.report = get_object_or_404(
            Report.objects.select_related("category", "area", "issue"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.report)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": pgettext("citizens' reports", "Reports")},
            {"url": reverse(self.inspect_url_name, args=[self.report.pk]), "label": str(self.report)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.report,
            photos=list(self.report.photos.order_by("pk")),
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            media=context["form"].media,
        )
        return context

    def done(self, message, issue):
        messages.success(self.request, message)
        return redirect("wagtailsnippets_mapping_issue:edit", issue.pk)


class CreateIssueFromReportView(ReportActionView):
    """Make a report a public issue (a draft a second person approves), its text rewritten for the public
    and its photos chosen."""

    page_title = gettext_lazy("Create a public issue")
    submit_button_label = gettext_lazy("Create the issue")
    permissions_required = ("mapping.change_report", "mapping.add_issue")
    form_class = IssueFromReportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report, "user": self.request.user}

    def form_valid(self, form):
        try:
            issue = create_issue(self.report, form.cleaned_data, user=self.request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        if issue.submitted:
            message = _("Issue “%(title)s” created from report %(code)s and submitted for approval.")
        else:
            message = _("Issue “%(title)s” created from report %(code)s as a draft: submit it for approval.")
        return self.done(message % {"title": issue.title, "code": self.report.display_code}, issue)


class LinkReportView(ReportActionView):
    """Link a report to an existing issue, with the likely duplicates nearby offered first."""

    page_title = gettext_lazy("Link to an existing issue")
    submit_button_label = gettext_lazy("Link the report")
    form_class = LinkToIssueForm

    def get_form_kwargs(self):
        self.suggestions = likely_duplicates(self.report)
        return {**super().get_form_kwargs(), "suggestions": self.suggestions}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not (self.report.category_id and self.report.latitude is not None):
            context["duplicates_note"] = _(
                "No duplicates can be suggested: the report has no category or no point on the map."
            )
        elif not self.suggestions:
            context["duplicates_note"] = _("No published issue of this category within 500 m.")
        return context

    def form_valid(self, form):
        issue = form.cleaned_data["issue"]
        link(self.report, issue, user=self.request.user)
        return self.done(
            _("Report %(code)s linked to issue No. %(number)s.")
            % {"code": self.report.display_code, "number": issue.pk},
            issue,
        )
