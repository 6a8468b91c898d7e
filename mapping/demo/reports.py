"""Demo reports for the triage queue (`data/reports.yaml`): a dozen, in every triage state, some linked
to the demo issues.

Each is found again by its idempotency token, so `load_demo` run twice leaves the same reports (and codes).
"""

import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from mapping.demo.issues import issue_titles
from mapping.models import Anonymity, Issue, Report, ReportPhoto, TriageState
from portal.demo.datafiles import load_yaml

DATA = Path(__file__).parent


def demo_photo(seed):
    """A simple drawn scene (no metadata at all), standing in for a citizen's photo."""
    image = Image.new("RGB", (960, 720), (196, 214, 228))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 480, 960, 720), fill=(120, 128, 120))
    draw.rectangle(
        (180 + seed * 40, 220, 620 + seed * 40, 480), fill=(222, 206, 176), outline=(90, 80, 70), width=6
    )
    for column in range(4):
        x = 220 + seed * 40 + column * 100
        draw.rectangle((x, 280, x + 60, 360), fill=(90, 130, 170))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue(), image.size


def load_reports(areas, categories):
    """Create or update the demo reports; returns how many there are."""
    now = timezone.now()
    titles = issue_titles()
    rows = load_yaml(DATA, "reports")["reports"]
    for number, row in enumerate(rows, start=1):
        token, state, age = row["token"], row["state"], row["received_days_ago"]
        category, area, point = row.get("category"), row.get("area"), row.get("point")
        report = Report.objects.filter(idempotency_token=token).first() or Report(idempotency_token=token)
        report.channel = row["channel"]
        report.language = "ru"
        report.description = row["description"]
        report.category = categories.get(category) if category else None
        report.area = areas.get(area) if area else None
        report.address = row.get("address", "")
        report.latitude, report.longitude = point if point else (None, None)
        contacts = row.get("contacts")
        if contacts:
            report.anonymity = Anonymity.CONFIDENTIAL
            report.name = contacts["name"]
            report.email = contacts.get("email", "")
            report.phone = contacts.get("phone", "")
            report.consent_at = now - datetime.timedelta(days=age)
        else:
            report.anonymity = Anonymity.ANONYMOUS
            report.consent_at = None
        report.state = state
        report.rejection_reason = row.get("rejection_reason", "")
        report.answer = row.get("answer", "")
        issue = Issue.objects.filter(title=titles[row["issue"]]).first() if "issue" in row else None
        report.issue = issue
        if issue is not None:
            report.authority = issue.authority
        received = now - datetime.timedelta(days=age, hours=number)
        closed = state in (TriageState.REJECTED, TriageState.ANSWERED) or (
            issue is not None and issue.is_closed
        )
        report.closed_at = received + datetime.timedelta(days=3) if closed else None
        report.save()
        # The received date is set by the database on creation: put it back in the demo's past.
        Report.objects.filter(pk=report.pk).update(created_at=received)
        if row.get("photo") and not report.photos.exists():
            content, (width, height) = demo_photo(number % 5)
            photo = ReportPhoto(report=report, width=width, height=height)
            photo.file.save(f"demo-{token}.jpg", ContentFile(content), save=False)
            photo.save()
    return len(rows)
