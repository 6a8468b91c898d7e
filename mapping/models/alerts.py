"""E-mail alerts: anyone may follow the new issues and status changes of an area, an object or a category."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Days a subscription request waits for its confirmation before it is deleted with its address.
ALERT_CONFIRM_DAYS = 7


class AlertFrequency(models.TextChoices):
    EVENT = "event", _("At once, for each new issue or change of status")
    DAILY = "daily", _("Once a day, a digest")


def new_token():
    return secrets.token_urlsafe(32)


class AlertSubscription(models.Model):
    """One address following one area (with its sub-areas), object or category, in one language.

    Double opt-in: nothing is sent but the confirmation until its link is followed. The address is kept
    only while subscribed: unsubscribing deletes the row, and a request never confirmed is deleted after
    `ALERT_CONFIRM_DAYS` (mapping.alerts.sending). The token in every link is the only key to the row.
    """

    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    area = models.ForeignKey(
        "mapping.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = models.ForeignKey(
        "mapping.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    problem_object = models.ForeignKey(
        "mapping.ProblemObjectPage",
        verbose_name=_("object"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=AlertFrequency.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(area__isnull=False, category__isnull=True, problem_object__isnull=True)
                    | Q(area__isnull=True, category__isnull=False, problem_object__isnull=True)
                    | Q(area__isnull=True, category__isnull=True, problem_object__isnull=False)
                ),
                name="alert_follows_one_thing",
            )
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"], name="alert_due")]

    def __str__(self):
        return f"{self.get_frequency_display()}: {self.followed}"

    @property
    def followed(self):
        """The area, object or category followed."""
        return self.area or self.problem_object or self.category
