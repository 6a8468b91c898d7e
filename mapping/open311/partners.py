"""Partner API keys in the admin: staff issue a key to a partner and see it once, right after issuing it.

Only the key's hash is stored (PartnerApiKey), so the page that shows a new key is the answer to the
request that made it: it is not stored in the session or a message, and cannot be shown again. A partner
who lost its key gets a new one ("Issue a new key"), which withdraws the old one at once.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet

from mapping.models import PartnerApiKey

CHANGE_PERMISSION = "mapping.change_partnerapikey"


def key_issued(request, partner, raw_key):
    """The one page that ever shows this key."""
    response = TemplateResponse(
        request,
        "mapping/admin/partner_key_issued.html",
        {
            "partner": partner,
            "raw_key": raw_key,
            "index_url": reverse("wagtailsnippets_mapping_partnerapikey:list"),
            "open311_url": request.build_absolute_uri("/open311/v2/requests.json"),
        },
    )
    # Neither the browser nor a proxy may keep the page that carries the key.
    response["Cache-Control"] = "private, no-store"
    return response


class PartnerKeyCreateView(CreateView):
    """Issue a key: the partner is saved with the key's hash, and the key is shown on the next page only."""

    def save_instance(self):
        self.raw_key = self.form.instance.set_new_key()
        return super().save_instance()

    def save_action(self):
        return key_issued(self.request, self.object, self.raw_key)


class PartnerKeyIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(CHANGE_PERMISSION):
            buttons.append(
                Button(
                    _("Issue a new key"),
                    url=reverse("wagtailsnippets_mapping_partnerapikey:new_key", args=[instance.pk]),
                    icon_name="key",
                    priority=30,
                )
            )
        return buttons


class NewPartnerKeyView(View):
    """Replace a partner's key (confirmed with a POST): the old key stops working at once."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        partner = get_object_or_404(PartnerApiKey, pk=pk)
        return TemplateResponse(
            request,
            "mapping/admin/partner_new_key.html",
            {"partner": partner, "index_url": reverse("wagtailsnippets_mapping_partnerapikey:list")},
        )

    def post(self, request, pk):
        partner = get_object_or_404(PartnerApiKey, pk=pk)
        raw_key = partner.set_new_key()
        partner.save(update_fields=["prefix", "key_hash"])
        log(instance=partner, action="wagtail.edit", content_changed=True)
        return key_issued(request, partner, raw_key)


class PartnerApiKeyViewSet(SnippetViewSet):
    """Partners of the Open311 API and their keys (the hash only; the key is shown once when issued)."""

    model = PartnerApiKey
    icon = "key"
    menu_label = _("Partner API keys")
    menu_order = 600
    add_view_class = PartnerKeyCreateView
    index_view_class = PartnerKeyIndexView
    list_display = ["name", "prefix", "contact_email", "active", "created_at", "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact_email"]
    inspect_view_enabled = True
    inspect_view_fields = ["name", "contact_email", "prefix", "active", "created_at", "last_used_at"]
    form_fields = ["name", "contact_email", "active"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("new-key/<int:pk>/", NewPartnerKeyView.as_view(), name="new_key"),
        ]
