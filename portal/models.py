"""The base page every page type extends, and the site-wide settings editors fill in once."""

import html
import re

from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from portal.cache import ROUTING_GENERATION_KEY, cached
from portal.csp_reports.models import CspReport  # noqa: F401 - registered with the app by this import
from portal.locale_choices import OneLanguagePageForm

# The <meta name="description"> of a page whose editors wrote none and that says nothing of itself (the
# search, an error page): what search engines and link previews show of the site.
SITE_DESCRIPTION = _(
    "Report an offence to the regional anti-corruption department, see how reported problems are resolved, "
    "read briefings and the ethics guide for civil servants."
)
# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|div|blockquote)>|<br\s*/?>)", re.IGNORECASE)


def plain_summary(text, limit=DESCRIPTION_LENGTH):
    """`text` (plain, or rich text's HTML) as one line of plain text of at most `limit` characters, cut
    after a whole word and ended with "…" when cut: a page's description for search engines."""
    flat = " ".join(html.unescape(strip_tags(BLOCK_END.sub(r"\1 ", str(text or "")))).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:—–-") + "…"


def view_restrictions_exist():
    """Whether any page is private (a login, a password or groups), kept until a restriction changes
    (the routing generation, `portal.signals`): a site with none needs no query to tell."""
    return cached(
        "view-restrictions-exist", PageViewRestriction.objects.exists, generation=ROUTING_GENERATION_KEY
    )


class PortalPageQuerySet(PageQuerySet):
    """Wagtail's page queries, whose `public()` reads the view restrictions only when there are any."""

    def private_q(self):
        if not view_restrictions_exist():
            return Q(pk__in=[])  # what Wagtail's gives when it finds none
        return super().private_q()


class BasePage(Page):
    """Fields every public page has for listings and search engines."""

    # Lists of areas, authorities, objects… in the page's own language, each thing once.
    base_form_class = OneLanguagePageForm
    # Where a page type keeps the text that introduces it (the first filled one describes the page to search
    # engines when no search description is set): a briefing's lead, a topic's summary, an intro...
    description_fields = ("lead", "summary", "intro", "introduction", "description", "findings")

    listing_title = models.CharField(
        _("listing title"),
        max_length=255,
        blank=True,
        help_text=_("Shown instead of the title in lists and cards, if set."),
    )
    listing_summary = models.CharField(
        _("listing summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in lists and cards."),
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading=_("Common page configuration")),
        MultiFieldPanel([FieldPanel("listing_title"), FieldPanel("listing_summary")], heading=_("Listings")),
    ]

    objects = PageManager.from_queryset(PortalPageQuerySet)()

    class Meta:
        abstract = True

    def get_listing_title(self):
        return self.listing_title or self.title

    def get_meta_description(self):
        """The page's <meta name="description">: its search description as the editors wrote it; else its
        listing summary or the first filled of its `description_fields`, as plain text of at most 160
        characters; else the site's description."""
        if self.search_description.strip():
            return " ".join(self.search_description.split())
        for value in (self.listing_summary, *(getattr(self, name, "") for name in self.description_fields)):
            summary = plain_summary(value)
            if summary:
                return summary
        return str(SITE_DESCRIPTION)

    def get_view_restrictions(self):
        """The view restrictions that apply to this page, as Wagtail finds them, but without its two
        queries (the ancestors, then their restrictions) on a site where no page has any."""
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def localized_value(obj, field):
    """The value of `field` in the active language (`field_kk`, `field_en`), Russian when missing."""
    language = (get_language() or "ru").split("-")[0]
    if language != "ru":
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contacts, hotlines, social networks and the personal-data notice shown across the site.

    Texts a reader sees come in Russian (the main field) and optionally Kazakh and English;
    an empty translation falls back to Russian.
    """

    hotline_number = models.CharField(
        _("anti-corruption hotline"), max_length=32, default="1424", help_text=_("Shown in the header.")
    )
    hotline_note = models.CharField(_("hotline note"), max_length=200, blank=True)
    hotline_note_kk = models.CharField(_("hotline note (Kazakh)"), max_length=200, blank=True)
    hotline_note_en = models.CharField(_("hotline note (English)"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    postal_address_kk = models.TextField(_("postal address (Kazakh)"), blank=True)
    postal_address_en = models.TextField(_("postal address (English)"), blank=True)
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    working_hours_kk = models.CharField(_("working hours (Kazakh)"), max_length=200, blank=True)
    working_hours_en = models.CharField(_("working hours (English)"), max_length=200, blank=True)

    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    telegram_url = models.URLField(_("Telegram"), blank=True)
    vk_url = models.URLField(_("VK"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)

    app_name = models.CharField(_("mobile app name"), max_length=100, blank=True, default="Qamqor")
    app_store_url = models.URLField(_("App Store link"), blank=True)
    google_play_url = models.URLField(_("Google Play link"), blank=True)

    personal_data_notice = RichTextField(
        _("personal-data notice"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown next to every form that asks for personal data."),
    )
    personal_data_notice_kk = RichTextField(
        _("personal-data notice (Kazakh)"), blank=True, features=["bold", "italic", "link"]
    )
    personal_data_notice_en = RichTextField(
        _("personal-data notice (English)"), blank=True, features=["bold", "italic", "link"]
    )

    ethics_commissioner_name = models.CharField(_("ethics commissioner"), max_length=200, blank=True)
    ethics_commissioner_name_kk = models.CharField(
        _("ethics commissioner (Kazakh)"), max_length=200, blank=True
    )
    ethics_commissioner_name_en = models.CharField(
        _("ethics commissioner (English)"), max_length=200, blank=True
    )
    ethics_commissioner_position = models.CharField(
        _("ethics commissioner's position"), max_length=300, blank=True
    )
    ethics_commissioner_position_kk = models.CharField(
        _("ethics commissioner's position (Kazakh)"), max_length=300, blank=True
    )
    ethics_commissioner_position_en = models.CharField(
        _("ethics commissioner's position (English)"), max_length=300, blank=True
    )
    ethics_commissioner_phone = models.CharField(_("ethics commissioner's phone"), max_length=32, blank=True)
    ethics_commissioner_email = models.EmailField(_("ethics commissioner's e-mail"), blank=True)

    contact_panels = [
        MultiFieldPanel(
            [
                FieldPanel("hotline_number"),
                FieldPanel("hotline_note"),
                FieldPanel("hotline_note_kk"),
                FieldPanel("hotline_note_en"),
            ],
            heading=_("Hotline"),
        ),
        FieldPanel("phone"),
        FieldPanel("email"),
        MultiFieldPanel(
            [FieldPanel("postal_address"), FieldPanel("postal_address_kk"), FieldPanel("postal_address_en")],
            heading=_("Postal address"),
        ),
        MultiFieldPanel(
            [FieldPanel("working_hours"), FieldPanel("working_hours_kk"), FieldPanel("working_hours_en")],
            heading=_("Working hours"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ethics_commissioner_name"),
                FieldPanel("ethics_commissioner_name_kk"),
                FieldPanel("ethics_commissioner_name_en"),
                FieldPanel("ethics_commissioner_position"),
                FieldPanel("ethics_commissioner_position_kk"),
                FieldPanel("ethics_commissioner_position_en"),
                FieldPanel("ethics_commissioner_phone"),
                FieldPanel("ethics_commissioner_email"),
            ],
            heading=_("Ethics commissioner (shown in the ethics guide)"),
        ),
    ]
    social_panels = [
        MultiFieldPanel(
            [
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("telegram_url"),
                FieldPanel("vk_url"),
                FieldPanel("youtube_url"),
                FieldPanel("x_url"),
            ],
            heading=_("Social networks"),
        ),
        MultiFieldPanel(
            [FieldPanel("app_name"), FieldPanel("app_store_url"), FieldPanel("google_play_url")],
            heading=_("Mobile app"),
        ),
    ]
    privacy_panels = [
        FieldPanel("personal_data_notice"),
        FieldPanel("personal_data_notice_kk"),
        FieldPanel("personal_data_notice_en"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(contact_panels, heading=_("Contacts")),
            ObjectList(social_panels, heading=_("Social networks and app")),
            ObjectList(privacy_panels, heading=_("Personal data")),
        ]
    )

    class Meta:
        verbose_name = _("site settings")

    @property
    def social_links(self):
        """The filled-in social networks as (key, label, url), in display order."""
        networks = [
            ("instagram", "Instagram", self.instagram_url),
            ("facebook", "Facebook", self.facebook_url),
            ("telegram", "Telegram", self.telegram_url),
            ("vk", "VK", self.vk_url),
            ("youtube", "YouTube", self.youtube_url),
            ("x", "X", self.x_url),
        ]
        return [(key, label, url) for key, label, url in networks if url]

    @property
    def app_links(self):
        links = [("App Store", self.app_store_url), ("Google Play", self.google_play_url)]
        return [(label, url) for label, url in links if url]

    def localized(self, field):
        return localized_value(self, field)

    @property
    def hotline_note_localized(self):
        return localized_value(self, "hotline_note")

    @property
    def postal_address_localized(self):
        return localized_value(self, "postal_address")

    @property
    def working_hours_localized(self):
        return localized_value(self, "working_hours")

    @property
    def ethics_commissioner_name_localized(self):
        return localized_value(self, "ethics_commissioner_name")

    @property
    def ethics_commissioner_position_localized(self):
        return localized_value(self, "ethics_commissioner_position")

    @property
    def personal_data_notice_localized(self):
        return localized_value(self, "personal_data_notice")
