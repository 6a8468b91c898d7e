"""The rules of a recommendation and of its progress notes (see `mapping.models.monitoring`'s docstring):
plain functions of the values, so that the admin's forms, the models' `clean` and the tests share them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mapping.models.issues import local_today


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("issue status", "In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    REJECTED = "rejected", _("Rejected")


def recommendation_errors(
    *, status, progress, implemented_on, rejection_reason, deadline=None, visited_on=None, today=None
):
    """The rule violations of a recommendation, as {field: message} (see the module docstring)."""
    today = today or local_today()
    errors = {}
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    elif status == RecommendationStatus.PROPOSED and progress != 0:
        errors["progress"] = _("A proposed recommendation has no progress yet: set 0%.")
    elif status == RecommendationStatus.IMPLEMENTED and progress != 100:
        errors["progress"] = _("Set the progress of an implemented recommendation to 100%.")
    elif status != RecommendationStatus.IMPLEMENTED and progress == 100:
        errors["progress"] = _("100% means implemented: set the status to implemented.")
    if status == RecommendationStatus.IMPLEMENTED:
        if implemented_on is None:
            errors["implemented_on"] = _("Give the date the recommendation was implemented.")
    elif implemented_on is not None:
        errors["implemented_on"] = _("Only an implemented recommendation has a date of implementation.")
    if implemented_on is not None and "implemented_on" not in errors:
        if implemented_on > today:
            errors["implemented_on"] = _("The date of implementation cannot be in the future.")
        elif visited_on is not None and implemented_on < visited_on:
            errors["implemented_on"] = _("The date of implementation cannot be before the visit.")
    if status == RecommendationStatus.REJECTED and not (rejection_reason or "").strip():
        errors["rejection_reason"] = _("Give the reason the authority rejected the recommendation.")
    if deadline is not None and visited_on is not None and deadline < visited_on:
        errors["deadline"] = _("The deadline cannot be before the visit.")
    return errors


def progress_note_errors(*, date, progress=None, visited_on=None, today=None):
    """The rule violations of a progress note, as {field: message}."""
    today = today or local_today()
    errors = {}
    if date is not None and date > today:
        errors["date"] = _("A progress note cannot be dated in the future.")
    elif date is not None and visited_on is not None and date < visited_on:
        errors["date"] = _("A progress note cannot be dated before the visit.")
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    return errors
