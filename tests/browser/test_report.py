"""A citizen reports from a phone: the form, its errors, the code, the status page; axe on each."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from mapping.models import Issue, Report
from tests.approval import approve
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser


def photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (30, 120, 90)).save(buffer, format="JPEG")
    return buffer.getvalue()


def no_violations(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{describe(violations)}"


def test_a_citizen_reports_with_a_photo_and_follows_the_code(
    demo_site, open_page, staff_user, supervisor_user
):
    page = open_page(viewport=PHONE)
    page.goto(demo_site.url + "/ru/")
    page.get_by_role("link", name="Сообщить о нарушении").first.click()
    page.wait_for_url(re.compile(r"/ru/report/$"))
    no_violations(page)

    # Sent without its text (as a browser without the steps' checks would send it), the form explains
    # what is missing, keeps what was typed and opens at the step to correct (report-steps.js).
    page.fill("#id_address", "Кокшетау, ЦОН на Абая")
    page.wait_for_timeout(3100)  # people take longer than the minimum fill time
    page.evaluate("() => HTMLFormElement.prototype.submit.call(document.querySelector('.report-form'))")
    expect(page.locator("[role=alert]").first).to_be_visible()
    expect(page.locator("#id_description")).to_be_visible()
    expect(page.locator("#id_address")).to_have_value("Кокшетау, ЦОН на Абая")
    no_violations(page)
    page.fill("#id_description", "Сотрудник ЦОН попросил деньги за ускорение выдачи справки.")

    # Back at the place, it is picked on the map: a tap sets the point the form sends.
    page.locator("[data-report-step]:visible [data-step-back]").click()
    picker = page.locator(".location-picker__map")
    expect(picker).to_be_visible()
    picker.click(position={"x": 120, "y": 100})
    assert page.locator("#id_latitude").input_value()

    for _step in range(2):  # to the photos
        page.locator("[data-report-step]:visible [data-step-next]").click()
    page.set_input_files(
        "#id_photos", files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    # The chosen photo is previewed before it is sent.
    expect(page.locator(".photo-preview__list img")).to_have_count(1)
    expect(page.locator(".photo-preview__list")).to_contain_text("photo.jpg")
    page.locator("[data-report-step]:visible [data-step-next]").click()
    page.fill("#id_email", "citizen@example.kz")
    page.check("#id_consent")
    page.locator(".report-form button[type=submit]").click()
    code = page.locator(".tracking-code strong")
    expect(code).to_be_visible()
    report = Report.objects.get(email="citizen@example.kz")
    assert code.inner_text() == report.display_code
    assert report.photos.count() == 1
    assert report.latitude is not None
    no_violations(page)

    page.locator(".report a.button").click()
    expect(page.locator(".report-status")).to_contain_text(report.display_code)
    no_violations(page)
    status_url = page.url

    # A moderator makes it an issue in the admin: text rewritten for the public, the photo made public.
    admin = open_page(viewport=DESKTOP)
    sign_in(admin, demo_site, staff_user)
    admin.goto(f"{demo_site.url}/admin/snippets/mapping/report/?state=new")
    admin.get_by_role("link", name=report.display_code).click()
    expect(admin.locator("main")).to_contain_text("Сотрудник ЦОН попросил деньги")
    expect(admin.locator("[data-report-point] .leaflet-pane").first).to_be_attached()
    admin.locator(f'a[href$="/publish/{report.pk}/"]').click()
    admin.fill("#id_title", "Деньги за ускорение справки в ЦОН")
    admin.fill("#id_description", "В ЦОН попросили деньги за ускорение выдачи справки.")
    admin.select_option("#id_category", label="Качество государственных услуг")
    admin.select_option("#id_area", label="г. Кокшетау")
    admin.locator("#id_photos input[type=checkbox]").first.check()
    admin.fill("#id_photo_alt_text", "Окно приёма документов в ЦОН")
    admin.locator("#w-editor-form button[type=submit]").first.click()
    admin.wait_for_url(re.compile(r"/admin/snippets/mapping/issue/edit/\d+/"))
    issue = Issue.objects.get(title="Деньги за ускорение справки в ЦОН")
    # Submitted, not yet public: a supervisor approves it.
    assert not issue.published and issue.workflow_in_progress and issue.photos.count() == 1
    issue = approve(issue, supervisor_user)
    assert issue.published

    # The citizen sees the new status by the code, and the issue is on the map.
    page.goto(status_url)
    with translation.override("ru"):  # the page is Russian, whatever language the last test left active
        status = issue.get_status_display()
    expect(page.locator(".report-status")).to_contain_text(status)
    page.goto(demo_site.url + "/ru/map/")
    expect(page.locator("main")).to_contain_text("Деньги за ускорение справки в ЦОН")
    features = page.evaluate(
        "async (url) => (await (await fetch(url)).json()).features",
        f"/api/v1/map/issues.geojson?bbox={issue.map_longitude - 0.01},{issue.map_latitude - 0.01},"
        f"{issue.map_longitude + 0.01},{issue.map_latitude + 0.01}&zoom=17",
    )
    assert issue.pk in [feature["properties"].get("id") for feature in features]


def test_the_form_can_be_sent_by_keyboard_alone(demo_site, open_page):
    page = open_page(viewport=PHONE)
    page.goto(demo_site.url + "/ru/report/")
    # The form is in steps (report-steps.js): the place first; Enter in its field goes to the next step.
    page.locator("#id_address").focus()
    page.keyboard.type("Кокшетау, Валиханова 45")
    page.keyboard.press("Enter")

    def tab_to(selector):
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to("#id_description")
    page.keyboard.type("Яма на тротуаре у входа в поликлинику, люди падают.")
    for _step in range(2):  # past the photos, to the last step
        tab_to("[data-report-step]:not([hidden]) [data-step-next]")
        page.keyboard.press("Enter")
    page.wait_for_timeout(3100)
    tab_to(".report-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".tracking-code strong")).to_be_visible()
    assert Report.objects.filter(address="Кокшетау, Валиханова 45").exists()


def test_use_my_location_fills_the_point(demo_site, browser):
    context = browser.new_context(
        viewport=PHONE, geolocation={"latitude": 53.2871, "longitude": 69.3912}, permissions=["geolocation"]
    )
    page = context.new_page()
    page.goto(demo_site.url + "/ru/report/")
    page.locator(".location-picker .button").click()
    expect(page.locator("#id_latitude")).to_have_value("53.287100")
    expect(page.locator("#id_longitude")).to_have_value("69.391200")
    context.close()


def test_a_form_sent_back_focuses_its_error_summary_whose_links_lead_to_the_fields(demo_site, open_page):
    page = open_page(viewport=PHONE)
    page.goto(demo_site.url + "/ru/report/")
    title = page.title()
    page.fill("#id_address", "Кокшетау, ЦОН на Абая")
    # A phone number that is not one, in the last step (typed as a browser without the steps would).
    page.evaluate("() => { document.querySelector('#id_phone').value = '12345'; }")
    page.wait_for_timeout(3100)  # people take longer than the minimum fill time
    # Sent past the steps' own checks, as without JavaScript: the server's errors come back.
    page.evaluate("() => HTMLFormElement.prototype.submit.call(document.querySelector('.report-form'))")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.title() != title and page.title().endswith(title)
    expect(summary.locator("a")).to_have_count(2)
    no_violations(page)

    # Each link of the summary leads to its field, on whichever step it is.
    summary.locator('a[href="#id_phone"]').click()
    expect(page.locator("#id_phone")).to_be_focused()
    expect(page.locator("#id_phone")).to_be_visible()
    expect(page.locator("#id_phone")).to_have_value("12345")
    summary.locator('a[href="#id_description"]').click()
    expect(page.locator("#id_description")).to_be_focused()
    expect(page.locator("#id_description")).to_be_visible()
    expect(page.locator("#id_address")).to_have_value("Кокшетау, ЦОН на Абая")
