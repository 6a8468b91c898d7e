"""Creating, updating, translating and publishing the demo pages without ever duplicating one.

A page is found by its parent and slug (or, for a translation, by its source page and locale); its
fields, inline children and tags are set to the wanted values, and a revision is published only when
something actually changed, so a second run leaves the page history alone.
"""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search.index import insert_or_update_object

from portal.demo.markup import parse_body
from portal.localize_sync import register_translation

# Block ids must be the same on every run, or each run would count as a change to the body.
BLOCK_NAMESPACE = uuid.UUID("5b0e6c1e-7f2a-4d8e-9a53-6f1c2d9b8a10")

# Bookkeeping fields that change with every publication, not with the content.
VOLATILE_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "has_unpublished_changes",
    "draft_title",
    "first_published_at",
    "last_published_at",
    "live",
    "locked",
    "locked_at",
    "locked_by",
}


def ensure_locales(codes):
    """The Locale of each language code, created when missing."""
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in codes}


def content_snapshot(page):
    """The page's content (fields, inline children, tags) as comparable text."""
    data = page.serializable_data()
    for name in VOLATILE_FIELDS:
        data.pop(name, None)
    # A StreamField serialises to a JSON string whose key order depends on the database (PostgreSQL's
    # jsonb sorts keys); compare its structure instead.
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            data[field.name] = getattr(page, field.name).get_prep_value()
    return json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True)


def block_id(*parts):
    return str(uuid.uuid5(BLOCK_NAMESPACE, "/".join(str(part) for part in parts)))


def build_stream(key, text, images, picture_key=None):
    """StreamField data for a body written in the `portal.demo.markup` format.

    `key` makes the block ids unique to one page (the same in each of its languages, so that
    wagtail-localize matches a translation's blocks to the source's), `picture_key` (by default `key`)
    the picture file names unique to one page in one language; `images` is the `ImageLibrary` that
    draws or finds the pictures of [map] and [slide] blocks.
    """
    picture_key = picture_key or key
    stream = []
    for index, block in enumerate(parse_body(text)):
        if block.kind == "heading":
            value = {"text": block.text, "level": block.level}
            stream.append({"type": "heading", "value": value, "id": block_id(key, index)})
        elif block.kind in {"paragraph", "list"}:
            stream.append({"type": "paragraph", "value": block.paragraph_html(), "id": block_id(key, index)})
        elif block.kind == "quote":
            value = {"quote": block.text, "speaker": block.speaker, "position": block.position}
            stream.append({"type": "quote", "value": value, "id": block_id(key, index)})
        else:
            if block.kind == "map":
                image = images.map(f"{picture_key}-{index}", block.text, block.alt)
            else:
                heading, *points = [part.strip() for part in block.text.split(";")]
                image = images.slide(f"{picture_key}-{index}", heading, points, block.alt)
            value = {"image": image.pk, "alt_text": block.alt, "caption": block.caption}
            stream.append({"type": "image", "value": value, "id": block_id(key, index)})
    return stream


class PageWriter:
    """Writes pages and keeps count of what it created, updated and left as it was."""

    def __init__(self):
        self.created = []
        self.updated = []
        self.unchanged = []

    @property
    def touched(self):
        return self.created + self.updated

    def apply(self, page, fields, children=None, tags=None):
        """Set fields, inline children ({relation: [row dict, ...]}) and tags; True if anything changed."""
        before = content_snapshot(page)
        for name, value in fields.items():
            setattr(page, name, value)
        for relation, rows in (children or {}).items():
            self.sync_children(page, relation, rows)
        if tags is not None and sorted(tag.name for tag in page.tags.all()) != sorted(tags):
            page.tags.set(tags)
        return content_snapshot(page) != before

    @staticmethod
    def sync_children(page, relation, rows):
        """Make the inline children match `rows`, reusing existing rows in order to keep their ids."""
        model = page._meta.get_field(relation).related_model
        existing = list(getattr(page, relation).all())
        objects = []
        for index, row in enumerate(rows):
            obj = existing[index] if index < len(existing) else model()
            for name, value in row.items():
                setattr(obj, name, value)
            obj.sort_order = index
            objects.append(obj)
        setattr(page, relation, objects)

    def publish(self, page, changed, created=False):
        """Publish a revision when the page is new, changed, a draft, or has a pending draft."""
        if created or changed or not page.live or page.has_unpublished_changes:
            page.save_revision().publish()
            # Publishing saves a copy built from the revision; this instance may hold a stale url_path
            # (after a slug change), which children added under it would inherit.
            page = type(page).objects.get(pk=page.pk)
            (self.created if created else self.updated).append(page)
        else:
            self.unchanged.append(page)
        return page

    def child(self, parent, model, slug, fields, children=None, tags=None):
        """The child page of `parent` with this slug and type, created or brought up to date."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, live=False, **fields)
            self.apply(page, {}, children, tags)
            parent.add_child(instance=page)
            return self.publish(page, changed=True, created=True)
        return self.publish(page, self.apply(page, fields, children, tags))

    def translation(self, source, locale, fields, children=None, tags=None):
        """The translation of `source` into `locale`, copied from it once and then kept up to date.

        The copy shares the source's translation key, which is what links the languages together
        for the language switcher and for `/kk/` and `/en/` routing; wagtail-localize is told of it
        (`portal.localize_sync`), so that translators can go on from it segment by segment.
        """
        page = source.get_translation_or_none(locale)
        created = page is None
        if created:
            page = source.copy_for_translation(locale)
        page = page.specific
        page = self.publish(page, self.apply(page, fields, children, tags), created=created)
        register_translation(source.specific, page)
        return page

    def reindex(self):
        """Index the pages written in this run again, now that their inline children are saved.

        The search index is updated from the page's post_save signal, which fires before
        modelcluster saves the inline children, so participants would otherwise be missing from it.
        """
        for page in self.touched:
            insert_or_update_object(Page.objects.get(pk=page.pk).specific)
        return len(self.touched)
