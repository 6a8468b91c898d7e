"""Reference data of the map: areas, categories of problems and the competent authorities.

All three are translatable snippets: editors translate them with Wagtail's "Translate" action, and
issues point at the rows of the default language (Russian); `mapping.reference` shows each in the
reader's language.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from mapping.boundaries import BoundaryError, clean_geometry
from portal.locale_choices import OneLanguageModelForm

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #00586b."))


def default_locale_only(obj, *fields):
    """Reference data links to rows of the default language, so that each area or category is one thing."""
    for name in fields:
        target = getattr(obj, name, None)
        if target is not None and target.locale_id != obj.locale_id:
            raise ValidationError({name: _("Choose the item in the same language as this one.")})


class Area(TranslatableMixin, index.Indexed, models.Model):
    """A territory: the region, its districts and cities, and their rural okrugs."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        DISTRICT = "district", _("District")
        CITY = "city", _("City")
        RURAL_OKRUG = "rural_okrug", _("Rural okrug")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    centre_latitude = models.FloatField(_("centre latitude"), null=True, blank=True)
    centre_longitude = models.FloatField(_("centre longitude"), null=True, blank=True)
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry, optional."),
    )

    base_form_class = OneLanguageModelForm  # linked areas, categories… listed once each
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("parent")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("centre_latitude"), FieldPanel("centre_longitude")]),
                FieldPanel("boundary"),
            ],
            heading=_("On the map"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="unique_area_slug_per_locale")]

    def __str__(self):
        return self.name

    def clean(self):
        default_locale_only(self, "parent")
        if (self.centre_latitude is None) != (self.centre_longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude of the centre, or neither."))
        if self.centre_latitude is not None and not (-90 <= self.centre_latitude <= 90):
            raise ValidationError({"centre_latitude": _("A latitude lies between -90 and 90.")})
        if self.centre_longitude is not None and not (-180 <= self.centre_longitude <= 180):
            raise ValidationError({"centre_longitude": _("A longitude lies between -180 and 180.")})
        if self.boundary:
            try:
                clean_geometry(self.boundary)
            except BoundaryError as error:
                raise ValidationError({"boundary": str(error)}) from None
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An area cannot be part of itself.")})
            ancestor = ancestor.parent


class Category(TranslatableMixin, index.Indexed, models.Model):
    """A kind of problem: corruption, public services, utilities, roads, conduct of a civil servant…"""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#00586b", validators=[HEX_COLOUR])
    symbol = models.CharField(
        _("symbol"),
        max_length=2,
        default="•",
        help_text=_("One or two characters drawn in the marker, so the legend does not rely on colour."),
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("The public map shows only the area of these issues, never their point or photos."),
    )
    default_authority = models.ForeignKey(
        "mapping.Authority",
        verbose_name=_("default authority"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    base_form_class = OneLanguageModelForm  # linked areas, categories… listed once each
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("colour"), FieldPanel("symbol"), FieldPanel("sort_order")]),
        FieldPanel("sensitive"),
        FieldPanel("default_authority"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_category_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        default_locale_only(self, "default_authority")


class Authority(TranslatableMixin, index.Indexed, models.Model):
    """A competent body an issue is routed to: an akimat, a department, a utility company."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=80)
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas served"), blank=True, related_name="authorities"
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories handled"), blank=True, related_name="authorities"
    )
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)

    base_form_class = OneLanguageModelForm  # linked areas, categories… listed once each
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
        FieldPanel("areas"),
        FieldPanel("categories"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website"), FieldPanel("address")],
            heading=_("Contacts"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_authority_slug_per_locale")
        ]

    def __str__(self):
        return self.short_name or self.name
