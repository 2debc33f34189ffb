"""The person's consent to take part, secrecy waivers towards named organisations, and requests for access.

Consent records are append-only: a withdrawal is a new record, and the history is never edited.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.models import AppendOnly, AppendOnlyQuerySet, Organisation
from participants.models.participant import Participant


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
    # A separate yes/no: without it the person is reported to SUS only as an anonymous participant.
    sus_consent = models.BooleanField(_("samtycker till registrering i SUS"), null=True, blank=True)

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
    and answers it: it asks the person for a secrecy waiver naming the requester's organisation, or it
    declines. The requester sees the answer (never who the person is).
    """

    class Answer(models.TextChoices):
        ASKING = "fragar", _("Vi frågar personen om ett sekretessgenombrott mot er")
        DECLINED = "nej", _("Begäran avslås")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="access_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    message = models.CharField(_("meddelande"), max_length=500, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.CharField(_("svar"), max_length=10, choices=Answer.choices, blank=True)
    answer_message = models.CharField(_("meddelande till den som frågade"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("begäran om åtkomst")
        verbose_name_plural = _("begäranden om åtkomst")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(handled_at__isnull=True) & Q(answer=""))
                | (Q(handled_at__isnull=False) & ~Q(answer="") & Q(handled_by__isnull=False)),
                name="access_request_answered_when_handled",
            )
        ]

    def __str__(self):
        return str(_("Begäran från %(org)s")) % {"org": self.organisation.short_name}
