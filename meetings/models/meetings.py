"""Meetings with a participant and the history review before the multi-party meeting.

Everything here belongs to a participant and is seen exactly when the participant is
(participants.access.visible_participants).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.models import Organisation
from participants.models import Participant

MIN_DURATION = 15
MAX_DURATION = 8 * 60


class MeetingKind(models.TextChoices):
    INFORMATION = "information", _("Informationsmöte")
    MULTI_PARTY = "flerpart", _("Flerpartsmöte")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")


class MeetingStatus(models.TextChoices):
    BOOKED = "bokat", _("Bokat")
    HELD = "genomfort", _("Genomfört")
    CANCELLED = "installt", _("Inställt")
    NO_SHOW = "uteblev", _("Uteblev")


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("typ av möte"), max_length=12, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("datum och tid"))
    duration_minutes = models.PositiveIntegerField(_("längd (minuter)"), default=60)
    # Stored, not computed, so that "who is busy then" is one indexed range query (see services.overlaps).
    ends_at = models.DateTimeField(_("slutar"), editable=False)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    video_link = models.URLField(_("videolänk"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.BOOKED)
    cancel_reason = models.CharField(_("skäl till inställt"), max_length=300, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True, max_length=8000)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a change names the version it was edited from (see services.update_meeting).
    version = models.PositiveIntegerField(default=1, editable=False)
    # The booking form's one-time token: a second submit of the same form finds this meeting instead.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["participant", "starts_at"]),
            models.Index(fields=["starts_at", "ends_at"]),
            # "Utfall saknas": of the booked meetings only the few that have ended, never the register's past.
            models.Index(fields=["ends_at"], condition=Q(status=MeetingStatus.BOOKED), name="meeting_booked_by_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="cancelled_meeting_has_reason",
                violation_error_message=_("Ange skälet till att mötet ställdes in."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION, duration_minutes__lte=MAX_DURATION),
                name="meeting_duration_in_range",
            ),
        ]

    def __str__(self):
        # Never the participant's name: this string ends up in calendars, admin messages and logs.
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.ends_at = self.compute_ends_at()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "ends_at"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.place.strip() and not self.video_link.strip():
            raise ValidationError({"place": _("Ange plats eller videolänk.")})

    def compute_ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.BOOKED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_multi_party(self) -> bool:
        return self.kind == MeetingKind.MULTI_PARTY

    @property
    def is_information(self) -> bool:
        return self.kind == MeetingKind.INFORMATION


class AttendeeKind(models.TextChoices):
    STAFF = "personal", _("Handläggare")
    PARTICIPANT = "deltagare", _("Deltagaren")
    INTERPRETER = "tolk", _("Tolk")
    OTHER = "ovrig", _("Övrig")


class MeetingAttendee(models.Model):
    """Who takes part: staff (a user, shown with their organisation), the participant, an interpreter, others."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("typ"), max_length=10, choices=AttendeeKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handläggare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendances",
    )
    name = models.CharField(_("namn"), max_length=120, blank=True)
    role = models.CharField(_("roll"), max_length=120, blank=True)
    language = models.CharField(_("språk"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("mötesdeltagare")
        verbose_name_plural = _("mötesdeltagare")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=AttendeeKind.STAFF) & Q(user__isnull=False))
                | (~Q(kind=AttendeeKind.STAFF) & Q(user__isnull=True)),
                name="attendee_user_iff_staff",
            ),
            models.CheckConstraint(
                condition=~Q(kind=AttendeeKind.INTERPRETER) | ~Q(language=""), name="interpreter_has_language"
            ),
            models.CheckConstraint(condition=~Q(kind=AttendeeKind.OTHER) | ~Q(name=""), name="other_attendee_has_name"),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="staff_attends_once"
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(kind=AttendeeKind.PARTICIPANT), name="participant_attends_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "meeting"])]

    def __str__(self):
        if self.kind == AttendeeKind.STAFF:
            return f"{self.user} ({self.user.organisation.short_name})" if self.user.organisation_id else str(self.user)
        if self.kind == AttendeeKind.PARTICIPANT:
            return str(_("Deltagaren"))
        if self.kind == AttendeeKind.INTERPRETER:
            label = str(_("Tolk, %(language)s")) % {"language": self.language}
            return f"{label} ({self.name})" if self.name else label
        return f"{self.name}, {self.role}" if self.role else self.name

    @property
    def is_participant(self) -> bool:
        return self.kind == AttendeeKind.PARTICIPANT

    @property
    def is_interpreter(self) -> bool:
        return self.kind == AttendeeKind.INTERPRETER


