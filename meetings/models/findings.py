"""Findings (iakttagelser): what one of our organisations could have done differently for a participant.

A finding is coded (the organisation concerned, the insight area, a type) so that it can be counted after the
participant has been anonymised; only its free texts carry personal data, and anonymisation empties them. It is
seen exactly when its participant is (participants.access.visible_participants).
"""

import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea
from insikt.models import Organisation
from meetings.models.meetings import HistoryReview, Meeting
from participants.models import Participant


class FindingType(models.Model):
    """A coded kind of finding; the project leader keeps the list in the admin and retires, never deletes."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    description = models.CharField(_("förklaring"), max_length=300, blank=True)
    active = models.BooleanField(_("kan väljas"), default=True, help_text=_("Avmarkera i stället för att ta bort."))
    position = models.PositiveSmallIntegerField(_("ordning"), default=100)

    class Meta:
        verbose_name = _("typ av iakttagelse")
        verbose_name_plural = _("typer av iakttagelser")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


STANDARD_FINDING_TYPES = [
    ("Missad möjlighet", "Något som kunde ha gjorts och inte gjordes."),
    ("Insatsen passade inte", "Insatsen motsvarade inte personens behov eller förutsättningar."),
    ("Kontakt eller överlämning brast", "En kontakt uteblev eller en överlämning mellan verksamheter föll bort."),
    ("Dokumentation saknas eller är fel", "Det som borde ha dokumenterats saknas eller stämmer inte."),
    ("Samordning saknades", "Verksamheterna arbetade var för sig där de behövde arbeta tillsammans."),
    ("Personens egen upplevelse", "Hur personen själv har upplevt kontakterna och insatserna."),
]


def ensure_standard_finding_types(type_model=FindingType):
    """Create the starting types if missing. Takes the model so that a migration can pass its own."""
    for position, (name, description) in enumerate(STANDARD_FINDING_TYPES, start=1):
        type_model.objects.get_or_create(name=name, defaults={"position": position * 10, "description": description})


class Finding(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="findings")
    # Empty: another organisation than the project's (then named in other_organisation, without personal data).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation som iakttagelsen gäller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    other_organisation = models.CharField(_("annan organisation"), max_length=120, blank=True)
    area = models.CharField(_("insiktsområde"), max_length=20, choices=InsightArea.choices)
    finding_type = models.ForeignKey(FindingType, verbose_name=_("typ"), on_delete=models.PROTECT)
    period_from = models.DateField(_("gäller tiden från"), null=True, blank=True)
    period_to = models.DateField(_("gäller tiden till"), null=True, blank=True)
    # Free text: personal data, emptied by anonymisation. The report quotes a checked copy (reports.Quote).
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    suggested_change = models.TextField(_("förslag till ändring"), max_length=1000, blank=True)
    # Where it was found: during a history review, or after the multi-party meeting.
    history_review = models.ForeignKey(
        HistoryReview, verbose_name=_("genomlysning"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="findings",
    )  # fmt: skip
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("flerpartsmöte"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="findings",
    )  # fmt: skip
    recorded_on = models.DateField(_("registrerad"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrerad av"), on_delete=models.PROTECT, related_name="+"
    )
    # The recorder's organisation at the time: counted by the reports without reading the user.
    recorded_by_organisation = models.ForeignKey(
        Organisation, verbose_name=_("registrerad av organisation"), on_delete=models.PROTECT, related_name="+"
    )
    anonymised = models.BooleanField(_("anonymiserad"), default=False, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")
        ordering = ["-recorded_on", "-created_at"]
        indexes = [models.Index(fields=["recorded_on", "area"], name="finding_by_day_and_area")]
        constraints = [
            models.CheckConstraint(condition=Q(area__in=InsightArea.values), name="finding_area_known"),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True) | Q(period_to__isnull=True) | Q(period_to__gte=F("period_from")),
                name="finding_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(anonymised=True) | ~Q(description=""), name="finding_has_description_until_anonymised"
            ),
            models.CheckConstraint(
                condition=Q(history_review__isnull=True) | Q(meeting__isnull=True), name="finding_has_one_source"
            ),
        ]

    def __str__(self):
        # Never the participant's name or the description: this string ends up in admin messages and logs.
        return f"{self.get_area_display()}: {self.finding_type} ({self.organisation_label})"

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return self.organisation.short_name
        return self.other_organisation or str(_("Annan organisation"))

    @property
    def placed_on(self):
        """Where the finding belongs in time: the start of the period it concerns, else the day it was recorded."""
        return self.period_from or self.recorded_on

    @property
    def period_text(self) -> str:
        if not (self.period_from or self.period_to):
            return ""
        start = self.period_from.isoformat() if self.period_from else "…"
        return f"{start} – {self.period_to.isoformat() if self.period_to else '…'}"

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("Slutdatumet ligger före startdatumet.")
        for field in ("period_from", "period_to"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("Iakttagelsen gäller något som redan har hänt: datumet kan inte ligga i framtiden.")
        if not self.anonymised and not self.description.strip():
            errors["description"] = _("Beskriv kort vad som hände.")
        if self.organisation_id and self.other_organisation:
            errors["other_organisation"] = _("Ange en annan organisation bara när ingen av projektets är vald.")
        for source, label in ((self.history_review, _("genomlysningen")), (self.meeting, _("mötet"))):
            if source is not None and self.participant_id and source.participant_id != self.participant_id:
                errors[NON_FIELD_ERRORS] = _("%(source)s gäller en annan deltagare.") % {
                    "source": str(label).capitalize()
                }
        if errors:
            raise ValidationError(errors)
