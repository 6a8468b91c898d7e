"""StreamField blocks shared by every page type of the portal (briefings, object pages, the guide)."""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the page outline correct for screen readers."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        description = _("A heading that starts a section of the text")
        preview_value = {"text": "Три формата проекта", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with the formatting an editor of a public body needs, and no more."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "document-link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph_block.html"
        description = _("Formatted text with links and lists")
        preview_value = "<p>Участникам брифинга был представлен проект «Карта общественного контроля».</p>"


class QuoteBlock(blocks.StructBlock):
    """Words of a named speaker, with the speaker's position."""

    quote = blocks.TextBlock(label=_("Quote"))
    speaker = blocks.CharBlock(label=_("Speaker"), max_length=200)
    position = blocks.CharBlock(label=_("Speaker's position"), max_length=300, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        description = _("A quotation with the name and position of its speaker")
        preview_value = {
            "quote": "До конца текущего года мы планируем посетить все регионы области.",
            "speaker": "Владислав Шуль",
            "position": "председатель ОО «Наше право», член специальной мониторинговой группы",
        }


class ImageBlock(blocks.StructBlock):
    """An image with the alternative text a blind reader hears, and an optional caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=300, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"
        description = _("A picture with alternative text and a caption")


class EmbedBlock(blocks.StructBlock):
    """A video or post on another site, shown as a link card.

    The portal loads nothing from another host (privacy and CSP), so the media is not framed:
    the reader follows the link to watch it.
    """

    url = blocks.URLBlock(label=_("Address of the video or post"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "blocks/embed_block.html"
        description = _("A link card to a video or post published elsewhere")
        preview_value = {
            "url": "https://www.youtube.com/watch?v=example",
            "title": "Запись брифинга",
            "description": "Видеозапись брифинга на канале Региональной службы коммуникаций.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["host"] = urlsplit(value["url"]).hostname or ""
        return context


class DocumentBlock(blocks.StructBlock):
    """A document to download, with its title, type and size."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_block.html"
        description = _("A file readers can download")


class BaseStreamBlock(blocks.StreamBlock):
    """The body of a content page."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock()
    document = DocumentBlock()
