"""The steering group's meetings: the staff's points before the förmöte, the agenda the project leader edits from
them (published as a PDF with the latest figures), and the decisions taken, followed until closed."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insikt.models import AppendOnly
from reports.models.periods import ReportingPeriod


class AgendaHeading(models.TextChoices):
    """The project plan's fixed agenda, in its order."""

    HAPPENED = "hant", _("Vad har hänt sedan sist?")
    CHALLENGES = "utmaningar", _("Utmaningar")
    LEARNINGS = "kunskaper", _("Nyvunna kunskaper och ändringar")
    DECISIONS = "beslut", _("Nya beslut som behöver tas?")
    GOAL = "mal", _("Måluppfyllnad")


class SteeringMeeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meets_on = models.DateField(_("styrgruppsmöte"))
    pre_meeting_on = models.DateField(_("förmöte"), null=True, blank=True)
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("siffrorna gäller"), on_delete=models.PROTECT, related_name="steering_meetings"
    )
    # The agenda as the project leader edited it from the staff's points, one text per heading.
    happened = models.TextField(AgendaHeading.HAPPENED.label, blank=True, max_length=4000)
    challenges = models.TextField(AgendaHeading.CHALLENGES.label, blank=True, max_length=4000)
    learnings = models.TextField(AgendaHeading.LEARNINGS.label, blank=True, max_length=4000)
    decisions_needed = models.TextField(AgendaHeading.DECISIONS.label, blank=True, max_length=4000)
    goal_comment = models.TextField(_("Måluppfyllnad (kommentar)"), blank=True, max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The form's one-time token: a second click of the same form finds what the first one saved.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("styrgruppsmöte")
        verbose_name_plural = _("styrgruppsmöten")
        ordering = ["-meets_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pre_meeting_on__isnull=True) | Q(pre_meeting_on__lte=models.F("meets_on")),
                name="pre_meeting_before_meeting",
            ),
        ]

    def __str__(self):
        return str(_("Styrgruppsmöte %(date)s")) % {"date": self.meets_on.isoformat()}


# The agenda's text field for each heading.
AGENDA_FIELDS = {
    AgendaHeading.HAPPENED.value: "happened",
    AgendaHeading.CHALLENGES.value: "challenges",
    AgendaHeading.LEARNINGS.value: "learnings",
    AgendaHeading.DECISIONS.value: "decisions_needed",
    AgendaHeading.GOAL.value: "goal_comment",
}


class AgendaPoint(models.Model):
    """A point a member of the project's staff adds under a heading before the förmöte."""

    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.CASCADE, related_name="points")
    heading = models.CharField(_("rubrik"), max_length=12, choices=AgendaHeading.choices)
    text = models.TextField(_("punkt"), max_length=1000)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time token: a second click of the same form finds what the first one saved.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("punkt till förmötet")
        verbose_name_plural = _("punkter till förmötet")
        ordering = ["meeting", "heading", "added_at"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="agenda_point_has_text")]

    def __str__(self):
        return f"{self.get_heading_display()}: {self.text[:40]}"


class AgendaDocument(AppendOnly):
    """A published agenda: the PDF the steering group reads before the meeting, stored once per publication."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.PROTECT, related_name="agendas")
    number = models.PositiveIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(_("publicerad"), auto_now_add=True)
    # The form's one-time token: a second click of the same form finds what the first one saved.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("dagordning")
        verbose_name_plural = _("dagordningar")
        ordering = ["-generated_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="one_agenda_number_per_meeting")]

    def __str__(self):
        return f"{self.meeting}, version {self.number}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.sha256 = hashlib.sha256(bytes(self.pdf)).hexdigest()
        super().save(*args, **kwargs)


class SteeringDecision(models.Model):
    """A decision the steering group took: shown under "Vad har hänt sedan sist?" until it is closed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        SteeringMeeting, verbose_name=_("beslutat vid"), on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField(_("beslut"), max_length=2000)
    responsible = models.CharField(_("ansvarig"), max_length=200)
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    closing_note = models.CharField(_("hur det avslutades"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The form's one-time token: a second click of the same form finds what the first one saved.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("styrgruppsbeslut")
        verbose_name_plural = _("styrgruppsbeslut")
        ordering = ["meeting__meets_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="decision_has_text")]

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
