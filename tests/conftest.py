"""Shared fixtures: a trilingual site tree with a briefing index and the site settings, built once per
test module; the demo site, loaded once per session; and the order the tests run in.

- `site_tree`, `map_tree`, `ethics_guide`: built once per module inside `module_transaction`, a
  transaction rolled back after the module's last test. Each test runs in a savepoint of it (pytest-django's
  `db`), so what a test changes is undone after it, and it receives freshly read objects.
- `demo`: `load_demo`'s site, loaded and committed once per session, when the first test that asks for it
  runs. Tests run in three groups so that nothing else sees it: every other test first, then the tests
  that read the demo, then the browser tests (tests/browser/, which read it through a live server).
"""

import io

import pillow_heif
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models, transaction
from PIL import ImageFile, WebPImagePlugin
from wagtail.models import Locale, Page, Site

from portal.models import SiteSettings
from tests.factories import (
    AreaFactory,
    AuthorityFactory,
    BriefingIndexPageFactory,
    BriefingPageFactory,
    CategoryFactory,
    EthicsGuidePageFactory,
    EthicsSelfCheckPageFactory,
    EthicsTopicPageFactory,
    HomePageFactory,
    ImageFactory,
    MapPageFactory,
    ProblemObjectPageFactory,
)


def build_site():
    """The Russian home as the default site's root, its kk and en translations, and a briefing index."""
    for code in ("kk", "en"):
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node()
    # Wagtail's "Welcome" page and its site make way for ours.
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root)
    site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    translations = {"ru": home}
    for code, title in (("kk", "Қоғамдық бақылау картасы"), ("en", "Public Control Map")):
        copy = home.copy_for_translation(Locale.objects.get(language_code=code))
        copy.title = title
        copy.save_revision().publish()
        translations[code] = copy
    index = BriefingIndexPageFactory(parent=home)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "hotline_number": "1424",
            "email": "akmola@example.kz",
            "postal_address": "г. Кокшетау, ул. Абая, 96",
            "telegram_url": "https://t.me/example",
            "instagram_url": "https://www.instagram.com/example/",
        },
    )
    return {"site": site, "home": home, "homes": translations, "index": index}


def refreshed(value):
    """The same objects read again from the database: a test's changes to them do not reach the next."""
    if isinstance(value, models.Model):
        return type(value)._default_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {key: refreshed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [refreshed(item) for item in value]
    return value


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Every other test, then those that read the committed demo, then the browser tests (stable order)."""

    def group(item):
        if item.get_closest_marker("browser"):
            return 2
        return 1 if "demo_content" in getattr(item, "fixturenames", ()) else 0

    items.sort(key=group)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds content generations and cached chrome: a rolled-back test must not leave them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache_off(settings):
    """Every request rendered: for tests that count what a page costs to build (a hit costs nothing)."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction around a test module, rolled back after its last test (see the module docstring)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def site_tree_once(module_transaction, django_db_blocker):
    with django_db_blocker.unblock():
        return build_site()


def shared(request, built):
    """What a module built once, read afresh for one test; refused to a transactional test, whose
    threads or live server would not see data inside the module's uncommitted transaction."""
    if "transactional_db" in request.fixturenames:
        pytest.fail("A transactional test builds its own data: call build_site() (and build_map()).")
    return refreshed(built)


@pytest.fixture
def site_tree(request, site_tree_once, db):
    return shared(request, site_tree_once)


@pytest.fixture(scope="session")
def demo_content(django_db_setup, django_db_blocker):
    """The demo site, loaded and committed once (the test groups keep it from every other test)."""
    with django_db_blocker.unblock():
        if not Page.objects.filter(depth=1).exists():
            # A transactional test before this one flushed the database, root page and locale included;
            # Django restores what the migrations created from the snapshot it took for serialized rollback.
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    cache.clear()


@pytest.fixture
def demo(demo_content, db):
    """The committed demo, for a test that reads it; what the test changes is rolled back."""


@pytest.fixture
def briefing(site_tree):
    page = BriefingPageFactory(parent=site_tree["index"], image=ImageFactory())
    page.participants.create(
        name="Райхан Братаева", position="заместитель руководителя", organisation="Департамент"
    )
    page.tags.add("этика")
    page.save_revision().publish()
    return page


def build_map(site):
    """A map page under the Russian home, reference data and an object."""

    region = AreaFactory(
        name="Акмолинская область", slug="akmola", level="region", centre_latitude=52.0, centre_longitude=69.9
    )
    city = AreaFactory(name="Кокшетау", slug="kokshetau", level="city", parent=region)
    other = AreaFactory(
        name="Степногорск",
        slug="stepnogorsk",
        level="city",
        parent=region,
        centre_latitude=52.35,
        centre_longitude=71.88,
    )
    authority = AuthorityFactory(name="ЦОН", slug="tson")
    services = CategoryFactory(name="Госуслуги", slug="services", default_authority=authority)
    corruption = CategoryFactory(name="Коррупция", slug="corruption", sensitive=True)
    map_page = MapPageFactory(parent=site["home"])
    obj = ProblemObjectPageFactory(parent=map_page, area=city, operator=authority)
    return {
        **site,
        "map": map_page,
        "object": obj,
        "region": region,
        "city": city,
        "other": other,
        "authority": authority,
        "services": services,
        "corruption": corruption,
    }


@pytest.fixture(scope="module")
def map_tree_once(site_tree_once, django_db_blocker):
    with django_db_blocker.unblock():
        return build_map(site_tree_once)


@pytest.fixture
def map_tree(request, map_tree_once, db):
    """A map page under the Russian home, reference data and an object (see `build_map`)."""
    return shared(request, map_tree_once)


def build_guide(site):
    """An ethics guide under the Russian home with two topics and a self-check."""
    guide = EthicsGuidePageFactory(parent=site["home"])
    topics = [
        EthicsTopicPageFactory(parent=guide, title="Поведение вне службы", slug="off-duty"),
        EthicsTopicPageFactory(parent=guide, title="Конфликт интересов", slug="conflict"),
    ]
    check = EthicsSelfCheckPageFactory(parent=guide)
    return {**site, "guide": guide, "topics": topics, "self_check": check}


@pytest.fixture(scope="module")
def ethics_guide_once(site_tree_once, django_db_blocker):
    with django_db_blocker.unblock():
        return build_guide(site_tree_once)


@pytest.fixture
def ethics_guide(request, ethics_guide_once, db):
    """An ethics guide under the Russian home with two topics and a self-check (see `build_guide`)."""
    return shared(request, ethics_guide_once)


@pytest.fixture
def no_decoding(monkeypatch):
    """Any attempt to decode an image's pixels fails the test (its headers may be read): what a request
    may do with an upload (mapping.reports.photos.sniff)."""

    def refuse(*args, **kwargs):
        raise AssertionError("pixels decoded")

    for decoder in (
        ImageFile.ImageFile,
        WebPImagePlugin.WebPImageFile,
        pillow_heif.as_plugin._LibHeifImageFile,
    ):
        monkeypatch.setattr(decoder, "load", refuse)
