"""What the person does and lives on at registration, at closing and at the follow-ups after closing.

The codes are the project's own; their SUS codes are mapped in one place (reports/sus.py) and are to be checked
against the current SUS manual. The rows carry no free text, so they stay after anonymisation and the reports'
before/after tables keep their figures.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.models import Organisation
from participants.models.participant import Participant


class Occupation(models.TextChoices):
    WORK = "arbete", _("Arbete utan stöd")
    WORK_WITH_SUPPORT = "arbete_med_stod", _("Arbete med stöd")
    STUDIES = "studier", _("Studier")
    JOBSEEKING = "arbetssokande", _("Arbetssökande")
    SICK_LEAVE = "sjukskriven", _("Sjukskriven")
    OTHER_MEASURE = "annan_insats", _("Annan insats")
    OTHER = "annat", _("Annat")


# "In work or studies", the share the reports give at each follow-up.
WORK_OR_STUDIES = [Occupation.WORK, Occupation.WORK_WITH_SUPPORT, Occupation.STUDIES]


class Support(models.TextChoices):
    """Sources of support (försörjning); a person may have several at once."""

    SALARY = "lon", _("Lön")
    ACTIVITY_SUPPORT = "aktivitetsstod", _("Aktivitetsstöd eller utvecklingsersättning")
    SOCIAL_ASSISTANCE = "ekonomiskt_bistand", _("Ekonomiskt bistånd")
    SICKNESS_BENEFIT = "sjukpenning", _("Sjukpenning eller rehabiliteringsersättning")
    ACTIVITY_COMPENSATION = "sjukersattning", _("Aktivitets- eller sjukersättning")
    STUDENT_AID = "studiemedel", _("Studiemedel")
    OTHER = "annan", _("Annan försörjning")
    NONE = "ingen", _("Ingen egen försörjning")


class OutcomeMoment(models.TextChoices):
    REGISTRATION = "inskrivning", _("Vid anmälan")
    CLOSING = "avslut", _("Vid avslut")
    FOLLOW_UP = "uppfoljning", _("Uppföljning efter avslut")


class Outcome(models.Model):
    """One moment's occupation and support. Follow-ups come `months_after` closing (settings.FOLLOW_UP_MONTHS)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="outcomes")
    moment = models.CharField(_("tillfälle"), max_length=12, choices=OutcomeMoment.choices)
    # 0 at registration and closing, so that the unique constraint below holds without NULLs.
    months_after = models.PositiveSmallIntegerField(_("månader efter avslut"), default=0)
    recorded_on = models.DateField(_("gäller datum"), default=timezone.localdate)
    not_reached = models.BooleanField(_("gick inte att nå"), default=False)
    occupation = models.CharField(_("sysselsättning"), max_length=20, choices=Occupation.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrerad av"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("sysselsättning och försörjning")
        verbose_name_plural = _("sysselsättning och försörjning")
        ordering = ["participant", "recorded_on", "months_after"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "moment", "months_after"], name="one_outcome_per_moment"),
            models.CheckConstraint(
                condition=Q(moment=OutcomeMoment.FOLLOW_UP, months_after__gt=0)
                | ~Q(moment=OutcomeMoment.FOLLOW_UP) & Q(months_after=0),
                name="follow_up_names_its_month",
            ),
            models.CheckConstraint(
                condition=Q(not_reached=True, occupation="", moment=OutcomeMoment.FOLLOW_UP)
                | Q(not_reached=False) & ~Q(occupation=""),
                name="outcome_has_occupation_unless_not_reached",
            ),
        ]

    def __str__(self):
        label = self.get_moment_display()
        return f"{label} ({self.months_after} mån)" if self.months_after else label

    @property
    def is_follow_up(self) -> bool:
        return self.moment == OutcomeMoment.FOLLOW_UP


class OutcomeSupport(models.Model):
    """One source of support at one moment: a row each, so that the reports count by support in SQL."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="supports")
    support = models.CharField(_("försörjning"), max_length=20, choices=Support.choices)

    class Meta:
        verbose_name = _("försörjning")
        verbose_name_plural = _("försörjning")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["outcome", "support"], name="support_once_per_outcome")]

    def __str__(self):
        return self.get_support_display()
