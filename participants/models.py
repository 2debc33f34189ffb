"""Participants, their consent and secrecy waivers, and their way through the project."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from insikt.models import AppendOnly, AppendOnlyQuerySet, Organisation
from participants import personnummer

JOB_DAYS_REQUIRED = 450  # more than this many days in jobb- och utvecklingsgarantin
AF_YEARS_REQUIRED = 10  # more than this many years registered at Arbetsförmedlingen


class District(models.TextChoices):
    CENTRUM = "centrum", _("Centrum")
    NORR = "norr", _("Norr")
    OSTER = "oster", _("Öster")
    SODER = "soder", _("Söder")
    VASTER = "vaster", _("Väster")
    OUTSIDE = "utanfor", _("Bor inte i Malmö")


class Benefit(models.TextChoices):
    ACTIVITY_SUPPORT = "aktivitetsstod", _("Aktivitetsstöd")
    SOCIAL_ASSISTANCE = "forsorjningsstod", _("Försörjningsstöd")
    SICKNESS_BENEFIT = "sjukpenning", _("Sjukpenning")
    OTHER = "annat", _("Annat")


class Status(models.TextChoices):
    REGISTERED = "anmald", _("Anmäld")
    INFORMED = "informerad", _("Informerad")
    CONSENTED = "samtycke", _("Samtycke givet")
    REVIEWED = "genomlysning", _("Genomlysning klar")
    MEETING_HELD = "flerpartsmote", _("Flerpartsmöte hållet")
    RECOMMENDED = "rekommendation", _("Rekommendation lämnad")
    CLOSED = "avslutad", _("Avslutad")
    DECLINED = "avbojt", _("Avböjt")
    ABORTED = "avbrutet", _("Avbrutet")


# The flow, in order; DECLINED and ABORTED leave it from any step before CLOSED.
FLOW = [
    Status.REGISTERED,
    Status.INFORMED,
    Status.CONSENTED,
    Status.REVIEWED,
    Status.MEETING_HELD,
    Status.RECOMMENDED,
    Status.CLOSED,
]
ENDED = {Status.CLOSED, Status.DECLINED, Status.ABORTED}
NEEDS_REASON = {Status.DECLINED, Status.ABORTED}


class ClosingReason(models.TextChoices):
    """Why a participant left the project (avslut); reports count by it."""

    RECOMMENDATION_HANDED_OVER = "rekommendation_overlamnad", _("Rekommendationen är överlämnad")
    DECLINED = "avbojt", _("Avböjt fortsatt deltagande")
    MOVED = "flyttat", _("Flyttat från Malmö")
    EMPLOYED = "arbete", _("Fått arbete")
    OTHER = "annat", _("Annat")


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


class Criterion(models.TextChoices):
    """The target-group criteria a person can fail; stored so that reports can group the reasons."""

    MALMO = "malmo", _("Bor inte i Malmö")
    JOB_DAYS = "job", _("450 dagar eller färre i jobb- och utvecklingsgarantin")
    AF_YEARS = "af", _("10 år eller kortare inskriven på Arbetsförmedlingen")


def failed_criteria(*, district, af_registered_on, job_entered_on, on: date) -> dict[str, str]:
    """The criteria a person fails on `on`, each with a Swedish explanation (empty: inside the target group)."""
    failures = {}
    if district == District.OUTSIDE:
        failures[Criterion.MALMO] = str(_("Bor inte i Malmö."))
    if job_entered_on and (on - job_entered_on).days <= JOB_DAYS_REQUIRED:
        failures[Criterion.JOB_DAYS] = str(
            _("%(days)s dagar i jobb- och utvecklingsgarantin – målgruppen har mer än %(required)s.")
        ) % {"days": (on - job_entered_on).days, "required": JOB_DAYS_REQUIRED}
    if af_registered_on and add_years(af_registered_on, AF_YEARS_REQUIRED) >= on:
        failures[Criterion.AF_YEARS] = str(
            _("Inskriven på Arbetsförmedlingen sedan %(since)s – målgruppen har mer än %(years)s år.")
        ) % {"since": af_registered_on.isoformat(), "years": AF_YEARS_REQUIRED}
    return failures


def eligibility_failures(**kwargs) -> list[str]:
    """Why a person is outside the target group (empty: inside). Used by the form and the model."""
    return list(failed_criteria(**kwargs).values())


def whole_years(since: date, on: date) -> int:
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


class ParticipantQuerySet(models.QuerySet):
    def known_to(self, organisation_id, on: date | None = None):
        """Registered by the organisation, or named by a secrecy waiver in force on `on` (today): the one rule of
        who may know of a person (the access queryset adds the grant; meetings, hand-overs and forms ask it too)."""
        named = SecrecyWaiver.objects.active(on).filter(participant=OuterRef("pk"), organisation_id=organisation_id)
        return self.filter(Q(registering_organisation_id=organisation_id) | Exists(named))


class Participant(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Empty (NULL) only once anonymised, so that the unique constraint needs no placeholder numbers
    # (unique and optional: the case where Django advises NULL over "").
    personnummer = models.CharField(  # noqa: DJ001
        _("personnummer"),
        max_length=12,
        unique=True,
        null=True,
        validators=[personnummer.validate_normalised],
        help_text=_("ÅÅÅÅMMDD-XXXX eller ÅÅMMDD-XXXX"),
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("adress"), max_length=200, blank=True)
    district = models.CharField(_("stadsområde"), max_length=10, choices=District.choices)
    language = models.CharField(_("språk"), max_length=60, default="svenska")
    needs_interpreter = models.BooleanField(_("behöver tolk"), default=False)
    benefit = models.CharField(_("ersättning"), max_length=20, choices=Benefit.choices)
    af_registered_on = models.DateField(_("inskriven på Arbetsförmedlingen sedan"))
    job_entered_on = models.DateField(_("i jobb- och utvecklingsgarantin sedan"))
    registered_on = models.DateField(_("anmäld till projektet"), default=timezone.localdate)
    registering_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registrerad av organisation"),
        on_delete=models.PROTECT,
        related_name="registered_participants",
    )
    eligible = models.BooleanField(_("inom målgruppen"), editable=False, default=False)
    # Derived on save and kept after anonymisation, so that reports can group without personal data.
    failed_criteria = models.CharField(_("ej uppfyllda kriterier"), max_length=20, editable=False, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), editable=False, null=True)
    job_days = models.PositiveIntegerField(_("dagar i garantin vid anmälan"), editable=False, null=True)
    af_years = models.PositiveSmallIntegerField(_("år inskriven på AF vid anmälan"), editable=False, null=True)
    outside_target_group_reason = models.TextField(_("skäl att anmäla utanför målgruppen"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    status_reason = models.CharField(_("skäl"), max_length=300, blank=True)
    # Set exactly while the status is "avslutad" (see services.close_participant); the history is in StatusChange.
    closed_on = models.DateField(_("avslutad datum"), null=True, blank=True, editable=False)
    closing_reason = models.CharField(
        _("skäl till avslut"), max_length=30, choices=ClosingReason.choices, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True, editable=False)
    # Optimistic locking: a save must name the version it was edited from (see services.update_participant).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(personnummer__isnull=True) | Q(personnummer__regex=r"^[0-9]{12}$"),
                name="personnummer_12_digits",
            ),
            models.CheckConstraint(
                condition=Q(personnummer__isnull=False) | Q(anonymised_at__isnull=False),
                name="personnummer_unless_anonymised",
            ),
            models.CheckConstraint(
                condition=Q(eligible=True) | ~Q(outside_target_group_reason=""),
                name="outside_target_group_needs_reason",
                violation_error_message=_("Ange skäl att anmäla en person utanför målgruppen."),
            ),
            # Reports count closings by date and reason: both are there exactly when the participant is closed.
            models.CheckConstraint(
                condition=(Q(status="avslutad") & Q(closed_on__isnull=False) & ~Q(closing_reason=""))
                | (~Q(status="avslutad") & Q(closed_on__isnull=True) & Q(closing_reason="")),
                name="closed_participant_has_date_and_reason",
                violation_error_message=_("En avslutad deltagare har avslutsdatum och skäl; andra har inget."),
            ),
        ]
        indexes = [models.Index(fields=["registering_organisation", "status"])]

    def __str__(self):
        # Never the personnummer: this string ends up in admin messages and logs.
        return self.full_name

    def save(self, *args, **kwargs):
        # Anonymisation writes with UPDATE; after it, the record refuses every save.
        if self.anonymised_at:
            raise PermissionError("An anonymised participant cannot be changed.")
        self.compute_derived()
        super().save(*args, **kwargs)

    def named_organisation_ids(self, on: date | None = None) -> set[int]:
        """The organisations that may know of the person today (see ParticipantQuerySet.known_to)."""
        named = SecrecyWaiver.objects.active(on).filter(participant=self).values_list("organisation_id", flat=True)
        return {self.registering_organisation_id, *named}

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    def writable_error(self) -> str | None:
        """Why nothing about this participant may be written any more (None: it may)."""
        if self.anonymised_at:
            return str(_("Deltagaren är anonymiserad. Uppgifterna kan inte ändras och inget nytt kan läggas till."))
        return None

    def compute_derived(self) -> None:
        """Eligibility and the figures reports group by, all as on the registration date."""
        if self.af_registered_on and self.job_entered_on:
            failed = failed_criteria(
                district=self.district,
                af_registered_on=self.af_registered_on,
                job_entered_on=self.job_entered_on,
                on=self.registered_on or timezone.localdate(),
            )
            self.eligible = not failed
            self.failed_criteria = ",".join(failed)
            self.job_days = self.days_in_job
            self.af_years = self.years_at_af
        if not self.anonymised_at and personnummer.is_valid_normalised(self.personnummer):
            self.birth_year = self.birth_date.year

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_personnummer(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymiserad"))
        return personnummer.masked(self.personnummer) if self.personnummer else ""

    @property
    def formatted_personnummer(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymiserad"))
        return personnummer.formatted(self.personnummer) if self.personnummer else ""

    @property
    def birth_date(self) -> date | None:
        return personnummer.birth_date(self.personnummer) if self.personnummer and not self.anonymised_at else None

    @property
    def age(self) -> int | None:
        if self.anonymised_at:
            return timezone.localdate().year - self.birth_year if self.birth_year else None
        return whole_years(self.birth_date, timezone.localdate())

    @property
    def days_in_job(self) -> int:
        return (self.registered_on - self.job_entered_on).days

    @property
    def years_at_af(self) -> int:
        return whole_years(self.af_registered_on, self.registered_on)

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED

    def eligibility_failures(self) -> list[str]:
        return eligibility_failures(
            district=self.district,
            af_registered_on=self.af_registered_on,
            job_entered_on=self.job_entered_on,
            on=self.registered_on or timezone.localdate(),
        )

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.af_registered_on and self.af_registered_on > today:
            errors["af_registered_on"] = _("Datumet kan inte ligga i framtiden.")
        if self.job_entered_on and self.job_entered_on > today:
            errors["job_entered_on"] = _("Datumet kan inte ligga i framtiden.")
        registered = self.registered_on or today
        for field in ("af_registered_on", "job_entered_on"):
            day = getattr(self, field)
            if field not in errors and day and day > registered:
                errors[field] = _("Datumet ligger efter anmälan till projektet (%(date)s).") % {
                    "date": registered.isoformat()
                }
        if self.personnummer and personnummer.is_valid_normalised(self.personnummer):
            born = personnummer.birth_date(self.personnummer)
            if self.af_registered_on and self.af_registered_on < born:
                errors["af_registered_on"] = _("Datumet ligger före personens födelsedatum.")
            if self.job_entered_on and self.job_entered_on < born:
                errors["job_entered_on"] = _("Datumet ligger före personens födelsedatum.")
        if not errors and self.af_registered_on and self.job_entered_on:
            self.eligible = not self.eligibility_failures()
            if not self.eligible and not self.outside_target_group_reason.strip():
                errors["outside_target_group_reason"] = _(
                    "Personen är utanför målgruppen. Ange skälet till att ändå anmäla personen."
                )
        if errors:
            raise ValidationError(errors)


class ParticipantUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key grants (django-guardian): indexed, and deleted with the participant."""

    content_object = models.ForeignKey(Participant, on_delete=models.CASCADE)


class ParticipantGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Participant, on_delete=models.CASCADE)


class ResponsibleCaseworker(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responsible")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ansvarig handläggare"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ansvarig handläggare")
        verbose_name_plural = _("ansvariga handläggare")
        constraints = [
            models.UniqueConstraint(fields=["participant", "organisation"], name="one_responsible_per_organisation")
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation.short_name})"


class StatusChange(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("från"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("till"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("skäl"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("när"), default=timezone.now)

    class Meta:
        verbose_name = _("statusändring")
        verbose_name_plural = _("statusändringar")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AppendOnlyModel(AppendOnly):
    """A consent event: written once, by someone, at a time; a change is a new record."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("registrerat"), auto_now_add=True)

    class Meta:
        abstract = True


class ConsentForm(models.TextChoices):
    WRITTEN = "skriftligt", _("Skriftligt")
    ORAL = "muntligt", _("Muntligt")


def document_path(instance, filename):
    # Opaque names: the file name a caseworker chose may contain a person's name.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"samtycken/{instance.participant_id}/{uuid.uuid4()}.{suffix}"


class ConsentQuerySet(AppendOnlyQuerySet):
    def active(self):
        """Consents not withdrawn. A participant has at most one that counts: the latest."""
        return self.filter(withdrawal__isnull=True)


class Consent(AppendOnlyModel):
    """The person's informed consent to take part in the project."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    given_on = models.DateField(_("datum"))
    form = models.CharField(_("form"), max_length=12, choices=ConsentForm.choices)
    document = models.FileField(_("inskannat dokument"), upload_to=document_path, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        ordering = ["given_on", "recorded_at"]

    def __str__(self):
        return str(_("Samtycke %(date)s")) % {"date": self.given_on}


class ConsentWithdrawal(AppendOnlyModel):
    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="withdrawal")
    withdrawn_on = models.DateField(_("återkallat datum"))
    reason = models.CharField(_("skäl"), max_length=300)

    class Meta:
        verbose_name = _("återkallat samtycke")
        verbose_name_plural = _("återkallade samtycken")

    def __str__(self):
        return str(_("Återkallat %(date)s")) % {"date": self.withdrawn_on}


class WaiverQuerySet(AppendOnlyQuerySet):
    def active(self, on: date | None = None):
        """Waivers in force on `on`: started, not ended, not withdrawn. Expiry needs no cron to take effect."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            valid_from__lte=on,
            withdrawal__isnull=True,
        )

    def not_ended(self, on: date | None = None):
        """Waivers in force on `on` or starting later: what a withdrawal of consent has to end."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), withdrawal__isnull=True)


class SecrecyWaiver(AppendOnlyModel):
    """The person's consent that lifts secrecy towards one named organisation (one row per organisation)."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="waivers")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    form = models.CharField(_("form"), max_length=12, choices=ConsentForm.choices)
    document = models.FileField(_("inskannat dokument"), upload_to=document_path, blank=True)

    objects = WaiverQuerySet.as_manager()

    class Meta:
        verbose_name = _("sekretessgenombrott")
        verbose_name_plural = _("sekretessgenombrott")
        ordering = ["valid_from", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="waiver_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["organisation", "participant"])]

    def __str__(self):
        return str(_("Sekretessgenombrott mot %(org)s")) % {"org": self.organisation.short_name}

    def clean(self):
        super().clean()
        if self.participant_id and self.organisation_id == self.participant.registering_organisation_id:
            # The registering organisation sees the person anyway; no organisation names itself.
            raise ValidationError({"organisation": _("Ett sekretessgenombrott gäller en annan organisation.")})

    def is_active(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        withdrawn = hasattr(self, "withdrawal")
        return not withdrawn and self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    @property
    def starts_later(self) -> bool:
        return not hasattr(self, "withdrawal") and self.valid_from > timezone.localdate()

    def has_ended(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return hasattr(self, "withdrawal") or (self.valid_to is not None and self.valid_to < on)


class WaiverWithdrawal(AppendOnlyModel):
    waiver = models.OneToOneField(SecrecyWaiver, on_delete=models.PROTECT, related_name="withdrawal")
    withdrawn_on = models.DateField(_("återkallat datum"))
    reason = models.CharField(_("skäl"), max_length=300)

    class Meta:
        verbose_name = _("återkallat sekretessgenombrott")
        verbose_name_plural = _("återkallade sekretessgenombrott")

    def __str__(self):
        return str(_("Återkallat %(date)s")) % {"date": self.withdrawn_on}


class AccessRequest(models.Model):
    """A caseworker who found the person already registered elsewhere asks the registering organisation for access.

    The requester learns nothing about the participant; the registering organisation sees the request
    and can ask the person for a secrecy waiver naming the requester's organisation.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="access_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    message = models.CharField(_("meddelande"), max_length=500, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("begäran om åtkomst")
        verbose_name_plural = _("begäranden om åtkomst")
        ordering = ["-requested_at"]

    def __str__(self):
        return str(_("Begäran från %(org)s")) % {"org": self.organisation.short_name}
