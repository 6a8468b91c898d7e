"""RSS of the status changes of a map's published issues, optionally for one area.

The feed's `<language>` is the page's; an item whose issue has no text in that language carries its
Russian text and says so (`dc:language`), as pages mark such texts with `lang="ru"`.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from mapping.models import IssueUpdate
from mapping.models.texts import language_of, localized
from mapping.reference import localized_name, reference
from portal.languages import current_code
from portal.text import clean_text

FEED_LENGTH = 50


class MultilingualRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose items may name their own language (Dublin Core's `dc:language`)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class IssueUpdatesFeed(Feed):
    """The latest timeline entries of published issues; `?area=<slug>` keeps one area and its parts."""

    feed_type = MultilingualRssFeed

    def __init__(self, map_page):
        super().__init__()
        self.map_page = map_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        slug = request.GET.get("area", "")
        if slug and slug not in reference()["areas"]:
            raise Http404
        return reference()["areas"].get(slug)

    def title(self, area):
        if area:
            return _("%(map)s: status changes in %(area)s") % {
                "map": self.map_page.title,
                "area": localized_name(area),
            }
        return _("%(map)s: status changes") % {"map": self.map_page.title}

    def link(self, area):
        return self.map_page.get_url(request=self.request)

    def description(self, area):
        return _("New statuses of published issues on the public control map.")

    def items(self, area):
        updates = IssueUpdate.objects.filter(issue__live=True).select_related("issue")
        if area:
            updates = updates.filter(issue__area_id__in=reference()["area_ids"][area.slug])
        return updates.order_by("-date", "-pk")[:FEED_LENGTH]

    # Texts pass through clean_text: one control character kept before portal.text made the feed fail.
    def item_title(self, update):
        return clean_text(f"{localized(update.issue, 'title')}: {update.get_status_display()}")

    def item_description(self, update):
        return clean_text(localized(update, "note") or update.get_status_display())

    def item_extra_kwargs(self, update):
        """The item's language when its texts are not in the feed's (a Russian text in a kk or en feed)."""
        language = current_code()
        texts_language = language_of(update.issue, ["title"], language)
        if update.note and texts_language == language:
            texts_language = language_of(update, ["note"], language)
        return {"language": texts_language} if texts_language != language else {}

    def item_link(self, update):
        return self.map_page.issue_url(update.issue, request=self.request)

    def item_guid(self, update):
        return f"issue-update-{update.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, update):
        return timezone.make_aware(datetime.combine(update.date, time(9, 0)))
