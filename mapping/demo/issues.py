"""The demo issues (`data/issues.yaml`): each found again by its title and updated in place, with a
timeline of status updates from registration to its final status; their public texts in Kazakh and
English from the mirrors `issues.kk.yaml` and `issues.en.yaml`.

`NOTES`, the note of each step of a timeline, is also used by `manage.py generate_issues`.
"""

import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from mapping import deadlines
from mapping.geometry import format_point
from mapping.models import Issue, IssueStatus, IssueUpdate
from mapping.models.issues import CLOSED_STATUSES
from portal.demo.datafiles import load_yaml, mirrored

DATA = Path(__file__).parent
TRANSLATIONS = ("kk", "en")
NOTES = {IssueStatus(status): note for status, note in load_yaml(DATA, "issues")["notes"].items()}
PATHS = {
    IssueStatus.REGISTERED: [IssueStatus.REGISTERED],
    IssueStatus.FORWARDED: [IssueStatus.REGISTERED, IssueStatus.FORWARDED],
    IssueStatus.IN_PROGRESS: [IssueStatus.REGISTERED, IssueStatus.FORWARDED, IssueStatus.IN_PROGRESS],
    IssueStatus.RESOLVED: [
        IssueStatus.REGISTERED,
        IssueStatus.FORWARDED,
        IssueStatus.IN_PROGRESS,
        IssueStatus.RESOLVED,
    ],
    # A resolution its reporter disputed: under review again.
    IssueStatus.DISPUTED: [
        IssueStatus.REGISTERED,
        IssueStatus.FORWARDED,
        IssueStatus.IN_PROGRESS,
        IssueStatus.RESOLVED,
        IssueStatus.DISPUTED,
    ],
    IssueStatus.NOT_CONFIRMED: [IssueStatus.REGISTERED, IssueStatus.IN_PROGRESS, IssueStatus.NOT_CONFIRMED],
    IssueStatus.DUPLICATE: [IssueStatus.REGISTERED, IssueStatus.DUPLICATE],
}


def issue_rows():
    return load_yaml(DATA, "issues")["issues"]


def issue_titles():
    """The title of each demo issue by its key: the monitoring visits and reports link issues by key."""
    return {row["key"]: row["title"] for row in issue_rows()}


def translated_rows():
    """{language: (notes by status, {issue key: row})} of the Kazakh and English mirrors of issues.yaml."""
    result = {}
    for code in TRANSLATIONS:
        data = load_yaml(DATA, f"issues.{code}")
        rows = mirrored(issue_rows(), data["issues"], f"issues.{code}", key="key")
        result[code] = ({IssueStatus(k): v for k, v in data["notes"].items()}, {r["key"]: r for r in rows})
    return result


def sync_issues(areas, categories, authorities, objects):
    """The demo issues, dated back from today so that some are overdue whenever the demo is loaded."""
    today = timezone.localdate()
    translations = translated_rows()
    by_key = {}
    for row in issue_rows():
        title, category, status = row["title"], row["category"], row["status"]
        resolution = row.get("resolution", "")
        registered = today - datetime.timedelta(days=row["registered_days_ago"])
        problem_object = objects.get(row["object"]) if row.get("object") else None
        if problem_object is not None:
            point = (problem_object.latitude, problem_object.longitude)
        else:
            point = row.get("point")
        issue = Issue.objects.filter(title=title).first() or Issue(title=title)
        issue.description = row["description"]
        issue.category = categories[category]
        issue.area = areas[row["area"]]
        authority = row.get("authority")
        issue.authority = authorities.get(authority) if authority else categories[category].default_authority
        issue.problem_object = problem_object
        issue.location = format_point(*point) if point else ""
        issue.address = problem_object.address if problem_object else ""
        issue.source_channel = row["channel"]
        issue.registered_on = registered
        issue.resolution = resolution
        for code, (_notes, rows) in translations.items():
            translated = rows[row["key"]]
            setattr(issue, f"title_{code}", translated["title"])
            setattr(issue, f"description_{code}", translated["description"])
            setattr(issue, f"resolution_{code}", translated.get("resolution", ""))
        issue.live = True
        issue.extended_until, issue.extension_reason = None, ""
        if "extend" in row:
            extend = row["extend"]
            issue.extended_until = min(
                registered + datetime.timedelta(days=extend["days"]), deadlines.max_extension(registered)
            )
            issue.extension_reason = extend["reason"]
        issue.duplicate_of = by_key.get(row.get("duplicate_of"))
        updates = timeline(status, registered, row.get("days_to_close"), resolution, today)
        for code, (notes, rows) in translations.items():
            resolved = rows[row["key"]].get("resolution", "")
            for update in updates:
                setattr(
                    update,
                    f"note_{code}",
                    resolved if update.status == IssueStatus.RESOLVED else notes[update.status],
                )
        issue.updates = updates
        issue.status = status
        issue.resolved_on = updates[-1].date if status in CLOSED_STATUSES else None
        issue.forwarded_on = next((u.date for u in updates if u.status == IssueStatus.FORWARDED), None)
        issue.evidence_document = official_reply() if status in EVIDENCED else None
        issue._saved_status = status  # the timeline above already records every status
        issue.save()
        by_key[row["key"]] = issue
    return len(by_key)


# The resolved issues, and the one whose resolution its reporter disputed, carry the official reply.
EVIDENCED = {IssueStatus.RESOLVED, IssueStatus.DISPUTED}
REPLY_TITLE = "Официальный ответ уполномоченного органа (демонстрационный)"
REPLY_TEXT = (
    "Демонстрационный документ. Здесь публикуется официальный ответ уполномоченного органа о принятых "
    "мерах: без него проблемный вопрос не может быть отмечен решённым.\n"
)


def official_reply():
    """The demo's official reply, the evidence of its resolved issues (made once)."""
    Document = get_document_model()
    document = Document.objects.filter(title=REPLY_TITLE).first()
    if document is None:
        document = Document(title=REPLY_TITLE, collection=Collection.get_first_root_node())
        document.file.save("official-reply-demo.txt", ContentFile(REPLY_TEXT.encode()), save=False)
        document.save()
    return document


def timeline(status, registered, days_to_close, resolution, today):
    """Timeline entries from registration to the final status, on working days, none after today."""
    path = PATHS[status]
    closing = days_to_close or 10
    offsets = [0, 2, 5, closing, closing + 4][: len(path)]
    if len(path) > 1 and path[-1] in CLOSED_STATUSES:
        offsets[-1] = max(closing, offsets[-2] + 1)
    updates = []
    for step, (state, offset) in enumerate(zip(path, offsets, strict=True)):
        note = resolution if state == IssueStatus.RESOLVED else NOTES[state]
        updates.append(
            IssueUpdate(
                date=min(deadlines.add_working_days(registered, offset), today),
                status=state,
                note=note,
                sort_order=step,
            )
        )
    return updates
