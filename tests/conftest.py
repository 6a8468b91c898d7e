"""Shared fixtures: a trilingual site tree with a briefing index and the site settings, built once per
test module; the demo site, loaded once per session; and the order the tests run in.

- `site_tree`, `map_tree`, `ethics_guide`: built once per module inside `module_transaction`, a
  transaction rolled back after the module's last test. Each test runs in a savepoint of it (pytest-django's
  `db`), so what a test changes is undone after it, and it receives freshly read objects.
- `demo`: `load_demo`'s site, loaded and committed once per session, when the first test that asks for it
  runs. Tests run in three groups so that nothing else sees it: every other test first (those that use
  no database before the others), then the tests that read the demo, then the browser tests
  (tests/browser/, which read it through a live server).
- With pytest-xdist workers, the migrated test database and the demo are built once per run, by a process
  the controller starts as the run begins (tests/db_templates.py), and each worker copies them: the
  worker's test database starts as a copy of the migrated one, and `demo` replaces it with a copy of the
  demo database where a single process would run `load_demo`.
"""

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pillow_heif
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models, transaction
from PIL import ImageFile, WebPImagePlugin
from pytest_django.fixtures import _get_databases_for_setup
from pytest_django.plugin import is_django_unittest
from wagtail.models import Locale, Page, Site

from portal.models import SiteSettings
from tests import db_templates, page_types
from tests.approval import MODERATORS, SUPERVISORS, staff_member
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
def pytest_collection_modifyitems(config, items):
    """Every other test, then those that read the committed demo, then the browser tests (stable order).
    Among the others, those that use no database come first: a worker runs them while the test database
    it will copy is being migrated (tests/db_templates.py)."""

    def group(item):
        if item.get_closest_marker("browser"):
            return 3
        if "demo_content" in getattr(item, "fixturenames", ()):
            return 2
        return 1 if uses_database(item) else 0

    items.sort(key=group)
    folder = templates_folder(config)
    if folder:
        db_templates.publish_scopes(folder, {item.nodeid: scope(item, group(item)) for item in items})
        if any("demo_content" in getattr(item, "fixturenames", ()) for item in items):
            db_templates.want_demo(folder)


def scope(item, group):
    """What one worker runs as a unit (`Scheduling`): the tests of a module in one of the groups above,
    which then builds its module fixtures once; the tests of an xdist_group mark, which share a session
    fixture; each browser test on its own, so that the two workers finish together."""
    marks = sorted({mark.args[0] for mark in item.iter_markers("xdist_group")})
    if marks:
        return f"{'+'.join(marks)} ({group})"
    if group == 3:
        return item.nodeid
    return f"{item.nodeid.split('::')[0]} ({group})"


def uses_database(item):
    """Whether `item` may reach the test database (pytest-django sets it up for such tests only)."""
    return (
        item.get_closest_marker("django_db") is not None
        or "django_db_setup" in getattr(item, "fixturenames", ())
        or is_django_unittest(item)
    )


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


# ---- The databases built once per run (with pytest-xdist; see tests/db_templates.py) ----------------

TEMPLATES_KEY = "portal_db_templates"


