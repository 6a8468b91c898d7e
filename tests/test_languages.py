"""Three languages: issues' texts in kk and en (or in Russian, marked `lang="ru"`) on pages, in the API,
feeds and open data; the switcher to the same place in another language; hreflang and canonical links;
Kazakh dates; admin lists of translatable things, one row per thing; translation with wagtail-localize."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import formats, translation
from wagtail.models import Locale

from mapping.models import MonitoringGroup
from mapping.models.texts import language_of, localized
from portal.locale_choices import OneLanguageModelForm
from tests.factories import IssueFactory, IssueUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated_map(map_tree):
    """The map page and the object in Kazakh, an issue translated into Kazakh and one not translated."""
    kk = Locale.objects.get(language_code="kk")
    map_kk = map_tree["map"].copy_for_translation(kk)
    map_kk.title = "Қоғамдық бақылау картасы"
    map_kk.save_revision().publish()
    object_kk = map_tree["object"].copy_for_translation(kk)
    object_kk.title = "№ 1 ХҚКО"
    object_kk.save_revision().publish()
    common = {
        "category": map_tree["services"],
        "area": map_tree["city"],
        "problem_object": map_tree["object"],
    }
    translated = IssueFactory(
        title="Очередь в ЦОН",
        title_kk="ХҚКО-дағы кезек",
        description="Люди стоят два часа.",
        description_kk="Адамдар екі сағат тұрады.",
        **common,
    )
    IssueUpdateFactory(issue=translated, status="forwarded", note="Направлено.", note_kk="Жіберілді.")
    untranslated = IssueFactory(title="Сломан пандус", description="Пандус у входа сломан.", **common)
    return {**map_tree, "map_kk": map_kk, "translated": translated, "untranslated": untranslated}


def test_localized_texts_know_their_language(translated_map):
    issue = translated_map["translated"]
    with translation.override("kk"):
        assert (localized(issue, "title"), localized(issue, "title").lang) == ("ХҚКО-дағы кезек", "kk")
        assert localized(issue, "resolution").lang == "ru"  # no Kazakh resolution: the Russian one
        assert language_of(issue, ["title", "description"]) == "kk"
    with translation.override("en"):
        assert (localized(issue, "title"), localized(issue, "title").lang) == ("Очередь в ЦОН", "ru")


def test_issue_pages_mark_russian_texts_on_kazakh_pages(client, translated_map):
    prefix = translated_map["map_kk"].url
    translated = client.get(f"{prefix}issues/{translated_map['translated'].pk}/").content.decode()
    assert "<h1>ХҚКО-дағы кезек</h1>" in translated
    assert '<p lang="ru">' not in translated.split("<h1>")[1].split("</p>")[0]
    assert "Жіберілді." in translated
    untranslated = client.get(f"{prefix}issues/{translated_map['untranslated'].pk}/").content.decode()
    assert '<h1 lang="ru">Сломан пандус</h1>' in untranslated
    assert '<p lang="ru">Пандус у входа сломан.</p>' in untranslated
    # The object link leads to the Kazakh object page, in Kazakh.
    assert "№ 1 ХҚКО" in untranslated
    listing = client.get(prefix).content.decode()
    assert re.search(r'<a href="[^"]+/issues/\d+/" lang="ru">Сломан пандус</a>', listing)
    assert re.search(r'<a href="[^"]+/issues/\d+/">ХҚКО-дағы кезек</a>', listing)


def test_a_translated_object_page_shows_the_issues_of_its_object(client, translated_map):
    """Issues name the object's Russian page; its Kazakh page lists them, counts them and maps them."""
    object_kk = translated_map["object"].get_translation(Locale.objects.get(language_code="kk"))
    page = client.get(object_kk.url).content.decode()
    assert "ХҚКО-дағы кезек" in page and "Сломан пандус" in page
    assert f"object={translated_map['object'].pk}" in page  # the map's API query names the Russian page


def test_the_api_gives_each_title_in_its_language(client, translated_map):
    features = client.get(
        "/api/v1/map/issues.geojson", {"bbox": "60,45,80,56", "zoom": 12, "lang": "kk"}
    ).json()["features"]
    by_id = {feature["properties"]["id"]: feature["properties"] for feature in features}
    assert by_id[translated_map["translated"].pk]["title"] == "ХҚКО-дағы кезек"
    assert by_id[translated_map["translated"].pk]["lang"] == "kk"
    assert by_id[translated_map["untranslated"].pk]["lang"] == "ru"


def test_feed_items_say_when_they_are_russian(client, translated_map):
    IssueUpdateFactory(issue=translated_map["untranslated"], status="forwarded", note="Направлено.")
    feed = client.get(f"{translated_map['map_kk'].url}feed/").content.decode()
    assert "<language>kk</language>" in feed
    items = feed.split("<item>")[1:]
    russian = [item for item in items if "<dc:language>ru</dc:language>" in item]
    assert russian and all("Сломан пандус" in item for item in russian)
    assert any("ХҚКО-дағы кезек" in item and "dc:language" not in item for item in items)


def test_open_data_names_the_language_of_each_record(client, translated_map):
    body = b"".join(client.get("/api/v1/open-data/issues.csv", {"lang": "kk"}).streaming_content)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")}
    assert rows[str(translated_map["translated"].pk)]["title"] == "ХҚКО-дағы кезек"
    assert rows[str(translated_map["translated"].pk)]["language"] == "kk"
    assert rows[str(translated_map["untranslated"].pk)]["language"] == "ru"
    assert rows[str(translated_map["untranslated"].pk)]["title"] == "Сломан пандус"


