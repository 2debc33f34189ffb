"""Recommendations: what the project recommends after the multi-party meeting, to which agency, and what came of it.

The project recommends; it never decides. Every recommendation belongs to a participant and is seen exactly
when the participant is (participants.access.visible_participants).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea
from insikt.models import Organisation
from meetings.models.meetings import Meeting, MeetingKind
from participants.models import Participant


class RecommendationCategory(models.Model):
    """A measurable kind of recommendation; the project leader keeps the list in the admin."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    default_receiving_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("förvald mottagare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Föreslås som mottagande organisation; handläggaren kan välja en annan."),
    )
    active = models.BooleanField(_("kan väljas"), default=True, help_text=_("Avmarkera i stället för att ta bort."))
    position = models.PositiveSmallIntegerField(_("ordning"), default=100)

    class Meta:
        verbose_name = _("rekommendationskategori")
        verbose_name_plural = _("rekommendationskategorier")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


# A sensible starting list (name, default receiving organisation code); the project leader keeps it in the admin.
STANDARD_CATEGORIES = [
    ("Arbetsförmedlingen – matchning och jobbsökning", Organisation.AF),
    ("Arbetsförmedlingen – arbetsmarknadsutbildning", Organisation.AF),
    ("Förstärkt samarbete Arbetsförmedlingen–Försäkringskassan", Organisation.AF),
    ("Arbetslivsinriktad rehabilitering", Organisation.FK),
    ("Malmö stad – arbetsmarknadsinsats", Organisation.AMA),
    ("Ekonomiskt bistånd – socialt stöd", Organisation.EB),
    ("Region Skåne – vård och behandling", Organisation.REGION),
    ("Försäkringskassan – utredning av arbetsförmåga", Organisation.FK),
    ("Studier (Komvux/SFI)", Organisation.AMA),
    ("Ingen ny insats", None),
]


def ensure_standard_categories(category_model=RecommendationCategory, organisation_model=Organisation):
    """Create the starting categories if missing. Takes the models so that a migration can pass its own."""
    organisations = {o.code: o for o in organisation_model.objects.all()}
    for position, (name, code) in enumerate(STANDARD_CATEGORIES, start=1):
        category_model.objects.get_or_create(
            name=name,
            defaults={"position": position * 10, "default_receiving_organisation": organisations.get(code)},
        )


class RecommendationStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    SENT = "skickad", _("Skickad")
    RECEIVED = "mottagen", _("Mottagen")
    DONE = "genomford", _("Genomförd")
    NOT_DONE = "ej_genomford", _("Ej genomförd")
    UNKNOWN = "okant", _("Okänt utfall")


# Which status may follow which. An unknown outcome may still become known later.
TRANSITIONS = {
    RecommendationStatus.DRAFT: [RecommendationStatus.SENT],
    RecommendationStatus.SENT: [
        RecommendationStatus.RECEIVED,
        RecommendationStatus.DONE,
        RecommendationStatus.NOT_DONE,
        RecommendationStatus.UNKNOWN,
    ],
    RecommendationStatus.RECEIVED: [
        RecommendationStatus.DONE,
        RecommendationStatus.NOT_DONE,
        RecommendationStatus.UNKNOWN,
    ],
    RecommendationStatus.UNKNOWN: [RecommendationStatus.DONE, RecommendationStatus.NOT_DONE],
    RecommendationStatus.DONE: [],
    RecommendationStatus.NOT_DONE: [],
}
# Sent and waiting for the receiving agency: these are followed up.
AWAITING_OUTCOME = [RecommendationStatus.SENT, RecommendationStatus.RECEIVED]
NOT_SENT = [RecommendationStatus.DRAFT]