def pytest_configure(config):
    """The controller of a run with workers starts the process that builds the databases they copy."""
    workers = getattr(config.option, "dist", "no") != "no" and getattr(config.option, "tx", None)
    if hasattr(config, "workerinput") or not workers or config.option.collectonly:
        return
    folder = Path(tempfile.mkdtemp(prefix="portal-test-templates-"))
    log = (folder / "builder.log").open("w")
    config._portal_templates = (
        folder,
        subprocess.Popen(
            [sys.executable, "-m", "tests.db_templates", str(folder)],
            cwd=settings.BASE_DIR,
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
        log,
    )


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """Each worker learns where the builder publishes the databases."""
    folder, _builder, _log = node.config._portal_templates
    node.workerinput[TEMPLATES_KEY] = str(folder)


def pytest_unconfigure(config):
    """The builder drops what it created (PostgreSQL databases) and the folder goes."""
    started = getattr(config, "_portal_templates", None)
    if started is None:
        return
    folder, builder, log = started
    builder.stdin.close()
    try:
        builder.wait(timeout=120)
    except subprocess.TimeoutExpired:
        builder.terminate()
        builder.wait(timeout=30)
    log.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With workers and the default distribution (`load`), tests go to whichever worker is free, one unit
    of `scope` at a time, in the order of `pytest_collection_modifyitems`: each unit holds tests of one
    group, and a worker receives the units in that order, so it never runs a test before one of an
    earlier group."""
    from xdist.scheduler import LoadScopeScheduling

    started = getattr(config, "_portal_templates", None)
    if started is None or config.getvalue("dist") != "load":
        return None
    folder = started[0]
    # Units in the order of the collection, not the largest first (xdist's default for scopes).
    config.option.loadscopereorder = False

    class Scheduling(LoadScopeScheduling):
        scopes = None

        def _split_scope(self, nodeid):
            if self.scopes is None:
                # Written by the workers as they finished collecting, before the first test is sent.
                self.scopes = db_templates.read_scopes(folder)
            return self.scopes.get(nodeid, nodeid)

    return Scheduling(config, log)


def templates_folder(config):
    """The builder's folder in a worker of a run with workers, else None (the databases are built here)."""
    return getattr(config, "workerinput", {}).get(TEMPLATES_KEY)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture of this name, but in a worker of a run with workers the test database
    starts as a copy of the one the builder migrated: Django's test database creation then keeps it
    (`keepdb`), runs `migrate`, which finds nothing left to do, and takes its snapshot for serialized
    rollback as usual; the database is destroyed at the end all the same."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations

    keepdb = django_db_keepdb and not django_db_createdb
    copied = bool(templates_folder(request.config)) and django_db_use_migrations and not keepdb
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        if copied:
            migrated = db_templates.wait_for(templates_folder(request.config), db_templates.MIGRATED)
            db_templates.create_test_database(connection, migrated)
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=keepdb or copied,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
        )
    request.config._portal_db_copied = copied
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(db_cfg, verbosity=request.config.option.verbose, keepdb=False)
            except Exception as exc:
                request.node.warn(
                    pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}")
                )


@pytest.fixture(scope="session")
def demo_content(request, django_db_setup, django_db_blocker):
    """The demo site, loaded and committed once (the test groups keep it from every other test)."""
    with django_db_blocker.unblock():
        if getattr(request.config, "_portal_db_copied", False):
            # The demo the builder loaded: the same `load_demo` on the same migrated database.
            demo = db_templates.wait_for(templates_folder(request.config), db_templates.DEMO)
            db_templates.replace_database(connection, demo)
            ContentType.objects.clear_cache()
            cache.clear()
            return
        if not Page.objects.filter(depth=1).exists():
            # A transactional test before this one flushed the database, root page and locale included;
            # Django restores what the migrations created from the snapshot it took for serialized rollback.
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    cache.clear()


@pytest.fixture(scope="session")
def pages_of_every_type(demo_content, django_db_blocker):
    """{name: (path, status, html)}: one page of every public type in every language, as an anonymous
    reader gets it from the demo (tests/page_types.py), rendered once for the markup tests
    (tests/test_meta.py, tests/test_html_valid.py; their tests share an xdist_group, so one worker)."""
    from django.test import Client

    urls = {}
    with django_db_blocker.unblock():
        for language in page_types.LANGUAGES:
            urls.update(page_types.urls_of_every_type(language))
        return page_types.render(Client(), urls)


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


@pytest.fixture
def moderator(django_user_model):
    """A member of the issue moderators: edits issues and submits them, approves nothing."""
    return staff_member(django_user_model, "moderator", MODERATORS)


@pytest.fixture
def supervisor(django_user_model):
    """A member of the issue supervisors: the second person who approves what others submit."""
    return staff_member(django_user_model, "supervisor", SUPERVISORS)
