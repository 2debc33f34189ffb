"""The participant, who is responsible for them, and the history of their status."""

import unicodedata
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from insikt.models import Organisation
from participants import personnummer
from participants.models.person import EducationLevel, Gender, IdentityKind, ProtectedIdentity, gender_from_number
from participants.models.target_group import (
    ENDED,
    Benefit,
    ClosingReason,
    District,
    Status,
    eligibility_failures,
    failed_criteria,
    whole_years,
)


class ParticipantQuerySet(models.QuerySet):
    def known_to(self, organisation_id, on: date | None = None):
        """Registered by the organisation, or named by a secrecy waiver in force on `on` (today): the one rule of
        who may know of a person (the access queryset adds the grant; meetings, hand-overs and forms ask it too)."""
        # The waivers' model through its relation: it is defined after this one (participants.models.consent).
        waivers = self.model._meta.get_field("waivers").related_model
        named = waivers.objects.active(on).filter(participant=OuterRef("pk"), organisation_id=organisation_id)
        # A waiver never names the registering organisation, so this changes no answer. It does make PostgreSQL
        # check the waiver per participant read, instead of hashing every waiver naming the organisation on
        # each query: a list page then costs its rows, whatever the register's size (docs/drift.md, Skalning).
        named = named.exclude(organisation_id=OuterRef("registering_organisation_id"))
        return self.filter(Q(registering_organisation_id=organisation_id) | Exists(named))

    def unchanged_for(self, days: int):
        """Those whose status has not changed for at least `days` days ("stuck" in their step)."""
        changes = self.model._meta.get_field("status_changes").related_model
        since = timezone.now() - timedelta(days=days)
        return self.exclude(Exists(changes.objects.filter(participant=OuterRef("pk"), changed_at__gte=since)))


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
    identity_kind = models.CharField(
        _("identitet"), max_length=20, choices=IdentityKind.choices, default=IdentityKind.PERSONNUMMER
    )
    # Only for a person with neither number: the birth date as the person gives it, and why there is no number.
    stated_birth_date = models.DateField(_("födelsedatum"), null=True, blank=True)
    no_number_reason = models.CharField(_("skäl till att nummer saknas"), max_length=300, blank=True)
    protected_identity = models.CharField(
        _("skyddade personuppgifter"), max_length=24, choices=ProtectedIdentity.choices, blank=True
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
    # Name and birth date, lower case and without accents, so that "hadzic" finds "Hadžić" through one index
    # (a trigram index on PostgreSQL, migration 0007). Personal data: emptied on anonymisation.
    search_text = models.CharField(max_length=300, editable=False, blank=True)
    # Derived on save and kept after anonymisation, so that reports can group without personal data.
    failed_criteria = models.CharField(_("ej uppfyllda kriterier"), max_length=20, editable=False, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), editable=False, null=True)
    gender = models.CharField(_("kön"), max_length=10, choices=Gender.choices, blank=True)
    education_level = models.CharField(
        _("högsta avslutade utbildning"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    job_days = models.PositiveIntegerField(_("dagar i garantin vid anmälan"), editable=False, null=True)
    af_years = models.PositiveSmallIntegerField(_("år inskriven på AF vid anmälan"), editable=False, null=True)
    outside_target_group_reason = models.TextField(_("skäl att anmäla utanför målgruppen"), blank=True, max_length=2000)
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
                condition=Q(personnummer__isnull=False)
                | Q(anonymised_at__isnull=False)
                | Q(identity_kind=IdentityKind.NONE),
                name="personnummer_unless_anonymised_or_none",
            ),
            models.CheckConstraint(
                condition=~Q(identity_kind=IdentityKind.NONE)
                | Q(anonymised_at__isnull=False)
                | Q(personnummer__isnull=True, stated_birth_date__isnull=False) & ~Q(no_number_reason=""),
                name="without_number_birth_date_and_reason",
                violation_error_message=_("Utan nummer: ange födelsedatum och skälet till att nummer saknas."),
            ),
            models.CheckConstraint(
                condition=Q(protected_identity="") | Q(address=""),
                name="no_address_for_protected_identity",
                violation_error_message=_("För en person med skyddade personuppgifter sparas ingen adress."),
            ),
            models.CheckConstraint(
                condition=Q(eligible=True) | ~Q(outside_target_group_reason=""),
                name="outside_target_group_needs_reason",
                violation_error_message=_("Ange skäl att anmäla en person utanför målgruppen."),
            ),
            # Reports count closings by date and reason: both are there exactly when the participant is closed.
            models.CheckConstraint(
                condition=(Q(status=Status.CLOSED) & Q(closed_on__isnull=False) & ~Q(closing_reason=""))
                | (~Q(status=Status.CLOSED) & Q(closed_on__isnull=True) & Q(closing_reason="")),
                name="closed_participant_has_date_and_reason",
                violation_error_message=_("En avslutad deltagare har avslutsdatum och skäl; andra har inget."),
            ),
        ]
        indexes = [
            models.Index(fields=["registering_organisation", "status"]),
            # One per sort order the participant list offers, so that a page reads its rows, not every row.
            models.Index(fields=["last_name", "first_name"], name="participant_by_name"),
            models.Index(fields=["registered_on", "last_name"], name="participant_by_registered"),
            models.Index(fields=["-registered_on", "last_name"], name="participant_by_registered_desc"),
            models.Index(fields=["status", "last_name"], name="participant_by_status"),
            models.Index(fields=["-status", "last_name"], name="participant_by_status_desc"),
            # The list's own table of protected personal data: a few rows, read without scanning the rest.
            models.Index(
                fields=["registered_on"], name="participant_protected", condition=~models.Q(protected_identity="")
            ),
        ]

    def __str__(self):
        # Never the personnummer, and initials for protected personal data: this string ends up in admin pages,
        # messages and logs, none of which is the person's own page.
        return self.display_name

    def save(self, *args, **kwargs):
        # Anonymisation writes with UPDATE; after it, the record refuses every save.
        if self.anonymised_at:
            raise PermissionError("An anonymised participant cannot be changed.")
        self.compute_derived()
        super().save(*args, **kwargs)

    def named_organisation_ids(self, on: date | None = None) -> set[int]:
        """The organisations that may know of the person today (see ParticipantQuerySet.known_to)."""
        named = self.waivers.active(on).values_list("organisation_id", flat=True)
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
            self.gender = gender_from_number(self.personnummer)
        elif not self.anonymised_at and self.stated_birth_date:
            self.birth_year = self.stated_birth_date.year
        self.search_text = "" if self.anonymised_at else search_text(self)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        """The name on every page but the person's own: initials for a person with protected personal data."""
        if self.protected_identity:
            return " ".join(f"{name[:1]}." for name in (self.first_name, self.last_name) if name)
        return self.full_name

    @property
    def sort_name(self) -> str:
        """ "Last, First" as lists sort, or the initials (display_name) for protected personal data."""
        return self.display_name if self.protected_identity else f"{self.last_name}, {self.first_name}"

    @property
    def has_number(self) -> bool:
        return self.identity_kind != IdentityKind.NONE

    @property
    def status_label(self) -> str:
        # get_status_display() rebuilds the choice list on every call, translating each label to hash it:
        # ten translations per row of a list.
        return Status(self.status).label

    @property
    def masked_personnummer(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymiserad"))
        if self.protected_identity:  # the birth date with the initials would all but name them
            return str(_("Skyddat"))
        return personnummer.masked(self.personnummer) if self.personnummer else str(_("saknas"))

    @property
    def formatted_personnummer(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymiserad"))
        return personnummer.formatted(self.personnummer) if self.personnummer else ""

    @property
    def birth_date(self) -> date | None:
        if self.anonymised_at:
            return None
        return personnummer.birth_date(self.personnummer) if self.personnummer else self.stated_birth_date

    @property
    def has_protected_identity(self) -> bool:
        return bool(self.protected_identity)

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

    def clean_fields(self, exclude=None):
        # A person with neither number has none: the constraints require the birth date and reason instead.
        if self.identity_kind == IdentityKind.NONE:
            exclude = {*(exclude or ()), "personnummer"}
        super().clean_fields(exclude=exclude)

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
        if (self.personnummer and personnummer.is_valid_normalised(self.personnummer)) or self.stated_birth_date:
            born = self.birth_date
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


def normalised(text: str) -> str:
    """Lower case without accents: "Hadžić" → "hadzic", "Åsa Öberg" → "asa oberg"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(participant) -> str:
    """What a name search matches: the names, and the birth date as 19850312 and 850312 (from the number, or as
    stated by a person with neither number). Nothing for protected personal data: a typed name or birth date must
    not tell that the person is in the register (their full number still finds them, see views/lists.py).
    Read with getattr: migration 0007 calls it on a historical model without the later fields."""
    if getattr(participant, "protected_identity", ""):
        return ""
    number = participant.personnummer
    valid = number and personnummer.is_valid_normalised(number)
    born = personnummer.birth_date(number) if valid else getattr(participant, "stated_birth_date", None)
    dates = f" {born:%Y%m%d} {born:%y%m%d}" if born else ""
    return normalised(f"{participant.first_name} {participant.last_name}") + dates
