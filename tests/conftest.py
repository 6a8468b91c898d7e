"""Shared fixtures: a trilingual site tree with a briefing index, and the site settings."""

import pytest
from wagtail.models import Locale, Page, Site

from portal.models import SiteSettings
from tests.factories import BriefingIndexPageFactory, BriefingPageFactory, HomePageFactory, ImageFactory


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


@pytest.fixture
def site_tree(db):
    return build_site()


@pytest.fixture
def briefing(site_tree):
    page = BriefingPageFactory(parent=site_tree["index"], image=ImageFactory())
    page.participants.create(
        name="Райхан Братаева", position="заместитель руководителя", organisation="Департамент"
    )
    page.tags.add("этика")
    page.save_revision().publish()
    return page


@pytest.fixture
def map_tree(site_tree):
    """A map page under the Russian home, reference data, an object and a few issues."""
    from tests.factories import (
        AreaFactory,
        AuthorityFactory,
        CategoryFactory,
        MapPageFactory,
        ProblemObjectPageFactory,
    )

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
    map_page = MapPageFactory(parent=site_tree["home"])
    obj = ProblemObjectPageFactory(parent=map_page, area=city, operator=authority)
    return {
        **site_tree,
        "map": map_page,
        "object": obj,
        "region": region,
        "city": city,
        "other": other,
        "authority": authority,
        "services": services,
        "corruption": corruption,
    }


@pytest.fixture
def ethics_guide(site_tree):
    """An ethics guide under the Russian home with two topics and a self-check."""
    from tests.factories import EthicsGuidePageFactory, EthicsSelfCheckPageFactory, EthicsTopicPageFactory

    guide = EthicsGuidePageFactory(parent=site_tree["home"])
    topics = [
        EthicsTopicPageFactory(parent=guide, title="Поведение вне службы", slug="off-duty"),
        EthicsTopicPageFactory(parent=guide, title="Конфликт интересов", slug="conflict"),
    ]
    check = EthicsSelfCheckPageFactory(parent=guide)
    return {**site_tree, "guide": guide, "topics": topics, "self_check": check}