class Recommendation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="recommendations")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("flerpartsmöte"), on_delete=models.PROTECT, related_name="recommendations"
    )
    category = models.ForeignKey(RecommendationCategory, verbose_name=_("kategori"), on_delete=models.PROTECT)
    receiving_organisation = models.ForeignKey(
        Organisation, verbose_name=_("mottagande organisation"), on_delete=models.PROTECT, related_name="+"
    )
    # No waiver names the receiver: the participant takes the (anonymous) hand-over document there themselves.
    handed_over_by_participant = models.BooleanField(_("lämnas av deltagaren själv"), default=False)
    rationale = models.TextField(_("motivering"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.DRAFT
    )
    sent_on = models.DateField(_("skickad datum"), null=True, blank=True)
    sent_to = models.CharField(_("skickad till (enhet eller person)"), max_length=200, blank=True)
    outcome_reason = models.CharField(_("skäl"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("följs upp"), null=True, blank=True)
    # Swedish names: the register extract prints every field by its name.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skriven av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The form's one-time token: a second submit of the same form finds this record instead of adding one.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("rekommendation")
        verbose_name_plural = _("rekommendationer")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["receiving_organisation", "status"]),
            models.Index(fields=["status", "follow_up_on"]),
            # The two work lists' sort orders ("till oss" newest first, follow-up by date): a page reads its rows.
            # Without drafts: they have no send date, sort first, and a page would read every one of them.
            models.Index(
                fields=["receiving_organisation", "-sent_on", "-created_at"],
                name="recommendation_to_us",
                condition=~Q(status=RecommendationStatus.DRAFT),
            ),  # fmt: skip
            models.Index(fields=["follow_up_on", "sent_on"], name="recommendation_follow_up"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="recommendation_has_rationale"),
            models.CheckConstraint(
                condition=Q(status=RecommendationStatus.DRAFT) | Q(sent_on__isnull=False),
                name="sent_recommendation_has_date",
                violation_error_message=_("En skickad rekommendation har ett datum då den skickades."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.NOT_DONE) | ~Q(outcome_reason=""),
                name="not_done_recommendation_has_reason",
                violation_error_message=_("Ange varför rekommendationen inte genomfördes."),
            ),
        ]

    def __str__(self):
        # Never the participant's name: this string ends up in admin messages and logs.
        return f"{self.category} → {self.receiving_organisation.short_name}"

    def clean(self):
        super().clean()
        errors = {}
        if self.meeting_id and self.participant_id and self.meeting.participant_id != self.participant_id:
            errors["meeting"] = _("Mötet gäller en annan deltagare.")
        elif self.meeting_id and self.meeting.kind != MeetingKind.MULTI_PARTY:
            errors["meeting"] = _("En rekommendation kommer från ett flerpartsmöte.")
        if self.status != RecommendationStatus.DRAFT and not self.sent_on:
            errors["sent_on"] = _("Ange när rekommendationen skickades.")
        if self.sent_on and self.sent_on > timezone.localdate():
            errors["sent_on"] = _("Datumet kan inte ligga i framtiden.")
        elif self.sent_on and self.meeting_id and self.sent_on < timezone.localdate(self.meeting.starts_at):
            errors["sent_on"] = _("Rekommendationen kan inte ha skickats före flerpartsmötet (%(date)s).") % {
                "date": timezone.localdate(self.meeting.starts_at).isoformat()
            }
        if self.status == RecommendationStatus.NOT_DONE and not self.outcome_reason.strip():
            errors["outcome_reason"] = _("Ange varför rekommendationen inte genomfördes.")
        if self.sent_on and self.follow_up_on and self.follow_up_on < self.sent_on:
            errors["follow_up_on"] = _("Uppföljningen kan inte ligga före datumet då rekommendationen skickades.")
        elif self.follow_up_on and self.meeting_id and self.follow_up_on < timezone.localdate(self.meeting.starts_at):
            # The same rule in the writing form and the status form: a follow-up comes after the meeting.
            errors["follow_up_on"] = _("Uppföljningen kan inte ligga före flerpartsmötet (%(date)s).") % {
                "date": timezone.localdate(self.meeting.starts_at).isoformat()
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_draft(self) -> bool:
        return self.status == RecommendationStatus.DRAFT

    @property
    def awaits_outcome(self) -> bool:
        return self.status in AWAITING_OUTCOME

    @property
    def follow_up_due(self) -> bool:
        return self.awaits_outcome and self.follow_up_on is not None and self.follow_up_on <= timezone.localdate()

    @property
    def next_statuses(self) -> list[str]:
        return TRANSITIONS[self.status]


class RecommendationArea(models.Model):
    """One insight area a recommendation addresses: a row each, so that reports count by area in SQL."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(_("insiktsområde"), max_length=20, choices=InsightArea.choices)

    class Meta:
        verbose_name = _("insiktsområde")
        verbose_name_plural = _("insiktsområden")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "area"], name="recommendation_area_once"),
            models.CheckConstraint(condition=Q(area__in=InsightArea.values), name="recommendation_area_known"),
        ]

    def __str__(self):
        return self.get_area_display()


class RecommendationStatusChange(models.Model):
    """The history of a recommendation's status: who, when, and why. Written by the services only."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("från"), max_length=12, choices=RecommendationStatus.choices, blank=True)
    to_status = models.CharField(_("till"), max_length=12, choices=RecommendationStatus.choices)
    reason = models.CharField(_("kommentar"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("när"), default=timezone.now)

    class Meta:
        verbose_name = _("statusändring för rekommendation")
        verbose_name_plural = _("statusändringar för rekommendationer")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