def test_the_switcher_keeps_the_place_below_the_page_and_the_query(client, translated_map):
    issue = translated_map["translated"]
    page = client.get(f"{translated_map['map'].url}issues/{issue.pk}/?page=2").content.decode()
    assert f'href="{translated_map["map_kk"].url}issues/{issue.pk}/?page=2" hreflang="kk"' in page
    # No English map page: its nearest English ancestor, the home page, with the notice.
    assert 'href="/en/?notice=untranslated" hreflang="en"' in page


def test_pages_have_canonical_and_hreflang_links(client, translated_map):
    page = client.get(translated_map["map"].url).content.decode()
    assert '<link rel="canonical" href="http://testserver/ru/map/">' in page
    assert (
        f'<link rel="alternate" hreflang="kk" href="http://testserver{translated_map["map_kk"].url}">' in page
    )
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/ru/map/">' in page
    # Only translations that exist are alternates.
    assert 'hreflang="en" href="http://testserver/en/' not in page.split("</head>")[0]


def test_kazakh_dates_are_written_as_official_texts_write_them():
    with translation.override("kk"):
        assert formats.date_format(datetime.date(2025, 3, 6), "DATE_FORMAT") == "2025 жылғы 6 наурыз"
    with translation.override("ru"):
        assert formats.date_format(datetime.date(2025, 3, 6), "DATE_FORMAT") == "6 марта 2025"


def test_admin_lists_show_each_translatable_thing_once(translated_map):
    """A form over a translatable model lists the default language's rows, and keeps a linked one."""
    region = translated_map["region"]
    for code in ("kk", "en"):
        region.copy_for_translation(Locale.objects.get(language_code=code)).save()

    class GroupForm(OneLanguageModelForm):
        class Meta:
            model = MonitoringGroup
            fields = ["name", "region"]

    choices = [label for _value, label in GroupForm().fields["region"].choices if _value]
    assert choices.count(str(region)) == 1
    kk_region = region.get_translation(Locale.objects.get(language_code="kk"))
    group = MonitoringGroup.objects.create(name="Группа", region=kk_region)
    form = GroupForm(instance=group)
    assert kk_region.pk in [value for value, _label in form.fields["region"].choices if value]


def test_our_catalogue_does_not_rename_wagtails_menus(rf, admin_user):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = admin_user
    with translation.override("ru"):
        labels = {str(item.label) for item in admin_menu.menu_items_for_request(request)}
        submenus = [item for item in admin_menu.menu_items_for_request(request) if hasattr(item, "menu")]
        labels |= {str(sub.label) for item in submenus for sub in item.menu.menu_items_for_request(request)}
    assert "Обращения" in labels  # the citizens' reports
    assert {"Отчеты", "Отчёты"} & labels  # Wagtail's own reports keep their name


def test_editors_translate_pages_segment_by_segment_in_the_admin(admin_client, site_tree):
    """wagtail-localize: a page submitted for translation gets a translation whose editor lists the
    source's strings, counts the translated ones and follows changes of the source."""
    from wagtail_localize.models import StringTranslation, Translation

    index, english = site_tree["index"], site_tree["homes"]["en"].locale
    assert admin_client.get(f"/admin/localize/submit/page/{index.pk}/").status_code == 200
    response = admin_client.post(f"/admin/localize/submit/page/{index.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302
    translated = index.get_translation(english)
    translation = Translation.objects.get(source__object_id=index.translation_key, target_locale=english)
    total, done = translation.get_progress()
    assert total > 0 and done == 0
    # The translated page opens in the translation editor, string by string.
    editor = admin_client.get(f"/admin/pages/{translated.pk}/edit/").content.decode()
    assert "wagtail-localize" in editor.lower() and index.title in editor
    # A translated string counts; the page's title in English once every string is translated.
    po = translation.export_po()
    for entry in po:
        entry.msgstr = f"EN {entry.msgid}"
    translation.import_po(po)
    assert translation.get_progress() == (total, total)
    translation.save_target(publish=True)
    translated.refresh_from_db()
    assert translated.title == f"EN {index.title}"
    assert StringTranslation.objects.filter(locale=english).count() >= total


def test_translations_made_as_copies_are_registered_with_wagtail_localize(site_tree):
    """The migration from copies (simple translation, the demo) to synced translations: every string of
    the copy becomes the translation of the source's string at the same place."""
    from wagtail_localize.models import Translation

    index, kazakh = site_tree["index"], site_tree["homes"]["kk"].locale
    copy = index.copy_for_translation(kazakh)
    copy.title = "Брифингтер"
    copy.save_revision().publish()
    out = io.StringIO()
    call_command("register_translations", stdout=out)
    translation = Translation.objects.get(source__object_id=index.translation_key, target_locale=kazakh)
    total, done = translation.get_progress()
    assert total > 0 and done == total
    assert dict((e.msgctxt, e.msgstr) for e in translation.export_po())["title"] == "Брифингтер"
    assert "with strings still to translate" in out.getvalue()
    call_command("register_translations", stdout=io.StringIO())  # again: nothing doubles
    assert Translation.objects.filter(source__object_id=index.translation_key).count() == 1


def test_a_missing_page_names_no_alternates(client, translated_map):
    page = client.get("/ru/no-such-page/")
    assert page.status_code == 404
    head = page.content.decode().split("</head>")[0]
    assert "hreflang" not in head and 'rel="canonical"' not in head
