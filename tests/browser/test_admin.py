"""An editor works in the Wagtail admin under its strict script policy: widgets start, edits publish."""

import pytest

from home.models import BriefingPage
from tests.browser.conftest import SEED_TITLE, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(demo_site, page, staff_user):
    sign_in(page, demo_site, staff_user)
    return page


def test_editor_adds_a_participant_and_publishes(editor_page, demo_site):
    briefing = BriefingPage.objects.get(title=SEED_TITLE, locale__language_code="ru")
    before = briefing.participants.count()
    editor_page.goto(f"{demo_site.url}/admin/pages/{briefing.pk}/edit/")

    # The date widget and the inline panel are started by admin-init.js, not by inline scripts.
    editor_page.click("#id_held_at")
    editor_page.locator(".xdsoft_datetimepicker:visible").wait_for(state="visible")
    editor_page.keyboard.press("Escape")

    editor_page.click("#id_participants-ADD")
    name = editor_page.locator(f"#id_participants-{before}-name")
    name.fill("Айгерим Касымова")
    editor_page.fill(f"#id_participants-{before}-position", "член специальной мониторинговой группы")

    editor_page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    editor_page.click("button[name='action-publish']")
    editor_page.wait_for_url(f"{demo_site.url}/admin/pages/*/")

    briefing.refresh_from_db()
    assert briefing.participants.count() == before + 1
    assert briefing.participants.filter(name="Айгерим Касымова").exists()
    assert not briefing.has_unpublished_changes

    editor_page.goto(demo_site.url + briefing.url)
    assert editor_page.get_by_text("Айгерим Касымова").is_visible()


def test_image_chooser_opens_without_inline_scripts(editor_page, demo_site):
    index = BriefingPage.objects.get(title=SEED_TITLE, locale__language_code="ru").get_parent()
    editor_page.goto(f"{demo_site.url}/admin/pages/add/home/briefingpage/{index.pk}/")
    editor_page.locator("#id_image-chooser [data-chooser-action-choose]:visible").first.click()
    dialog = editor_page.locator(".modal-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("img").count() > 0