class ProgrammeType(models.Model):
    """A kind of programme or measure; the project leader keeps the list in the admin."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    active = models.BooleanField(_("kan väljas"), default=True, help_text=_("Avmarkera i stället för att ta bort."))
    position = models.PositiveSmallIntegerField(_("ordning"), default=100)

    class Meta:
        verbose_name = _("typ av program/insats")
        verbose_name_plural = _("typer av program/insatser")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ReviewBenefitType(models.TextChoices):
    ACTIVITY_SUPPORT = "aktivitetsstod", _("Aktivitetsstöd")
    DEVELOPMENT_ALLOWANCE = "utvecklingsersattning", _("Utvecklingsersättning")
    UNEMPLOYMENT_INSURANCE = "a-kassa", _("Arbetslöshetsersättning (a-kassa)")
    ESTABLISHMENT = "etablering", _("Etableringsersättning")
    SOCIAL_ASSISTANCE = "forsorjningsstod", _("Försörjningsstöd")
    SICKNESS_BENEFIT = "sjukpenning", _("Sjukpenning")
    SICKNESS_COMPENSATION = "sjukersattning", _("Sjuk- eller aktivitetsersättning")
    OTHER = "annat", _("Annat")


class EventCategory(models.TextChoices):
    HEALTH = "halsa", _("Hälsa")
    HOUSING = "boende", _("Boende")
    DEBT = "skulder", _("Skulder/ekonomi")
    FAMILY = "familj", _("Familj")
    STUDIES = "studier", _("Studier")
    OTHER = "annat", _("Annat")


class HistoryReview(models.Model):
    """Genomlysning: what one organisation's systems hold about the participant. One per organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="history_reviews")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    earlier_plans = models.TextField(
        _("tidigare planer och kontakter"),
        blank=True,
        max_length=4000,
        help_text=_("T.ex. tidigare handlingsplaner, kontakter med andra verksamheter och vad de ledde till."),
    )
    summary = models.TextField(_("sammanfattning"), blank=True, max_length=4000)
    completed_on = models.DateField(_("klar"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("genomlysning")
        verbose_name_plural = _("genomlysningar")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "organisation"], name="one_review_per_organisation"),
        ]

    def __str__(self):
        return str(_("Genomlysning, %(org)s")) % {"org": self.organisation.short_name}


class Period(models.Model):
    """A stretch of time from a start date to an end date (open: still going on)."""

    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"), null=True, blank=True, help_text=_("Tomt: pågår."))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Slutdatumet ligger före startdatumet.")})


class ReviewProgramme(Period):
    review = models.ForeignKey(HistoryReview, on_delete=models.CASCADE, related_name="programmes")
    programme_type = models.ForeignKey(ProgrammeType, verbose_name=_("program/insats"), on_delete=models.PROTECT)
    provider = models.CharField(_("anordnare"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("period i program/insats")
        verbose_name_plural = _("perioder i program/insatser")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.programme_type} {self.starts_on}"


class ReviewBenefit(Period):
    review = models.ForeignKey(HistoryReview, on_delete=models.CASCADE, related_name="benefits")
    benefit_type = models.CharField(_("ersättning"), max_length=24, choices=ReviewBenefitType.choices)

    class Meta:
        verbose_name = _("ersättningsperiod")
        verbose_name_plural = _("ersättningsperioder")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="benefit_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.get_benefit_type_display()} {self.starts_on}"


class ReviewEvent(models.Model):
    """Something notable (health, housing, debt …), recorded only as far as relevant and consented."""

    review = models.ForeignKey(HistoryReview, on_delete=models.CASCADE, related_name="events")
    category = models.CharField(_("område"), max_length=10, choices=EventCategory.choices)
    occurred_on = models.DateField(_("när"), null=True, blank=True)
    description = models.CharField(_("vad"), max_length=300)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return self.get_category_display()
