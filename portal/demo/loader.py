"""Builds the demo site: locales, the page tree in three languages, pictures and the site settings.

Everything is found again by a stable key (slug, translation, image title, the one Site) and brought
up to date in place, so the loader can run any number of times and always leaves the same site.
"""

import importlib
import importlib.util
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from home.models import BriefingIndexPage, BriefingPage, HomePage
from portal.demo import seed, site_content
from portal.demo.briefings_2024 import BRIEFINGS_2024
from portal.demo.briefings_2025 import BRIEFINGS_2025
from portal.demo.images import FOOTER, ImageLibrary
from portal.demo.pages import PageWriter, block_id, build_stream, ensure_locales
from portal.models import SiteSettings

LANGUAGES = ("ru", "kk", "en")
TRANSLATIONS = ("kk", "en")
WELCOME_TITLE = "Welcome to your new Wagtail site!"
MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()


def kicker(held_at):
    """The line above a Russian cover's title, such as «Брифинг · 6 марта 2025»."""
    return f"Брифинг · {held_at.day} {MONTHS[held_at.month - 1]} {held_at.year}"


def cover_description(title):
    return f"Обложка брифинга: на тёмно-бирюзовом фоне с жёлтыми кругами белыми буквами написано «{title}»."


def participant_rows(participants):
    return [{"name": name, "position": position, "organisation": org} for name, position, org in participants]


