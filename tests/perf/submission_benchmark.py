"""Figures for the notes, not assertions: the time a citizen waits for a report with a 12 MP photo.

Run apart from the suite: `.venv/bin/python tests/perf/submission_benchmark.py [runs]`.

It builds a throwaway test database (SQLite by default, PostgreSQL with DATABASE_URL), loads the demo,
and posts the whole form through Django's handler: validation, the photo's check and re-encoding, the
transaction, the e-mail tasks (the immediate backend and the in-memory mail backend of the test
settings). The time is the wall time of each POST; the photo is built once, photo-like (gradients and
grain, about 4 MB as a JPEG at quality 92).
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def photo_12mp():
    from PIL import Image, ImageFilter

    size = (4000, 3000)
    red = Image.linear_gradient("L").resize(size)
    green = Image.linear_gradient("L").rotate(90).resize(size)
    grain = Image.effect_noise(size, 40).filter(ImageFilter.GaussianBlur(1))
    image = Image.merge("RGB", (red, green, grain))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def main(runs=20):
    import django

    django.setup()
    from django.conf import settings
    from django.core import signing
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from mapping.reports.forms import STARTED_SALT

    settings.REPORT_RATE_LIMIT = "100000/m"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        photo = photo_12mp()
        client = Client()
        timings = []
        for number in range(runs + 1):
            data = {
                "description": "Сотрудник ЦОН попросил деньги за ускорение выдачи справки. Замер времени.",
                "category": "public-services",
                "address": "г. Кокшетау, ул. Абая, 89",
                "anonymity": "confidential",
                "email": "bench@example.kz",
                "consent": "on",
                "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
                "token": f"{number:032x}",
                "photos": [SimpleUploadedFile("IMG_4000.jpg", photo, content_type="image/jpeg")],
            }
            start = time.perf_counter()
            response = client.post("/ru/report/", data)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, response.status_code
            if number:  # the first request warms caches and imports
                timings.append(elapsed)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(
            f"database: {connection.vendor}; photo: 4000×3000 JPEG, {len(photo) / 1e6:.1f} MB; runs: {runs}"
        )
        print(
            f"submission p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, max {timings[-1]:.0f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
