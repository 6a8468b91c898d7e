"""The home app's part of `load_demo`: the home page in three languages as the default site's root,
the briefing index, and the briefings (the seed briefing among them, translated into Kazakh and English).

The texts are in `home/demo/data/`: `site.yaml` (home pages and briefing index), `seed.yaml` (the seed
briefing in three languages), `briefings-2024.yaml` and `briefings-2025.yaml` with their Kazakh and
English mirrors (`briefings-2024.kk.yaml`, `….en.yaml`: the same briefings in the same order). The loader
(`portal.demo.loader.DemoLoader`) runs this first, as the other apps' pages go under these home pages.
"""

from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from home.models import BriefingIndexPage, BriefingPage, HomePage
from portal.demo.datafiles import load_yaml, mirrored
from portal.demo.pages import block_id, build_stream

DATA = Path(__file__).parent
TRANSLATIONS = ("kk", "en")
# The data files give the time of a briefing as read on the clock in Akmola region.
LOCAL_TIME = ZoneInfo("Asia/Almaty")
WELCOME_TITLE = "Welcome to your new Wagtail site!"


def local(held_at):
    return held_at.replace(tzinfo=LOCAL_TIME)


def read_briefings(name):
    """The briefings of a data file, each held_at in Akmola region's time zone."""
    return [{**data, "held_at": local(data["held_at"])} for data in load_yaml(DATA, name)["briefings"]]


def participant_rows(participants):
    """Inline rows of BriefingParticipant; a participant named by role alone has no position."""
    return [
        {"name": row["name"], "position": row.get("position", ""), "organisation": row["organisation"]}
        for row in participants
    ]


def load_demo(loader):
    """Build the home pages, the index and the briefings; hand them to the loader for the other apps."""
    HomeDemo(loader).run()


