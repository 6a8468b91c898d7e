"""The report form in steps (mapping/static/mapping/js/report-steps.js), in a real browser: the steps by
keyboard alone, Next refusing an empty required field, Back keeping everything, a photo's own GPS position
read in the browser (lib/exif-gps.js, tested here on JPEGs made with Pillow, both byte orders and broken
files) offered and used as the place, the server's errors opening their step, and the whole form at once
without JavaScript."""

import base64
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from mapping.models import Issue, Report, TriageState
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
FILL_TIME_MS = 3100  # people take longer than the form's minimum fill time
GPS_IFD = 0x8825
# Kokshetau, inside the area the portal serves: 53°17′0″ N, 69°23′30.5″ E.
KOKSHETAU = {1: "N", 2: (53.0, 17.0, 0.0), 3: "E", 4: (69.0, 23.0, 30.5)}
KOKSHETAU_DEGREES = (53.283333, 69.391806)


def jpeg(gps=None, endian="<", exif=False, size=(640, 480)):
    """A JPEG, with EXIF when `exif` or `gps` (then a GPS IFD) is given, in the byte order `endian`
    ("<" little-endian II, ">" big-endian MM)."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (40, 110, 150))
    if gps is None and not exif:
        image.save(buffer, format="JPEG")
        return buffer.getvalue()
    tags = Image.Exif()
    tags.endian = endian
    tags[0x010F] = "Portal test camera"
    if gps is not None:
        tags[GPS_IFD] = gps
    image.save(buffer, format="JPEG", exif=tags)
    data = buffer.getvalue()
    # Pillow wrote a real EXIF segment in that byte order, and the GPS IFD reads back as it was given.
    assert data[data.index(b"Exif\x00\x00") + 6 : data.index(b"Exif\x00\x00") + 8] == (
        b"II" if endian == "<" else b"MM"
    )
    if gps is not None:
        assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD) == gps
    return data


def broken_gps_pointer(data):
    """The JPEG with IFD0's pointer to the GPS IFD aimed far past the end of the EXIF segment."""
    tiff = data.index(b"Exif\x00\x00") + 6
    entry = data.index(b"\x25\x88\x04\x00", tiff)  # tag 0x8825, type LONG, little-endian
    return data[: entry + 8] + b"\xf0\xff\xff\x7f" + data[entry + 12 :]


def zero_denominator(data):
    """The JPEG with the first rational of GPSLatitude divided by zero."""
    tiff = data.index(b"Exif\x00\x00") + 6
    entry = data.index(b"\x02\x00\x05\x00\x03\x00\x00\x00", tiff)  # tag 2, RATIONAL, count 3
    offset = tiff + int.from_bytes(data[entry + 8 : entry + 12], "little")
    return data[: offset + 4] + b"\x00\x00\x00\x00" + data[offset + 8 :]


def photo(name, data):
    return {"name": name, "mimeType": "image/jpeg", "buffer": data}


