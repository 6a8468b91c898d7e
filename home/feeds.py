"""RSS and Atom feeds of a briefing index: the latest briefings of its language."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from portal.page_views import page_view
from portal.text import clean_text

FEED_LENGTH = 20


class BriefingsRssFeed(Feed):
    """The latest briefings under one index page, as RSS 2.0."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_url(request=self.request)

    def description(self):
        return self.index_page.search_description or self.index_page.title

    def items(self):
        return self.index_page.briefings().prefetch_related("tags")[:FEED_LENGTH]

    # Texts pass through clean_text: a control character kept before portal.text would break the XML.
    def item_title(self, item):
        return clean_text(item.title)

    def item_description(self, item):
        return clean_text(item.lead)

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.held_at

    def item_updateddate(self, item):
        return item.last_published_at or item.held_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = self.index_page.locale.language_code
        return feed


class BriefingsAtomFeed(BriefingsRssFeed):
    """The same briefings as an Atom feed."""

    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


@page_view("home.briefings-rss")
def rss_view(index_page, request):
    return BriefingsRssFeed(index_page)(request)


@page_view("home.briefings-atom")
def atom_view(index_page, request):
    return BriefingsAtomFeed(index_page)(request)
