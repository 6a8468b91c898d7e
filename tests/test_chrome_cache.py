"""The cached site chrome follows the content: publishing, unpublishing, deleting, editing settings."""

import pytest

from portal.models import SiteSettings
from tests.factories import BriefingIndexPageFactory

pytestmark = pytest.mark.django_db


def nav(client):
    """The main menu of the Russian home page ("" when it has no item)."""
    html = client.get("/ru/").content.decode()
    if 'class="main-nav"' not in html:
        return ""
    start = html.index('class="main-nav"')
    return html[start : html.index("</nav>", start)]


def test_the_menu_follows_publication_and_deletion(client, site_tree):
    index = site_tree["index"]
    assert index.title in nav(client)
    index.unpublish()
    assert index.title not in nav(client)
    index.save_revision().publish()
    assert index.title in nav(client)
    index.delete()
    assert index.title not in nav(client)


def test_a_renamed_page_is_renamed_in_the_menu(client, site_tree):
    index = site_tree["index"]
    nav(client)
    index.title = "Пресс-центр"
    index.save_revision().publish()
    assert "Пресс-центр" in nav(client)


def test_settings_changes_show_at_once(client, site_tree):
    assert 'href="tel:1424"' in client.get("/ru/").content.decode()
    settings = SiteSettings.objects.get()
    settings.hotline_number = "1414"
    settings.save()
    assert 'href="tel:1414"' in client.get("/ru/").content.decode()


def test_a_newly_published_page_joins_the_menu(client, site_tree):
    extra = BriefingIndexPageFactory.build(title="Архив", slug="archive", show_in_menus=True)
    site_tree["home"].add_child(instance=extra)
    extra.save_revision().publish()
    assert "Архив" in nav(client)