def no_violations(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{describe(violations)}"


def active(page, attribute):
    return page.evaluate(f"() => document.activeElement.getAttribute('{attribute}')")


def tab_to(page, selector, limit=60):
    """Press Tab until the focus is on the visible element `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def visible_steps(page):
    return page.locator("[data-report-step]:visible")


def expect_step(page, number):
    """Step `number` (from 1) alone is shown, and the indicator marks it as the current one."""
    expect(visible_steps(page)).to_have_count(1)
    expect(page.locator("[data-report-step]").nth(number - 1)).to_be_visible()
    current = page.locator(".report-steps li[aria-current=step]")
    expect(current).to_have_count(1)
    expect(page.locator(".report-steps li").nth(number - 1)).to_have_attribute("aria-current", "step")
    expect(page.locator("[data-report-step]").nth(number - 1).locator("h2")).to_have_text(
        re.compile(rf"{number}\D+4")
    )


def test_the_exif_reader_finds_gps_in_both_byte_orders_and_nothing_in_broken_files(demo_site, page):
    page.goto(demo_site.url + "/ru/report/")
    southwest = {1: "S", 2: (33.0, 51.0, 36.0), 3: "W", 4: (151.0, 12.0, 0.0)}
    little = jpeg(KOKSHETAU, "<")
    samples = {
        "little-endian": little,
        "big-endian": jpeg(southwest, ">"),
        "no exif": jpeg(),
        "exif without gps": jpeg(exif=True),
        "gps without a position": jpeg({0: b"\x02\x02\x00\x00"}),
        "latitude without its reference": jpeg({2: KOKSHETAU[2], 3: "E", 4: KOKSHETAU[4]}),
        "cut in the exif": little[:60],
        "gps pointer past the end": broken_gps_pointer(little),
        "zero denominator": zero_denominator(little),
        "png": b"\x89PNG\r\n\x1a\n" + little[2:200],
        "garbage": bytes(range(256)) * 4,
        "empty": b"",
    }
    encoded = {name: base64.b64encode(data).decode() for name, data in samples.items()}
    results = page.evaluate(
        """async (samples) => {
            const script = document.querySelector('script[src*="photo-place"]').src;
            const { gpsFromJpeg } = await import(new URL("lib/exif-gps.js", script).href);
            const out = {};
            for (const [name, text] of Object.entries(samples)) {
                const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
                out[name] = gpsFromJpeg(bytes.buffer);
            }
            return out;
        }""",
        encoded,
    )
    assert results["little-endian"] == pytest.approx(
        {"latitude": KOKSHETAU_DEGREES[0], "longitude": KOKSHETAU_DEGREES[1]}, abs=1e-6
    )
    assert results["big-endian"] == pytest.approx({"latitude": -33.86, "longitude": -151.2}, abs=1e-6)
    for name in samples:
        if name not in ("little-endian", "big-endian"):
            assert results[name] is None, name


def test_the_steps_by_keyboard_alone(demo_site, open_page):
    page = open_page(viewport=PHONE)
    page.goto(demo_site.url + "/ru/report/")
    expect(page.locator(".report-steps li")).to_have_count(4)
    expect_step(page, 1)
    no_violations(page)

    tab_to(page, "#id_address")
    page.keyboard.type("Кокшетау, улица Абая, 89")
    page.keyboard.press("Enter")  # Enter in a field goes to the next step, and its heading is announced
    expect_step(page, 2)
    assert active(page, "id") == "report-step-what"
    expect(page.locator(".report-steps li").first.locator(".report-steps__state")).not_to_be_empty()

    # Next refuses the empty text: the message is next to the field, which has the focus.
    tab_to(page, "[data-report-step]:not([hidden]) [data-step-next]")
    page.keyboard.press("Enter")
    expect_step(page, 2)
    description = page.locator("#id_description")
    expect(description).to_be_focused()
    expect(description).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_description_step_error")
    expect(error).to_be_visible()
    assert "id_description_step_error" in description.get_attribute("aria-describedby")
    no_violations(page)

    page.keyboard.type("У входа в поликлинику яма на тротуаре, люди падают.")
    expect(error).to_have_count(0)
    expect(description).not_to_have_attribute("aria-invalid", "true")
    tab_to(page, "[data-report-step]:not([hidden]) [data-step-next]")
    page.keyboard.press("Space")
    expect_step(page, 3)
    assert active(page, "id") == "report-step-photos"

    # Back loses nothing.
    tab_to(page, "[data-report-step]:not([hidden]) [data-step-back]")
    page.keyboard.press("Enter")
    expect_step(page, 2)
    expect(description).to_have_value("У входа в поликлинику яма на тротуаре, люди падают.")
    tab_to(page, "[data-report-step]:not([hidden]) [data-step-back]")
    page.keyboard.press("Space")
    expect_step(page, 1)
    expect(page.locator("#id_address")).to_have_value("Кокшетау, улица Абая, 89")

    for step in (2, 3, 4):
        tab_to(page, "[data-report-step]:not([hidden]) [data-step-next]")
        page.keyboard.press("Enter")
        expect_step(page, step)
    # The last step sums the report up before it is sent.
    summary = page.locator("[data-report-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Кокшетау, улица Абая, 89")
    expect(summary).to_contain_text("яма на тротуаре")
    expect(page.locator(".report-steps__item--done")).to_have_count(3)
    no_violations(page)

    page.wait_for_timeout(FILL_TIME_MS)
    tab_to(page, ".report-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".tracking-code strong")).to_be_visible()
    report = Report.objects.get(address="Кокшетау, улица Абая, 89")
    assert report.description == "У входа в поликлинику яма на тротуаре, люди падают."


def no_horizontal_scroll(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{width} px wide at {NARROW['width']} px"


def test_a_photo_s_own_place_is_offered_and_used_at_320_pixels(demo_site, open_page):
    page = open_page(viewport=NARROW)
    page.goto(demo_site.url + "/ru/report/")
    no_horizontal_scroll(page)
    # No place yet: the photo will give it.
    page.locator("[data-report-step]:visible [data-step-next]").click()
    expect_step(page, 2)
    page.fill("#id_description", "Возле школы разбит фонарь, вечером темно и опасно.")
    page.locator("[data-report-step]:visible [data-step-next]").click()
    expect_step(page, 3)
    no_horizontal_scroll(page)

    offer = page.locator("[data-photo-place-use]")
    status = page.locator("[data-photo-place-status]")
    # A photo without a position offers nothing.
    page.set_input_files("#id_photos", files=[photo("plain.jpg", jpeg())])
    expect(page.locator(".photo-preview__list img")).to_have_count(1)
    expect(offer).to_be_hidden()
    page.set_input_files("#id_photos", files=[photo("plain.jpg", jpeg()), photo("gps.jpg", jpeg(KOKSHETAU))])
    expect(offer).to_be_visible()
    expect(status).to_contain_text("gps.jpg")
    expect(status).to_contain_text("53.28333")
    no_horizontal_scroll(page)
    offer.click()
    expect(page.locator("#id_latitude")).to_have_value(f"{KOKSHETAU_DEGREES[0]:.6f}")
    expect(page.locator("#id_longitude")).to_have_value(f"{KOKSHETAU_DEGREES[1]:.6f}")
    expect(status).not_to_contain_text("gps.jpg")  # it now says the place is set
    expect(page.locator(".report-steps li").first.locator(".report-steps__state")).not_to_be_empty()
    no_violations(page)

    # The pin is on step 1's map.
    page.locator("[data-report-step]:visible [data-step-back]").click()
    page.locator("[data-report-step]:visible [data-step-back]").click()
    expect_step(page, 1)
    expect(page.locator(".location-picker .leaflet-marker-icon")).to_have_count(1)
    for step in (2, 3, 4):
        page.locator("[data-report-step]:visible [data-step-next]").click()
        expect_step(page, step)
    expect(page.locator("[data-report-summary]")).to_contain_text("53.28333")
    expect(page.locator("[data-report-summary]")).to_contain_text("gps.jpg")
    no_horizontal_scroll(page)

    page.wait_for_timeout(FILL_TIME_MS)
    page.locator(".report-form button[type=submit]").click()
    expect(page.locator(".tracking-code strong")).to_be_visible()
    report = Report.objects.get(description="Возле школы разбит фонарь, вечером темно и опасно.")
    assert (report.latitude, report.longitude) == pytest.approx(KOKSHETAU_DEGREES, abs=1e-6)
    assert report.address == ""
    assert report.photos.count() == 2

    # Staff accept the report into a published issue at an object; the citizen's status page, reached
    # from the receipt, then leads to the public issue and its object.
    issue = Issue.objects.published().filter(problem_object__isnull=False).order_by("pk").first()
    Report.objects.filter(pk=report.pk).update(issue=issue, state=TriageState.ACCEPTED)
    page.get_by_role("link", name="Посмотреть статус обращения").click()
    expect(page.locator("h1")).to_be_visible()
    issue_link = page.locator(f'a[href$="/map/issues/{issue.pk}/"]')
    expect(issue_link).to_be_visible()
    expect(page.locator(f'a[href="{issue.problem_object.url}"]')).to_be_visible()
    no_horizontal_scroll(page)
    issue_link.click()
    expect(page).to_have_url(re.compile(rf"/ru/map/issues/{issue.pk}/$"))
    expect(page.locator("h1")).to_have_text(issue.title)


def test_sending_without_a_place_opens_the_place_step(demo_site, open_page):
    page = open_page(viewport=PHONE)
    page.goto(demo_site.url + "/ru/report/")
    page.locator("[data-report-step]:visible [data-step-next]").click()  # the place may come later
    page.fill("#id_description", "Во дворе дома третью неделю не вывозят мусор.")
    for step in (3, 4):
        page.locator("[data-report-step]:visible [data-step-next]").click()
        expect_step(page, step)
    expect(page.locator("[data-summary=place]")).not_to_be_empty()  # "not given yet"
    page.locator(".report-form button[type=submit]").click()
    expect_step(page, 1)
    address = page.locator("#id_address")
    expect(address).to_be_focused()
    expect(page.locator("#id_address_step_error")).to_be_visible()
    assert page.url.endswith("/ru/report/") and not page.locator(".tracking-code").count()
    address.fill("Кокшетау, двор дома на Момышулы 5")
    expect(page.locator("#id_address_step_error")).to_have_count(0)


def test_the_server_s_errors_open_their_step(demo_site, open_page):
    page = open_page(viewport=PHONE)
    page.goto(demo_site.url + "/ru/report/")
    page.fill("#id_address", "Кокшетау, Ауэзова 120")
    # Sent as a browser without the steps' checks would send it: no text, an e-mail without consent.
    page.evaluate("() => { document.querySelector('#id_email').value = 'someone@example.kz'; }")
    page.wait_for_timeout(FILL_TIME_MS)
    page.evaluate("() => HTMLFormElement.prototype.submit.call(document.querySelector('.report-form'))")
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect_step(page, 2)  # the first step with an error
    expect(page.locator("#id_description")).to_be_visible()
    expect(page.locator(".report-steps__item--done")).to_have_count(2)  # place and photos had none
    no_violations(page)
    # The summary's link to the consent opens the last step.
    page.locator('[data-error-summary] a[href="#id_consent"]').click()
    expect_step(page, 4)
    expect(page.locator("#id_consent")).to_be_focused()
    expect(page.locator("#id_email")).to_have_value("someone@example.kz")


def test_without_javascript_the_whole_form_shows_and_is_sent(demo_site, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_site.url + "/ru/report/")
        steps = page.locator("[data-report-step]")
        expect(steps).to_have_count(4)
        for index in range(4):
            expect(steps.nth(index)).to_be_visible()
        expect(page.locator(".report-steps")).to_be_hidden()
        expect(page.locator("[data-step-next], [data-step-back]").first).to_be_hidden()
        expect(page.locator("[data-report-step] button:visible")).to_have_count(1)  # the one submit
        page.fill("#id_address", "Кокшетау, Горького 10")
        page.fill("#id_description", "Без скрипта: в подъезде третий месяц не горит свет.")
        page.set_input_files("#id_photos", files=[photo("gps.jpg", jpeg(KOKSHETAU))])
        page.wait_for_timeout(FILL_TIME_MS)
        page.locator(".report-form button[type=submit]").click()
        expect(page.locator(".tracking-code strong")).to_be_visible()
        report = Report.objects.get(address="Кокшетау, Горького 10")
        assert report.description.startswith("Без скрипта")
        assert report.latitude is None  # the photo's position is only ever offered, never taken
    finally:
        context.close()