class HomeDemo:
    """The steps of the home app's demo, writing what they build onto the loader (`homes`, `indexes`,
    `briefings`, `site`)."""

    def __init__(self, loader):
        self.loader = loader
        self.pages = loader.pages
        self.images = loader.images
        self.locales = loader.locales
        self.homes = loader.homes
        self.indexes = loader.indexes
        self.briefings = loader.briefings
        self.removed = loader.removed
        self.texts = load_yaml(DATA, "site")
        self.seed = load_yaml(DATA, "seed")
        self.seed["held_at"] = local(self.seed["held_at"])

    def run(self):
        self.build_home()
        self.build_index()
        self.build_briefings()
        self.translate_briefings()

    def build_home(self):
        """The Russian home page at the top of the tree, the default Site on it, and its translations."""
        root = Page.get_first_root_node()
        ru = self.locales["ru"]
        home = HomePage.objects.child_of(root).filter(locale=ru).first()
        created = home is None
        if created:
            slug = self.texts["home_slug"]
            if root.get_children().filter(slug=slug).exists():
                slug = f"{slug}-{ru.language_code}"
            home = HomePage(slug=slug, live=False, **self.home_fields("ru"))
            root.add_child(instance=home)
        self.loader.site = self.point_default_site(home)
        self.remove_welcome_pages(root)
        fields = {"slug": self.texts["home_slug"], **self.home_fields("ru")}
        self.homes["ru"] = self.pages.publish(home, self.pages.apply(home, fields), created=created)
        for code in TRANSLATIONS:
            self.homes[code] = self.pages.translation(home, self.locales[code], self.home_fields(code))

    def home_fields(self, code):
        texts = self.texts["home"][code]
        channels = [
            {
                "type": "channel",
                "value": {"kind": channel["kind"], "heading": channel["heading"], "text": channel["text"]},
                "id": block_id("home", n),
            }
            for n, channel in enumerate(texts["channels"])
        ]
        return {
            "title": texts["title"],
            "hero_heading": texts["hero_heading"],
            "intro": texts["intro"],
            "seo_title": texts["seo_title"],
            "search_description": texts["search_description"],
            "channels": channels,
        }

    def point_default_site(self, home):
        """Make the default Site (localhost:80) serve the Russian home page."""
        site = (
            Site.objects.filter(is_default_site=True).first()
            or Site.objects.filter(hostname="localhost", port=80).first()
            or Site(hostname="localhost", port=80)
        )
        wanted = {
            "hostname": "localhost",
            "port": 80,
            "site_name": self.texts["site_name"],
            "root_page_id": home.pk,
            "is_default_site": True,
        }
        if site.pk is None or any(getattr(site, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(site, name, value)
            site.save()
        return site

    def remove_welcome_pages(self, root):
        """Delete Wagtail's initial "Welcome" page, which no site serves once the home page replaces it.

        Only a childless plain page with the stock slug or title qualifies, so nothing an editor
        built is ever removed.
        """
        plain = ContentType.objects.get_for_model(Page)
        candidates = Page.objects.child_of(root).filter(content_type=plain, numchild=0)
        for page in candidates:
            if (page.slug == "home" or page.title == WELCOME_TITLE) and not page.sites_rooted_here.exists():
                self.removed.append(page.title)
                page.delete()

    def build_index(self):
        texts = self.texts["briefing_index"]
        fields = {**texts["ru"], "show_in_menus": True}
        index = self.pages.child(self.homes["ru"], BriefingIndexPage, self.texts["index_slug"], fields)
        self.indexes["ru"] = index
        for code in TRANSLATIONS:
            self.indexes[code] = self.pages.translation(index, self.locales[code], texts[code])

    def build_briefings(self):
        """The seed briefing and the others, oldest first so that related links find their targets."""
        seed_data = {"slug": self.seed["slug"], "held_at": self.seed["held_at"], **self.seed["ru"]}
        everything = [*read_briefings("briefings-2024"), seed_data, *read_briefings("briefings-2025")]
        for data in sorted(everything, key=lambda item: item["held_at"]):
            self.briefings[data["slug"]] = self.write_briefing(self.indexes["ru"], data)

    def default_cover(self, data, code):
        """The kicker, such as «Брифинг · 6 марта 2025», and description of a briefing's cover."""
        texts = self.images.texts["cover"][code]
        held_at = data["held_at"]
        month = texts["months"][held_at.month - 1]
        return {
            "kicker": texts["kicker"].format(day=held_at.day, month=month, year=held_at.year),
            "description": texts["description"].format(title=data["title"]),
        }

    def briefing_fields(self, data, code, key):
        """The fields of a briefing in one language; `key` names its pictures in that language."""
        cover = data.get("cover") or self.default_cover(data, code)
        footer = self.images.texts["footer"][code]
        image = self.images.cover(key, data["title"], cover["kicker"], cover["description"], footer=footer)
        return {
            "title": data["title"],
            "held_at": data["held_at"],
            "venue": data["venue"],
            "lead": data["lead"],
            "listing_summary": data.get("listing_summary", ""),
            "image": image,
            "body": build_stream(data["slug"], data["body"], self.images, picture_key=key),
        }

    def write_briefing(self, index, data):
        fields = self.briefing_fields(data, "ru", data["slug"])
        children = {
            "participants": participant_rows(data["participants"]),
            "related_links": [{"page": self.briefings[slug]} for slug in data.get("related", [])],
        }
        return self.pages.child(index, BriefingPage, data["slug"], fields, children, data["tags"])

    def translate_briefings(self):
        """Kazakh and English versions of every briefing, under the translated indexes, related links
        pointing at the related briefings' translations."""
        for code in TRANSLATIONS:
            seed = {"slug": self.seed["slug"], "held_at": self.seed["held_at"], **self.seed[code]}
            everything = [seed]
            for name in ("briefings-2024", "briefings-2025"):
                everything += mirrored(
                    read_briefings(name), read_briefings(f"{name}.{code}"), f"{name}.{code}"
                )
            for data in sorted(everything, key=lambda item: item["held_at"]):
                slug = data["slug"]
                fields = self.briefing_fields(data, code, f"{slug}-{code}")
                children = {
                    "participants": participant_rows(data["participants"]),
                    "related_links": [
                        {"page": self.briefings[f"{related}-{code}"]} for related in data.get("related", [])
                    ],
                }
                self.briefings[f"{slug}-{code}"] = self.pages.translation(
                    self.briefings[slug], self.locales[code], fields, children, data["tags"]
                )
