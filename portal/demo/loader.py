"""Builds the demo site: the locales, then each app's part (home pages and briefings, the ethics guide,
the map), the pictures and the site settings.

Each app with a `demo` package that has `load_demo(loader)` adds its part, in the order of
INSTALLED_APPS (home first: the other apps' pages go under its home pages). The portal's own texts are in
`portal/demo/data/`: `site.yaml` (the site settings) and `images.yaml` (the pictures' titles and the
words drawn on them).

Everything is found again by a stable key (slug, translation, image title, the one Site) and brought
up to date in place, so the loader can run any number of times and always leaves the same site.
"""

import importlib
import importlib.util
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

from portal.demo.datafiles import load_yaml
from portal.demo.images import ImageLibrary
from portal.demo.pages import PageWriter, ensure_locales
from portal.models import SiteSettings

DATA = Path(__file__).parent
LANGUAGES = ("ru", "kk", "en")


class DemoLoader:
    """Runs the steps of the demo in order and remembers what it did for the summary.

    Apps that add their own demo content receive the loader: `locales`, `homes` and `indexes` (by
    language code, filled by the home app), `briefings` (by slug), `site` (the default Site), `pages` (the
    PageWriter), `images` and `stdout`.
    """

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.texts = load_yaml(DATA, "site")
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
        self.locales.update(ensure_locales(LANGUAGES))
        self.run_extensions()
        self.update_site_settings()
        self.reindexed = self.pages.reindex()
        return self

    def update_site_settings(self):
        site_settings = SiteSettings.for_site(self.site)
        wanted = self.texts["site_settings"]
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