class DemoLoader:
    """Runs the steps of the demo in order and remembers what it did for the summary.

    Apps that add their own demo content receive the loader: `locales`, `homes` and `indexes` (by
    language code), `briefings` (by slug), `pages` (the PageWriter), `images` and `stdout`.
    """

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.pages = PageWriter()
        self.images = ImageLibrary()
        self.locales = {}
        self.homes = {}
        self.indexes = {}
        self.briefings = {}
        self.removed = []
        self.extensions = []
        self.site = None
        self.settings_changed = False
        self.reindexed = 0

    def run(self):
        self.locales = ensure_locales(LANGUAGES)
        self.build_home()
        self.build_index()
        self.build_briefings()
        self.translate_seed()
        self.update_site_settings()
        self.run_extensions()
        self.reindexed = self.pages.reindex()
        return self

    def build_home(self):
        """The Russian home page at the top of the tree, the default Site on it, and its translations."""
        root = Page.get_first_root_node()
        ru = self.locales["ru"]
        home = HomePage.objects.child_of(root).filter(locale=ru).first()
        created = home is None
        if created:
            slug = site_content.HOME_SLUG
            if root.get_children().filter(slug=slug).exists():
                slug = f"{slug}-{ru.language_code}"
            home = HomePage(slug=slug, live=False, **self.home_fields("ru"))
            root.add_child(instance=home)
        self.site = self.point_default_site(home)
        self.remove_welcome_pages(root)
        fields = {"slug": site_content.HOME_SLUG, **self.home_fields("ru")}
        self.homes["ru"] = self.pages.publish(home, self.pages.apply(home, fields), created=created)
        for code in TRANSLATIONS:
            self.homes[code] = self.pages.translation(home, self.locales[code], self.home_fields(code))

    @staticmethod
    def home_fields(code):
        texts = site_content.HOME[code]
        channels = [
            {
                "type": "channel",
                "value": {"kind": kind, "heading": heading, "text": text},
                "id": block_id("home", code, n),
            }
            for n, (kind, heading, text) in enumerate(texts["channels"])
        ]
        return {
            "title": texts["title"],
            "hero_heading": texts["hero_heading"],
            "intro": texts["intro"],
            "seo_title": texts["seo_title"],
            "search_description": texts["search_description"],
            "channels": channels,
        }

    @staticmethod
    def point_default_site(home):
        """Make the default Site (localhost:80) serve the Russian home page."""
        site = (
            Site.objects.filter(is_default_site=True).first()
            or Site.objects.filter(hostname="localhost", port=80).first()
            or Site(hostname="localhost", port=80)
        )
        wanted = {
            "hostname": "localhost",
            "port": 80,
            "site_name": site_content.SITE_NAME,
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
        texts = site_content.BRIEFING_INDEX
        fields = {**texts["ru"], "show_in_menus": True}
        index = self.pages.child(self.homes["ru"], BriefingIndexPage, site_content.INDEX_SLUG, fields)
        self.indexes["ru"] = index
        for code in TRANSLATIONS:
            self.indexes[code] = self.pages.translation(index, self.locales[code], texts[code])

    def build_briefings(self):
        """The seed briefing and the others, oldest first so that related links find their targets."""
        seed_data = {"slug": seed.SLUG, "held_at": seed.HELD_AT, "related": [], **seed.SEED["ru"]}
        for data in sorted([*BRIEFINGS_2024, seed_data, *BRIEFINGS_2025], key=lambda item: item["held_at"]):
            self.briefings[data["slug"]] = self.write_briefing(self.indexes["ru"], data)

    def briefing_fields(self, data, code, key):
        cover = data.get("cover") or {
            "kicker": kicker(data["held_at"]),
            "description": cover_description(data["title"]),
        }
        image = self.images.cover(
            key, data["title"], cover["kicker"], cover["description"], footer=FOOTER[code]
        )
        return {
            "title": data["title"],
            "held_at": data["held_at"],
            "venue": data["venue"],
            "lead": data["lead"],
            "listing_summary": data.get("listing_summary", ""),
            "image": image,
            "body": build_stream(key, data["body"], self.images),
        }

    def write_briefing(self, index, data):
        fields = self.briefing_fields(data, "ru", data["slug"])
        children = {
            "participants": participant_rows(data["participants"]),
            "related_links": [{"page": self.briefings[slug]} for slug in data["related"]],
        }
        return self.pages.child(index, BriefingPage, data["slug"], fields, children, data["tags"])

    def translate_seed(self):
        """Kazakh and English versions of the seed briefing, under the translated indexes."""
        source = self.briefings[seed.SLUG]
        for code in TRANSLATIONS:
            data = {"held_at": seed.HELD_AT, **seed.SEED[code]}
            fields = self.briefing_fields(data, code, f"{seed.SLUG}-{code}")
            children = {"participants": participant_rows(data["participants"]), "related_links": []}
            self.briefings[f"{seed.SLUG}-{code}"] = self.pages.translation(
                source, self.locales[code], fields, children, data["tags"]
            )

    def update_site_settings(self):
        site_settings = SiteSettings.for_site(self.site)
        wanted = site_content.SITE_SETTINGS
        self.settings_changed = any(getattr(site_settings, name) != value for name, value in wanted.items())
        if self.settings_changed:
            for name, value in wanted.items():
                setattr(site_settings, name, value)
            site_settings.save()

    def run_extensions(self):
        """Let each project app add its own demo content through a `demo` module with `load_demo(loader)`.

        The portal may not import the other apps (they import from it), so they plug in here instead.
        """
        for config in apps.get_app_configs():
            path = Path(config.path)
            if config.name == "portal" or not path.is_relative_to(settings.BASE_DIR):
                continue
            if path.is_relative_to(sys.prefix):
                continue
            if importlib.util.find_spec(f"{config.name}.demo") is None:
                continue
            module = importlib.import_module(f"{config.name}.demo")
            if callable(getattr(module, "load_demo", None)):
                module.load_demo(self)
                self.extensions.append(config.name)

    def summary(self):
        """Lines describing what this run did."""
        pages = self.pages
        lines = [
            f"Locales: {', '.join(sorted(self.locales))}",
            f"Site: {self.site.hostname}:{self.site.port} → {self.homes['ru'].title} ({self.site.site_name})",
            f"Pages: {len(pages.created)} created, {len(pages.updated)} updated, "
            f"{len(pages.unchanged)} unchanged",
            f"Images: {self.images.created} created, {self.images.reused} reused "
            f"(collection «{self.images.collection.name}»)",
            f"Site settings: {'updated' if self.settings_changed else 'unchanged'}",
            f"Search index: {self.reindexed} page(s) reindexed",
        ]
        if self.removed:
            lines.append(f"Removed Wagtail's welcome page: {', '.join(self.removed)}")
        if self.extensions:
            lines.append(f"Demo content from apps: {', '.join(self.extensions)}")
        for page in pages.created + pages.updated:
            state = "created" if page in pages.created else "updated"
            lines.append(f"  {state}: [{page.locale.language_code}] {page.url_path} «{page.title}»")
        return lines
